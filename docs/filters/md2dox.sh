#!/bin/sh
# Doxygen input filter for the Markdown pages. GitHub math becomes Doxygen's: $...$ (within one
# paragraph, also across line breaks) -> \f$...\f$; a $$ line opens or closes a \f[ ... \f] block,
# and $$...$$ on one line becomes \f[...\f].
# Links are rewritten for the docs site: docs/images/<dir>/<file> -> <dir>/<file> (found through
# IMAGE_PATH), docs/errata/<chapter>.md -> the errata page, docs/<page>.md -> @ref <page> (each docs page
# declares its label with {#page}).
# ``` fences and `code` spans are left alone, so one file reads well on GitHub and in the docs.
awk '
  function links(s) {
    gsub(/\]\((\.\.\/)*docs\/images\//, "](", s)
    gsub(/\]\((\.\.\/)*docs\/errata\/[0-9][0-9]_[a-z_]*\.md\)/, "](@ref errata)", s)
    while (match(s, /\]\((\.\.\/)*(docs\/)?[a-z_]+\.md\)/)) {
      page = substr(s, RSTART, RLENGTH); sub(/\.md\)$/, "", page); sub(/.*\//, "", page); sub(/^\]\(/, "", page)
      s = substr(s, 1, RSTART - 1) "](@ref " page ")" substr(s, RSTART + RLENGTH)
    }
    return s
  }
  function math(s,    out, c, incode, rest) {
    out = ""; incode = 0
    while (length(s) > 0) {
      c = substr(s, 1, 1)
      if (c == "`") { incode = !incode; out = out c; s = substr(s, 2); continue }
      if (!incode && c == "\\" && substr(s, 2, 1) == "$") { out = out "$"; s = substr(s, 3); continue }
      if (!incode && c == "$") {
        rest = substr(s, 2)
        if (substr(rest, 1, 1) != " " && index(rest, "$") > 1) {
          out = out "\\f$" substr(rest, 1, index(rest, "$") - 1) "\\f$"
          s = substr(rest, index(rest, "$") + 1); continue
        }
      }
      out = out c; s = substr(s, 2)
    }
    return out
  }
  function flush() { if (para != "") print links(math(para)); para = "" }
  /^```/ { flush(); fence = !fence; print; next }
  fence { print; next }
  /^[ \t]*\$\$[ \t]*$/ { flush(); print (display ? "\\f]" : "\\f["); display = !display; next }
  /^[ \t]*\$\$.*\$\$[ \t]*$/ && !display {
    flush(); line = $0; sub(/^[ \t]*\$\$/, "", line); sub(/\$\$[ \t]*$/, "", line)
    print "\\f[" line "\\f]"; next
  }
  display { print; next }
  /^[ \t]*$/ { flush(); print; next }
  { para = (para == "" ? $0 : para "\n" $0) }
  END { flush() }
' "$1"
