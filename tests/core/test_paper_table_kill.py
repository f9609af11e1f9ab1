"""PaperTable: the list columns of a huge library, written once and memory-mapped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reader.core.models import Paper, SortMode
from reader.core.paper_table import PaperTable, write_columns
from reader.core.sorting import static_rank


def _papers() -> list[Paper]:
    return [
        Paper(id="2401.00001", title="Zeta functions", date="2023-05-01", upvotes=3),
        Paper(id="2401.00002", title="älpha decay", date="2024", upvotes=None),
        Paper(id="2401.00003", title="Beta blockers", listing_date="2024", upvotes=10),
        Paper(id="2401.00004", title="gamma rays", date="2024-02", upvotes=0),
        Paper(id="2401.00005", title="Delta sigma", date="2024-02-03", upvotes=7),
        Paper(id="2401.00006", title="Epsilon nets", upvotes=None),
    ]


def _table(tmp_path: Path, papers: list[Paper]) -> PaperTable:
    folder = tmp_path / "entry" / "columns"  # neither folder exists yet
    write_columns(folder, papers)
    return PaperTable(folder)


def test_columns_round_trip_text_and_make_missing_folders(tmp_path: Path) -> None:
    papers = _papers()
    table = _table(tmp_path, papers)
    assert len(table) == len(papers)
    assert list(table.column("id")) == [paper.id for paper in papers]
    assert list(table.column("title")) == [paper.title for paper in papers]
    assert [table.column("title")[n] for n in range(len(papers))] == [p.title for p in papers]
    assert list(table.column("title_key")) == [paper.title_key for paper in papers]
    # Without a document store a paper is what the list needs: id, title, title key.
    assert table.engine is None and table.fetch is None
    first = table[0]
    assert (first.id, first.title, first.title_key) == (
        papers[0].id,
        papers[0].title,
        papers[0].title_key,
    )
    assert [(p.id, p.title, p.title_key) for p in table] == [
        (p.id, p.title, p.title_key) for p in papers
    ]


def test_columns_can_be_rewritten_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "columns"
    write_columns(folder, _papers())
    write_columns(folder, _papers()[:2])  # the folder exists now
    assert list(PaperTable(folder).column("id")) == ["2401.00001", "2401.00002"]


def test_an_empty_table_opens(tmp_path: Path) -> None:
    table = _table(tmp_path, [])
    assert len(table) == 0 and list(table) == [] and list(table.column("title")) == []
    assert table.rank(SortMode.DATE) is not None and len(table.rank(SortMode.DATE)) == 0  # type: ignore[arg-type]


def test_columns_are_memory_mapped_not_loaded(tmp_path: Path) -> None:
    table = _table(tmp_path, _papers())
    assert isinstance(table.dates, np.memmap) and isinstance(table.upvotes, np.memmap)
    assert isinstance(table.column("id").offsets, np.memmap)


@pytest.mark.parametrize("mode", [SortMode.DATE, SortMode.UPVOTES, SortMode.TITLE])
def test_rank_is_the_in_memory_sort_order(tmp_path: Path, mode: SortMode) -> None:
    # Year-only and month-only dates (BibTeX years are listing dates) sort as in memory:
    # a year after that year's dated papers, before the year before.
    papers = _papers()
    ranks = _table(tmp_path, papers).rank(mode)
    assert ranks is not None and ranks.dtype == np.int32
    assert ranks.tolist() == static_rank(mode, papers).tolist()  # type: ignore[union-attr]


def test_date_and_upvote_ranks_spelled_out(tmp_path: Path) -> None:
    table = _table(tmp_path, _papers())
    by_date = table.rank(SortMode.DATE)
    assert by_date is not None
    order = [table.column("id")[n][-1] for n in np.argsort(by_date)]
    assert order == ["5", "4", "2", "3", "1", "6"]  # 2024-02-03, 2024-02, 2024 x2, 2023, none
    by_votes = table.rank(SortMode.UPVOTES)
    assert by_votes is not None
    order = [table.column("id")[n][-1] for n in np.argsort(by_votes)]
    assert order == ["3", "5", "1", "4", "2", "6"]  # 10, 7, 3, 0, unknown x2 in order
    assert table.rank(SortMode.RELEVANCE) is None


def test_a_date_sorts_before_its_month_before_its_year(tmp_path: Path) -> None:
    papers = [
        Paper(id="2401.00001", title="A", date="2024"),
        Paper(id="2401.00002", title="B", date="2024-01"),
        Paper(id="2401.00003", title="C", date="2024-01-01"),
        Paper(id="2401.00004", title="D"),
    ]
    ranks = _table(tmp_path, papers).rank(SortMode.DATE)
    assert ranks is not None and ranks.tolist() == [2, 1, 0, 3]
    assert ranks.tolist() == static_rank(SortMode.DATE, papers).tolist()  # type: ignore[union-attr]


def test_a_title_key_of_its_own_is_kept(tmp_path: Path) -> None:
    # A paper first annotated under another title keeps that key (notes follow it).
    table = _table(tmp_path, [Paper(id="2401.00001", title="Renamed", title_key="first-key")])
    assert table[0].title_key == "first-key"


def test_rank_keeps_library_order_among_many_ties(tmp_path: Path) -> None:
    papers = [
        Paper(id=f"2401.{n:05d}", title=f"Paper {n % 7}", date="2024-01-01" if n % 3 else None)
        for n in range(300)
    ]
    table = _table(tmp_path, papers)
    for mode in (SortMode.DATE, SortMode.UPVOTES, SortMode.TITLE):
        assert table.rank(mode).tolist() == static_rank(mode, papers).tolist()  # type: ignore[union-attr]


def test_negative_and_out_of_range_indices(tmp_path: Path) -> None:
    table = _table(tmp_path, _papers())
    assert table[-1].id == "2401.00006" and table[-6].id == "2401.00001"
    assert table[0].id == "2401.00001" and table[5].id == "2401.00006"
    assert [paper.id for paper in table[1:3]] == ["2401.00002", "2401.00003"]
    with pytest.raises(IndexError) as caught:
        table[6]
    assert caught.value.args == (6,)  # names the index
    with pytest.raises(IndexError):
        table[-7]


def test_extra_papers_follow_the_table(tmp_path: Path) -> None:
    table = _table(tmp_path, _papers()[:2])
    extra = Paper(id="2402.00001", title="Annotated elsewhere")
    assert table.extended([extra]) is table and table.extra == [extra]
    assert len(table) == 3 and table[2] is extra and table[-1] is extra
    assert [paper.id for paper in table] == ["2401.00001", "2401.00002", "2402.00001"]


def test_fetched_papers_are_kept_for_the_rows_on_screen(tmp_path: Path) -> None:
    papers = [Paper(id=f"2401.{n:05d}", title=f"Paper {n}") for n in range(600)]
    table = _table(tmp_path, papers)
    calls: list[int] = []

    def fetch(index: int) -> Paper:
        calls.append(index)
        return Paper(id=papers[index].id, title=papers[index].title, abstract="whole")

    table.fetch = fetch
    assert table[3].abstract == "whole" and table[3].abstract == "whole"
    assert calls == [3]  # the second look is the kept copy
    for index in range(512):  # 512 rows are kept: 3 is still there
        table[index]
    assert calls.count(3) == 1
    table[0]
    assert calls.count(0) == 1  # the 512th row did not evict the first
    table[599]  # a 513th row evicts the oldest (1), not the newest
    table[599]
    assert calls.count(599) == 1
    table[0]
    table[1]
    assert calls.count(0) == 1 and calls.count(1) == 2


def test_a_paper_the_store_lacks_is_kept_too(tmp_path: Path) -> None:
    table = _table(tmp_path, _papers())
    calls: list[int] = []

    def fetch(index: int) -> Paper | None:
        calls.append(index)
        return None

    table.fetch = fetch
    assert table[1].title == "älpha decay" and table[1].title == "älpha decay"
    assert calls == [1]


def _columns(tmp_path: Path) -> Path:
    folder = tmp_path / "columns"
    write_columns(folder, _papers()[:2])
    return folder


def _damage(folder: Path, name: str, offsets: np.ndarray, blob: bytes | None = None) -> None:
    np.save(folder / f"{name}.offsets.npy", offsets)
    if blob is not None:
        (folder / f"{name}.bin").write_bytes(blob)


def _refused(folder: Path) -> str:
    with pytest.raises(ValueError) as caught:
        PaperTable(folder)
    return str(caught.value)


def test_offsets_of_the_wrong_length_or_type_are_refused(tmp_path: Path) -> None:
    folder = _columns(tmp_path)
    title_bytes = len((folder / "title.bin").read_bytes())
    _damage(folder, "title", np.array([0, title_bytes], dtype=np.int64))  # one paper short
    assert _refused(folder) == "title offsets of the wrong shape"
    first = len(b"Zeta functions")
    _damage(folder, "title", np.array([0, first, title_bytes], dtype=np.int32))
    assert _refused(folder) == "title offsets of the wrong shape"
    _damage(folder, "title", np.array([[0, first, title_bytes]], dtype=np.int64))
    assert _refused(folder) == "title offsets of the wrong shape"


def test_offsets_that_do_not_fit_the_text_are_refused(tmp_path: Path) -> None:
    folder = _columns(tmp_path)
    _damage(folder, "id", np.array([1, 10, 20], dtype=np.int64), b"x" * 20)  # start is not 0
    assert _refused(folder) == "id offsets do not fit the text"
    _damage(folder, "id", np.array([0, 10, 19], dtype=np.int64), b"x" * 20)  # end short
    assert _refused(folder) == "id offsets do not fit the text"
    _damage(folder, "id", np.array([0, 15, 10], dtype=np.int64), b"x" * 10)
    assert _refused(folder) == "id offsets out of order"


def test_an_empty_string_in_a_column_is_fine(tmp_path: Path) -> None:
    folder = _columns(tmp_path)
    _damage(folder, "title", np.array([0, 0, 5], dtype=np.int64), b"Title")
    table = PaperTable(folder)
    assert list(table.column("title")) == ["", "Title"]


@pytest.mark.parametrize(
    "array",
    [
        np.array([1, 2], dtype=np.int64),
        np.array([1, 2, 3], dtype=np.int32),
        np.array([[1, 2]], dtype=np.int32),
    ],
)
@pytest.mark.parametrize("name", ["date", "upvotes"])
def test_sort_columns_of_the_wrong_shape_are_refused(
    tmp_path: Path, name: str, array: np.ndarray
) -> None:
    folder = _columns(tmp_path)
    np.save(folder / f"{name}.npy", array)
    assert _refused(folder) == "sort columns of the wrong shape"
