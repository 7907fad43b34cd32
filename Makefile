# bordermap: `make` sets up .venv and builds; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: all build test lint clean fonts notebooks bench

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

# Chinese labels on static maps need Noto Sans CJK: installed when we may, else said how
fonts:
	@if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's fonts-noto-cjk (for Chinese labels)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; } || \
	    echo "could not install fonts-noto-cjk: 'bordermap export --lang zh' will need it"; \
	  else echo "note: 'bordermap export --lang zh' needs Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)"; fi; \
	fi

build: $(VENV)/.installed fonts
	$(BIN)/bordermap build
	$(BIN)/bordermap maps --out out/maps
	$(BIN)/bordermap maps --offline --out out/maps/offline
	$(BIN)/bordermap maps --offline --lang tr --out out/maps/tr
	$(BIN)/bordermap export --out out/images
	@echo "Layers (GeoJSON, WGS84): $(CURDIR)/layers/"
	@echo "Maps: $(CURDIR)/out/maps/index.html (online), out/maps/offline/ (self-contained), out/maps/tr/ (Türkçe)"
	@echo "Images (PNG, SVG, PDF): $(CURDIR)/out/images/"

test: $(VENV)/.installed-test fonts
	$(BIN)/python -m pytest

$(VENV)/.installed-notebooks: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	@touch $@

# executed copies and HTML renderings of every notebook, in out/notebooks/
notebooks: $(VENV)/.installed-notebooks
	$(BIN)/jupyter nbconvert --to notebook --execute --output-dir out/notebooks notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --to html --output-dir out/notebooks out/notebooks/*.ipynb
	@echo "Notebooks (executed, and as HTML): $(CURDIR)/out/notebooks/"

# speed and size, against a hand-written geopandas explore() baseline (never run by the tests)
bench: $(VENV)/.installed-test fonts
	$(BIN)/python bench/run.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) out
