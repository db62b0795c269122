"""Notebook 05's verdicts: how the interview's claims aged, one verdict per claim from its evidence.

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

The evidence is dated by :func:`helpers.evidence.dated_evidence` (``events.date``; for deployments
their first known date) and placed ``before`` (on or before the interview date), ``after`` or
``undated``.

Verdict rules, applied in this order (the first that matches wins):

1. **contradicted** (R1) - any ``contradicts`` row;
2. **overtaken** (R2) - any ``later_development`` row;
3. **supported** (R3) - any ``supports`` row;
4. **open** (R4) - only ``context`` rows (or none): the record does not settle the claim.

:func:`verdicts` returns the table; :func:`verdict_for` returns one :class:`Verdict` whose
``rows`` are the ``claim_evidence`` rows of the relation that decided it. The functions return
numbers and frames; the notebook writes the sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.schema import enum

#: The verdicts, in the order they are shown (colours: :data:`helpers.style.VERDICT_COLORS`).
VERDICTS: tuple[str, ...] = ("supported", "contradicted", "overtaken", "open")

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
                **{f"n_{r}": int(counts.get(r, 0)) for r in enum("claim_evidence", "relation")},
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


def evidence_overview(dated: pd.DataFrame) -> pd.DataFrame:
    """Number of claim_evidence rows per relation (rows) and timing (columns), with totals.

    With no evidence (an as-of date before the first evidence row) the table is the totals alone.
    """
    if dated.empty:
        return pd.DataFrame({"total": [0]}, index=pd.Index(["total"], name="relation")).rename_axis(
            columns="timing")
    table = pd.crosstab(dated["relation"], dated["timing"], margins=True, margins_name="total")
    rel_order = [r for r in enum("claim_evidence", "relation") if r in table.index] + ["total"]
    tim_order = [t for t in ("before", "after", "undated") if t in table.columns] + ["total"]
    return table.loc[rel_order, tim_order]
