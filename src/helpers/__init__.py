"""Helpers for the Kuril Islands dispute notebooks.

One module per concern: ``paths`` (where things live), ``load``/``validate``/``schema`` (the
cited data tables, described by ``data/datapackage.json``), ``geodata``/``geodesy``/``offline``
(coastlines, distances, range rings, no downloads), ``names`` (island labels in the chosen naming
convention), ``style``/``maps``/``charts`` (figures), ``assessment`` (claims against evidence)
and ``notebooks`` (the reproducible runner).
"""

__version__ = "0.1.0"
