"""Notebook 01's tables: the interview as data - its profile, its claims, and the island view.

* :func:`interview_profile`, :func:`publication_chain`, :func:`claims_table` - who said what,
  where it was published, every claim;
* :func:`topic_counts`, :func:`claims_long`, :func:`subject_labels`,
  :func:`topic_subject_matrix` - claims per topic and subject;
* :func:`type_counts`, :func:`subject_counts` - claims per type and per named subject;
* :func:`island_view` - the expert's island-by-island view, derived from the claims' topics by
  documented rules (the military topics come from :mod:`helpers.evidence`).

Every function returns numbers and frames; the notebook writes the sentences.

Orders come from the descriptor (:func:`helpers.schema.in_enum_order`); list cells (``subjects``)
are python lists, as :func:`helpers.load.table` returns them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from helpers import names
from helpers.evidence import MILITARY_HIGH_TOPICS, MILITARY_LOW_TOPICS
from helpers.schema import enum, in_enum_order, slug

#: Claims on these topics that name an island speak about its handover (prospects or conditions).
HANDOVER_TOPICS: frozenset[str] = frozenset({"negotiability", "us_forces", "guarantee", "security_first"})

MILITARY_LEVELS: tuple[str, ...] = ("not discussed", "low", "high")
HANDOVER_LEVELS: tuple[str, ...] = ("not discussed", "ruled out", "conditional")

_SUBJECT_KIND_ORDER = ("island", "group", "strait", "place", "vocabulary")


#: The fields of an interview's profile, in order, with the label a reader sees.
PROFILE_FIELDS: dict[str, str] = {
    "interview_id": "record (interviews.csv)", "interviewee": "interviewee", "position": "position", "affiliation": "affiliation",
    "interviewer": "interviewer", "interview_date": "interviewed on", "published": "published on",
    "outlet": "outlet", "title": "headline", "language": "language of the text analysed",
}


def interview_profile(interviews: pd.DataFrame, interview_id: str | None = None) -> pd.DataFrame:
    """Who, when and where of one interview: one row per field (field, label, value).

    Fields follow :data:`PROFILE_FIELDS` (those the table has); dates are ``YYYY-MM-DD``, an
    empty cell gives an empty value.
    """
    rows = interviews if interview_id is None else interviews[interviews["interview_id"] == interview_id]
    rec = rows.iloc[0]
    out = []
    for name, label in PROFILE_FIELDS.items():
        if name not in rec.index:
            continue
        value = rec[name]
        if isinstance(value, pd.Timestamp):
            value = f"{value:%Y-%m-%d}"
        missing = value is None or (not isinstance(value, str) and pd.isna(value))
        out.append({"field": name, "label": label, "value": "" if missing else str(value)})
    return pd.DataFrame(out, columns=["field", "label", "value"])


def publication_chain(interviews: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The interview's publication chain: the original and the version analysed, from ``sources``.

    One row per step (``original`` from ``original_source_id``, then ``analysed`` from
    ``source_id``) with the source's publisher, title, kind, language, published date and URL.
    """
    table = sources.set_index(sources["source_id"].astype(str))
    rows = []
    for rec in interviews.to_dict("records"):
        for step, key in (("original", "original_source_id"), ("analysed", "source_id")):
            sid = rec.get(key)
            if sid is None or (not isinstance(sid, str) and pd.isna(sid)) or str(sid) not in table.index:
                continue
            src = table.loc[str(sid)]
            published = src.get("published")
            rows.append(
                {
                    "step": step,
                    "source_id": str(sid),
                    "publisher": str(src["publisher"]),
                    "title": str(src["title"]),
                    "kind": str(src.get("kind", "")),
                    "language": "" if pd.isna(src.get("language")) else str(src.get("language")),
                    "published": "" if pd.isna(published) else f"{pd.Timestamp(published):%Y-%m-%d}",
                    "url": str(src["url"]),
                }
            )
    return pd.DataFrame(rows, columns=["step", "source_id", "publisher", "title", "kind", "language", "published", "url"])


