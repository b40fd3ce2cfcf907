#!/usr/bin/env bash
# Installs the Debian packages nn-lectures needs, only those `dpkg -s` reports missing.
# Usage: cmake/install-deps.sh [build|clang|docs|notebooks|peers|web]...   (default: build)
#   build      compiler, CMake, Armadillo on OpenBLAS, GoogleTest, CLI11, zlib, gnuplot (make tour/test)
#   clang      Clang 16 with its sanitizer and libFuzzer runtimes: make test's second compiler, make fuzz;
#              clang-format 14 (the format check of make test, make format)
#   docs       Doxygen, its awesome theme, a local MathJax, Graphviz, Chromium (page check) (make docs/test)
#   notebooks  Jupyter Notebook 6 and nbconvert                                           (make notebooks)
#   peers      PyTorch and NumPy, for the side-by-side benchmark                          (make bench-peers)
#   web        Emscripten (with its clang and binaryen) and Node.js: the playground's WebAssembly build
#              of the library (cmake/web.sh, part of make docs)
set -euo pipefail

groups=("$@")
[[ ${#groups[@]} -eq 0 ]] && groups=(build)

wanted=()
for g in "${groups[@]}"; do
  case "$g" in
    build) wanted+=(g++ cmake make pkg-config libarmadillo-dev libopenblas-dev libopenblas0-pthread
                    liblapack-dev libgtest-dev libcli11-dev zlib1g-dev gnuplot-nox
                    graphviz npm ca-certificates) ;;
    docs) wanted+=(doxygen doxygen-awesome-css libjs-mathjax graphviz chromium python3) ;;
    notebooks) wanted+=(jupyter-notebook python3-ipykernel python3-nbclient jupyter-nbconvert) ;;
    peers) wanted+=(python3-torch python3-numpy) ;;
    clang) wanted+=(clang-16 libclang-rt-16-dev clang-format-14) ;;
    web) wanted+=(emscripten nodejs libarmadillo-dev) ;;
    *) echo "install-deps.sh: unknown group '$g' (expected build, clang, docs, notebooks, peers or web)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${wanted[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# npm may come from NodeSource or nvm instead of Debian: a working `npm` on PATH is enough.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists; refresh them once before installing.
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
