# The golden tests again, the way other machines run them (issue 9: same numbers on every machine).
# Included from chapters/CMakeLists.txt when the tests are built. For every chapter with a golden
# file, nn_add_golden_crosschecks() adds, next to golden.<chapter>:
#   golden_blas.<chapter>   OPENBLAS_CORETYPE=Prescott: OpenBLAS's SSE3 kernels, whose GEMM rounds
#                           differently from the AVX2/AVX-512 kernels most machines pick
#   golden_libm.<chapter>   GLIBC_TUNABLES without AVX2/FMA/AVX-512: glibc's exp/log/sin/tanh take
#                           their other code paths, which differ in the last bit
#   golden_<cxx>.<chapter>  the chapter built by the other compiler (Clang when this tree is GCC,
#                           GCC when it is Clang), whose order of unsequenced evaluations differs
#   golden_reference.<chapter>  NN_KERNELS=reference: the textbook loops instead of the tuned kernels
#                           (only once nn/kernels/, the seam that reads the variable, exists)
# The other compiler's tree is ${PROJECT_BINARY_DIR}/crosscheck-<cxx>: nn and the chapters only
# (NN_BUILD_TESTS=OFF), configured and built by the test crosscheck.build_<cxx> (a CTest fixture,
# so the summary line counts it and its golden tests wait for it).

set(NN_CROSSCHECK_BLAS_ENV "OPENBLAS_CORETYPE=Prescott")
set(NN_CROSSCHECK_LIBM_ENV "GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F")
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(NN_CROSSCHECK_CXX gcc)
  set(NN_CROSSCHECK_CXX_COMPILER g++)
  set(NN_CROSSCHECK_CXX_PACKAGE "build")
else()
  set(NN_CROSSCHECK_CXX clang)
  set(NN_CROSSCHECK_CXX_COMPILER clang++-16)
  set(NN_CROSSCHECK_CXX_PACKAGE "clang")
endif()
set(NN_CROSSCHECK_TREE ${PROJECT_BINARY_DIR}/crosscheck-${NN_CROSSCHECK_CXX})

# The build of the other compiler's tree: once, before its golden tests.
function(nn_add_crosscheck_build)
  set(name crosscheck.build_${NN_CROSSCHECK_CXX})
  add_test(NAME ${name}
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DTREE=${NN_CROSSCHECK_TREE}
            -DCOMPILER=${NN_CROSSCHECK_CXX_COMPILER} -DDEPS_GROUP=${NN_CROSSCHECK_CXX_PACKAGE}
            -P ${PROJECT_SOURCE_DIR}/cmake/crosscheck_build.cmake
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  # COST: started first, so the build overlaps the rest of the suite
  set_tests_properties(${name} PROPERTIES FIXTURES_SETUP crosscheck_${NN_CROSSCHECK_CXX}
    LABELS "golden;crosscheck" TIMEOUT 1500 COST 10000)
endfunction()

# nn_add_golden_crosschecks(<chapter dir> <expected file> <args...>)
function(nn_add_golden_crosschecks dir expected)
  nn_add_golden_test(golden_blas.${dir} $<TARGET_FILE:ch${dir}> ${expected}
    VARIANT "OpenBLAS's Prescott kernels (another CPU's matrix-product rounding)"
    ENV ${NN_CROSSCHECK_BLAS_ENV} ARGS ${ARGN})
  nn_add_golden_test(golden_libm.${dir} $<TARGET_FILE:ch${dir}> ${expected}
    VARIANT "glibc's libm without its AVX2/FMA/AVX-512 paths (another CPU's exp/log last bits)"
    ENV ${NN_CROSSCHECK_LIBM_ENV} ARGS ${ARGN})
  nn_add_golden_test(golden_${NN_CROSSCHECK_CXX}.${dir} ${NN_CROSSCHECK_TREE}/chapters/ch${dir} ${expected}
    VARIANT "the chapter built with ${NN_CROSSCHECK_CXX_COMPILER} (another compiler)"
    FIXTURE crosscheck_${NN_CROSSCHECK_CXX} ARGS ${ARGN})
  set_tests_properties(golden_blas.${dir} golden_libm.${dir} golden_${NN_CROSSCHECK_CXX}.${dir}
    PROPERTIES LABELS "golden;crosscheck")
  if(EXISTS ${PROJECT_SOURCE_DIR}/nn/kernels)
    nn_add_golden_test(golden_reference.${dir} $<TARGET_FILE:ch${dir}> ${expected}
      VARIANT "NN_KERNELS=reference (the textbook loops instead of the tuned kernels)"
      ENV NN_KERNELS=reference ARGS ${ARGN})
    set_tests_properties(golden_reference.${dir} PROPERTIES LABELS "golden;crosscheck")
  endif()
endfunction()