def claims_table(
    claims: pd.DataFrame,
    islands: pd.DataFrame | None = None,
    straits: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every claim, indexed by claim_id: paragraph, topic, subjects, claim_type, summary.

    ``topic`` and ``claim_type`` are written with spaces ("security first"). ``subjects`` is one
    comma-separated text: the subject ids, or, when ``islands`` is given, their labels in the
    current naming convention (:func:`subject_labels`).
    """
    out = claims.sort_values("claim_id")[["claim_id", "paragraph", "topic", "subjects", "claim_type",
                                          "summary"]].copy()
    label: Mapping[str, str] = {}
    if islands is not None:
        every = list(dict.fromkeys(s for subjects in out["subjects"] for s in subjects))
        label = subject_labels(every, islands, straits, places).set_index("subject")["label"].to_dict()
    out["subjects"] = [", ".join(str(label.get(s, s)) for s in subjects) for subjects in out["subjects"]]
    for column in ("topic", "claim_type"):
        out[column] = out[column].astype(str).str.replace("_", " ")
    return out.set_index("claim_id")


def topic_counts(claims: pd.DataFrame) -> pd.Series:
    """Number of claims per topic, in enum order, topics without claims left out."""
    counts = claims["topic"].astype(str).value_counts()
    order = [t for t in in_enum_order(claims["topic"], "claims", "topic") if t in counts.index]
    return counts.reindex(order).astype(int)


def type_counts(claims: pd.DataFrame) -> pd.Series:
    """Number of claims per claim type (fact, assessment, ...), in enum order, zeros kept."""
    counts = claims["claim_type"].astype(str).value_counts()
    in_enum_order(counts.index, "claims", "claim_type")  # ValueError on a type outside the enum
    return counts.reindex(enum("claims", "claim_type"), fill_value=0).astype(int)


def subject_counts(claims: pd.DataFrame, subjects: Sequence[str] | None = None) -> pd.Series:
    """Number of claims naming each subject (most named first; ``subjects`` picks and orders)."""
    long = claims_long(claims).drop_duplicates(["claim_id", "subject"])
    counts = long["subject"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    if subjects is not None:
        counts = counts.reindex(list(subjects), fill_value=0)
    return counts.astype(int)


def claims_long(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (claim, subject): claim_id, paragraph, topic, claim_type, subject."""
    rows = []
    for rec in claims.to_dict("records"):
        for subject in rec["subjects"]:
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


def _pretty(subject: str) -> str:
    special = {"usa": "USA", "sea_of_okhotsk": "Sea of Okhotsk", "us_forces": "US forces", "inf_treaty": "INF Treaty", "ssbn": "SSBNs",
               "asia_pacific": "Asia-Pacific"}
    return special.get(subject, subject.replace("_", " ").capitalize())


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
    groups = {slug(str(g)) for g in islands["group"]}
    rows = []
    for subject in subjects:
        if subject in by_id:
            kind, text = by_id[subject]
        elif subject in groups:
            kind, text = "group", names.group_label(subject, islands)
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
    rows = [t for t in in_enum_order(claims["topic"], "claims", "topic") if t in table.index]
    return table.loc[rows, labels["subject"].tolist()]


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

    Returns unit, label, military, handover, the claim ids behind each axis (lists,
    ``military_claims`` / ``handover_claims``) and ``n_military`` / ``n_handover`` (their number).
    """
    members = names.group_members(islands)
    island_group = {str(i): slug(str(g)) for i, g in zip(islands["island_id"], islands["group"], strict=True)}
    if units is None:
        disputed = islands[islands["disputed"].astype(bool)]
        units = list(dict.fromkeys(slug(str(g)) for g in disputed["group"]))
    rows = []
    for unit in units:
        names_it = {unit, *members.get(unit, [])}
        if unit in island_group:
            names_it.add(island_group[unit])
        mil_hi, mil_lo, hand = [], [], []
        for rec in claims.sort_values("claim_id").to_dict("records"):
            if not names_it & set(rec["subjects"]):
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
        rows.append(
            {
                "unit": unit,
                "label": names.group_label(unit, islands),
                "military": military,
                "handover": handover,
                "military_claims": mil_hi or mil_lo,
                "handover_claims": hand,
                "n_military": len(mil_hi or mil_lo),
                "n_handover": len(hand),
            }
        )
    return pd.DataFrame(rows)
