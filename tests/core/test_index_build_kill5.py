"""LibraryBuilder: commit cadence, repeats read from memory or the index, resumes, counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.core import index_build, index_cache
from reader.core.index_build import LibraryBuilder, Mismatch
from reader.core.models import Paper
from reader.core.paper_table import PaperTable, write_columns
from reader.core.search.engine import Batch, SearchEngine


def _paper(number: int, **fields: Any) -> Paper:
    arxiv = f"2403.{number:05d}"
    title = f"Paper {number} on zebra stripes"
    return Paper(arxiv, title, arxiv_id=arxiv, authors=("A. Author",)).replace(**fields)


class Commits:
    """Counts the builder's commits (its cadence is what is checked)."""

    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def commits(monkeypatch: pytest.MonkeyPatch) -> Commits:
    counter = Commits()
    original = Batch.commit

    def commit(self: Batch) -> None:
        counter.count += 1
        original(self)

    monkeypatch.setattr(Batch, "commit", commit)
    return counter


@pytest.fixture
def lazy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Papers live in the index from the first one on (a huge library)."""
    monkeypatch.setattr(index_cache, "LAZY_FROM", 1)


def _authors(engine: SearchEngine, position: int) -> tuple[str, ...]:
    stored = engine.paper(position)
    assert stored is not None
    return stored.authors


def test_the_writer_commits_every_commit_every_writes(
    monkeypatch: pytest.MonkeyPatch, commits: Commits
) -> None:
    monkeypatch.setattr(index_build, "COMMIT_EVERY", 3)
    engine = SearchEngine(None)
    with engine.batch() as batch:
        builder = LibraryBuilder(engine)
        assert builder.add_all(batch, [_paper(n) for n in range(7)]) == 7
        assert commits.count == 2 and engine.indexed_count() == 6
        builder.finish(batch)
        assert commits.count == 3 and engine.indexed_count() == 7
    engine.close()


@pytest.mark.usefixtures("lazy")
def test_repeats_of_the_last_recent_papers_are_merged_from_memory(
    monkeypatch: pytest.MonkeyPatch, commits: Commits
) -> None:
    monkeypatch.setattr(index_build, "RECENT", 2)
    engine = SearchEngine(None)
    with engine.batch() as batch:
        builder = LibraryBuilder(engine)
        builder.add_all(batch, [_paper(n) for n in range(3)])
        assert builder.papers is None
        repeats = [_paper(2, authors=("C. Two",)), _paper(1, authors=("C. One",))]
        builder.add_all(batch, repeats)
        assert commits.count == 0  # the newest and the RECENT-th newest were at hand
        builder.add_all(batch, [_paper(0, authors=("C. Zero",))])
        assert commits.count == 1  # no longer kept: committed, then read back
        builder.finish(batch)
    assert builder.count == 3 and builder.added == 3
    assert _authors(engine, 0) == ("A. Author", "C. Zero")
    assert _authors(engine, 1) == ("A. Author", "C. One")
    assert _authors(engine, 2) == ("A. Author", "C. Two")
    engine.close()


@pytest.mark.usefixtures("lazy")
def test_a_repeat_read_back_right_after_a_commit_commits_nothing_more(
    monkeypatch: pytest.MonkeyPatch, commits: Commits
) -> None:
    monkeypatch.setattr(index_build, "RECENT", 1)
    monkeypatch.setattr(index_build, "COMMIT_EVERY", 3)
    engine = SearchEngine(None)
    with engine.batch() as batch:
        builder = LibraryBuilder(engine)
        papers = [_paper(0), _paper(1), _paper(2), _paper(0, authors=("C. Zero",))]
        builder.add_all(batch, papers)
        assert commits.count == 1  # after the third write; paper 0 was read from the index
    assert _authors(engine, 0) == ("A. Author",)  # the merge is not committed yet
    engine.close()


@pytest.mark.usefixtures("lazy")
def test_add_reads_back_its_own_uncommitted_writes(
    monkeypatch: pytest.MonkeyPatch, commits: Commits
) -> None:
    monkeypatch.setattr(index_build, "RECENT", 1)
    engine = SearchEngine(None)
    with engine.batch() as batch:
        builder = LibraryBuilder(engine)
        for paper in (_paper(0), _paper(1), _paper(0, authors=("C. Zero",))):
            builder.add(batch, paper)
        assert commits.count == 1  # paper 0 was no longer kept: committed, read back
        builder.finish(batch)
    assert builder.count == 2 and _authors(engine, 0) == ("A. Author", "C. Zero")
    engine.close()


def test_the_list_is_kept_in_memory_below_lazy_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_cache, "LAZY_FROM", 3)
    engine = SearchEngine(None)
    with engine.batch() as batch:
        builder = LibraryBuilder(engine)
        builder.add_all(batch, [_paper(0), _paper(1)])
        assert builder.papers == [_paper(0), _paper(1)]
        builder.add_all(batch, [_paper(2)])
        assert builder.papers is None  # LAZY_FROM papers: index_cache.save keeps columns
        builder.finish(batch)
    assert builder.texts["id"] == ["2403.00000", "2403.00001", "2403.00002"]
    engine.close()


@pytest.mark.usefixtures("lazy")
def test_a_title_listed_paper_that_gains_its_arxiv_id_is_listed_by_it() -> None:
    engine = SearchEngine(None)
    title_only = Paper(id="", title="Paper 1 on zebra stripes", authors=("B. Title",))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine)
        builder.add_all(batch, [_paper(0), title_only, _paper(1, upvotes=7, date="2024-03-13")])
        builder.finish(batch)
    assert builder.count == 2
    assert builder.texts["id"] == ["2403.00000", "2403.00001"]
    assert builder.texts["title"] == ["Paper 0 on zebra stripes", "Paper 1 on zebra stripes"]
    assert builder.texts["title_key"] == [_paper(0).title_key, title_only.title_key]
    assert builder.dates.tolist() == [0, 20240313] and builder.upvotes.tolist() == [-1, 7]
    stored = engine.paper(1)
    assert stored is not None and stored.id == "2403.00001"
    assert stored.authors == ("A. Author", "B. Title")
    engine.close()


def _table(folder: Path, papers: list[Paper]) -> PaperTable:
    write_columns(folder, papers)
    return PaperTable(folder)


def test_a_huge_library_is_seeded_from_its_columns(tmp_path: Path) -> None:
    untitled = Paper(id="", title="Stripes without an id", upvotes=20, date="2024-01-03")
    base = [_paper(0, upvotes=0, date="2024-01-01"), _paper(1, upvotes=10, date="2024-01-02")]
    base.append(untitled)
    engine = SearchEngine(None)
    engine.add(enumerate(base))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, _table(tmp_path / "columns", base))
        assert builder.papers is None and builder.count == 3
        assert builder.dates.tolist() == [20240101, 20240102, 20240103]
        assert builder.upvotes.tolist() == [0, 10, 20]
        records = [
            _paper(1, authors=("C. Again",), upvotes=12),  # the same id
            Paper(id="", title="Stripes  Without An ID", authors=("D. Title",)),  # same title
            _paper(5),
        ]
        builder.add_all(batch, records)
        builder.finish(batch)
    assert builder.count == 4 and builder.added == 1 and builder.updated == 2
    assert builder.texts["id"] == [paper.id for paper in [*base, _paper(5)]]
    assert builder.upvotes.tolist() == [0, 12, 20, -1]
    assert builder.dates.tolist() == [20240101, 20240102, 20240103, 0]
    assert _authors(engine, 1) == ("A. Author", "C. Again")
    assert _authors(engine, 2) == ("D. Title",)
    engine.close()


def test_a_listed_paper_missing_from_the_index_is_a_mismatch(tmp_path: Path) -> None:
    base = [_paper(0), _paper(1)]
    engine = SearchEngine(None)  # its documents are not these papers'
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, _table(tmp_path / "columns", base))
        with pytest.raises(Mismatch) as raised:
            builder.add(batch, _paper(1, authors=("C. Again",)))
    assert str(raised.value) == "no document at 1"
    engine.close()


def test_updated_counts_each_base_paper_once_and_no_new_one() -> None:
    base = [_paper(0), _paper(1), _paper(2)]
    engine = SearchEngine(None)
    engine.add(enumerate(base))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, base)
        records = [
            _paper(0, authors=("C. Zero",)),
            _paper(3),
            _paper(3, authors=("C. Three",)),  # the first new paper, merged: not an update
            _paper(2, authors=("C. Two",)),
            _paper(0, authors=("D. Zero",)),  # paper 0 again: still one updated paper
            _paper(1),  # unchanged
        ]
        builder.add_all(batch, records)
        builder.finish(batch)
    assert (builder.added, builder.updated, builder.count) == (1, 2, 4)
    assert _authors(engine, 0) == ("A. Author", "C. Zero", "D. Zero")
    assert _authors(engine, 3) == ("A. Author", "C. Three")
    engine.close()


def test_a_resume_accepts_its_first_paper_merged_with_its_arxiv_record() -> None:
    title_only = Paper(id="", title="Paper 0 on zebra stripes")
    engine = SearchEngine(None)  # committed: paper 0 as merged with its arXiv record
    engine.add(enumerate([_paper(0), _paper(1)]))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, skip=2)
        builder.add_all(batch, [title_only, _paper(1), _paper(0), _paper(2)])
        builder.finish(batch)
    assert (builder.count, builder.added) == (3, 1)
    assert engine.indexed_count() == 3
    engine.close()


def test_a_resume_over_other_papers_names_the_position() -> None:
    engine = SearchEngine(None)
    engine.add(enumerate([_paper(0), _paper(9)]))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, skip=2)
        builder.add(batch, _paper(0))
        with pytest.raises(Mismatch) as raised:
            builder.add(batch, _paper(1))
    assert str(raised.value) == "another paper at 1"
    engine.close()


def test_a_resume_that_reads_fewer_papers_than_committed_is_a_mismatch() -> None:
    engine = SearchEngine(None)
    engine.add(enumerate([_paper(0), _paper(1)]))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, skip=2)
        builder.add_all(batch, [_paper(0)])
        with pytest.raises(Mismatch) as raised:
            builder.finish(batch)
    assert str(raised.value) == "fewer papers than the index holds"
    engine.close()


def test_a_resume_of_a_build_committed_whole_writes_nothing(commits: Commits) -> None:
    engine = SearchEngine(None)
    engine.add(enumerate([_paper(0), _paper(1)]))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, skip=2)
        builder.add_all(batch, [_paper(0), _paper(1)])
        builder.finish(batch)
        assert commits.count == 0
    assert (builder.count, builder.added) == (2, 0) and engine.indexed_count() == 2
    engine.close()


def test_a_resume_checks_its_first_paper() -> None:
    engine = SearchEngine(None)
    engine.add(enumerate([_paper(9), _paper(1), _paper(2)]))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, skip=3)
        with pytest.raises(Mismatch) as raised:
            builder.add(batch, _paper(0))
    assert str(raised.value) == "another paper at 0"
    engine.close()
