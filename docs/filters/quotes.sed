# Doxygen input filter for the C++ sources (FILTER_PATTERNS in docs/Doxyfile.in): in a comment line,
# a double-quoted phrase that holds a formula gets typographic quotes, because Doxygen leaves
# formulas inside "..." unrendered (the lectures are often quoted with their math). Lines are kept
# one for one, so line numbers do not move; the source listings show the file as it is.
/^[ \t]*\(\/\/\/\|\*\|\/\*\*\)/ s/"\([^"]*\\f[$[][^"]*\)"/“\1”/g
