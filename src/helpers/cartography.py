"""Map construction shared by every map: projections, map axes, land, frames, insets, scale bar.

The cartopy way: a map's projection is chosen by the caller and passed in, in a
:class:`MapFrame` with the extent it shows (:func:`lambert_conformal` for the regional maps,
:func:`transverse_mercator` for large-scale maps and insets); every geometry is drawn with an
explicit CRS (:data:`PLATE_CARREE` for lon/lat polygons and points, :data:`GEODETIC` for lines
along the ellipsoid). Every map function takes its topic's tables, then the :class:`Land` it
draws and the :class:`MapFrame`. Coastlines come from :mod:`helpers.geodata` (shipped files),
never from cartopy's downloader. :func:`base_map` builds the skeleton the regional and the
deployments maps share: land, disputed islands, gridlines and a framed inset.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cartopy.crs as ccrs
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from helpers import geodesy, style

#: lon/lat coordinates of every point and polygon handed to cartopy.
PLATE_CARREE = ccrs.PlateCarree()
#: Lines drawn along geodesics (scale bar).
GEODETIC = ccrs.Geodetic()

#: Simplification tolerance (degrees) of the full-resolution island polygons on the regional and
#: deployments maps: the tolerance of the shipped regional coastline clip (about 0.5 km), well
#: under a pixel at these maps' scale (about 0.03 degree per pixel at 100 dpi).
REGIONAL_SIMPLIFY_DEG = 0.005
#: Tolerance for the southern Kurils insets of those maps (about 0.01 degree per pixel).
INSET_SIMPLIFY_DEG = 0.002

Extent = Sequence[float]


@dataclass(frozen=True)
class MapFrame:
    """What a map shows and how it is projected: projection, extent, inset extent, width.

    ``projection`` is always explicit and chosen by the notebook, which names it; ``extent`` is
    (lon_min, lon_max, lat_min, lat_max); ``inset_extent`` the part drawn again larger in an
    inset (maps without an inset leave it ``None``); ``width`` the figure's width in inches.
    """

    projection: ccrs.Projection
    extent: Extent
    inset_extent: Extent | None = None
    width: float = 10.0


@dataclass(frozen=True)
class Land:
    """The land layers of a map: background coastlines and the disputed islands' polygons.

    ``coastlines`` are lon/lat land polygons (``geodata.coastlines(...)``; empty for none);
    ``polygons`` the islands' outlines by ``island_id`` (``geodata.island_polygons()``).
    """

    coastlines: Sequence[BaseGeometry]
    polygons: Mapping[str, BaseGeometry]


def lambert_conformal(extent: Extent) -> ccrs.Projection:
    """Lambert conformal conic centred on ``extent``, standard parallels at 1/6 and 5/6 of it."""
    lon0 = (extent[0] + extent[1]) / 2
    lat0 = (extent[2] + extent[3]) / 2
    span = extent[3] - extent[2]
    return ccrs.LambertConformal(
        central_longitude=lon0, central_latitude=lat0,
        standard_parallels=(extent[2] + span / 6, extent[3] - span / 6),
    )


def transverse_mercator(extent: Extent) -> ccrs.Projection:
    """Transverse Mercator (exact, not approximated) centred on ``extent``."""
    lon0 = (extent[0] + extent[1]) / 2
    lat0 = (extent[2] + extent[3]) / 2
    return ccrs.TransverseMercator(central_longitude=lon0, central_latitude=lat0, approx=False)


def display_xy(ax: Any, lon: float, lat: float) -> tuple[float, float]:
    """Display coordinates (pixels) of a lon/lat point on a map axes."""
    x, y = ax.projection.transform_point(lon, lat, PLATE_CARREE)
    dx, dy = ax.transData.transform((x, y))
    return float(dx), float(dy)


def inside(lon: float, lat: float, extent: Extent) -> bool:
    """Whether (lon, lat) lies in ``extent`` (lon_min, lon_max, lat_min, lat_max)."""
    return extent[0] <= lon <= extent[1] and extent[2] <= lat <= extent[3]


def map_axes(
    width: float, projection: ccrs.Projection, extent: Extent,
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


def gridlines(ax: Any, step: float, size: float = 8.5) -> None:
    """Labelled graticule every ``step`` degrees (labels left and bottom)."""
    gl = ax.gridlines(
        crs=PLATE_CARREE, draw_labels=True, linewidth=0.3, color=style.GRID_GREY, alpha=0.6,
        x_inline=False, y_inline=False,
        xlocs=np.arange(-180, 181, step), ylocs=np.arange(-90, 91, step),
    )
    gl.top_labels = False
    gl.right_labels = False
    gl.rotate_labels = False
    gl.xlabel_style = {"size": size, "color": style.MUTED}
    gl.ylabel_style = {"size": size, "color": style.MUTED}


def land(ax: Any, geoms: Sequence[BaseGeometry], extent: Extent | None = None,
         **kwargs: Any) -> None:
    """Fill lon/lat land polygons (those near ``extent`` when given) in the house colours."""
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


def disputed_land(ax: Any, islands: pd.DataFrame, polygons: Mapping[str, BaseGeometry],
                  tolerance: float | None, linewidth: float) -> None:
    """Fill the disputed islands (simplified by ``tolerance`` degrees) in the highlight colour."""
    disputed = islands[islands["disputed"].astype(bool)]
    geoms = simplified(
        [polygons[i] for i in disputed["island_id"].astype(str) if i in polygons], tolerance)
    land(ax, geoms, facecolor=style.DISPUTED_COLOR, edgecolor=style.DISPUTED_EDGE,
         linewidth=linewidth, zorder=3)


def marker(ax: Any, lon: float, lat: float, **kwargs: Any) -> None:
    """One marker at a lon/lat point (zorder 15 unless given)."""
    opts = dict(transform=PLATE_CARREE, zorder=15, linestyle="none")
    opts.update(kwargs)
    ax.plot([lon], [lat], **opts)


def point_handle(marker_: str, color: str, label: str, size: float = 5.0) -> Line2D:
    """A legend entry for a point marker (no line)."""
    return Line2D([], [], marker=marker_, color=color, linestyle="none", markersize=size,
                  label=label)


def disputed_handle(label: str) -> Patch:
    """A legend entry for the disputed islands' fill."""
    return Patch(facecolor=style.DISPUTED_COLOR, edgecolor=style.DISPUTED_EDGE, label=label)


