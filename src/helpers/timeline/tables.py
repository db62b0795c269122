"""Notebook 04's tables: the phases of the dispute, the events, and who held which island when.

Everything here takes DataFrames as they come from :func:`helpers.load.table` (dates as
``datetime64``, list fields as python lists).

Phases
    The ``phases`` data table divides the record into periods, each opened by a treaty, war or
    negotiation step of the ``events`` table; :func:`dated_phases` gives them their dates.

Sovereignty snapshot
    :func:`sovereignty_snapshot` answers "who held which island on date D" from the
    ``sovereignty`` table. Rows with status ``sovereignty``, ``occupation`` or ``administration``
    count as *holding*; ``claim`` rows are reported separately and ``offered_transfer`` rows only
    matter for :func:`offer_scenario` (the 1956 Joint Declaration). Group slugs in ``territory``
    (``habomai``, ``northern_kurils``...) are expanded to the island ids of that group in the
    ``islands`` table. When several holding rows cover one island, the one naming the island
    itself beats one naming its group, then the one that started later wins, then sovereignty
    beats administration beats occupation.

Summaries for the notebook's tables
    :func:`phase_summary` (one row per phase: dates, events, what opened it),
    :func:`snapshots_until` (the panels on or before an as-of date, plus that date) and
    :func:`holder_counts` (islands per holder at each panel). They return frames; the notebook
    writes the sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from helpers import names
from helpers.schema import in_enum_order

#: Statuses that mean a state actually held (governed) the territory.
HOLDING_STATUSES: tuple[str, ...] = ("sovereignty", "occupation", "administration")
#: Tie-break between holding rows that start the same day: sovereignty beats administration.
_STATUS_RANK: dict[str, int] = {"occupation": 0, "administration": 1, "sovereignty": 2}


@dataclass(frozen=True)
class Phase:
    """One period of the dispute, ``start`` inclusive, ``end`` exclusive."""

    key: str
    label: str
    start: pd.Timestamp
    end: pd.Timestamp
    description: str


TIMELINE_START = pd.Timestamp("1855-01-01")
TIMELINE_END = pd.Timestamp("2026-01-01")


def dated_phases(table: pd.DataFrame, events: pd.DataFrame,
                 end: pd.Timestamp | str = TIMELINE_END) -> tuple[Phase, ...]:
    """The rows of the ``phases`` table whose opening event is in ``events``, dated by it.

    A phase starts on its ``start_event``'s date and ends where the next one starts; the last
    ends at ``end``. A phase whose opening event ``events`` lacks (an as-of record that stops
    before it) is left out, so the phases never run ahead of the events.
    """
    dates = events.set_index(events["event_id"].astype(str))["date"]
    opened = table[table["start_event"].astype(str).isin(dates.index)]
    opened = opened.assign(start=[dates[str(event)] for event in opened["start_event"]])
    opened = opened.sort_values("start", kind="stable")
    ends = [*opened["start"].iloc[1:], pd.Timestamp(end)][: len(opened)]
    return tuple(
        Phase(str(row.phase_id), str(row.label), pd.Timestamp(row.start), pd.Timestamp(last),
              str(row.description))
        for row, last in zip(opened.itertuples(index=False), ends, strict=True)
    )


def phase_of(date: pd.Timestamp | str, phases: Sequence[Phase]) -> str | None:
    """Key of the phase containing ``date`` (``None`` before the first or after the last)."""
    when = pd.Timestamp(date)
    for phase in phases:
        if phase.start <= when < phase.end:
            return phase.key
    return None


def assign_phases(events: pd.DataFrame, phases: Sequence[Phase]) -> pd.DataFrame:
    """A copy of ``events`` with a ``phase`` column (the key of the phase of ``date``)."""
    out = events.copy()
    out["phase"] = [phase_of(d, phases) if pd.notna(d) else None for d in out["date"]]
    return out


def expand_territory(items: Iterable[str], islands: pd.DataFrame) -> list[tuple[str, bool]]:
    """Island ids named by ``items``, each with ``True`` when named directly (not via a group).

    Items that are neither an island id nor a group slug are ignored.
    """
    ids = set(islands["island_id"].astype(str))
    members = names.group_members(islands)
    out: list[tuple[str, bool]] = []
    for item in items:
        if item in ids:
            out.append((item, True))
        elif item in members:
            out.extend((island, False) for island in members[item])
    return out


def _coverage(sovereignty: pd.DataFrame, islands: pd.DataFrame) -> pd.DataFrame:
    """One row per (sovereignty row, island it covers)."""
    rows = []
    for rec in sovereignty.to_dict("records"):
        for island_id, direct in expand_territory(rec["territory"], islands):
            rows.append({**rec, "island_id": island_id, "direct": direct})
    cols = list(sovereignty.columns) + ["island_id", "direct"]
    out = pd.DataFrame(rows, columns=cols)
    out["from_date"] = pd.to_datetime(out["from_date"])
    out["to_date"] = pd.to_datetime(out["to_date"])
    return out


def _active(cover: pd.DataFrame, when: pd.Timestamp) -> pd.DataFrame:
    started = cover["from_date"] <= when
    not_ended = cover["to_date"].isna() | (cover["to_date"] > when)
    return cover[started & not_ended]


def sovereignty_snapshot(
    sovereignty: pd.DataFrame, islands: pd.DataFrame, date: pd.Timestamp | str
) -> pd.DataFrame:
    """Who held each island of ``islands`` on ``date``.

    Returns one row per island: ``island_id``, ``group``, ``holder`` (empty when no holding row
    covers it), ``status``, ``sovereignty_id`` (the row it rests on), ``claimed_by`` (other states with an
    active ``claim`` or holding row that day, ";"-joined). A row counts from ``from_date`` (inclusive) to
    ``to_date`` (exclusive; empty = still in force).
    """
    when = pd.Timestamp(date)
    active = _active(_coverage(sovereignty, islands), when)
    holding = active[active["status"].astype(str).isin(HOLDING_STATUSES)]
    holding = holding.assign(_rank=holding["status"].astype(str).map(_STATUS_RANK))
    holding = holding.sort_values(["island_id", "direct", "from_date", "_rank"], kind="stable")
    best = holding.groupby("island_id", sort=False).tail(1).set_index("island_id")
    # Other states still asserting a title that day: claim rows, and holding rows that lost.
    others = pd.concat([active[active["status"].astype(str) == "claim"], holding])
    claimed = {
        island_id: ";".join(sorted(set(map(str, part["holder"])) - {str(best.loc[island_id, "holder"])}
                                   if island_id in best.index else set(map(str, part["holder"]))))
        for island_id, part in others.groupby("island_id")
    }
    rows = []
    for island_id, group in zip(islands["island_id"].astype(str), islands["group"].astype(str), strict=True):
        held = best.loc[island_id] if island_id in best.index else None
        rows.append(
            {
                "island_id": island_id,
                "group": group,
                "holder": str(held["holder"]) if held is not None else "",
                "status": str(held["status"]) if held is not None else "",
                "sovereignty_id": str(held["sovereignty_id"]) if held is not None else "",
                "claimed_by": claimed.get(island_id, ""),
            }
        )
    return pd.DataFrame(rows)


def offer_scenario(
    sovereignty: pd.DataFrame, islands: pd.DataFrame, date: pd.Timestamp | str = "1956-12-31"
) -> pd.DataFrame:
    """The snapshot of ``date`` with ``offered_transfer`` rows applied (the 1956 Declaration).

    Islands covered by an ``offered_transfer`` row active on ``date`` take that row's holder
    (the state they were offered to), with ``status`` ``offered_transfer``; the column
    ``offered`` marks them.
    """
    when = pd.Timestamp(date)
    snap = sovereignty_snapshot(sovereignty, islands, when)
    snap["offered"] = False
    active = _active(_coverage(sovereignty, islands), when)
    offers = active[active["status"].astype(str) == "offered_transfer"]
    offers = offers.sort_values(["island_id", "direct", "from_date"], kind="stable")
    for rec in offers.groupby("island_id", sort=False).tail(1).to_dict("records"):
        mask = snap["island_id"] == rec["island_id"]
        snap.loc[mask, ["holder", "status", "sovereignty_id"]] = [
            str(rec["holder"]), "offered_transfer", str(rec["sovereignty_id"])
        ]
        snap.loc[mask, "offered"] = True
    return snap


@dataclass(frozen=True)
class Snapshot:
    """One panel of the sovereignty small multiples."""

    title: str
    date: pd.Timestamp
    offer: bool = False


#: The five situations issue 4 asks for, each on a date when its treaty was in force: the
#: Treaty of Shimoda (signed 1855) took effect with the exchange of ratifications in December
#: 1856, so its panel reads 1860; St Petersburg took effect in August 1875; a mid-period date for
#: the spans.
SNAPSHOTS: tuple[Snapshot, ...] = (
    Snapshot("1855 (Shimoda)", pd.Timestamp("1860-01-01")),
    Snapshot("1875 (St Petersburg)", pd.Timestamp("1875-12-31")),
    Snapshot("1905-1945 (Portsmouth)", pd.Timestamp("1925-01-01")),
    Snapshot("After 1945", pd.Timestamp("1950-01-01")),
    Snapshot("1956 Declaration offer", pd.Timestamp("1956-12-31"), offer=True),
)


def snapshot_table(
    sovereignty: pd.DataFrame, islands: pd.DataFrame, snapshots: Sequence[Snapshot] = SNAPSHOTS
) -> pd.DataFrame:
    """Wide table: one row per island, one column per snapshot, holder in each cell."""
    out = pd.DataFrame({"island_id": islands["island_id"].astype(str), "group": islands["group"].astype(str)})
    for snap in snapshots:
        frame = (offer_scenario if snap.offer else sovereignty_snapshot)(sovereignty, islands, snap.date)
        out[snap.title] = frame["holder"].replace("", "-").to_numpy()
    return out


def interview_date(interviews: pd.DataFrame, interview_id: str | None = None) -> pd.Timestamp:
    """Date the interview was conducted (falls back to ``published`` when that is empty)."""
    rows = interviews if interview_id is None else interviews[interviews["interview_id"] == interview_id]
    if rows.empty:
        raise KeyError(f"no interview {interview_id!r}")
    row = rows.iloc[0]
    when = row.get("interview_date")
    if when is None or pd.isna(when):
        when = row.get("published")
    if when is None or pd.isna(when):
        raise ValueError("the interview has neither interview_date nor published")
    return pd.Timestamp(when)


def interview_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events the interview refers to (``in_interview`` true), sorted by date."""
    flag = events["in_interview"].fillna(False).astype(bool)
    cols = [c for c in ("event_id", "date", "title", "category", "interview_paragraph") if c in events]
    return events.loc[flag, cols].sort_values(["date", "event_id"]).reset_index(drop=True)


