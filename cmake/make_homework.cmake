# make_homework.cmake -- generates the homework starter tree (DESIGN 7, docs/homework.md).
#
#   cmake -P cmake/make_homework.cmake                  # -> homework/ next to this repository's files
#   cmake -DOUT=/tmp/hw -DHINTS=ON -P cmake/make_homework.cmake
#
# Options (all -D before -P):
#   OUT     output directory (default: <repo>/homework, git-ignored). Relative paths are taken from
#           the current directory. An existing OUT is updated in place only if an earlier run made
#           it (it holds .nn-homework); files are rewritten only when their content changed, so a
#           build directory inside OUT rebuilds incrementally.
#   SRC     the repository to read (default: the parent of this script's directory).
#   HINTS   ON keeps the end-of-line comments of the solution lines (the ASCII math) as hints.
#   TRACE   ON (for cmake/homework-check.sh only) makes nn::NotImplemented log where it was thrown.
#
# Every region between a line containing `// BEGIN SOLUTION` and a line containing
# `// END SOLUTION` in nn/**/*.cpp and chapters/*/main.cpp becomes a stub that compiles and throws
# nn::NotImplemented naming the exercise: `NN_TODO();` where the function's own name identifies the
# exercise, otherwise `throw ::nn::NotImplemented("<file>:<line> <function>");` (member functions,
# overloads, several regions in one function, regions inside a lambda). The region keeps its
# number of lines, so line numbers of the starter match the reference code. Everything else is
# copied as is, except build/, data/, plots/, homework/, .git, __pycache__, .ipynb_checkpoints.
# A region that is not whole statements inside a function body stops the generator with a list of
# file:line problems (nothing is written in that case).
# Lines from one containing `// BEGIN REFERENCE ONLY` to one containing `// END REFERENCE ONLY`
# (anywhere, also at namespace scope; also in nn/**/*.hpp and tests/**/*.cpp) are left out of the
# starter: the first becomes a comment saying so, the others blank lines. They hold fast paths
# that compute an exercise's answer another way (the sigmoid and Adam kernels of nn/kernels/,
# the lines that call them, and their tests), which would otherwise bypass the student's code.
#
# The C++ scan (comments, string literals, braces, the header before each `{`) is done by the
# POSIX awk program below, so no Python is needed.
cmake_minimum_required(VERSION 3.25)

