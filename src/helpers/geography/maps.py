"""Notebook 02's maps: the Sea of Okhotsk region and the four disputed islands at full resolution.

* :func:`regional_map` - the Sea of Okhotsk, the whole Kuril chain, Hokkaido, Sakhalin and
  Kamchatka; the straits labelled with width and depth, the SSBN base, the disputed islands set
  apart, the southern Kurils again in an inset (:func:`helpers.cartography.base_map`).
* :func:`disputed_islands_map` - the four disputed islands at full resolution, every Habomai
  islet, settlements, capes and a geodesic scale bar.

Both take the land layers and a :class:`helpers.cartography.MapFrame` from the caller (the
notebook names the frame's projection); labels are placed by
:func:`helpers.maplabels.place_labels`, and every label point comes from the data tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from helpers import cartography, geodesy, names, style
from helpers.cartography import Land, MapFrame, display_xy, inside, marker
from helpers.maplabels import MapLabel, island_map_labels, line_obstacles, mark_straits
from helpers.maplabels import place_labels, split_by_inset

#: Extent (lon_min, lon_max, lat_min, lat_max) of the regional map's frame.
REGIONAL_MAP_EXTENT: tuple[float, float, float, float] = (136.0, 168.0, 38.5, 60.0)
#: Extent of the southern Kurils inset of the regional map.
SOUTH_KURILS_EXTENT: tuple[float, float, float, float] = (144.1, 149.7, 43.05, 45.95)
#: Extent of the frame of the map of the four disputed islands.
NT_MAP_EXTENT: tuple[float, float, float, float] = (145.05, 149.1, 43.05, 45.65)

#: Water-body labels: cartographic placement (lon, lat), not data.
SEA_LABELS: dict[str, tuple[float, float]] = {
    "Sea of Okhotsk": (147.0, 52.3),
    "Pacific Ocean": (160.5, 47.6),
    "Sea of Japan": (137.8, 42.3),
}

_CONVENTION_NAMES = {"both": "English / Japanese", "en": "English", "ja": "Japanese",
                     "ru": "Russian"}


def _fmt_km(value: float) -> str:
    """A width as given in the data, without trailing zeros (21.0 -> "21", 12.4 -> "12.4")."""
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def strait_text(strait: pd.Series, convention: str | None = None) -> str:
    """Label of a strait: its name, then width and maximum depth ("12 km, 500 m"; "n/a" if unknown)."""
    width = strait.get("width_km")
    depth = strait.get("max_depth_m")
    w = "width n/a" if width is None or pd.isna(width) else f"{_fmt_km(float(width))} km"
    d = "depth n/a" if depth is None or pd.isna(depth) else f"{float(depth):,.0f} m"
    return f"{names.map_label(strait, convention)}\n{w}, {d}"


def _regional_place_labels(ax: Any, places: pd.DataFrame, extent: Sequence[float],
                           convention: str | None) -> list[MapLabel]:
    """Sea and landmass names (fixed, italic) and the naval bases (a star each)."""
    labels: list[MapLabel] = []
    for name, (lon, lat) in SEA_LABELS.items():
        if inside(lon, lat, extent):
            labels.append(MapLabel(lon, lat, name, size=10, color=style.WATER_TEXT,
                                   style="italic", fixed=True, marker=False, key=name))
    for _, row in places[places["kind"].astype(str) == "landmass"].iterrows():
        if inside(row["lon"], row["lat"], extent):
            labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                                   names.map_label(row, convention).upper(), size=10,
                                   color=style.LANDMASS_TEXT, style="italic", fixed=True,
                                   marker=False, key=str(row["place_id"])))
    for _, row in places[places["kind"].astype(str) == "naval_base"].iterrows():
        marker(ax, row["lon"], row["lat"], marker="*", markersize=14, color=style.BASE_COLOR,
               markeredgecolor="white", markeredgewidth=0.6)
        name = names.map_label(row, convention)
        # "Rybachiy" -> "Rybachiy\nSSBN base"; a name that already says "base" gets "(SSBN)"
        text = f"{name}\n(SSBN)" if "base" in name.casefold() else f"{name}\nSSBN base"
        labels.append(MapLabel(float(row["lon"]), float(row["lat"]), text,
                               size=9.5, color=style.BASE_COLOR, weight="bold",
                               key=str(row["place_id"])))
    return labels


def _outline_obstacles(ax: Any, islands: pd.DataFrame, polygons: Mapping[str, BaseGeometry],
                       extent: Sequence[float]) -> list[Bbox]:
    """Small boxes along the outlines of the disputed islands inside ``extent``: labels keep off."""
    window = box(extent[0], extent[2], extent[1], extent[3])
    boxes: list[Bbox] = []
    for island_id in islands.loc[islands["disputed"].astype(bool), "island_id"].astype(str):
        poly = polygons.get(island_id)
        if poly is None or not poly.intersects(window):
            continue
        for part in geodesy.polygons(poly.simplify(0.01)):
            lons, lats = part.exterior.coords.xy
            boxes += line_obstacles(ax, list(lons), list(lats), step_px=6.0)
    return boxes


def regional_map(
    islands: pd.DataFrame, places: pd.DataFrame, straits: pd.DataFrame, land: Land,
    frame: MapFrame, convention: str | None = None,
    title: str = "The Sea of Okhotsk and the Kuril chain",
) -> Figure:
    """Regional map in ``frame``: Sea of Okhotsk, the Kuril chain, Hokkaido, Sakhalin, Kamchatka.

    ``land`` holds the lon/lat coastlines (``geodata.coastlines("regional")``) and the polygons
    (``geodata.island_polygons()``) that fill the disputed islands (``islands.disputed``); the
    notebook's frame is :data:`REGIONAL_MAP_EXTENT` with the inset :data:`SOUTH_KURILS_EXTENT`.
    Straits are marked and labelled with name, width and depth; naval bases
    (``places.kind == "naval_base"``) get a star; landmass label points are written in italics.
    The crowded southern Kurils (the frame's ``inset_extent``) are drawn again at a larger scale
    in an inset over the Pacific, where their straits and islands are labelled.
    """
    fig, ax, inset = cartography.base_map(
        islands, land, frame, bottom_margin=0.7, linewidth=0.6, inset_width=0.47, frame_zorder=4)
    extent, inset_extent = frame.extent, frame.inset_extent
    main_labels = _regional_place_labels(ax, places, extent, convention)
    strait_main, inset_labels = mark_straits(
        ax, inset, straits, None, inset_extent, lambda row: strait_text(row, convention),
        sizes=(9.0, 9.0), markersize=4.5, edgewidth=0.5)
    # the straits are the point of this map: their labels take the places next to their marks
    main_labels += [replace(label, priority=-1) for label in strait_main]
    island_main, island_inset = split_by_inset(
        island_map_labels(islands, group_islets=True, convention=convention, size=9,
                          disputed_size=9.5), inset_extent)
    frame_xy = [display_xy(ax, lo, la) for lo, la in zip(*cartography.frame_lonlat(inset_extent),
                                                       strict=True)]
    framed = Bbox.from_extents(*(min(c) for c in zip(*frame_xy, strict=True)),
                               *(max(c) for c in zip(*frame_xy, strict=True)))
    place_labels(ax, main_labels + island_main,
                 obstacles=[inset.get_window_extent().padded(8), framed.padded(2)])
    place_labels(inset, inset_labels + island_inset,
                 obstacles=_outline_obstacles(inset, islands, land.polygons, inset_extent))
    ax.set_title(title, loc="left")
    handles = [
        cartography.disputed_handle("disputed: administered by Russia, claimed by Japan"),
        cartography.point_handle("D", style.STRAIT_COLOR, "strait (width, maximum depth)"),
        cartography.point_handle("*", style.BASE_COLOR, "ballistic-missile submarine (SSBN) base",
                                 size=11),
    ]
    fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=9.5,
               bbox_to_anchor=(0.5, 0.0), frameon=False)
    return fig


def _group_label_point(members: pd.DataFrame, polygons: Mapping[str, BaseGeometry]
                       ) -> tuple[float, float]:
    """Centre (lon, lat) of the bounding box of a group's islets (polygons and points)."""
    parts = [polygons.get(str(i)) for i in members["island_id"]]
    lons = [p.bounds[0] for p in parts if p is not None] + list(members["lon"])
    lons += [p.bounds[2] for p in parts if p is not None]
    lats = [p.bounds[1] for p in parts if p is not None] + list(members["lat"])
    lats += [p.bounds[3] for p in parts if p is not None]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


def _island_labels(ax: Any, islands: pd.DataFrame, inside_rows: pd.DataFrame,
                   polygons: Mapping[str, BaseGeometry], convention: str | None) -> list[MapLabel]:
    """Main islands centred (bold), group names beside their islets, islets beside their point."""
    labels: list[MapLabel] = []
    is_main = inside_rows["island_id"].astype(str) == inside_rows["group"].astype(str).str.lower()
    for _, row in inside_rows[is_main].iterrows():
        labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                               names.map_label(row, convention), size=10.5, weight="bold",
                               color=style.DISPUTED_TEXT, marker=False, priority=-1,
                               key=str(row["island_id"])))
    for group, members in inside_rows.groupby(inside_rows["group"].astype(str), sort=False):
        if (inside_rows["island_id"].astype(str) == group.lower()).any():
            continue
        if group in names.GROUP_NAMES and len(members) > 1:
            # the group's name floats beside its islets (no leader line)
            lon, lat = _group_label_point(members, polygons)
            labels.append(MapLabel(lon, lat, names.group_label(group, islands, convention).upper(),
                                   size=9.5, weight="bold", style="italic",
                                   color=style.DISPUTED_TEXT, marker=False, leader=False,
                                   priority=-2, key=group.lower()))
    for _, row in inside_rows[~is_main].iterrows():
        poly = polygons.get(str(row["island_id"]))
        if poly is None:  # a rock the coastline data does not resolve: mark it
            marker(ax, row["lon"], row["lat"], marker="o", markersize=3,
                   color=style.DISPUTED_COLOR, markeredgecolor=style.DISPUTED_EDGE,
                   markeredgewidth=0.6)
        labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                               names.map_label(row, convention), size=9,
                               color=style.DISPUTED_TEXT, marker=poly is None,
                               key=str(row["island_id"])))
    return labels