def events_in_window(events: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> pd.DataFrame:
    """Events with ``start <= date < end``, sorted by date."""
    dates = pd.to_datetime(events["date"])
    mask = (dates >= pd.Timestamp(start)) & (dates < pd.Timestamp(end))
    return events[mask].sort_values(["date", "event_id"]).reset_index(drop=True)


def category_phase_counts(events: pd.DataFrame, phases: Sequence[Phase]) -> pd.DataFrame:
    """Number of events per phase (rows, in phase order) and category (columns)."""
    framed = assign_phases(events, phases)
    table = pd.crosstab(framed["phase"], framed["category"].astype(str))
    order = [p.key for p in phases if p.key in table.index]
    return table.loc[order]


def snapshots_until(date: pd.Timestamp | str, last_title: str,
                    snapshots: Sequence[Snapshot] = SNAPSHOTS) -> tuple[Snapshot, ...]:
    """The ``snapshots`` dated on or before ``date``, then one more: the islands on ``date``.

    Notebook 04 passes its as-of date (or the end of the record) so that no panel shows a
    situation the record did not yet hold, and the last panel is the record's own present.
    """
    when = pd.Timestamp(date)
    return (*(s for s in snapshots if s.date <= when), Snapshot(last_title, when))


def holder_counts(sovereignty: pd.DataFrame, islands: pd.DataFrame,
                  snapshots: Sequence[Snapshot] = SNAPSHOTS) -> pd.DataFrame:
    """Islands per holder at each snapshot: one row per snapshot, one column per holder.

    Holders are in the ``sovereignty.holder`` enum order, only those holding an island on some
    snapshot; ``no holder`` counts islands no holding row covers (last, when any). The offer
    panel counts the islands offered as the offer's beneficiary's (as the maps colour them).
    """
    table = snapshot_table(sovereignty, islands, snapshots).drop(columns=["island_id", "group"])
    counts = {title: table[title].value_counts() for title in table.columns}
    seen = {str(h) for c in counts.values() for h in c.index} - {"-"}
    holders = in_enum_order(seen, "sovereignty", "holder")
    out = pd.DataFrame({"snapshot": list(counts)})
    for holder in holders:
        out[holder] = [int(c.get(holder, 0)) for c in counts.values()]
    if any("-" in c.index for c in counts.values()):
        out["no holder"] = [int(c.get("-", 0)) for c in counts.values()]
    return out


def phase_summary(events: pd.DataFrame, phases: Sequence[Phase],
                  until: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """One row per phase begun by ``until`` (all when None): dates, events, what opened it.

    ``end`` is cut to ``until`` for the phase running then. ``events`` counts the events dated
    in the phase, ``main_category`` is its most frequent category (ties: enum order) and
    ``opened_by`` the title of the event dated on the phase's first day (empty when the events
    table records none).
    """
    limit = pd.Timestamp(until) if until is not None else None
    dates = pd.to_datetime(events["date"])
    rows = []
    for phase in phases:
        if limit is not None and phase.start > limit:
            break
        end = min(phase.end, limit + pd.Timedelta(days=1)) if limit is not None else phase.end
        inside = events[(dates >= phase.start) & (dates < end)]
        cats = inside["category"].astype(str).value_counts()
        order = in_enum_order(cats.index, "events", "category")
        top = max(order, key=lambda c: cats[c]) if len(cats) else ""
        opened = events.loc[dates == phase.start, "title"].astype(str)
        rows.append({"phase": phase.label, "start": phase.start, "end": end - pd.Timedelta(days=1),
                     "events": len(inside), "main_category": top.replace("_", " "),
                     "opened_by": "; ".join(opened)})
    return pd.DataFrame(rows, columns=["phase", "start", "end", "events", "main_category", "opened_by"])
