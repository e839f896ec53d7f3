# SPDX-License-Identifier: Apache-2.0
# Quick start: `make demo` (install, build, load the demo catalogue, serve it) and `make test`.
PORT ?= 8080
DEMO_SIZE ?= 2000
JOBS ?= 2

.PHONY: deps build build-debug test demo bench fuzz clean

deps:
	scripts/install-deps

build: deps
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build build -j $(JOBS)

# Tests run on a Debug build with AddressSanitizer and UndefinedBehaviorSanitizer.
build-debug: deps
	cmake -S . -B build-debug -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSAMVERKA_SANITIZE=ON
	cmake --build build-debug -j $(JOBS)

# libFuzzer targets (Clang, AddressSanitizer, UndefinedBehaviorSanitizer) in build-fuzz/fuzz/;
# bench/fuzz.sh runs them.
fuzz:
	scripts/install-deps --fuzz
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 -DSAMVERKA_FUZZ=ON && cmake --build build-fuzz -j $(JOBS)

test: build-debug
	cd build-debug && ctest --output-on-failure -j $(JOBS)

demo: build
	@if [ ! -f demo-data/samverka.db ]; then build/samverka init demo-data --demo $(DEMO_SIZE); fi
	build/samverka serve --data demo-data --listen 127.0.0.1:$(PORT)

bench: build
	scripts/install-deps --bench
	bench/dataset_read.sh

clean:
	rm -rf build build-debug
