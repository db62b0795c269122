"""The record as it stood on a date (helpers.asof): the rule, on the real tables."""

import datetime as dt

import pandas as pd
import pytest

from helpers import asof, load


@pytest.fixture(scope="module")
def tables():
    return load.tables()


@pytest.mark.parametrize("value", [None, "", "all"])
def test_no_date_is_the_whole_record(tables, value):
    whole = asof.record(tables, value)
    assert set(whole) == set(tables)
    assert all(whole[name] is tables[name] for name in tables)


@pytest.mark.parametrize(
    "value, message",
    [
        ("2019-13-01", "is not a date"),
        ("yesterday", "is not a date"),
        ("1854-12-31", "before the record starts"),
    ],
)
def test_bad_dates_get_one_clear_message(value, message):
    with pytest.raises(asof.AsOfError, match=message):
        asof.parse(value)


def test_parse_accepts_dates_and_strings():
    assert asof.parse("2019-01-10") == dt.date(2019, 1, 10)
    assert asof.parse(dt.datetime(2019, 1, 10, 12)) == dt.date(2019, 1, 10)
    assert asof.parse(asof.EARLIEST) == asof.EARLIEST


@pytest.mark.parametrize("day", ["1875-06-01", "1956-10-19", "2016-01-01", "2018-12-05", "2022-12-31"])
def test_nothing_later_than_the_date_is_known(tables, day):
    when = pd.Timestamp(day)
    record = asof.record(tables, day)
    assert (record["events"]["date"] <= when).all()
    assert not (record["events"]["end_date"] > when).any()
    deployments = record["deployments"]
    assert (asof.first_known_date(deployments) <= when).all()
    assert not (deployments["start_date"] > when).any()
    assert not (deployments["end_date"] > when).any()
    assert (deployments.loc[deployments["end_date"].notna(), "status"] == "withdrawn").all()
    assert (record["sovereignty"]["from_date"] <= when).all()
    assert not (record["sovereignty"]["to_date"] > when).any()
    assert (record["island_measures"]["year"].dropna() <= when.year).all()
    known = set(record["events"]["event_id"]) | set(deployments["deployment_id"])
    assert set(record["claim_evidence"]["evidence"]) <= known


def test_events_and_deployments_known_by_the_date_are_all_kept(tables):
    when = pd.Timestamp("2018-12-05")
    record = asof.record(tables, when.date())
    events = tables["events"]
    assert len(record["events"]) == int((events["date"] <= when).sum())
    first = asof.first_known_date(tables["deployments"])
    assert len(record["deployments"]) == int((first <= when).sum())


def test_deployments_appear_from_their_first_known_date_and_end_when_withdrawn(tables):
    statuses = tables["deployments"]["status"].cat.categories
    deployments = pd.DataFrame(
        {
            "deployment_id": ["a", "b", "c"],
            "announced": pd.to_datetime(["2015-03-01", None, None]),
            "start_date": pd.to_datetime([None, "2010-01-01", "2010-01-01"]),
            "end_date": pd.to_datetime([None, "2012-01-01", "2020-01-01"]),
            "status": pd.Categorical(["announced", "withdrawn", "withdrawn"], categories=statuses),
        }
    )
    shown = asof._deployments(deployments, pd.Timestamp("2015-06-01")).set_index("deployment_id")
    assert asof._deployments(deployments, pd.Timestamp("2009-12-31")).empty
    assert shown.loc["a", "status"] == "announced"  # kept from its announcement
    assert shown.loc["b", "status"] == "withdrawn"
    assert shown.loc["c", "status"] == "deployed" and pd.isna(shown.loc["c", "end_date"])


def test_evidence_waits_for_its_source_to_be_published(tables):
    evidence = tables["claim_evidence"]
    published = pd.to_datetime(evidence["source_id"].map(tables["sources"].set_index("source_id")["published"]))
    day = pd.Timestamp("2020-01-01")
    record = asof.record(tables, day)
    kept = record["claim_evidence"].merge(tables["sources"][["source_id", "published"]], on="source_id")
    assert not (kept["published"] > day).any()
    assert published.notna().any()
