"""A huge library's columns: round trip, sort ranks, damaged entries, the row cache (issue 14).

A cached launch of a huge library lists papers from these columns, so every sort must
order them exactly as the in-memory list does (``sorting.static_rank``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reader.core.models import Paper, SortMode
from reader.core.paper_table import PaperTable, write_columns
from reader.core.sorting import static_rank

PAPERS = [
    Paper(id="2403.00001", title="beta: Straße über alles", date="2024-03-15", upvotes=5),
    Paper(id="2403.00002", title="Alpha", date=None, upvotes=None),
    Paper(id="2403.00003", title="ALPHA", date="2023", upvotes=0),
    Paper(id="2403.00004", title="gamma 😀", date="2023-07", upvotes=12),
    Paper(id="2403.00005", title="Delta", date="2023-07-02", upvotes=5),
    Paper(id="2403.00006", title="épsilon", listing_date="2022-01-05"),
    Paper(id="2403.00007", title="Zeta", date="2024-03-15", upvotes=None),
    Paper(id="2403.00008", title="eta", date="2020-01-01", upvotes=7, title_key="kept-key"),
]


def table_of(folder: Path, papers: list[Paper]) -> PaperTable:
    write_columns(folder, papers)
    return PaperTable(folder)


def test_columns_round_trip_whatever_the_script(tmp_path: Path) -> None:
    folder = tmp_path / "entry" / "columns"  # its parent does not exist yet
    table = table_of(folder, PAPERS)
    assert len(table) == len(PAPERS)
    for name in ("id", "title", "title_key"):
        column = table.column(name)
        expected = [getattr(paper, name) for paper in PAPERS]
        assert len(column) == len(PAPERS)
        assert list(column) == expected
        assert [column[i] for i in range(len(PAPERS))] == expected
    # The sort columns: YYYYMMDD with 00 for a missing month or day (0: undated, whatever
    # the field it came from), and upvotes with -1 for unknown.
    assert table.dates.tolist() == [
        20240315,
        0,
        20230000,
        20230700,
        20230702,
        20220105,
        20240315,
        20200101,
    ]
    assert table.upvotes.tolist() == [5, -1, 0, 12, 5, -1, -1, 7]
    # Writing again into the same folder (a rebuilt entry) replaces the columns.
    again = table_of(folder, PAPERS[:2])
    assert list(again.column("title")) == ["beta: Straße über alles", "Alpha"]


def test_without_the_document_store_a_row_is_what_the_list_needs(tmp_path: Path) -> None:
    table = table_of(tmp_path / "c", PAPERS)
    row = table[3]
    assert row == Paper(id="2403.00004", title="gamma 😀", title_key=PAPERS[3].title_key)
    assert table[-1].id == "2403.00008" and table[-len(PAPERS)].id == "2403.00001"
    assert table[-1].title_key == "kept-key"  # annotations follow it, not the title's hash
    assert [paper.id for paper in table] == [paper.id for paper in PAPERS]
    assert [paper.id for paper in table[1:6:2]] == ["2403.00002", "2403.00004", "2403.00006"]
    assert table[-3:] == [table[5], table[6], table[7]]
    for index in (len(PAPERS), -len(PAPERS) - 1, 100):
        with pytest.raises(IndexError) as raised:
            table[index]
        assert raised.value.args == (index if index >= 0 else index + len(PAPERS),)


def test_whole_papers_come_from_the_store_once_and_stay_cached(tmp_path: Path) -> None:
    table = table_of(tmp_path / "c", PAPERS)
    asked: list[int] = []

    def fetch(index: int) -> Paper | None:
        asked.append(index)
        return PAPERS[index] if index != 2 else None  # 2 is not in the store yet

    table.fetch = fetch
    assert table[0] is PAPERS[0] and table[0] is PAPERS[0]
    assert table[2].id == "2403.00003" and table[2].abstract == ""
    assert table[2] is table[2]
    assert table[0] is PAPERS[0]
    assert asked == [0, 2]


def test_the_row_cache_keeps_the_most_recently_shown_rows(tmp_path: Path) -> None:
    from reader.core import paper_table

    papers = [Paper(id=f"2403.{n:05d}", title=f"Paper {n}") for n in range(paper_table._KEEP + 2)]
    table = table_of(tmp_path / "c", papers)
    asked: list[int] = []

    def fetch(index: int) -> Paper:
        asked.append(index)
        return papers[index]

    table.fetch = fetch
    for index in range(paper_table._KEEP):
        table[index]
    table[0]  # refreshed: now the most recent
    table[paper_table._KEEP]  # one over: the least recent (1) goes
    asked.clear()
    table[0]
    table[2]
    table[paper_table._KEEP]
    assert asked == []
    table[1]
    assert asked == [1]


def test_papers_listed_after_the_table(tmp_path: Path) -> None:
    table = table_of(tmp_path / "c", PAPERS[:3])
    assert table.extra == []
    extra = [Paper(id="1999.99999", title="Gone"), Paper(id="1999.99998", title="Also gone")]
    assert table.extended(extra) is table
    assert table.extra == extra and len(table) == 5
    assert table[3] is extra[0] and table[-1] is extra[1]
    assert [paper.id for paper in table][-2:] == ["1999.99999", "1999.99998"]
    # The sort columns cover the table's own papers only.
    assert len(table.rank(SortMode.TITLE)) == 3  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", [SortMode.DATE, SortMode.TITLE, SortMode.UPVOTES])
def test_every_sort_ranks_as_the_in_memory_list_does(tmp_path: Path, mode: SortMode) -> None:
    ranks = table_of(tmp_path / "c", PAPERS).rank(mode)
    expected = static_rank(mode, PAPERS)
    assert ranks is not None and expected is not None
    assert ranks.dtype == np.int32
    assert ranks.tolist() == expected.tolist()


def test_sorts_by_date_and_upvotes_spelled_out(tmp_path: Path) -> None:
    table = table_of(tmp_path / "c", PAPERS)

    def order(mode: SortMode) -> list[str]:
        ranks = table.rank(mode)
        assert ranks is not None
        return [PAPERS[i].id[-1] for i in np.argsort(ranks)]

    # Newest first, a month after its days, a year after its months; undated last.
    assert order(SortMode.DATE) == ["1", "7", "5", "4", "3", "6", "8", "2"]
    # Most first, unknown last; ties in library order.
    assert order(SortMode.UPVOTES) == ["4", "8", "1", "5", "3", "2", "6", "7"]
    # Case-blind, ties in library order ("é" is compared by code point, after "z").
    assert order(SortMode.TITLE) == ["2", "3", "1", "5", "8", "4", "7", "6"]
    assert table.rank(SortMode.RELEVANCE) is None
    assert table.rank(SortMode.STATUS) is None


def test_ties_keep_library_order_in_a_long_list(tmp_path: Path) -> None:
    papers = [
        Paper(id=f"2403.{n:05d}", title="Same", date=("2024-01-01", None)[n % 2], upvotes=n % 3)
        for n in range(300)
    ]
    table = table_of(tmp_path / "c", papers)
    for mode in (SortMode.DATE, SortMode.TITLE, SortMode.UPVOTES):
        ranks, expected = table.rank(mode), static_rank(mode, papers)
        assert ranks is not None and expected is not None
        assert ranks.tolist() == expected.tolist()


def test_huge_upvote_counts_do_not_stop_the_cache(tmp_path: Path) -> None:
    papers = [
        Paper(id="2403.00001", title="A", upvotes=10**11),
        Paper(id="2403.00002", title="B", upvotes=3),
        Paper(id="2403.00003", title="C", upvotes=2**31 - 1),
    ]
    ranks = table_of(tmp_path / "c", papers).rank(SortMode.UPVOTES)
    assert ranks is not None and ranks.tolist()[1] == 2  # the small count after both huge ones


def test_an_empty_table(tmp_path: Path) -> None:
    table = table_of(tmp_path / "c", [])
    assert len(table) == 0 and list(table) == [] and list(table.column("id")) == []
    assert table.rank(SortMode.DATE).tolist() == []  # type: ignore[union-attr]
    assert table.rank(SortMode.TITLE).tolist() == []  # type: ignore[union-attr]


def _damage(folder: Path, name: str, value: np.ndarray[Any, Any]) -> None:
    np.save(folder / name, value)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "title.offsets.npy",
            np.array([0, 5, 10], dtype=np.int32),
            "title offsets of the wrong shape",
        ),
        (
            "title.offsets.npy",
            np.array([[0], [5], [10]], dtype=np.int64),
            "title offsets of the wrong shape",
        ),
        (
            "title.offsets.npy",
            np.array([0, 10], dtype=np.int64),
            "title offsets of the wrong shape",
        ),
        (
            "title.offsets.npy",
            np.array([1, 5, 10], dtype=np.int64),
            "title offsets do not fit the text",
        ),
        (
            "title.offsets.npy",
            np.array([0, 5, 9], dtype=np.int64),
            "title offsets do not fit the text",
        ),
        ("id.offsets.npy", np.array([0, 10, 21], dtype=np.int64), "id offsets do not fit the text"),
        ("date.npy", np.array([0, 0], dtype=np.int64), "sort columns of the wrong shape"),
        ("upvotes.npy", np.array([0], dtype=np.int32), "sort columns of the wrong shape"),
        ("upvotes.npy", np.array([[0, 0]], dtype=np.int32), "sort columns of the wrong shape"),
    ],
)
def test_a_damaged_entry_is_refused_with_a_reason(
    tmp_path: Path, name: str, value: np.ndarray[Any, Any], message: str
) -> None:
    folder = tmp_path / "c"
    write_columns(
        folder, [Paper(id="2403.00001", title="Title one"), Paper(id="2403.00002", title="Two")]
    )
    (folder / "title.bin").write_bytes(b"0123456789")
    np.save(folder / "title.offsets.npy", np.array([0, 5, 10], dtype=np.int64))
    PaperTable(folder)  # consistent as set up
    _damage(folder, name, value)
    with pytest.raises(ValueError) as raised:
        PaperTable(folder)
    assert str(raised.value) == message


def test_offsets_out_of_order_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write_columns(folder, [Paper(id="2403.00001", title="T"), Paper(id="2403.00002", title="U")])
    (folder / "title.bin").write_bytes(b"0123456789")
    np.save(folder / "title.offsets.npy", np.array([0, 7, 10], dtype=np.int64))
    assert PaperTable(folder).column("title")[0] == "0123456"
    np.save(folder / "title.offsets.npy", np.array([0, 10, 10], dtype=np.int64))
    assert PaperTable(folder).column("title")[1] == ""  # an empty title is in order
    np.save(folder / "title.offsets.npy", np.array([0, 11, 10], dtype=np.int64))
    with pytest.raises(ValueError) as raised:
        PaperTable(folder)
    assert str(raised.value) == "title offsets out of order"


def test_columns_are_mapped_not_loaded_and_never_unpickled(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    table = table_of(folder, PAPERS)
    assert isinstance(table.dates, np.memmap) and isinstance(table.upvotes, np.memmap)
    assert isinstance(table.column("id").offsets, np.memmap)
    np.save(folder / "date.npy", np.array([object()] * len(PAPERS)), allow_pickle=True)
    with pytest.raises(ValueError):
        PaperTable(folder)
    table = table_of(folder, PAPERS)
    np.save(folder / "id.offsets.npy", np.array([object()] * 9), allow_pickle=True)
    with pytest.raises(ValueError):
        PaperTable(folder)
    table = table_of(folder, PAPERS)
    np.save(folder / "upvotes.npy", np.array([object()] * len(PAPERS)), allow_pickle=True)
    with pytest.raises(ValueError):
        PaperTable(folder)
