# Script mode (cmake -P), run by the CTest test crosscheck.build_<cxx> (see crosscheck.cmake):
# configures (once) and builds nn and the chapter executables with a second compiler.
#   -DSOURCE_DIR=<repository>  -DTREE=<build dir>  -DCOMPILER=<clang++-16 | g++>  -DDEPS_GROUP=<group>
# Release flags as the `clang` preset: -O3 -fno-math-errno, -ffp-contract=off (a*b+c is never fused
# into an FMA, which would round differently). No tests, no bench: only what the golden tests run.
cmake_minimum_required(VERSION 3.25)

find_program(cxx NAMES ${COMPILER})
if(NOT cxx)
  message(FATAL_ERROR "crosscheck: ${COMPILER} is not installed, so the chapters cannot be built with a "
                      "second compiler. Install it with `bash cmake/install-deps.sh ${DEPS_GROUP}` (as root; "
                      "otherwise it prints the sudo apt-get line); `make test` does that on first use.")
endif()

string(TIMESTAMP t0 "%s")
if(NOT EXISTS ${TREE}/CMakeCache.txt)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${TREE} -DCMAKE_BUILD_TYPE=Release
            -DCMAKE_CXX_COMPILER=${cxx} -DCMAKE_CXX_FLAGS=-ffp-contract=off -DNN_BUILD_TESTS=OFF
            -DNN_BUILD_CHAPTERS=ON
    OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    file(REMOVE ${TREE}/CMakeCache.txt)  # configure again next time
    message(FATAL_ERROR "crosscheck: configuring ${TREE} with ${cxx} failed (${rc}):\n${out}")
  endif()
endif()

cmake_host_system_information(RESULT jobs QUERY NUMBER_OF_LOGICAL_CORES)
execute_process(COMMAND ${CMAKE_COMMAND} --build ${TREE} --target chapters -j ${jobs}
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  string(LENGTH "${out}" n)
  if(n GREATER 6000)
    math(EXPR start "${n} - 6000")
    string(SUBSTRING "${out}" ${start} 6000 out)
  endif()
  message(FATAL_ERROR "crosscheck: building the chapters with ${cxx} in ${TREE} failed (${rc}); the end of "
                      "the log:\n${out}")
endif()
string(TIMESTAMP t1 "%s")
math(EXPR seconds "${t1} - ${t0}")
message(STATUS "crosscheck: nn and the chapters built with ${cxx} in ${TREE} (${seconds} s)")
