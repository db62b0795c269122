"""Tests of the maps (geography, military), cartography and maplabels: label placement, scale bar,
and figure tests of every map.

The figure tests (pytest-mpl, ``--mpl``) compare each map, drawn from the small fixture tables of
``tests/data_fixtures/maps/`` (read by the loaders) and the shipped coastlines, with
``tests/baseline/test_maps_*.png``: change a value there and the baselines no longer hold.
Identical code and pins render identical pixels (RMS 0); ``test_maps_tolerance_*`` show that the
tolerance catches a removed island and a moved label.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import numpy as np
import shapely
from matplotlib.testing.compare import compare_images

from helpers import cartography, geodata, geodesy, geography, maplabels, military, names, offline, style
from helpers.military import maps as military_maps

BASELINE = Path(__file__).parent / "baseline"
#: RMS tolerance: removing the smallest labelled islet or moving one label by a few points
#: gives RMS > 1 on these maps (see the two tolerance tests), so 0.5 catches both.
TOL = 0.5


pytestmark = pytest.mark.usefixtures("house_style")


@pytest.fixture(autouse=True)
def _no_downloads():
    offline.forbid_downloads()


#: The frames the notebooks build (02: regional map and the four islands; 03: deployments map).
REGIONAL_FRAME = cartography.MapFrame(cartography.lambert_conformal(geography.REGIONAL_MAP_EXTENT),
                                      geography.REGIONAL_MAP_EXTENT, geography.SOUTH_KURILS_EXTENT,
                                      width=11.0)
ISLANDS_FRAME = cartography.MapFrame(cartography.transverse_mercator(geography.NT_MAP_EXTENT),
                                     geography.NT_MAP_EXTENT)
DEPLOYMENTS_FRAME = cartography.MapFrame(
    cartography.lambert_conformal(military.DEPLOYMENTS_MAP_EXTENT), military.DEPLOYMENTS_MAP_EXTENT,
    military.DEPLOYMENTS_INSET_EXTENT)


def land(coastlines: str) -> cartography.Land:
    """The shipped ``coastlines`` ("regional" or "full") and island polygons."""
    return cartography.Land(geodata.coastlines(coastlines), geodata.island_polygons())


@pytest.fixture
def data(corpus) -> dict[str, pd.DataFrame]:
    """The map fixture set ``tests/data_fixtures/maps/`` (every deployment started 2016-11-18), loaded."""
    corpus.use("maps")
    return {name: corpus.load(name).copy() for name in ("islands", "places", "straits", "deployments")}


def regional(data, islands: pd.DataFrame | None = None):
    return geography.regional_map(
        islands if islands is not None else data["islands"], data["places"], data["straits"],
        land("regional"), REGIONAL_FRAME)


def disputed(data, islands: pd.DataFrame | None = None, convention: str | None = None):
    return geography.disputed_islands_map(
        islands if islands is not None else data["islands"], data["places"], land("full"),
        ISLANDS_FRAME, convention=convention)


def deployments(data):
    table = data["deployments"]
    rings = military.missile_rings(table, data["islands"])
    return military.deployments_map(table, rings, data["islands"], data["straits"], land("regional"),
                                    DEPLOYMENTS_FRAME)


def _texts(fig) -> list:
    return [t for ax in fig.axes for t in ax.texts if hasattr(t, "label_bbox")]


# ---------------------------------------------------------------------------- figure tests


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_maps_regional_map(data):
    style.apply_style()
    return regional(data)


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_maps_disputed_islands_map(data):
    style.apply_style()
    return disputed(data)


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_maps_disputed_islands_map_japanese(data):
    style.apply_style()
    with names.convention("ja"):
        return disputed(data)


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=TOL, style="default")
def test_maps_deployments_map(data):
    style.apply_style()
    return deployments(data)


def _rms_against_baseline(fig, name: str, tmp_path: Path) -> str | None:
    out = tmp_path / f"{name}.png"
    fig.savefig(out)
    return compare_images(str(BASELINE / f"{name}.png"), str(out), tol=TOL)


def test_maps_tolerance_accepts_the_same_map(data, tmp_path):
    assert _rms_against_baseline(disputed(data), "test_maps_disputed_islands_map", tmp_path) is None


def test_maps_tolerance_catches_a_removed_island(data, tmp_path):
    islands = data["islands"]
    fewer = islands[islands["island_id"] != "anuchina"]  # one small Habomai islet and its label
    result = _rms_against_baseline(disputed(data, fewer), "test_maps_disputed_islands_map", tmp_path)
    assert result is not None


def test_maps_tolerance_catches_a_moved_label(data, tmp_path):
    fig = regional(data)
    label = next(t for t in _texts(fig) if t.get_text() == "Matua / Matsuwa")
    x, y = label.xyann
    label.xyann = (x + 6, y)  # six points to the right
    assert _rms_against_baseline(fig, "test_maps_regional_map", tmp_path) is not None


# ---------------------------------------------------------------------------- labels


@pytest.mark.parametrize("build", [regional, disputed, deployments])
def test_map_labels_do_not_overlap(data, build):
    fig = build(data)
    for ax in fig.axes:
        texts = [t for t in ax.texts if hasattr(t, "label_bbox")]
        assert maplabels.labels_overlap(texts) == []
        assert not any(t.overlapping for t in texts)


def test_every_island_is_labelled_in_the_convention(data):
    with names.convention("ru"):
        fig = disputed(data)
    texts = {t.get_text() for t in _texts(fig)}
    for name in ("Итуруп", "Кунашир", "Шикотан", "Зелёный", "Анучина", "Сигнальный",
                 "ОСТРОВА ХАБОМАИ", "Курильск"):
        assert name in texts
    assert "The four disputed islands (names: Russian)" == fig.axes[0].get_title(loc="left")


def test_regional_map_labels_straits_with_width_and_depth(data):
    texts = {t.get_text() for t in _texts(regional(data))}
    assert "Catherine Strait / Kunashiri-suido\n21 km, 500 m" in texts
    assert "First Kuril Strait / Shumushu-kaikyo\n12.4 km, depth n/a" in texts
    assert "Rybachiy / Rybachiy\nSSBN base" not in texts
    assert "Rybachiy\nSSBN base" in texts
    places = data["places"]
    places.loc[places["place_id"] == "rybachiy", "name_en"] = "Rybachiy submarine base"
    fig = geography.regional_map(data["islands"], places, data["straits"], land("regional"),
                                 REGIONAL_FRAME)
    texts = {t.get_text() for t in _texts(fig)}
    assert "Rybachiy submarine base\n(SSBN)" in texts
    assert "HOKKAIDO" in texts  # "Hokkaido / Hokkaidō" collapses to one name


def test_maps_with_an_inset_need_a_frame_with_an_inset_extent(data):
    no_inset = cartography.MapFrame(REGIONAL_FRAME.projection, REGIONAL_FRAME.extent, width=11.0)
    with pytest.raises(ValueError, match="inset_extent"):
        geography.regional_map(data["islands"], data["places"], data["straits"], land("regional"),
                               no_inset)


def test_place_labels_keeps_crowded_labels_apart():
    fig = plt.figure(figsize=(4, 4))
    ax = fig.add_axes((0.05, 0.05, 0.9, 0.9), projection=cartography.PLATE_CARREE)
    ax.set_extent((145.0, 147.0, 43.0, 45.0), crs=cartography.PLATE_CARREE)
    labels = [maplabels.MapLabel(146.0 + 0.01 * k, 44.0, f"label {k}") for k in range(8)]
    labels.append(maplabels.MapLabel(146.0, 44.5, "centred", fixed=True, marker=False))
    texts = maplabels.place_labels(ax, labels)
    assert len(texts) == 9
    assert maplabels.labels_overlap(texts) == []
    assert texts[-1].get_text() == "centred"
    # labels pushed away from their point get a leader line
    assert len(ax.lines) >= 1


def test_place_labels_reports_when_no_position_is_free():
    fig = plt.figure(figsize=(1, 1))
    ax = fig.add_axes((0, 0, 1, 1), projection=cartography.PLATE_CARREE)
    ax.set_extent((145.0, 145.1, 43.0, 43.1), crs=cartography.PLATE_CARREE)
    texts = maplabels.place_labels(ax, [maplabels.MapLabel(145.05, 43.05, "far too long a label " * 3)])
    assert texts[0].overlapping is True


def test_scale_bar_is_geodesically_true(data):
    fig = disputed(data)
    ax = fig.axes[0]
    (lon0, lat0), (lon1, lat1) = cartography.add_scale_bar(ax, 40.0, at=(0.1, 0.9))
    assert geodesy.distance_km(lat0, lon0, lat1, lon1) == pytest.approx(40.0, abs=1e-6)
    assert lat0 == pytest.approx(lat1, abs=0.01)


def test_map_label_and_strait_text():
    row = {"name_en": "Hokkaido", "name_ja_romaji": "Hokkaidō", "name_ru": "Хоккайдо"}
    assert names.map_label(row) == "Hokkaido"
    assert names.map_label(row, "ja") == "Hokkaidō"
    strait = pd.Series({"name_en": "Izmeny Strait (Notsuke Strait)", "name_ja_romaji": "Notsuke-suido",
                        "width_km": 20.0, "max_depth_m": float("nan")})
    assert geography.strait_text(strait) == "Izmeny Strait / Notsuke-suido\n20 km, depth n/a"
    strait["width_km"] = None
    strait["max_depth_m"] = 1764.0
    assert geography.strait_text(strait, "en") == "Izmeny Strait\nwidth n/a, 1,764 m"
    assert geography.maps._fmt_km(2.5) == "2.5" and geography.maps._fmt_km(2.0) == "2" and geography.maps._fmt_km(61.2) == "61.2"


def test_site_labels_and_positions(data):
    frame = data["deployments"]
    assert military_maps._site_label(frame[frame["deployment_id"] == "d_bal"]) == (
        "island centre (site not published)")
    assert military_maps._site_label(frame[frame["deployment_id"] == "d_airport"]) == "Iturup (Yasny) airport"
    unnamed = frame[frame["deployment_id"] == "d_hq"].assign(site="site not published", note="")
    assert military_maps._site_label(unnamed) == "site not published"
    positions = military_maps._site_positions(frame, military.DEPLOYMENTS_INSET_EXTENT)
    assert positions[(45.0333, 147.6167)] == ["coastal_missile", "air_defence"]
    assert (48.09, 153.2) not in positions
    assert military_maps._short_system("K-300P Bastion-P (P-800)") == "K-300P Bastion-P"


def test_deployments_map_draws_one_ring_per_battery_and_every_category(data):
    fig = deployments(data)
    main = fig.axes[0]
    legend_texts = {t.get_text() for leg in fig.legends for t in leg.get_texts()}
    assert {"coastal missile", "air defence", "garrison", "aircraft", "border guard",
            "base"} <= legend_texts
    assert "K-300P Bastion-P: 300 km" in legend_texts and "Bal: 120 km" in legend_texts
    # Bastion x2 + Bal: fill + outline each, plus land layers and the inset frame
    assert len(main.collections) >= 6


def _drawn_geometries_of(ax):
    geoms = []
    for artist in ax.collections:
        feature = getattr(artist, "_feature", None)
        if feature is not None:
            geoms.extend(feature.geometries())
    return geoms


def _drawn_geometries(fig) -> list:
    """Every shapely geometry the figure's cartopy FeatureArtists draw."""
    geoms = []
    for ax in fig.axes:
        for artist in ax.collections:
            feature = getattr(artist, "_feature", None)
            if feature is not None:
                geoms.extend(feature.geometries())
    return geoms


