# nn_add_golden_test(NAME EXE EXPECTED [ARGS...])
# Adds a CTest test that runs EXE ARGS from the repository root and compares its stdout with the file
# EXPECTED. Durations ("0.53 s", "12ms", "ETA 3s") are masked on both sides so timings never make a
# golden test flap. On a mismatch the test fails and prints a unified diff; to accept new output,
# run the chapter again with the same flags and overwrite EXPECTED (the failure message prints
# the exact command).
function(nn_add_golden_test name exe expected)
  add_test(NAME ${name}
    COMMAND ${CMAKE_COMMAND} -DEXE=${exe} -DEXPECTED=${expected} "-DARGS=${ARGN}"
            -DWORK=${PROJECT_BINARY_DIR}/golden -P ${PROJECT_SOURCE_DIR}/cmake/golden_check.cmake
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "OPENBLAS_NUM_THREADS=1" LABELS golden)
endfunction()
