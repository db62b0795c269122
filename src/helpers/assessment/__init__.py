"""Notebook 05 - how the interview's claims aged: a verdict per claim, and its figure.

``verdicts`` holds the verdict rules and tables, ``history`` the verdicts at the interview date and
at each year end since, ``figures`` the two figures; the evidence is
dated by :mod:`helpers.evidence` (re-exported here for the notebook).
"""

from helpers.assessment.figures import RELATION_MARKERS, verdict_figure, verdicts_over_time_figure
from helpers.assessment.history import (
    checkpoints,
    counts_over_time,
    verdict_changes,
    verdict_history,
)
from helpers.assessment.verdicts import (
    RULE_ORDER,
    RULES,
    VERDICTS,
    Verdict,
    basis_rows,
    classify,
    evidence_overview,
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
    "checkpoints",
    "classify",
    "counts_over_time",
    "dated_evidence",
    "evidence_dates",
    "evidence_overview",
    "misplaced_later_developments",
    "verdict_changes",
    "verdict_counts",
    "verdict_for",
    "verdict_figure",
    "verdict_history",
    "verdicts",
    "verdicts_over_time_figure",
]
