# SampleNet: `make run` builds and opens the explorer on sample-data/; `make test` runs all tests.
SHELL := /bin/bash
PREFIX ?= /usr/local
DEBIAN_PACKAGES := libncursesw5-dev libsqlite3-dev libopenblas-dev zlib1g-dev pkg-config tmux
RELEASE_BIN := .build/release/samplenet
SAMPLE_CATALOG := var/sample.sqlite
SAMPLE_DATA := $(wildcard sample-data/*)

.PHONY: run test deps build install clean bench bench-profile bench-trip bench-explorer

run: deps build $(SAMPLE_CATALOG)
	$(RELEASE_BIN) explore --catalog $(SAMPLE_CATALOG)

# Installs the Debian packages the build needs when root; otherwise prints the command.
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else \
	    echo "Missing Debian packages:$$missing"; \
	    echo "Run: sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	swift build -c release --product samplenet

# The sample catalog is rebuilt whenever sample-data/ or the build script changes.
$(SAMPLE_CATALOG): $(SAMPLE_DATA) scripts/build-sample-catalog.sh | build
	scripts/build-sample-catalog.sh $(RELEASE_BIN) $(SAMPLE_CATALOG) sample-data

test: deps
	swift build --build-tests
	swift test --skip-build

install: build
	install -d $(PREFIX)/bin
	install -m 755 $(RELEASE_BIN) $(PREFIX)/bin/samplenet

clean:
	rm -rf .build var

# Benchmarks (not part of `make test`): NetworkProfiler against R's glmnet on real data
# (BENCH_ARGS=--quick for a small size), TRIP on a 1,000-target run, explorer keystroke latency
# on ~21 million edge rows. Each also runs alone: make bench-profile / bench-trip / bench-explorer.
bench: bench-profile bench-trip bench-explorer

bench-profile: deps build $(SAMPLE_CATALOG)
	@command -v Rscript >/dev/null && Rscript -e 'library(glmnet)' >/dev/null 2>&1 && [ -x /usr/bin/time ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y r-cran-glmnet time; \
	  else echo "Run: sudo apt-get install -y r-cran-glmnet time"; exit 1; fi; }
	python3 bench/bench.py $(BENCH_ARGS)

bench-trip: deps build $(SAMPLE_CATALOG)
	@[ -x /usr/bin/time ] || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y time; }
	python3 bench/trip_bench.py

bench-explorer: deps build $(SAMPLE_CATALOG)
	@[ -x /usr/bin/time ] || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y time; }
	bench/explorer_bench.sh
