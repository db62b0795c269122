"""Notebook 04's sovereignty maps: small multiples of who held which island, from ``sovereignty``.

Each panel is one :class:`helpers.timeline.Snapshot` (1855, 1875, 1905-1945, after 1945 and the
1956 Declaration's offer). The holder of every island comes from
:func:`helpers.timeline.sovereignty_snapshot` / :func:`~helpers.timeline.offer_scenario`;
island shapes and the grey background land come in a :class:`helpers.cartography.Land`
(:func:`helpers.geodata.island_polygons`, :func:`helpers.geodata.coastlines`). Nothing is drawn
by hand: remove an island from ``islands`` or a row from ``sovereignty`` and the maps change.

Islands too small to see at this scale (and those without a polygon) also get a dot at their
``lat``/``lon`` in the holder's colour. Coordinates are WGS84 lon/lat (``ccrs.PlateCarree()``),
drawn in the projection of the :class:`~helpers.cartography.MapFrame` the caller passes. No
cartopy feature is used, so nothing can be downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers import style
from helpers.cartography import PLATE_CARREE, Land, MapFrame, project
from helpers.style import COAST_COLOR, HOLDER_COLORS, LAND_COLOR, SEA_COLOR
from helpers.timeline.tables import SNAPSHOTS, Snapshot, offer_scenario, sovereignty_snapshot

#: Extent of each panel's frame (lon_min, lon_max, lat_min, lat_max): eastern Hokkaido to
#: Cape Lopatka.
EXTENT: tuple[float, float, float, float] = (141.0, 157.5, 41.6, 51.2)
NO_HOLDER_COLOR = style.WHITE
#: Smallest font size (points) of the text a reader must read: the figure is 11 in wide (the
#: notebook's frame width) at 100 dpi and shown about 930 px wide, so 11 pt in the figure is
#: about 9.3 pt on screen.
READABLE_PT = 11.0
#: Islands whose polygon is smaller than this (square degrees, about 60 km2 here) or missing
#: also get a dot, so that they stay visible.
SMALL_ISLAND_DEG2 = 0.008


def panel_holders(sovereignty: pd.DataFrame, islands: pd.DataFrame, snapshot: Snapshot) -> pd.DataFrame:
    """Holder of every island for one panel (offer applied when ``snapshot.offer``)."""
    if snapshot.offer:
        return offer_scenario(sovereignty, islands, snapshot.date)
    frame = sovereignty_snapshot(sovereignty, islands, snapshot.date)
    frame["offered"] = False
    return frame


def _holder_summary(frame: pd.DataFrame) -> str:
    counts = frame[frame["holder"] != ""].groupby("holder").size()
    return ", ".join(f"{holder} {n}" for holder, n in counts.items())


#: Simplification tolerance (degrees, about 1 km) for island outlines on the small panels.
PANEL_SIMPLIFY_DEG = 0.01


def draw_panel(ax, holders: pd.DataFrame, islands: pd.DataFrame, land: Land, title: str,
               extent: Sequence[float] = EXTENT) -> None:
    """Draw one snapshot on a cartopy GeoAxes (``land.coastlines`` may be empty)."""
    polygons = land.polygons
    ax.set_extent(extent, crs=PLATE_CARREE)
    ax.set_facecolor(SEA_COLOR)
    if land.coastlines:
        ax.add_geometries(project(land.coastlines, ax.projection), crs=ax.projection, facecolor=LAND_COLOR,
                          edgecolor=COAST_COLOR, linewidth=0.3, zorder=1)
    position = islands.set_index(islands["island_id"].astype(str))
    for rec in holders.to_dict("records"):
        island_id, holder = str(rec["island_id"]), str(rec["holder"])
        color = HOLDER_COLORS.get(holder, NO_HOLDER_COLOR)
        hatch = "////" if rec.get("offered") else None
        geom = polygons.get(island_id)
        if geom is not None:
            ax.add_geometries(project([geom], ax.projection), crs=ax.projection, facecolor=color, edgecolor="black" if hatch else color,
                              linewidth=0.6 if hatch else 0.3, hatch=hatch, zorder=2)
        small = geom is None or geom.area < SMALL_ISLAND_DEG2
        if small and island_id in position.index:
            row = position.loc[island_id]
            ax.plot(float(row["lon"]), float(row["lat"]), marker="o", markersize=3.2, color=color,
                    markeredgecolor="black", markeredgewidth=0.3 if not hatch else 0.6,
                    transform=PLATE_CARREE, zorder=3)
    offered = holders[holders["offered"].astype(bool)] if "offered" in holders else holders.iloc[0:0]
    pts = position.loc[[i for i in offered["island_id"] if i in position.index]]
    if len(pts):
        groups = ", ".join(dict.fromkeys(str(g) for g in pts["group"]))
        ax.annotate(f"offered:\n{groups}\n({len(pts)} islands)", (float(pts["lon"].mean()), float(pts["lat"].mean())),
                    xytext=(0.5, 0.1), textcoords="axes fraction", xycoords=PLATE_CARREE._as_mpl_transform(ax),
                    fontsize=READABLE_PT, ha="left", arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 0.8},
                    bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5})
    ax.set_title(title, loc="left", fontsize=READABLE_PT + 1)
    summary = _holder_summary(holders)
    ax.text(0.02, 0.02, summary, transform=ax.transAxes, fontsize=READABLE_PT, va="bottom", ha="left",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5})


def _legend(fig: Figure, place, holders_seen: set[str], any_offer: bool) -> None:
    """The holders' colours, the offer hatch, other land and the dot; in ``place`` (a free panel
    slot) when given, else under the panels."""
    handles = [Patch(facecolor=HOLDER_COLORS[h], label=h) for h in HOLDER_COLORS if h in holders_seen]
    if any_offer:
        handles.append(Patch(facecolor=HOLDER_COLORS["Japan"], edgecolor="black", hatch="////",
                             label="offered to Japan after a peace treaty\n(1956 Declaration, not carried out)"))
    handles.append(Patch(facecolor=LAND_COLOR, edgecolor=COAST_COLOR, label="other land"))
    handles.append(Line2D([], [], marker="o", linestyle="", color=style.MUTED, markersize=5,
                          label="small island (position dot)"))
    lines = ["Holders from the sovereignty table;", "a territory group (e.g. northern_kurils)",
             "colours every island of that group", "in the islands table."]
    if place is not None:
        place.axis("off")
        place.legend(handles=handles, loc="upper left", fontsize=READABLE_PT, title="Holder of each island",
                     title_fontsize=READABLE_PT + 1, alignment="left", frameon=False)
        place.text(0.0, 0.0, "\n".join(lines), fontsize=READABLE_PT, va="bottom",
                   transform=place.transAxes, color=style.DIM)
        return
    note = " ".join(lines)
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3), fontsize=READABLE_PT,
               title=note, title_fontsize=READABLE_PT, frameon=False)


def sovereignty_maps_figure(
    sovereignty: pd.DataFrame, islands: pd.DataFrame, land: Land, frame: MapFrame,
    snapshots: Sequence[Snapshot] = SNAPSHOTS, title: str = "Who held the Kuril islands",
) -> Figure:
    """Small multiples (3 columns) of who held each island at each snapshot, with a legend.

    Every panel shows the frame's extent in its projection (notebook 04: :data:`EXTENT` in a
    Lambert conformal conic centred on the chain, 11 in wide, no inset); ``land.coastlines``
    may be empty (no background land). The legend takes the first free panel slot, or sits
    under the panels when the snapshots fill every row.

    Island outlines are simplified by :data:`PANEL_SIMPLIFY_DEG` first: a panel spans some 20
    degrees in a few inches, so full-resolution vertices would only slow drawing and bloat the SVG.
    """
    land = replace(land, polygons={
        key: geom.simplify(PANEL_SIMPLIFY_DEG, preserve_topology=True) for key, geom in land.polygons.items()
    })
    n = len(snapshots)
    ncols = 3
    nrows = max(1, (n + ncols - 1) // ncols)
    free_slot = n % ncols != 0
    fig = style.new_figure(figsize=(frame.width, 3.4 * nrows + (0.3 if free_slot else 1.2)),
                           layout="constrained")
    holders_seen: set[str] = set()
    any_offer = False
    for k, snap in enumerate(snapshots):
        ax = fig.add_subplot(nrows, ncols, k + 1, projection=frame.projection)
        holders = panel_holders(sovereignty, islands, snap)
        holders_seen |= set(holders["holder"]) - {""}
        any_offer |= bool(holders["offered"].any())
        draw_panel(ax, holders, islands, land, snap.title, frame.extent)
    place = fig.add_subplot(nrows, ncols, n + 1) if free_slot else None
    _legend(fig, place, holders_seen, any_offer)
    fig.suptitle(title, x=0.01, ha="left", fontsize=READABLE_PT + 3, fontweight="bold")
    return fig
