"""Notebook 03's map: every deployment site by category, with geodesic missile range rings.

:func:`deployments_map` draws on the shared skeleton of :func:`helpers.cartography.base_map`
(the land layers and the :class:`~helpers.cartography.MapFrame`, projection included, come from
the caller): one marker per category at each site, side by side,
coloured by :data:`helpers.style.DEPLOYMENT_COLORS`; the rings of
:func:`helpers.military.missile_rings`; the southern Kurils again in an inset with the sites
named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox, offset_copy

from helpers import cartography, names, style
from helpers.cartography import PLATE_CARREE, Land, MapFrame, display_xy, inside
from helpers.maplabels import MapLabel, island_map_labels, line_obstacles, mark_straits
from helpers.maplabels import place_labels, split_by_inset
from helpers.military.tables import short_system as _short_system
from helpers.schema import in_enum_order

#: Extent of the deployments map's frame (all rings of the southern and northern Kurils).
DEPLOYMENTS_MAP_EXTENT: tuple[float, float, float, float] = (139.5, 169.5, 37.5, 54.0)
#: Extent of the southern Kurils inset of the deployments map.
DEPLOYMENTS_INSET_EXTENT: tuple[float, float, float, float] = (145.2, 148.9, 43.25, 45.65)

_RING_STYLES = ["--", "-", "-.", ":"]


def _site_positions(deployments: pd.DataFrame, extent: Sequence[float]
                    ) -> dict[tuple[float, float], list[str]]:
    """(lat, lon) -> the categories deployed there (enum order), for sites inside ``extent``."""
    positions: dict[tuple[float, float], list[str]] = {}
    for _, row in deployments.iterrows():
        lat, lon = float(row["lat"]), float(row["lon"])
        if not inside(lon, lat, extent):
            continue
        cats = positions.setdefault((lat, lon), [])
        if str(row["category"]) not in cats:
            cats.append(str(row["category"]))
    return {key: in_enum_order(cats, "deployments", "category")
            for key, cats in sorted(positions.items())}


def _draw_sites(ax: Any, positions: Mapping[tuple[float, float], list[str]], size: float
                ) -> list[Bbox]:
    """One marker per category at each site, side by side; returns their display boxes."""
    boxes = []
    step = size * 1.05
    for (lat, lon), categories in positions.items():
        n = len(categories)
        for k, cat in enumerate(categories):
            shift = (k - (n - 1) / 2) * step
            tr = offset_copy(PLATE_CARREE._as_mpl_transform(ax), fig=ax.figure, x=shift, y=0,
                             units="points")
            ax.plot([lon], [lat], marker="o", markersize=size, linestyle="none",
                    color=style.DEPLOYMENT_COLORS[cat], markeredgecolor="black",
                    markeredgewidth=0.5, transform=tr, zorder=16)
        x, y = display_xy(ax, lon, lat)
        half_w = (n * step / 2 + 1) * ax.figure.dpi / 72
        half_h = (size / 2 + 1) * ax.figure.dpi / 72
        boxes.append(Bbox.from_extents(x - half_w, y - half_h, x + half_w, y + half_h))
    return boxes


def _site_label(rows: pd.DataFrame) -> str:
    """A short name for a deployment position: its site, or "island centre" for rows whose
    position is a placeholder (the island's centre, site not published)."""
    notes = " ".join(rows["note"].dropna().astype(str)).lower()
    if "placeholder" in notes:
        return "island centre (site not published)"
    for site in rows["site"].dropna().astype(str):
        low = site.lower()
        if "not published" in low or "no site" in low or low.startswith("waters"):
            continue
        return site
    return "site not published"


def _rings(ax: Any, rings: pd.DataFrame, systems: list[str]) -> None:
    """Each range ring: a faint fill and an outline in its category's colour, dashed by system."""
    for _, ring in rings.iterrows():
        k = systems.index(str(ring["system"]))
        color = style.DEPLOYMENT_COLORS[str(ring["category"])]
        ax.add_geometries([ring["ring"]], crs=PLATE_CARREE, facecolor=color, alpha=0.05,
                          edgecolor="none", zorder=5)
        outline = ax.add_geometries([ring["ring"]], crs=PLATE_CARREE, facecolor="none",
                                    edgecolor=color, linewidth=1.2,
                                    linestyle=_RING_STYLES[k % 4], zorder=6)
        outline.set_gid(f"ring-{ring['ring_id']}")


def _site_labels(deployments: pd.DataFrame, positions: Mapping[tuple[float, float], list[str]]
                 ) -> list[MapLabel]:
    """One label per site position, naming the site (:func:`_site_label`)."""
    labels = []
    for (lat, lon), _cats in positions.items():
        rows = deployments[(deployments["lat"] == lat) & (deployments["lon"] == lon)]
        labels.append(MapLabel(lon, lat, _site_label(rows), size=8.5, color=style.INK,
                               marker=False, priority=1, key=f"site:{lat:.4f},{lon:.4f}"))
    return labels


def _legends(fig: Figure, deployments: pd.DataFrame, rings: pd.DataFrame, systems: list[str]
             ) -> None:
    """The category legend and the range-ring legend under the map."""
    present = in_enum_order(deployments["category"], "deployments", "category")
    cat_handles = [
        Line2D([], [], marker="o", linestyle="none", markersize=6.5, markeredgecolor="black",
               markeredgewidth=0.5, color=style.DEPLOYMENT_COLORS[c], label=c.replace("_", " "))
        for c in present
    ]
    ring_handles = []
    for system in systems:
        first = rings[rings["system"].astype(str) == system].iloc[0]
        color = style.DEPLOYMENT_COLORS[str(first["category"])]
        ring_handles.append(Line2D([], [], color=color, linewidth=1.2,
                                   linestyle=_RING_STYLES[systems.index(system) % 4],
                                   label=f"{_short_system(system)}: {first['range_km']:.0f} km"))
    ring_handles.append(cartography.point_handle("D", style.STRAIT_COLOR, "strait", size=4.5))
    height = fig.get_size_inches()[1]
    fig.legend(handles=cat_handles, title="deployment category", loc="upper left",
               bbox_to_anchor=(0.05, 1.0 / height), ncols=4, fontsize=9.5, title_fontsize=9.5,
               alignment="left")
    fig.legend(handles=ring_handles, title="range ring (system: range)", loc="upper left",
               bbox_to_anchor=(0.62, 1.0 / height), ncols=1, fontsize=9.5, title_fontsize=9.5,
               alignment="left")


def deployments_map(
    deployments: pd.DataFrame, rings: pd.DataFrame, islands: pd.DataFrame, straits: pd.DataFrame,
    land: Land, frame: MapFrame, convention: str | None = None,
    title: str = "Military deployments on the Kuril Islands, with missile range rings",
) -> Figure:
    """Every deployment site by category in ``frame``, with geodesic missile range rings.

    ``rings`` comes from :func:`helpers.military.missile_rings` (lon/lat polygons drawn with
    ``PlateCarree``); ``land`` holds the regional coastlines and the island polygons; the
    notebook's frame is :data:`DEPLOYMENTS_MAP_EXTENT` with the inset
    :data:`DEPLOYMENTS_INSET_EXTENT`. Markers are coloured by
    :data:`helpers.style.DEPLOYMENT_COLORS`, one per category at each position, side by side so
    that none hides another. The southern Kurils, where most sites are, are repeated at a larger
    scale in the inset with the sites named. Straits are marked for reference.
    """
    fig, ax, inset = cartography.base_map(
        islands, land, frame, bottom_margin=1.35, linewidth=0.5, inset_width=0.44, frame_zorder=7)
    extent, inset_extent = frame.extent, frame.inset_extent
    systems = list(dict.fromkeys(rings["system"].astype(str))) if len(rings) else []
    _rings(ax, rings, systems)
    _rings(inset, rings, systems)
    main_labels, inset_labels = mark_straits(
        ax, inset, straits, extent, inset_extent, lambda row: names.map_label(row, convention),
        sizes=(8.5, 8), markersize=3.5, edgewidth=0.4)
    main_boxes = _draw_sites(ax, _site_positions(deployments, extent), size=6.5)
    inset_positions = _site_positions(deployments, inset_extent)
    inset_boxes = _draw_sites(inset, inset_positions, size=6.0)
    inset_labels += _site_labels(deployments, inset_positions)
    island_main, island_inset = split_by_inset(
        island_map_labels(islands, group_islets=True, convention=convention, size=9,
                          disputed_size=10), inset_extent, extent)
    frame_boxes = line_obstacles(ax, *cartography.frame_lonlat(inset_extent))
    place_labels(ax, main_labels + island_main,
                 obstacles=[inset.get_window_extent().padded(8), *frame_boxes, *main_boxes])
    place_labels(inset, inset_labels + island_inset, obstacles=inset_boxes)
    ax.set_title(title, loc="left")
    _legends(fig, deployments, rings, systems)
    return fig
