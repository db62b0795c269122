"""Notebook 03 - what is deployed: deployment tables, range rings, the build-up and the map.

``tables`` holds the tables (rings, coverage, counts by year, the military claims), ``figures``
the build-up chart and ``maps`` the deployments map.
"""

from helpers.military.figures import (
    buildup_chart,
)
from helpers.military.maps import (
    DEPLOYMENTS_INSET_EXTENT,
    DEPLOYMENTS_MAP_EXTENT,
    deployments_map,
)
from helpers.military.tables import (
    MISSILE_CATEGORIES,
    coverage_table,
    deployments_by_year,
    deployments_table,
    findings_markdown,
    hokkaido_polygon,
    largest_polygon_containing,
    military_claims,
    missile_rings,
    strait_matrix,
    straits_in_ring,
    unringed_systems,
    withdrawals_by_year,
)

__all__ = [
    "DEPLOYMENTS_INSET_EXTENT",
    "DEPLOYMENTS_MAP_EXTENT",
    "MISSILE_CATEGORIES",
    "buildup_chart",
    "coverage_table",
    "deployments_by_year",
    "deployments_map",
    "deployments_table",
    "findings_markdown",
    "hokkaido_polygon",
    "largest_polygon_containing",
    "military_claims",
    "missile_rings",
    "strait_matrix",
    "straits_in_ring",
    "unringed_systems",
    "withdrawals_by_year",
]