def add_scale_bar(
    ax: Any, length_km: float, at: tuple[float, float] = (0.05, 0.05), segments: int = 2,
    size: float = 8.0,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Draw a geodesic scale bar of ``length_km`` starting at axes fraction ``at``, due east.

    The bar's end point is computed with :data:`helpers.geodesy.GEOD` (``fwd``, azimuth 90 deg),
    so the bar is true at its latitude whatever the projection; segments alternate black and
    white. Returns ((lon0, lat0), (lon1, lat1)).
    """
    x, y = ax.transAxes.transform(at)
    px, py = ax.transData.inverted().transform((x, y))
    lon0, lat0 = PLATE_CARREE.transform_point(px, py, ax.projection)
    points = [(lon0, lat0)]
    for k in range(1, segments + 1):
        lon, lat, _ = geodesy.GEOD.fwd(lon0, lat0, 90.0, length_km * 1000.0 * k / segments)
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
                    fontsize=size, path_effects=style.HALO, zorder=22)
    return points[0], points[-1]


def frame_lonlat(extent: Extent, n: int = 40) -> tuple[list[float], list[float]]:
    """The outline of a lon/lat box, densified (for obstacles along a drawn frame)."""
    lon0, lon1, lat0, lat1 = extent
    t = np.linspace(0.0, 1.0, n)
    lons = [*(lon0 + (lon1 - lon0) * t), *([lon1] * n), *(lon1 - (lon1 - lon0) * t), *([lon0] * n)]
    lats = [*([lat0] * n), *(lat0 + (lat1 - lat0) * t), *([lat1] * n), *(lat1 - (lat1 - lat0) * t)]
    return [float(v) for v in lons], [float(v) for v in lats]


def inset_axes(
    fig: Figure, main: Any, extent: Extent, width_frac: float,
    corner: tuple[float, float] = (0.985, 0.015),
) -> Any:
    """An inset map (:func:`transverse_mercator` of ``extent``) in the lower right of ``main``.

    ``width_frac`` is the inset's width as a fraction of the main map's width; its height
    follows the inset extent's aspect. ``corner`` is the inset's lower-right corner in the main
    axes' fraction coordinates.
    """
    pos = main.get_position()
    inset = fig.add_axes((0.1, 0.1, 0.2, 0.2), projection=transverse_mercator(extent))
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
        spine.set_edgecolor(style.CHARCOAL)
        spine.set_linewidth(1.0)
    return inset


def base_map(
    islands: pd.DataFrame, layers: Land, frame: MapFrame, bottom_margin: float, linewidth: float,
    inset_width: float, frame_zorder: int,
) -> tuple[Figure, Any, Any]:
    """The skeleton of the regional and deployments maps: (figure, map axes, inset axes).

    Land near the frame's extent, the disputed islands simplified by
    :data:`REGIONAL_SIMPLIFY_DEG`, 5-degree gridlines, and a dashed frame of the frame's
    ``inset_extent`` drawn again larger in an inset (``inset_width`` of the map's width, islands
    simplified by :data:`INSET_SIMPLIFY_DEG`).
    """
    if frame.inset_extent is None:
        raise ValueError("base_map draws an inset: the MapFrame needs an inset_extent")
    fig, ax = map_axes(frame.width, frame.projection, frame.extent,
                       margins=(0.55, 0.2, bottom_margin, 0.4))
    land(ax, layers.coastlines, frame.extent)
    disputed_land(ax, islands, layers.polygons, REGIONAL_SIMPLIFY_DEG, linewidth=linewidth)
    gridlines(ax, 5)
    lon0, lon1, lat0, lat1 = frame.inset_extent
    ax.add_geometries([box(lon0, lat0, lon1, lat1)], crs=PLATE_CARREE, facecolor="none",
                      edgecolor=style.CHARCOAL, linewidth=0.9, linestyle=(0, (4, 2)),
                      zorder=frame_zorder)
    inset = inset_axes(fig, ax, frame.inset_extent, width_frac=inset_width)
    land(inset, layers.coastlines, frame.inset_extent)
    disputed_land(inset, islands, layers.polygons, INSET_SIMPLIFY_DEG, linewidth)
    inset.text(0.02, 0.98, "Southern Kurils (dashed frame)", transform=inset.transAxes,
               ha="left", va="top", fontsize=9.5, fontweight="bold", path_effects=style.HALO,
               zorder=25)
    return fig, ax, inset
