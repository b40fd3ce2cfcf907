#!/usr/bin/env bash
# The playground's WebAssembly build (cmake/web/CMakeLists.txt): the core of nn/ and
# docs/playground/src compiled with Debian's Emscripten into one file, nn_playground.js.
# Installs Emscripten on first use (cmake/install-deps.sh web).
# Usage: cmake/web.sh [BUILD_DIR]        (default build/web; JOBS=2 parallel compiles)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/build/web}
mkdir -p "$out"
out=$(cd "$out" && pwd)

bash "$root/cmake/install-deps.sh" web || {
  echo "web.sh: Emscripten is missing; install it with: sudo bash cmake/install-deps.sh web" >&2
  exit 1
}
# Debian's Node.js keeps its modules in /usr/share/nodejs: Emscripten's JavaScript optimizer needs
# acorn from there.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# Armadillo's own headers only: -I/usr/include would put glibc's headers before Emscripten's.
arma=$(dirname "$(dpkg -L libarmadillo-dev | grep -m1 '/armadillo$')")
mkdir -p "$out/include"
cp -ru "$arma/armadillo" "$arma/armadillo_bits" "$out/include/"

if [[ ! -f $out/CMakeCache.txt ]]; then
  emcmake cmake -S "$root/cmake/web" -B "$out" -DCMAKE_BUILD_TYPE=Release \
    -DNN_SOURCE_DIR="$root" -DNN_WEB_ARMADILLO="$out/include" "-DNN_WEB_EXCEPTIONS=${NN_WEB_EXCEPTIONS:--fwasm-exceptions}" >/dev/null
fi
cmake --build "$out" -j "${JOBS:-2}"
