"""Paper and Annotation checks at construction; export targets and atomic writes (issue 14)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reader.core.atomic import (
    TargetError,
    atomic_write_bytes,
    check_output,
    check_replaceable,
    real_path,
    write_output,
)
from reader.core.models import Annotation, Paper, SortMode, Status


def test_paper_text_is_cleaned_in_every_field() -> None:
    paper = Paper(
        id="i\x1b[1md",
        title="T\x07itle",
        abstract="a\x00b",
        source="s\x9b",
        title_key="k\x01",
        listing_date="Mar\x08 1",
        arxiv_id="2401\x7f.1",
        date="2024-01-01\x1b",
        authors=["A\x1b]0;x\x07da"],  # type: ignore[arg-type]
        keywords=("k\x02w",),
        listing_dates=["d\x03"],  # type: ignore[arg-type]
        sources=("s\x04",),
        links=[["l\x05", "u\x06"]],  # type: ignore[arg-type]
    )
    assert (paper.id, paper.title, paper.abstract, paper.source, paper.title_key) == (
        "id",
        "Title",
        "ab",
        "s",
        "k",
    )
    assert (paper.listing_date, paper.arxiv_id, paper.date) == ("Mar 1", "2401.1", "2024-01-01")
    assert paper.authors == ("Ada",) and paper.keywords == ("kw",)
    assert paper.listing_dates == ("d",) and paper.sources == ("s",)
    assert paper.links == (("l", "u"),)


def test_clean_papers_are_kept_as_given() -> None:
    paper = Paper(id="x", title="Plain \u2013 ünïcode ✓", authors=("A",), links=(("a", "b"),))
    assert paper.title == "Plain \u2013 ünïcode ✓" and paper.links == (("a", "b"),)
    assert Paper(id="x", title="t", date="").date is None
    assert Paper(id="x", title="t", arxiv_id="\x1b").arxiv_id is None
    assert Paper(id="x", title="t", listing_date="").listing_date is None
    assert Paper(id="x", title="tab\there", abstract="line\nnext").abstract == "line\nnext"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": 3}, "title is int, not text"),
        ({"date": 5}, "date is int, not text"),
        ({"authors": "A, B"}, "authors is str, not a list"),
        ({"authors": b"x"}, "authors is bytes, not a list"),
        ({"authors": (1,)}, "authors is int, not text"),
        ({"links": (("a",),)}, "a link is not a (label, url) pair"),
        ({"links": ("ab",)}, "a link is not a (label, url) pair"),
        ({"links": "x"}, "links is str, not a list"),
        ({"upvotes": 1.5}, "upvotes is float, not a whole number"),
        ({"upvotes": True}, "upvotes is bool, not a whole number"),
        ({"comments": 10**12 + 1}, "comments is out of range"),
        ({"comments": -1}, "comments is out of range"),
    ],
)
def test_bad_paper_fields_are_refused_with_one_line(
    fields: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {"id": "x", "title": "t", **fields}
    with pytest.raises((TypeError, ValueError)) as caught:
        Paper(**values)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_numbers_at_the_limits() -> None:
    assert Paper(id="x", title="t", upvotes=10**12).upvotes == 10**12
    assert Paper(id="x", title="t", comments=0).comments == 0
    assert Paper(id="x", title="t", upvotes=0, comments=None).upvotes == 0


def test_annotation_is_cleaned_and_typed() -> None:
    annotation = Annotation("p\x1b[0m", "read", ["a\x07", "b"], "n\x00", 5, "u", None)  # type: ignore[arg-type]
    assert annotation.paper_id == "p" and annotation.status is Status.READ
    assert annotation.tags == ("a", "b") and annotation.note == "n"
    assert annotation.created is None and annotation.updated == "u"
    assert annotation.status_changed is None
    with pytest.raises(TypeError) as caught:
        Annotation("p", tags="ab")  # type: ignore[arg-type]
    assert str(caught.value) == "tags is str, not a list"
    with pytest.raises(TypeError) as caught:
        Annotation("p", note=None)  # type: ignore[arg-type]
    assert str(caught.value) == "note is NoneType, not text"
    with pytest.raises(ValueError):
        Annotation("p", "done")  # type: ignore[arg-type]


def test_empty_annotations_and_enums() -> None:
    assert Annotation("p").is_empty
    assert not Annotation("p", Status.READING).is_empty
    assert not Annotation("p", tags=("t",)).is_empty
    assert not Annotation("p", note="n").is_empty
    assert [status.mark for status in Status] == ["·", "◐", "✓"]
    assert [mode.next() for mode in SortMode] == [
        SortMode.DATE,
        SortMode.TITLE,
        SortMode.STATUS,
        SortMode.UPVOTES,
        SortMode.RELEVANCE,
    ]


def test_real_path_and_replaceable_targets(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert real_path(link) == target
    check_replaceable(link)  # dangling link to a missing file: fine
    target.write_text("x")
    check_replaceable(link)
    with pytest.raises(TargetError) as caught:
        check_replaceable(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder; give a file name"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(TargetError) as caught:
        check_replaceable(fifo)
    assert str(caught.value) == f"{fifo}: not a regular file (FIFO, device or socket); not replaced"
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(TargetError) as caught:
        check_replaceable(loop)
    assert str(caught.value).startswith(f"{loop}: cannot use (")


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    atomic_write_bytes(link, b"data")
    assert link.is_symlink() and target.read_bytes() == b"data"
    with pytest.raises(TargetError) as caught:
        atomic_write_bytes(tmp_path / "none" / "f", b"x", make_parents=False)
    assert str(caught.value) == f"{tmp_path / 'none'}: no such folder (not created)"
    assert not (tmp_path / "none").exists()
    with pytest.raises(TargetError):
        atomic_write_bytes(tmp_path, b"x")


def test_check_output_targets(tmp_path: Path) -> None:
    check_output(tmp_path / "new.md")
    (tmp_path / "old.md").write_text("x")
    check_output(tmp_path / "old.md")
    check_output(Path("/dev/null"))
    missing = tmp_path / "no" / "out.md"
    with pytest.raises(TargetError) as caught:
        check_output(missing)
    assert str(caught.value) == f"{missing}: folder {tmp_path / 'no'} does not exist (not created)"
    with pytest.raises(TargetError) as caught:
        check_output(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder; give a file name"
    import socket

    sock_path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        with pytest.raises(TargetError) as caught:
            check_output(sock_path)
        assert str(caught.value) == f"{sock_path}: not a regular file, FIFO or device; not replaced"
    finally:
        server.close()
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(TargetError) as caught:
        check_output(loop)
    assert str(caught.value).startswith(f"{loop}: cannot use (")


def test_write_output_to_files_fifos_and_stdout(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    out = tmp_path / "out.md"
    out.write_bytes(b"old")
    out.chmod(0o640)
    write_output(out, b"new")
    assert out.read_bytes() == b"new" and stat.S_IMODE(out.stat().st_mode) == 0o640
    write_output(str(tmp_path / "str.md"), b"s")
    assert (tmp_path / "str.md").read_bytes() == b"s"
    with pytest.raises(TargetError):
        write_output(tmp_path / "missing" / "x.md", b"x")
    write_output("-", b"to stdout")
    assert capfdbinary.readouterr().out == b"to stdout"
    write_output("/dev/null", b"x" * 100_000)

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(TargetError) as caught:
        write_output(fifo, b"nobody")
    assert str(caught.value) == f"{fifo}: cannot write (nobody is reading it)"
    reader_fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # no thread: fits the pipe buffer
    try:
        write_output(fifo, b"to the fifo")
        assert os.read(reader_fd, 100) == b"to the fifo"
    finally:
        os.close(reader_fd)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
