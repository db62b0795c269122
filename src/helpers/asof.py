"""The record as it stood on a date: the data tables filtered by what was known then.

    from helpers import asof, load
    record = asof.record(load.tables(), "2019-01-10")   # dict name -> DataFrame
    record = asof.record(load.tables(), None)           # the whole record, unchanged

The rule (also written in the README and in each notebook), for an as-of date ``D``:

* **events**: rows dated on or before ``D`` (an event still running on ``D`` loses its end date);
* **deployments**: rows whose first known date (:func:`first_known_date`: ``start_date``, else
  ``announced``; an announcement and the deployment that followed are separate rows) is on or
  before ``D``. A row whose ``end_date`` is on or before ``D`` is shown as ended
  (``withdrawn``); an end date after ``D`` is not yet known: the row is shown as still in place;
* **claim_evidence**: rows whose event or deployment survives the two rules above and, where the
  cited source's ``published`` date is known, whose source was published by ``D``;
* **sovereignty**: periods that began on or before ``D``; a period ending after ``D`` is open;
* **island_measures**: figures whose ``year`` is on or before ``D``'s year (or undated);
* every other table (sources, claims, interviews, islands, places, straits, phases) is unchanged;
  a phase whose opening event falls after ``D`` has no date in that record, so
  ``timeline.dated_phases`` leaves it out.

``D`` must be a date from :data:`EARLIEST` (the first treaty in the record) on; :func:`parse`
turns a user's string into a date or raises :class:`AsOfError` with one clear message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from helpers.evidence import first_known_date

#: The earliest as-of date that makes sense: the record starts with the Treaty of Shimoda (1855).
EARLIEST = dt.date(1855, 1, 1)


class AsOfError(ValueError):
    """An as-of date that does not parse or lies outside the record."""


def parse(value: object) -> dt.date | None:
    """``None``/``""``/``"all"`` -> None (the whole record); otherwise a date from 1855 on."""
    if value is None or (isinstance(value, str) and value.strip().lower() in {"", "all", "none"}):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise AsOfError(f"as_of: {value!r} is not a date; use YYYY-MM-DD, e.g. 2019-01-10") from None
    if day < EARLIEST:
        raise AsOfError(f"as_of: {day.isoformat()} is before the record starts ({EARLIEST.isoformat()})")
    return day


def record(tables: Mapping[str, pd.DataFrame], as_of: object = None) -> dict[str, pd.DataFrame]:
    """Every table of ``tables`` as known on ``as_of`` (see the module docstring for the rule)."""
    day = parse(as_of)
    out = dict(tables)
    if day is None:
        return out
    when = pd.Timestamp(day)
    out["events"] = _events(tables["events"], when)
    out["deployments"] = _deployments(tables["deployments"], when)
    out["sovereignty"] = _periods(tables["sovereignty"], when)
    out["island_measures"] = _measures(tables["island_measures"], day.year)
    out["claim_evidence"] = _evidence(
        tables["claim_evidence"], out["events"], out["deployments"], tables["sources"], when
    )
    return out


def _events(events: pd.DataFrame, when: pd.Timestamp) -> pd.DataFrame:
    kept = events[events["date"] <= when].copy()
    kept.loc[kept["end_date"] > when, "end_date"] = pd.NaT
    return kept.reset_index(drop=True)


def _deployments(deployments: pd.DataFrame, when: pd.Timestamp) -> pd.DataFrame:
    kept = deployments[first_known_date(deployments) <= when].copy()
    ends_later = kept["end_date"] > when
    kept.loc[ends_later, "end_date"] = pd.NaT
    # Withdrawn after the date: on the date it was still in place.
    kept.loc[ends_later & (kept["status"] == "withdrawn"), "status"] = "deployed"
    ended = kept["end_date"].notna()
    kept.loc[ended, "status"] = "withdrawn"
    return kept.reset_index(drop=True)


def _periods(sovereignty: pd.DataFrame, when: pd.Timestamp) -> pd.DataFrame:
    kept = sovereignty[sovereignty["from_date"] <= when].copy()
    later = kept["to_date"] > when
    kept.loc[later, "to_date"] = pd.NaT
    kept.loc[later, "to_event"] = None
    return kept.reset_index(drop=True)


def _measures(measures: pd.DataFrame, year: int) -> pd.DataFrame:
    kept = measures[measures["year"].isna() | (measures["year"] <= year)]
    return kept.reset_index(drop=True)


def _evidence(
    evidence: pd.DataFrame,
    events: pd.DataFrame,
    deployments: pd.DataFrame,
    sources: pd.DataFrame,
    when: pd.Timestamp,
) -> pd.DataFrame:
    known = set(zip(["events"] * len(events), events["event_id"].astype(str)))
    known |= set(zip(["deployments"] * len(deployments), deployments["deployment_id"].astype(str)))
    pairs = zip(evidence["evidence_table"].astype(str), evidence["evidence"].astype(str))
    dated = pd.Series([pair in known for pair in pairs], index=evidence.index)
    published = evidence["source_id"].map(sources.set_index("source_id")["published"])
    in_print = pd.to_datetime(published).isna() | (pd.to_datetime(published) <= when)
    return evidence[dated & in_print].reset_index(drop=True)


def record_end(record: Mapping[str, pd.DataFrame]) -> pd.Timestamp:
    """The latest date of the record: of its events (start or end), its deployments (first known
    date or end date) and the publication of the sources its evidence rows cite."""
    events, deployments = record["events"], record["deployments"]
    sources = record["sources"]
    cited = sources["source_id"].astype(str).isin(record["claim_evidence"]["source_id"].astype(str))
    dates = pd.concat([
        pd.to_datetime(events["date"]), pd.to_datetime(events["end_date"]),
        first_known_date(deployments), pd.to_datetime(deployments["end_date"]),
        pd.to_datetime(sources.loc[cited, "published"]),
    ])
    if dates.dropna().empty:
        raise ValueError("the record holds no dated event or deployment")
    return pd.Timestamp(dates.max())
