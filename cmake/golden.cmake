# nn_add_golden_test(NAME EXE EXPECTED [VARIANT <text>] [ENV <var=value>...] [FIXTURE <name>]
#                    [ARGS <arg>...])
# Adds a CTest test that runs EXE ARGS from the repository root and compares its stdout with the file
# EXPECTED. Durations ("0.53 s", "12ms", "ETA 3s") are masked on both sides so timings never make a
# golden test flap. On a mismatch the test fails and prints a unified diff and, for the plain test,
# the exact command that regenerates EXPECTED.
#
# VARIANT names what differs from the plain run (another BLAS kernel, another libm path, another
# compiler), ENV sets the variables that make the difference, FIXTURE names a CTest fixture the test
# needs (the Clang build). A variant that differs from EXPECTED means a printed number depends on
# the CPU or the compiler: its message says so instead of offering to regenerate the file.
function(nn_add_golden_test name exe expected)
  cmake_parse_arguments(G "" "VARIANT;FIXTURE" "ENV;ARGS" ${ARGN})
  # "@@" separates the arguments: a ";" would split the -D value when CTest runs the command
  string(REPLACE ";" "@@" _args "${G_ARGS}")
  string(REPLACE ";" " " _env "${G_ENV}")  # shown in the failure message
  set(_test_env OPENBLAS_NUM_THREADS=1 ${G_ENV})
  add_test(NAME ${name}
    COMMAND ${CMAKE_COMMAND} -DNAME=${name} -DEXE=${exe} -DEXPECTED=${expected} "-DARGS=${_args}"
            "-DVARIANT=${G_VARIANT}" "-DVARIANT_ENV=${_env}" -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DBINARY_DIR=${PROJECT_BINARY_DIR} -DWORK=${PROJECT_BINARY_DIR}/golden -P ${PROJECT_SOURCE_DIR}/cmake/golden_check.cmake
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${_test_env}" LABELS golden)
  if(G_FIXTURE)
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED ${G_FIXTURE})
  endif()
endfunction()
