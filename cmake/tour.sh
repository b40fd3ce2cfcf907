#!/usr/bin/env bash
# Runs every built chapter in order (00, 01, ...), each with its default flags, from the repository
# root so plots land in plots/<chapter>/. Usage: cmake/tour.sh BUILD/chapters [extra flags...]
set -uo pipefail
bin=$1; shift
bold='' plain=''
if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; fi
failed=()
for exe in "$bin"/ch[0-9][0-9]_*; do
  [[ -x $exe ]] || continue
  name=$(basename "$exe"); name=${name#ch}
  printf '\n%s==================== chapter %s ====================%s\n' "$bold" "$name" "$plain"
  start=$(date +%s.%N)
  if "$exe" "$@"; then
    pngs=$(find "plots/$name" -name '*.png' 2>/dev/null | wc -l)
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
