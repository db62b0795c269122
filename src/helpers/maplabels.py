"""Map labels: :class:`MapLabel`, collision-free :func:`place_labels`, leaders, shared label sets.

:func:`place_labels` tries positions around each point and keeps the first one that overlaps no
other label, marker or the map edge; a label pushed away from its point gets a thin leader line.
:func:`island_map_labels` and :func:`mark_straits` build the label sets that the regional and
the deployments maps share.
Obstacles (a scale bar, an inset, a dashed frame) are display boxes; :func:`line_obstacles`
turns a drawn lon/lat line into such boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from helpers import cartography, names, style
from helpers.cartography import PLATE_CARREE, display_xy

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
    anchors, own_boxes = _anchors(ax, labels, marker_px)
    blocked: list[Bbox] = [*obstacles, *(b for b in own_boxes if b is not None)]
    artists: list[Text | None] = [None] * len(labels)
    order = sorted(range(len(labels)), key=lambda i: (not labels[i].fixed, labels[i].priority))
    for i in order:
        lab = labels[i]
        x, y = anchors[i]
        px, py = ax.projection.transform_point(lab.lon, lab.lat, PLATE_CARREE)
        common = dict(
            fontsize=lab.size, color=lab.color, fontweight=lab.weight, fontstyle=lab.style,
            path_effects=style.HALO, zorder=20,
        )
        if lab.fixed:
            text = ax.text(px, py, lab.text, ha="center", va="center", transform=ax.transData,
                           **common)
            bb = text.get_window_extent(renderer).padded(pad_px)
            text.overlapping = False  # type: ignore[attr-defined]
            leader: list[Bbox] = []
        else:
            own = own_boxes[i]
            others = [b for b in blocked if b is not own]
            # a leader starts at the anchor: boxes around the anchor itself (its islet, its site
            # markers) cannot block it
            leader_others = [b for b in others if not b.contains(x, y)]
            # the collision tests below run thousands of times per map: test against arrays
            radius = marker_px / 2 + 1 if lab.marker else 0.0
            text, bb, leader = _search(ax, lab, (x, y), (px, py), common, frame,
                                       (_box_array(others), _box_array(leader_others)), radius, pad_px)
            if leader:
                _draw_leader(ax, (x, y), bb, radius)
        text.label_bbox = bb  # type: ignore[attr-defined]
        blocked.append(bb)
        blocked.extend(leader)
        artists[i] = text
    return [a for a in artists if a is not None]


def _anchors(ax: Any, labels: Sequence[MapLabel],
             marker_px: float) -> tuple[list[tuple[float, float]], list[Bbox | None]]:
    """Display position of each label's anchor, and the box of its marker (None without one)."""
    anchors, boxes = [], []
    for lab in labels:
        x, y = display_xy(ax, lab.lon, lab.lat)
        anchors.append((x, y))
        h = marker_px / 2
        boxes.append(Bbox.from_extents(x - h, y - h, x + h, y + h) if lab.marker else None)
    return anchors, boxes


def _search(ax: Any, lab: MapLabel, anchor: tuple[float, float], xy: tuple[float, float],
            common: dict[str, Any], frame: Bbox, arrays: tuple[np.ndarray, np.ndarray],
            radius: float, pad_px: float) -> tuple[Annotation, Bbox, list[Bbox]]:
    """The first free position for ``lab`` around its anchor, else the least-overlapping one.

    ``arrays`` are the boxes that the text and its leader may not touch. The returned annotation
    carries ``overlapping`` (True only if its text overlaps something or leaves the map).
    """
    renderer = ax.figure.canvas.get_renderer()
    others_arr, leader_arr = arrays
    best: tuple[float, Annotation, Bbox, list[Bbox]] | None = None
    for dist in _DISTANCES:
        for ux, uy, ha, va in _DIRECTIONS:
            ann = ax.annotate(
                lab.text, xy=xy, xycoords="data", xytext=(ux * dist, uy * dist),
                textcoords="offset points", ha=ha, va=va, **common,
            )
            bb = ann.get_window_extent(renderer).padded(pad_px)
            leader = _leader_boxes(anchor, bb, radius) if dist > 5 and lab.leader else []
            inside = (
                bb.x0 >= frame.x0 and bb.x1 <= frame.x1
                and bb.y0 >= frame.y0 and bb.y1 <= frame.y1
            )
            if inside and not _hits(bb, others_arr).any() and not any(
                _hits(seg, leader_arr).any() for seg in leader
            ):
                if best is not None:
                    best[1].remove()
                ann.overlapping = False  # type: ignore[attr-defined]
                return ann, bb, leader
            text_hits = _overlap_area_sum(bb, others_arr)
            leader_hits = sum(bool(_hits(seg, leader_arr).any()) for seg in leader)
            score = text_hits * 1000 + leader_hits + (0 if inside else 1e12)
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, ann, bb, leader)
            else:
                ann.remove()
    assert best is not None
    # only text on text (or off the map) counts as overlapping; a leader line that crosses
    # another leader or marker is tolerated
    best[1].overlapping = best[0] >= 1000  # type: ignore[attr-defined]
    return best[1], best[2], best[3]