def _settlements_and_capes(ax: Any, places: pd.DataFrame, extent: Sequence[float],
                           convention: str | None) -> list[MapLabel]:
    """A square per settlement and a triangle per cape inside ``extent``, with their labels."""
    labels: list[MapLabel] = []
    for _, row in places.iterrows():
        kind = str(row["kind"])
        if kind not in ("settlement", "cape") or not inside(row["lon"], row["lat"], extent):
            continue
        if kind == "settlement":
            marker(ax, row["lon"], row["lat"], marker="s", markersize=4.5,
                   color=style.SETTLEMENT_COLOR, markeredgecolor="white", markeredgewidth=0.5)
            labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                                   names.map_label(row, convention), size=9,
                                   color=style.SETTLEMENT_COLOR, key=str(row["place_id"])))
        else:
            marker(ax, row["lon"], row["lat"], marker="^", markersize=5, color=style.WATER_TEXT,
                   markeredgecolor="white", markeredgewidth=0.5)
            labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                                   names.map_label(row, convention), size=9,
                                   color=style.WATER_TEXT, style="italic",
                                   key=str(row["place_id"])))
    return labels


def _hokkaido_label(places: pd.DataFrame, land: Land, extent: Sequence[float],
                    convention: str | None) -> list[MapLabel]:
    """Hokkaido's name (from its ``places`` row) at the centroid of the Hokkaido land on the map.

    That land is the largest coastline polygon of ``land`` inside ``extent`` that holds none of
    its island polygons: the data place the label, no point is written by hand.
    """
    match = places[places["place_id"].astype(str) == "hokkaido"]
    window = box(extent[0], extent[2], extent[1], extent[3])
    islands = [p.representative_point() for p in land.polygons.values()]
    mainland = [part.intersection(window) for geom in land.coastlines
                for part in geodesy.polygons(geom)
                if part.intersects(window) and not any(part.contains(i) for i in islands)]
    if match.empty or not mainland:
        return []
    centre = max(mainland, key=lambda part: part.area).centroid
    return [MapLabel(centre.x, centre.y, names.map_label(match.iloc[0], convention).upper(),
                     size=10, color=style.LANDMASS_TEXT, style="italic", fixed=True,
                     marker=False, key="hokkaido")]


