# The chapters' command lines, the way a new student meets them: --help, bad flags, plot modes,
# repeatability of a seed, damaged MNIST files, divergent learning rates. Each test runs one chapter
# executable through cmake/cli_check.cmake and checks the exit code (0 ok, 1 data/shape problem with
# a message naming it, 2 bad flag with CLI11's message), stdout/stderr and a timeout.
#
# Use from tests/CMakeLists.txt (chapters/ must have been added first, so the ch* targets exist):
#   include(${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_tests.cmake)
#   nn_add_cli_tests()

set(NN_CLI_CHECK ${CMAKE_CURRENT_LIST_DIR}/../../cmake/cli_check.cmake)
get_filename_component(NN_CLI_CHECK ${NN_CLI_CHECK} ABSOLUTE)
set(NN_CLI_DIR ${CMAKE_CURRENT_LIST_DIR})

# nn_cli_test(<name> <chapter slug> ARGS a b ... [TARGET exe] [EXPECT_RC n] [STDOUT_MATCH re...] [STDOUT_NOT re...]
#             [STDERR_MATCH re...] [STDERR_NOT re...] [TIMEOUT s] [MEMORY_LIMIT_MB n] [RUN_TWICE]
#             [DAMAGE kind] [SCRATCH] [EXPECT_FILES glob] [EXPECT_NO_FILES]
#             [WORKDIR dir] [ROOT dir] [EXPECT_STDOUT_FILE file] [EXPECT_NO_PATH path] [DAMAGE_DIR rel])
# Runs from the repository root unless SCRATCH (then in an empty directory of the build tree that is
# also the chapter's repository root, NN_REPO_ROOT, so no plots land in the source tree; the
# directory is emptied before each run) or WORKDIR (run there, nothing emptied). ROOT sets
# NN_REPO_ROOT (EXPECT_FILES then counts from it). DAMAGE writes a tiny damaged MNIST set into the
# build tree and adds --data-dir pointing at it (with DAMAGE_DIR: at that path relative to the
# working directory, passed relative as it is). ROOT is emptied before the run. EXPECT_STDOUT_FILE: stdout equals the file, timings
# masked. EXPECT_NO_PATH: the path (relative to the working directory) is removed before the run
# and must not exist after it.
function(nn_cli_test name slug)
  cmake_parse_arguments(T "RUN_TWICE;SCRATCH;EXPECT_NO_FILES"
                        "EXPECT_RC;TIMEOUT;MEMORY_LIMIT_MB;DAMAGE;EXPECT_FILES;TARGET;WORKDIR;ROOT;EXPECT_STDOUT_FILE;EXPECT_NO_PATH;DAMAGE_DIR"
                        "ARGS;STDOUT_MATCH;STDOUT_NOT;STDERR_MATCH;STDERR_NOT" ${ARGN})
  set(target ch${slug})
  if(T_TARGET)
    set(target ${T_TARGET})  # another executable (the bench, added after tests/)
  elseif(NOT TARGET ${target})
    # a missing chapter is an error, not a silently skipped test
    message(FATAL_ERROR "nn_add_cli_tests: no target ${target} (add chapters/ before tests/)")
  endif()
  set(test_name cli.${slug}.${name})
  set(work ${PROJECT_BINARY_DIR}/cli/${slug}.${name})
  set(args ${T_ARGS})
  set(defs "")
  if(T_DAMAGE AND T_DAMAGE_DIR)
    if(NOT T_WORKDIR)
      message(FATAL_ERROR "nn_cli_test(${name}): DAMAGE_DIR needs WORKDIR")
    endif()
    list(APPEND defs -DDAMAGE=${T_DAMAGE} -DDATA_DIR=${T_WORKDIR}/${T_DAMAGE_DIR})
    list(APPEND args --data-dir ${T_DAMAGE_DIR})
  elseif(T_DAMAGE)
    list(APPEND defs -DDAMAGE=${T_DAMAGE} -DDATA_DIR=${work}/data)
    list(APPEND args --data-dir ${work}/data)
  endif()
  if(NOT DEFINED T_EXPECT_RC)
    set(T_EXPECT_RC 0)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  set(workdir ${PROJECT_SOURCE_DIR})
  set(env "OPENBLAS_NUM_THREADS=1")
  if(T_SCRATCH)
    set(workdir ${work}/cwd)
    list(APPEND defs -DCLEAN_WORKDIR=ON)
    list(APPEND env "NN_REPO_ROOT=${workdir}")
  elseif(T_WORKDIR)
    set(workdir ${T_WORKDIR})
  endif()
  if(T_ROOT)
    list(APPEND env "NN_REPO_ROOT=${T_ROOT}")
    list(APPEND defs -DROOT=${T_ROOT})
  endif()
  if(T_EXPECT_FILES)
    list(APPEND defs -DEXPECT_FILES=${T_EXPECT_FILES})
  endif()
  if(T_EXPECT_STDOUT_FILE)
    list(APPEND defs -DEXPECT_STDOUT_FILE=${T_EXPECT_STDOUT_FILE})
  endif()
  if(T_EXPECT_NO_PATH)
    list(APPEND defs -DEXPECT_NO_PATH=${T_EXPECT_NO_PATH})
  endif()
  if(T_EXPECT_NO_FILES)
    list(APPEND defs -DEXPECT_NO_FILES=ON)
  endif()
  foreach(v ARGS STDOUT_MATCH STDOUT_NOT STDERR_MATCH STDERR_NOT)
    if(v STREQUAL "ARGS")
      set(_l ${args})
    else()
      set(_l ${T_${v}})
    endif()
    string(REPLACE ";" "@@" _s "${_l}")
    list(APPEND defs "-D${v}=${_s}")
  endforeach()
  if(T_MEMORY_LIMIT_MB)
    list(APPEND defs -DMEMORY_LIMIT_MB=${T_MEMORY_LIMIT_MB})
    # AddressSanitizer cannot start under an address-space limit: cli_check uses ASan's limits then
    if("${CMAKE_CXX_FLAGS}" MATCHES "-fsanitize=[^ ]*address")
      list(APPEND defs -DSANITIZED_ADDRESS=ON)
    endif()
  endif()
  if(T_RUN_TWICE)
    list(APPEND defs -DRUN_TWICE=ON)
  endif()
  add_test(NAME ${test_name}
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:${target}> ${defs} -DEXPECT_RC=${T_EXPECT_RC}
            -DTIMEOUT=${T_TIMEOUT} -DWORKDIR=${workdir} -P ${NN_CLI_CHECK}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  math(EXPR ctest_timeout "${T_TIMEOUT} * 2 + 30")
  set_tests_properties(${test_name} PROPERTIES
    ENVIRONMENT "${env}" LABELS cli TIMEOUT ${ctest_timeout})
endfunction()

function(nn_add_cli_tests)
  if(DEFINED NN_BUILD_CHAPTERS AND NOT NN_BUILD_CHAPTERS)
    message(STATUS "cli tests: not added (NN_BUILD_CHAPTERS is OFF, no chapter executables)")
    return()
  endif()
  # every chapter folder with a main.cpp gets the flag tests (they only parse the command line)
  file(GLOB mains CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/chapters/[0-9][0-9]_*/main.cpp)
  set(all "")
  foreach(m ${mains})
    get_filename_component(d ${m} DIRECTORY)
    get_filename_component(d ${d} NAME)
    list(APPEND all ${d})
  endforeach()
  list(SORT all)
  # chapters run in full (list a new chapter here once it is done; needs no MNIST, runs in seconds); (06 trains on MNIST: its runs are the golden test's)
  set(quick 00_tensors 01_perceptron 02_linear_regression 03_logistic_regression
            04_softmax_multilabel 05_activations_losses 07_backprop_by_hand 08_sgd_optimizers
            09_initialization 10_batchnorm 11_dropout_regularization)
  set(with_epochs 01_perceptron 02_linear_regression 03_logistic_regression 04_softmax_multilabel 06_mlp
                  10_batchnorm 11_dropout_regularization)
  set(with_lr 01_perceptron 02_linear_regression 03_logistic_regression 04_softmax_multilabel)
  # a CLI11 range message, never a 300-digit DBL_MAX (CLI::PositiveNumber on a double)
  set(no_garbage "[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]")

  # chapters that read a data set, and so take --data-dir
  set(with_data 06_mlp)
  foreach(slug ${all})
    # --help names every shared flag in words ("--epochs N ... (1 to 100000; default 20)"), not
    # CLI11's "INT:INT in [1 - 100000]=20"; --data-dir only where the chapter reads data
    if(slug IN_LIST with_data)
      set(data_flag STDOUT_MATCH "--data-dir DIR")
    else()
      set(data_flag STDOUT_NOT "--data-dir")
    endif()
    nn_cli_test(help ${slug} ARGS --help TIMEOUT 20
      STDOUT_MATCH "--seed N" "--plot png\\|term\\|none" "--quiet" "--threads N" "default 42"
      STDOUT_NOT "UINT" "INT:" "FLOAT:" "TEXT:" "=42" ${data_flag})
    nn_cli_test(bad_threads ${slug} ARGS --threads 0 EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--threads" "between 1 and 1024")
    nn_cli_test(bad_flag ${slug} ARGS --bogus EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--bogus" "--help")
    nn_cli_test(bad_plot ${slug} ARGS --plot pdf EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--plot" "pdf")
    nn_cli_test(bad_seed ${slug} ARGS --seed abc EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--seed")
    nn_cli_test(missing_value ${slug} ARGS --plot EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--plot")
  endforeach()
  # the shared flags live in nn/app/chapter.cpp: one chapter is enough to pin them
  nn_cli_test(negative_seed 00_tensors ARGS --seed -1 --plot none EXPECT_RC 2 TIMEOUT 20
    STDERR_MATCH "--seed")
  nn_cli_test(seed_overflow 00_tensors ARGS --seed 18446744073709551616 --plot none EXPECT_RC 2
    TIMEOUT 20 STDERR_MATCH "--seed")

  foreach(slug ${quick})
    nn_cli_test(plot_term ${slug} ARGS --plot term SCRATCH EXPECT_NO_FILES TIMEOUT 60
      STDERR_NOT "error" "gnuplot")
    # no flags: PNGs land in plots/<slug>/ under the working directory, none of them empty
    nn_cli_test(plot_png ${slug} ARGS SCRATCH TIMEOUT 60 EXPECT_FILES "plots/${slug}/*.png"
      STDERR_NOT "error" "gnuplot")
    nn_cli_test(plot_none ${slug} ARGS --plot none SCRATCH EXPECT_NO_FILES TIMEOUT 60)
    nn_cli_test(quiet ${slug} ARGS --quiet --plot none SCRATCH EXPECT_NO_FILES TIMEOUT 60)
    nn_cli_test(same_seed ${slug} ARGS --seed 7 --plot none SCRATCH RUN_TWICE TIMEOUT 60)
  endforeach()

  # a mistyped flag names the closest one
  foreach(slug ${with_epochs})
    nn_cli_test(did_you_mean ${slug} ARGS --epoch 5 --plot none EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--epoch: unknown flag; did you mean --epochs\\?" "--help")
  endforeach()
  nn_cli_test(data_dir_refused 02_linear_regression ARGS --data-dir data/mnist EXPECT_RC 2
    TIMEOUT 20 STDERR_MATCH "--data-dir: unknown flag" "reads no data")
  nn_cli_test(positional_refused 02_linear_regression ARGS 5 EXPECT_RC 2 TIMEOUT 20
    STDERR_MATCH "unexpected argument 5")
  nn_cli_test(bad_repo_root 00_tensors ARGS --plot none ROOT ${PROJECT_BINARY_DIR}/cli/no-such-root
    EXPECT_RC 2 TIMEOUT 20 STDERR_MATCH "NN_REPO_ROOT=.*no-such-root is not a directory")

  # Run from the build folder (cd build/release/chapters && ./chNN_slug): the same stdout as from
  # the repository root (the golden file, with the golden test's flags), MNIST found, no plots/
  # written there.
  foreach(slug ${all})
    set(golden ${PROJECT_SOURCE_DIR}/chapters/${slug}/expected_output.txt)
    if(NOT EXISTS ${golden})
      continue()
    endif()
    set(extra "")
    if(EXISTS ${PROJECT_SOURCE_DIR}/chapters/${slug}/golden_args.txt)
      file(STRINGS ${PROJECT_SOURCE_DIR}/chapters/${slug}/golden_args.txt extra)
      string(REPLACE " " ";" extra "${extra}")
    endif()
    nn_cli_test(from_build_dir ${slug} ARGS --plot none ${extra} WORKDIR ${PROJECT_BINARY_DIR}/chapters
      EXPECT_STDOUT_FILE ${golden} EXPECT_NO_PATH plots TIMEOUT 120)
  endforeach()
  # PNGs from the build folder land under the root (here NN_REPO_ROOT, so not in the source tree)
  nn_cli_test(plots_from_build_dir 01_perceptron ARGS WORKDIR ${PROJECT_BINARY_DIR}/chapters
    ROOT ${PROJECT_BINARY_DIR}/cli/01_perceptron.plots_from_build_dir/root
    EXPECT_FILES "plots/01_perceptron/*.png" EXPECT_NO_PATH plots TIMEOUT 60)
  # a relative --data-dir counts from the folder the chapter was started in, not from the root
  nn_cli_test(relative_data_dir 06_mlp ARGS --plot none --epochs 1 --compare-epochs 1
    WORKDIR ${PROJECT_BINARY_DIR}/cli/06_mlp.relative_data_dir
    ROOT ${PROJECT_BINARY_DIR}/cli/06_mlp.relative_data_dir/root DAMAGE none DAMAGE_DIR relative/data
    EXPECT_RC 1 TIMEOUT 60 STDERR_MATCH "06_mlp.relative_data_dir/relative/data" "60000|60,000")

  foreach(slug ${with_epochs})
    nn_cli_test(negative_epochs ${slug} ARGS --epochs -3 --plot none EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--epochs" STDERR_NOT "${no_garbage}")
    nn_cli_test(zero_epochs ${slug} ARGS --epochs 0 --plot none EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--epochs" STDERR_NOT "${no_garbage}")
    nn_cli_test(text_epochs ${slug} ARGS --epochs ten --plot none EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--epochs")
  endforeach()
  foreach(slug ${with_lr})
    foreach(lr 0 -1 nan inf)
      string(REPLACE "-" "minus" n "${lr}")
      nn_cli_test(bad_lr_${n} ${slug} ARGS --lr ${lr} --plot none EXPECT_RC 2 TIMEOUT 20
        STDERR_MATCH "--lr" STDERR_NOT "${no_garbage}")
    endforeach()
  endforeach()
  # a large but finite learning rate either trains to finite numbers or stops with a DataError
  # (exit 1) naming the divergence: it never prints NaN/inf as if they were results
  foreach(slug 01_perceptron 03_logistic_regression 04_softmax_multilabel)
    nn_cli_test(large_lr ${slug} ARGS --lr 1e6 --plot none TIMEOUT 60
      STDOUT_NOT "[Nn][Aa][Nn]" "[^a-z]inf[^a-z]")
  endforeach()
  # a learning rate near DBL_MAX makes the weights 300-digit numbers: printed whole, never cut
  # short by a fixed buffer (before: lines cut at 64/160 characters and run together)
  string(REPEAT "[0-9]" 300 digits300)
  nn_cli_test(huge_lr 01_perceptron ARGS --lr 1e308 --plot none TIMEOUT 60
    STDOUT_MATCH "${digits300}\\.0000" "errors after [0-9]+\n  epoch" STDOUT_NOT "epoch [^\n]*  epoch ")
  nn_cli_test(divergent_lr 02_linear_regression ARGS --lr 1e6 --plot none EXPECT_RC 1 TIMEOUT 60
    STDERR_MATCH "diverge|not finite|NaN|inf" STDOUT_NOT "[Nn][Aa][Nn]")
  nn_cli_test(bad_batch_size 02_linear_regression ARGS --batch-size 0 --plot none EXPECT_RC 2
    TIMEOUT 20 STDERR_MATCH "--batch-size")
  nn_cli_test(bad_examples 02_linear_regression ARGS --examples 2 --plot none EXPECT_RC 2
    TIMEOUT 20 STDERR_MATCH "--examples")
  nn_cli_test(bad_per_class 03_logistic_regression ARGS --per-class 1 --plot none EXPECT_RC 2
    TIMEOUT 20 STDERR_MATCH "--per-class")
  nn_cli_test(bad_decay 10_batchnorm ARGS --decay -1 --plot none EXPECT_RC 2 TIMEOUT 20
    STDERR_MATCH "--decay" "1000")
  nn_cli_test(bad_dataset 06_mlp ARGS --dataset cifar EXPECT_RC 2 TIMEOUT 20
    STDERR_MATCH "--dataset" "cifar")
  nn_cli_test(bad_compare_epochs 06_mlp ARGS --compare-epochs 0 EXPECT_RC 2 TIMEOUT 20
    STDERR_MATCH "--compare-epochs")

  # Chapter 06 on damaged MNIST files: exit 1, a message naming the file and the problem, fast,
  # and under a 400 MB address-space limit (no multi-gigabyte allocation).
  set(mnist_args --plot none --epochs 1 --compare-epochs 1)
  set(tri "train-images-idx3-ubyte")
  set(trl "train-labels-idx1-ubyte")
  macro(damaged name)
    nn_cli_test(${name} 06_mlp ARGS ${mnist_args} DAMAGE ${name} EXPECT_RC 1 TIMEOUT 60
      MEMORY_LIMIT_MB 400 SCRATCH ${ARGN})
  endmacro()
  damaged(missing STDERR_MATCH "${tri}" "not found" "make data|fetch-mnist")
  damaged(dir_is_file STDERR_MATCH "data/${tri}|data: not a directory|not a directory")
  damaged(empty_file STDERR_MATCH "${tri}" "short|empty")
  damaged(truncated STDERR_MATCH "${tri}" "truncated")
  damaged(truncated_header STDERR_MATCH "${tri}" "short|truncated")
  damaged(wrong_magic STDERR_MATCH "${tri}" "magic")
  damaged(wrong_type STDERR_MATCH "${tri}" "type")
  damaged(count_mismatch STDERR_MATCH "${tri}" "${trl}" "20" "19")
  damaged(test_count_mismatch STDERR_MATCH "t10k-images-idx3-ubyte" "t10k-labels-idx1-ubyte" "10" "11")
  damaged(huge_dimension STDERR_MATCH "${tri}" "4294967295")
  damaged(huge_dimension_under_limit STDERR_MATCH "${tri}" "truncated|1000000")
  damaged(huge_labels STDERR_MATCH "${trl}" "truncated|1000000000")
  damaged(directory STDERR_MATCH "${tri}" "directory")
  damaged(label_out_of_range STDERR_MATCH "${trl}" "11")
  damaged(wrong_shape STDERR_MATCH "${tri}" "28 x 27")
  damaged(trailing_bytes STDERR_MATCH "${tri}" "trailing|extra|longer")
  damaged(gzip_garbage STDERR_MATCH "${tri}\\.gz" "gzip|zlib")
  damaged(zero_dimensions STDERR_MATCH "${tri}" "dimension")
  nn_cli_test(fashion_missing 06_mlp ARGS ${mnist_args} --dataset fashion DAMAGE missing EXPECT_RC 1
    TIMEOUT 60 MEMORY_LIMIT_MB 400 SCRATCH STDERR_MATCH "${tri}" "dataset-fashion-mnist")
  # --data-dir naming a file: the real reason, not "not found ... run make data"
  nn_cli_test(data_dir_is_a_file 06_mlp ARGS ${mnist_args} --data-dir ${NN_CLI_DIR}/cli_tests.cmake EXPECT_RC 1
    TIMEOUT 60 MEMORY_LIMIT_MB 400 SCRATCH STDERR_MATCH "cli_tests.cmake' is a regular file, not a directory"
    STDERR_NOT "not found" "make data")
  # Chapter 06 on MNIST-sized damaged directories built by cmake/bad-mnist.sh (gzip bombs, counts
  # that disagree, cut or corrupt gzip streams, huge headers, a FIFO, a device, symbolic-link loops,
  # bad labels, a damaged test set after an intact training set...): exit 1 within 60 s, a message
  # naming the file and the damage, and a peak RSS under 600 MB measured by peak_rss; low_memory
  # runs an intact set under `ulimit -v` and checks that the out-of-memory message names the file.
  add_executable(nn_peak_rss ${NN_CLI_DIR}/peak_rss.cpp)
  execute_process(COMMAND bash ${PROJECT_SOURCE_DIR}/cmake/bad-mnist.sh list OUTPUT_VARIABLE bad_kinds
                  OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
  string(REGEX REPLACE "[ \n]+" ";" bad_kinds "${bad_kinds}")
  foreach(kind ${bad_kinds} low_memory)
    add_test(NAME cli.06_mlp.full_${kind}
      COMMAND bash ${PROJECT_SOURCE_DIR}/cmake/bad-mnist.sh check ${kind} ${PROJECT_BINARY_DIR}/cli/bad-mnist/${kind}
              $<TARGET_FILE:ch06_mlp> $<TARGET_FILE:nn_peak_rss>)
    set_tests_properties(cli.06_mlp.full_${kind} PROPERTIES LABELS cli TIMEOUT 150 ENVIRONMENT "OPENBLAS_NUM_THREADS=1")
  endforeach()
  # intact but tiny files: the chapter says it needs the full 60,000/10,000 images
  nn_cli_test(too_small 06_mlp ARGS ${mnist_args} DAMAGE none EXPECT_RC 1 TIMEOUT 60
    MEMORY_LIMIT_MB 400 SCRATCH STDERR_MATCH "60000|60,000")
  # the benchmark's flags (make bench): bad values exit 2 with a message naming the flag
  if(EXISTS ${PROJECT_SOURCE_DIR}/bench/CMakeLists.txt)
    nn_cli_test(bad_epochs bench TARGET bench ARGS --epochs 0 EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--epochs" "between 1 and 100000" STDERR_NOT "[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]")
    nn_cli_test(bad_seed bench TARGET bench ARGS --seed -1 EXPECT_RC 2 TIMEOUT 20 STDERR_MATCH "--seed")
    nn_cli_test(bad_flag bench TARGET bench ARGS --bogus EXPECT_RC 2 TIMEOUT 20 STDERR_MATCH "--bogus")
    nn_cli_test(bad_limit_repeats bench TARGET bench ARGS --limit-repeats -1 EXPECT_RC 2 TIMEOUT 20
      STDERR_MATCH "--limit-repeats")
    nn_cli_test(missing_data bench TARGET bench ARGS --data-dir ${PROJECT_BINARY_DIR}/cli/no-such-dir
      --limit-repeats 0 EXPECT_RC 1 TIMEOUT 20 STDERR_MATCH "data file not found" "make data")
  endif()
endfunction()