def line_obstacles(ax: Any, lons: Sequence[float], lats: Sequence[float], step_px: float = 4.0
                   ) -> list[Bbox]:
    """Small display boxes along a lon/lat polyline (e.g. a frame), for :func:`place_labels`."""
    points = [display_xy(ax, lo, la) for lo, la in zip(lons, lats, strict=True)]
    out = []
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        n = max(2, int(np.hypot(x1 - x0, y1 - y0) / step_px))
        for x, y in zip(np.linspace(x0, x1, n), np.linspace(y0, y1, n), strict=True):
            out.append(Bbox.from_extents(x - 1, y - 1, x + 1, y + 1))
    return out



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
    ax.plot([x0, x1], [y0, y1], color=style.MUTED, linewidth=0.5, transform=ax.transData,
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
        color = style.DISPUTED_EDGE if disputed else "black"
        has_main = (islands["island_id"].astype(str) == group.lower()).any()
        if group_islets and not has_main and group in names.GROUP_NAMES:
            if group in done_groups:
                continue
            done_groups.add(group)
            members = islands[islands["group"].astype(str) == group]
            out.append(MapLabel(
                float(members["lon"].mean()), float(members["lat"].mean()),
                names.group_label(group, islands, convention), size=fsize, weight=weight,
                color=color, marker=False, key=group.lower(),
            ))
            continue
        out.append(MapLabel(
            float(row["lon"]), float(row["lat"]), names.map_label(row, convention), size=fsize,
            weight=weight, color=color, marker=False, key=str(row["island_id"]),
        ))
    return out


def mark_straits(
    ax: Any, inset: Any, straits: pd.DataFrame, extent: Sequence[float] | None,
    inset_extent: Sequence[float], text: Any, sizes: tuple[float, float],
    markersize: float, edgewidth: float,
) -> tuple[list[MapLabel], list[MapLabel]]:
    """Mark every strait on the map (inside ``extent`` when given) and on the inset.

    A strait inside ``inset_extent`` is labelled on the inset only. ``text(row)`` is the label;
    ``sizes`` the font sizes on the map and on the inset. Returns (map labels, inset labels).
    """
    main_labels: list[MapLabel] = []
    inset_labels: list[MapLabel] = []
    for _, row in straits.iterrows():
        in_inset = cartography.inside(row["lon"], row["lat"], inset_extent)
        for target, labels, size in ((ax, main_labels, sizes[0]), (inset, inset_labels, sizes[1])):
            if target is inset and not in_inset:
                continue
            if target is ax and extent is not None and not cartography.inside(
                    row["lon"], row["lat"], extent):
                continue
            cartography.marker(target, row["lon"], row["lat"], marker="D", markersize=markersize,
                               color=style.STRAIT_COLOR, markeredgecolor="white",
                               markeredgewidth=edgewidth)
            if target is ax and in_inset:
                continue  # labelled in the inset
            labels.append(MapLabel(float(row["lon"]), float(row["lat"]), text(row), size=size,
                                   color=style.STRAIT_COLOR, key=str(row["strait_id"]),
                                   priority=2))
    return main_labels, inset_labels


def split_by_inset(labels: Sequence[MapLabel], inset_extent: Sequence[float],
                   extent: Sequence[float] | None = None) -> tuple[list[MapLabel], list[MapLabel]]:
    """(labels for the map, labels for the inset): inside ``inset_extent`` goes to the inset,
    the rest to the map (only those inside ``extent`` when given)."""
    main: list[MapLabel] = []
    inset: list[MapLabel] = []
    for lab in labels:
        if cartography.inside(lab.lon, lab.lat, inset_extent):
            inset.append(lab)
        elif extent is None or cartography.inside(lab.lon, lab.lat, extent):
            main.append(lab)
    return main, inset
