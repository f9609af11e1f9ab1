"""Annotated papers never vanish from the list when the library changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.core.annotated import NOT_IN_LIBRARY
from reader.core.library import open_library
from reader.core.models import Status
from tests.conftest import FIXTURES


def annotate_sample(db_path: Path) -> dict[str, str]:
    library = open_library([], db_path)
    first, second = library.papers[1], library.papers[5]  # [0] is also in hf-daily.json
    library.set_tags(first, ("slm",))
    library.set_note(second, "read this first")
    library.set_status(second, Status.READ)
    return {first.id: first.title, second.id: second.title}


def test_annotated_sample_papers_come_along_when_the_library_gets_a_file(
    db_path: Path, tmp_path: Path
) -> None:
    annotated = annotate_sample(db_path)
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(FIXTURES / "hf-daily.json", folder / "2024-03-15.json")
    library = open_library([], db_path)
    titles = {paper.id: paper.title for paper in library.papers}
    assert {paper_id: titles.get(paper_id) for paper_id in annotated} == annotated
    assert len(library.papers) == 2 + 2  # the file's two papers, the two annotated ones
    assert any("2 annotated papers of the bundled sample" in line for line in library.warnings)
    found = library.search("tag:slm").indices
    assert [library.papers[index].id for index in found] == [next(iter(annotated))]
    assert len(library.search("status:read")) == 1
    # Said once: the next launch does not repeat it.
    assert not any("bundled sample" in line for line in open_library([], db_path).warnings)


def test_a_paper_whose_file_is_gone_is_listed_from_its_annotation(
    db_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.bib"
    shutil.copy(FIXTURES / "references.bib", page)
    library = open_library([page], db_path)
    paper = library.papers[0]
    library.set_tags(paper, ("keep",))
    page.unlink()
    shown = open_library([], db_path)  # the bundled sample, which lacks that paper
    (kept,) = [p for p in shown.papers if p.id == paper.id]
    assert kept.title == paper.title and kept.source == NOT_IN_LIBRARY
    assert [shown.papers[index].id for index in shown.search("tag:keep").indices] == [paper.id]


def test_unannotated_papers_are_not_kept(db_path: Path, tmp_path: Path) -> None:
    library = open_library([], db_path)
    paper = library.papers[0]
    library.set_tags(paper, ("x",))
    library.set_tags(paper, ())
    assert len(open_library([], db_path).papers) == 80


def test_in_library_query_separates_kept_annotated_papers(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.bib"
    shutil.copy(FIXTURES / "references.bib", page)
    library = open_library([page], db_path)
    library.set_note(library.papers[0], "keep me")
    page.unlink()
    shown = open_library([], db_path)
    kept = [shown.papers[index].id for index in shown.search("-in:library").indices]
    assert kept == [library.papers[0].id]
    assert len(shown.search("in:library")) == len(shown.papers) - 1
    assert shown.search("in:nowhere").error
