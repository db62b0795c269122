"""The notebook page helpers: parameters, display rules for tables, the linked source list."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from helpers import load, names, page


@pytest.fixture(autouse=True)
def _restore_naming():
    before = names.get_convention()
    yield
    names.set_convention(before)


@pytest.mark.parametrize(
    "as_of, naming, message",
    [
        ("2019-02-30", "both", "as_of: '2019-02-30' is not a date"),
        ("1800-01-01", "both", "as_of: 1800-01-01 is before the record starts"),
        (None, "fr", "naming: 'fr' is not one of both, en, ja, ru"),
    ],
)
def test_bad_parameters_get_one_message_naming_the_parameter(as_of, naming, message):
    with pytest.raises(page.ParameterError) as error:
        page.parameters(as_of, naming)
    assert str(error.value).startswith(message)


def test_parameters_are_checked_and_described():
    checked = page.parameters("2019-01-10", "ja")
    assert checked.as_of == dt.date(2019, 1, 10) and checked.naming == "ja"
    assert checked.as_of_text == "2019-01-10"
    assert page.parameters().as_of_text == "the whole record"


def test_start_sets_the_convention_and_filters_the_record():
    record = page.start("2016-01-01", "ru")
    assert names.get_convention() == "ru"
    assert (record["events"]["date"] <= pd.Timestamp("2016-01-01")).all()
    assert len(record["events"]) < len(load.table("events"))


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
        (pd.NaT, ""),
        (1764.0, "1,764"),
        (np.int64(2021), "2021"),
        (25_000, "25,000"),
        (45.0333, "45.0333"),
        (3166.64, "3,166.64"),
        (True, "yes"),
        (pd.Timestamp("2018-12-05"), "2018-12-05"),
        (dt.date(2018, 12, 5), "2018-12-05"),
        (["iturup", "kunashir"], "iturup, kunashir"),
        ("a | b", "a \\| b"),
    ],
)
def test_cells_follow_the_display_rules(value, text):
    assert page.cell(value) == text


def test_table_aligns_text_left_numbers_right_and_keeps_text_whole():
    long_text = "word " * 40
    frame = pd.DataFrame({"name": ["x", "y"], "area": [1.5, 2.0], "note": [long_text, None]})
    lines = page.table(frame, labels={"area": "area (km²)"}).data.splitlines()
    assert [h.strip() for h in lines[0].strip("|").split("|")] == ["name", "area (km²)", "note"]
    assert lines[1].split("|")[1].startswith(":") and lines[1].split("|")[2].endswith(":")
    assert long_text.strip() in lines[2]
    assert lines[3].rstrip().endswith("|") and "nan" not in lines[3].lower()


def test_long_tables_point_to_the_full_csv():
    frame = pd.DataFrame({"n": range(12)})
    text = page.table(frame, max_rows=5, csv="../data/events.csv").data
    assert text.count("\n|") == 6  # separator + 5 rows
    assert text.endswith("*First 5 of 12 rows; 7 more rows in [../data/events.csv](../data/events.csv).*")
    assert "not shown" in page.table(frame, max_rows=11).data


def test_source_list_links_titles_with_publisher_and_date():
    sources = pd.DataFrame(
        {
            "source_id": ["a", "b"],
            "title": ["A [report]", "B"],
            "publisher": ["MOFA", "TASS"],
            "url": ["https://www.mofa.go.jp/a", "https://tass.com/b"],
            "published": pd.to_datetime(["2020-01-02", None]),
        }
    )
    text = page.source_list(sources, ["b", "a", "zzz"]).data.splitlines()
    assert text[0] == "- [A (report)](https://www.mofa.go.jp/a). MOFA, 2020-01-02. `a`"
    assert text[1] == "- [B](https://tass.com/b). TASS. `b`"
    assert text[2] == "- (missing source row). `zzz`"


def test_long_date_and_count_read_as_prose():
    assert page.long_date("2018-12-05") == "5 December 2018"
    assert page.long_date(pd.Timestamp("2025-03-21")) == "21 March 2025"
    assert page.long_date(dt.date(1956, 10, 19)) == "19 October 1956"
    assert page.count(1, "record") == "1 record"
    assert page.count(0, "ring") == "0 rings" and page.count(14, "event") == "14 events"