def test_simplified_drops_vertices_but_keeps_islets_and_shape():
    polygons = geodata.island_polygons()
    iturup = polygons["iturup"]
    (coarse,) = cartography.simplified([iturup], cartography.REGIONAL_SIMPLIFY_DEG)
    assert shapely.get_num_coordinates(coarse) < shapely.get_num_coordinates(iturup) / 3
    assert coarse.is_valid and not coarse.is_empty
    assert geodesy.area_km2(coarse) == pytest.approx(geodesy.area_km2(iturup), rel=0.01)
    # the smallest islet of the shipped polygons survives the coarser tolerance
    smallest = min(polygons.values(), key=geodesy.area_km2)
    (kept,) = cartography.simplified([smallest], cartography.REGIONAL_SIMPLIFY_DEG)
    assert kept.is_valid and not kept.is_empty
    assert cartography.simplified([iturup], None)[0] is iturup
    assert cartography.simplified([iturup], 0)[0] is iturup


@pytest.mark.parametrize("build", [regional, deployments])
def test_small_scale_maps_draw_simplified_islands(data, build):
    iturup = geodata.island_polygons()["iturup"]
    full = shapely.get_num_coordinates(iturup)
    fig = build(data)
    # main map and inset each draw Iturup (disputed fill and coastline layer), every time with
    # far fewer vertices than the full-resolution polygon; geometries are drawn projected
    on_iturup = []
    for ax in fig.axes:
        if not hasattr(ax, "projection"):
            continue
        (projected,) = cartography.project([iturup], ax.projection)
        inside = projected.representative_point()
        on_iturup += [(g, projected) for g in _drawn_geometries_of(ax) if g.intersects(inside)]
    assert len(on_iturup) >= 2
    assert all(shapely.get_num_coordinates(g) < full / 2 for g, _ in on_iturup)
    assert any(g.area == pytest.approx(p.area, rel=0.02) for g, p in on_iturup)


