#!/usr/bin/env bash
# Writes docs/errata.md from the per-chapter pages docs/errata/NN_slug.md (each chapter's helper
# page starts with a "## ..." heading). Run from the repository root after editing any of them.
set -euo pipefail
out=docs/errata.md
{
  echo "# Errata {#errata}"
  echo
  echo "Where a lecture prints a number, shape, formula or line of code that is wrong, the library's"
  echo "tests assert the correct value and the chapter explains the difference. This page collects those"
  echo "explanations, chapter by chapter. The ids are those of the worked-example catalogue"
  echo "([catalogue](catalogue.md))."
  for f in docs/errata/[0-9][0-9]_*.md; do
    [[ -f $f ]] || continue
    echo
    sed -e 's/^# /## /' "$f"
  done
} > "$out"
echo "wrote $out"
