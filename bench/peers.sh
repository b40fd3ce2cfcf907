#!/usr/bin/env bash
# Side-by-side benchmark (issues 5 and 16): our bench (double and float32 products), then the same setup in PyTorch (float32, float64;
# and float32 with the tutorials' DataLoader) and hand-written NumPy (float64, float32), each on
# one thread, then one table.
# Usage: bash bench/peers.sh <build>/bench/bench [--quick] [--epochs N] [--data-dir DIR]
set -euo pipefail
bench=${1:?usage: bench/peers.sh <path to the bench executable> [--quick] [--epochs N] [--data-dir DIR]}
shift
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
results=$(mktemp)
trap 'rm -f "$results"' EXIT

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

echo "== nn (C++): double, then float32 products"
"$bench" "$@" | tee /dev/stderr | grep '^{' >>"$results"
for run in "torch float32" "torch float64" "torch-dataloader float32" "numpy float64" "numpy float32"; do
  read -r impl dtype <<<"$run"
  echo "== $impl ($dtype)"
  "$py" "$here/peers.py" --impl "$impl" --dtype "$dtype" "$@" | tee /dev/stderr | grep '^{' | tail -n 1 >>"$results"
done
"$py" "$here/peers.py" --table "$results"
