# Script mode (cmake -P): runs EXE with ARGS and compares stdout with EXPECTED. See golden.cmake.
execute_process(COMMAND ${EXE} ${ARGS} OUTPUT_VARIABLE actual ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} ${ARGS} exited with ${rc}\nstderr:\n${err}")
endif()
file(READ ${EXPECTED} expected)

function(mask_timings var text)
  string(REGEX REPLACE "[0-9]+(\\.[0-9]+)? ?(ms|s|min)([^a-zA-Z]|$)" "<time>\\3" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()
mask_timings(actual_masked "${actual}")
mask_timings(expected_masked "${expected}")

if(NOT actual_masked STREQUAL expected_masked)
  get_filename_component(stem ${EXPECTED} DIRECTORY)
  get_filename_component(stem ${stem} NAME)
  file(MAKE_DIRECTORY ${WORK})
  file(WRITE ${WORK}/${stem}.actual.txt "${actual_masked}")
  file(WRITE ${WORK}/${stem}.expected.txt "${expected_masked}")
  execute_process(COMMAND diff -u ${WORK}/${stem}.expected.txt ${WORK}/${stem}.actual.txt
                  OUTPUT_VARIABLE diff)
  message(FATAL_ERROR "stdout of ${EXE} ${ARGS} differs from ${EXPECTED} (timings masked):\n${diff}\n"
                      "If the change is intended, regenerate the file:\n  ${EXE} ${ARGS} > ${EXPECTED}")
endif()
message(STATUS "golden output matches ${EXPECTED}")
