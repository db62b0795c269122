"""Notebook 01 - the interview as data: who said what, on which topics, about which islands.

``tables`` holds the tables and the island view, ``figures`` their figures; the notebook calls
them through this package (``interview.island_view(...)``).
"""

from helpers.interview.figures import claims_topic_subject_figure, island_view_figure
from helpers.interview.tables import (
    HANDOVER_TOPICS,
    SUMMARY_SUBJECTS,
    claims_findings_markdown,
    claims_long,
    claims_table,
    interview_profile,
    island_view,
    label_conventions,
    publication_chain,
    subject_labels,
    topic_counts,
    topic_subject_matrix,
)

__all__ = [
    "HANDOVER_TOPICS",
    "SUMMARY_SUBJECTS",
    "claims_findings_markdown",
    "claims_long",
    "claims_table",
    "claims_topic_subject_figure",
    "interview_profile",
    "island_view",
    "island_view_figure",
    "label_conventions",
    "publication_chain",
    "subject_labels",
    "topic_counts",
    "topic_subject_matrix",
]
