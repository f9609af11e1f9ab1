from pathlib import Path

import pytest

from reader.core.sources import SourceError, load_sources, parse_file
from reader.core.text import strip_control

ABSTRACT = "This abstract has plenty of words so that it reads as an abstract paragraph. " * 4


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_crlf_and_bom_are_fine(tmp_path: Path) -> None:
    text = f"\ufeffnew\r\n\r\nMar 13\r\n\r\nA Title\r\n\r\n{ABSTRACT}\r\n"
    parsed = parse_file(write(tmp_path, "crlf.txt", text.encode("utf-8")))
    papers, warning = parsed.papers, parsed.warning
    assert warning is None
    assert [p.title for p in papers] == ["A Title"]
    assert "\r" not in papers[0].abstract


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\n ", "file is empty"),
        ("binary.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("nopapers.txt", b"new\n\nSubscribe\n\nMar 13\n", "no papers found"),
    ],
)
def test_unusable_files_give_one_line_naming_the_file(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(SourceError) as caught:
        parse_file(path)
    message = str(caught.value)
    assert str(path) in message and problem in message and "\n" not in message


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        parse_file(tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="is a directory"):
        parse_file(tmp_path)


def test_a_latin1_page_is_detected_and_named_in_one_warning(tmp_path: Path) -> None:
    data = f"Mar 13\n\nCaf\xe9 Title\n\n{ABSTRACT}\n\nNa\xefve B\xfcro\n\n{ABSTRACT}\n"
    parsed = parse_file(write(tmp_path, "latin.txt", data.encode("latin-1")))
    assert [p.title for p in parsed.papers] == ["Caf\xe9 Title", "Na\xefve B\xfcro"]
    warning = parsed.warning or ""
    assert "latin.txt" in warning and "not UTF-8; read as" in warning and "\n" not in warning
    assert "\ufffd" not in "".join(p.title + p.abstract for p in parsed.papers)


def test_late_invalid_utf8_falls_back_to_replacement_characters(tmp_path: Path) -> None:
    head = f"Mar 13\n\nFirst\n\n{ABSTRACT}\n\n".encode() * 2000  # > the 64 KiB sniffed
    path = write(tmp_path, "late.txt", head + b"Caf\xe9\n\nabstract\n")
    parsed = parse_file(path)
    assert parsed.papers[-1].title == "Caf\ufffd"
    assert "invalid UTF-8 at byte" in (parsed.warning or "")


def test_load_sources_keeps_good_files_and_reports_bad(tmp_path: Path, sample_path: Path) -> None:
    bad = write(tmp_path, "bad.txt", b"")
    report = load_sources([sample_path, bad, tmp_path / "missing.txt"])
    assert len(report.papers) == 80
    assert len(report.errors) == 2
    assert "bad.txt" in report.errors[0] and "missing.txt" in report.errors[1]


def test_same_paper_in_two_files_is_listed_once(tmp_path: Path, sample_path: Path) -> None:
    copy = write(tmp_path, "copy.txt", sample_path.read_bytes())
    report = load_sources([sample_path, copy])
    assert len(report.papers) == 80


def test_control_characters_are_stripped() -> None:
    dirty = "a\x1b[31mred\x1b[0m b\x07 c\x1b]8;;http://x\x07link\x1b]8;;\x07 d\x9b2J e\x00\tf\ng"
    assert strip_control(dirty) == "ared b clink d e\tf\ng"


def test_markup_like_text_is_kept_verbatim(tmp_path: Path) -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "markup.txt"
    parsed = parse_file(fixture)
    papers, _ = parsed.papers, parsed.warning
    assert papers[0].title == (
        "[MASK] tokens and [1] citations: [bold]x[/bold] [/] [@click=app.quit]x[/]"
    )
    assert "\x1b" not in papers[0].abstract and "\x07" not in papers[0].abstract
    assert "[@click=app.quit]click me[/]" in papers[0].abstract
