# nn::armadillo: Armadillo's headers on OpenBLAS directly, without Armadillo's run-time wrapper
# library, so the BLAS that runs is OpenBLAS and never the 18x slower reference BLAS the wrapper may
# resolve to (OpenBLAS provides LAPACK too). Included by nn/CMakeLists.txt and, installed next to
# it, by nnConfig.cmake, so the build and find_package(nn) find them the same way.
# Sets NN_ARMADILLO_FOUND.
if(TARGET nn::armadillo)
  set(NN_ARMADILLO_FOUND TRUE)
  return()
endif()
find_path(NN_ARMADILLO_INCLUDE_DIR armadillo)
find_library(NN_OPENBLAS NAMES openblas)
set(NN_ARMADILLO_FOUND FALSE)
if(NN_ARMADILLO_INCLUDE_DIR AND NN_OPENBLAS)
  add_library(nn::armadillo INTERFACE IMPORTED GLOBAL)
  set_target_properties(nn::armadillo PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${NN_ARMADILLO_INCLUDE_DIR}"
    INTERFACE_COMPILE_DEFINITIONS "ARMA_DONT_USE_WRAPPER;ARMA_USE_BLAS;ARMA_USE_LAPACK"
    INTERFACE_LINK_LIBRARIES "${NN_OPENBLAS}")
  set(NN_ARMADILLO_FOUND TRUE)
endif()
