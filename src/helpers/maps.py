"""Cartopy maps for notebooks 02 and 03: one map per function, each returning its Figure.

* :func:`regional_map` - the Sea of Okhotsk, the whole Kuril chain, Hokkaido, Sakhalin and
  Kamchatka; the straits labelled with width and depth, the SSBN base, the disputed islands set
  apart.
* :func:`disputed_islands_map` - the four disputed islands at full resolution, every Habomai
  islet, settlements, capes and a geodesic scale bar.
* :func:`deployments_map` - every deployment site by category with geodesic range rings.

Every geometry is drawn with an explicit CRS (``PlateCarree`` for lon/lat polygons and points,
``Geodetic`` for lines that follow the ellipsoid). Coastlines come from :mod:`helpers.geodata`
(shipped files), never from cartopy's downloader. Labels are placed by :func:`place_labels`,
which tries positions around each point and keeps the first one that overlaps no other label,
marker or the map edge; a label pushed away from its point gets a thin leader line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import cartopy.crs as ccrs
import matplotlib.patheffects as pe
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from pyproj import Geod
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from helpers import geography, names, style

#: lon/lat coordinates of every point and polygon handed to cartopy.
PLATE_CARREE = ccrs.PlateCarree()
#: Lines drawn along geodesics (scale bar).
GEODETIC = ccrs.Geodetic()

#: Default extent (lon_min, lon_max, lat_min, lat_max) of the regional map.
REGIONAL_MAP_EXTENT: tuple[float, float, float, float] = (136.0, 168.0, 38.5, 60.0)
#: Default extent of the deployments map (all rings of the southern and northern Kurils).
DEPLOYMENTS_MAP_EXTENT: tuple[float, float, float, float] = (139.5, 169.5, 37.5, 54.0)
#: Extent of the southern Kurils inset of the deployments map.
DEPLOYMENTS_INSET_EXTENT: tuple[float, float, float, float] = (145.2, 148.9, 43.25, 45.65)
#: Default extent of the map of the four disputed islands.
NT_MAP_EXTENT: tuple[float, float, float, float] = (145.05, 149.1, 43.05, 45.65)
#: Extent of the southern Kurils inset of the regional map.
SOUTH_KURILS_EXTENT: tuple[float, float, float, float] = (144.1, 149.7, 43.05, 45.95)

#: Simplification tolerance (degrees) of the full-resolution island polygons on the regional and
#: deployments maps: the tolerance of the shipped regional coastline clip (about 0.5 km), well
#: under a pixel at these maps' scale (about 0.03 degree per pixel at 100 dpi).
REGIONAL_SIMPLIFY_DEG = 0.005
#: Tolerance for the southern Kurils insets of those maps (about 0.01 degree per pixel).
INSET_SIMPLIFY_DEG = 0.002

#: Fill and outline of the disputed islands.
DISPUTED_COLOR = "#E8A33D"
DISPUTED_EDGE = "#7A4A00"
#: Marker colours.
STRAIT_COLOR = "#1F4E9C"
BASE_COLOR = "#7F1D1D"
SETTLEMENT_COLOR = "#222222"

#: Water-body labels: cartographic placement (lon, lat), not data.
SEA_LABELS: dict[str, tuple[float, float]] = {
    "Sea of Okhotsk": (147.0, 52.3),
    "Pacific Ocean": (160.5, 47.6),
    "Sea of Japan": (137.8, 42.3),
}

_HALO = [pe.withStroke(linewidth=2.6, foreground="white")]
_GEOD = Geod(ellps="WGS84")


# --------------------------------------------------------------------------------------------
# label placement


@dataclass
class MapLabel:
    """A label to place near a lon/lat anchor (see :func:`place_labels`)."""

    lon: float
    lat: float
    text: str
    size: float = 8.0
    color: str = "black"
    weight: str = "normal"
    style: str = "normal"
    #: place exactly centred on the anchor (landmass and sea names) instead of searching
    fixed: bool = False
    #: the anchor carries a marker that other labels must not cover
    marker: bool = True
    #: the label's key (e.g. island_id), for tests
    key: str = ""
    #: lower numbers are placed first and get the positions closest to their anchor
    priority: int = 0
    #: draw a leader line when the label ends up away from its anchor
    leader: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


#: Candidate positions: (dx, dy) direction in points and the text alignment they need.
_DIRECTIONS: tuple[tuple[float, float, str, str], ...] = (
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (0.75, 0.75, "left", "bottom"),
    (-0.75, 0.75, "right", "bottom"),
    (0.75, -0.75, "left", "top"),
    (-0.75, -0.75, "right", "top"),
    (0.92, 0.38, "left", "bottom"),
    (-0.92, 0.38, "right", "bottom"),
    (0.92, -0.38, "left", "top"),
    (-0.92, -0.38, "right", "top"),
    (0.38, 0.92, "left", "bottom"),
    (-0.38, 0.92, "right", "bottom"),
    (0.38, -0.92, "left", "top"),
    (-0.38, -0.92, "right", "top"),
)
_DISTANCES: tuple[float, ...] = (4.0, 10.0, 18.0, 28.0, 40.0, 55.0, 72.0, 90.0, 110.0)


def _display_xy(ax: Any, lon: float, lat: float) -> tuple[float, float]:
    x, y = ax.projection.transform_point(lon, lat, PLATE_CARREE)
    dx, dy = ax.transData.transform((x, y))
    return float(dx), float(dy)


def _box_array(boxes: Sequence[Bbox]) -> np.ndarray:
    """(n, 4) array of normalised extents x0, y0, x1, y1 (for vectorised overlap tests)."""
    if not boxes:
        return np.empty((0, 4))
    e = np.array([b.extents for b in boxes], dtype=float)
    return np.column_stack(
        [np.minimum(e[:, 0], e[:, 2]), np.minimum(e[:, 1], e[:, 3]),
         np.maximum(e[:, 0], e[:, 2]), np.maximum(e[:, 1], e[:, 3])]
    )


def _hits(bb: Bbox, boxes: np.ndarray) -> np.ndarray:
    """Which rows of ``boxes`` overlap ``bb`` (edges touching count, as in ``Bbox.overlaps``)."""
    x0, x1 = sorted((bb.x0, bb.x1))
    y0, y1 = sorted((bb.y0, bb.y1))
    return (x0 <= boxes[:, 2]) & (boxes[:, 0] <= x1) & (y0 <= boxes[:, 3]) & (boxes[:, 1] <= y1)


def _overlap_area_sum(bb: Bbox, boxes: np.ndarray) -> float:
    """Total area of ``bb`` shared with the rows of ``boxes`` (display units)."""
    w = np.minimum(bb.x1, boxes[:, 2]) - np.maximum(bb.x0, boxes[:, 0])
    h = np.minimum(bb.y1, boxes[:, 3]) - np.maximum(bb.y0, boxes[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def place_labels(
    ax: Any,
    labels: Sequence[MapLabel],
    obstacles: Sequence[Bbox] = (),
    marker_px: float = 7.0,
    pad_px: float = 2.0,
) -> list[Text]:
    """Place ``labels`` on a cartopy axes so that none overlaps another, a marker or the edge.

    Fixed labels are drawn first, centred on their anchor. The others follow in ``priority``
    order; each tries sixteen directions at growing distances (4 to 110 points) and takes the
    first position where neither the text nor its leader line touches a placed label, a marker,
    a leader or an obstacle, inside the axes. A label more than 5 points from its anchor gets a
    thin leader line to the nearest point of its box. If no position is free, the
    least-overlapping one is used (text overlaps weigh far more than a crossing leader line);
    ``text.overlapping`` is True only if its text then overlaps something.
    Returns the Text/Annotation artists in input order; each has ``label_bbox`` (display units).
    The figure layout must be final before calling (the function applies the axes' aspect).
    """
    fig = ax.figure
    ax.apply_aspect()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    blocked: list[Bbox] = list(obstacles)
    anchors = []
    own_boxes: list[Bbox | None] = []
    for lab in labels:
        x, y = _display_xy(ax, lab.lon, lab.lat)
        anchors.append((x, y))
        if lab.marker:
            h = marker_px / 2
            box_ = Bbox.from_extents(x - h, y - h, x + h, y + h)
            blocked.append(box_)
            own_boxes.append(box_)
        else:
            own_boxes.append(None)
    artists: list[Text | None] = [None] * len(labels)
    order = sorted(range(len(labels)), key=lambda i: (not labels[i].fixed, labels[i].priority))
    for i in order:
        lab = labels[i]
        x, y = anchors[i]
        px, py = ax.projection.transform_point(lab.lon, lab.lat, PLATE_CARREE)
        common = dict(
            fontsize=lab.size, color=lab.color, fontweight=lab.weight, fontstyle=lab.style,
            path_effects=_HALO, zorder=20,
        )
        if lab.fixed:
            text = ax.text(px, py, lab.text, ha="center", va="center", transform=ax.transData,
                           **common)
            bb = text.get_window_extent(renderer).padded(pad_px)
            text.label_bbox = bb  # type: ignore[attr-defined]
            text.overlapping = False  # type: ignore[attr-defined]
            blocked.append(bb)
            artists[i] = text
            continue
        own = own_boxes[i]
        others = [b for b in blocked if b is not own]
        # a leader starts at the anchor: boxes around the anchor itself (its islet, its site
        # markers) cannot block it
        leader_others = [b for b in others if not b.contains(x, y)]
        # the collision tests below run thousands of times per map: test against arrays
        others_arr, leader_arr = _box_array(others), _box_array(leader_others)
        radius = marker_px / 2 + 1 if lab.marker else 0.0
        best: tuple[float, Annotation, Bbox, list[Bbox]] | None = None
        chosen: tuple[Annotation, Bbox, list[Bbox]] | None = None
        for dist in _DISTANCES:
            for ux, uy, ha, va in _DIRECTIONS:
                ann = ax.annotate(
                    lab.text, xy=(px, py), xycoords="data", xytext=(ux * dist, uy * dist),
                    textcoords="offset points", ha=ha, va=va, **common,
                )
                bb = ann.get_window_extent(renderer).padded(pad_px)
                leader = _leader_boxes((x, y), bb, radius) if dist > 5 and lab.leader else []
                inside = (
                    bb.x0 >= frame.x0 and bb.x1 <= frame.x1
                    and bb.y0 >= frame.y0 and bb.y1 <= frame.y1
                )
                if inside and not _hits(bb, others_arr).any() and not any(
                    _hits(seg, leader_arr).any() for seg in leader
                ):
                    chosen = (ann, bb, leader)
                    break
                text_hits = _overlap_area_sum(bb, others_arr)
                leader_hits = sum(bool(_hits(seg, leader_arr).any()) for seg in leader)
                score = text_hits * 1000 + leader_hits + (0 if inside else 1e12)
                if best is None or score < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (score, ann, bb, leader)
                else:
                    ann.remove()
            if chosen is not None:
                break
        if chosen is None:
            assert best is not None
            ann, bb, leader = best[1], best[2], best[3]
            # only text on text (or off the map) counts as overlapping; a leader line that
            # crosses another leader or marker is tolerated
            ann.overlapping = best[0] >= 1000  # type: ignore[attr-defined]
        else:
            if best is not None:
                best[1].remove()
            ann, bb, leader = chosen
            ann.overlapping = False  # type: ignore[attr-defined]
        if leader:
            _draw_leader(ax, (x, y), bb, radius)
        ann.label_bbox = bb  # type: ignore[attr-defined]
        blocked.append(bb)
        blocked.extend(leader)
        artists[i] = ann
    return [a for a in artists if a is not None]


def line_obstacles(ax: Any, lons: Sequence[float], lats: Sequence[float], step_px: float = 4.0
                   ) -> list[Bbox]:
    """Small display boxes along a lon/lat polyline (e.g. a frame), for :func:`place_labels`."""
    points = [_display_xy(ax, lo, la) for lo, la in zip(lons, lats, strict=True)]
    out = []
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        n = max(2, int(np.hypot(x1 - x0, y1 - y0) / step_px))
        for x, y in zip(np.linspace(x0, x1, n), np.linspace(y0, y1, n), strict=True):
            out.append(Bbox.from_extents(x - 1, y - 1, x + 1, y + 1))
    return out


def _frame_lonlat(extent: Sequence[float], n: int = 40) -> tuple[list[float], list[float]]:
    """The outline of a lon/lat box, densified (for obstacles along a drawn frame)."""
    lon0, lon1, lat0, lat1 = extent
    t = np.linspace(0.0, 1.0, n)
    lons = [*(lon0 + (lon1 - lon0) * t), *([lon1] * n), *(lon1 - (lon1 - lon0) * t), *([lon0] * n)]
    lats = [*([lat0] * n), *(lat0 + (lat1 - lat0) * t), *([lat1] * n), *(lat1 - (lat1 - lat0) * t)]
    return [float(v) for v in lons], [float(v) for v in lats]


def _leader_end(xy: tuple[float, float], bb: Bbox, radius: float
                ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Start and end (display units) of the leader from an anchor to the nearest box point."""
    x, y = xy
    ex = min(max(x, bb.x0), bb.x1)
    ey = min(max(y, bb.y0), bb.y1)
    length = float(np.hypot(ex - x, ey - y))
    if length <= radius + 2:
        return None
    ux, uy = (ex - x) / length, (ey - y) / length
    return (x + ux * radius, y + uy * radius), (ex - ux * 1.5, ey - uy * 1.5)


def _leader_boxes(xy: tuple[float, float], bb: Bbox, radius: float) -> list[Bbox]:
    """Small boxes sampled along the leader line, to test it against other labels."""
    ends = _leader_end(xy, bb, radius)
    if ends is None:
        return []
    (x0, y0), (x1, y1) = ends
    n = max(2, int(np.hypot(x1 - x0, y1 - y0) / 4))
    return [
        Bbox.from_extents(x - 1, y - 1, x + 1, y + 1)
        for x, y in zip(np.linspace(x0, x1, n), np.linspace(y0, y1, n), strict=True)
    ]


def _draw_leader(ax: Any, xy: tuple[float, float], bb: Bbox, radius: float) -> None:
    ends = _leader_end(xy, bb, radius)
    if ends is None:
        return
    inv = ax.transData.inverted()
    (x0, y0), (x1, y1) = inv.transform(np.asarray(ends))
    ax.plot([x0, x1], [y0, y1], color="#555555", linewidth=0.5, transform=ax.transData,
            zorder=19)


def labels_overlap(artists: Sequence[Text]) -> list[tuple[str, str]]:
    """Pairs of label texts whose boxes overlap (empty when the layout is clean)."""
    boxes = [(a.get_text(), a.label_bbox) for a in artists]  # type: ignore[attr-defined]
    bad = []
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            if boxes[i][1].overlaps(boxes[j][1]):
                bad.append((boxes[i][0], boxes[j][0]))
    return bad


# --------------------------------------------------------------------------------------------
# building blocks


def _lambert(extent: Sequence[float]) -> ccrs.Projection:
    lon0 = (extent[0] + extent[1]) / 2
    lat0 = (extent[2] + extent[3]) / 2
    span = extent[3] - extent[2]
    return ccrs.LambertConformal(
        central_longitude=lon0, central_latitude=lat0,
        standard_parallels=(extent[2] + span / 6, extent[3] - span / 6),
    )


def _map_axes(
    width: float, projection: ccrs.Projection, extent: Sequence[float],
    margins: tuple[float, float, float, float] = (0.55, 0.25, 0.75, 0.45),
    max_height: float = 10.0,
) -> tuple[Figure, Any]:
    """A figure ``width`` inches wide whose height fits the map's aspect.

    ``margins`` (left, right, bottom, top) are in inches; the figure height is chosen so that
    the map fills the space between them (at most ``max_height`` inches tall).
    """
    fig = plt.figure(figsize=(width, width))
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8), projection=projection)
    ax.set_extent(extent, crs=PLATE_CARREE)
    x0, x1, y0, y1 = ax.get_extent()
    ratio = (y1 - y0) / (x1 - x0)
    left, right, bottom, top = margins
    map_w = width - left - right
    map_h = map_w * ratio
    height = bottom + map_h + top
    if height > max_height:
        map_h = max_height - bottom - top
        map_w = map_h / ratio
        height = max_height
        left = (width - map_w) / 2
    fig.set_size_inches(width, height)
    ax.set_position((left / width, bottom / height, map_w / width, map_h / height))
    ax.set_facecolor(style.SEA_COLOR)
    return fig, ax


