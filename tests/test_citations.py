"""Every notebook's source list: the cited ids resolved to rows of the sources table."""

import pandas as pd

from helpers import citations

SOURCES = pd.DataFrame({
    "source_id": ["a", "b", "c", "d"], "title": ["A", "B", "C", "D"],
    "publisher": ["pa", "pb", "pc", "pd"], "url": ["https://a", "https://b", "https://c", "https://d"],
})


def test_cited_sources_collects_ids_from_frames_and_lists():
    frame = pd.DataFrame({"source_id": ["b", "a", None], "JP source": ["c", "", None]})
    out = citations.cited_sources(SOURCES, frame, ["zz", ""])
    assert list(out["source_id"]) == ["a", "b", "c", "zz"]
    assert out.iloc[3]["title"] == ""
    assert out.iloc[0]["url"] == "https://a"


def test_cited_sources_reads_every_source_id_column():
    interviews = pd.DataFrame({"source_id": ["a"], "original_source_id": ["d"], "note": ["b"]})
    assert list(citations.cited_sources(SOURCES, interviews)["source_id"]) == ["a", "d"]
