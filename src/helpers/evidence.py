"""The evidence behind the claims, shared by notebooks 01, 03 and 05: military topics and dating.

* :data:`MILITARY_HIGH_TOPICS` / :data:`MILITARY_LOW_TOPICS` / :func:`military_topics` - the
  claim topics that are about the military (one list; the island view of notebook 01 reads the
  high/low split, notebook 03 the whole list);
* :func:`first_known_date` - the one dating rule of a deployment: ``start_date``, else
  ``announced``;
* :func:`evidence_dates` / :func:`linked_evidence` / :func:`dated_evidence` - every ``claim_evidence`` row with the date
  and a short description of the event or deployment it points to, placed before or after the
  interview. Notebooks 03 and 05 show evidence through these two functions only.
"""

from __future__ import annotations

import pandas as pd

from helpers.schema import in_enum_order

# Island-by-island view: the claim topics that speak about military value.
#: Claims on these topics that name an island say it has *high* military value to Russia.
MILITARY_HIGH_TOPICS: frozenset[str] = frozenset({"weapons_deployment", "transit_route", "base_plans"})
#: Claims on this topic that name an island (and no high-value topic does) say its military value
#: is *low*: only a garrison of border guards.
MILITARY_LOW_TOPICS: frozenset[str] = frozenset({"garrison"})


def military_topics() -> tuple[str, ...]:
    """Every military claim topic (high and low), in the ``claims.topic`` enum order."""
    return tuple(in_enum_order(MILITARY_HIGH_TOPICS | MILITARY_LOW_TOPICS, "claims", "topic"))


def first_known_date(deployments: pd.DataFrame) -> pd.Series:
    """Each deployment's first known date: ``start_date``, else ``announced`` (NaT if neither).

    Dates are parsed if they are still text (``pd.to_datetime`` leaves loaded dates as they are).
    """
    return pd.to_datetime(deployments["start_date"]).fillna(pd.to_datetime(deployments["announced"]))


def _deployment_title(deployments: pd.DataFrame) -> pd.Series:
    """"<system> (<site, else island>; <status>)" for each deployment row."""
    where = deployments["site"].fillna("").astype(str).str.strip()
    where = where.where(where != "", deployments["island_id"].astype(str))
    return (deployments["system"].astype(str) + " (" + where + "; "
            + deployments["status"].astype(str) + ")")


def evidence_dates(events: pd.DataFrame, deployments: pd.DataFrame) -> pd.DataFrame:
    """One row per evidence id: ``evidence``, ``evidence_table``, ``evidence_date``, ``evidence_title``.

    An event is dated by ``date`` and described by its title; a deployment is dated by
    :func:`first_known_date` and described as "<system> (<site or island>; <status>)".
    """
    ev = pd.DataFrame(
        {
            "evidence": events["event_id"].astype(str),
            "evidence_table": "events",
            "evidence_date": pd.to_datetime(events["date"]),
            "evidence_title": events["title"].astype(str),
        }
    )
    dep = pd.DataFrame(
        {
            "evidence": deployments["deployment_id"].astype(str),
            "evidence_table": "deployments",
            "evidence_date": first_known_date(deployments),
            "evidence_title": _deployment_title(deployments),
        }
    )
    return pd.concat([ev, dep], ignore_index=True)


def linked_evidence(claim_evidence: pd.DataFrame, events: pd.DataFrame,
                    deployments: pd.DataFrame) -> pd.DataFrame:
    """``claim_evidence`` rows with ``evidence_date`` and ``evidence_title``.

    Rows are sorted by claim, date (undated last) and evidence id.
    """
    out = claim_evidence.copy()
    for column in ("claim_id", "evidence", "evidence_table", "relation"):
        out[column] = out[column].astype(str)
    out = out.merge(evidence_dates(events, deployments), on=["evidence", "evidence_table"],
                    how="left")
    return out.sort_values(["claim_id", "evidence_date", "evidence"], na_position="last").reset_index(drop=True)


def dated_evidence(
    claim_evidence: pd.DataFrame,
    events: pd.DataFrame,
    deployments: pd.DataFrame,
    interview_date: pd.Timestamp | str,
) -> pd.DataFrame:
    """:func:`linked_evidence` with ``timing``: ``before`` (on or before the interview date),
    ``after`` or ``undated``."""
    when = pd.Timestamp(interview_date)
    out = linked_evidence(claim_evidence, events, deployments)
    timing = pd.Series("undated", index=out.index, dtype=object)
    timing[out["evidence_date"] <= when] = "before"
    timing[out["evidence_date"] > when] = "after"
    out["timing"] = timing
    return out