def _gridlines(ax: Any, step: float, size: float = 7.0) -> None:
    gl = ax.gridlines(
        crs=PLATE_CARREE, draw_labels=True, linewidth=0.3, color="#8A8A8A", alpha=0.6,
        x_inline=False, y_inline=False,
        xlocs=np.arange(-180, 181, step), ylocs=np.arange(-90, 91, step),
    )
    gl.top_labels = False
    gl.right_labels = False
    gl.rotate_labels = False
    gl.xlabel_style = {"size": size, "color": "#555555"}
    gl.ylabel_style = {"size": size, "color": "#555555"}


def _land(ax: Any, geoms: Sequence[BaseGeometry], extent: Sequence[float] | None = None,
          **kwargs: Any) -> None:
    if extent is not None:
        pad = 2.0
        window = box(extent[0] - pad, extent[2] - pad, extent[1] + pad, extent[3] + pad)
        geoms = [g for g in geoms if g.intersects(window)]
    opts = dict(facecolor=style.LAND_COLOR, edgecolor=style.COAST_COLOR, linewidth=0.35,
                zorder=2)
    opts.update(kwargs)
    ax.add_geometries(project(geoms, ax.projection), crs=ax.projection, **opts)


def project(geoms: Iterable[BaseGeometry], projection: ccrs.Projection) -> list[BaseGeometry]:
    """Lon/lat geometries in ``projection``'s coordinates, by a vectorised point transform.

    Several times faster than letting cartopy project each polygon while drawing (its
    ``project_geometry`` also handles rings that cross a projection's boundary, which no
    geometry of these regional maps does); cartopy then draws them with ``crs=projection``.
    """

    def transform(coords: np.ndarray) -> np.ndarray:
        xyz = projection.transform_points(PLATE_CARREE, coords[:, 0], coords[:, 1])
        return xyz[:, :2]

    return [shapely.transform(geom, transform) for geom in geoms]


