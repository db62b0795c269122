"""Notebook 04 - what happened and who held which island: phases, events, sovereignty maps.

``tables`` dates the phases of the ``phases`` data table and holds the event tables and the
sovereignty snapshots (and the snapshots up to an as-of date), ``figures`` the timeline figure
and ``sovereignty`` the small-multiple maps of who held each island.
"""

from helpers.timeline.figures import (
    timeline_figure,
)
from helpers.timeline.sovereignty import (
    EXTENT,
    NO_HOLDER_COLOR,
    PANEL_SIMPLIFY_DEG,
    SMALL_ISLAND_DEG2,
    draw_panel,
    panel_holders,
    sovereignty_maps_figure,
)
from helpers.timeline.tables import (
    HOLDING_STATUSES,
    Phase,
    SNAPSHOTS,
    Snapshot,
    TIMELINE_END,
    TIMELINE_START,
    assign_phases,
    category_phase_counts,
    events_in_window,
    expand_territory,
    holder_counts,
    interview_date,
    interview_events,
    offer_scenario,
    phase_of,
    phase_summary,
    dated_phases,
    snapshot_table,
    snapshots_until,
    sovereignty_snapshot,
)

__all__ = [
    "EXTENT",
    "HOLDING_STATUSES",
    "NO_HOLDER_COLOR",
    "PANEL_SIMPLIFY_DEG",
    "Phase",
    "SMALL_ISLAND_DEG2",
    "SNAPSHOTS",
    "Snapshot",
    "TIMELINE_END",
    "TIMELINE_START",
    "assign_phases",
    "category_phase_counts",
    "dated_phases",
    "draw_panel",
    "events_in_window",
    "expand_territory",
    "holder_counts",
    "interview_date",
    "interview_events",
    "offer_scenario",
    "panel_holders",
    "phase_of",
    "phase_summary",
    "snapshot_table",
    "snapshots_until",
    "sovereignty_maps_figure",
    "sovereignty_snapshot",
    "timeline_figure",
]
