"""Notebook 02 - where the islands are: measures, straits, distances and the two maps.

``tables`` holds the tables and distances, ``figures`` the measures chart and ``maps`` the
regional and the disputed-islands maps. Every function returns numbers, frames or figures; the
notebook writes the sentences.
"""

from helpers.geography.figures import (
    measures_chart,
)
from helpers.geography.maps import (
    NT_MAP_EXTENT,
    REGIONAL_MAP_EXTENT,
    SEA_LABELS,
    SOUTH_KURILS_EXTENT,
    disputed_islands_map,
    regional_map,
    strait_text,
)
from helpers.geography.tables import (
    DISPUTED_GROUPS,
    MEASURE_LABELS,
    disputed_islands,
    disputed_units,
    distance_summary,
    distances_between_units,
    distances_to_places,
    island_labels,
    land_near,
    latest_figure,
    measure_comparison,
    shore_distance_km,
    straits_table,
)

__all__ = [
    "DISPUTED_GROUPS",
    "MEASURE_LABELS",
    "NT_MAP_EXTENT",
    "REGIONAL_MAP_EXTENT",
    "SEA_LABELS",
    "SOUTH_KURILS_EXTENT",
    "disputed_islands",
    "disputed_islands_map",
    "disputed_units",
    "distance_summary",
    "distances_between_units",
    "distances_to_places",
    "island_labels",
    "land_near",
    "latest_figure",
    "measure_comparison",
    "measures_chart",
    "regional_map",
    "shore_distance_km",
    "strait_text",
    "straits_table",
]
