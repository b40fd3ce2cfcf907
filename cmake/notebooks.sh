#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless and fails if any cell fails (`make notebooks`).
#   1. installs Jupyter from Debian if missing (cmake/install-deps.sh notebooks),
#   2. builds the nn library (build/release/nn/libnn.a, or $NN_BUILD_DIR/nn/libnn.a) and fetches
#      MNIST into data/mnist when it is missing (chapter 06),
#   3. runs each notebook with nbconvert on Debian's /usr/bin/python3 kernel (never a pyenv python),
#      writing the executed copies to build/notebooks/ (the notebooks in git stay without outputs).
# Usage: cmake/notebooks.sh [notebooks/NN_name.ipynb ...]   (default: all of them)
# Environment: NN_BUILD_DIR  build directory holding nn/libnn.a (default build/release, the preset's)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash cmake/install-deps.sh notebooks

export NN_BUILD_DIR=${NN_BUILD_DIR:-build/release}
build_dir=$NN_BUILD_DIR
[[ $build_dir = /* ]] || build_dir=$root/$build_dir
preset=$(basename "$build_dir")
if [[ $(dirname "$build_dir") == "$root/build" ]] && grep -q "\"name\": \"$preset\"" CMakePresets.json; then
  [[ -f $build_dir/CMakeCache.txt ]] || cmake --preset "$preset"
  cmake --build --preset "$preset" -j "${JOBS:-$(nproc)}" --target nn
else
  [[ -f $build_dir/CMakeCache.txt ]] || cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
  cmake --build "$build_dir" -j "${JOBS:-$(nproc)}" --target nn
fi

[[ -f data/mnist/train-images-idx3-ubyte ]] || bash cmake/fetch-mnist.sh data/mnist

# A kernel spec of our own that names /usr/bin/python3, first on the Jupyter path: a pyenv or
# virtualenv `python3` earlier on PATH lacks ipykernel and the Debian IPython the magic needs.
out=$root/build/notebooks
mkdir -p "$out/jupyter/kernels/python3"
cat >"$out/jupyter/kernels/python3/kernel.json" <<'EOF'
{"argv": ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
 "display_name": "Python 3 (Debian)", "language": "python"}
EOF
export JUPYTER_PATH=$out/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}
export PYDEVD_DISABLE_FILE_VALIDATION=1  # silences the debugger's frozen-modules note
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

notebooks=("$@")
[[ ${#notebooks[@]} -eq 0 ]] && notebooks=(notebooks/[0-9][0-9]_*.ipynb)

# The notebooks are kept in git without outputs; executed copies go to build/notebooks/ only.
/usr/bin/python3 - "${notebooks[@]}" <<'PY'
import json, sys
dirty = [p for p in sys.argv[1:]
         if any(c.get("outputs") or c.get("execution_count") for c in json.load(open(p))["cells"])]
if dirty:
    print("notebooks: clear the outputs before committing: jupyter nbconvert --clear-output --inplace "
          + " ".join(dirty), file=sys.stderr)
PY

failed=()
for nb in "${notebooks[@]}"; do
  start=$(date +%s.%N)
  if /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=python3 \
       --ExecutePreprocessor.timeout=900 --output-dir "$out" "$nb" >"$out/$(basename "$nb" .ipynb).log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$nb")
    tail -n 40 "$out/$(basename "$nb" .ipynb).log" >&2
  fi
  printf '%-42s %-6s %5.1f s\n' "$nb" "$status" "$(echo "$(date +%s.%N) - $start" | bc)"
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "notebooks: ${#failed[@]} of ${#notebooks[@]} failed: ${failed[*]} (logs in build/notebooks/)" >&2
  exit 1
fi
echo "notebooks: all ${#notebooks[@]} ran; executed copies in build/notebooks/"
