# A thin wrapper over CMake presets: each target installs what it needs on first use (idempotent).
#   make tour       apt packages + MNIST, Release build of the chapters, every chapter in order
#   make test       the same set-up (and the docs tools), then the whole CTest suite
#   make docs       Doxygen HTML in build/docs/html (offline MathJax) with the playground (WebAssembly),
#                   every page checked in Chromium, then the playground's browser test
#   make bench      the MNIST training benchmark; make bench-peers adds PyTorch and NumPy
#   make notebooks  executes every notebook in notebooks/ headless
#   make homework   the starter tree for students in homework/ (EXERCISES=ch03,adam_step: only those; docs/homework.md)
#   make grade      builds and grades the exercises of a starter tree: a table and results.json (EXERCISE=id: one)
#   make homework-check  the wrong-answer check: every exercise's tests on its stub, solution and wrong answers
#   make fuzz       every libFuzzer target of tests/fuzz for FUZZ_SECONDS (60) each, then a table
#   make mutants    plants each classic mistake of tests/mutants/catalogue.toml (ONLY=id,id: some)
#   make format     formats every C++ file with .clang-format (clang-format 14); make test checks it
MAKEFLAGS += --no-print-directory
PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60

.PHONY: all deps data configure build tour test docs bench bench-peers notebooks homework grade homework-check fuzz mutants format clean

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
	@bash cmake/install-deps.sh docs clang web || echo "make test: Doxygen/Chromium, Clang or Emscripten could not be installed, so the docs and crosscheck tests will fail saying how to install them" >&2
	@ctest --preset $(PRESET)

docs: configure
	@bash cmake/install-deps.sh docs web
	@cmake --build --preset $(PRESET) --target docs
	@cmake --build --preset $(PRESET) -j $(JOBS) --target docs-playground-test

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
	@python3 cmake/homework generate --exercises "$(EXERCISES)" $(if $(HINTS),--hints)

grade: deps
	@python3 cmake/homework grade --build $(BUILD) --jobs $(JOBS) $(if $(EXERCISE),--exercise $(EXERCISE))

homework-check: deps
	@python3 cmake/homework check --exercises "$(EXERCISES)" --jobs $(JOBS)

fuzz: deps
	@JOBS=$(JOBS) bash cmake/fuzz.sh all $(FUZZ_SECONDS)

# Not part of `make test`: one mistake at a time in a scratch copy (build/mutants), incremental
# rebuild, the unit, gradient and lecture tests, a table; fails on a survivor or a stale entry.
mutants: data
	@python3 tests/mutants/run.py --jobs $(JOBS) $(if $(ONLY),--only $(ONLY))

format:
	@bash cmake/install-deps.sh clang
	@python3 cmake/check-format.py --fix

clean:
	@rm -rf build
