"""The claims record keeps its own rules: one claim type per claim, a reason on every evidence row,
evidence (or an explanation) after the interview, and no "later development" dated before it.

The data tables are read as plain CSV (not through ``helpers.load``) so that each rule is checked
on its own and a failure names the offending rows. Each rule is a small function, exercised on the
real ``data/`` tables and on a planted defect, so that a rule that could never fail is caught too.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import assessment, paths

DATA = paths.DATA_DIR


def _read(name: str) -> pd.DataFrame:
    """A data table as strings; empty cells become NaN."""
    return pd.read_csv(DATA / f"{name}.csv", dtype=str)


def _claim_type_enum() -> list[str]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    field = next(f for f in claims["schema"]["fields"] if f["name"] == "claim_type")
    return list(field["constraints"]["enum"])


def _dated(claim_evidence: pd.DataFrame) -> pd.DataFrame:
    """``claim_evidence`` with ``evidence_date`` and the interview date of each row's claim."""
    claims = _read("claims")
    interviews = _read("interviews")
    when = claims.merge(interviews[["interview_id", "interview_date"]], on="interview_id", how="left")
    out = assessment.dated_evidence(claim_evidence, _read("events"), _read("deployments"), "1900-01-01")
    out = out.merge(when[["claim_id", "interview_date"]], on="claim_id", how="left")
    out["interview_date"] = pd.to_datetime(out["interview_date"])
    return out


# --- the rules ---------------------------------------------------------------------------------


def bad_claim_types(claims: pd.DataFrame, enum: list[str]) -> list[str]:
    """Claims whose claim_type is not exactly one value of the enum (empty, unknown or a list)."""
    return [
        f"{cid}: {ctype!r}"
        for cid, ctype in zip(claims["claim_id"], claims["claim_type"], strict=True)
        if not isinstance(ctype, str) or ctype not in enum
    ]


def rows_without_note(claim_evidence: pd.DataFrame) -> list[str]:
    """claim_evidence rows (claim/evidence) whose note is empty or blank."""
    blank = claim_evidence["note"].fillna("").str.strip() == ""
    rows = claim_evidence[blank]
    return [f"{c}/{e}" for c, e in zip(rows["claim_id"], rows["evidence"], strict=True)]


def claims_without_later_evidence(claims: pd.DataFrame, dated: pd.DataFrame) -> list[str]:
    """Claims with no evidence dated after their interview and no note saying why.

    The explanation must be a non-empty ``claims.note`` that speaks of the time after the interview
    (contains "after the interview"), not any unrelated remark.
    """
    later = dated[dated["evidence_date"] > dated["interview_date"]]
    has_later = set(later["claim_id"])
    missing = []
    for cid, note in zip(claims["claim_id"], claims["note"].fillna(""), strict=True):
        if cid in has_later:
            continue
        if "after the interview" not in note.lower():
            missing.append(cid)
    return missing


def early_later_developments(dated: pd.DataFrame) -> list[str]:
    """later_development rows dated on or before the interview, or with no date at all."""
    rows = dated[dated["relation"] == "later_development"]
    bad = rows[~(rows["evidence_date"] > rows["interview_date"])]
    return [f"{c}/{e} ({d})" for c, e, d in zip(bad["claim_id"], bad["evidence"], bad["evidence_date"], strict=True)]


# --- the real data ------------------------------------------------------------------------------


def test_each_claim_has_exactly_one_claim_type_from_the_enum() -> None:
    claims = _read("claims")
    assert claims["claim_id"].is_unique
    assert bad_claim_types(claims, _claim_type_enum()) == []


def test_every_evidence_row_gives_its_reason() -> None:
    assert rows_without_note(_read("claim_evidence")) == []


def test_every_claim_has_later_evidence_or_says_why_not() -> None:
    assert claims_without_later_evidence(_read("claims"), _dated(_read("claim_evidence"))) == []


def test_no_later_development_dated_on_or_before_the_interview() -> None:
    assert early_later_developments(_dated(_read("claim_evidence"))) == []


# --- the rules catch planted defects ------------------------------------------------------------


def test_rules_catch_a_merged_or_unknown_claim_type() -> None:
    claims = pd.DataFrame({"claim_id": ["c1", "c2", "c3"], "claim_type": ["fact", "fact;assessment", None]})
    assert [bad.split(":")[0] for bad in bad_claim_types(claims, _claim_type_enum())] == ["c2", "c3"]


def test_rules_catch_a_blank_note() -> None:
    ce = _read("claim_evidence").head(3).copy()
    ce.loc[ce.index[1], "note"] = "  "
    assert rows_without_note(ce) == [f"{ce.iloc[1]['claim_id']}/{ce.iloc[1]['evidence']}"]


@pytest.mark.parametrize(
    "note, flagged", [(None, True), ("Unrelated remark.", True), ("No record after the interview.", False)]
)
def test_rules_catch_a_claim_left_without_later_evidence(note: str | None, flagged: bool) -> None:
    ce = _read("claim_evidence")
    dated = _dated(ce)
    claim = dated.loc[dated["evidence_date"] > dated["interview_date"], "claim_id"].iloc[0]
    dated = dated[~((dated["claim_id"] == claim) & (dated["evidence_date"] > dated["interview_date"]))]
    claims = _read("claims")
    claims.loc[claims["claim_id"] == claim, "note"] = note
    assert (claim in claims_without_later_evidence(claims, dated)) is flagged


def test_rules_catch_a_later_development_dated_before_the_interview() -> None:
    dated = _dated(_read("claim_evidence"))
    early = dated[dated["evidence_date"] <= dated["interview_date"]].iloc[[0]].copy()
    early["relation"] = "later_development"
    assert len(early_later_developments(pd.concat([dated, early]))) == len(early_later_developments(dated)) + 1
