"""Both sides' figures in data/island_measures.csv, and the treaty-date rule of data/sovereignty.csv.

These tests read the real CSVs (not the fixtures): they check that the package keeps a Japanese and a
Russian figure for each of the three large disputed islands, that current Russian populations are
there, and that historical figures are labelled as such so charts can leave them out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
BIG_THREE = ("iturup", "kunashir", "shikotan")


@pytest.fixture(scope="module")
def measures() -> pd.DataFrame:
    frame = pd.read_csv(DATA / "island_measures.csv", dtype=str, keep_default_na=False)
    frame["year_num"] = pd.to_numeric(frame["year"], errors="coerce")
    return frame


def _basis_enum() -> list[str]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == "island_measures"]
    (field,) = [f for f in resource["schema"]["fields"] if f["name"] == "basis"]
    return list(field["constraints"]["enum"])


def test_basis_is_filled_from_the_descriptor_vocabulary(measures: pd.DataFrame) -> None:
    allowed = set(_basis_enum())
    assert "historical" in allowed
    bad = measures[~measures["basis"].isin(allowed)]
    assert bad.empty, f"rows with a basis outside {sorted(allowed)}: {list(bad['measure_id'])}"


@pytest.mark.parametrize("island", BIG_THREE)
def test_each_big_island_has_a_japanese_and_a_current_russian_area(measures: pd.DataFrame, island: str) -> None:
    area = measures[(measures["island_id"] == island) & (measures["measure"] == "area_km2")]
    jp = area[area["country"] == "JP"]
    ru = area[(area["country"] == "RU") & (area["basis"] != "historical")]
    assert not jp.empty, f"{island}: no Japanese area_km2 row"
    assert not ru.empty, f"{island}: no Russian area_km2 row that is not historical"


@pytest.mark.parametrize("island", BIG_THREE)
def test_each_big_island_has_a_russian_population_of_2021_or_later(measures: pd.DataFrame, island: str) -> None:
    pop = measures[
        (measures["island_id"] == island)
        & (measures["measure"] == "population")
        & (measures["country"] == "RU")
        & (measures["basis"] != "historical")
    ]
    assert (pop["year_num"] >= 2021).any(), f"{island}: no Russian population row for 2021 or later"


def test_every_population_row_has_a_year(measures: pd.DataFrame) -> None:
    pop = measures[measures["measure"].str.startswith("population")]
    assert not pop.empty
    undated = pop[pop["year_num"].isna()]
    assert undated.empty, f"population rows without a year: {list(undated['measure_id'])}"


def test_historical_rows_are_labelled_historical(measures: pd.DataFrame) -> None:
    """Figures of a past state (1945 residents, anything dated before 1946) or of the Soviet era are historical."""
    soviet = measures["authority"].str.contains(r"Soviet", case=False)
    past = (measures["measure"] == "population_1945") | (measures["year_num"] < 1946) | soviet
    unlabelled = measures[past & (measures["basis"] != "historical")]
    assert unlabelled.empty, f"historical figures not labelled basis=historical: {list(unlabelled['measure_id'])}"


def test_the_soviet_shikotan_area_is_kept_as_history(measures: pd.DataFrame) -> None:
    """The 182 km2 of the Great Soviet Encyclopedia stays in the table, labelled, never as a current figure."""
    row = measures[(measures["island_id"] == "shikotan") & (measures["measure"] == "area_km2")
                   & (pd.to_numeric(measures["value"]) == 182)]
    assert len(row) == 1
    assert row["basis"].iloc[0] == "historical"


def test_treaty_changes_of_holder_are_dated_when_the_treaty_took_effect() -> None:
    """A sovereignty row started or ended by a treaty uses the treaty's entry into force, not its signature."""
    sov = pd.read_csv(DATA / "sovereignty.csv", dtype=str, keep_default_na=False)
    events = pd.read_csv(DATA / "events.csv", dtype=str, keep_default_na=False).set_index("event_id")
    checked = 0
    for _, row in sov.iterrows():
        for date_col, event_col in (("from_date", "from_event"), ("to_date", "to_event")):
            event_id = row[event_col]
            if not event_id:
                continue
            event = events.loc[event_id]
            assert row[date_col] == event["date"], (
                f"{row['sovereignty_id']}.{date_col} {row[date_col]} differs from {event_id} ({event['date']})")
            if event["category"] in ("treaty", "declaration"):
                checked += 1
                assert re.search(r"ratif|into force|in force|exchanged", event["title"], re.IGNORECASE), (
                    f"{row['sovereignty_id']}.{event_col} is {event_id} ({event['title']!r}), "
                    "not the event of the treaty taking effect")
    assert checked >= 3
