# Nansei Watch: `make run` starts the dashboard, `make test` runs every test (`make test-fast`: all but browser and slow).
# Both set up what they need on a fresh Debian machine with Python 3.11.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
PORT ?= 8501
# Debian packages: the browser for tests and static exports (kaleido), and fonts
# (DejaVu for Latin text, Droid Sans Fallback for Japanese/Chinese titles in exports), and nginx-light
# only so the test suite can syntax-check the example proxy config in docs/deploy/.
SYSTEM_PACKAGES := chromium iproute2 fonts-dejavu-core fonts-droid-fallback fonts-noto-cjk nginx-light poppler-utils

# The suite with the machine's clock moved (libfaketime): the tests pin their own day (NANSEI_TODAY), so
# they pass whatever the calendar says. Browser tests are left out (Chromium does not run under faketime).
# libfaketime fakes the monotonic clock too (with only the calendar moved, the export Chromium never
# started), so a timed lock wait whose deadline falls in 2028 never times out: the one test about a timer is
# skipped there, and closing the export browser at exit polls instead of waiting with a timeout.
CLOCK_DATES := 2028-06-15 2026-06-10

.PHONY: run test test-fast test-clock lint typecheck bench bench-export system-deps clean geodata

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), sys.version'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: $(BIN)/python requirements.txt constraints.txt
	$(PIP) install -q -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt -c constraints.txt
	touch $@

# Installs chromium with apt when it is missing and we are root; otherwise says what to do.
system-deps:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi dejavu \
	    && fc-list 2>/dev/null | grep -qi droid && { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null; then \
	  echo "system packages present: $(SYSTEM_PACKAGES)"; \
	elif [ "$$(id -u)" = "0" ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES)) >/dev/null; \
	else \
	  echo "missing: $(SYSTEM_PACKAGES); run: sudo apt-get install $(SYSTEM_PACKAGES)"; \
	fi

run: $(VENV)/.runtime
	-@$(MAKE) --no-print-directory system-deps
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .

typecheck: $(VENV)/.dev
	$(BIN)/mypy

# One pytest run over both cores (pytest-xdist), every test inside a network namespace with only loopback
# (tests/browser/loopback_only.sh): no test can pass by reaching the network, and test_no_network checks the
# namespace. `--dist loadfile` keeps each test file on one worker, so a module's server (Curate, Review) starts
# once; each worker that gets browser tests starts its own shared server and Chromium. The browser files go
# first (tests/xdist_order.py), so the short unit files fill both workers at the end. Measured on this 2-core
# machine (issue 22): this one run took 273 s of pytest (243 s later, 188–211 s after the fifth session; the sixth cut 5 % more CPU, docs/testing.md), the two lanes side by side 406 s (browser tests in
# their own process beside the xdist workers: three CPU-hungry process trees on two cores), one after the
# other about 300 s.
XDIST := -n 2

test: $(VENV)/.dev system-deps lint typecheck
	sh tests/browser/loopback_only.sh $(BIN)/python -m pytest $(XDIST) --dist loadfile --durations=15

# The inner loop: ruff, mypy and every test except the real-browser ones and the scale probes (`browser`, `slow`).
test-fast: $(VENV)/.dev lint typecheck
	$(BIN)/python -m pytest -m "not browser and not slow" $(XDIST)

test-clock: $(VENV)/.dev
	@command -v faketime >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime) >/dev/null; } || \
	  { echo "missing: faketime; run: sudo apt-get install faketime"; exit 1; }
	@for day in $(CLOCK_DATES); do \
	  echo "== clock moved to $$day 12:00"; \
	  faketime -f "@$$day 12:00:00" $(BIN)/python -m pytest -m "not browser" $(XDIST) -q -p no:cacheprovider || exit 1; \
	done

bench: $(VENV)/.dev system-deps
	$(BIN)/python bench/run.py

bench-export: $(VENV)/.dev system-deps
	$(BIN)/python bench/export_times.py

geodata: $(VENV)/.runtime
	$(BIN)/python scripts/build_geo.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
