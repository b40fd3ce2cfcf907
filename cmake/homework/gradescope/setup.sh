#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image; the zip made by
# `python3 cmake/homework autograder` is unpacked in /autograder/source (the starter tree in
# starter/, with the instructor-only tests). It installs the compiler and the libraries, then
# builds the library and the graded tests once, so that each submission recompiles only its files.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends g++ cmake make pkg-config libarmadillo-dev libopenblas-dev \
  liblapack-dev libgtest-dev libcli11-dev zlib1g-dev gnuplot-nox \
  python3 python3-pip git ca-certificates
# The tree needs CMake 3.25 (Ubuntu 22.04 has 3.22): take it from PyPI when the system's is older.
have=$(cmake --version | awk 'NR == 1 { print $3 }')
if [ "$(printf '%s\n' 3.25 "$have" | sort -V | head -n 1)" != 3.25 ]; then
  python3 -m pip install --quiet 'cmake>=3.25'
  hash -r
fi
cd /autograder/source/starter
python3 cmake/homework grade --build-only
