# Front door. Every target creates .venv with the pinned set if it is missing.
#   make notebooks   execute every notebook in place and export figures/ (the main job);
#                    AS_OF=YYYY-MM-DD NAMING=ja: a rerun into build/as-of-<date>-<naming>/
#   make test        the whole test suite (unit, figures, data, nbval, browser, reproducibility)
#                    with the coverage gate (src/helpers at least 90%)
#   make validate    check every data table against data/datapackage.json
#   make lab         JupyterLab on the repository root, opened at notebooks/ (LAB_ARGS: extra options)
#   make bench       timing figures of the main job (see README)
#   make nbval-repeat  nbval five times in a row (flakiness check)
#   make geodata     rebuild data/geo/ from the GSHHG source
#   make venv        only create .venv (what the `.venv/bin/python -m pytest ...` commands need)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.PHONY: notebooks test validate lab bench nbval-repeat geodata venv clean-venv

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# `make notebooks AS_OF=2019-01-10 NAMING=ja` reruns with those parameters into
# build/as-of-<date>-<naming>/ (its own figures/); without them, the main job in place.
AS_OF ?=
NAMING ?=

notebooks: $(STAMP)
	$(PY) -m helpers.tools.runner run $(if $(AS_OF),--as-of $(AS_OF)) $(if $(NAMING),--naming $(NAMING))

# The coverage gate belongs to the whole suite only (a part of it, run alone, covers less).
test: $(STAMP)
	$(PY) -m pytest --cov-fail-under=90

validate: $(STAMP)
	$(PY) -m helpers validate data
	$(VENV)/bin/frictionless validate data/datapackage.json

# JupyterLab serves the repository root (data/ and figures/ one click away) and opens at
# notebooks/. Extra options: `make lab LAB_ARGS="--no-browser --port 8899"`. As root (containers)
# --allow-root is added whatever LAB_ARGS holds.
LAB_ARGS ?=
LAB_ROOT_ARG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $(LAB_ROOT_ARG) $(LAB_ARGS)

# Timing figures (`name: value` lines, seconds); runs in a temporary copy, prints, never fails on targets.
bench: $(STAMP)
	$(PY) -m helpers.tools.bench

# Flakiness check: strict nbval (options from pyproject's addopts) five times in a row.
nbval-repeat: $(STAMP)
	@for i in 1 2 3 4 5; do echo "nbval run $$i/5"; $(PY) -m pytest --no-cov -q notebooks || exit 1; done

geodata: $(STAMP)
	$(PY) -m helpers.tools.coastlines build

venv: $(STAMP)

clean-venv:
	rm -rf $(VENV)
