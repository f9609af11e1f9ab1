"""reader import copies and compares files in chunks, never holding a whole file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library_folder import import_files

PAGE = "Mar 13\n\nA Paper About Things\n\nAn abstract.\n\n"


@pytest.fixture
def no_whole_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading a whole paper file at once fail (a 2 GB snapshot would fill memory)."""

    def whole(self: Path) -> bytes:
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)


def _bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read()


@pytest.mark.usefixtures("no_whole_reads")
def test_import_copies_compares_and_numbers_in_chunks(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    source = tmp_path / "page.txt"
    source.write_text(PAGE, encoding="utf-8")

    assert import_files([source], folder) == [(source, folder / "page.txt", 1)]
    assert _bytes(folder / "page.txt") == _bytes(source)
    # The same bytes again: no second copy.
    assert import_files([source], folder) == [(source, folder / "page.txt", 1)]

    other = tmp_path / "elsewhere" / "page.txt"
    other.parent.mkdir()
    other.write_text(PAGE + "Another One\n\nMore.\n", encoding="utf-8")
    assert import_files([other], folder) == [(other, folder / "page-2.txt", 2)]
    assert _bytes(folder / "page-2.txt") == _bytes(other)
    assert _bytes(folder / "page.txt") == _bytes(source)
    assert sorted(path.name for path in folder.iterdir()) == ["page-2.txt", "page.txt"]
