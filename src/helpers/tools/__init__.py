"""Tooling, apart from what the notebooks import: the runner, the benchmark, the coastline build.

* ``runner`` - executes the notebooks reproducibly (``python -m helpers.tools.runner run|check``,
  ``make notebooks``), on ``kernels`` (a notebook's cells in a fresh kernel), ``hygiene`` (what a
  committed notebook must be) and ``checkouts`` (the kernels' environment, temporary copies);
* ``bench`` - timing figures of the main job (``make bench``);
* ``coastlines`` - rebuilds ``data/geo/`` from GSHHG (``make geodata``).

Nothing under :mod:`helpers` outside this package imports it.
"""
