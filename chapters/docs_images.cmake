# Script mode (cmake -P): regenerates one chapter's README images in docs/images/<slug>/.
#   -DCHAPTER=<the chapter's executable>  -DSLUG=<its folder, e.g. 10_batchnorm>
#   -DSOURCE=<repository>  -DWORK=<scratch folder of the build tree>
# Runs the chapter with its default flags and --plot png in a scratch repository root (so plots/ of
# the clone is left alone; a chapter that reads MNIST gets --data-dir SOURCE/data/mnist), then
# copies every PNG it wrote into docs/images/<slug>/. The PNGs are deterministic: an unchanged
# chapter and nn/plot give the same bytes. Used by the target `docs-images` (chapters/
# CMakeLists.txt).
cmake_minimum_required(VERSION 3.25)
foreach(v CHAPTER SLUG SOURCE WORK)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "docs_images: ${v} is not set")
  endif()
endforeach()
set(root "${WORK}/${SLUG}")
file(REMOVE_RECURSE "${root}")
file(MAKE_DIRECTORY "${root}")
execute_process(COMMAND "${CHAPTER}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
set(args --plot png --quiet)
if(help MATCHES "--data-dir")
  list(APPEND args --data-dir "${SOURCE}/data/mnist")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env NN_REPO_ROOT=${root} OPENBLAS_NUM_THREADS=1
                        "${CHAPTER}" ${args}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "docs_images: ${SLUG} exited with ${rc}:\n${err}")
endif()
file(GLOB pngs "${root}/plots/${SLUG}/*.png")
if(NOT pngs)
  message(FATAL_ERROR "docs_images: ${SLUG} wrote no PNG into ${root}/plots/${SLUG}:\n${out}${err}")
endif()
file(COPY ${pngs} DESTINATION "${SOURCE}/docs/images/${SLUG}")
list(LENGTH pngs n)
message(STATUS "docs/images/${SLUG}: ${n} PNG files")
