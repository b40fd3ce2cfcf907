#!/usr/bin/env bash
# The libFuzzer targets of tests/fuzz: clang 16, libFuzzer + AddressSanitizer + UBSan.
#
#   cmake/fuzz.sh build                  install clang on first use (install-deps.sh clang), then
#                                        configure and build every target in build/fuzz
#   cmake/fuzz.sh all [seconds]          build, fuzz every target for `seconds` (default 60) and
#                                        print a table: target, runs, coverage, findings (make fuzz);
#                                        exit 1 if anything was found
#   cmake/fuzz.sh run <target> <seconds> fuzz one target; its corpus grows in build/fuzz/corpus/<target>
#   cmake/fuzz.sh smoke <target> <seconds>
#                                        the same on a scratch copy of the seeds (the fuzz.* tests of
#                                        make test: a few seconds each, nothing kept but findings)
#   cmake/fuzz.sh list                   the targets
#
# Seeds and dictionaries are in tests/fuzz/corpus/<target>/ and tests/fuzz/<target>.dict. A finding
# is saved as build/fuzz/findings/<target>/crash-... (or leak-, timeout-, oom-); reproduce it with
# `build/fuzz/fuzz_<target> <file>`, and turn it into a unit test.
set -euo pipefail

targets="idx csv weights chapter_flags"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NN_FUZZ_BUILD:-$root/build/fuzz}
cxx=${NN_FUZZ_CXX:-clang++-16}

die() {
  echo "fuzz: $*" >&2
  exit 1
}

build() {
  if ! command -v "$cxx" >/dev/null 2>&1 || ! dpkg -s libclang-rt-16-dev >/dev/null 2>&1; then
    echo "fuzz: installing clang 16 and its libFuzzer/sanitizer runtimes (cmake/install-deps.sh clang)"
    bash "$root/cmake/install-deps.sh" clang ||
      die "the fuzz targets need $cxx with libFuzzer: install the Debian packages clang-16 and
libclang-rt-16-dev (as root: bash cmake/install-deps.sh clang), or set NN_FUZZ_CXX to another
clang++ that has libFuzzer and the sanitizers"
  fi
  command -v "$cxx" >/dev/null 2>&1 || die "$cxx is still not on PATH after installing clang-16"
  if [[ ! -f $build/CMakeCache.txt ]]; then
    cmake -S "$root/tests/fuzz" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=None >/dev/null ||
      die "configuring the fuzz targets failed (cmake -S tests/fuzz -B $build)"
  fi
  cmake --build "$build" -j "${JOBS:-$(nproc 2>/dev/null || echo 2)}" || die "building the fuzz targets failed"
}

# fuzz <target> <seconds> <corpus dir>: runs libFuzzer, prints "target runs coverage findings"
fuzz() {
  local t=$1 secs=$2 corpus=$3
  local exe="$build/fuzz_$t" seeds="$root/tests/fuzz/corpus/$t" findings="$build/findings/$t"
  [[ -x $exe ]] || die "no $exe: run cmake/fuzz.sh build first"
  [[ -d $seeds ]] || die "no seed corpus $seeds"
  mkdir -p "$corpus" "$findings"
  local log="$build/log-$t.txt" dict=()
  [[ -f $root/tests/fuzz/$t.dict ]] && dict=(-dict="$root/tests/fuzz/$t.dict")
  local before
  before=$(find "$findings" -type f | wc -l)
  set +e
  # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: more than 2 GB is a memory blow-up
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    OPENBLAS_NUM_THREADS=1 "$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" "$corpus" "$seeds" >"$log" 2>&1
  local rc=$?
  set -e
  local runs cov found
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')
  found=$(($(find "$findings" -type f | wc -l) - before))
  if [[ $rc -ne 0 && $found -eq 0 ]]; then found=1; fi  # libFuzzer failed without saving an input
  printf '%-14s %10s %9s %9s\n' "$t" "${runs:-?}" "${cov:-?}" "$found"
  if [[ $found -ne 0 ]]; then
    echo "fuzz: $t found a problem (exit $rc); the input is in $findings/, the log in $log:" >&2
    grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==|Test unit written' "$log" | head -20 >&2 || tail -20 "$log" >&2
    return 1
  fi
}

header() { printf '%-14s %10s %9s %9s\n' target runs coverage findings; }

case "${1:-}" in
  list) echo "$targets" ;;
  build) build ;;
  all)
    secs=${2:-60}
    build
    echo "fuzz: every target for $secs s (FUZZ_SECONDS); corpora in $build/corpus"
    header
    status=0
    for t in $targets; do fuzz "$t" "$secs" "$build/corpus/$t" || status=1; done
    exit $status ;;
  run)
    [[ $# -eq 3 ]] || die "usage: cmake/fuzz.sh run <target> <seconds>"
    header
    fuzz "$2" "$3" "$build/corpus/$2" ;;
  smoke)
    [[ $# -eq 3 ]] || die "usage: cmake/fuzz.sh smoke <target> <seconds>"
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    header
    fuzz "$2" "$3" "$scratch" ;;
  *) die "usage: cmake/fuzz.sh build | all [seconds] | run <target> <seconds> | smoke <target> <seconds> | list" ;;
esac
