#!/bin/sh
# Doxygen input filter for the Markdown pages: GitHub math ($...$ inline, $$ on its own line for a
# display block) becomes Doxygen's \f$...\f$ and \f[ ... \f]; image links into docs/images are
# reduced to their file name (Doxygen finds them through IMAGE_PATH); links to ../../nn/*.hpp become
# plain text. Text inside ``` fences is left alone. One file reads well on GitHub and in the docs.
awk '
  /^```/ { fence = !fence; print; next }
  fence { print; next }
  /^[ \t]*\$\$[ \t]*$/ { print (display ? "\\f]" : "\\f["); display = !display; next }
  display { print; next }
  {
    line = $0; out = ""; incode = 0
    while (length(line) > 0) {
      c = substr(line, 1, 1)
      if (c == "`") { incode = !incode; out = out c; line = substr(line, 2); continue }
      if (!incode && c == "\\" && substr(line, 2, 1) == "$") { out = out "$"; line = substr(line, 3); continue }
      if (!incode && c == "$") {
        rest = substr(line, 2); j = index(rest, "$")
        if (j > 1) { out = out "\\f$" substr(rest, 1, j - 1) "\\f$"; line = substr(rest, j + 1); continue }
      }
      out = out c; line = substr(line, 2)
    }
    gsub(/\]\((\.\.\/)*docs\/images\/[^)]*\//, "](", out)
    print out
  }
' "$1"
