"""Charts of the interview's claims, the dispute's timeline and the verdicts on the claims.

Every function takes DataFrames (as :func:`helpers.load.table` returns them, or small hand-made
frames in the tests), draws with an explicit ``figsize`` (width <= 11 in) and returns the
:class:`~matplotlib.figure.Figure`. Island, strait and place labels go through
:func:`helpers.names.label`, so :func:`helpers.names.set_convention` switches them all.

The island-by-island view (:func:`island_view` / :func:`island_view_figure`) is derived from
the ``claims`` rows only, by the mapping documented at :data:`MILITARY_HIGH_TOPICS` and below.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers import names
from helpers.assessment import RELATIONS, VERDICT_COLORS, VERDICTS
from helpers.style import CATEGORY_COLORS
from helpers.timeline import PHASES, Phase, as_list, group_members, group_slug

#: Topic order of the ``claims.topic`` enum (used when the column is not Categorical).
TOPICS: tuple[str, ...] = (
    "negotiability", "strategic_sea", "shipping_route", "weapons_deployment", "transit_route",
    "base_plans", "garrison", "us_forces", "guarantee", "treaty_language", "arms_control", "china",
    "official_documents", "security_first", "economic_ties",
)

#: Event categories in the order of the ``events.category`` enum.
EVENT_CATEGORIES: tuple[str, ...] = (
    "treaty", "war", "negotiation", "military", "policy", "visit", "legal", "arms_control",
    "exchange", "declaration",
)

# Island-by-island view: the mapping from claim topics to the two axes the expert talks about.
#: Claims on these topics that name an island say it has *high* military value to Russia.
MILITARY_HIGH_TOPICS: frozenset[str] = frozenset({"weapons_deployment", "transit_route", "base_plans"})
#: Claims on this topic that name an island (and no high-value topic does) say its military value
#: is *low*: only a garrison of border guards.
MILITARY_LOW_TOPICS: frozenset[str] = frozenset({"garrison"})
#: Claims on these topics that name an island speak about its handover (prospects or conditions).
HANDOVER_TOPICS: frozenset[str] = frozenset({"negotiability", "us_forces", "guarantee", "security_first"})

MILITARY_LEVELS: tuple[str, ...] = ("not discussed", "low", "high")
HANDOVER_LEVELS: tuple[str, ...] = ("not discussed", "ruled out", "conditional")

_SUBJECT_KIND_ORDER = ("island", "group", "strait", "place", "vocabulary")


def new_figure(figsize: tuple[float, float], layout: str = "constrained") -> Figure:
    """A new pyplot-managed figure.

    Created through pyplot so that the notebook's inline backend is loaded and can display it;
    :func:`helpers.style.publish` closes it after display (tests close theirs too).
    """
    import matplotlib.pyplot as plt

    if figsize[0] > 11:
        raise ValueError("figures are at most 11 in wide")
    return plt.figure(figsize=figsize, layout=layout)


def _topic_order(claims: pd.DataFrame) -> list[str]:
    col = claims["topic"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [str(c) for c in col.cat.categories]
    present = set(col.astype(str))
    return [t for t in TOPICS if t in present] + sorted(present - set(TOPICS))


def topic_counts(claims: pd.DataFrame) -> pd.Series:
    """Number of claims per topic, in enum order, topics without claims left out."""
    counts = claims["topic"].astype(str).value_counts()
    order = [t for t in _topic_order(claims) if t in counts.index]
    return counts.reindex(order).astype(int)


def claims_long(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (claim, subject): claim_id, paragraph, topic, claim_type, subject."""
    rows = []
    for rec in claims.to_dict("records"):
        for subject in as_list(rec["subjects"]):
            rows.append(
                {
                    "claim_id": str(rec["claim_id"]),
                    "paragraph": rec.get("paragraph"),
                    "topic": str(rec["topic"]),
                    "claim_type": str(rec.get("claim_type", "")),
                    "subject": subject,
                }
            )
    return pd.DataFrame(rows, columns=["claim_id", "paragraph", "topic", "claim_type", "subject"])


def _pretty(slug: str) -> str:
    special = {"usa": "USA", "us_forces": "US forces", "inf_treaty": "INF Treaty", "ssbn": "SSBNs",
               "asia_pacific": "Asia-Pacific"}
    return special.get(slug, slug.replace("_", " ").capitalize())


