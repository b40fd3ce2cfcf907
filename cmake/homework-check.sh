#!/usr/bin/env bash
# homework-check.sh -- acceptance check of `make homework` (DESIGN 7, docs/homework.md).
#
#   bash cmake/homework-check.sh [WORK]        # WORK defaults to build/homework-check
#
# 1. generates the starter tree into WORK/tree (cmake/make_homework.cmake, TRACE=ON so every stub
#    that is reached records the test process that reached it), with data/ linked to the real one;
# 2. (a) configures and builds it (Release, WORK/starter) and runs its CTest suite;
# 3. (c) configures and builds the real tree (Release, $REAL_BUILD, default WORK/real) and runs it;
# 4. (b) checks that the starter's failing tests are exactly the tests that reach a stub: every
#    failure reached a stub and its output says "not implemented yet (exercise)", and no passing
#    test reached a stub (which would mean it swallows the exception);
# 5. prints exercise (file:line function) -> the failing tests that stop at it (a test stops at
#    the first stub it reaches), also written to WORK/summary.txt and WORK/summary.txt.tsv.
# Exit status 0 when (a), (b) and (c) hold. Slow (two full builds); not part of `make test`.
# Environment: JOBS (default 2), REAL_BUILD, CTEST_TIMEOUT (seconds per test, default 600).
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$SRC/build/homework-check}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
JOBS=${JOBS:-2}
REAL_BUILD=${REAL_BUILD:-$WORK/real}
TIMEOUT=${CTEST_TIMEOUT:-600}
TREE=$WORK/tree
STARTER=$WORK/starter
TRACE=$WORK/trace.txt
status=0

say() { printf '\n== %s\n' "$*"; }

say "generating the starter tree into $TREE"
if ! cmake -DOUT="$TREE" -DTRACE=ON -P "$SRC/cmake/make_homework.cmake" > "$WORK/generate.log" 2>&1; then
  cat "$WORK/generate.log"; echo "FAIL: make_homework.cmake failed"; exit 1
fi
tail -n 1 "$WORK/generate.log"
[ -e "$SRC/data" ] && ln -sfn "$SRC/data" "$TREE/data"

build() {  # build <source> <build dir> <log>
  cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release > "$3" 2>&1 &&
    cmake --build "$2" -j "$JOBS" >> "$3" 2>&1
}
run_tests() {  # run_tests <build dir> <junit xml> <log>
  rm -f "$2"
  ctest --test-dir "$1" -j "$JOBS" --timeout "$TIMEOUT" --output-junit "$2" > "$3" 2>&1
  grep -E "tests passed|tests failed" "$3" | tail -n 1
}

say "(a) building the starter tree (Release, $STARTER)"
if build "$TREE" "$STARTER" "$WORK/starter-build.log"; then
  echo "ok: the starter builds ($(grep -c 'warning:' "$WORK/starter-build.log") compiler warnings in the files compiled this time, see starter-build.log)"
  starter_built=1
else
  grep -E "error|Error" "$WORK/starter-build.log" | head -n 40
  echo "FAIL (a): the starter tree does not build; see $WORK/starter-build.log"
  starter_built=0; status=1
fi

say "(c) building and testing the real tree (Release, $REAL_BUILD)"
if build "$SRC" "$REAL_BUILD" "$WORK/real-build.log"; then
  run_tests "$REAL_BUILD" "$WORK/real.xml" "$WORK/real-ctest.log"
else
  grep -E "error|Error" "$WORK/real-build.log" | head -n 40
  echo "FAIL (c): the real tree does not build; see $WORK/real-build.log"; status=1
fi

if [ "$starter_built" = 1 ]; then
  say "running the starter's tests (NN_HOMEWORK_TRACE=$TRACE)"
  rm -f "$TRACE"; : > "$TRACE"
  NN_HOMEWORK_TRACE=$TRACE run_tests "$STARTER" "$WORK/starter.xml" "$WORK/starter-ctest.log"
fi

# junit -> "name<TAB>status<TAB>has-marker" (status: passed, failed, skipped)
junit_table() {
  [ -f "$1" ] || return 0
  awk '
    function attr(s, a,   r) {
      if (!match(s, a "=\"[^\"]*\"")) return ""
      r = substr(s, RSTART + length(a) + 2, RLENGTH - length(a) - 3); return r
    }
    /<testcase / { name = attr($0, "name"); st = attr($0, "status"); mark = 0; open = 1 }
    open && /not implemented yet \(exercise\)/ { mark = 1 }
    open && /<failure/ { st = "fail" }
    open && /<\/testcase>|<testcase [^>]*\/>/ {
      gsub(/&quot;/, "\"", name); gsub(/&lt;/, "<", name); gsub(/&gt;/, ">", name); gsub(/&amp;/, "\\&", name)
      s = (st == "fail") ? "failed" : (st == "run" ? "passed" : "skipped")
      print name "\t" s "\t" mark; open = 0
    }' "$1"
}
junit_table "$WORK/real.xml" > "$WORK/real.tsv"
junit_table "$WORK/starter.xml" > "$WORK/starter.tsv"

