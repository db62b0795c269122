# Front door. Every target creates .venv with the pinned set if it is missing.
#   make notebooks   execute every notebook in place and export figures/ (the main job)
#   make test        the whole test suite (unit, figures, data, nbval, browser, reproducibility)
#   make validate    check every data table against data/datapackage.json
#   make lab         open the notebooks in JupyterLab
#   make bench       timing figures of the main job (see README)
#   make nbval-repeat  nbval five times in a row (flakiness check)
#   make geodata     rebuild data/geo/ from the GSHHG source

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.PHONY: notebooks test validate lab bench nbval-repeat geodata clean-venv

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

notebooks: $(STAMP)
	$(PY) -m helpers.tools.runner run

test: $(STAMP)
	$(PY) -m pytest

validate: $(STAMP)
	$(PY) -m helpers validate data
	$(VENV)/bin/frictionless validate data/datapackage.json

# Extra JupyterLab options, e.g. `make lab LAB_ARGS="--no-browser --port 8890"`; root (as in
# containers) needs --allow-root.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks $(LAB_ARGS)

# Timing figures (`name: value` lines, seconds); runs in a temporary copy, prints, never fails on targets.
bench: $(STAMP)
	$(PY) -m helpers.tools.bench

# Flakiness check: strict nbval (options from pyproject's addopts) five times in a row.
nbval-repeat: $(STAMP)
	@for i in 1 2 3 4 5; do echo "nbval run $$i/5"; $(PY) -m pytest --no-cov -q notebooks || exit 1; done

geodata: $(STAMP)
	$(PY) -m helpers.tools.coastlines build

clean-venv:
	rm -rf $(VENV)
