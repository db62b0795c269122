"""Tests of helpers.geography (notebook 02 tables, distances and the measures chart), on fixture rows read by the loaders."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from helpers import cartography, geodata, geodesy, geography, style


pytestmark = pytest.mark.usefixtures("house_style")


SOURCE = "fixture_gazetteer"
ISLANDS = [
    ("iturup", "Iturup", "Etorofu", "Итуруп", "Iturup", 45.0333, 147.6167),
    ("kunashir", "Kunashir", "Kunashiri", "Кунашир", "Kunashir", 44.1167, 145.85),
    ("shikotan", "Shikotan", "Shikotan", "Шикотан", "Shikotan", 43.8, 146.75),
    ("zelyony", "Zelyony", "Shibotsu", "Зелёный", "Habomai", 43.5, 146.1333),
    ("signalny", "Signalny", "Kaigara", "Сигнальный", "Habomai", 43.395, 145.8594),
]
MEASURES = [  # island, measure, value, year, authority, country, source, basis
    ("iturup", "area_km2", 3167.0, 2020, "Japan MOFA", "JP", "mofa", "official_survey"),
    ("iturup", "area_km2", 3166.64, None, "Japan GSI old", "JP", "gsi_old", "official_survey"),
    ("iturup", "area_km2", 3139.0, None, "Wikipedia", "other", "wp", "reference"),
    ("iturup", "area_km2", 3200.0, None, "oceandots", "other", "od", "reference"),
    ("iturup", "population", 6049.0, 2018, "RU stats", "RU", "ru_2018", "estimate"),
    ("iturup", "population", 6480.0, 2020, "RU stats", "RU", "ru_2020", "estimate"),
    ("iturup", "population", 6500.0, 2020, "RU paper", "RU", "ru_paper", "reference"),
    ("iturup", "population_1945", 3608.0, 1945, "Japan MOFA", "JP", "mofa", "historical"),
    ("shikotan", "area_km2", 248.0, 2020, "Japan MOFA", "JP", "mofa", "official_survey"),
    ("shikotan", "area_km2", 182.0, 1976, "GSE", "RU", "gse", "historical"),
    ("shikotan", "area_km2", 182.0, None, "RU atlas", "RU", "atlas", "reference"),
    ("zelyony", "area_km2", 58.3, 2025, "Hokkaido Pref.", "JP", "pref", "official_survey"),
    ("urup", "area_km2", 1450.0, None, "RU sources", "RU", "urup_ru", "reference"),
]
PLACES = [
    ("cape_nosappu", "Cape Nosappu", "Nosappu-misaki", "cape", 43.3853, 145.8172),
    ("rybachiy", "Rybachiy", "", "naval_base", 52.9306, 158.4028),
    ("inside_iturup", "Test point", "", "settlement", 45.0333, 147.6167),
]


@pytest.fixture
def data(corpus) -> dict[str, pd.DataFrame]:
    """The islands (plus Urup, not disputed), measures and places above, loaded; ``islands`` is
    the five disputed islands, ``measures`` every measure (Urup's too)."""
    corpus.put("islands", [
        {"island_id": i, "name_en": en, "name_ja_romaji": ja, "name_ru": ru, "group": g, "lat": lat,
         "lon": lon, "chain": "Lesser Kuril", "disputed": True,
         "status": "administered by Russia, claimed by Japan", "source_id": SOURCE}
        for i, en, ja, ru, g, lat, lon in ISLANDS] + [
        {"island_id": "urup", "name_en": "Urup", "name_ru": "Уруп", "group": "Southern Kurils",
         "chain": "Greater Kuril", "disputed": False, "status": "Russia", "lat": 45.9, "lon": 149.9,
         "source_id": SOURCE}])
    ids = sorted({m[6] for m in MEASURES})
    corpus.put("sources", [{"source_id": sid, "title": sid, "publisher": sid, "url": f"https://example.org/{sid}",
                            "accessed": "2026-11-26", "kind": "dataset"} for sid in ids], keep=True)
    corpus.put("island_measures", [
        {"measure_id": f"m{k}", "island_id": i, "measure": m, "value": v, "year": y, "authority": a,
         "country": c, "source_id": sid, "basis": b} for k, (i, m, v, y, a, c, sid, b) in enumerate(MEASURES)])
    corpus.put("places", [{"place_id": pid, "name_en": en, "name_ja_romaji": ja, "kind": kind, "lat": lat,
                           "lon": lon, "source_id": SOURCE} for pid, en, ja, kind, lat, lon in PLACES])
    corpus.put("claims", [])  # the fixture claims name a place replaced above
    corpus.put("claim_evidence", [])
    islands = corpus.load("islands")
    return {"islands": islands[islands["disputed"].astype(bool)].reset_index(drop=True).copy(),
            "measures": corpus.load("island_measures").copy(), "places": corpus.load("places").copy()}


def square(lon: float, lat: float, size: float = 0.1):
    return box(lon - size / 2, lat - size / 2, lon + size / 2, lat + size / 2)


def polygons_frame() -> dict:
    return {
        "iturup": square(147.6167, 45.0333, 0.4),
        "kunashir": square(145.85, 44.1167, 0.3),
        "shikotan": square(146.75, 43.8, 0.1),
        "zelyony": square(146.1333, 43.5, 0.05),
    }


# ---------------------------------------------------------------------------- measures


def test_measure_comparison_picks_the_current_figure_per_side(data):
    table = geography.measure_comparison(data["measures"], data["islands"]).set_index("island")
    # islands without a figure (Kunashir, Signalny) and outside the given table (Urup) are left out
    assert table.index.tolist() == ["Iturup / Etorofu", "Shikotan", "Zelyony / Shibotsu"]
    iturup = table.loc["Iturup / Etorofu"]
    assert iturup["JP value"] == 3167.0 and iturup["JP year"] == 2020 and iturup["JP source_id"] == "mofa"
    assert np.isnan(iturup["RU value"]) and pd.isna(iturup["RU - JP (%)"])
    # the undated reference figure wins over the dated but historical one
    shikotan = table.loc["Shikotan"]
    assert shikotan["RU source_id"] == "atlas" and shikotan["RU value"] == 182.0
    assert shikotan["RU - JP (%)"] == pytest.approx(round((182.0 - 248.0) / 248.0 * 100, 1))


def test_measure_comparison_of_two_measures_and_the_latest_rule(data):
    table = geography.measure_comparison(data["measures"], data["islands"], "population_1945",
                                         "population").set_index("island")
    assert table.index.tolist() == ["Iturup / Etorofu"]
    row = table.loc["Iturup / Etorofu"]
    assert row["JP value"] == 3608.0, "historical rows count when there is nothing else"
    # same year: the statistical estimate wins over the newspaper's reference figure
    assert row["RU value"] == 6480.0 and row["RU year"] == 2020 and row["RU source_id"] == "ru_2020"
    assert pd.isna(row["RU - JP (%)"]), "no difference between two different measures"
    older = data["measures"][data["measures"]["year"].isna() | (data["measures"]["year"] <= 2018)]
    then = geography.measure_comparison(older, data["islands"], "population_1945", "population")
    assert then.loc[0, "RU value"] == 6049.0 and then.loc[0, "RU year"] == 2018


def test_measure_comparison_follows_naming_convention_and_handles_empty(data):
    table = geography.measure_comparison(data["measures"], data["islands"], convention="ru")
    assert table.iloc[0]["island"] == "Итуруп"
    empty = geography.measure_comparison(data["measures"], data["islands"], "width_km")
    assert empty.empty and "RU - JP (%)" in empty.columns


def test_measures_chart_draws_one_bar_per_figure(data):
    fig = geography.measures_chart(data["measures"], data["islands"])
    area_ax, pop_ax = fig.axes
    # area: JP iturup, shikotan, zelyony + RU shikotan; population: JP 1945 iturup + RU iturup
    assert len(area_ax.patches) == 4
    assert len(pop_ax.patches) == 2
    labels = [t.get_text() for t in area_ax.get_yticklabels()]
    assert labels == ["Iturup / Etorofu", "Shikotan", "Zelyony / Shibotsu"]
    assert "3,167" in [t.get_text() for t in area_ax.texts]


def test_measures_chart_without_figures_draws_no_legend(data):
    """An as-of date before the first figure leaves the panels empty, without a legend warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = geography.measures_chart(data["measures"].iloc[0:0], data["islands"])
    assert [ax.get_legend() for ax in fig.axes] == [None, None]
    assert all(not ax.patches for ax in fig.axes)


@pytest.mark.mpl_image_compare(baseline_dir="baseline", tolerance=0.4, style="default")
def test_maps_measures_chart(data):
    style.apply_style()
    return geography.measures_chart(data["measures"], data["islands"])


# ---------------------------------------------------------------------------- distances


def test_disputed_units_groups_islets_and_keeps_rocks_as_points(data):
    units = geography.disputed_units(data["islands"], polygons_frame())
    assert list(units["unit"]) == ["iturup", "kunashir", "shikotan", "habomai"]
    assert list(units["label"]) == ["Iturup / Etorofu", "Kunashir / Kunashiri", "Shikotan",
                                    "Habomai Islands"]
    habomai = units.iloc[3]
    assert habomai["islands"] == ["zelyony", "signalny"]
    # signalny has no polygon: it joins as its point
    assert habomai["geometry"].contains(Point(146.1333, 43.5))
    assert habomai["geometry"].distance(Point(145.8594, 43.395)) < 1e-9
    # single islands keep the table point; Habomai gets the polygons' centroid
    assert units.iloc[0]["lat"] == pytest.approx(45.0333)
    assert habomai["lat"] == pytest.approx(43.5, abs=0.01)
    assert habomai["lon"] == pytest.approx(146.1333, abs=0.01)


def test_disputed_units_skip_missing_groups_and_use_convention(data):
    islands = data["islands"]
    units = geography.disputed_units(islands[islands["group"] != "Shikotan"], polygons_frame(),
                                     convention="ru")
    assert list(units["label"]) == ["Итуруп", "Кунашир", "острова Хабомаи"]


def test_shore_distance_between_two_squares():
    a = box(145.0, 44.0, 145.1, 44.1)
    b = box(145.2, 44.0, 145.3, 44.1)
    expected = geodesy.distance_km(44.1, 145.1, 44.1, 145.2)  # nearest pair: the top corners
    assert geography.shore_distance_km(a, b) == pytest.approx(expected, abs=0.05)
    assert geography.shore_distance_km(a, box(145.1, 44.0, 145.2, 44.1)) == 0.0


def test_shore_distance_kunashir_iturup_is_the_catherine_strait():
    polygons = geodata.island_polygons()
    km = geography.shore_distance_km(polygons["kunashir"], polygons["iturup"])
    assert 19.0 < km < 24.0  # Catherine Strait: about 22 km wide


def test_distances_to_places_shore_and_centre(data):
    units = geography.disputed_units(data["islands"], polygons_frame())
    places = data["places"]
    shore = geography.distances_to_places(units, places, ("cape_nosappu", "inside_iturup"))
    assert list(shore.columns) == ["Cape Nosappu / Nosappu-misaki", "Test point"]
    assert shore.loc["Iturup / Etorofu", "Test point"] == 0.0  # the point is on the island
    # Habomai's nearest land to Nosappu is the Signalny rock (a point)
    assert shore.loc["Habomai Islands", "Cape Nosappu / Nosappu-misaki"] == pytest.approx(
        round(geodesy.distance_km(43.3853, 145.8172, 43.395, 145.8594), 1))
    centre = geography.distances_to_places(units, places, ("rybachiy",), basis="centre")
    assert centre.loc["Iturup / Etorofu", "Rybachiy"] == pytest.approx(
        round(geodesy.distance_km(45.0333, 147.6167, 52.9306, 158.4028), 1))
    with pytest.raises(KeyError):
        geography.distances_to_places(units, places, ("nowhere",))
    with pytest.raises(ValueError):
        geography.distances_to_places(units, places, basis="edge")


def test_distances_between_units(data):
    units = geography.disputed_units(data["islands"], polygons_frame())
    shore = geography.distances_between_units(units)
    assert np.allclose(shore.to_numpy(), shore.to_numpy().T)
    assert (np.diag(shore.to_numpy()) == 0).all()
    centre = geography.distances_between_units(units, basis="centre")
    assert centre.loc["Iturup / Etorofu", "Shikotan"] == pytest.approx(
        round(geodesy.distance_km(45.0333, 147.6167, 43.8, 146.75), 1))
    # shore to shore is shorter than centre to centre
    assert (shore.to_numpy() <= centre.to_numpy() + 1e-9).all()
    with pytest.raises(ValueError):
        geography.distances_between_units(units, basis="edge")


def test_disputed_islands_and_straits_table(data):
    islands = data["islands"]
    islands.loc[1, "disputed"] = False
    assert list(geography.disputed_islands(islands)["island_id"]) == [
        "iturup", "shikotan", "zelyony", "signalny"]
    straits = pd.DataFrame({
        "strait_id": ["a", "b", "c"], "name_en": ["South Strait", "North Strait", "Middle Strait"],
        "name_ja_romaji": ["Minami", "", ""],
        "between": [["iturup", "shikotan"], ["p", "q"], ["kunashir", "cape_nosappu"]],
        "lat": [44.0, 50.0, 45.0], "lon": [146.0, 156.0, 147.0], "width_km": [21.0, None, 5.0],
        "max_depth_m": [500.0, None, 20.0], "source_id": ["s1", "s2", "s3"],
    })
    table = geography.straits_table(straits)
    assert list(table["strait"]) == ["North Strait", "Middle Strait", "South Strait / Minami"]
    assert list(table["between"]) == [["p", "q"], ["kunashir", "cape_nosappu"], ["iturup", "shikotan"]]
    assert list(table["shore_ids"]) == list(table["between"])
    assert table.iloc[2]["width (km)"] == 21.0 and list(table["disputed shores"]) == [0, 0, 0]
    named = geography.straits_table(straits, islands, data["places"], convention="en")
    assert named.iloc[1]["between"] == ["Kunashir", "Cape Nosappu"]
    assert named.iloc[1]["shore_ids"] == ["kunashir", "cape_nosappu"]
    # Kunashir is not disputed in this copy: no disputed shore in the middle, two in the south
    assert list(named["disputed shores"]) == [0, 0, 2]
    # two islets of one group on the same side of a strait count once
    straits.at[0, "between"] = ["zelyony", "signalny", "cape_nosappu"]
    assert geography.straits_table(straits, islands).iloc[2]["disputed shores"] == 1


def test_land_near_and_distance_summary(data):
    polygons = polygons_frame()
    units = geography.disputed_units(data["islands"], polygons)
    hokkaido = box(145.0, 43.0, 145.82, 43.39)  # Cape Nosappu (145.8172 E, 43.3853 N) is on it
    far = box(150.0, 50.0, 151.0, 51.0)
    assert geography.land_near([far, hokkaido], 43.3853, 145.8172) is hokkaido
    assert geography.land_near([far], 43.3853, 145.8172) is far  # nothing holds it: the nearest
    table = geography.distance_summary(units, data["places"], [far, hokkaido]).set_index("unit")
    assert table.index.tolist() == ["iturup", "kunashir", "shikotan", "habomai"]
    assert table.loc["kunashir", "to land (km)"] == pytest.approx(
        round(geography.shore_distance_km(polygons["kunashir"], hokkaido), 1))
    between = geography.distances_between_units(units)
    nearest = between.loc["Shikotan"].drop("Shikotan").idxmin()
    assert table.loc["shikotan", "nearest neighbour"] == nearest
    assert table.loc["shikotan", "gap (km)"] == between.loc["Shikotan", nearest]
    base = geography.distances_to_places(units, data["places"], ("rybachiy",))
    assert table.loc["iturup", "to base (km)"] == base.loc["Iturup / Etorofu"].iloc[0]
    # the unit nearest the SSBN base is the northernmost one
    assert table["to base (km)"].idxmin() == "iturup"
    with pytest.raises(KeyError, match="nowhere"):
        geography.distance_summary(units, data["places"], [hokkaido], base="nowhere")


# ---------------------------------------------------------------------------- legibility


def _text_sizes(fig) -> list[float]:
    """Font sizes of every text a reader must read: labels, numbers, legends, titles."""
    texts = [t for ax in fig.axes for t in ax.texts if t.get_text().strip()]
    texts += [t for legend in fig.legends for t in legend.get_texts()]
    texts += [t for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    texts += [ax.title for ax in fig.axes if ax.get_title(loc="left")]
    return [t.get_fontsize() for t in texts]


def test_figures_are_legible_at_930_px(data):
    """Figures at most 11 in wide, shrunk to ~930 px, keep every text at 9 pt or more."""
    chart = geography.measures_chart(data["measures"], data["islands"])
    islands_map = geography.disputed_islands_map(
        data["islands"], data["places"], cartography.Land(geodata.coastlines("full"), polygons_frame()),
        cartography.MapFrame(cartography.transverse_mercator(geography.NT_MAP_EXTENT),
                             geography.NT_MAP_EXTENT))
    for fig in (chart, islands_map):
        sizes = _text_sizes(fig)
        assert sizes and min(sizes) >= 9, sorted(sizes)[:3]
        assert fig.get_size_inches()[0] <= 11
