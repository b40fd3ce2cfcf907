# Script mode (cmake -P): runs one command line the way a student would and checks how it ends.
# Used by the `cli.*` CTest tests (tests/cli/cli_tests.cmake). Every check that cannot be made
# fails the test: nothing is skipped silently.
#
#   -DEXE=<program>                 required
#   -DARGS=<a>@@<b>@@...            its arguments, separated by "@@" (";" does not survive add_test)
#   -DWORKDIR=<dir>                 working directory (created; default: the current directory)
#   -DEXPECT_RC=<n>                 expected exit code (default 0); a crash, a signal or a timeout
#                                   never equals a number, so it always fails
#   -DSTDOUT_MATCH=<re>@@<re>...    each regex must match stdout
#   -DSTDOUT_NOT=<re>@@...          no regex may match stdout
#   -DSTDERR_MATCH=<re>@@...        each regex must match stderr
#   -DSTDERR_NOT=<re>@@...          no regex may match stderr (always added: "terminate called",
#                                   "Aborted", "Segmentation fault", "std::bad_alloc", "core dumped",
#                                   and a sanitizer's "AddressSanitizer", "LeakSanitizer",
#                                   "UndefinedBehaviorSanitizer" or "runtime error:")
#   -DTIMEOUT=<seconds>             default 60: a hang fails the test
#   -DMEMORY_LIMIT_MB=<n>           run under `ulimit -v` (sh): a multi-gigabyte allocation fails as
#                                   std::bad_alloc, which STDERR_NOT catches. Keep it >= 300: OpenBLAS
#                                   reserves ~130 MB and spins forever when that malloc fails.
#   -DSANITIZED_ADDRESS=ON          the program is built with AddressSanitizer, which reserves terabytes
#                                   of address space for its shadow memory and cannot start under
#                                   `ulimit -v`. The limit is then ASan's own instead (printed):
#                                   max_allocation_size_mb=<n> with allocator_may_return_null=1 (a
#                                   larger malloc returns null, which Armadillo turns into
#                                   std::bad_alloc; a larger `new` aborts with an ASan report) and
#                                   hard_rss_limit_mb=<4n> (resident memory, ASan's shadow included).
#                                   A sanitizer report on stderr always fails the test (see
#                                   STDERR_NOT): ASan exits with 1, the code of a handled data error.
#   -DRUN_TWICE=ON                  run twice and require identical stdout (timings masked)
#   -DCLEAN_WORKDIR=ON              empty WORKDIR before the run
#   -DEXPECT_FILES=<glob>           after the run, the glob (relative to WORKDIR) matches at least one
#                                   file, and none of the matches is empty
#   -DEXPECT_NO_FILES=ON            after the run, WORKDIR holds no files at all
#   -DROOT=<dir>                    the chapter's NN_REPO_ROOT (set by the caller's environment):
#                                   emptied and created before the run; EXPECT_FILES counts from it
#   -DEXPECT_STDOUT_FILE=<file>     stdout equals the file's text (timings masked on both sides)
#   -DEXPECT_NO_PATH=<path>         <path> relative to WORKDIR is removed before the run and must
#                                   not exist after it (e.g. no plots/ written into a build folder)
#   -DDATA_DIR=<dir> -DDAMAGE=<kind>  before running, (re)create DATA_DIR as a tiny MNIST-like set of
#                                   four IDX files (20 training, 10 test images) with one damage:
#     none | missing (empty dir) | dir_is_file | empty_file | truncated | truncated_header |
#     wrong_magic | wrong_type | count_mismatch | test_count_mismatch | huge_dimension |
#     huge_dimension_under_limit | huge_labels | directory | label_out_of_range | wrong_shape |
#     trailing_bytes | gzip_garbage | zero_dimensions
#   The damage is always in the training images file unless its name says otherwise.

cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED EXE)
  message(FATAL_ERROR "cli_check: EXE is not set")
endif()

