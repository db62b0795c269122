"""The validator: one test per rule, each on a copy of the valid fixtures with one planted defect."""

from __future__ import annotations

import csv
import json
import pickle

import pytest

from helpers import paths
from helpers.schema import Field
from helpers.validate import DataValidationError, Problem, cell_rule, checked_tables, validate_package


def only_problem(corpus) -> Problem:
    """The single problem of ``corpus`` (fails if there are none or several)."""
    problems = validate_package(corpus.path)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_fixtures_are_valid(corpus):
    assert validate_package(corpus.path) == []


def test_latitude_out_of_range(corpus):
    corpus.set_cell("islands", 2, "lat", "95")
    expected = Problem("data/islands.csv", 2, "lat", "95", "lat must be between -90 and 90")
    assert only_problem(corpus) == expected


def test_longitude_out_of_range(corpus):
    corpus.set_cell("places", 3, "lon", "-190.5")
    assert only_problem(corpus).rule == "lon must be between -180 and 180"


def test_unknown_island_id(corpus):
    corpus.set_cell("island_measures", 3, "island_id", "atlantis")
    assert only_problem(corpus) == Problem(
        "data/island_measures.csv", 3, "island_id", "atlantis", "island_id 'atlantis' is not in islands.csv"
    )


def test_impossible_date(corpus):
    corpus.set_cell("events", 2, "date", "1855-02-30")
    assert only_problem(corpus) == Problem(
        "data/events.csv", 2, "date", "1855-02-30", "date does not parse as YYYY-MM-DD"
    )


def test_date_in_another_format(corpus):
    corpus.set_cell("deployments", 2, "start_date", "01/11/2016")
    assert only_problem(corpus).rule == "date does not parse as YYYY-MM-DD"


def test_duplicate_primary_key(corpus):
    rows = corpus.rows("islands")
    corpus.write_rows("islands", rows + [rows[1]])
    problem = only_problem(corpus)
    assert (problem.file, problem.row) == ("data/islands.csv", 6)
    assert (problem.column, problem.value) == ("island_id", "iturup")
    assert problem.rule == "duplicate primary key (first on line 2)"


def test_duplicate_composite_primary_key(corpus):
    corpus.set_cell("claim_evidence", 3, "claim_id", "c01")
    corpus.set_cell("claim_evidence", 3, "evidence", "e1945_fixture")
    corpus.set_cell("claim_evidence", 3, "evidence_table", "events")
    problem = only_problem(corpus)
    assert (problem.row, problem.column, problem.value) == (3, "claim_id+evidence", "c01;e1945_fixture")