real_failed=$(awk -F'\t' '$2 == "failed"' "$WORK/real.tsv" | wc -l)
real_total=$(wc -l < "$WORK/real.tsv")
if [ ! -s "$WORK/real.tsv" ]; then
  echo "FAIL (c): no test results from the real tree"; status=1
elif [ "$real_failed" -gt 0 ]; then
  echo "FAIL (c): $real_failed of $real_total tests of the real tree fail:"
  awk -F'\t' '$2 == "failed" { print "  " $1 }' "$WORK/real.tsv"; status=1
else
  echo "ok (c): all $real_total tests of the real tree pass"
fi

[ "$starter_built" = 1 ] || exit "$status"

say "(b) failing tests of the starter vs the stubs they reach"
# which test runs which command: "command line (quotes removed)<TAB>ctest name"
ctest -N -V --test-dir "$STARTER" 2>/dev/null | awk '
  /^[0-9]+: Test command:/ { key = $0; sub(/^[0-9]+: Test command: */, "", key); gsub(/"/, "", key); sub(/ +$/, "", key); next }
  /^ *Test *#[0-9]+: / { name = $0; sub(/^ *Test *#[0-9]+: /, "", name); if (key != "") print key "\t" name; key = "" }
' > "$WORK/starter-tests.tsv"
# exercises.tsv (the stamp): file line function kind n what how
awk -F'\t' -v TRACE="$TRACE" -v MAP="$WORK/starter-tests.tsv" -v REAL="$WORK/real.tsv" -v EX="$TREE/.nn-homework" -v SUMMARY="$WORK/summary.txt" '
  function testname(cmds,   a, n, j) {  # the process, its parent and grandparent, separated by \037
    n = split(cmds, a, "\037")
    for (j = 1; j <= n; j++) if (a[j] in bykey) return bykey[a[j]]
    return "(" a[1] ")"
  }
  BEGIN {
    while ((getline line < MAP) > 0) { i = index(line, "\t"); bykey[substr(line, 1, i - 1)] = substr(line, i + 1) }
    while ((getline line < EX) > 0) {
      split(line, c, "\t"); nex++
      exname[nex] = c[1] ":" c[2] " " c[3] (c[4] == "lambda" ? " (lambda)" : "")
      byWhat[c[6]] = nex
    }
    while ((getline line < REAL) > 0) { split(line, c, "\t"); realst[c[1]] = c[2] }
    while ((getline line < TRACE) > 0) {
      i = index(line, "\t"); if (!i) continue
      t = testname(substr(line, 1, i - 1)); w = substr(line, i + 1)
      if (!(w in byWhat)) { foreign[t] = w; continue }
      e = byWhat[w]
      if (!((t, e) in reached)) { reached[t, e] = 1; touched[t] = touched[t] (touched[t] == "" ? "" : ", ") exname[e] }
      hit[t] = 1
    }
  }
  {
    name = $1; st = $2; mark = $3; total++
    if (realst[name] == "failed") { pre++; prelist = prelist "\n  " name " (fails in the real tree too)"; next }
    if (st == "failed") {
      failed++
      if (!(name in hit)) { bad++; badlist = badlist "\n  " name ": fails without reaching a stub" }
      else if (!mark) { bad++; badlist = badlist "\n  " name ": reaches " touched[name] " but its output lacks \"not implemented yet (exercise)\"" }
      for (e = 1; e <= nex; e++) if ((name, e) in reached) { tests[e] = tests[e] " " name; ntests[e]++ }
    } else if (st == "passed") {
      passed++
      if (name in hit) { bad++; badlist = badlist "\n  " name ": reaches " touched[name] " but passes (it swallows the exception)" }
    }
  }
  END {
    out = sprintf("%-58s %s\n", "exercise (file:line function)", "failing tests that stop at it (a test stops at the first stub it reaches)")
    printf "" > (SUMMARY ".tsv")
    for (e = 1; e <= nex; e++) {
      out = out sprintf("%-58s %s\n", exname[e], ntests[e] ? ntests[e] ":" tests[e] : "0 (no failing test stops here first)")
      printf "%s\t%d\t%s\n", exname[e], ntests[e], substr(tests[e], 2) > (SUMMARY ".tsv")
      if (!ntests[e]) unreached++
    }
    printf "%s", out; printf "%s", out > SUMMARY
    printf "\nstarter: %d tests, %d pass, %d fail (all reaching a stub unless listed below), %d excluded because they fail in the real tree too%s\n", total, passed, failed, pre, prelist
    printf "exercises at which no failing test stops first: %d of %d (reached once the earlier stubs are written)\n", unreached, nex
    if (bad) { printf "FAIL (b): %d tests break the rule%s\n", bad, badlist; exit 1 }
    print "ok (b): every failing test reaches a stub and says \"not implemented yet (exercise)\"; no passing test reaches one"
  }' "$WORK/starter.tsv" || status=1
exit "$status"
