"""Verdict rules (helpers.assessment) and the interview tables, on fixture rows read by the loaders."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import assessment as a
from helpers import interview, schema

INTERVIEW = pd.Timestamp("2018-12-05")


SOURCE = "fixture_gazetteer"
EVENTS = [
    {"event_id": "e_before", "date": "2016-11-22", "title": "Before"},
    {"event_id": "e_after", "date": "2022-03-21", "title": "After"},
    {"event_id": "e_old", "date": "1956-10-19", "title": "Old"},
]
DEPLOYMENTS = [
    {"deployment_id": "d_started", "island_id": "iturup", "site": "Kurilsk", "system": "Bastion",
     "category": "coastal_missile", "announced": "2016-03-25", "start_date": "2016-11-22",
     "status": "deployed"},
    {"deployment_id": "d_announced_only", "island_id": "urup", "system": "Base", "category": "base",
     "announced": "2021-12-02", "status": "planned"},
    {"deployment_id": "d_undated", "island_id": "shikotan", "system": "Border guards",
     "category": "border_guard", "status": "deployed"},
]
CLAIMS = [
    {"claim_id": cid, "paragraph": para, "topic": topic, "claim_type": kind, "summary": summary}
    for cid, para, topic, kind, summary in [
        ("c02", 1, "negotiability", "forecast", "b"), ("c01", 1, "negotiability", "assessment", "a"),
        ("c03", 3, "transit_route", "fact", "c"), ("c", 2, "garrison", "fact", "x"),
        ("c1", 2, "garrison", "fact", "y"),
    ]
]


@pytest.fixture
def dated(corpus):
    """``dated(rows)``: the claim_evidence ``rows`` (claim, evidence, table, relation), written to
    the fixture tables with the events, deployments and claims above, loaded and dated."""
    corpus.put("phases", [])  # the fixture phases open with fixture events replaced here
    corpus.put("events", [{"date_precision": "day", "category": "policy", "source_id": SOURCE, **e}
                          for e in EVENTS], keep=True)
    corpus.put("deployments", [{"lat": 45.0, "lon": 147.9, "source_id": SOURCE, **d} for d in DEPLOYMENTS],
               keep=True)
    corpus.put("claims", [{"interview_id": "fixture_talk", "subjects": "iturup", "source_id": "fixture_interview",
                           **c} for c in CLAIMS])

    def dated_rows(rows: list[tuple[str, str, str, str]], when: str | pd.Timestamp = INTERVIEW) -> pd.DataFrame:
        corpus.put("claim_evidence", [
            {"claim_id": c, "evidence": e, "evidence_table": tbl, "relation": r, "note": f"{c}-{e}",
             "source_id": SOURCE} for c, e, tbl, r in rows])
        return a.dated_evidence(corpus.load("claim_evidence"), corpus.load("events"),
                                corpus.load("deployments"), when)

    dated_rows.corpus = corpus
    return dated_rows


@pytest.fixture
def claims(dated) -> pd.DataFrame:
    """The three claims c01-c03 as loaded."""
    loaded = dated.corpus.load("claims")
    return loaded[loaded["claim_id"].isin(["c01", "c02", "c03"])].reset_index(drop=True)


def test_evidence_dates_use_start_date_then_announced(dated):
    dated([])
    corpus = dated.corpus
    dates = a.evidence_dates(corpus.load("events"), corpus.load("deployments")).set_index("evidence")
    assert dates.loc["d_started", "evidence_date"] == pd.Timestamp("2016-11-22")
    assert dates.loc["d_announced_only", "evidence_date"] == pd.Timestamp("2021-12-02")
    assert pd.isna(dates.loc["d_undated", "evidence_date"])
    assert dates.loc["d_started", "evidence_title"] == "Bastion (Kurilsk; deployed)"
    assert dates.loc["d_announced_only", "evidence_title"] == "Base (urup; planned)"


def test_timing_relative_to_the_interview(dated):
    frame = dated([("c1", "e_before", "events", "supports"), ("c1", "e_after", "events", "context"),
                   ("c1", "d_undated", "deployments", "context")]).set_index("evidence")
    assert frame.loc["e_before", "timing"] == "before"
    assert frame.loc["e_after", "timing"] == "after"
    assert frame.loc["d_undated", "timing"] == "undated"
    on_the_day = dated([("c1", "e_before", "events", "supports")], "2016-11-22")
    assert on_the_day["timing"].tolist() == ["before"]


@pytest.mark.parametrize(
    ("rows", "verdict", "basis"),
    [
        # R1: any contradicts row, before or after the interview, whatever else is recorded
        ([("c", "e_before", "events", "contradicts"), ("c", "e_after", "events", "supports")],
         "contradicted", ["e_before"]),
        ([("c", "e_after", "events", "contradicts"), ("c", "d_announced_only", "deployments", "later_development"),
          ("c", "e_before", "events", "supports")], "contradicted", ["e_after"]),
        ([("c", "d_undated", "deployments", "contradicts")], "contradicted", ["d_undated"]),
        # R2: any later_development row, even with support before or after the interview
        ([("c", "e_after", "events", "later_development"), ("c", "e_old", "events", "context")],
         "overtaken", ["e_after"]),
        ([("c", "e_before", "events", "supports"), ("c", "e_after", "events", "later_development"),
          ("c", "d_announced_only", "deployments", "supports")], "overtaken", ["e_after"]),
        # R3: support (before or after) and nothing contradicting or overtaking; context does not matter
        ([("c", "e_before", "events", "supports"), ("c", "e_old", "events", "context")], "supported", ["e_before"]),
        ([("c", "e_after", "events", "supports"), ("c", "d_started", "deployments", "supports")],
         "supported", ["d_started", "e_after"]),
        # R4: context only
        ([("c", "e_old", "events", "context"), ("c", "e_after", "events", "context")], "open", ["e_old", "e_after"]),
    ],
)
def test_verdict_rules(dated, rows, verdict, basis):
    v = a.verdict_for("c", dated(rows))
    assert v.verdict == verdict
    assert sorted(v.evidence) == sorted(basis)
    assert v.rule == a.RULES[verdict]
    assert set(v.rows.columns) >= {"claim_id", "evidence", "relation", "timing", "note"}
    assert len(v.all_rows) == len(rows)
    # traceable: the basis is exactly the rows of the deciding relation
    assert set(v.rows["relation"]) == {dict(a.RULE_ORDER)[verdict]}


def test_rule_order_is_the_documented_precedence(dated):
    assert [v for v, _ in a.RULE_ORDER] == ["contradicted", "overtaken", "supported", "open"]
    assert {r for _, r in a.RULE_ORDER} == set(schema.enum("claim_evidence", "relation"))
    assert set(a.RULES) == set(a.VERDICTS)
    all_four = [("c", "e_old", "events", "context"), ("c", "e_before", "events", "supports"),
                ("c", "e_after", "events", "later_development"), ("c", "d_started", "deployments", "contradicts")]
    expected = ["contradicted", "overtaken", "supported", "open"]
    for k, verdict in enumerate(expected):
        # drop the relations of the rules above this one: the next rule decides
        rows = [r for r in all_four if r[3] not in {rel for _, rel in a.RULE_ORDER[:k]}]
        assert a.verdict_for("c", dated(rows)).verdict == verdict


def test_claim_without_rows_is_open_with_empty_basis(dated):
    v = a.verdict_for("nothing", dated([("c", "e_before", "events", "supports")]))
    assert v.verdict == "open"
    assert v.rows.empty and v.all_rows.empty and v.evidence == []
    verdict, basis = a.classify(pd.DataFrame({"relation": pd.Series([], dtype=object)}))
    assert verdict == "open" and basis.empty


def test_verdict_table_counts_and_basis(dated, claims):
    d = dated([
        ("c01", "e_before", "events", "supports"), ("c01", "e_after", "events", "later_development"),
        ("c02", "e_before", "events", "supports"), ("c02", "e_after", "events", "supports"),
    ])
    table = a.verdicts(claims, d)
    assert table["claim_id"].tolist() == ["c01", "c02", "c03"]
    assert table["verdict"].astype(str).tolist() == ["overtaken", "supported", "open"]
    assert table["rule"].tolist() == ["R2", "R3", "R4"]
    assert table.loc[0, "basis"] == "e_after"
    assert table.loc[1, "basis"] == "e_before;e_after"
    assert table.loc[2, "basis"] == ""
    assert table.loc[0, "n_before"] == 1 and table.loc[0, "n_after"] == 1
    assert table.loc[0, "n_later_development"] == 1 and table.loc[2, "n_supports"] == 0
    assert table["n_supports_after"].tolist() == [0, 1, 0]
    counts = a.verdict_counts(table)
    assert counts.to_dict() == {"supported": 1, "contradicted": 0, "overtaken": 1, "open": 1}
    basis = a.basis_rows(table, d)
    assert basis[["claim_id", "evidence"]].values.tolist() == [["c01", "e_after"], ["c02", "e_before"],
                                                               ["c02", "e_after"]]
    assert basis["verdict"].tolist() == ["overtaken", "supported", "supported"]
    empty = a.basis_rows(table.iloc[0:0], d)
    assert empty.empty


def test_misplaced_later_developments_flags_rows_not_after_the_interview(dated):
    d = dated([("c01", "e_before", "events", "later_development"), ("c01", "e_after", "events", "later_development"),
               ("c02", "d_undated", "deployments", "later_development"), ("c02", "e_old", "events", "context")])
    bad = a.misplaced_later_developments(d)
    assert sorted(bad["evidence"]) == ["d_undated", "e_before"]
    assert a.misplaced_later_developments(d[d["evidence"] == "e_after"]).empty


@pytest.fixture
def interview_tables(corpus):
    """An interview analysed in a translation of an original (both in ``sources``)."""
    corpus.put("sources", [
        {"source_id": "src_translation", "title": "Translation", "publisher": "Embassy",
         "url": "https://example.org/t", "published": "2019-01-10", "accessed": "2026-11-26",
         "kind": "interview", "language": "en"},
        {"source_id": "src_original", "title": "Original", "publisher": "Paper",
         "url": "https://example.org/o", "accessed": "2026-11-26", "kind": "interview"},
    ], keep=True)
    corpus.put("interviews", [
        {"interview_id": "iv1", "title": "A title", "outlet": "A Paper", "interviewee": "An Expert",
         "affiliation": "An Institute", "interviewer": "A Journalist", "interview_date": "2018-12-05",
         "published": "2019-01-10", "language": "en", "source_id": "src_translation",
         "original_source_id": "src_original"},
    ], keep=True)
    return corpus


def test_interview_profile_lists_who_when_where(interview_tables):
    interviews = interview_tables.load("interviews")
    profile = interview.interview_profile(interviews, "iv1").set_index("field")["value"]
    assert profile["interviewee"] == "An Expert"
    assert profile["interview_date"] == "2018-12-05"
    assert profile["position"] == ""
    assert "source_id" not in profile.index
    assert interview.interview_profile(interviews).set_index("field").loc["interview_id", "value"] == "fixture_talk"


def test_publication_chain_orders_original_then_analysed(interview_tables):
    interviews = interview_tables.load("interviews")
    sources = interview_tables.load("sources")
    chain = interview.publication_chain(interviews[interviews["interview_id"] == "iv1"], sources)
    assert chain["step"].tolist() == ["original", "analysed"]
    assert chain["source_id"].tolist() == ["src_original", "src_translation"]
    assert chain.loc[0, "published"] == "" and chain.loc[1, "published"] == "2019-01-10"
    assert chain.loc[0, "language"] == ""
    fixture_only = interviews[interviews["interview_id"] == "fixture_talk"]  # no original_source_id
    assert interview.publication_chain(fixture_only, sources)["step"].tolist() == ["analysed"]


def test_claims_table_joins_subjects(corpus):
    corpus.put("claims", [
        {"claim_id": cid, "interview_id": "fixture_talk", "paragraph": 1, "topic": "negotiability",
         "subjects": subjects, "summary": "s", "claim_type": "fact", "source_id": "fixture_interview"}
        for cid, subjects in [("c02", ["iturup", "kunashir"]), ("c01", ["shikotan", "habomai"]),
                              ("c03", ["russia"])]])
    table = interview.claims_table(corpus.load("claims"))
    assert table.index.tolist() == ["c01", "c02", "c03"]
    assert table.loc["c01", "subjects"] == "shikotan, habomai"
    assert table.loc["c02", "subjects"] == "iturup, kunashir"
    assert list(table.columns) == ["paragraph", "topic", "subjects", "claim_type", "summary"]


def test_evidence_overview_counts_relation_by_timing(dated):
    d = dated([("c01", "e_before", "events", "supports"), ("c01", "e_after", "events", "later_development"),
               ("c02", "d_undated", "deployments", "context")])
    table = a.evidence_overview(d)
    assert table.loc["supports", "before"] == 1
    assert table.loc["later_development", "after"] == 1
    assert table.loc["context", "undated"] == 1
    assert table.loc["total", "total"] == 3
    assert table.index.tolist() == ["supports", "context", "later_development", "total"]


def test_evidence_overview_of_no_evidence_is_the_totals_alone(dated):
    """An as-of date before the first evidence row: a table of zero totals, not a crosstab error."""
    table = a.evidence_overview(dated([]))
    assert table.index.tolist() == ["total"] and table.columns.tolist() == ["total"]
    assert table.loc["total", "total"] == 0
