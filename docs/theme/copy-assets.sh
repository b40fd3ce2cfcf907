#!/bin/sh
# Copies what the docs site loads next to the HTML, so that it works offline:
#   - the part of Debian's MathJax 2 (libjs-mathjax) that the footer uses: TeX input with AMS,
#     CommonHTML output and its web fonts (about 1.3 MB of the package's 54 MB);
#   - each chapter's golden output and flag files, linked from the chapter pages (files/NN_slug/).
# Usage: copy-assets.sh MATHJAX_DIR HTML_DIR CHAPTERS_DIR
set -eu
mj=$1 html=$2 chapters=$3
out=$html/mathjax
mkdir -p "$out/jax/output" "$out/fonts/HTML-CSS/TeX" "$out/jax/input"
cp -L "$mj/MathJax.js" "$out/"
cp -rL "$mj/extensions" "$out/"
mkdir -p "$out/localization" && cp -rL "$mj/localization/en" "$out/localization/"
cp -rL "$mj/jax/element" "$out/jax/"
cp -rL "$mj/jax/input/TeX" "$out/jax/input/"
cp -rL "$mj/jax/output/CommonHTML" "$out/jax/output/"
cp -rL "$mj/fonts/HTML-CSS/TeX/woff" "$out/fonts/HTML-CSS/TeX/"
for d in "$chapters"/[0-9][0-9]_*/; do
  slug=$(basename "$d")
  mkdir -p "$html/files/$slug"
  for f in "$d"*.txt; do
    [ -f "$f" ] && cp "$f" "$html/files/$slug/"
  done
done
exit 0
