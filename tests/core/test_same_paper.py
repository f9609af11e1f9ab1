"""merge.SamePaper: the one rule by which PaperMerger and the streamed import find a repeat."""

from __future__ import annotations

from reader.core.merge import SamePaper
from reader.core.models import Paper
from reader.core.text import make_paper_id


def paper(title: str, arxiv_id: str | None = None) -> Paper:
    return Paper(id=make_paper_id(title, arxiv_id), title=title, arxiv_id=arxiv_id)


def test_a_repeat_is_found_by_id_then_by_title_unless_both_have_arxiv_ids() -> None:
    same = SamePaper()
    same.note(0, paper("Attention", "2401.00001"))
    same.note(1, paper("Untitled work"))
    assert same.slot(paper("Other", "2401.00001")) == 0  # the same id
    assert same.slot(paper("Attention")) == 0  # the same title, one without an id
    assert same.slot(paper("Attention", "2401.00002")) is None  # two ids: two papers
    assert same.slot(paper("Untitled work", "2401.00003")) == 1
    assert same.slot(paper("Something new")) is None


def test_a_merge_that_gains_an_arxiv_id_is_remembered() -> None:
    same = SamePaper()
    same.note(0, paper("Untitled work"))
    same.note(0, paper("Untitled work", "2401.00005"))  # merged: now with an id
    assert same.slot(paper("Untitled work", "2401.00006")) is None
    assert same.slot(paper("Untitled work", "2401.00005")) == 0


def test_columns_give_the_same_answers_as_papers() -> None:
    listed = [paper("Attention", "2401.00001"), paper("Untitled work"), paper("Attention")]
    by_papers, by_columns = SamePaper(), SamePaper()
    for position, item in enumerate(listed):
        by_papers.note(position, item)
    by_columns.note_columns([p.id for p in listed], [p.title_key for p in listed])
    probes = [paper("Attention", "2401.00009"), paper("Untitled work", "2401.00009"), *listed]
    assert [by_columns.slot(p) for p in probes] == [by_papers.slot(p) for p in probes]
    assert [by_papers.slot(p) for p in probes[:2]] == [None, 1]
