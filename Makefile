# bordermap: `make` sets up .venv and builds; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: all build test lint clean fonts browser npm notebooks bench handout

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

# Debian packages, installed when missing where we may (as root, with apt-get); elsewhere
# we say what to install. $(1): package, $(2): a command that succeeds when it is there,
# $(3): what needs it.
define debian_package
	@if ! { $(2); } >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's $(1) ($(3))"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -qq $(1) >/dev/null 2>&1 || \
	    { apt-get update -qq && apt-get install -y -qq $(1) >/dev/null; } || \
	    echo "could not install $(1): $(3) need it; install it with: apt-get install $(1)"; \
	  else echo "note: $(3) need Debian's $(1); install it with: sudo apt-get install $(1)"; fi; \
	fi
endef

# Chinese labels on static maps need Noto Sans CJK
fonts:
	$(call debian_package,fonts-noto-cjk,fc-list | grep -q "Noto Sans CJK",Chinese labels on static maps)

# the map tests and 'export --from-html' drive Debian's Chromium (never Playwright's download)
browser:
	$(call debian_package,chromium,command -v chromium,the map tests and 'bordermap export --from-html')

# the accessibility tests fetch axe-core once with 'npm pack', into tests/.cache
npm:
	$(call debian_package,npm,command -v npm,the accessibility tests)

# the maps' start pages also list the guided tour (and its printable handout, once made with
# `make handout`), the images and the notebooks (out/notebooks, once made)
define maps
	$(BIN)/bordermap story --out out/maps
	$(BIN)/bordermap story --out out/maps/offline
	$(BIN)/bordermap story --lang tr --out out/maps/tr
	$(BIN)/bordermap maps --out out/maps --images out/images --notebooks out/notebooks
	$(BIN)/bordermap maps --offline --out out/maps/offline --images out/images --notebooks out/notebooks
	$(BIN)/bordermap maps --offline --lang tr --out out/maps/tr --images out/images --notebooks out/notebooks
endef

build: $(VENV)/.installed fonts
	$(BIN)/bordermap build
	$(BIN)/bordermap export --out out/images
	$(maps)
	@echo "Layers (GeoJSON, WGS84): $(CURDIR)/layers/"
	@echo "Maps: $(CURDIR)/out/maps/start.html (online), out/maps/offline/start.html (self-contained), out/maps/tr/start.html (Türkçe)"
	@echo "Images (PNG, SVG, PDF): $(CURDIR)/out/images/"

test: $(VENV)/.installed-test fonts browser npm
	$(BIN)/python -m pytest -n auto

$(VENV)/.installed-notebooks: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	@touch $@

# executed copies and HTML renderings of every notebook, in out/notebooks/
notebooks: $(VENV)/.installed-notebooks
	$(BIN)/jupyter nbconvert --to notebook --execute --output-dir out/notebooks notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --to html --output-dir out/notebooks out/notebooks/*.ipynb
	$(maps)
	@echo "Notebooks (executed, and as HTML): $(CURDIR)/out/notebooks/"

# speed and size, against a hand-written geopandas explore() baseline (never run by the tests)
# the guided tour as a printable A4 handout (PDF), English and Turkish, beside the tours; the
# start pages then list it (about 11 s a language: not part of the main job)
handout: $(VENV)/.installed fonts
	$(BIN)/bordermap story --format pdf --out out/maps
	cp out/maps/story.pdf out/maps/offline/story.pdf
	$(BIN)/bordermap story --format pdf --lang tr --out out/maps/tr
	$(maps)
	@echo "Handouts (PDF, A4): $(CURDIR)/out/maps/story.pdf, out/maps/tr/story.pdf (Türkçe)"

bench: $(VENV)/.installed-test fonts
	$(BIN)/python bench/run.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) out
