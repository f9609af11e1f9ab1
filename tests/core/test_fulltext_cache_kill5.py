"""full: search over cached full texts: a word ending in X, and each text parsed once a version."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core import fulltext_cache
from reader.core.fulltext_cache import ids_containing
from tests.core.pdf_maker import make_pdf


def test_a_word_ending_in_x_is_searched_whole(tmp_path: Path) -> None:
    folder = tmp_path / "fulltext"
    folder.mkdir()
    (folder / "2401.00001.pdf").write_bytes(make_pdf([["Written in LaTeX throughout."]]))
    (folder / "2401.00002.pdf").write_bytes(make_pdf([["A late result on graphs."]]))
    assert ids_containing(tmp_path, "LATEX") == {"2401.00001"}
    assert ids_containing(tmp_path, "LateX*") == {"2401.00001"}
    assert ids_containing(tmp_path, "late") == {"2401.00001", "2401.00002"}


def test_each_text_is_parsed_once_per_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "fulltext"
    folder.mkdir()
    paper = folder / "2401.00001.pdf"
    paper.write_bytes(make_pdf([["Kernels of attention are cheap."]]))
    parsed: list[str] = []
    load_parsed = fulltext_cache.load_parsed

    def counted(path: Path) -> object:
        parsed.append(path.name)
        return load_parsed(path)

    monkeypatch.setattr(fulltext_cache, "load_parsed", counted)
    for word in ("kernels", "cheap", "absent"):
        ids_containing(tmp_path, word)
    assert parsed == ["2401.00001.pdf"]
    assert ids_containing(tmp_path, "cheap") == {"2401.00001"}
    paper.write_bytes(make_pdf([["Nothing about it here."]]))
    stamp = paper.stat().st_mtime_ns + 10**9
    os.utime(paper, ns=(stamp, stamp))
    assert ids_containing(tmp_path, "cheap") == set()
    assert ids_containing(tmp_path, "nothing") == {"2401.00001"}
    assert parsed == ["2401.00001.pdf", "2401.00001.pdf"]  # the new version, once
