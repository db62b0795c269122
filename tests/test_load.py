"""The loaders: dtypes from the descriptor, caching, and the same errors as the validator."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from helpers import load, paths
from helpers.schema import load_package
from helpers.validate import DataValidationError, validate_package


def test_islands_dtypes(corpus):
    islands = load.table("islands", corpus.path)
    assert list(islands.columns) == list(load_package().resource("islands").field_names)
    assert len(islands) == 4
    assert str(islands["lat"].dtype) == "float64"
    assert str(islands["disputed"].dtype) == "boolean"
    assert islands["disputed"].tolist() == [True, True, True, False]
    group = islands["group"].dtype
    assert isinstance(group, pd.CategoricalDtype) and group.ordered
    assert list(group.categories) == list(load_package().resource("islands").field("group").enum)
    assert pd.isna(islands.loc[3, "name_ja"])
    assert islands.loc[0, "name_ru"] == "Итуруп"
    assert isinstance(islands.index, pd.RangeIndex)


def test_dates_integers_and_lists(corpus):
    events = load.table("events", corpus.path)
    assert str(events["date"].dtype) == "datetime64[ns]"
    assert events.loc[0, "date"] == pd.Timestamp("1855-02-07")
    assert pd.isna(events.loc[0, "end_date"])
    assert str(events["interview_paragraph"].dtype) == "Int64"
    assert events["interview_paragraph"].tolist()[1] == 2 and pd.isna(events.loc[0, "interview_paragraph"])
    assert events["islands"].tolist() == [["iturup", "urup"], ["southern_kurils"], []]
    assert str(events["in_interview"].dtype) == "boolean" and pd.isna(events.loc[2, "in_interview"])
    assert events.loc[1, "note"] == "a note with a comma, quoted"


def test_numbers_and_extra_columns(corpus):
    measures = load.table("island_measures", corpus.path)
    assert measures["value"].tolist() == [3167.0, 3200.5, 8000.0]
    assert str(measures["year"].dtype) == "Int64"
    places = load.table("places", corpus.path)
    assert places.loc[1, "name_ja_romaji"] == "Nosappu-misaki"  # extra column kept as text
    assert pd.api.types.is_string_dtype(places["name_ja_romaji"])


def test_tables_returns_every_table_in_order(corpus):
    frames = load.tables(corpus.path)
    assert list(frames) == list(load_package().names)
    assert sum(len(frame) for frame in frames.values()) == 26


def test_second_call_is_cached(corpus, monkeypatch):
    calls = []
    real = load.checked_tables
    monkeypatch.setattr(load, "checked_tables", lambda data_dir: calls.append(data_dir) or real(data_dir))
    first = load.table("claims", corpus.path)
    second = load.table("claims", str(corpus.path))
    load.tables(corpus.path / "." )
    assert first is second
    assert len(calls) == 1


def test_changed_file_is_reloaded(corpus):
    before = load.table("events", corpus.path)
    corpus.append_text("events", "e2020_fixture,2020-01-01,year,,Fixture,policy,,,,fixture_gazetteer,\n")
    os.utime(corpus.file("events"), ns=(1, 1))
    after = load.table("events", corpus.path)
    assert len(before) == 3 and len(after) == 4


def test_clear_cache(corpus, monkeypatch):
    calls = []
    real = load.checked_tables
    monkeypatch.setattr(load, "checked_tables", lambda data_dir: calls.append(data_dir) or real(data_dir))
    first = load.table("islands", corpus.path)
    load.clear_cache()
    second = load.table("islands", corpus.path)
    assert len(calls) == 2 and first is not second
    pd.testing.assert_frame_equal(first, second)


def test_bad_data_raises_the_validator_problems(corpus):
    corpus.set_cell("islands", 2, "lat", "95")
    with pytest.raises(DataValidationError) as caught:
        load.table("claims", corpus.path)
    assert caught.value.problems == validate_package(corpus.path)
    assert "data/islands.csv:2: column 'lat' value '95': lat must be between -90 and 90" in str(caught.value)


def test_broken_descriptor_raises(corpus):
    (corpus.path / "datapackage.json").write_text("[]", encoding="utf-8")
    with pytest.raises(DataValidationError, match="not a usable data package descriptor"):
        load.tables(corpus.path)


def test_missing_directory_raises(tmp_path):
    with pytest.raises(DataValidationError, match="data directory does not exist"):
        load.table("islands", tmp_path / "nowhere")


def test_unknown_table(corpus):
    with pytest.raises(ValueError, match="unknown table 'atlantis'"):
        load.table("atlantis", corpus.path)


def test_default_directory_is_data(corpus, monkeypatch):
    monkeypatch.setattr(paths, "DATA_DIR", corpus.path)
    assert len(load.table("straits")) == 1
