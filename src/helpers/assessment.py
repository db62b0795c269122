"""How the interview's claims aged: a verdict per claim from the ``claim_evidence`` table.

Each ``claim_evidence`` row links a claim to an event or a deployment and says how it bears on
the claim. The ``relation`` values mean:

- ``supports`` - the evidence bears the claim out (dated before or after the interview);
- ``contradicts`` - the evidence shows the claim was wrong;
- ``later_development`` - a development *after* the interview date (2018-12-05) that changed the
  situation so that the claim no longer applies as stated: it overtook the claim (e.g. the 2022
  suspension of peace-treaty talks for claims about where the talks were heading). Never used for
  evidence dated on or before the interview (:func:`misplaced_later_developments` finds such rows);
- ``context`` - background that neither confirms nor refutes the claim.

A claim may be both supported and overtaken: it held when it was made, and events then moved on.

The evidence is dated from its own table (``events.date``; for deployments ``start_date``, else
``announced``) and placed ``before`` (on or before the interview date), ``after`` or ``undated``.

Verdict rules, applied in this order (the first that matches wins):

1. **contradicted** (R1) - any ``contradicts`` row;
2. **overtaken** (R2) - any ``later_development`` row;
3. **supported** (R3) - any ``supports`` row;
4. **open** (R4) - only ``context`` rows (or none): the record does not settle the claim.

:func:`verdicts` returns the table; :func:`verdict_for` returns one :class:`Verdict` whose
``rows`` are the ``claim_evidence`` rows of the relation that decided it;
:func:`findings_markdown` writes the summary of findings from the table, so that it cannot go
stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

VERDICTS: tuple[str, ...] = ("supported", "contradicted", "overtaken", "open")

#: One colour per verdict (Okabe-Ito, colour-blind safe).
VERDICT_COLORS: dict[str, str] = {
    "supported": "#009E73",
    "contradicted": "#D55E00",
    "overtaken": "#E69F00",
    "open": "#999999",
}

RELATIONS: tuple[str, ...] = ("supports", "contradicts", "context", "later_development")

#: The verdict rules in the order they are tried: (verdict, relation that decides it).
RULE_ORDER: tuple[tuple[str, str], ...] = (
    ("contradicted", "contradicts"),
    ("overtaken", "later_development"),
    ("supported", "supports"),
    ("open", "context"),
)

RULES: dict[str, str] = {
    "contradicted": "R1: some evidence shows the claim was wrong",
    "overtaken": "R2: a development after the interview changed the situation the claim describes",
    "supported": "R3: evidence bears the claim out, and nothing contradicts or overtakes it",
    "open": "R4: only background evidence; the record does not settle the claim",
}


def evidence_dates(events: pd.DataFrame, deployments: pd.DataFrame) -> pd.DataFrame:
    """One row per evidence id: ``evidence``, ``evidence_table``, ``evidence_date``, ``evidence_title``.

    Deployment dates are ``start_date``, else ``announced``; the title of a deployment is its
    system and island.
    """
    ev = pd.DataFrame(
        {
            "evidence": events["event_id"].astype(str),
            "evidence_table": "events",
            "evidence_date": pd.to_datetime(events["date"]),
            "evidence_title": events["title"].astype(str),
        }
    )
    start = pd.to_datetime(deployments["start_date"]) if "start_date" in deployments else pd.NaT
    announced = pd.to_datetime(deployments["announced"]) if "announced" in deployments else pd.NaT
    dep = pd.DataFrame(
        {
            "evidence": deployments["deployment_id"].astype(str),
            "evidence_table": "deployments",
            "evidence_date": pd.Series(start, index=deployments.index).fillna(
                pd.Series(announced, index=deployments.index)
            ),
            "evidence_title": deployments["system"].astype(str) + " (" + deployments["island_id"].astype(str) + ")",
        }
    )
    return pd.concat([ev, dep], ignore_index=True)


def dated_evidence(
    claim_evidence: pd.DataFrame,
    events: pd.DataFrame,
    deployments: pd.DataFrame,
    interview_date: pd.Timestamp | str,
) -> pd.DataFrame:
    """``claim_evidence`` rows with ``evidence_date``, ``evidence_title`` and ``timing``.

    ``timing`` is ``before`` (on or before the interview date), ``after`` or ``undated``.
    Rows are sorted by claim, date and evidence id.
    """
    when = pd.Timestamp(interview_date)
    dates = evidence_dates(events, deployments)
    out = claim_evidence.copy()
    out["claim_id"] = out["claim_id"].astype(str)
    out["evidence"] = out["evidence"].astype(str)
    out["evidence_table"] = out["evidence_table"].astype(str)
    out["relation"] = out["relation"].astype(str)
    out = out.merge(dates, on=["evidence", "evidence_table"], how="left")
    timing = pd.Series("undated", index=out.index, dtype=object)
    timing[out["evidence_date"] <= when] = "before"
    timing[out["evidence_date"] > when] = "after"
    out["timing"] = timing
    return out.sort_values(["claim_id", "evidence_date", "evidence"], na_position="last").reset_index(drop=True)


def classify(rows: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """Verdict for one claim's evidence rows, and the rows the verdict rests on.

    ``rows`` needs a ``relation`` column. The rules of :data:`RULE_ORDER` are tried in order; the
    first relation present decides, and its rows are the basis. With no rows at all the verdict is
    ``open`` with an empty basis.
    """
    for verdict, relation in RULE_ORDER:
        basis = rows[rows["relation"] == relation]
        if not basis.empty:
            return verdict, basis
    return "open", rows.iloc[0:0]


@dataclass
class Verdict:
    """The verdict on one claim and the ``claim_evidence`` rows it rests on."""

    claim_id: str
    verdict: str
    rule: str
    rows: pd.DataFrame = field(repr=False)
    all_rows: pd.DataFrame = field(repr=False)

    @property
    def evidence(self) -> list[str]:
        """Ids of the evidence the verdict rests on."""
        return self.rows["evidence"].astype(str).tolist()


def verdict_for(claim_id: str, dated: pd.DataFrame) -> Verdict:
    """The :class:`Verdict` of one claim, from the output of :func:`dated_evidence`."""
    rows = dated[dated["claim_id"] == claim_id]
    verdict, basis = classify(rows)
    return Verdict(claim_id, verdict, RULES[verdict], basis.reset_index(drop=True), rows.reset_index(drop=True))


def verdicts(claims: pd.DataFrame, dated: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: verdict, rule, evidence ids it rests on, and row counts.

    Columns: claim_id, paragraph, topic, claim_type, summary, verdict, rule, basis (";"-joined
    evidence ids), n_before, n_after, one count column per relation (``n_supports``, ...) and
    ``n_supports_after`` (supporting rows dated after the interview).
    """
    rows = []
    for rec in claims.sort_values("claim_id").to_dict("records"):
        v = verdict_for(str(rec["claim_id"]), dated)
        every = v.all_rows
        counts = every["relation"].value_counts()
        rows.append(
            {
                "claim_id": v.claim_id,
                "paragraph": rec.get("paragraph"),
                "topic": str(rec.get("topic")),
                "claim_type": str(rec.get("claim_type")),
                "summary": rec.get("summary"),
                "verdict": v.verdict,
                "rule": v.rule.split(":")[0],
                "basis": ";".join(v.evidence),
                "n_before": int((every["timing"] == "before").sum()),
                "n_after": int((every["timing"] == "after").sum()),
                **{f"n_{r}": int(counts.get(r, 0)) for r in RELATIONS},
                "n_supports_after": int(((every["relation"] == "supports") & (every["timing"] == "after")).sum()),
            }
        )
    out = pd.DataFrame(rows)
    out["verdict"] = pd.Categorical(out["verdict"], categories=list(VERDICTS))
    return out


