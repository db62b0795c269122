"""The validator: one test per rule, each on a copy of the valid fixtures with one planted defect."""

from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

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


#: One planted defect per row of ``tests/cases/bad_cells.csv``: ``table`` line ``line``, column
#: ``column`` set to ``value``. A ``rule`` ending in "…" is a prefix (the rest lists the allowed
#: values or the pattern).
BAD_CELLS = Path(__file__).parent / "cases" / "bad_cells.csv"


def _bad_cells() -> list:
    with BAD_CELLS.open(newline="", encoding="utf-8") as handle:
        return [pytest.param(case, id=case["case"].replace(" ", "-")) for case in csv.DictReader(handle)]


@pytest.mark.parametrize("case", _bad_cells())
def test_one_bad_cell_gives_one_problem_naming_it(corpus, case):
    """Exactly one problem, naming the file, the line, the column, the value and the rule broken."""
    line = int(case["line"])
    corpus.set_cell(case["table"], line, case["column"], case["value"])
    problem = only_problem(corpus)
    where = (problem.file, problem.row, problem.column, problem.value)
    assert where == (f"data/{case['table']}.csv", line, case["column"], case["value"])
    rule = case["rule"]
    if rule.endswith("…"):
        assert problem.rule.startswith(rule[:-1]), problem.rule
    else:
        assert problem.rule == rule


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


def test_above_maximum_only():
    spec = Field(name="depth", type="number", maximum=10)
    assert cell_rule(spec, "11") == "depth must be at most 10"
    assert cell_rule(spec, "9.5") is None


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


def test_list_items_accept_group_slugs_and_places(corpus):
    corpus.set_cell("events", 2, "islands", "habomai;northern_kurils;iturup")
    corpus.set_cell("straits", 2, "between", "kunashir;cape_nosappu")
    assert validate_package(corpus.path) == []


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
