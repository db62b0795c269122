"""Verdicts over time: the verdict on every claim as the record stood at the interview date, at the
end of each year since, and at the end of the record.

The record at each date is :func:`helpers.asof.record` (the same as-of rule as every notebook);
the verdicts at that date are :func:`helpers.assessment.verdicts` on it (the same rules as the
notebook's verdict table), so the last point is the notebook's own verdict table.

* :func:`checkpoints` - the dates: the interview date, every 31 December after it and before the
  end, and the end (the as-of date, else the latest date of the record, see :func:`helpers.asof.record_end`);
* :func:`verdict_history` - one row per date and claim: the verdict and the evidence it rests on;
* :func:`counts_over_time` - one row per date, one count column per verdict;
* :func:`verdict_changes` - one row per change of a claim's verdict between two dates.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers import asof
from helpers.assessment.verdicts import VERDICTS, verdicts
from helpers.evidence import dated_evidence

#: What each kind of checkpoint is called in :func:`verdict_history` (column ``point``).
POINTS: tuple[str, ...] = ("interview", "year end", "end")


def checkpoints(interview_date: pd.Timestamp | str, end: pd.Timestamp | str) -> pd.DataFrame:
    """The dates the verdicts are taken at, in order: ``date`` and ``point`` (see :data:`POINTS`).

    The interview date, each 31 December from the interview's year on that falls before ``end``,
    then ``end``. An ``end`` on or before the interview date gives ``end`` alone.
    """
    start, stop = pd.Timestamp(interview_date), pd.Timestamp(end)
    rows = []
    if start < stop:
        rows.append((start, "interview"))
        rows += [(pd.Timestamp(year=y, month=12, day=31), "year end") for y in range(start.year, stop.year + 1)
                 if start < pd.Timestamp(year=y, month=12, day=31) < stop]
    rows.append((stop, "interview" if stop == start else "end"))
    return pd.DataFrame(rows, columns=["date", "point"])


def verdict_history(
    record: Mapping[str, pd.DataFrame],
    interview_date: pd.Timestamp | str,
    end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """The verdict on every claim at each of :func:`checkpoints`.

    ``record`` is the notebook's record (the whole record, or the record as of ``end``); the
    last point uses it unchanged, every earlier point :func:`helpers.asof.record` of it. ``end``
    defaults to :func:`helpers.asof.record_end`. Columns: date, point, claim_id, verdict, basis (";"-joined
    evidence ids the verdict rests on), n_rows (evidence rows known then).
    """
    last = pd.Timestamp(end) if end is not None else asof.record_end(record)
    points = checkpoints(interview_date, last)
    frames = []
    for i, (date, point) in enumerate(points.itertuples(index=False, name=None)):
        known = record if i == len(points) - 1 else asof.record(record, date.date())
        dated = dated_evidence(known["claim_evidence"], known["events"], known["deployments"], interview_date)
        table = verdicts(known["claims"], dated)
        n_rows = dated["claim_id"].value_counts()
        frames.append(pd.DataFrame({
            "date": date, "point": point, "claim_id": table["claim_id"],
            "verdict": table["verdict"].astype(str), "basis": table["basis"],
            "n_rows": table["claim_id"].map(n_rows).fillna(0).astype(int),
        }))
    out = pd.concat(frames, ignore_index=True)
    out["verdict"] = pd.Categorical(out["verdict"], categories=list(VERDICTS))
    return out


def counts_over_time(history: pd.DataFrame) -> pd.DataFrame:
    """Claims per verdict at each date of ``history`` (:func:`verdict_history`).

    Columns: date, point, then one integer column per verdict in the order of :data:`VERDICTS`.
    """
    counts = pd.crosstab([history["date"], history["point"]], history["verdict"].astype(str))
    counts = counts.reindex(columns=list(VERDICTS), fill_value=0).astype(int)
    counts.columns.name = None
    return counts.reset_index().sort_values("date", kind="stable").reset_index(drop=True)


def verdict_changes(history: pd.DataFrame) -> pd.DataFrame:
    """Each change of a claim's verdict from one date of ``history`` to the next.

    Columns: claim_id, from, to, date (the first date showing the new verdict), evidence (the ids
    of the rows the new verdict rests on that the old one did not: what changed it).
    Sorted by date, then claim.
    """
    rows = []
    for claim_id, part in history.sort_values("date", kind="stable").groupby("claim_id", sort=True):
        before = None
        for rec in part.to_dict("records"):
            if before is not None and str(rec["verdict"]) != str(before["verdict"]):
                old = set(str(before["basis"]).split(";"))
                new = [e for e in str(rec["basis"]).split(";") if e and e not in old]
                rows.append({"claim_id": claim_id, "from": str(before["verdict"]), "to": str(rec["verdict"]),
                             "date": rec["date"], "evidence": ";".join(new)})
            before = rec
    out = pd.DataFrame(rows, columns=["claim_id", "from", "to", "date", "evidence"])
    return out.sort_values(["date", "claim_id"], kind="stable").reset_index(drop=True)
