# A thin wrapper over CMake presets: each target installs what it needs on first use (idempotent).
#   make tour       apt packages + MNIST, Release build of the chapters, every chapter in order
#   make test       the same set-up (and the docs tools), then the whole CTest suite
#   make docs       Doxygen HTML in build/docs/html (offline MathJax), every page checked in Chromium
#   make bench      the MNIST training benchmark; make bench-peers adds PyTorch and NumPy
#   make notebooks  executes every notebook in notebooks/ headless
#   make homework   the starter tree for students in homework/ (see docs/homework.md)
#   make fuzz       every libFuzzer target of tests/fuzz for FUZZ_SECONDS (60) each, then a table
MAKEFLAGS += --no-print-directory
PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60

.PHONY: all deps data configure build tour test docs bench bench-peers notebooks homework fuzz clean

all: build

deps:
	@bash cmake/install-deps.sh build

data: deps
	@bash cmake/fetch-mnist.sh data/mnist

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

# builds only what the tour runs (the library and the chapters, no test), one line per target
tour: data configure
	@JOBS=$(JOBS) bash cmake/tour.sh --build $(PRESET) $(BUILD)/chapters

# The suite cross-checks the chapters' golden output with a second compiler (cmake/crosscheck.cmake):
# Clang is installed here on first use; without it the crosscheck tests fail saying how to install it.
test: data build
	@bash cmake/install-deps.sh docs clang || echo "make test: Doxygen/Chromium or Clang could not be installed, so the docs and crosscheck tests will fail saying how to install them" >&2
	@ctest --preset $(PRESET)

docs: configure
	@bash cmake/install-deps.sh docs
	@cmake --build --preset $(PRESET) --target docs

bench: data configure
	@cmake --build --preset $(PRESET) -j $(JOBS) --target bench
	@$(BUILD)/bench/bench

bench-peers: data configure
	@bash cmake/install-deps.sh peers
	@cmake --build --preset $(PRESET) -j $(JOBS) --target bench
	@bash bench/peers.sh $(BUILD)/bench/bench

notebooks: configure
	@bash cmake/notebooks.sh

homework:
	@cmake -P cmake/make_homework.cmake

fuzz: deps
	@JOBS=$(JOBS) bash cmake/fuzz.sh all $(FUZZ_SECONDS)

clean:
	@rm -rf build
