"""Notebook 03 - what is deployed: deployment tables, range rings, the build-up and the map.

``tables`` holds the tables (rings, coverage, counts by year and category, evidence counts of
the military claims), ``figures`` the build-up chart, ``maps`` the deployments map and
``panels`` the then-and-now small multiples.
"""

from helpers.military.figures import (
    buildup_chart,
)
from helpers.military.maps import (
    DEPLOYMENTS_INSET_EXTENT,
    DEPLOYMENTS_MAP_EXTENT,
    deployments_map,
)
from helpers.military.panels import (
    PANELS_EXTENT,
    in_place,
    then_and_now_map,
)
from helpers.military.tables import (
    MISSILE_CATEGORIES,
    category_summary,
    coverage_table,
    deployments_by_year,
    deployments_table,
    evidence_counts,
    hokkaido_polygon,
    largest_polygon_containing,
    missile_rings,
    records_around,
    short_system,
    strait_reach,
    straits_in_ring,
    unringed_systems,
    withdrawals_by_year,
)

__all__ = [
    "DEPLOYMENTS_INSET_EXTENT",
    "DEPLOYMENTS_MAP_EXTENT",
    "MISSILE_CATEGORIES",
    "PANELS_EXTENT",
    "buildup_chart",
    "category_summary",
    "coverage_table",
    "deployments_by_year",
    "deployments_map",
    "deployments_table",
    "evidence_counts",
    "hokkaido_polygon",
    "in_place",
    "largest_polygon_containing",
    "missile_rings",
    "records_around",
    "short_system",
    "strait_reach",
    "straits_in_ring",
    "then_and_now_map",
    "unringed_systems",
    "withdrawals_by_year",
]
