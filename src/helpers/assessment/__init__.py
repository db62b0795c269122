"""Notebook 05 - how the interview's claims aged: a verdict per claim, and its figure.

``verdicts`` holds the verdict rules and tables, ``figures`` the verdict figure; the evidence is
dated by :mod:`helpers.evidence` (re-exported here for the notebook).
"""

from helpers.assessment.figures import RELATION_MARKERS, verdict_figure
from helpers.assessment.verdicts import (
    RULE_ORDER,
    RULES,
    VERDICTS,
    Verdict,
    basis_rows,
    classify,
    evidence_overview,
    findings_markdown,
    misplaced_later_developments,
    verdict_counts,
    verdict_for,
    verdicts,
)
from helpers.evidence import dated_evidence, evidence_dates

__all__ = [
    "RELATION_MARKERS",
    "RULES",
    "RULE_ORDER",
    "VERDICTS",
    "Verdict",
    "basis_rows",
    "classify",
    "dated_evidence",
    "evidence_dates",
    "evidence_overview",
    "findings_markdown",
    "misplaced_later_developments",
    "verdict_counts",
    "verdict_for",
    "verdict_figure",
    "verdicts",
]
