# Finds the libraries nn-lectures builds on, and says how to install any that is missing.
set(_nn_hint "run `make deps` (or cmake/install-deps.sh build) to install the Debian packages")

find_package(Armadillo QUIET)
if(NOT ARMADILLO_FOUND)
  message(FATAL_ERROR "Armadillo not found: ${_nn_hint}")
endif()

# Armadillo is used without its run-time wrapper and linked to OpenBLAS directly, so the BLAS that
# runs is OpenBLAS and never the 18x slower reference BLAS the wrapper may resolve to.
find_library(NN_OPENBLAS NAMES openblas)
if(NOT NN_OPENBLAS)
  message(FATAL_ERROR "OpenBLAS not found: ${_nn_hint}")
endif()

find_package(ZLIB REQUIRED)
find_package(CLI11 CONFIG QUIET)
if(NOT CLI11_FOUND)
  find_path(NN_CLI11_INCLUDE CLI/CLI.hpp)
  if(NOT NN_CLI11_INCLUDE)
    message(FATAL_ERROR "CLI11 not found: ${_nn_hint}")
  endif()
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${NN_CLI11_INCLUDE})
endif()

if(NN_BUILD_TESTS)
  find_package(GTest QUIET)
  if(NOT GTest_FOUND)
    message(FATAL_ERROR "GoogleTest not found: ${_nn_hint}")
  endif()
endif()