def subject_labels(
    subjects: Sequence[str],
    islands: pd.DataFrame,
    straits: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Kind and display label of each subject id (island, group, strait, place or vocabulary).

    Islands, straits and places are labelled in the current naming convention; a group slug that
    is also an island's own group (``iturup``) is labelled like that island.
    """
    by_id: dict[str, tuple[str, str]] = {}
    for table, kind, key in ((places, "place", "place_id"), (straits, "strait", "strait_id"),
                             (islands, "island", "island_id")):
        if table is None:
            continue
        for rec in table.to_dict("records"):
            by_id[str(rec[key])] = (kind, names.label(rec))
    groups = {group_slug(str(g)): str(g) for g in islands["group"]}
    rows = []
    for subject in subjects:
        if subject in by_id:
            kind, text = by_id[subject]
        elif subject in groups:
            kind, text = "group", groups[subject] + " (group)"
            if subject in by_id:  # pragma: no cover - covered by the island branch above
                text = by_id[subject][1]
        else:
            kind, text = "vocabulary", _pretty(subject)
        rows.append({"subject": subject, "kind": kind, "label": text})
    return pd.DataFrame(rows, columns=["subject", "kind", "label"])


def topic_subject_matrix(claims: pd.DataFrame, islands: pd.DataFrame, straits: pd.DataFrame | None = None,
                         places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims per topic (rows) and subject (columns, ordered island, group, strait, place, other)."""
    long = claims_long(claims)
    table = pd.crosstab(long["topic"], long["subject"])
    labels = subject_labels(list(table.columns), islands, straits, places)
    island_order = {s: i for i, s in enumerate(islands["island_id"].astype(str))}
    labels["kind_rank"] = labels["kind"].map(_SUBJECT_KIND_ORDER.index)
    labels["island_rank"] = labels["subject"].map(island_order).fillna(len(island_order))
    total = table.sum(axis=0)
    labels["total"] = labels["subject"].map(total)
    labels = labels.sort_values(["kind_rank", "island_rank", "total", "subject"],
                                ascending=[True, True, False, True])
    rows = [t for t in _topic_order(claims) if t in table.index]
    return table.loc[rows, labels["subject"].tolist()]


def claims_topic_subject_figure(
    claims: pd.DataFrame,
    islands: pd.DataFrame,
    straits: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
) -> Figure:
    """Heat map of claims by topic and subject, with the number of claims per topic alongside."""
    matrix = topic_subject_matrix(claims, islands, straits, places)
    labels = subject_labels(list(matrix.columns), islands, straits, places).set_index("subject")
    counts = topic_counts(claims).reindex(matrix.index)
    n_rows, n_cols = matrix.shape
    fig = new_figure(figsize=(11, max(4.5, 0.32 * n_rows + 3.2)), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[max(n_cols, 1), 3.2])
    ax = fig.add_subplot(grid[0, 0])
    bar = fig.add_subplot(grid[0, 1], sharey=ax)
    values = matrix.to_numpy()
    ax.imshow(np.ma.masked_equal(values, 0), cmap="Blues", vmin=0, vmax=max(values.max(), 1) + 0.5,
              aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8)
    ax.set_xticks(range(n_cols), [textwrap.shorten(labels.loc[s, "label"], 30, placeholder="...")
                                  for s in matrix.columns], rotation=60,
                  ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(n_rows), [t.replace("_", " ") for t in matrix.index])
    ax.set_xticks(np.arange(n_cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    kinds = labels.loc[list(matrix.columns), "kind"].tolist()
    for j in range(1, n_cols):
        if kinds[j] != kinds[j - 1]:
            ax.axvline(j - 0.5, color="#555555", linewidth=0.8)
    ax.set_title("Claims by topic and subject (cell = number of claims)", loc="left")
    bar.barh(range(n_rows), counts.to_numpy(), color="#0072B2")
    for i, v in enumerate(counts.to_numpy()):
        bar.text(v + 0.05, i, str(int(v)), va="center", fontsize=8)
    bar.set_xlim(0, counts.max() + 1)
    bar.set_xlabel("claims")
    bar.tick_params(axis="y", left=False, labelleft=False)
    bar.set_title("Per topic", loc="left")
    return fig


def island_view(claims: pd.DataFrame, islands: pd.DataFrame, units: Sequence[str] | None = None) -> pd.DataFrame:
    """The expert's island-by-island view, derived from the claims' topics and subjects.

    ``units`` are island ids or group slugs (default: the group slug of every disputed island,
    in table order: iturup, kunashir, shikotan, habomai). A claim names a unit when its subjects
    contain the unit, an island of the unit's group, or (for an island) its group slug.

    Mapping (documented rules, no hand-typed scores):

    * military value: ``high`` if a claim on a :data:`MILITARY_HIGH_TOPICS` topic names the unit;
      else ``low`` if a claim on a :data:`MILITARY_LOW_TOPICS` topic names it (border guards
      only); else ``not discussed``.
    * handover: ``ruled out`` if a claim on a :data:`HANDOVER_TOPICS` topic names the unit and its
      military value is ``high`` (the expert ties the refusal to the troops there);
      ``conditional`` if such a claim names it and its military value is not high (prospects
      depend on Russia's security concerns); else ``not discussed``.

    Returns unit, label, military, handover, the claim ids behind each axis and
    ``n_military`` / ``n_handover`` (number of such claims).
    """
    members = group_members(islands)
    island_group = {str(i): group_slug(str(g)) for i, g in zip(islands["island_id"], islands["group"], strict=True)}
    if units is None:
        disputed = islands[islands["disputed"].astype(bool)] if "disputed" in islands else islands
        units = list(dict.fromkeys(group_slug(str(g)) for g in disputed["group"]))
    by_id = {str(rec["island_id"]): rec for rec in islands.to_dict("records")}
    group_name = {group_slug(str(g)): str(g) for g in islands["group"]}
    rows = []
    for unit in units:
        names_it = {unit, *members.get(unit, [])}
        if unit in island_group:
            names_it.add(island_group[unit])
        mil_hi, mil_lo, hand = [], [], []
        for rec in claims.sort_values("claim_id").to_dict("records"):
            if not names_it & set(as_list(rec["subjects"])):
                continue
            topic = str(rec["topic"])
            cid = str(rec["claim_id"])
            if topic in MILITARY_HIGH_TOPICS:
                mil_hi.append(cid)
            elif topic in MILITARY_LOW_TOPICS:
                mil_lo.append(cid)
            if topic in HANDOVER_TOPICS:
                hand.append(cid)
        military = "high" if mil_hi else ("low" if mil_lo else "not discussed")
        if not hand:
            handover = "not discussed"
        else:
            handover = "ruled out" if military == "high" else "conditional"
        if unit in by_id:
            label = names.label(by_id[unit])
        else:
            name = group_name.get(unit, _pretty(unit))
            label = f"{name} (group)" if name.endswith("s") else f"{name} islands"
        rows.append(
            {
                "unit": unit,
                "label": label,
                "military": military,
                "handover": handover,
                "military_claims": ";".join(mil_hi or mil_lo),
                "handover_claims": ";".join(hand),
                "n_military": len(mil_hi or mil_lo),
                "n_handover": len(hand),
            }
        )
    return pd.DataFrame(rows)


def island_view_figure(claims: pd.DataFrame, islands: pd.DataFrame, units: Sequence[str] | None = None) -> Figure:
    """Military value (x) against handover prospects (y) per island, as the expert describes it.

    Each island sits in the cell of its two levels (see :func:`island_view`); islands sharing a
    cell are stacked, and each shows the claim ids the placement rests on.
    """
    view = island_view(claims, islands, units)
    fig = new_figure(figsize=(9, 5.6), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, len(MILITARY_LEVELS) - 0.5)
    ax.set_ylim(-0.5, len(HANDOVER_LEVELS) - 0.5)
    for k in range(1, len(MILITARY_LEVELS)):
        ax.axvline(k - 0.5, color="#CCCCCC", linewidth=0.8)
    for k in range(1, len(HANDOVER_LEVELS)):
        ax.axhline(k - 0.5, color="#CCCCCC", linewidth=0.8)
    ax.set_xticks(range(len(MILITARY_LEVELS)), [f"{lvl}" for lvl in MILITARY_LEVELS])
    ax.set_yticks(range(len(HANDOVER_LEVELS)), [lvl.replace(" ", "\n") for lvl in HANDOVER_LEVELS])
    ax.set_xlabel("Military value to Russia (claims on deployments, submarine route, bases vs border guards only)")
    ax.set_ylabel("Prospects of a handover to Japan")
    ax.tick_params(length=0)
    cells: dict[tuple[int, int], list[dict[str, object]]] = {}
    for rec in view.to_dict("records"):
        key = (MILITARY_LEVELS.index(str(rec["military"])), HANDOVER_LEVELS.index(str(rec["handover"])))
        cells.setdefault(key, []).append(rec)
    for (x, y), recs in cells.items():
        n = len(recs)
        for k, rec in enumerate(recs):
            yy = y + (0.3 - 0.6 * k / max(n - 1, 1)) * (1 if n > 1 else 0)
            ax.plot(x - 0.36, yy, marker="o", markersize=9, color="#7F1D1D" if rec["military"] == "high" else "#1F4E9C")
            detail = f"military: {rec['military_claims'] or '-'}   handover: {rec['handover_claims'] or '-'}"
            ax.text(x - 0.3, yy + 0.035, str(rec["label"]), fontsize=9, fontweight="bold", va="bottom")
            ax.text(x - 0.3, yy - 0.035, detail, fontsize=7.5, va="top", color="#444444")
    ax.set_title("The expert's island-by-island view, derived from the claims' topics", loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)
    return fig


# --------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------

def _category_order(events: pd.DataFrame) -> list[str]:
    col = events["category"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = [str(c) for c in col.cat.categories]
    else:
        cats = list(EVENT_CATEGORIES)
    present = set(col.astype(str))
    return [c for c in cats if c in present] + sorted(present - set(cats))


def _draw_phases(ax, phases: Sequence[Phase], lo: pd.Timestamp, hi: pd.Timestamp, y_top: float) -> None:
    shades = ("#F4F1EA", "#E6EEF4")
    for k, phase in enumerate(phases):
        start, end = max(phase.start, lo), min(phase.end, hi)
        if start >= end:
            continue
        ax.axvspan(start, end, color=shades[k % 2], zorder=0, linewidth=0)
        ax.text(start + (end - start) / 2, y_top, "\n".join(textwrap.wrap(phase.label, 14)),
                ha="center", va="bottom", fontsize=7.5, color="#333333")


def _place_numbers(xs_in: Sequence[float], min_gap: float = 0.2, levels: int = 3) -> list[int]:
    """Greedy stacking level for labels at horizontal positions ``xs_in`` (inches)."""
    placed: list[tuple[float, int]] = []
    out = []
    for x in xs_in:
        level = 0
        while any(abs(x - px) < min_gap and pl == level for px, pl in placed) and level < levels - 1:
            level += 1
        placed.append((x, level))
        out.append(level)
    return out


def timeline_figure(
    events: pd.DataFrame,
    interview_date: pd.Timestamp | str,
    phases: Sequence[Phase] = PHASES,
    split: str = "1990-01-01",
    start: str = "1853-01-01",
    end: str = "2026-01-01",
) -> Figure:
    """Events 1855-2025 by category, with phases, interview-referenced events and the interview date.

    Two panels share the category rows: ``start``-``split`` and ``split``-``end`` (the recent
    decades are crowded). Events the interview refers to (``in_interview``) are drawn larger with
    a black edge and a number; the numbers are listed with date and title under the panels.
    """
    when = pd.Timestamp(interview_date)
    cats = _category_order(events)
    ev = events.copy()
    ev["date"] = pd.to_datetime(ev["date"])
    ev["in_interview"] = ev["in_interview"].fillna(False).astype(bool)
    ev["category"] = ev["category"].astype(str)
    ev = ev.sort_values(["date", "event_id"]).reset_index(drop=True)
    highlighted = ev[ev["in_interview"]].reset_index(drop=True)
    n_key = len(highlighted)
    key_rows = (n_key + 1) // 2
    height = 0.42 * len(cats) * 2 + 2.0 + 0.2 * key_rows
    fig = new_figure(figsize=(11, height), layout="constrained")
    grid = fig.add_gridspec(3, 1, height_ratios=[len(cats) + 1.6, len(cats) + 1.6, 0.55 * key_rows + 0.6])
    bounds = [(pd.Timestamp(start), pd.Timestamp(split)), (pd.Timestamp(split), pd.Timestamp(end))]
    y_of = {c: i for i, c in enumerate(reversed(cats))}
    number_of = {eid: k + 1 for k, eid in enumerate(highlighted["event_id"])}
    for panel, (lo, hi) in enumerate(bounds):
        ax = fig.add_subplot(grid[panel, 0])
        part = ev[(ev["date"] >= lo) & (ev["date"] < hi)]
        _draw_phases(ax, phases, lo, hi, len(cats) - 0.2)
        for cat in cats:
            sub = part[(part["category"] == cat) & ~part["in_interview"]]
            ax.scatter(sub["date"], [y_of[cat]] * len(sub), s=22, color=CATEGORY_COLORS.get(cat, "#555555"),
                       alpha=0.85, edgecolor="white", linewidth=0.4, zorder=3)
        hi_part = part[part["in_interview"]]
        width_in = 9.3
        span_days = (hi - lo).days
        for cat in cats:
            sub = hi_part[hi_part["category"] == cat]
            if sub.empty:
                continue
            xs_in = [(d - lo).days / span_days * width_in for d in sub["date"]]
            levels = _place_numbers(xs_in)
            for (rec, level) in zip(sub.to_dict("records"), levels, strict=True):
                y = y_of[cat]
                ax.scatter([rec["date"]], [y], s=70, color=CATEGORY_COLORS.get(cat, "#555555"),
                           edgecolor="black", linewidth=1.2, zorder=4)
                ax.annotate(str(number_of[rec["event_id"]]), (rec["date"], y), xytext=(0, 7 + 9 * level),
                            textcoords="offset points", ha="center", va="bottom", fontsize=7.5,
                            fontweight="bold", zorder=5)
        if lo <= when < hi:
            ax.axvline(when, color="#C7243A", linewidth=1.3, zorder=2)
            ax.annotate(f"interview\n{when:%d %b %Y}", (when, -0.6), xytext=(-4, 0), textcoords="offset points",
                        ha="right", va="bottom", fontsize=7.5, color="#C7243A")
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.7, len(cats) + 1.1)
        ax.set_yticks(range(len(cats)), [c.replace("_", " ") for c in reversed(cats)])
        ax.xaxis.set_major_locator(mdates.YearLocator(20 if panel == 0 else 5))
        ax.xaxis.set_minor_locator(mdates.YearLocator(5 if panel == 0 else 1))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.5, zorder=1)
        ax.set_title(f"{lo.year}-{hi.year - 1}" if panel else f"{max(lo.year, 1855)}-{hi.year - 1}",
                     loc="left", fontsize=10)
        if panel == 0:
            fig.suptitle("The Kuril dispute 1855-2025: events by category and historical phase", x=0.01,
                         ha="left", fontsize=12, fontweight="bold")
    key = fig.add_subplot(grid[2, 0])
    key.axis("off")
    key.set_xlim(0, 2)
    key.set_ylim(key_rows + 0.2, -0.9)
    key.text(0, -0.8, "Numbered: events the interview refers to (paragraph in brackets)", fontsize=8.5,
             fontweight="bold", va="top")
    for k, rec in enumerate(highlighted.to_dict("records")):
        col, row = divmod(k, key_rows)
        para = rec.get("interview_paragraph")
        para_txt = f" (¶{int(para)})" if para is not None and not pd.isna(para) else ""
        title = textwrap.shorten(str(rec["title"]), 60, placeholder="...")
        key.text(col, row + 0.25, f"{k + 1}  {rec['date']:%Y-%m-%d}  {title}{para_txt}", fontsize=7.5, va="top")
    handles = [Line2D([], [], marker="o", linestyle="", color=CATEGORY_COLORS.get(c, "#555555"), label=c.replace("_", " "))
               for c in cats]
    handles.append(Line2D([], [], color="#C7243A", label="interview date"))
    fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 11), fontsize=7.5,
               handletextpad=0.2, columnspacing=0.9)
    return fig