function(split_list out text)
  if("${text}" STREQUAL "")
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  string(REPLACE "@@" ";" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# ---------------------------------------------------------------------------------------------
# Tiny IDX files written with sh printf (octal escapes, POSIX) + head -c /dev/zero: CMake itself
# cannot write NUL bytes.

# "\000\000\010\003..." for a list of byte values 0..255
function(octal_bytes out)
  set(s "")
  foreach(b ${ARGN})
    math(EXPR o1 "${b} / 64")
    math(EXPR o2 "(${b} / 8) % 8")
    math(EXPR o3 "${b} % 8")
    string(APPEND s "\\${o1}${o2}${o3}")
  endforeach()
  set(${out} "${s}" PARENT_SCOPE)
endfunction()

# big-endian bytes of a 32-bit value
function(be32 out value)
  math(EXPR b0 "(${value} >> 24) & 255")
  math(EXPR b1 "(${value} >> 16) & 255")
  math(EXPR b2 "(${value} >> 8) & 255")
  math(EXPR b3 "${value} & 255")
  set(${out} ${b0} ${b1} ${b2} ${b3} PARENT_SCOPE)
endfunction()

function(run_sh script)
  execute_process(COMMAND sh -c "${script}" sh ${ARGN} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cli_check: could not write test data (${script}): ${rc} ${err}")
  endif()
endfunction()

# write_idx(<path> MAGIC <b0 b1 b2> DIMS <d...> DATA <n bytes> [FILL <byte>] [APPEND <raw octal>])
function(write_idx path)
  cmake_parse_arguments(W "" "DATA;FILL;APPEND" "MAGIC;DIMS" ${ARGN})
  if(NOT W_MAGIC)
    set(W_MAGIC 0 0 8)
  endif()
  list(LENGTH W_DIMS nd)
  set(bytes ${W_MAGIC} ${nd})
  foreach(d ${W_DIMS})
    be32(db ${d})
    list(APPEND bytes ${db})
  endforeach()
  octal_bytes(header ${bytes})
  set(body "")
  if(W_DATA GREATER 0)
    if(W_FILL)
      octal_bytes(fill ${W_FILL})
      set(body " && head -c ${W_DATA} /dev/zero | tr '\\000' '${fill}' >> \"$1\"")
    else()
      set(body " && head -c ${W_DATA} /dev/zero >> \"$1\"")
    endif()
  endif()
  if(W_APPEND)
    string(APPEND body " && printf '${W_APPEND}' >> \"$1\"")
  endif()
  run_sh("printf '${header}' > \"$1\"${body}" "${path}")
endfunction()

function(make_data dir damage)
  file(REMOVE_RECURSE "${dir}")
  if(damage STREQUAL "dir_is_file")
    get_filename_component(parent "${dir}" DIRECTORY)
    file(MAKE_DIRECTORY "${parent}")
    file(WRITE "${dir}" "not a directory\n")
    return()
  endif()
  file(MAKE_DIRECTORY "${dir}")
  if(damage STREQUAL "missing")
    return()
  endif()
  set(ntr 20)
  set(nte 10)
  math(EXPR trbytes "${ntr} * 784")
  math(EXPR tebytes "${nte} * 784")
  set(tri "${dir}/train-images-idx3-ubyte")
  set(trl "${dir}/train-labels-idx1-ubyte")
  set(tei "${dir}/t10k-images-idx3-ubyte")
  set(tel "${dir}/t10k-labels-idx1-ubyte")
  # the three files that stay intact in most damages
  write_idx("${trl}" DIMS ${ntr} DATA ${ntr})
  write_idx("${tei}" DIMS ${nte} 28 28 DATA ${tebytes} FILL 7)
  write_idx("${tel}" DIMS ${nte} DATA ${nte})
  if(damage STREQUAL "none")
    write_idx("${tri}" DIMS ${ntr} 28 28 DATA ${trbytes} FILL 7)
  elseif(damage STREQUAL "empty_file")
    file(WRITE "${tri}" "")
  elseif(damage STREQUAL "truncated")
    write_idx("${tri}" DIMS ${ntr} 28 28 DATA 1000)
  elseif(damage STREQUAL "truncated_header")
    run_sh("printf '\\000\\000\\010\\003\\000\\000' > \"$1\"" "${tri}")
  elseif(damage STREQUAL "wrong_magic")
    write_idx("${tri}" MAGIC 80 75 8 DIMS ${ntr} 28 28 DATA ${trbytes})  # "PK": a zip file
  elseif(damage STREQUAL "wrong_type")
    write_idx("${tri}" MAGIC 0 0 13 DIMS ${ntr} 28 28 DATA ${trbytes})   # 0x0D: float
  elseif(damage STREQUAL "count_mismatch")
    write_idx("${tri}" DIMS ${ntr} 28 28 DATA ${trbytes})
    math(EXPR fewer "${ntr} - 1")
    write_idx("${trl}" DIMS ${fewer} DATA ${fewer})
  elseif(damage STREQUAL "test_count_mismatch")
    write_idx("${tri}" DIMS ${ntr} 28 28 DATA ${trbytes})
    math(EXPR more "${nte} + 1")
    write_idx("${tel}" DIMS ${more} DATA ${more})
  elseif(damage STREQUAL "huge_dimension")
    write_idx("${tri}" DIMS 4294967295 28 28 DATA 100)
  elseif(damage STREQUAL "huge_dimension_under_limit")
    write_idx("${tri}" DIMS 1000000 28 28 DATA 100)    # 784 MB declared, 100 bytes present
  elseif(damage STREQUAL "huge_labels")
    write_idx("${tri}" DIMS ${ntr} 28 28 DATA ${trbytes})
    write_idx("${trl}" DIMS 1000000000 DATA 10)
  elseif(damage STREQUAL "directory")
    file(MAKE_DIRECTORY "${tri}")
  elseif(damage STREQUAL "label_out_of_range")
    write_idx("${tri}" DIMS ${ntr} 28 28 DATA ${trbytes})
    write_idx("${trl}" DIMS ${ntr} DATA ${ntr} FILL 11)
  elseif(damage STREQUAL "wrong_shape")
    math(EXPR b "${ntr} * 28 * 27")
    write_idx("${tri}" DIMS ${ntr} 28 27 DATA ${b})
  elseif(damage STREQUAL "trailing_bytes")
    write_idx("${tri}" DIMS ${ntr} 28 28 DATA ${trbytes} APPEND "xyz")
  elseif(damage STREQUAL "gzip_garbage")
    run_sh("printf '\\037\\213garbage, not a deflate stream' > \"$1\"" "${tri}.gz")
  elseif(damage STREQUAL "zero_dimensions")
    write_idx("${tri}" DIMS "" DATA 0)
  else()
    message(FATAL_ERROR "cli_check: unknown DAMAGE '${damage}'")
  endif()
endfunction()

if(DEFINED DAMAGE)
  if(NOT DEFINED DATA_DIR)
    message(FATAL_ERROR "cli_check: DAMAGE needs DATA_DIR")
  endif()
  make_data("${DATA_DIR}" "${DAMAGE}")
endif()

# ---------------------------------------------------------------------------------------------
split_list(args "${ARGS}")
if(NOT DEFINED EXPECT_RC)
  set(EXPECT_RC 0)
endif()
if(NOT DEFINED TIMEOUT)
  set(TIMEOUT 60)
endif()
if(NOT DEFINED WORKDIR OR "${WORKDIR}" STREQUAL "")
  set(WORKDIR "${CMAKE_CURRENT_BINARY_DIR}")
endif()
if(CLEAN_WORKDIR)
  file(REMOVE_RECURSE "${WORKDIR}")
endif()
file(MAKE_DIRECTORY "${WORKDIR}")
if(DEFINED ROOT AND NOT "${ROOT}" STREQUAL "")
  string(FIND "${ROOT}" "no-such" _absent)
  if(_absent EQUAL -1)  # a root named no-such-* is meant to be missing
    file(REMOVE_RECURSE "${ROOT}")
    file(MAKE_DIRECTORY "${ROOT}")
  endif()
endif()
if(DEFINED EXPECT_NO_PATH AND NOT "${EXPECT_NO_PATH}" STREQUAL "")
  file(REMOVE_RECURSE "${WORKDIR}/${EXPECT_NO_PATH}")
endif()

function(mask_timings var text)
  string(REGEX REPLACE "[0-9]+(\\.[0-9]+)? ?(ms|s|min)([^a-zA-Z]|$)" "<time>\\3" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

set(cmd "${EXE}" ${args})
if(DEFINED MEMORY_LIMIT_MB AND NOT "${MEMORY_LIMIT_MB}" STREQUAL "" AND SANITIZED_ADDRESS)
  math(EXPR rss_mb "${MEMORY_LIMIT_MB} * 4")
  set(asan "max_allocation_size_mb=${MEMORY_LIMIT_MB}:allocator_may_return_null=1:hard_rss_limit_mb=${rss_mb}")
  if(DEFINED ENV{ASAN_OPTIONS} AND NOT "$ENV{ASAN_OPTIONS}" STREQUAL "")
    set(asan "$ENV{ASAN_OPTIONS}:${asan}")
  endif()
  message(STATUS "cli_check: AddressSanitizer build, so no `ulimit -v ${MEMORY_LIMIT_MB} MB` (ASan's shadow "
                 "memory needs terabytes of address space); limits instead: ASAN_OPTIONS=${asan}")
  set(cmd ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=${asan}" ${cmd})
elseif(DEFINED MEMORY_LIMIT_MB AND NOT "${MEMORY_LIMIT_MB}" STREQUAL "")
  math(EXPR kb "${MEMORY_LIMIT_MB} * 1024")
  set(cmd sh -c "ulimit -v ${kb} && exec \"$@\"" sh ${cmd})
endif()
string(REPLACE ";" " " shown "${EXE} ${args}")

function(run_once out_var err_var rc_var)
  execute_process(COMMAND ${cmd}
    WORKING_DIRECTORY "${WORKDIR}"
    TIMEOUT ${TIMEOUT}
    INPUT_FILE /dev/null
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
  set(${rc_var} "${rc}" PARENT_SCOPE)
endfunction()

run_once(out err rc)

set(problems "")
if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  string(APPEND problems "  exit code: expected ${EXPECT_RC}, got '${rc}'\n")
endif()

split_list(l "${STDOUT_MATCH}")
foreach(re IN LISTS l)
  if(NOT "${out}" MATCHES "${re}")
    string(APPEND problems "  stdout does not match '${re}'\n")
  endif()
endforeach()
split_list(l "${STDOUT_NOT}")
foreach(re IN LISTS l)
  if("${out}" MATCHES "${re}")
    string(APPEND problems "  stdout matches '${re}' (it must not): '${CMAKE_MATCH_0}'\n")
  endif()
endforeach()
split_list(l "${STDERR_MATCH}")
foreach(re IN LISTS l)
  if(NOT "${err}" MATCHES "${re}")
    string(APPEND problems "  stderr does not match '${re}'\n")
  endif()
endforeach()
split_list(l "${STDERR_NOT}")
list(APPEND l "terminate called" "Aborted" "Segmentation fault" "std::bad_alloc" "core dumped"
  "AddressSanitizer" "LeakSanitizer" "UndefinedBehaviorSanitizer" "runtime error:")
foreach(re IN LISTS l)
  if("${err}" MATCHES "${re}")
    string(APPEND problems "  stderr matches '${re}' (it must not): '${CMAKE_MATCH_0}'\n")
  endif()
endforeach()

if(DEFINED EXPECT_STDOUT_FILE AND NOT "${EXPECT_STDOUT_FILE}" STREQUAL "")
  file(READ "${EXPECT_STDOUT_FILE}" expected)
  mask_timings(expected_masked "${expected}")
  mask_timings(out_masked "${out}")
  if(NOT "${out_masked}" STREQUAL "${expected_masked}")
    string(RANDOM LENGTH 8 _tag)
    set(_dir "${WORKDIR}/cli-diff-${_tag}")
    file(WRITE "${_dir}/expected.txt" "${expected_masked}")
    file(WRITE "${_dir}/actual.txt" "${out_masked}")
    execute_process(COMMAND diff -u "${_dir}/expected.txt" "${_dir}/actual.txt" OUTPUT_VARIABLE d)
    file(REMOVE_RECURSE "${_dir}")
    string(APPEND problems "  stdout differs from ${EXPECT_STDOUT_FILE} (timings masked):\n${d}\n")
  endif()
endif()
if(DEFINED EXPECT_NO_PATH AND NOT "${EXPECT_NO_PATH}" STREQUAL "" AND EXISTS "${WORKDIR}/${EXPECT_NO_PATH}")
  string(APPEND problems "  ${WORKDIR}/${EXPECT_NO_PATH} was written (it must not be)\n")
endif()
set(files_dir "${WORKDIR}")
if(DEFINED ROOT AND NOT "${ROOT}" STREQUAL "")
  set(files_dir "${ROOT}")
endif()
if(DEFINED EXPECT_FILES AND NOT "${EXPECT_FILES}" STREQUAL "")
  file(GLOB found RELATIVE "${files_dir}" "${files_dir}/${EXPECT_FILES}")
  if(NOT found)
    string(APPEND problems "  no file matches ${files_dir}/${EXPECT_FILES}\n")
  endif()
  foreach(f IN LISTS found)
    file(SIZE "${files_dir}/${f}" size)
    if(size EQUAL 0)
      string(APPEND problems "  ${f} is empty\n")
    endif()
  endforeach()
endif()
if(EXPECT_NO_FILES)
  file(GLOB_RECURSE found RELATIVE "${WORKDIR}" "${WORKDIR}/*")
  if(found)
    string(APPEND problems "  files were written although none should be: ${found}\n")
  endif()
endif()

if(RUN_TWICE)
  run_once(out2 err2 rc2)
  mask_timings(m1 "${out}")
  mask_timings(m2 "${out2}")
  if(NOT "${m1}" STREQUAL "${m2}" OR NOT "${rc2}" STREQUAL "${rc}")
    file(MAKE_DIRECTORY "${WORKDIR}")
    file(WRITE "${WORKDIR}/cli_run1.txt" "${m1}")
    file(WRITE "${WORKDIR}/cli_run2.txt" "${m2}")
    execute_process(COMMAND diff -u "${WORKDIR}/cli_run1.txt" "${WORKDIR}/cli_run2.txt"
                    OUTPUT_VARIABLE d)
    string(APPEND problems "  two runs with the same flags differ (timings masked; exit ${rc} vs ${rc2}):\n${d}\n")
  endif()
endif()

if(NOT "${problems}" STREQUAL "")
  string(LENGTH "${out}" nout)
  if(nout GREATER 3000)
    math(EXPR start "${nout} - 3000")
    string(SUBSTRING "${out}" ${start} 3000 out)
    set(out "...${out}")
  endif()
  # NOTICE prints the text as it is (FATAL_ERROR would re-wrap the program's output)
  message(NOTICE "--- stdout (last 3000 characters) ---\n${out}\n--- stderr ---\n${err}")
  message(FATAL_ERROR "`${shown}` (in ${WORKDIR}) misbehaved:\n${problems}")
endif()
message(STATUS "ok: `${shown}` exited ${rc}")
