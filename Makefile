# Aktenscan: `make run` and `make test` do all set-up on a fresh Debian 12 machine.
SHELL := /bin/bash
.DEFAULT_GOAL := run

APT_PACKAGES := build-essential pkg-config clang libclang-dev python3-venv \
	libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-deu tesseract-ocr-frk \
	tesseract-ocr-script-frak tesseract-ocr-osd \
	libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev \
	xvfb xauth poppler-utils libxml2-utils sqlite3 qpdf wngerman \
	libsane-dev libsane1 sane-utils
VENV := .venv
PY := $(VENV)/bin/python
LIBRARY ?= bibliothek
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps apt venv build build-release test test-rust test-python lint run demo clean

## Install what is missing: Debian packages, then the Python venv for the test-side validators.
deps: apt venv

apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q -o DPkg::Lock::Timeout=600 $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: tests/requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r tests/requirements.txt
	touch $@

## Build everything, the desktop app included.
build: apt
	$(CARGO) build --workspace --all-targets

build-release: apt
	$(CARGO) build --release -p aktenscan-cli -p aktenscan-app

## All tests: Rust unit and integration tests, then the end-to-end checks in tests/.
test: deps build test-rust test-python
	$(CARGO) fmt --all --check

test-rust:
	AKTENSCAN_PYTHON=$(abspath $(PY)) $(CARGO) test --workspace --no-fail-fast

test-python:
	AKTENSCAN_BIN=$(abspath target/debug/aktenscan) $(PY) -m pytest -q tests

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## Ingest the bundled samples (once) and show them: the desktop app where a display exists, else the CLI.
run: apt build-release
	@if [ ! -e $(LIBRARY)/aktenscan.sqlite ]; then \
		python3 -c 'import json; [print(r["directory"], r["aktenzeichen"], r["title"], sep="\t") for r in json.load(open("samples/manifest.json"))["records"]]' | \
		while IFS=$$'\t' read -r dir az title; do \
			target/release/aktenscan --library $(LIBRARY) ingest "samples/$$dir" --title "$$title" --aktenzeichen "$$az" || true; \
		done; \
	fi
	target/release/aktenscan --library $(LIBRARY) list
	@if [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; then \
		AKTENSCAN_LIBRARY=$(abspath $(LIBRARY)) target/release/aktenscan-app; \
	else \
		echo "(no display: on a machine with a screen, 'make run' opens the desktop app on $(LIBRARY))"; \
	fi

clean:
	rm -rf $(LIBRARY) $(VENV)
