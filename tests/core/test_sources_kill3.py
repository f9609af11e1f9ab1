"""sources: every unusable file is one exact line; encodings, line ends and streams."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from reader.core import sources
from reader.core.formats.common import Parsed, Problem
from reader.core.models import Paper
from reader.core.sources import SourceError, TextLines, load_sources, parse_file

CHUNK = 256 * 1024  # TextLines reads in chunks of this size
PAGE = "Mar 13\n\nA Title\n\nAn abstract.\n"


def _error(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        TextLines(path)
    return str(caught.value)


def test_a_fifo_a_device_and_a_socket_are_named_and_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert _error(fifo) == f"{fifo}: is not a regular file (a FIFO); not read"
    device = Path("/dev/null")
    assert _error(device) == f"{device}: is not a regular file (a device); not read"
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock_path))
        assert _error(sock_path) == f"{sock_path}: is not a regular file (a socket); not read"


def test_a_file_that_cannot_be_read_gives_the_system_reason(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert _error(loop) == f"{loop}: cannot read (Too many levels of symbolic links)"
    missing = tmp_path / "dangling"
    missing.symlink_to(tmp_path / "gone")
    assert _error(missing) == f"{missing}: no such file"


def test_a_file_that_disappears_after_the_sniff_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE)
    lines = TextLines(path)
    path.unlink()
    with pytest.raises(SourceError) as caught:
        list(lines)
    assert str(caught.value) == f"{path}: cannot read (No such file or directory)"


@pytest.mark.parametrize("bom_codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_text_and_named(tmp_path: Path, bom_codec: str) -> None:
    path = tmp_path / "wide.txt"
    bom = "\ufeff".encode(bom_codec)
    path.write_bytes(bom + PAGE.encode(bom_codec))
    lines = TextLines(path)
    assert lines.encoding == "utf_16"
    assert lines.warning == f"{path}: not UTF-8; read as utf_16 (detected)"
    assert lines.head.decode("utf-8").lstrip("\ufeff") == PAGE  # re-encoded for sniffing
    assert list(lines) == PAGE.split("\n")[:-1]
    assert lines.stream().read() == PAGE.encode()
    parsed = parse_file(path)
    assert [paper.title for paper in parsed.papers] == ["A Title"]
    assert parsed.warning == f"{path}: not UTF-8; read as utf_16 (detected)"


def test_a_utf8_character_cut_by_the_sniffed_head_is_still_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    head = b"x" * (64 * 1024 - 1) + "é".encode()  # the é straddles the 64 KiB head
    path.write_bytes(head + b"\n")
    lines = TextLines(path)
    assert lines.encoding == "utf-8" and lines.warning is None
    assert list(lines) == ["x" * (64 * 1024 - 1) + "é"]


@pytest.mark.parametrize("at", [100_000, CHUNK + 1000])
def test_invalid_utf8_later_is_named_by_its_byte_once(tmp_path: Path, at: int) -> None:
    path = tmp_path / "late.txt"
    data = bytearray(b"a" * (CHUNK * 2))
    for index in range(99, len(data), 100):
        data[index] = ord("\n")
    data[at] = 0xFF
    data[at + 2000] = 0xFE  # a second bad byte: the warning names the first
    path.write_bytes(bytes(data))
    lines = TextLines(path)
    text = "\n".join(lines)
    assert lines.warning == (
        f"{path}: invalid UTF-8 at byte {at}; undecodable bytes are shown as \ufffd"
    )
    assert text.count("\ufffd") == 2 and len(text) == len(data)


def test_a_crlf_split_between_chunks_is_one_line_end(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    first = b"x" * (CHUNK - 1) + b"\r"  # the \r ends the first chunk, the \n starts the next
    path.write_bytes(first + b"\nnext\r\nlast\r")
    assert list(TextLines(path)) == ["x" * (CHUNK - 1), "next", "last"]
    lone = tmp_path / "cr.txt"
    lone.write_bytes(b"x" * (CHUNK - 1) + b"\rnext\r\rend")
    assert list(TextLines(lone)) == ["x" * (CHUNK - 1), "next", "", "end"]


def test_controls_are_stripped_in_every_line_of_a_chunk(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    path.write_bytes(b"one\x07\ntwo\x1b[1m\nthree\ttab\nfour\x00"[:-1] + b"\x08")
    assert list(TextLines(path)) == ["one", "two", "three\ttab", "four"]
    accented = tmp_path / "acc.txt"
    accented.write_bytes("caf\u00e9\nna\u00efve\u202e\n".encode())
    assert list(TextLines(accented)) == ["caf\u00e9", "na\u00efve"]


def test_a_line_longer_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_LINE", 10)
    fits = tmp_path / "fits.txt"
    fits.write_text("0123456789\n0123456789")
    assert list(TextLines(fits)) == ["0123456789", "0123456789"]
    long = tmp_path / "long.txt"
    long.write_text("short\n01234567890")
    with pytest.raises(SourceError) as caught:
        list(TextLines(long))
    assert str(caught.value) == f"{long}: a line longer than 16 MiB; not a paper file"


def test_the_stream_is_utf8_in_any_read_size(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Caf\u00e9 na\u00efve B\u00fcro\n" * 3
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    stream = TextLines(path).stream()
    assert stream.readable()
    assert stream.read(4) == b"Caf\xc3"
    assert stream.read(1) == b"\xa9"
    rest = stream.read()
    assert b"Caf\xc3\xa9" + rest == text.encode()
    assert stream.read(10) == b"" and stream.read() == b""
    into = bytearray(8)
    fresh = TextLines(path).stream()
    assert fresh.readinto(into) == 8 and bytes(into) == text.encode()[:8]
    assert fresh.read(None) == text.encode()[8:]  # type: ignore[arg-type]
    cp1252 = tmp_path / "cp.txt"
    cp1252.write_bytes("Caf\u00e9 title, na\u00efve\n".encode("cp1252"))
    assert TextLines(cp1252).stream().read() == "Caf\u00e9 title, na\u00efve\n".encode()


def _raising(error: BaseException) -> object:
    def parser(path: Path, lines: object) -> Parsed:
        raise error

    return parser


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RecursionError(), "nested too deeply to read (as trending)"),
        (ValueError("x"), "cannot be read as trending (ValueError)"),
        (TypeError("x"), "cannot be read as trending (TypeError)"),
        (KeyError("x"), "cannot be read as trending (KeyError)"),
        (IndexError("x"), "cannot be read as trending (IndexError)"),
        (AttributeError("x"), "cannot be read as trending (AttributeError)"),
        (OverflowError("x"), "cannot be read as trending (OverflowError)"),
        (SourceError("f: own message"), None),
    ],
)
def test_a_parser_failure_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, message: str | None
) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE)
    monkeypatch.setattr(sources, "load_parser", lambda kind: _raising(error))
    with pytest.raises(SourceError) as caught:
        parse_file(path)
    assert str(caught.value) == (f"{path}: {message}" if message else "f: own message")


def test_the_file_and_parser_warnings_are_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes("Mar 13\n\nCaf\u00e9 title\n\nAbstract\nmore\n".encode("cp1252"))
    parsed = parse_file(path)
    assert parsed.warning == (
        f"{path}: not UTF-8; read as cp1252 (detected); "
        f"{path}:6: the page's structure breaks here: expected a blank line after the abstract"
    )
    paper = Paper(id="x", title="T")

    def parser(path: Path, lines: object) -> Parsed:
        return Parsed([paper], [Problem("3", "bad")], warning="parser says")

    plain = tmp_path / "plain.txt"
    plain.write_text(PAGE)
    monkeypatch.setattr(sources, "load_parser", lambda kind: parser)
    assert parse_file(plain).warning == "parser says"
    assert parse_file(path).warning == f"{path}: not UTF-8; read as cp1252 (detected); parser says"


def test_no_papers_says_how_many_records_were_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE)
    problems = [Problem("1", "a"), Problem("2", "b"), Problem("3", "c")]
    monkeypatch.setattr(sources, "load_parser", lambda kind: lambda p, t: Parsed([], problems))
    with pytest.raises(SourceError) as caught:
        parse_file(path)
    assert (
        str(caught.value)
        == f"{path}: no papers found (read as trending; 3 records skipped, line 1: a)"
    )
    assert caught.value.problems == problems


def test_known_files_are_not_read_again(tmp_path: Path) -> None:
    gone = tmp_path / "gone.txt"  # never on disk: only in the known results
    page = tmp_path / "page.txt"
    page.write_text(PAGE)
    known_paper = Paper(id="2401.00001", title="Known")
    known = {gone: Parsed([known_paper], [Problem("2", "x")], warning="known warning")}
    report = load_sources([gone, page], known=known)
    assert [paper.title for paper in report.papers] == ["Known", "A Title"]
    assert report.errors == []
    assert report.warnings == [
        "known warning",
        f"loaded 1 paper, skipped 1 from {gone} (reader check {gone} lists them)",
    ]
    alone = load_sources([gone], known={})
    assert alone.errors == [f"{gone}: no such file"] and alone.papers == []


def test_utf16_json_is_recognised_from_its_re_encoded_head(tmp_path: Path) -> None:
    path = tmp_path / "wide.json"
    records = '[{"title": "Wide"}, {"title": "Two"}]'
    path.write_bytes(b"\xff\xfe" + records.encode("utf-16-le"))
    parsed = parse_file(path)
    assert [paper.title for paper in parsed.papers] == ["Wide", "Two"]
    assert parsed.warning == f"{path}: not UTF-8; read as utf_16 (detected)"


def test_a_lone_surrogate_in_utf16_is_a_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    before, after = "Mar 13\n\nA ".encode("utf-16-le"), "Title\n\nAbs\n".encode("utf-16-le")
    path.write_bytes(b"\xff\xfe" + before + b"\x00\xd8" + after)  # U+D800 alone
    lines = TextLines(path)
    assert lines.head.decode() == "Mar 13\n\nA \ufffdTitle\n\nAbs\n"
    assert list(lines) == ["Mar 13", "", "A \ufffdTitle", "", "Abs"]
    assert [paper.title for paper in parse_file(path).papers] == ["A \ufffdTitle"]


def test_the_stream_reads_nothing_for_zero_and_everything_for_all(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    text = "".join(f"line {n} caf\u00e9\n" for n in range(40_000))  # several chunks
    path.write_text(text)
    stream = TextLines(path).stream()
    assert stream.read(0) == b""  # what a JSON parser asks first, to learn the type
    assert stream.read() == text.encode()
    assert TextLines(path).stream().read(-1) == text.encode()