def test_duplicate_in_unique_column(corpus):
    descriptor = json.loads((corpus.path / "datapackage.json").read_text(encoding="utf-8"))
    islands = next(r for r in descriptor["resources"] if r["name"] == "islands")
    next(f for f in islands["schema"]["fields"] if f["name"] == "name_en")["constraints"]["unique"] = True
    (corpus.path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    corpus.set_cell("islands", 4, "name_en", "Iturup")
    assert only_problem(corpus).rule == "duplicate value in a unique column (first on line 2)"


def test_required_cell_empty(corpus):
    corpus.set_cell("claims", 3, "summary", "")
    assert only_problem(corpus) == Problem("data/claims.csv", 3, "summary", "", "required value is empty")


def test_unknown_source_id(corpus):
    corpus.set_cell("straits", 2, "source_id", "nowhere_gazette")
    assert only_problem(corpus) == Problem(
        "data/straits.csv", 2, "source_id", "nowhere_gazette",
        "source_id 'nowhere_gazette' is not in sources.csv",
    )


def test_foreign_key_to_differently_named_field(corpus):
    corpus.set_cell("sovereignty", 2, "to_event", "e1999_nothing")
    assert only_problem(corpus).rule == "to_event 'e1999_nothing' is not in events.csv (event_id)"


def test_bad_enum(corpus):
    corpus.set_cell("islands", 2, "group", "Atlantis")
    problem = only_problem(corpus)
    assert (problem.column, problem.value) == ("group", "Atlantis")
    assert problem.rule.startswith("group must be one of: Iturup, Kunashir, Shikotan, Habomai")


def test_not_an_integer(corpus):
    corpus.set_cell("claims", 2, "paragraph", "two")
    assert only_problem(corpus).rule == "value is not an integer"


def test_integer_out_of_range(corpus):
    corpus.set_cell("claims", 2, "paragraph", "8")
    assert only_problem(corpus).rule == "paragraph must be between 1 and 7"


def test_not_a_number(corpus):
    corpus.set_cell("islands", 2, "lat", "45N")
    assert only_problem(corpus).rule == "value is not a number"


def test_below_minimum(corpus):
    corpus.set_cell("deployments", 2, "range_km", "-5")
    assert only_problem(corpus).rule == "range_km must be at least 0"


def test_above_maximum_only():
    spec = Field(name="depth", type="number", maximum=10)
    assert cell_rule(spec, "11") == "depth must be at most 10"
    assert cell_rule(spec, "9.5") is None


def test_not_a_boolean(corpus):
    corpus.set_cell("islands", 2, "disputed", "yes")
    assert only_problem(corpus).rule.startswith("value is not a boolean")


def test_id_pattern(corpus):
    corpus.set_cell("events", 4, "event_id", "E2016 Fixture")
    assert only_problem(corpus).rule == "event_id does not match the pattern ^[a-z0-9_]+$"


def test_url_pattern(corpus):
    corpus.set_cell("sources", 2, "url", "ftp://example.org/x")
    assert only_problem(corpus).column == "url"


def test_russian_name_must_be_cyrillic(corpus):
    corpus.set_cell("islands", 2, "name_ru", "Iturup")
    assert only_problem(corpus).column == "name_ru"


def test_ragged_row(corpus):
    corpus.append_text("straits", "tatar_strait,Tatar Strait,,\n")
    assert only_problem(corpus) == Problem(
        "data/straits.csv", 3, None, None, "row has 4 cells but the header has 12"
    )


def test_blank_row(corpus):
    corpus.append_text("events", "\n")
    assert only_problem(corpus) == Problem("data/events.csv", 5, None, None, "row is blank")


def test_non_utf8_bytes(corpus):
    raw = corpus.file("islands").read_bytes()
    raw = raw.replace("Kunashir,Кунашир".encode(), b"Kunash\xefr,Kunashir", 1)  # a Latin-1 byte
    corpus.file("islands").write_bytes(raw)
    problem = only_problem(corpus)
    assert (problem.file, problem.row) == ("data/islands.csv", 3)
    assert (problem.column, problem.value) == ("name_en", "\\xef")
    assert problem.rule.startswith("file is not valid UTF-8")


def test_non_utf8_beyond_the_header(corpus):
    corpus.file("straits").write_bytes(b"strait_id\nx,\xff\n")
    problem = only_problem(corpus)
    assert (problem.row, problem.column) == (2, None)


def test_non_utf8_in_header(corpus):
    corpus.file("straits").write_bytes(b"strait_\xffid\n")
    problem = only_problem(corpus)
    assert (problem.row, problem.column) == (1, None)


def test_byte_order_mark_is_accepted(corpus):
    corpus.file("sources").write_bytes(b"\xef\xbb\xbf" + corpus.file("sources").read_bytes())
    assert validate_package(corpus.path) == []


def test_empty_file(corpus):
    corpus.file("deployments").write_bytes(b"")
    expected = Problem("data/deployments.csv", 1, None, None, "file is empty (no header row)")
    assert only_problem(corpus) == expected


def test_header_only_file_is_valid(corpus):
    corpus.write_rows("claim_evidence", corpus.rows("claim_evidence")[:1])
    assert validate_package(corpus.path) == []


def test_missing_required_column(corpus):
    corpus.drop_column("islands", "lat")
    assert only_problem(corpus) == Problem("data/islands.csv", 1, "lat", None, "required column is missing")


def test_duplicate_column_name(corpus):
    rows = corpus.rows("sources")
    corpus.write_rows("sources", [row + [row[-1]] for row in rows])
    assert only_problem(corpus) == Problem(
        "data/sources.csv", 1, "note", None, "column name appears twice in the header"
    )


def test_extra_columns_are_allowed(corpus):
    rows = corpus.rows("straits")
    corpus.write_rows("straits", [rows[0] + ["local_name"]] + [row + ["x"] for row in rows[1:]])
    assert validate_package(corpus.path) == []


def test_missing_file(corpus):
    corpus.file("straits").unlink()
    assert only_problem(corpus) == Problem("data/straits.csv", None, None, None, "file is missing")


def test_missing_target_file_does_not_flood(corpus):
    corpus.file("sources").unlink()
    assert [p.rule for p in validate_package(corpus.path)] == ["file is missing"]


def test_unreadable_file(corpus):
    corpus.file("places").unlink()
    corpus.file("places").mkdir()
    assert only_problem(corpus).rule.startswith("file cannot be read")


def test_unparsable_csv(corpus):
    corpus.append_text("events", "e_long," + "x" * 2_000 + "\n")
    previous = csv.field_size_limit(1_000)  # process-wide; frictionless raises it when imported
    try:
        problem = only_problem(corpus)
    finally:
        csv.field_size_limit(previous)
    assert (problem.row, problem.rule[:20]) == (5, "CSV cannot be parsed")


def test_missing_list_and_selector_columns_are_reported_once(corpus):
    corpus.drop_column("claims", "subjects")
    corpus.drop_column("claim_evidence", "evidence_table")
    assert [(p.file, p.column, p.rule) for p in validate_package(corpus.path)] == [
        ("data/claims.csv", "subjects", "required column is missing"),
        ("data/claim_evidence.csv", "evidence_table", "required column is missing"),
    ]


def test_empty_keys_are_not_duplicates(corpus):
    corpus.set_cell("claim_evidence", 2, "claim_id", "")
    corpus.set_cell("claim_evidence", 2, "evidence", "")
    corpus.set_cell("claim_evidence", 3, "claim_id", "")
    corpus.set_cell("claim_evidence", 3, "evidence", "")
    assert {p.rule for p in validate_package(corpus.path)} == {"required value is empty"}


def test_bad_list_item(corpus):
    corpus.set_cell("claims", 2, "subjects", "sea_of_okhotsk;atlantis")
    problem = only_problem(corpus)
    assert (problem.row, problem.column, problem.value) == (2, "subjects", "sea_of_okhotsk;atlantis")
    assert problem.rule.startswith("subjects item 'atlantis' is not in islands.island_id")


def test_list_with_spaces_breaks_pattern(corpus):
    corpus.set_cell("straits", 2, "between", "iturup; kunashir")
    assert only_problem(corpus).rule.startswith("between does not match the pattern")


def test_list_items_accept_group_slugs_and_places(corpus):
    corpus.set_cell("events", 2, "islands", "habomai;northern_kurils;iturup")
    corpus.set_cell("straits", 2, "between", "kunashir;cape_nosappu")
    assert validate_package(corpus.path) == []


def test_bad_evidence_reference(corpus):
    corpus.set_cell("claim_evidence", 2, "evidence", "e1999_nothing")
    assert only_problem(corpus) == Problem(
        "data/claim_evidence.csv", 2, "evidence", "e1999_nothing",
        "evidence 'e1999_nothing' is not in events.csv (event_id)",
    )


def test_evidence_in_the_wrong_table(corpus):
    corpus.set_cell("claim_evidence", 3, "evidence_table", "events")
    assert only_problem(corpus).rule == "evidence 'd_fixture_iturup' is not in events.csv (event_id)"


def test_bad_evidence_table_is_reported_once(corpus):
    corpus.set_cell("claim_evidence", 3, "evidence_table", "rumours")
    assert only_problem(corpus).column == "evidence_table"


def test_multiline_cell_keeps_line_numbers(corpus):
    corpus.set_cell("events", 2, "note", "first line\nsecond line")
    corpus.set_cell("events", 3, "date", "not a date")  # record 3 now starts on CSV line 4
    assert only_problem(corpus).row == 4


def test_missing_directory(tmp_path):
    problems = validate_package(tmp_path / "nowhere")
    assert [p.rule for p in problems] == ["data directory does not exist"]


def test_broken_descriptor(corpus):
    (corpus.path / "datapackage.json").write_text("{not json", encoding="utf-8")
    problem = only_problem(corpus)
    assert problem.file == "data/datapackage.json"
    assert "not a usable data package descriptor" in problem.rule


def test_problem_text():
    assert str(Problem("data/islands.csv", 4, "lat", "95", "lat must be between -90 and 90")) == (
        "data/islands.csv:4: column 'lat' value '95': lat must be between -90 and 90"
    )
    missing = Problem("data/straits.csv", None, None, None, "file is missing")
    assert str(missing) == "data/straits.csv: file is missing"


def test_error_lists_problems_and_truncates():
    problems = [Problem("data/x.csv", line, "c", "v", "rule") for line in range(2, 62)]
    error = DataValidationError(problems)
    message = str(error)
    assert error.problems == problems
    assert message.splitlines()[0] == "60 problem(s) in the data tables:"
    assert "data/x.csv:2: column 'c' value 'v': rule" in message
    assert message.splitlines()[-1].startswith("... and 10 more")


def test_error_survives_pickling():
    error = DataValidationError([Problem("data/x.csv", 2, "c", "v", "rule")])
    clone = pickle.loads(pickle.dumps(error))
    assert clone.problems == error.problems and str(clone) == str(error)


def test_checked_tables_raises_with_problems(corpus):
    corpus.set_cell("islands", 2, "lat", "95")
    with pytest.raises(DataValidationError) as caught:
        checked_tables(corpus.path)
    assert caught.value.problems == validate_package(corpus.path)


def test_real_data_validates():
    problems = validate_package(paths.DATA_DIR)
    assert problems == [], "\n".join(map(str, problems))


def test_problems_are_sorted_by_file_then_line(corpus):
    corpus.set_cell("islands", 4, "lat", "95")
    corpus.set_cell("islands", 2, "disputed", "maybe")
    corpus.set_cell("claims", 3, "paragraph", "0")
    problems = validate_package(corpus.path)
    assert [(p.file, p.row) for p in problems] == [
        ("data/claims.csv", 3), ("data/islands.csv", 2), ("data/islands.csv", 4)
    ]
