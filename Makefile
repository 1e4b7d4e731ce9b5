# Aktenscan: `make run` and `make test` do all set-up on a fresh Debian 12 machine.
SHELL := /bin/bash
.DEFAULT_GOAL := run

APT_PACKAGES := build-essential pkg-config clang libclang-dev python3-venv \
	libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-deu tesseract-ocr-frk \
	tesseract-ocr-script-frak tesseract-ocr-osd \
	libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev \
	xvfb xauth webkit2gtk-driver poppler-utils libxml2-utils sqlite3 qpdf wngerman \
	libsane-dev libsane1 sane-utils fonts-dejavu-core slapd ldap-utils \
	chromium chromium-driver openssl
VENV := .venv
PY := $(VENV)/bin/python
LIBRARY ?= bibliothek
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Tools installed for the tests (tauri-driver), kept inside the checkout.
TOOLS := .tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/tsconfig.json

.PHONY: deps apt node venv ui ui-deps build build-release test test-rust test-ui test-python lint run demo clean

## Install what is missing: Debian packages, Node.js (for ui/), then the Python venv for the tests.
deps: apt node venv $(TAURI_DRIVER)

## Node.js and npm from Debian when no npm is on the PATH (Debian 12 ships Node 18, which the
## pinned Vite 6 / Vitest 3 support).
node: apt
	@command -v npm >/dev/null || { \
		echo "Installing Debian packages: nodejs npm"; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q -o DPkg::Lock::Timeout=600 nodejs npm; }

## The front end: npm ci from the committed lock file, then the Vite build into ui/dist.
ui-deps: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json | node
	cd ui && npm ci --no-audit --no-fund
	touch $@

ui: ui/dist/index.html

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build

## tauri-driver (WebDriver for the app window), for the end-to-end test of the app.
$(TAURI_DRIVER):
	$(CARGO) install tauri-driver --version ^2 --locked --root $(TOOLS)

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
build: apt ui
	$(CARGO) build --workspace --all-targets

build-release: apt ui
	$(CARGO) build --release -p aktenscan-cli -p aktenscan-app

## All tests: Rust unit and integration tests, then the end-to-end checks in tests/.
test: deps build test-rust test-ui test-python
	$(CARGO) fmt --all --check

test-rust:
	AKTENSCAN_PYTHON=$(abspath $(PY)) $(CARGO) test --workspace --no-fail-fast

test-ui: ui-deps
	cd ui && npm test

test-python:
	AKTENSCAN_BIN=$(abspath target/debug/aktenscan) AKTENSCAN_APP=$(abspath target/debug/aktenscan-app) \
		TAURI_DRIVER=$(abspath $(TAURI_DRIVER)) $(PY) -m pytest -q tests

lint: ui
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
	rm -rf $(LIBRARY) $(VENV) ui/dist ui/node_modules
