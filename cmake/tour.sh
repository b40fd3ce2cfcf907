#!/usr/bin/env bash
# Runs every built chapter in order (00, 01, ...), each with its default flags; plots land in
# plots/<chapter>/ of the repository (or of $NN_REPO_ROOT), whatever the working directory.
# Usage: cmake/tour.sh [--build PRESET] BUILD/chapters [extra flags...]
#   --build PRESET  first builds what the tour runs and nothing else (target `chapters`: the
#                   library and the chapter programs, no test), quietly: one line per target it
#                   built; the compiler's output goes to BUILD/tour-build.log and is shown only
#                   when the build fails.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=
if [[ ${1:-} == --build ]]; then
  preset=$2
  shift 2
fi
bin=$1; shift
bold='' plain='' tty=0
if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m' tty=1; fi

if [[ -n $preset ]]; then
  log=$(dirname "$bin")/tour-build.log
  mkdir -p "$(dirname "$log")"
  # CMake's Makefile lines: "[ 45%] Building CXX object nn/CMakeFiles/nn.dir/core/shapes.cpp.o",
  # "[ 46%] Linking CXX static library libnn.a", "[ 46%] Built target nn".
  (cd "$root" && cmake --build --preset "$preset" -j "${JOBS:-$(nproc)}" --target chapters 2>&1) |
    tee "$log" |
    awk -v tty="$tty" -v logfile="$log" '
      function header() {
        if (!shown) printf "tour: building the library and the chapters (compiler output: %s)\n", logfile
        shown = 1
      }
      function target_of(line,   m) {
        if (match(line, /CMakeFiles\/[^\/]+\.dir\//)) return substr(line, RSTART + 11, RLENGTH - 16)
        return ""
      }
      function label(t) {
        if (t == "nn") return "the library nn"
        if (t == "nn_chapter_pch") return "the chapters\047 precompiled header"
        return t
      }
      /Building CXX object/ {
        t = target_of($0); files[t]++; header()
        if (tty && match($0, /\[ *[0-9]+%\]/)) {
          printf "\r\033[K  %s building %s ...", substr($0, RSTART, RLENGTH), label(t); fflush()
        }
      }
      /Linking CXX/ { n = $NF; sub(/^lib/, "", n); sub(/\.a$/, "", n); linked[n] = 1 }
      /Built target / {
        t = $NF
        if (files[t] > 0 || (t in linked)) {
          header()
          if (tty) printf "\r\033[K"
          if (files[t] > 0) printf "  built %s (%d file%s)\n", label(t), files[t], (files[t] > 1 ? "s" : "")
          else printf "  linked %s\n", label(t)
          fflush()
        }
      }
      END { if (tty && shown) { printf "\r\033[K"; fflush() } }'
  status=${PIPESTATUS[0]}
  if [[ $status -ne 0 ]]; then
    echo "tour: the build failed; the last lines of $log:" >&2
    tail -n 60 "$log" >&2
    exit "$status"
  fi
fi

failed=()
for exe in "$bin"/ch[0-9][0-9]_*; do
  [[ -x $exe ]] || continue
  name=$(basename "$exe"); name=${name#ch}
  printf '\n%s==================== chapter %s ====================%s\n' "$bold" "$name" "$plain"
  start=$(date +%s.%N)
  if "$exe" "$@"; then
    pngs=$(find "${NN_REPO_ROOT:-$root}/plots/$name" -name '*.png' 2>/dev/null | wc -l)
    awk -v s="$start" -v e="$(date +%s.%N)" -v n="$name" -v p="$pngs" \
      'BEGIN { printf "(chapter %s finished in %.1f s; %d plots in plots/%s/)\n", n, e - s, p, n }'
  else
    failed+=("$name")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "tour: these chapters failed: ${failed[*]}" >&2
  exit 1
fi
echo
echo "tour: every chapter ran; plots are in plots/<chapter>/"
