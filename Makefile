# SPDX-License-Identifier: Apache-2.0
# Quick start: `make demo` (install, build, load the demo catalogue, serve it) and `make test`.
PORT ?= 8080
DEMO_SIZE ?= 2000
JOBS ?= 2

.PHONY: deps build build-debug test demo bench clean

deps:
	scripts/install-deps

build: deps
	cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build build -j $(JOBS)

# Tests run on a Debug build with AddressSanitizer and UndefinedBehaviorSanitizer.
build-debug: deps
	cmake -S . -B build-debug -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSAMVERKA_SANITIZE=ON
	cmake --build build-debug -j $(JOBS)

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