def simplified(geoms: Iterable[BaseGeometry], tolerance: float | None) -> list[BaseGeometry]:
    """``geoms`` simplified by ``tolerance`` degrees (Douglas-Peucker, topology preserved).

    Used to draw full-resolution island polygons on small-scale maps with fewer vertices (a
    smaller SVG) and no visible change; ``None`` or ``0`` returns the geometries unchanged.
    ``preserve_topology`` keeps every islet a valid polygon however small.
    """
    if not tolerance:
        return list(geoms)
    return [g.simplify(tolerance, preserve_topology=True) for g in geoms]


def _disputed_geoms(islands: pd.DataFrame, polygons: Mapping[str, BaseGeometry],
                    tolerance: float | None = None) -> list[BaseGeometry]:
    disputed = islands[islands["disputed"].astype(bool)]
    return simplified(
        [polygons[i] for i in disputed["island_id"].astype(str) if i in polygons], tolerance)


def _plain(text: str) -> str:
    """Text without diacritics, case-folded ("Hokkaidō" -> "hokkaido")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def map_label(row: Mapping[str, Any], convention: str | None = None) -> str:
    """:func:`helpers.names.label` without repeating a name that differs only by a macron.

    "Hokkaido / Hokkaidō" becomes "Hokkaido"; any parenthesised alternative in ``name_en``
    ("Catherine Strait (Yekaterina Strait)") is dropped on maps.
    """
    row = dict(row)
    name = str(row.get("name_en", ""))
    if "(" in name and not name.startswith("("):
        row["name_en"] = name.split("(")[0].strip()
    text = names.label(row, convention)
    if " / " in text and (convention or names.get_convention()) == "both":
        first, second = text.split(" / ", 1)
        if _plain(first) == _plain(second):
            return first
    return text


def _fmt_km(value: float) -> str:
    """A width as given in the data, without trailing zeros (21.0 -> "21", 12.4 -> "12.4")."""
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def strait_text(strait: pd.Series, convention: str | None = None) -> str:
    """Label of a strait: its name, then width and maximum depth (or "n/a")."""
    width = strait.get("width_km")
    depth = strait.get("max_depth_m")
    w = "width n/a" if width is None or pd.isna(width) else f"{_fmt_km(float(width))} km wide"
    d = "depth n/a" if depth is None or pd.isna(depth) else f"{float(depth):,.0f} m deep"
    return f"{map_label(strait, convention)}\n{w}, {d}"


def island_map_labels(
    islands: pd.DataFrame, group_islets: bool, convention: str | None = None,
    size: float = 8.0, disputed_size: float | None = None,
) -> list[MapLabel]:
    """One label per island; with ``group_islets`` a group without a main island (Habomai)
    gets one label at the mean of its islets' points instead of one per islet."""
    out: list[MapLabel] = []
    done_groups: set[str] = set()
    for _, row in islands.iterrows():
        group = str(row["group"])
        disputed = bool(row["disputed"])
        weight = "bold" if disputed else "normal"
        fsize = disputed_size if (disputed and disputed_size) else size
        has_main = (islands["island_id"].astype(str) == group.lower()).any()
        if group_islets and not has_main and group in geography.GROUP_NAMES:
            if group in done_groups:
                continue
            done_groups.add(group)
            members = islands[islands["group"].astype(str) == group]
            out.append(MapLabel(
                float(members["lon"].mean()), float(members["lat"].mean()),
                geography.unit_label(group, islands, convention), size=fsize, weight=weight,
                color=DISPUTED_EDGE if disputed else "black", marker=False,
                key=group.lower(),
            ))
            continue
        out.append(MapLabel(
            float(row["lon"]), float(row["lat"]), map_label(row, convention), size=fsize,
            weight=weight, color=DISPUTED_EDGE if disputed else "black", marker=False,
            key=str(row["island_id"]),
        ))
    return out


