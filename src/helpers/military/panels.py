"""Notebook 03's small multiples: the deployments in place on two dates, side by side.

:func:`then_and_now_map` draws one map panel per (title, deployments) pair, every panel with the
same :class:`~helpers.cartography.MapFrame` (projection, extent and scale), the same colours and
one shared legend, so that the panels differ only by what the record held on each date. The
caller passes each panel's deployments as they stood on its date (:func:`helpers.asof.record`),
so a system that arrived later has neither marker nor range ring on an earlier panel.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from helpers import cartography, names, page, style
from helpers.cartography import Land, MapFrame
from helpers.military.maps import _draw_sites, _rings, _site_positions
from helpers.military.tables import missile_rings, short_system
from helpers.schema import in_enum_order

#: Extent of each panel's frame (lon_min, lon_max, lat_min, lat_max): Hokkaido to southern
#: Kamchatka, wide enough for a 300 km ring around any site of the chain.
PANELS_EXTENT: tuple[float, float, float, float] = (141.0, 160.5, 41.5, 53.8)
#: Font size of everything a reader must read: 11 in (the notebook's frame width) at 100 dpi
#: is shown about 930 px wide, so 11 pt in the figure is about 9.3 pt on screen.
READABLE_PT = 11.0
_RING_STYLES = ["--", "-", "-.", ":"]


def in_place(deployments: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``deployments`` with status ``deployed`` (in place on the table's date)."""
    return deployments[deployments["status"].astype(str) == "deployed"]


def _panel(ax, title: str, shown: pd.DataFrame, rings: pd.DataFrame, systems: list[str],
           islands: pd.DataFrame, land: Land, extent: Sequence[float]) -> None:
    """One panel's layers: land, disputed islands, rings, title and counts."""
    ax.set_extent(extent, crs=cartography.PLATE_CARREE)
    ax.set_facecolor(style.SEA_COLOR)
    cartography.land(ax, land.coastlines, extent)
    cartography.disputed_land(ax, islands, land.polygons, cartography.REGIONAL_SIMPLIFY_DEG, 0.4)
    _rings(ax, rings, systems)
    ax.set_title(title, loc="left", fontsize=READABLE_PT + 1, fontweight="bold")
    ax.text(0.02, 0.98, f"{page.count(len(shown), 'record')} in place, {page.count(len(rings), 'missile range ring')}",
            transform=ax.transAxes, ha="left", va="top", fontsize=READABLE_PT,
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 2}, zorder=30)


def _landmasses(ax, places: pd.DataFrame | None, extent: Sequence[float],
                convention: str | None) -> None:
    """The names of the landmasses of ``places`` (kind ``landmass``) that lie in ``extent``."""
    if places is None:
        return
    for _, row in places[places["kind"].astype(str) == "landmass"].iterrows():
        if cartography.inside(float(row["lon"]), float(row["lat"]), extent):
            ax.text(float(row["lon"]), float(row["lat"]), names.label(row, convention), ha="center",
                    va="center", fontsize=READABLE_PT - 1, style="italic",
                    color=style.LANDMASS_TEXT, transform=cartography.PLATE_CARREE, zorder=8)


def _legend(fig: Figure, shown: Sequence[pd.DataFrame], rings: pd.DataFrame,
            systems: list[str]) -> None:
    """One legend for every panel: the categories in place on any panel, then the rings."""
    present = in_enum_order(pd.concat([s["category"] for s in shown]).astype(str),
                            "deployments", "category")
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=8, markeredgecolor="black",
                      markeredgewidth=0.5, color=style.DEPLOYMENT_COLORS[c],
                      label=c.replace("_", " ")) for c in present]
    for k, system in enumerate(systems):
        first = rings[rings["system"].astype(str) == system].iloc[0]
        handles.append(Line2D([], [], color=style.DEPLOYMENT_COLORS[str(first["category"])],
                              linewidth=1.4, linestyle=_RING_STYLES[k % 4],
                              label=f"{short_system(system)}: {first['range_km']:.0f} km"))
    handles.append(cartography.disputed_handle("disputed islands"))
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 5),
               fontsize=READABLE_PT, frameon=False, columnspacing=1.2, handletextpad=0.4)


def then_and_now_map(
    panels: Sequence[tuple[str, pd.DataFrame]], islands: pd.DataFrame,
    places: pd.DataFrame | None, land: Land, frame: MapFrame, convention: str | None = None,
    title: str = "Deployments in place, then and now",
) -> Figure:
    """One map panel per ``(title, deployments)``: same frame (projection, extent), scale, legend.

    Each panel shows the rows of its ``deployments`` that are in place (:func:`in_place`: status
    ``deployed``), one marker per category at each site, and a geodesic range ring for every
    missile battery among them with a cited range (:func:`helpers.military.missile_rings`); a
    system draws the same dash on every panel. Withdrawn, announced, planned and exercise rows
    are left out: a panel answers "what stood there on that date". A single panel is drawn at
    the size of one of a pair, and the figure is the frame's ``width`` wide (the notebook's
    frame: :data:`PANELS_EXTENT`, 11 in, no inset). The landmasses of ``places`` (kind
    ``landmass``; ``None`` for none) inside the extent are named for orientation, in
    ``convention`` or the current one.
    """
    extent, width = frame.extent, frame.width
    shown = [in_place(deployments) for _, deployments in panels]
    rings = [missile_rings(table, islands) for table in shown]
    every_ring = pd.concat(rings, ignore_index=True) if rings else pd.DataFrame()
    systems = list(dict.fromkeys(every_ring["system"].astype(str))) if len(every_ring) else []
    ncols = max(2, len(panels))  # a single panel keeps the scale of a pair
    fig = style.new_figure(figsize=(width, 6.0), layout="constrained")
    for k, ((panel_title, _), table, panel_rings) in enumerate(zip(panels, shown, rings, strict=True)):
        ax = fig.add_subplot(1, ncols, k + 1, projection=frame.projection)
        if k == 0:  # the figure's height follows the panels' aspect (same extent on each)
            ax.set_extent(extent, crs=cartography.PLATE_CARREE)
            x0, x1, y0, y1 = ax.get_extent()
            fig.set_size_inches(width, (y1 - y0) / (x1 - x0) * (width - 0.4) / ncols + 2.0)
        _panel(ax, panel_title, table, panel_rings, systems, islands, land, extent)
    _legend(fig, shown, every_ring, systems)
    fig.suptitle(title, x=0.01, ha="left", fontsize=READABLE_PT + 3, fontweight="bold")
    for ax, table in zip(fig.axes, shown, strict=True):
        _draw_sites(ax, _site_positions(table, extent), size=7.0)
        _landmasses(ax, places, extent, convention)
    return fig

