"""The missing years (issue 8): the record is dense enough from 2010 on to test the interview.

Floors: at least 130 events and 28 deployment records. Every event or deployment of the new era
(dated 2010 or later) cites a row of ``sources``, and every ``claim_evidence`` row points at an
event or deployment that exists in the table it names.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import load

NEW_ERA = pd.Timestamp("2010-01-01")
INTERVIEW_DATE = pd.Timestamp("2018-12-05")


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return load.tables()


def deployment_dates(deployments: pd.DataFrame) -> pd.Series:
    """A deployment is dated by ``start_date``, else by ``announced`` (as in the assessment)."""
    return deployments["start_date"].fillna(deployments["announced"])


def uncited(frame: pd.DataFrame, key: str, sources: pd.DataFrame) -> list[str]:
    """Ids of rows whose ``source_id`` is not a row of ``sources``."""
    known = set(sources["source_id"].astype(str))
    return sorted(frame.loc[~frame["source_id"].astype(str).isin(known), key].astype(str))


def dangling_evidence(links: pd.DataFrame, events: pd.DataFrame, deployments: pd.DataFrame) -> list[str]:
    """``claim_id:evidence`` of links whose evidence id is missing from the table it names."""
    ids = {
        "events": set(events["event_id"].astype(str)),
        "deployments": set(deployments["deployment_id"].astype(str)),
    }
    return [
        f"{row.claim_id}:{row.evidence}"
        for row in links.itertuples()
        if str(row.evidence) not in ids.get(str(row.evidence_table), set())
    ]


def test_at_least_130_events_and_28_deployments(t):
    assert len(t["events"]) >= 130, f"{len(t['events'])} events"
    assert len(t["deployments"]) >= 28, f"{len(t['deployments'])} deployments"


def test_the_years_after_the_interview_are_covered(t):
    events = t["events"]
    after = events[events["date"] > INTERVIEW_DATE]
    years = set(after["date"].dt.year)
    assert set(range(2019, 2026)) <= years, f"years without events: {sorted(set(range(2019, 2026)) - years)}"
    deployments = t["deployments"]
    assert (deployment_dates(deployments) > INTERVIEW_DATE).sum() >= 8


def test_new_era_events_cite_an_existing_source(t):
    events = t["events"]
    recent = events[events["date"] >= NEW_ERA]
    assert len(recent) > 0
    assert not uncited(recent, "event_id", t["sources"]), "events citing no known source"


def test_new_era_deployments_cite_an_existing_source(t):
    deployments = t["deployments"]
    recent = deployments[deployment_dates(deployments) >= NEW_ERA]
    assert len(recent) > 0
    assert not uncited(recent, "deployment_id", t["sources"]), "deployments citing no known source"


def test_claim_evidence_points_at_existing_events_and_deployments(t):
    links = t["claim_evidence"]
    assert set(links["evidence_table"].astype(str)) <= {"events", "deployments"}
    missing = dangling_evidence(links, t["events"], t["deployments"])
    assert not missing, f"claim_evidence rows with unknown evidence: {missing}"


def test_the_checks_catch_a_dangling_link_and_an_unknown_source(t):
    """The two helpers above are not vacuous: a planted defect is reported."""
    links = t["claim_evidence"].head(1).copy()
    links["evidence"] = "e9999_no_such_event"
    links["evidence_table"] = "events"
    assert dangling_evidence(links, t["events"], t["deployments"]) == [f"{links.iloc[0].claim_id}:e9999_no_such_event"]
    wrong_table = t["claim_evidence"].head(1).copy()
    wrong_table["evidence"] = t["events"]["event_id"].iloc[0]
    wrong_table["evidence_table"] = "deployments"
    assert len(dangling_evidence(wrong_table, t["events"], t["deployments"])) == 1
    events = t["events"].head(1).copy()
    events["source_id"] = "no_such_source_row"
    assert uncited(events, "event_id", t["sources"]) == [str(events.iloc[0].event_id)]
