#!/bin/sh
# The CTest test `docs`: builds the docs site (target `docs`: Doxygen, then the rendered-page check
# of docs/check/check_pages.py). Usage: docs-test.sh BUILD_DIR
set -eu
missing=""
command -v doxygen >/dev/null 2>&1 || missing="$missing doxygen"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -d /usr/share/doxygen-awesome-css ] || missing="$missing doxygen-awesome-css"
[ -f /usr/share/javascript/mathjax/MathJax.js ] || missing="$missing libjs-mathjax"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
if [ -n "$missing" ]; then
  echo "docs test: missing:$missing. Install them with: bash cmake/install-deps.sh docs (make test does this)"
  exit 1
fi
exec cmake --build "$1" --target docs
