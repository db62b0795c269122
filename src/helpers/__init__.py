"""Helpers for the Kuril Islands dispute notebooks: one package per question, on a shared base.

Topics (each holds its notebook's tables *and* figures; none imports another):

* ``interview``  - 01: the interview as data (profile, claims, topics, the island view)
* ``geography``  - 02: where the islands are (measures, straits, distances, two maps)
* ``military``   - 03: what is deployed (rings, coverage, build-up, the deployments map)
* ``timeline``   - 04: what happened, who held which island (phases, events, sovereignty maps)
* ``assessment`` - 05: how the claims aged (verdicts and their figure)

Shared base (never imports a topic):

* ``cartography`` - ``MapFrame`` and ``Land`` (what every map takes), projections, map axes,
  land, insets, scale bar, ``project``
* ``maplabels``   - label placement on maps and the label sets the maps share
* ``style``       - named inks, one palette per vocabulary, ``new_figure``, ``publish``
* ``evidence``    - military claim topics, first known date, dated evidence (01, 03, 05)
* ``names``       - labels in English / Japanese / Russian, island groups
* ``geodesy``     - the one WGS84 ``Geod``: distances, rings, areas, equal-area planes
* ``geodata``     - readers of the shipped coastlines in ``data/geo/``
* ``schema``, ``load``, ``validate``, ``cells``, ``references``, ``citations``, ``paths``,
  ``offline`` - the data layer:
  the descriptor (the only vocabulary: ``schema.enum``), typed tables, checks, source lists
* ``asof``        - the record as it stood on a date (what a notebook run with ``as_of`` sees)
* ``page``        - notebook page parts: checked parameters, tables, linked source lists

Tooling, apart from what notebooks import: ``tools.runner`` (``make notebooks``),
``tools.bench`` (``make bench``), ``tools.coastlines`` (``make geodata``).
"""

__version__ = "0.1.0"
