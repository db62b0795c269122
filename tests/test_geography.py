"""Tests of helpers.geography (notebook 02 tables, distances and the measures chart), on fixture rows read by the loaders."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from helpers import geodata, geodesy, geography, style


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


def test_side_by_side_picks_latest_figure_and_computes_difference(data):
    table = geography.measures_side_by_side(data["measures"], data["islands"])
    iturup_area = table[(table["island"] == "Iturup / Etorofu") & (table["measure"] == "area (km²)")]
    row = iturup_area.iloc[0]
    assert row["JP value"] == 3167.0 and row["JP year"] == 2020 and row["JP source"] == "mofa"
    assert row["JP others"] == 1
    assert row["other figures"] == "3,139-3,200 (2)"
    assert np.isnan(row["RU value"])
    pop = table[(table["island"] == "Iturup / Etorofu") & (table["measure"] == "population")].iloc[0]
    # same year: the statistical estimate wins over the newspaper's reference figure
    assert pop["RU value"] == 6480.0 and pop["RU year"] == 2020 and pop["RU others"] == 2
    shikotan = table[table["island"] == "Shikotan"].iloc[0]
    # the undated reference figure wins over the dated but historical one
    assert shikotan["RU source"] == "atlas" and shikotan["RU - JP (%)"] == pytest.approx(-26.6)
    pop_1945 = table[(table["island"] == "Iturup / Etorofu") & (table["measure"] == "population 1945")]
    assert pop_1945.iloc[0]["JP value"] == 3608.0, "historical rows count when there is nothing else"
    # islands outside the given table (urup) are left out; order follows the islands table
    assert "Urup" not in set(table["island"])
    assert list(table["island"].unique()) == ["Iturup / Etorofu", "Shikotan", "Zelyony / Shibotsu"]
    assert list(table.loc[table["island"] == "Iturup / Etorofu", "measure"]) == [
        "area (km²)", "population", "population 1945"]


def test_side_by_side_follows_naming_convention_and_handles_empty(data):
    table = geography.measures_side_by_side(data["measures"], data["islands"], convention="ru")
    assert table.iloc[0]["island"] == "Итуруп"
    empty = geography.measures_side_by_side(data["measures"], data["islands"], which=("width_km",))
    assert empty.empty and "RU - JP (%)" in empty.columns


def test_range_text():
    assert geography.tables._range_text([]) == ""
    assert geography.tables._range_text([2.35]) == "2.35 (1)"
    assert geography.tables._range_text([1.96, 2.35]) == "1.96-2.35 (2)"


def test_measures_chart_draws_one_bar_per_figure(data):
    fig = geography.measures_chart(data["measures"], data["islands"])
    area_ax, pop_ax = fig.axes
    # area: JP iturup, shikotan, zelyony + RU shikotan; population: JP 1945 iturup + RU iturup
    assert len(area_ax.patches) == 4
    assert len(pop_ax.patches) == 2
    labels = [t.get_text() for t in area_ax.get_yticklabels()]
    assert labels == ["Iturup / Etorofu", "Shikotan", "Zelyony / Shibotsu"]
    assert "3,167" in [t.get_text() for t in area_ax.texts]


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
        "strait_id": ["a", "b"], "name_en": ["South Strait", "North Strait"],
        "name_ja_romaji": ["Minami", ""], "between": [["x", "y"], ["p", "q"]],
        "lat": [44.0, 50.0], "lon": [146.0, 156.0], "width_km": [21.0, None],
        "max_depth_m": [500.0, None], "source_id": ["s1", "s2"],
    })
    table = geography.straits_table(straits)
    assert list(table["strait"]) == ["North Strait", "South Strait / Minami"]
    assert list(table["between"]) == ["p, q", "x, y"]
    assert table.iloc[1]["width (km)"] == 21.0


# ---------------------------------------------------------------------------- findings


def findings_inputs(data) -> dict:
    straits = pd.DataFrame({
        "strait_id": ["catherine_strait", "vries_strait", "tiny_strait", "unknown_strait"],
        "name_en": ["Catherine Strait", "Vries Strait", "Tiny Strait", "Unknown Strait"],
        "width_km": [21.0, 42.5, 2.0, None],
        "max_depth_m": [500.0, 1300.0, None, None],
    })
    places = pd.DataFrame({
        "place_id": ["cape_nosappu", "cape_shiretoko", "rybachiy"],
        "name_en": ["Cape Nosappu", "Cape Shiretoko", "Rybachiy"],
        "name_ja_romaji": ["", "", ""],
    })
    units = ["Iturup", "Kunashir", "Habomai"]
    shore = pd.DataFrame({"Cape Nosappu": [144.4, 37.5, 3.6],
                          "Cape Shiretoko": [121.8, 41.6, 106.8],
                          "Rybachiy": [1074.5, 1250.0, 1362.6]},
                         index=pd.Index(units, name="from"))
    between = pd.DataFrame([[0.0, 22.0, 70.0], [22.0, 0.0, 30.5], [70.0, 30.5, 0.0]],
                           index=units, columns=units)
    side = geography.measures_side_by_side(data["measures"], data["islands"], convention="en")
    return {"straits": straits, "places": places, "shore": shore, "between": between,
            "side": side}


def test_findings_markdown_reports_every_figure_from_the_tables(data):
    text = geography.findings_markdown(**findings_inputs(data), convention="en")
    lines = text.splitlines()
    assert all(line.startswith("- ") for line in lines)
    assert lines[0] == (
        "- The straits with a cited width range from 2 km (Tiny Strait) to 42.5 km (Vries "
        "Strait) (3 of 4 straits have a width); the Catherine Strait is 21 km wide and "
        "500 m deep.")
    assert "Habomai - 3.6 km to Cape Nosappu, 106.8 km to Cape Shiretoko" in lines[1]
    assert "Iturup - 144.4 km to Cape Nosappu, 121.8 km to Cape Shiretoko" in lines[1]
    assert lines[2] == ("- Each unit's nearest neighbour, coast to coast: Iturup to Kunashir "
                        "22.0 km; Kunashir to Iturup 22.0 km; Habomai to Kunashir 30.5 km.")
    assert lines[3] == ("- The Rybachiy lies between 1,074.5 km (Iturup) and 1,362.6 km "
                        "(Habomai) from the nearest coast of the disputed units.")
    assert "Iturup 3,167 km², Shikotan 248 km², Zelyony 58 km²" in lines[4]
    assert "Shikotan 182 km² (RU atlas), 26.6% smaller than Japan's." in lines[4]
    assert lines[5] == "- Japanese residents in 1945 (Japan's figures): Iturup 3,608."
    assert lines[6] == "- Latest Russian population counts: Iturup 6,480 (2020)."


def test_findings_markdown_follows_the_data(data):
    inputs = findings_inputs(data)
    inputs["straits"].loc[0, "width_km"] = 99.0
    inputs["shore"].loc["Habomai", "Cape Nosappu"] = 7.25
    larger = inputs["side"].copy()
    larger.loc[larger["RU value"].notna() & (larger["measure"] == "area (km²)"),
               ["RU value", "RU - JP (%)"]] = [300.0, 21.0]
    inputs["side"] = larger
    text = geography.findings_markdown(**inputs, convention="en")
    assert "to 99 km (Catherine Strait)" in text
    assert "the Catherine Strait is 99 km wide" in text
    assert "Habomai - 7.2 km to Cape Nosappu" in text
    assert "Shikotan 300 km² (RU atlas), 21.0% larger than Japan's" in text


def test_findings_markdown_leaves_out_missing_parts(data):
    inputs = findings_inputs(data)
    side = inputs["side"]
    inputs["side"] = side[side["RU value"].isna() | (side["measure"] != "area (km²)")]
    inputs["side"] = inputs["side"][inputs["side"]["measure"] == "area (km²)"]
    inputs["straits"] = inputs["straits"].assign(max_depth_m=None)
    inputs["straits"].loc[0, "width_km"] = None
    text = geography.findings_markdown(**inputs, base="nowhere", highlight_strait=None,
                                       convention="en")
    assert "Catherine Strait is" not in text
    assert "Rybachiy" not in text
    assert "no Russian area figure" in text
    assert "1945" not in text and "population counts" not in text
    # no width or depth for the highlighted strait: the clause is left out
    text = geography.findings_markdown(**inputs, convention="en")
    assert "the Catherine Strait is" not in text
    empty = geography.findings_markdown(
        inputs["straits"].iloc[0:0], inputs["places"], inputs["shore"].iloc[0:0],
        inputs["between"].iloc[0:0], inputs["side"].iloc[0:0], convention="en")
    assert empty == "- No figures to summarise: the tables are empty."