def verdict_counts(table: pd.DataFrame) -> pd.Series:
    """Number of claims per verdict, in the order of :data:`VERDICTS` (zeros included)."""
    return table["verdict"].astype(str).value_counts().reindex(list(VERDICTS), fill_value=0)


def basis_rows(table: pd.DataFrame, dated: pd.DataFrame) -> pd.DataFrame:
    """The ``claim_evidence`` rows every verdict rests on, with the verdict, for display."""
    frames = []
    for claim_id, verdict in zip(table["claim_id"], table["verdict"].astype(str), strict=True):
        part = verdict_for(str(claim_id), dated).rows.copy()
        part.insert(1, "verdict", verdict)
        frames.append(part)
    cols = ["claim_id", "verdict", "evidence", "evidence_table", "relation", "timing", "evidence_date",
            "evidence_title", "note"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    return out[[c for c in cols if c in out.columns]]


def misplaced_later_developments(dated: pd.DataFrame) -> pd.DataFrame:
    """``later_development`` rows not dated after the interview (should be empty).

    A development on or before the interview date cannot have overtaken the claim: such a row
    must be re-curated as supports, contradicts or context.
    """
    bad = dated[(dated["relation"] == "later_development") & (dated["timing"] != "after")]
    return bad.reset_index(drop=True)


def _ids(table: pd.DataFrame, mask: pd.Series) -> str:
    """Comma-separated claim ids of ``table`` where ``mask`` holds, or ``none``."""
    ids = table.loc[mask, "claim_id"].astype(str).tolist()
    return ", ".join(ids) if ids else "none"


def findings_markdown(table: pd.DataFrame, dated: pd.DataFrame) -> str:
    """The notebook's summary of findings as Markdown, computed from the verdict table.

    ``table`` is :func:`verdicts`, ``dated`` is :func:`dated_evidence`. Every number and claim
    id in the text comes from these two frames.
    """
    verdict = table["verdict"].astype(str)
    counts = verdict_counts(table)
    timing = dated["timing"].value_counts()
    relations = dated["relation"].astype(str).value_counts()
    first = (f"- {len(dated)} `claim_evidence` rows bear on the {len(table)} claims: "
             f"{int(timing.get('before', 0))} dated on or before the interview, "
             f"{int(timing.get('after', 0))} after")
    if int(timing.get("undated", 0)):
        first += f", {int(timing.get('undated', 0))} undated"
    first += " (" + ", ".join(f"{int(relations.get(r, 0))} {r.replace('_', ' ')}" for r in RELATIONS) + ")."
    lines = [first, "- Verdicts: " + ", ".join(
        f"**{int(counts[v])} {v}** ({_ids(table, verdict == v)})" for v in VERDICTS) + "."]
    both = (verdict == "overtaken") & (table["n_supports"] > 0)
    lines.append("- Overtaken claims that evidence had also borne out (they held, then events moved on): "
                 f"{int(both.sum())} ({_ids(table, both)}).")
    later = (table["n_supports_after"] > 0) & verdict.isin(["supported", "overtaken"])
    lines.append(f"- Claims borne out by evidence dated after the interview: {int(later.sum())} "
                 f"({_ids(table, later)}).")
    misplaced = misplaced_later_developments(dated)
    if misplaced.empty:
        lines.append("- Every `later_development` row is dated after the interview.")
    else:
        pairs = ", ".join(f"{c}/{e}" for c, e in zip(misplaced["claim_id"], misplaced["evidence"], strict=True))
        lines.append(f"- {len(misplaced)} `later_development` rows are not dated after the interview "
                     f"and need re-curating: {pairs}.")
    lines.append(f"- The verdicts rest on {len(basis_rows(table, dated))} rows in all, listed in section 4.")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The interview as data (notebook 01)

def interview_profile(interviews: pd.DataFrame, interview_id: str | None = None) -> pd.DataFrame:
    """Who, when and where of one interview as a two-column table (field, value)."""
    rows = interviews if interview_id is None else interviews[interviews["interview_id"] == interview_id]
    rec = rows.iloc[0]
    fields = ["interview_id", "interviewee", "affiliation", "position", "interviewer", "interview_date",
              "published", "outlet", "title", "language"]
    out = []
    for name in fields:
        if name not in rec.index:
            continue
        value = rec[name]
        if isinstance(value, pd.Timestamp):
            value = f"{value:%Y-%m-%d}"
        out.append({"field": name, "value": "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)})
    return pd.DataFrame(out)


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


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Every claim: claim_id, paragraph, topic, subjects (comma-separated), claim_type, summary."""
    from helpers.timeline import as_list

    out = claims.sort_values("claim_id")[["claim_id", "paragraph", "topic", "subjects", "claim_type", "summary"]].copy()
    out["subjects"] = out["subjects"].map(lambda v: ", ".join(as_list(v)))
    out["topic"] = out["topic"].astype(str)
    out["claim_type"] = out["claim_type"].astype(str)
    return out.set_index("claim_id")


def evidence_overview(dated: pd.DataFrame) -> pd.DataFrame:
    """Number of claim_evidence rows per relation (rows) and timing (columns), with totals."""
    table = pd.crosstab(dated["relation"], dated["timing"], margins=True, margins_name="total")
    rel_order = [r for r in RELATIONS if r in table.index] + ["total"]
    tim_order = [t for t in ("before", "after", "undated") if t in table.columns] + ["total"]
    return table.loc[rel_order, tim_order]
