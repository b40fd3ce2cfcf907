# Script mode (cmake -P): runs EXE with ARGS ("@@"-separated) and compares stdout with EXPECTED.
# See golden.cmake for the variables.
string(REPLACE "@@" ";" args "${ARGS}")

# The command as a person types it from the repository root (paths relative to it when inside).
function(relative_to_source out path)
  file(RELATIVE_PATH rel "${SOURCE_DIR}" "${path}")
  if(rel MATCHES "^\\.\\./")
    set(rel "${path}")
  endif()
  set(${out} "${rel}" PARENT_SCOPE)
endfunction()
relative_to_source(exe_shown "${EXE}")
relative_to_source(expected_shown "${EXPECTED}")
string(REPLACE ";" " " args_shown "${args}")
set(command_shown "${exe_shown} ${args_shown}")
if(NOT "${VARIANT_ENV}" STREQUAL "")
  set(under " under ${VARIANT_ENV}")
  set(env_prefix "${VARIANT_ENV} ")
else()
  set(under "")
  set(env_prefix "")
endif()

if(NOT EXISTS "${EXE}")
  message(FATAL_ERROR "${EXE} does not exist: build it first (${VARIANT})")
endif()
execute_process(COMMAND ${EXE} ${args} OUTPUT_VARIABLE actual ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "`${command_shown}`${under} (in ${SOURCE_DIR}) exited with ${rc}\nstderr:\n${err}")
endif()
file(READ ${EXPECTED} expected)

function(mask_timings var text)
  string(REGEX REPLACE "[0-9]+(\\.[0-9]+)? ?(ms|s|min)([^a-zA-Z]|$)" "<time>\\3" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()
mask_timings(actual_masked "${actual}")
mask_timings(expected_masked "${expected}")

if(NOT actual_masked STREQUAL expected_masked)
  file(MAKE_DIRECTORY ${WORK})
  file(WRITE ${WORK}/${NAME}.actual.txt "${actual_masked}")
  file(WRITE ${WORK}/${NAME}.expected.txt "${expected_masked}")
  execute_process(COMMAND diff -u ${WORK}/${NAME}.expected.txt ${WORK}/${NAME}.actual.txt
                  OUTPUT_VARIABLE diff)
  # NOTICE prints the diff as it is (FATAL_ERROR re-wraps text; only indented lines stay verbatim)
  message(NOTICE "stdout of `${command_shown}`${under} differs from ${expected_shown} (timings masked):\n${diff}")
  if("${VARIANT}" STREQUAL "")
    message(FATAL_ERROR "${NAME}: the output differs from ${expected_shown} (diff above). If the change "
      "is intended, regenerate the file from the repository root:\n"
      "  cd ${SOURCE_DIR} && OPENBLAS_NUM_THREADS=1 ${command_shown} > ${expected_shown}\n"
      "then check that the new output does not depend on the CPU or the compiler (the golden_blas.*, "
      "golden_libm.*, golden_clang.* -- golden_gcc.* in a Clang build -- and golden_reference.* tests run "
      "it with other BLAS kernels, another libm code path, the other compiler and nn's textbook loops):\n"
      "  ctest --test-dir ${BINARY_DIR} -L golden\n")
  else()
    message(FATAL_ERROR "${NAME}: with ${VARIANT} the output differs from ${expected_shown} (diff above): "
      "a printed number depends on the machine, so a student's CPU or compiler prints other digits. "
      "Do not regenerate the file on this machine; make the output independent of it (a run that does "
      "not amplify rounding, one random draw per statement, ...). To reproduce:\n"
      "  cd ${SOURCE_DIR} && OPENBLAS_NUM_THREADS=1 ${env_prefix}${command_shown}\n")
  endif()
endif()
message(STATUS "golden output matches ${expected_shown}${under}")
