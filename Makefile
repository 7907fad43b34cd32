# bordermap: `make` sets up .venv and builds; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: all build test lint clean

all: build

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "bordermap needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "could not create $(VENV): on Debian, install python3-venv"; rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

build: $(VENV)/.installed
	$(BIN)/bordermap build
	$(BIN)/bordermap maps --out out/maps
	$(BIN)/bordermap maps --offline --out out/maps/offline
	$(BIN)/bordermap maps --offline --lang tr --out out/maps/tr
	@echo "Layers (GeoJSON, WGS84): $(CURDIR)/layers/"
	@echo "Maps: $(CURDIR)/out/maps/index.html (online), out/maps/offline/ (self-contained), out/maps/tr/ (Türkçe)"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) out