def add_scale_bar(
    ax: Any, length_km: float, at: tuple[float, float] = (0.05, 0.05), segments: int = 2,
    size: float = 8.0,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Draw a geodesic scale bar of ``length_km`` starting at axes fraction ``at``, due east.

    The bar's end point is computed with :class:`pyproj.Geod` (``fwd``, azimuth 90 deg), so
    the bar is true at its latitude whatever the projection; segments alternate black and
    white. Returns ((lon0, lat0), (lon1, lat1)).
    """
    x, y = ax.transAxes.transform(at)
    px, py = ax.transData.inverted().transform((x, y))
    lon0, lat0 = PLATE_CARREE.transform_point(px, py, ax.projection)
    points = [(lon0, lat0)]
    for k in range(1, segments + 1):
        lon, lat, _ = _GEOD.fwd(lon0, lat0, 90.0, length_km * 1000.0 * k / segments)
        points.append((float(lon), float(lat)))
    for k in range(segments):
        (a_lon, a_lat), (b_lon, b_lat) = points[k], points[k + 1]
        ax.plot([a_lon, b_lon], [a_lat, b_lat], transform=GEODETIC, color="black",
                linewidth=5, solid_capstyle="butt", zorder=21)
        ax.plot([a_lon, b_lon], [a_lat, b_lat], transform=GEODETIC,
                color="black" if k % 2 else "white", linewidth=3.4, solid_capstyle="butt",
                zorder=22)
    for k, (lon, lat) in enumerate(points):
        value = length_km * k / segments
        text = f"{value:g} km" if k == segments else f"{value:g}"
        ax.annotate(text, xy=(lon, lat), xycoords=PLATE_CARREE._as_mpl_transform(ax),
                    xytext=(0, 5), textcoords="offset points", ha="center", va="bottom",
                    fontsize=size, path_effects=_HALO, zorder=22)
    return points[0], points[-1]


def _marker(ax: Any, lon: float, lat: float, **kwargs: Any) -> None:
    opts = dict(transform=PLATE_CARREE, zorder=15, linestyle="none")
    opts.update(kwargs)
    ax.plot([lon], [lat], **opts)


def _place(places: pd.DataFrame, place_id: str) -> pd.Series | None:
    match = places[places["place_id"].astype(str) == place_id]
    return None if match.empty else match.iloc[0]


def _inside(lon: float, lat: float, extent: Sequence[float]) -> bool:
    return extent[0] <= lon <= extent[1] and extent[2] <= lat <= extent[3]


# --------------------------------------------------------------------------------------------
# maps


def _inset_axes(
    fig: Figure, main: Any, extent: Sequence[float], width_frac: float,
    corner: tuple[float, float] = (0.985, 0.015),
) -> Any:
    """An inset map (transverse Mercator) in the lower-right corner of ``main``.

    ``width_frac`` is the inset's width as a fraction of the main map's width; its height
    follows the inset extent's aspect. ``corner`` is the inset's lower-right corner in the main
    axes' fraction coordinates.
    """
    lon0 = (extent[0] + extent[1]) / 2
    lat0 = (extent[2] + extent[3]) / 2
    projection = ccrs.TransverseMercator(central_longitude=lon0, central_latitude=lat0,
                                         approx=False)
    pos = main.get_position()
    inset = fig.add_axes((0.1, 0.1, 0.2, 0.2), projection=projection)
    inset.set_extent(extent, crs=PLATE_CARREE)
    x0, x1, y0, y1 = inset.get_extent()
    fig_w, fig_h = fig.get_size_inches()
    w = pos.width * width_frac
    h = w * fig_w * (y1 - y0) / (x1 - x0) / fig_h
    right = pos.x0 + pos.width * corner[0]
    bottom = pos.y0 + pos.height * corner[1]
    inset.set_position((right - w, bottom, w, h))
    inset.set_facecolor(style.SEA_COLOR)
    for spine in inset.spines.values():
        spine.set_edgecolor("#333333")
        spine.set_linewidth(1.0)
    return inset


def _disputed_land(ax: Any, islands: pd.DataFrame, polygons: Mapping[str, BaseGeometry],
                   tolerance: float | None, linewidth: float) -> None:
    """Fill the disputed islands (simplified by ``tolerance`` degrees) in the highlight colour."""
    _land(ax, _disputed_geoms(islands, polygons, tolerance), facecolor=DISPUTED_COLOR,
          edgecolor=DISPUTED_EDGE, linewidth=linewidth, zorder=3)


def _framed_inset(fig: Figure, ax: Any, coastlines: Sequence[BaseGeometry], islands: pd.DataFrame,
                  polygons: Mapping[str, BaseGeometry], inset_extent: Sequence[float],
                  width_frac: float, frame_zorder: int, linewidth: float) -> Any:
    """A dashed frame of ``inset_extent`` on ``ax`` and an inset drawing that area larger."""
    lon0, lon1, lat0, lat1 = inset_extent
    ax.add_geometries([box(lon0, lat0, lon1, lat1)], crs=PLATE_CARREE, facecolor="none",
                      edgecolor="#333333", linewidth=0.9, linestyle=(0, (4, 2)), zorder=frame_zorder)
    inset = _inset_axes(fig, ax, inset_extent, width_frac=width_frac)
    _land(inset, coastlines, inset_extent)
    _disputed_land(inset, islands, polygons, INSET_SIMPLIFY_DEG, linewidth)
    return inset


def regional_map(
    islands: pd.DataFrame,
    places: pd.DataFrame,
    straits: pd.DataFrame,
    coastlines: Sequence[BaseGeometry],
    polygons: Mapping[str, BaseGeometry],
    extent: Sequence[float] = REGIONAL_MAP_EXTENT,
    inset_extent: Sequence[float] = SOUTH_KURILS_EXTENT,
    convention: str | None = None,
    width: float = 10.0,
    title: str = "The Sea of Okhotsk and the Kuril chain",
) -> Figure:
    """Regional map: Sea of Okhotsk, the Kuril chain, Hokkaido, Sakhalin, Kamchatka.

    ``coastlines`` are lon/lat land polygons (``geodata.coastlines("regional")``); the
    disputed islands (``islands.disputed``) are filled from ``polygons``
    (``geodata.island_polygons()``), simplified by :data:`REGIONAL_SIMPLIFY_DEG` (inset:
    :data:`INSET_SIMPLIFY_DEG`). Straits are marked and labelled with name, width and
    depth; naval bases (``places.kind == "naval_base"``) get a star; landmass label points are
    written in italics. The crowded southern Kurils (``inset_extent``) are drawn again at a
    larger scale in an inset over the Pacific, where their straits and islands are labelled.
    """
    fig, ax = _map_axes(width, _lambert(extent), extent, margins=(0.55, 0.2, 0.7, 0.4))
    _land(ax, coastlines, extent)
    _disputed_land(ax, islands, polygons, REGIONAL_SIMPLIFY_DEG, linewidth=0.6)
    _gridlines(ax, 5)
    inset = _framed_inset(fig, ax, coastlines, islands, polygons, inset_extent, width_frac=0.4,
                          frame_zorder=4, linewidth=0.6)
    main_labels: list[MapLabel] = []
    inset_labels: list[MapLabel] = []
    for name, (lon, lat) in SEA_LABELS.items():
        if _inside(lon, lat, extent):
            main_labels.append(MapLabel(lon, lat, name, size=10, color="#3B6E8F",
                                        style="italic", fixed=True, marker=False, key=name))
    for _, row in places[places["kind"].astype(str) == "landmass"].iterrows():
        if _inside(row["lon"], row["lat"], extent):
            main_labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                                        map_label(row, convention).upper(), size=10,
                                        color="#6B5E4A", style="italic", fixed=True,
                                        marker=False, key=str(row["place_id"])))
    for _, row in places[places["kind"].astype(str) == "naval_base"].iterrows():
        _marker(ax, row["lon"], row["lat"], marker="*", markersize=14, color=BASE_COLOR,
                markeredgecolor="white", markeredgewidth=0.6)
        name = map_label(row, convention)
        # "Rybachiy" -> "Rybachiy\nSSBN base"; a name that already says "base" gets "(SSBN)"
        text = f"{name}\n(SSBN)" if "base" in name.casefold() else f"{name}\nSSBN base"
        main_labels.append(MapLabel(float(row["lon"]), float(row["lat"]), text,
                                    size=8, color=BASE_COLOR, weight="bold",
                                    key=str(row["place_id"])))
    for _, row in straits.iterrows():
        in_inset = _inside(row["lon"], row["lat"], inset_extent)
        for target, labels, size in ((ax, main_labels, 6.8), (inset, inset_labels, 7.0)):
            if target is inset and not in_inset:
                continue
            _marker(target, row["lon"], row["lat"], marker="D", markersize=4.5,
                    color=STRAIT_COLOR, markeredgecolor="white", markeredgewidth=0.5)
            if target is ax and in_inset:
                continue  # labelled in the inset
            labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                                   strait_text(row, convention), size=size,
                                   color=STRAIT_COLOR, key=str(row["strait_id"]),
                                   priority=2))
    for lab in island_map_labels(islands, group_islets=True, convention=convention, size=7.5,
                                 disputed_size=8.5):
        if _inside(lab.lon, lab.lat, inset_extent):
            inset_labels.append(lab)
        else:
            main_labels.append(lab)
    frame_boxes = line_obstacles(ax, *_frame_lonlat(inset_extent))
    place_labels(ax, main_labels,
                 obstacles=[inset.get_window_extent().padded(8), *frame_boxes])
    place_labels(inset, inset_labels)
    inset.text(0.02, 0.98, "Southern Kurils (dashed frame)", transform=inset.transAxes,
               ha="left", va="top", fontsize=8.5, fontweight="bold", path_effects=_HALO,
               zorder=25)
    ax.set_title(title, loc="left")
    handles = [
        Patch(facecolor=DISPUTED_COLOR, edgecolor=DISPUTED_EDGE,
              label="disputed: administered by Russia, claimed by Japan"),
        Line2D([], [], marker="D", color=STRAIT_COLOR, linestyle="none", markersize=5,
               label="strait (width, maximum depth)"),
        Line2D([], [], marker="*", color=BASE_COLOR, linestyle="none", markersize=11,
               label="ballistic-missile submarine (SSBN) base"),
    ]
    fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=8,
               bbox_to_anchor=(0.5, 0.0), frameon=False)
    return fig


def disputed_islands_map(
    islands: pd.DataFrame,
    places: pd.DataFrame,
    coastlines: Sequence[BaseGeometry],
    polygons: Mapping[str, BaseGeometry],
    extent: Sequence[float] = NT_MAP_EXTENT,
    convention: str | None = None,
    scale_km: float = 50.0,
    width: float = 10.0,
    title: str | None = None,
) -> Figure:
    """Full-resolution map of the four disputed islands (the Northern Territories).

    ``coastlines`` is ``geodata.coastlines("full")`` (every Habomai islet and eastern
    Hokkaido), the disputed islands are filled from ``polygons``. Every island of the islands
    table inside ``extent`` is labelled in the naming convention (``convention`` or the current
    one), the Habomai group once more as a whole; settlements and capes from ``places`` are
    marked; a ``scale_km`` geodesic scale bar sits in the lower right.
    """
    lon0 = (extent[0] + extent[1]) / 2
    lat0 = (extent[2] + extent[3]) / 2
    projection = ccrs.TransverseMercator(central_longitude=lon0, central_latitude=lat0,
                                         approx=False)
    fig, ax = _map_axes(width, projection, extent, margins=(0.55, 0.2, 0.6, 0.4))
    _land(ax, coastlines)
    _land(ax, _disputed_geoms(islands, polygons), facecolor=DISPUTED_COLOR,
          edgecolor=DISPUTED_EDGE, linewidth=0.5, zorder=3)
    _gridlines(ax, 1)
    inside = islands[[_inside(r["lon"], r["lat"], extent) for _, r in islands.iterrows()]]
    labels: list[MapLabel] = []
    # the big islands: centred on the island; the islets: beside their point
    for _, row in inside.iterrows():
        main = str(row["island_id"]) == str(row["group"]).lower()
        if main:
            labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                                   map_label(row, convention), size=10.5, weight="bold",
                                   color="#4A2C00", marker=False, priority=-1,
                                   key=str(row["island_id"])))
    for group, members in inside.groupby(inside["group"].astype(str), sort=False):
        if (inside["island_id"].astype(str) == group.lower()).any():
            continue
        if group in geography.GROUP_NAMES and len(members) > 1:
            # the group's name floats beside its islets (no leader line)
            parts = [polygons.get(str(i)) for i in members["island_id"]]
            lons = [p.bounds[0] for p in parts if p is not None] + list(members["lon"])
            lons += [p.bounds[2] for p in parts if p is not None]
            lats = [p.bounds[1] for p in parts if p is not None] + list(members["lat"])
            lats += [p.bounds[3] for p in parts if p is not None]
            labels.append(MapLabel((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2,
                                   geography.unit_label(group, islands, convention).upper(),
                                   size=9.5, weight="bold", style="italic", color="#4A2C00",
                                   marker=False, leader=False, priority=-2,
                                   key=group.lower()))
    for _, row in inside.iterrows():
        if str(row["island_id"]) == str(row["group"]).lower():
            continue
        poly = polygons.get(str(row["island_id"]))
        if poly is None:  # a rock the coastline data does not resolve: mark it
            _marker(ax, row["lon"], row["lat"], marker="o", markersize=3,
                    color=DISPUTED_COLOR, markeredgecolor=DISPUTED_EDGE, markeredgewidth=0.6)
        labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                               map_label(row, convention), size=8, color="#4A2C00",
                               marker=poly is None, key=str(row["island_id"])))
    for _, row in places.iterrows():
        kind = str(row["kind"])
        if kind not in ("settlement", "cape") or not _inside(row["lon"], row["lat"], extent):
            continue
        if kind == "settlement":
            _marker(ax, row["lon"], row["lat"], marker="s", markersize=4.5,
                    color=SETTLEMENT_COLOR, markeredgecolor="white", markeredgewidth=0.5)
            labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                                   map_label(row, convention), size=8,
                                   color=SETTLEMENT_COLOR, key=str(row["place_id"])))
        else:
            _marker(ax, row["lon"], row["lat"], marker="^", markersize=5, color="#3B6E8F",
                    markeredgecolor="white", markeredgewidth=0.5)
            labels.append(MapLabel(float(row["lon"]), float(row["lat"]),
                                   map_label(row, convention), size=7.5, color="#3B6E8F",
                                   style="italic", key=str(row["place_id"])))
    hokkaido = _place(places, "hokkaido")
    if hokkaido is not None:
        labels.append(MapLabel(145.35, 43.55, f"{map_label(hokkaido, convention).upper()}",
                               size=10, color="#6B5E4A", style="italic", fixed=True,
                               marker=False, key="hokkaido"))
    scale = add_scale_bar(ax, scale_km, at=(0.72, 0.05))
    sx0, sy0 = _display_xy(ax, *scale[0])
    sx1, _ = _display_xy(ax, *scale[1])
    bar_box = Bbox.from_extents(sx0 - 12, sy0 - 6, sx1 + 24, sy0 + 20)
    # islets' outlines are obstacles, so that labels sit in open water beside them
    islet_boxes = []
    for _, row in inside.iterrows():
        poly = polygons.get(str(row["island_id"]))
        if poly is None or str(row["island_id"]) == str(row["group"]).lower():
            continue
        lon_a, lat_a, lon_b, lat_b = poly.bounds
        corners = [_display_xy(ax, lo, la) for lo in (lon_a, lon_b) for la in (lat_a, lat_b)]
        xs, ys = zip(*corners, strict=True)
        islet_boxes.append(Bbox.from_extents(min(xs), min(ys), max(xs), max(ys)).padded(1))
    place_labels(ax, labels, obstacles=[bar_box, *islet_boxes])
    convention_name = {"both": "English / Japanese", "en": "English", "ja": "Japanese",
                       "ru": "Russian"}[convention or names.get_convention()]
    ax.set_title(title or f"The four disputed islands (names: {convention_name})", loc="left")
    handles = [
        Patch(facecolor=DISPUTED_COLOR, edgecolor=DISPUTED_EDGE, label="disputed island"),
        Patch(facecolor=style.LAND_COLOR, edgecolor=style.COAST_COLOR, label="Hokkaido (Japan)"),
        Line2D([], [], marker="s", color=SETTLEMENT_COLOR, linestyle="none", markersize=5,
               label="settlement"),
        Line2D([], [], marker="^", color="#3B6E8F", linestyle="none", markersize=5,
               label="cape"),
    ]
    fig.legend(handles=handles, loc="lower left", ncols=4, fontsize=8,
               bbox_to_anchor=(0.06, 0.0), frameon=False)
    return fig


def _short_system(system: str) -> str:
    """A system's name without its parenthesised detail ("K-300P Bastion-P (P-800 ...)")."""
    return system.split(" (")[0].strip()


def _site_positions(deployments: pd.DataFrame, extent: Sequence[float]
                    ) -> dict[tuple[float, float], list[str]]:
    """(lat, lon) -> the categories deployed there (enum order), for sites inside ``extent``."""
    order = {c: i for i, c in enumerate(style.CATEGORY_COLORS)}
    positions: dict[tuple[float, float], list[str]] = {}
    for _, row in deployments.iterrows():
        lat, lon = float(row["lat"]), float(row["lon"])
        if not _inside(lon, lat, extent):
            continue
        cats = positions.setdefault((lat, lon), [])
        if str(row["category"]) not in cats:
            cats.append(str(row["category"]))
    for cats in positions.values():
        cats.sort(key=lambda c: order.get(c, 99))
    return dict(sorted(positions.items()))


def _draw_sites(ax: Any, positions: Mapping[tuple[float, float], list[str]], size: float
                ) -> list[Bbox]:
    """One marker per category at each site, side by side; returns their display boxes."""
    from matplotlib.transforms import offset_copy

    boxes = []
    step = size * 1.05
    for (lat, lon), categories in positions.items():
        n = len(categories)
        for k, cat in enumerate(categories):
            shift = (k - (n - 1) / 2) * step
            tr = offset_copy(PLATE_CARREE._as_mpl_transform(ax), fig=ax.figure, x=shift, y=0,
                             units="points")
            ax.plot([lon], [lat], marker="o", markersize=size, linestyle="none",
                    color=style.CATEGORY_COLORS.get(cat, "#444444"), markeredgecolor="black",
                    markeredgewidth=0.5, transform=tr, zorder=16)
        x, y = _display_xy(ax, lon, lat)
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
    for _, ring in rings.iterrows():
        k = systems.index(str(ring["system"]))
        color = style.CATEGORY_COLORS.get(str(ring["category"]), "#444444")
        ax.add_geometries([ring["ring"]], crs=PLATE_CARREE, facecolor=color, alpha=0.05,
                          edgecolor="none", zorder=5)
        ax.add_geometries([ring["ring"]], crs=PLATE_CARREE, facecolor="none",
                          edgecolor=color, linewidth=1.2, linestyle=_RING_STYLES[k % 4],
                          zorder=6)


_RING_STYLES = ["--", "-", "-.", ":"]


def deployments_map(
    deployments: pd.DataFrame,
    rings: pd.DataFrame,
    islands: pd.DataFrame,
    straits: pd.DataFrame,
    coastlines: Sequence[BaseGeometry],
    polygons: Mapping[str, BaseGeometry],
    extent: Sequence[float] = DEPLOYMENTS_MAP_EXTENT,
    inset_extent: Sequence[float] = DEPLOYMENTS_INSET_EXTENT,
    convention: str | None = None,
    width: float = 10.0,
    title: str = "Military deployments on the Kuril Islands, with missile range rings",
) -> Figure:
    """Every deployment site by category, with geodesic range rings of the missile systems.

    ``rings`` comes from :func:`helpers.military.missile_rings` (lon/lat polygons drawn with
    ``PlateCarree``); the disputed islands' polygons are simplified as on :func:`regional_map`.
    Markers are coloured by ``style.CATEGORY_COLORS``, one per category at
    each position, side by side so that none hides another. The southern Kurils, where most
    sites are, are repeated at a larger scale in an inset with the sites named. Straits are
    marked for reference.
    """
    fig, ax = _map_axes(width, _lambert(extent), extent, margins=(0.55, 0.2, 1.15, 0.4))
    _land(ax, coastlines, extent)
    _disputed_land(ax, islands, polygons, REGIONAL_SIMPLIFY_DEG, linewidth=0.5)
    _gridlines(ax, 5)
    systems = list(dict.fromkeys(rings["system"].astype(str))) if len(rings) else []
    _rings(ax, rings, systems)
    inset = _framed_inset(fig, ax, coastlines, islands, polygons, inset_extent, width_frac=0.44,
                          frame_zorder=7, linewidth=0.5)
    _rings(inset, rings, systems)
    main_labels: list[MapLabel] = []
    inset_labels: list[MapLabel] = []
    for _, row in straits.iterrows():
        in_inset = _inside(row["lon"], row["lat"], inset_extent)
        for target in (ax, inset):
            if target is inset and not in_inset:
                continue
            if target is ax and not _inside(row["lon"], row["lat"], extent):
                continue
            _marker(target, row["lon"], row["lat"], marker="D", markersize=3.5,
                    color=STRAIT_COLOR, markeredgecolor="white", markeredgewidth=0.4)
            if target is ax and in_inset:
                continue
            (inset_labels if target is inset else main_labels).append(
                MapLabel(float(row["lon"]), float(row["lat"]), map_label(row, convention),
                         size=6.8, color=STRAIT_COLOR, key=str(row["strait_id"]), priority=2))
    main_boxes = _draw_sites(ax, _site_positions(deployments, extent), size=6.5)
    inset_positions = _site_positions(deployments, inset_extent)
    inset_boxes = _draw_sites(inset, inset_positions, size=6.0)
    for (lat, lon), _cats in inset_positions.items():
        rows = deployments[(deployments["lat"] == lat) & (deployments["lon"] == lon)]
        inset_labels.append(MapLabel(lon, lat, _site_label(rows), size=7,
                                     color="#222222", marker=False, priority=1,
                                     key=f"site:{lat:.4f},{lon:.4f}"))
    for lab in island_map_labels(islands, group_islets=True, convention=convention, size=7.5,
                                 disputed_size=8.5):
        if _inside(lab.lon, lab.lat, inset_extent):
            inset_labels.append(lab)
        elif _inside(lab.lon, lab.lat, extent):
            main_labels.append(lab)
    frame_boxes = line_obstacles(ax, *_frame_lonlat(inset_extent))
    place_labels(ax, main_labels,
                 obstacles=[inset.get_window_extent().padded(8), *frame_boxes, *main_boxes])
    place_labels(inset, inset_labels, obstacles=inset_boxes)
    inset.text(0.02, 0.98, "Southern Kurils (dashed frame)", transform=inset.transAxes,
               ha="left", va="top", fontsize=8.5, fontweight="bold", path_effects=_HALO,
               zorder=25)
    ax.set_title(title, loc="left")
    present = [c for c in style.CATEGORY_COLORS if c in set(deployments["category"].astype(str))]
    cat_handles = [
        Line2D([], [], marker="o", linestyle="none", markersize=6.5, markeredgecolor="black",
               markeredgewidth=0.5, color=style.CATEGORY_COLORS[c], label=c.replace("_", " "))
        for c in present
    ]
    ring_handles = []
    for system in systems:
        first = rings[rings["system"].astype(str) == system].iloc[0]
        color = style.CATEGORY_COLORS.get(str(first["category"]), "#444444")
        ring_handles.append(Line2D([], [], color=color, linewidth=1.2,
                                   linestyle=_RING_STYLES[systems.index(system) % 4],
                                   label=f"{_short_system(system)}: {first['range_km']:.0f} km"))
    ring_handles.append(Line2D([], [], marker="D", color=STRAIT_COLOR, linestyle="none",
                               markersize=4.5, label="strait"))
    height = fig.get_size_inches()[1]
    fig.legend(handles=cat_handles, title="deployment category", loc="upper left",
               bbox_to_anchor=(0.05, 1.0 / height), ncols=4, fontsize=8, title_fontsize=8,
               alignment="left")
    fig.legend(handles=ring_handles, title="range ring (system: range)", loc="upper left",
               bbox_to_anchor=(0.62, 1.0 / height), ncols=1, fontsize=8, title_fontsize=8,
               alignment="left")
    return fig