def test_disputed_islands_map_keeps_full_resolution(data):
    iturup = geodata.island_polygons()["iturup"]
    full = shapely.get_num_coordinates(iturup)
    assert any(shapely.get_num_coordinates(g) == full for g in _drawn_geometries(disputed(data)))


def test_project_moves_lonlat_geometries_into_the_map_projection():
    import cartopy.crs as ccrs

    square = shapely.box(147.0, 44.0, 148.0, 45.0)
    lcc = ccrs.LambertConformal(central_longitude=147.5, central_latitude=44.5)
    (projected,) = cartography.project([square], lcc)
    # the centre of the projection maps to (0, 0); a 1-degree cell there is ~80 x 111 km
    assert projected.centroid.x == pytest.approx(0, abs=2_000)
    minx, miny, maxx, maxy = projected.bounds
    assert 75_000 < maxx - minx < 85_000 and 105_000 < maxy - miny < 115_000
    expected = lcc.transform_points(ccrs.PlateCarree(), np.array([147.0]), np.array([44.0]))[0, :2]
    assert min(projected.exterior.coords, key=lambda c: c[0] + c[1]) == pytest.approx(tuple(expected))


def test_hokkaido_label_sits_on_the_hokkaido_land_of_the_map(data):
    fig = disputed(data)
    (label,) = [t for t in _texts(fig) if t.get_text() == "HOKKAIDO"]
    lon, lat = cartography.PLATE_CARREE.transform_point(*label.get_position(), fig.axes[0].projection)
    west, east, south, north = geography.NT_MAP_EXTENT
    assert west < lon < 145.8 and south < lat < north  # on eastern Hokkaido, inside the map
    # the label follows the coastline data: without the land it has nowhere to go
    no_land = geography.disputed_islands_map(
        data["islands"], data["places"], cartography.Land([], geodata.island_polygons()),
        ISLANDS_FRAME)
    assert "HOKKAIDO" not in {t.get_text() for t in _texts(no_land)}
    places = data["places"][data["places"]["place_id"] != "hokkaido"]
    no_row = disputed(data | {"places": places})
    assert "HOKKAIDO" not in {t.get_text() for t in _texts(no_row)}