# --------------------------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------------------------

RELATION_MARKERS: dict[str, str] = {"supports": "o", "contradicts": "X", "context": ".", "later_development": "D"}
RELATION_COLORS: dict[str, str] = {
    "supports": "#009E73", "contradicts": "#D55E00", "context": "#999999", "later_development": "#E69F00",
}


def verdict_figure(
    table: pd.DataFrame,
    dated: pd.DataFrame,
    interview_date: pd.Timestamp | str,
    start: str = "2008-01-01",
    end: str = "2026-01-01",
) -> Figure:
    """Verdict counts (left) and every claim's evidence over time (right).

    ``table`` is :func:`helpers.assessment.verdicts`, ``dated`` is
    :func:`helpers.assessment.dated_evidence`. Evidence dated before ``start`` is drawn at
    ``start`` as a left-pointing triangle with its year; undated evidence is not drawn.
    """
    when = pd.Timestamp(interview_date)
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    claims = table.sort_values("claim_id").reset_index(drop=True)
    n = len(claims)
    fig = new_figure(figsize=(11, max(4.0, 0.3 * n + 1.8)), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[1.2, 4.2])
    left = fig.add_subplot(grid[0, 0])
    counts = claims["verdict"].astype(str).value_counts().reindex(list(VERDICTS), fill_value=0)
    left.barh(range(len(VERDICTS)), counts.to_numpy(), color=[VERDICT_COLORS[v] for v in VERDICTS])
    for i, v in enumerate(counts.to_numpy()):
        left.text(v + 0.1, i, str(int(v)), va="center", fontsize=9)
    left.set_yticks(range(len(VERDICTS)), list(VERDICTS))
    left.invert_yaxis()
    left.set_xlim(0, max(int(counts.max()), 1) + 1.5)
    left.set_xlabel("claims")
    left.set_title("Verdicts", loc="left")
    ax = fig.add_subplot(grid[0, 1])
    y_of = {cid: i for i, cid in enumerate(claims["claim_id"].astype(str))}
    for rel in RELATIONS:
        sub = dated[(dated["relation"] == rel) & dated["evidence_date"].notna() & dated["claim_id"].isin(y_of)]
        inside = sub[sub["evidence_date"] >= lo]
        ax.scatter(inside["evidence_date"], inside["claim_id"].map(y_of), marker=RELATION_MARKERS[rel],
                   s=40 if rel != "context" else 60, color=RELATION_COLORS[rel], zorder=3, linewidth=0.3,
                   edgecolor="white")
        early = sub[sub["evidence_date"] < lo]
        ax.scatter([lo] * len(early), early["claim_id"].map(y_of), marker="<", s=40,
                   color=RELATION_COLORS[rel], zorder=3, clip_on=False)
    early_all = dated[dated["evidence_date"].notna() & (dated["evidence_date"] < lo) & dated["claim_id"].isin(y_of)]
    for claim_id, part in early_all.groupby("claim_id"):
        years = ", ".join(sorted({f"{d:%Y}" for d in part["evidence_date"]}))
        ax.annotate(years, (lo, y_of[str(claim_id)]), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=6.5, color="#444444")
    ax.axvline(when, color="#C7243A", linewidth=1.3, zorder=2)
    ax.annotate(f"interview {when:%d %b %Y}", (when, -0.9), xytext=(4, 0), textcoords="offset points",
                va="center", fontsize=7.5, color="#C7243A")
    ax.set_xlim(lo, hi)
    ax.set_ylim(n - 0.4, -1.4)
    ylabels = [f"{rec['claim_id']} ¶{rec['paragraph']} {str(rec['topic']).replace('_', ' ')}"
               for rec in claims.to_dict("records")]
    ax.set_yticks(range(n), ylabels, fontsize=8)
    for tick, verdict in zip(ax.get_yticklabels(), claims["verdict"].astype(str), strict=True):
        tick.set_color(VERDICT_COLORS[verdict])
    sec = ax.secondary_yaxis("right")
    sec.set_yticks(range(n), claims["verdict"].astype(str).tolist(), fontsize=7.5)
    for tick, verdict in zip(sec.get_yticklabels(), claims["verdict"].astype(str), strict=True):
        tick.set_color(VERDICT_COLORS[verdict])
    sec.tick_params(length=0)
    ax.grid(axis="y", color="#EEEEEE", linewidth=0.6, zorder=1)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_title(f"Evidence per claim over time (◄ = before {lo.year}, with its year)", loc="left")
    handles = [Line2D([], [], marker=RELATION_MARKERS[r], linestyle="", color=RELATION_COLORS[r],
                      label=r.replace("_", " "), markersize=7 if r != "context" else 10) for r in RELATIONS]
    handles += [Patch(color=VERDICT_COLORS[v], label=f"verdict: {v}") for v in VERDICTS]
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=7.5,
               handletextpad=0.3, columnspacing=1.0)
    return fig