def _islet_boxes(ax: Any, inside_rows: pd.DataFrame, polygons: Mapping[str, BaseGeometry]
                 ) -> list[Bbox]:
    """Display boxes of the islets' outlines, so that labels sit in open water beside them."""
    boxes = []
    for _, row in inside_rows.iterrows():
        poly = polygons.get(str(row["island_id"]))
        if poly is None or str(row["island_id"]) == str(row["group"]).lower():
            continue
        lon_a, lat_a, lon_b, lat_b = poly.bounds
        corners = [display_xy(ax, lo, la) for lo in (lon_a, lon_b) for la in (lat_a, lat_b)]
        xs, ys = zip(*corners, strict=True)
        boxes.append(Bbox.from_extents(min(xs), min(ys), max(xs), max(ys)).padded(1))
    return boxes


def disputed_islands_map(
    islands: pd.DataFrame, places: pd.DataFrame, land: Land, frame: MapFrame,
    convention: str | None = None, title: str | None = None, scale_km: float = 50.0,
) -> Figure:
    """Full-resolution map of the four disputed islands (the Northern Territories) in ``frame``.

    ``land`` holds ``geodata.coastlines("full")`` (every Habomai islet and eastern Hokkaido)
    and the polygons that fill the disputed islands; the notebook's frame is
    :data:`NT_MAP_EXTENT`, without an inset. Every island of the islands table inside the
    frame's extent is labelled in the naming convention (``convention`` or the current one), the
    Habomai group once more as a whole; settlements and capes from ``places`` are marked; a
    ``scale_km`` geodesic scale bar sits in the lower right.
    """
    extent, polygons = frame.extent, land.polygons
    fig, ax = cartography.map_axes(frame.width, frame.projection, extent,
                                   margins=(0.55, 0.2, 0.6, 0.4))
    cartography.land(ax, land.coastlines)
    cartography.disputed_land(ax, islands, polygons, None, linewidth=0.5)
    cartography.gridlines(ax, 1, size=9)
    inside_rows = islands[[inside(r["lon"], r["lat"], extent) for _, r in islands.iterrows()]]
    labels = _island_labels(ax, islands, inside_rows, polygons, convention)
    labels += _settlements_and_capes(ax, places, extent, convention)
    labels += _hokkaido_label(places, land, extent, convention)
    scale = cartography.add_scale_bar(ax, scale_km, at=(0.72, 0.05), size=9)
    sx0, sy0 = display_xy(ax, *scale[0])
    sx1, _ = display_xy(ax, *scale[1])
    bar_box = Bbox.from_extents(sx0 - 12, sy0 - 6, sx1 + 24, sy0 + 20)
    place_labels(ax, labels, obstacles=[bar_box, *_islet_boxes(ax, inside_rows, polygons)])
    convention_name = _CONVENTION_NAMES[convention or names.get_convention()]
    ax.set_title(title or f"The four disputed islands (names: {convention_name})", loc="left")
    handles = [
        cartography.disputed_handle("disputed island"),
        Patch(facecolor=style.LAND_COLOR, edgecolor=style.COAST_COLOR, label="Hokkaido (Japan)"),
        cartography.point_handle("s", style.SETTLEMENT_COLOR, "settlement"),
        cartography.point_handle("^", style.WATER_TEXT, "cape"),
    ]
    fig.legend(handles=handles, loc="lower left", ncols=4, fontsize=9.5,
               bbox_to_anchor=(0.06, 0.0), frameon=False)
    return fig
