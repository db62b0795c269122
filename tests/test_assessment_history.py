"""Verdicts over time (helpers.assessment.history): fixture rows read by the loaders, then the real record."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import asof, load, names, style
from helpers import assessment as a

INTERVIEW = pd.Timestamp("2018-12-05")

SOURCES = [
    {"source_id": "src_early", "title": "Early", "publisher": "P", "url": "https://example.org/early",
     "published": "2000-01-01", "accessed": "2026-11-26", "kind": "dataset"},
    {"source_id": "src_late", "title": "Late", "publisher": "P", "url": "https://example.org/late",
     "published": "2023-06-01", "accessed": "2026-11-26", "kind": "dataset"},
]
EVENTS = [
    {"event_id": "e_before", "date": "2016-11-22", "title": "Before"},
    {"event_id": "e_2019", "date": "2019-06-01", "title": "In 2019"},
    {"event_id": "e_2022", "date": "2022-03-21", "title": "In 2022"},
    {"event_id": "e_2024", "date": "2024-05-01", "title": "In 2024"},
]
DEPLOYMENTS = [
    {"deployment_id": "d_started", "island_id": "iturup", "system": "Bastion", "category": "coastal_missile",
     "announced": "2016-03-25", "start_date": "2016-11-22", "status": "deployed"},
]
# claim, evidence, table, relation, source
EVIDENCE = [
    ("c01", "e_before", "events", "supports", "src_early"),         # supported, then overtaken in 2022
    ("c01", "e_2022", "events", "later_development", "src_early"),
    ("c02", "e_2019", "events", "supports", "src_early"),           # open, then supported in 2019
    ("c03", "e_before", "events", "context", "src_early"),          # open until its source appears (2023)
    ("c03", "e_2019", "events", "supports", "src_late"),
    ("c04", "d_started", "deployments", "supports", "src_early"),   # supported throughout
    ("c04", "e_2024", "events", "context", "src_early"),
]


@pytest.fixture
def record(corpus) -> dict[str, pd.DataFrame]:
    """The fixture record (every table as loaded) with the rows above."""
    corpus.put("sources", SOURCES, keep=True)
    corpus.put("phases", [])  # the fixture phases open with fixture events replaced here
    corpus.put("events", [{"date_precision": "day", "category": "policy", "source_id": "src_early", **e}
                          for e in EVENTS], keep=True)
    corpus.put("deployments", [{"lat": 45.0, "lon": 147.9, "source_id": "src_early", **d} for d in DEPLOYMENTS])
    corpus.put("claims", [{"claim_id": f"c0{i}", "interview_id": "fixture_talk", "paragraph": i, "topic": "garrison",
                           "subjects": "iturup", "summary": f"s{i}", "claim_type": "fact",
                           "source_id": "fixture_interview"} for i in range(1, 5)])
    corpus.put("claim_evidence", [{"claim_id": c, "evidence": e, "evidence_table": t, "relation": r, "note": "n",
                                   "source_id": s} for c, e, t, r, s in EVIDENCE])
    return load.tables(corpus.path)


def _whole_record_counts(record: dict[str, pd.DataFrame]) -> dict[str, int]:
    dated = a.dated_evidence(record["claim_evidence"], record["events"], record["deployments"], INTERVIEW)
    return a.verdict_counts(a.verdicts(record["claims"], dated)).to_dict()


def test_record_end_is_the_latest_date_of_events_deployments_and_cited_sources(record):
    assert asof.record_end(record) == pd.Timestamp("2024-05-01")
    sources = record["sources"].copy()
    sources.loc[sources["source_id"] == "src_late", "published"] = pd.Timestamp("2025-02-01")
    later = dict(record, sources=sources)
    assert asof.record_end(later) == pd.Timestamp("2025-02-01")
    empty = {name: frame.iloc[0:0] for name, frame in record.items()}
    with pytest.raises(ValueError, match="no dated event"):
        asof.record_end(empty)


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        ("2021-03-01", [("2018-12-05", "interview"), ("2018-12-31", "year end"), ("2019-12-31", "year end"),
                        ("2020-12-31", "year end"), ("2021-03-01", "end")]),
        ("2019-12-31", [("2018-12-05", "interview"), ("2018-12-31", "year end"), ("2019-12-31", "end")]),
        ("2018-12-20", [("2018-12-05", "interview"), ("2018-12-20", "end")]),
        ("2018-12-05", [("2018-12-05", "interview")]),
        ("2010-01-01", [("2010-01-01", "end")]),
    ],
)
def test_checkpoints_interview_then_year_ends_then_the_end(end, expected):
    points = a.checkpoints(INTERVIEW, end)
    assert [(f"{d:%Y-%m-%d}", p) for d, p in points.itertuples(index=False, name=None)] == expected
    assert points["date"].is_monotonic_increasing and points["date"].is_unique


def test_history_dates_are_in_order_and_every_claim_has_a_verdict_at_each(record):
    history = a.verdict_history(record, INTERVIEW)
    dates = history["date"].drop_duplicates().tolist()
    assert dates == sorted(dates) and len(dates) == len(set(dates))
    assert dates[0] == INTERVIEW and dates[-1] == asof.record_end(record)
    assert [d.year for d in dates[1:-1]] == list(range(2018, 2024))
    assert history.groupby("date")["claim_id"].apply(sorted).map(tuple).nunique() == 1
    assert len(history) == len(dates) * len(record["claims"])


def test_at_the_interview_date_no_verdict_rests_on_a_later_development(record):
    history = a.verdict_history(record, INTERVIEW)
    first = history[history["point"] == "interview"]
    assert "overtaken" not in set(first["verdict"].astype(str))
    later = {e for _, e, _, r, _ in EVIDENCE if r == "later_development"}
    assert not later & {e for basis in first["basis"] for e in basis.split(";")}
    # and yet the whole record has an overtaken claim: the filter, not the data, keeps it out
    assert _whole_record_counts(record)["overtaken"] == 1


def test_counts_at_the_last_date_are_the_whole_record_counts(record):
    counts = a.counts_over_time(a.verdict_history(record, INTERVIEW))
    assert list(counts.columns) == ["date", "point", *a.VERDICTS]
    assert counts.iloc[-1][list(a.VERDICTS)].to_dict() == _whole_record_counts(record)
    assert (counts[list(a.VERDICTS)].sum(axis=1) == len(record["claims"])).all()
    # the as-of record on the last date gives the same counts as the whole record
    assert _whole_record_counts(asof.record(record, asof.record_end(record).date())) == _whole_record_counts(record)


def test_counts_follow_the_evidence_as_it_became_known(record):
    counts = a.counts_over_time(a.verdict_history(record, INTERVIEW)).set_index("date")
    assert counts.loc["2018-12-05", list(a.VERDICTS)].tolist() == [2, 0, 0, 2]   # c01, c04 supported
    assert counts.loc["2019-12-31", list(a.VERDICTS)].tolist() == [3, 0, 0, 1]   # + c02
    assert counts.loc["2022-12-31", list(a.VERDICTS)].tolist() == [2, 0, 1, 1]   # c01 overtaken
    assert counts.loc["2023-12-31", list(a.VERDICTS)].tolist() == [3, 0, 1, 0]   # c03's source in print


def test_each_change_appears_once_with_what_changed_it(record):
    changes = a.verdict_changes(a.verdict_history(record, INTERVIEW))
    got = [(c, f, t, f"{d:%Y-%m-%d}", e) for c, f, t, d, e in changes.itertuples(index=False, name=None)]
    assert got == [
        ("c02", "open", "supported", "2019-12-31", "e_2019"),
        ("c01", "supported", "overtaken", "2022-12-31", "e_2022"),
        ("c03", "open", "supported", "2023-12-31", "e_2019"),
    ]
    assert not changes.duplicated(["claim_id", "date"]).any()


def test_a_claim_that_changes_twice_is_listed_twice(record):
    history = a.verdict_history(record, INTERVIEW)
    flipped = history.copy()
    flipped["verdict"] = flipped["verdict"].astype(str)
    flipped.loc[(flipped["claim_id"] == "c04") & (flipped["date"] == pd.Timestamp("2020-12-31")), "verdict"] = "open"
    changes = a.verdict_changes(flipped)
    c04 = changes[changes["claim_id"] == "c04"]
    assert c04[["from", "to"]].values.tolist() == [["supported", "open"], ["open", "supported"]]
    assert c04["date"].tolist() == [pd.Timestamp("2020-12-31"), pd.Timestamp("2021-12-31")]


def test_an_as_of_record_ends_at_its_date(record):
    known = asof.record(record, "2019-01-10")
    history = a.verdict_history(known, INTERVIEW, "2019-01-10")
    counts = a.counts_over_time(history)
    assert counts["date"].dt.strftime("%Y-%m-%d").tolist() == ["2018-12-05", "2018-12-31", "2019-01-10"]
    assert counts["point"].tolist() == ["interview", "year end", "end"]
    assert a.verdict_changes(history).empty


def test_the_real_record_overtakes_nothing_at_the_interview_date():
    """At the interview date no claim of the real record is overtaken, and the last point is the
    notebook's verdict table (whole record)."""
    tables = load.tables()
    interview = pd.Timestamp(tables["interviews"]["interview_date"].iloc[0])
    history = a.verdict_history(tables, interview)
    first = history[history["date"] == interview]
    assert (first["verdict"].astype(str) != "overtaken").all()
    counts = a.counts_over_time(history)
    dated = a.dated_evidence(tables["claim_evidence"], tables["events"], tables["deployments"], interview)
    whole = a.verdict_counts(a.verdicts(tables["claims"], dated)).to_dict()
    assert counts.iloc[-1][list(a.VERDICTS)].to_dict() == whole
    end = asof.record(tables, asof.record_end(tables).date())
    dated_end = a.dated_evidence(end["claim_evidence"], end["events"], end["deployments"], interview)
    assert a.verdict_counts(a.verdicts(end["claims"], dated_end)).to_dict() == whole


@pytest.mark.mpl_image_compare(tolerance=2)
def test_assessment_verdicts_over_time(record, house_style):
    names.set_convention("both")
    style.apply_style()
    return a.verdicts_over_time_figure(a.counts_over_time(a.verdict_history(record, INTERVIEW)))