def label_conventions(islands: pd.DataFrame, island_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The label of each island in every naming convention (columns both, en, ja, ru)."""
    rows = islands if island_ids is None else islands.set_index("island_id").loc[list(island_ids)].reset_index()
    out = {conv: [names.label(rec, conv) for rec in rows.to_dict("records")] for conv in names.CONVENTIONS}
    return pd.DataFrame(out, index=pd.Index(rows["island_id"].astype(str), name="island_id"))


# --------------------------------------------------------------------------------------------
# Summary of findings (notebook 01)
# --------------------------------------------------------------------------------------------

#: Subjects whose claim counts the summary of notebook 01 reports.
SUMMARY_SUBJECTS: tuple[str, ...] = ("russia", "japan", "usa", "iturup", "kunashir", "shikotan", "habomai")


def _date_text(value: object) -> str:
    """``YYYY-MM-DD`` for a date, ``unknown`` for a missing one."""
    return "unknown" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def claims_findings_markdown(
    claims: pd.DataFrame,
    islands: pd.DataFrame,
    interviews: pd.DataFrame,
    units: Sequence[str] | None = None,
) -> str:
    """Notebook 01's summary of findings as Markdown, computed from the tables.

    Reports the interview dates, claims per paragraph and per claim type, claims per topic, how
    many claims name each of :data:`SUMMARY_SUBJECTS`, and the island view of :func:`island_view`
    for ``units`` (default: the disputed groups). Every number comes from the arguments.
    """
    rec = interviews.iloc[0]
    n = len(claims)
    para = claims["paragraph"].astype(int).value_counts().sort_index()
    types = claims["claim_type"].astype(str).value_counts()
    type_order = [t for t in ("fact", "assessment", "forecast", "prescription") if t in types.index]
    type_order += sorted(set(types.index) - set(type_order))
    lines = [
        f"- The interview (conducted {_date_text(rec.get('interview_date'))}, published "
        f"{_date_text(rec.get('published'))}) yields **{n} claims** over {len(para)} paragraphs: "
        + ", ".join(f"¶{int(k)}: {int(v)}" for k, v in para.items())
        + ". By type: " + ", ".join(f"{int(types[t])} {t}" for t in type_order) + "."
    ]
    counts = topic_counts(claims).sort_values(ascending=False, kind="stable")
    several = counts[counts > 1]
    singles = int((counts == 1).sum())
    topic_line = f"- The claims spread over **{len(counts)} topics**"
    if not several.empty:
        topic_line += "; more than one claim: " + ", ".join(
            f"{t.replace('_', ' ')} ({int(v)})" for t, v in several.items())
    topic_line += f"; {singles} topics have one claim each."
    lines.append(topic_line)
    long = claims_long(claims)
    per_subject = long.drop_duplicates(["claim_id", "subject"])["subject"].value_counts()
    lines.append("- Claims naming each subject (of " + str(n) + "): " + ", ".join(
        f"{s} {int(per_subject.get(s, 0))}" for s in SUMMARY_SUBJECTS) + ".")
    view = island_view(claims, islands, units)
    for row in view.to_dict("records"):
        mil = row["military_claims"].replace(";", ", ") or "none"
        hand = row["handover_claims"].replace(";", ", ") or "none"
        lines.append(f"- {row['label']}: military value **{row['military']}** (claims {mil}), handover "
                     f"**{row['handover']}** (claims {hand}).")
    return "\n".join(lines)
