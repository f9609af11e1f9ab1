"""Merging: the DOI, journal and update date of either record, and merger order."""

from __future__ import annotations

from reader.core.merge import PaperMerger, merge_papers
from reader.core.models import Paper


def _paper(**fields: object) -> Paper:
    return Paper(**{"id": "2401.00001", "title": "T", "arxiv_id": "2401.00001", **fields})  # type: ignore[arg-type]


def test_publication_fields_come_from_whichever_record_has_them() -> None:
    bare = _paper()
    full = _paper(doi="10.1/x", journal_ref="Nature", update_date="2024-05-01")
    for first, second in ((bare, full), (full, bare)):
        merged = merge_papers(first, second)
        assert (merged.doi, merged.journal_ref, merged.update_date) == (
            "10.1/x",
            "Nature",
            "2024-05-01",
        )
    assert merge_papers(bare, bare).update_date is None
    other = _paper(doi="10.2/y", journal_ref="Science", update_date="2024-06-01")
    merged = merge_papers(full, other)
    assert (merged.doi, merged.journal_ref) == ("10.1/x", "Nature")  # the leading record's
    assert merged.update_date == merge_papers(other, full).update_date == "2024-06-01"


def test_the_merger_keeps_first_seen_order_and_merges_late_arrivals() -> None:
    merger = PaperMerger()
    merger.add_all(
        [
            Paper(id="title:a", title="Alpha", title_key="ka", upvotes=1),
            Paper(id="2401.00002", title="Beta", title_key="kb", arxiv_id="2401.00002"),
            Paper(id="2401.00003", title="ALPHA", title_key="ka", arxiv_id="2401.00003"),
            Paper(id="title:a", title="Alpha", title_key="ka", upvotes=9),
            Paper(id="2401.00004", title="Alpha", title_key="ka", arxiv_id="2401.00004"),
        ]
    )
    papers = merger.papers()
    assert [(paper.id, paper.upvotes) for paper in papers] == [
        ("2401.00003", 9),
        ("2401.00002", None),
        ("2401.00004", None),
    ]