get_filename_component(_here "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
if(NOT DEFINED SRC)
  get_filename_component(SRC "${_here}/.." ABSOLUTE)
else()
  get_filename_component(SRC "${SRC}" ABSOLUTE)
endif()
if(NOT DEFINED OUT)
  set(OUT "${SRC}/homework")
endif()
get_filename_component(OUT "${OUT}" ABSOLUTE)
if(NOT DEFINED HINTS)
  set(HINTS OFF)
endif()
if(HINTS)
  set(_hints 1)
else()
  set(_hints 0)
endif()
set(_stamp ".nn-homework")

if(OUT STREQUAL SRC)
  message(FATAL_ERROR "make_homework: OUT is the repository itself (${OUT})")
endif()
string(FIND "${SRC}/" "${OUT}/" _pos)
if(_pos EQUAL 0)
  message(FATAL_ERROR "make_homework: OUT (${OUT}) contains the repository ${SRC}")
endif()
if(EXISTS "${OUT}")
  file(GLOB _existing "${OUT}/*" "${OUT}/.*")
  if(_existing AND NOT EXISTS "${OUT}/${_stamp}")
    message(FATAL_ERROR "make_homework: ${OUT} exists and was not made by this script "
                        "(no ${_stamp} in it); refusing to overwrite it. Remove it or pick another OUT.")
  endif()
endif()

# Paths (relative to SRC or OUT) that are never copied, and never deleted from OUT.
set(_skip_top "^(build|data|plots|homework|\\.git)(/|$)")
set(_skip_any "(^|/)(__pycache__|\\.ipynb_checkpoints|\\.git)(/|$)")
set(_skip_out "")
string(FIND "${OUT}/" "${SRC}/" _pos)
if(_pos EQUAL 0)
  file(RELATIVE_PATH _skip_out "${SRC}" "${OUT}")
endif()

# The files of the repository (top level first, so build/ and data/ are never walked).
file(GLOB _top RELATIVE "${SRC}" "${SRC}/*" "${SRC}/.*")
set(_files "")
foreach(_t ${_top})
  if(_t MATCHES "${_skip_top}" OR _t MATCHES "${_skip_any}" OR _t STREQUAL _skip_out
     OR _t STREQUAL "." OR _t STREQUAL "..")
    continue()
  endif()
  if(IS_DIRECTORY "${SRC}/${_t}")
    file(GLOB_RECURSE _sub RELATIVE "${SRC}" LIST_DIRECTORIES false "${SRC}/${_t}/*")
    foreach(_f ${_sub})
      if(NOT _f MATCHES "${_skip_any}")
        list(APPEND _files "${_f}")
      endif()
    endforeach()
  else()
    list(APPEND _files "${_t}")
  endif()
endforeach()
list(SORT _files)

# Sources whose markers become stubs (solution regions: nn/**/*.cpp and chapters/*/main.cpp), and
# files with reference-only blocks (also nn/**/*.hpp and tests/**/*.cpp: the fast kernels of
# nn/kernels/, their declarations and their agreement tests).
set(_marked "")
foreach(_f ${_files})
  set(_solution_file OFF)
  if(_f MATCHES "^nn/.*\\.cpp$" OR _f MATCHES "^chapters/[^/]+/main\\.cpp$")
    set(_solution_file ON)
  elseif(NOT _f MATCHES "^nn/.*\\.hpp$" AND NOT _f MATCHES "^tests/.*\\.cpp$")
    continue()
  endif()
  file(READ "${SRC}/${_f}" _text)
  string(FIND "${_text}" "SOLUTION" _has)
  string(FIND "${_text}" "REFERENCE ONLY" _has_ref)
  if((_solution_file AND NOT _has EQUAL -1) OR NOT _has_ref EQUAL -1)
    list(APPEND _marked "${_f}")
  endif()
endforeach()

# ------------------------------------------------------------------------------------------------
# The awk program: reads every marked file (paths relative to SRC), writes each transformed file to
# TMP/<path with / -> %>, the exercise list to TMP/exercises.tsv, and problems to TMP/problems.txt.
set(_awk [==[
function trim(s) { gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }

# Removes balanced __attribute__((...)) and [[...]] from a function header.
function strip_attributes(t,   i, d, c, s) {
  while ((s = index(t, "__attribute__")) > 0) {
    i = s + 13; d = 0
    while (i <= length(t)) {
      c = substr(t, i, 1)
      if (c == "(") d++
      else if (c == ")") { d--; if (d == 0) break }
      i++
    }
    t = substr(t, 1, s - 1) substr(t, i + 1)
  }
  gsub(/\[\[[^\]]*\]\]/, "", t)
  return t
}

# "block" (bare braces), "control" (if/for/...), "lambda", "function", or "scope" (anything else:
# namespace, class, an initializer) for the text that precedes a `{`.
function classify(h,   t, pre) {
  h = trim(h)
  if (h == "") return "block"
  if (h ~ /^(else|do|try)$/ || h ~ /^(for|if|while|switch|catch) ?\(/ || h ~ /^else if ?\(/ ||
      h ~ /^(case .*|default) ?:$/) return "control"
  if (h ~ /(^|[ (,=])(namespace|class|struct|union|enum)( |$)/ || h ~ /^extern /) return "scope"
  if (h ~ /(^|[(,=!&|?:] ?|return )\[[^\]\[]*\] ?(\(.*\))? ?(mutable)? ?(constexpr)? ?(noexcept)? ?(-> ?[^ ]+)?$/ &&
      h !~ /operator ?\[\] ?\(/) return "lambda"
  t = h
  while (sub(/ ?(const|noexcept|override|final|volatile|&|&&)$/, "", t)) {}
  sub(/ ?-> ?[^()]*$/, "", t)
  sub(/\) ?:[^:].*$/, ")", t)
  if (t !~ /\)$/) return "scope"
  pre = t; sub(/\(.*$/, "", pre)
  if (pre ~ /=/ && pre !~ /operator/) return "scope"
  return "function"
}

# The name before the parameter list of a function header: f, Class::f, operator*, Class::operator().
function funcname(h,   t, i, c, d, pre) {
  t = trim(strip_attributes(h))
  d = 0
  for (i = 1; i <= length(t); i++) {
    c = substr(t, i, 1)
    if (c == "(" && d == 0) {
      pre = substr(t, 1, i - 1)
      if (pre ~ /operator ?$/ && substr(t, i, 2) == "()") { i++; continue }
      sub(/ $/, "", pre)
      if (match(pre, /[A-Za-z0-9_:~]*operator ?[^ A-Za-z0-9_]+$/) ||
          match(pre, /[A-Za-z0-9_:~]*operator ?\(\)$/) ||
          match(pre, /[A-Za-z_~][A-Za-z0-9_:~]*$/)) {
        pre = substr(pre, RSTART, RLENGTH)
        gsub(/ /, "", pre)
        return pre
      }
      return "?"
    }
    if (c == "(" || c == "<") d++
    else if ((c == ")" || c == ">") && d > 0) d--
  }
  return "?"
}

# The `// ...` comment of a line (outside string literals), or "".
function line_comment(s,   i, c, q) {
  q = ""
  for (i = 1; i < length(s); i++) {
    c = substr(s, i, 1)
    if (q != "") { if (c == "\\") i++; else if (c == q) q = ""; continue }
    if (c == "\"" || c == "'") { q = c; continue }
    if (c == "/" && substr(s, i + 1, 1) == "/") return substr(s, i)
  }
  return ""
}

function problem(msg) { nproblems++; print FILENAME ":" FNR ": " msg > PROBLEMS }

# Tracks braces, parentheses and the text since the last statement boundary.
function scan(s,   i, n, c, q, d) {
  n = length(s)
  if (!inbc && s ~ /^[ \t]*#/) return
  i = 1
  while (i <= n) {
    c = substr(s, i, 1)
    if (inbc) {
      if (c == "*" && substr(s, i + 1, 1) == "/") { inbc = 0; i += 2; continue }
      i++; continue
    }
    if (c == "/" && substr(s, i + 1, 1) == "/") break
    if (c == "/" && substr(s, i + 1, 1) == "*") { inbc = 1; i += 2; continue }
    if (c == "\"" || c == "'") {
      q = c; i++
      while (i <= n) {
        d = substr(s, i, 1)
        if (d == "\\") { i += 2; continue }
        if (d == q) break
        i++
      }
      i++; hdr = hdr q q; continue
    }
    if (c == "{") { depth++; shdr[depth] = hdr; spd[depth] = pd; hdr = ""; pd = 0; i++; continue }
    if (c == "}") {
      if (depth > 0) { pd = spd[depth]; depth-- } else problem("unbalanced '}'")
      if (inreg && depth < regdepth) regbad = 1
      hdr = ""; i++; continue
    }
    if (c == "(") pd++
    if (c == ")") pd--
    if (c == ";" && pd <= 0) { hdr = ""; i++; continue }
    hdr = hdr c
    i++
  }
  hdr = hdr " "
}

function begin_file() {
  nfiles++; fname[nfiles] = FILENAME; nlines[nfiles] = 0
  inbc = 0; depth = 0; hdr = ""; pd = 0; inreg = 0; inref = 0
}

function end_file() {
  if (inreg) { nproblems++; print fname[nfiles] ":" rb[nreg] ": '// BEGIN SOLUTION' without a matching '// END SOLUTION'" > PROBLEMS; inreg = 0 }
  if (inref) { nproblems++; print fname[nfiles] ":" refb ": '// BEGIN REFERENCE ONLY' without a matching '// END REFERENCE ONLY'" > PROBLEMS; inref = 0 }
}

FNR == 1 { if (nfiles > 0) end_file(); begin_file() }

{
  f = nfiles
  nlines[f]++
  L[f, FNR] = $0
  if (index($0, "BEGIN REFERENCE ONLY") && $0 ~ /\/\/ ?BEGIN REFERENCE ONLY/) {
    if (inref) problem("'// BEGIN REFERENCE ONLY' inside another reference-only block (opened at line " refb ")")
    if (inreg) problem("'// BEGIN REFERENCE ONLY' inside a solution region")
    inref = 1; refb = FNR; refstart[f, FNR] = 1
  }
  if (inref) refonly[f, FNR] = 1
  if (index($0, "END REFERENCE ONLY") && $0 ~ /\/\/ ?END REFERENCE ONLY/) {
    if (!inref) problem("'// END REFERENCE ONLY' without a '// BEGIN REFERENCE ONLY'")
    inref = 0
  }
  if (inref && index($0, "SOLUTION") && $0 ~ /\/\/ ?(BEGIN|END) SOLUTION/) problem("solution marker inside a reference-only block")
  if (index($0, "BEGIN SOLUTION") && $0 ~ /\/\/ ?BEGIN SOLUTION/) {
    if (inreg) { problem("'// BEGIN SOLUTION' inside another region (opened at line " rb[nreg] ")"); next }
    if ($0 !~ /^[ \t]*\/\/ ?BEGIN SOLUTION/) problem("code before '// BEGIN SOLUTION' on the marker line")
    nreg++; rf[nreg] = f; rb[nreg] = FNR; inreg = 1; regdepth = depth; regbad = 0; regpd = pd
    if (trim(hdr) != "") problem("region starts in the middle of a statement (after '" trim(hdr) "')")
    # the enclosing context: innermost braces first
    kind = ""; name = "?"; lam = ""
    for (k = depth; k >= 1; k--) {
      cls = classify(shdr[k])
      if (cls == "control" || cls == "block") continue
      if (cls == "lambda") { if (lam == "") lam = trim(shdr[k]); continue }
      if (cls == "function") { name = funcname(shdr[k]); fhdr = trim(shdr[k]); kind = (lam != "") ? "lambda" : "function" }
      else kind = (lam != "") ? "lambda" : "scope"
      break
    }
    if (kind == "") kind = (lam != "") ? "lambda" : "scope"
    rkind[nreg] = kind; rname[nreg] = name; rlam[nreg] = lam; rhdr[nreg] = (kind == "scope") ? "" : fhdr
    if (kind == "scope") problem("region is not inside a function body (the braces around it open a namespace, class or initializer)")
    else if (kind == "function" && fhdr ~ /^((static|inline|constexpr) )*auto / && fhdr !~ /->/)
      problem("function " name " deduces its return type (auto) from the region; give it an explicit return type")
    else if (kind == "function" && fhdr ~ /(^| )constexpr /)
      problem("function " name " is constexpr; a stub that throws cannot be evaluated at compile time")
    next
  }
  if (index($0, "END SOLUTION") && $0 ~ /\/\/ ?END SOLUTION/) {
    if (!inreg) { problem("'// END SOLUTION' without a '// BEGIN SOLUTION'"); next }
    if ($0 !~ /^[ \t]*\/\/ ?END SOLUTION/) problem("code before '// END SOLUTION' on the marker line")
    re[nreg] = FNR; inreg = 0
    if (regbad || depth != regdepth) problem("region of line " rb[nreg] " has unbalanced braces: it must be whole statements")
    else if (pd != regpd || trim(hdr) != "") problem("region of line " rb[nreg] " ends in the middle of a statement (before '" trim(hdr) "')")
    body = ""
    for (j = rb[nreg] + 1; j < FNR; j++) body = body L[f, j] "\n"
    if (rkind[nreg] == "lambda" && rlam[nreg] !~ /->/ && body ~ /return [^;]/)
      problem("region of line " rb[nreg] " returns a value from a lambda without '-> type'; the stub would change its return type")
    if (trim(body) == "" || FNR == rb[nreg] + 1)
      problem("region of line " rb[nreg] " is empty")
    next
  }
  scan($0)
}

END {
  if (nfiles > 0) end_file()
  # how many regions name each unqualified function, and how many regions each function has
  for (r = 1; r <= nreg; r++) {
    u = rname[r]; sub(/.*::/, "", u); uname[r] = u; ucount[u]++
  }
  for (f = 1; f <= nfiles; f++) {
    out = fname[f]; gsub(/\//, "%", out); out = TMP "/" out
    # errors.hpp: reuse a blank line of the include block, or insert a line and give it back in
    # the first region (so the lines after it keep their numbers)
    need = 1; blank = 0; firstinc = 0; firstcode = 0
    for (i = 1; i <= nlines[f]; i++) {
      s = L[f, i]
      if (s ~ /^[ \t]*#[ \t]*include[ \t]*[<"]nn\/core\/errors\.hpp[>"]/) need = 0
      if (s ~ /^[ \t]*#[ \t]*include/) { if (!firstinc) firstinc = i }
      else if (firstinc && !firstcode && !blank && s ~ /^[ \t]*$/) blank = i
      else if (firstinc && !firstcode && s !~ /^[ \t]*(#|\/\/|$)/) firstcode = i
    }
    if (firstcode && blank > firstcode) blank = 0
    hasreg = 0
    for (r = 1; r <= nreg; r++) if (rf[r] == f) hasreg = 1
    if (!hasreg) need = 0
    giveback = need && !blank
    o = 0
    for (i = 1; i <= nlines[f]; i++) {
      if (need && blank && i == blank) { print "#include <nn/core/errors.hpp>" > out; o++; continue }
      if (need && !blank && ((firstinc && i == firstinc + 1) || (!firstinc && i == 1))) {
        print "#include <nn/core/errors.hpp>" > out; o++
      }
      if (refonly[f, i]) {
        if (refstart[f, i]) { ind = L[f, i]; sub(/[^ \t].*$/, "", ind); print ind "// (reference-only code left out of the starter tree)" > out }
        else print "" > out
        o++; continue
      }
      isreg = 0
      for (r = 1; r <= nreg; r++) if (rf[r] == f && rb[r] == i && re[r] > 0) { isreg = r; break }
      if (!isreg) { print L[f, i] > out; o++; continue }
      r = isreg; b = rb[r]; e = re[r]; n = e - b - 1
      ind = L[f, b]; sub(/[^ \t].*$/, "", ind)
      uniq = (rkind[r] == "function" && rname[r] !~ /::/ && rname[r] !~ /^operator/ && ucount[uname[r]] == 1)
      stubline = o + 2
      if (uniq) { stub = "NN_TODO();"; what = rname[r] }
      else {
        what = fname[f] ":" stubline " " rname[r]
        if (rkind[r] == "lambda") what = what " (lambda)"
        stub = "throw ::nn::NotImplemented(\"" what "\");"
      }
      print ind "// BEGIN EXERCISE " rname[r] ": TODO(student): write the " n " line(s) of the solution here, then delete the throw" > out; o++
      h1 = HINTS ? line_comment(L[f, b + 1]) : ""
      print ind stub (h1 != "" ? "  " h1 : "") > out; o++
      last = e - 1
      if (giveback && last > b + 1) { last--; giveback = 0 }
      for (j = b + 2; j <= last; j++) {
        h = HINTS ? line_comment(L[f, j]) : ""
        print (h != "" ? ind h : "") > out; o++
      }
      print ind "// END EXERCISE" > out; o++
      printf "%s\t%d\t%s\t%s\t%d\t%s\t%s\n", fname[f], stubline, rname[r], rkind[r], n, what, (uniq ? "NN_TODO()" : "throw") > EXERCISES
      i = e
    }
    close(out)
  }
  close(EXERCISES)
  close(PROBLEMS)
}
]==])

set(_tmp "${OUT}.tmp")
file(REMOVE_RECURSE "${_tmp}")
file(MAKE_DIRECTORY "${_tmp}")
file(WRITE "${_tmp}/problems.txt" "")
file(WRITE "${_tmp}/exercises.tsv" "")
if(_marked)
  execute_process(
    COMMAND awk -v "TMP=${_tmp}" -v "HINTS=${_hints}" -v "PROBLEMS=${_tmp}/problems.txt"
            -v "EXERCISES=${_tmp}/exercises.tsv" "${_awk}" ${_marked}
    WORKING_DIRECTORY "${SRC}" RESULT_VARIABLE _rc ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "make_homework: awk failed (${_rc}):\n${_err}")
  endif()
endif()
file(READ "${_tmp}/problems.txt" _problems)
if(NOT _problems STREQUAL "")
  file(REMOVE_RECURSE "${_tmp}")
  message(FATAL_ERROR "make_homework: these solution markers cannot be turned into stubs "
                      "(fix them in the reference code; nothing was written):\n${_problems}")
endif()

# Copy (only what changed), then remove files that are no longer part of the tree.
file(MAKE_DIRECTORY "${OUT}")
set(_written "")
foreach(_f ${_files})
  if(TRACE AND _f STREQUAL "nn/core/errors.hpp")
    continue()  # written below
  endif()
  set(_from "${SRC}/${_f}")
  if(_f IN_LIST _marked)
    string(REPLACE "/" "%" _flat "${_f}")
    set(_from "${_tmp}/${_flat}")
  endif()
  get_filename_component(_dir "${OUT}/${_f}" DIRECTORY)
  file(MAKE_DIRECTORY "${_dir}")
  file(COPY_FILE "${_from}" "${OUT}/${_f}" ONLY_IF_DIFFERENT)
  if(_f IN_LIST _marked)
    # the copy of a generated file must not keep the temporary file's permissions
    file(CHMOD "${OUT}/${_f}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  endif()
endforeach()
file(GLOB_RECURSE _old RELATIVE "${OUT}" LIST_DIRECTORIES false "${OUT}/*")
foreach(_f ${_old})
  if(_f MATCHES "${_skip_top}" OR _f MATCHES "${_skip_any}" OR _f STREQUAL "${_stamp}"
     OR _f STREQUAL "EXERCISES.md")
    continue()
  endif()
  if(NOT _f IN_LIST _files)
    file(REMOVE "${OUT}/${_f}")
  endif()
endforeach()

# The exercise list: EXERCISES.md for students, a table on stdout, exercises.tsv for the check.
file(STRINGS "${_tmp}/exercises.tsv" _rows)
list(LENGTH _rows _count)
string(CONCAT _md "# Exercises\n\nThis tree was generated from the reference code by `make homework`. Each of the\n"
        "${_count} places below throws `nn::NotImplemented`; a test that reaches one fails with\n"
        "`not implemented yet (exercise): <name>`. Replace the `throw` (or `NN_TODO();`) line with your\n"
        "code, between `// BEGIN EXERCISE` and `// END EXERCISE`, then build and run the tests:\n\n"
        "```\nmake test                 # or: ctest --preset release --output-on-failure\n```\n\n"
        "| # | where | function | lines in the solution | message when it is reached |\n"
        "|---|-------|----------|-----------------------|----------------------------|\n")
set(_table "")
set(_i 0)
foreach(_row ${_rows})
  math(EXPR _i "${_i} + 1")
  string(REPLACE "\t" ";" _c "${_row}")
  list(GET _c 0 _file)
  list(GET _c 1 _line)
  list(GET _c 2 _fn)
  list(GET _c 3 _kind)
  list(GET _c 4 _n)
  list(GET _c 5 _what)
  if(_kind STREQUAL "lambda")
    set(_fn "${_fn} (lambda)")
  endif()
  string(APPEND _md "| ${_i} | [${_file}:${_line}](${_file}#L${_line}) | `${_fn}` | ${_n} | `${_what}` |\n")
  string(APPEND _table "  ${_file}:${_line}  ${_fn}  (${_n} lines)\n")
endforeach()
file(WRITE "${OUT}/EXERCISES.md.new" "${_md}")
file(COPY_FILE "${OUT}/EXERCISES.md.new" "${OUT}/EXERCISES.md" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}/EXERCISES.md.new")
file(COPY_FILE "${_tmp}/exercises.tsv" "${OUT}/${_stamp}" ONLY_IF_DIFFERENT)
file(REMOVE_RECURSE "${_tmp}")

# TRACE=ON (used by cmake/homework-check.sh): nn::NotImplemented also appends "<command line> TAB
# <exercise>" to the file named by $NN_HOMEWORK_TRACE, so the check can tell which test reached
# which stub, even when a test swallows the exception.
if(TRACE)
  set(_errors "${SRC}/nn/core/errors.hpp")
  file(READ "${_errors}" _text)
  set(_ctor [=[: std::logic_error("not implemented yet (exercise): " + what) {}]=])
  string(FIND "${_text}" "${_ctor}" _at)
  string(FIND "${_text}" "namespace nn {" _ns)
  if(_at EQUAL -1 OR _ns EQUAL -1)
    message(WARNING "make_homework: TRACE=ON but nn/core/errors.hpp has no '${_ctor}'; not traced")
    file(COPY_FILE "${_errors}" "${OUT}/nn/core/errors.hpp" ONLY_IF_DIFFERENT)
  else()
    string(REPLACE "${_ctor}"
           [=[: std::logic_error("not implemented yet (exercise): " + what) { nn_homework_trace_(what); }]=]
           _text "${_text}")
    string(SUBSTRING "${_text}" 0 ${_ns} _head)
    string(SUBSTRING "${_text}" ${_ns} -1 _tail)
    set(_fn [=[#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

/// \brief Homework check only (make_homework.cmake TRACE=ON): records which process (and its parent
/// and grandparent: a test may run a chapter through cmake -P) reached a stub.
inline void nn_homework_trace_(const std::string& what) {
  const char* path = std::getenv("NN_HOMEWORK_TRACE");
  if (path == nullptr || *path == '\0') return;
  std::string line;
  long pid = static_cast<long>(::getpid());
  for (int level = 0; level < 3 && pid > 1; ++level) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
    std::string cmd, arg;
    while (std::getline(in, arg, '\0')) cmd += (cmd.empty() ? "" : " ") + arg;
    line += cmd + '\x1f';
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string s;
    std::getline(stat, s);
    std::istringstream fields(s.substr(s.rfind(')') + 2));
    std::string state;
    fields >> state >> pid;  // fields 3 and 4: state, ppid
  }
  std::ofstream(path, std::ios::app) << line << '\t' << what << '\n';
}

]=])
    file(WRITE "${OUT}/nn/core/errors.hpp.new" "${_head}${_fn}${_tail}")
    file(COPY_FILE "${OUT}/nn/core/errors.hpp.new" "${OUT}/nn/core/errors.hpp" ONLY_IF_DIFFERENT)
    file(REMOVE "${OUT}/nn/core/errors.hpp.new")
  endif()
endif()

list(LENGTH _marked _nfiles)
message(STATUS "homework starter tree: ${OUT}\n${_table}"
               "-- ${_count} exercises in ${_nfiles} files; the list is in ${OUT}/EXERCISES.md")
