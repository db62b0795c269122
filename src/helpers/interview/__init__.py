"""Notebook 01 - the interview as data: who said what, on which topics, about which islands.

``tables`` holds the tables, the counts and the island view, ``figures`` the claims chart; the
notebook calls them through this package (``interview.island_view(...)``).
"""

from helpers.interview.figures import claims_topic_subject_figure
from helpers.interview.tables import (
    HANDOVER_TOPICS,
    PROFILE_FIELDS,
    claims_long,
    claims_table,
    interview_profile,
    island_view,
    publication_chain,
    subject_counts,
    subject_labels,
    topic_counts,
    topic_subject_matrix,
    type_counts,
)

__all__ = [
    "HANDOVER_TOPICS",
    "PROFILE_FIELDS",
    "claims_long",
    "claims_table",
    "claims_topic_subject_figure",
    "interview_profile",
    "island_view",
    "publication_chain",
    "subject_counts",
    "subject_labels",
    "topic_counts",
    "topic_subject_matrix",
    "type_counts",
]
