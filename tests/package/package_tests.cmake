# The README's "A first program", built the three ways the README gives, from fresh CMake projects
# outside the repository (in the system's temporary directory), so the section stays true:
#   package.install           cmake --install of this build into a fresh prefix; the installed CMake
#                             and pkg-config files name no path of the source or build tree
#   package.find_package      the README's first.cpp and CMakeLists.txt (find_package(nn)) against
#                             that prefix: configure, build, run on MNIST; its last line must be the
#                             README's; a missing data folder exits 1 with nn's message
#   package.pkg_config        first.cpp built with the README's pkg-config line (C++20), and every
#                             installed header compiled as C++17 with -Wpedantic -Werror
#   package.add_subdirectory  the README's CMakeLists.txt with add_subdirectory(nn-lectures
#                             EXCLUDE_FROM_ALL): configures only the library, and first.cpp compiles
#                             (not linked: that would build the library a second time)
# Each test runs tests/package/package_check.cmake with one STEP.
#
# Use from tests/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/package/package_tests.cmake)
#   nn_add_package_tests()

set(NN_PACKAGE_CHECK ${CMAKE_CURRENT_LIST_DIR}/package_check.cmake)

function(nn_add_package_tests)
  if(NOT NN_INSTALL)
    message(STATUS "package tests: not added (NN_INSTALL is OFF)")
    return()
  endif()
  set(tmp "$ENV{TMPDIR}")
  if(tmp STREQUAL "")
    set(tmp /tmp)
  endif()
  string(MD5 id "${PROJECT_BINARY_DIR}")
  string(SUBSTRING "${id}" 0 8 id)
  set(work "${tmp}/nn-package-test-${id}")  # one per build tree, outside the repository
  set(common -DSOURCE=${PROJECT_SOURCE_DIR} -DBUILD=${PROJECT_BINARY_DIR} -DWORK=${work}
             -DCXX=${CMAKE_CXX_COMPILER} -DCONFIG=$<CONFIG>)
  foreach(step install find_package pkg_config add_subdirectory)
    add_test(NAME package.${step}
      COMMAND ${CMAKE_COMMAND} -DSTEP=${step} ${common} -P ${NN_PACKAGE_CHECK})
    # COST: each step compiles the README's program (and find_package trains it for 10 epochs):
    # ahead of the many short tests, so none of them is left to run alone at the end
    set_tests_properties(package.${step} PROPERTIES LABELS package TIMEOUT 600 COST 100
      ENVIRONMENT "OPENBLAS_NUM_THREADS=1")
  endforeach()
  set_tests_properties(package.install PROPERTIES FIXTURES_SETUP nn_installed)
  set_tests_properties(package.find_package package.pkg_config PROPERTIES FIXTURES_REQUIRED nn_installed)
endfunction()
