"""``reader import`` checks a reader export's annotations before copying anything (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.export import to_json
from reader.core.models import Annotation, Paper


def write_export(path: Path, tags: object) -> None:
    paper = Paper(id="2401.00001", title="A paper", arxiv_id="2401.00001")
    document = json.loads(to_json([paper], lambda p: Annotation(p.id, tags=("ok",))))
    document["papers"][0]["annotation"]["tags"] = tags
    path.write_text(json.dumps(document, indent=2))


def test_integer_tags_are_refused_before_anything_is_copied(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.json"
    write_export(export, [1, 2])
    assert main(["import", str(export), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err.strip()
    line = export.read_text().splitlines().index("    {") + 1  # where the one record starts
    assert err == f"reader: {export}:{line}: tags must be a list of text; nothing imported"
    library = tmp_path / "library"  # READER_LIBRARY (conftest)
    assert not library.exists() or not any(library.iterdir())
    assert not db_path.exists()


def test_a_good_export_is_imported_with_its_annotations(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.json"
    write_export(export, ["llm"])
    assert main(["import", str(export), "--db", str(db_path)]) == 0
    assert "restored annotations of 1 paper" in capsys.readouterr().out


def test_an_import_says_which_records_it_skipped(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tester's file of one good and three bad records imported as "(1 paper)" with no
    word of the three (the app says it; the README says skipped records are counted)."""
    source = tmp_path / "partial.jsonl"
    good = {"id": "2401.00001", "title": "A good record", "abstract": "Fine."}
    source.write_text(f"{json.dumps(good)}\n{{not json\n[1, 2]\n{json.dumps({'id': 'x'})}\n")
    assert main(["import", str(source), "--db", str(db_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("imported ")  # the bar left no blank line
    assert "(1 paper)" in captured.out
    assert captured.err.splitlines() == [
        f"reader: loaded 1 paper, skipped 3 from {source} (reader check {source} lists them)"
    ]


def test_a_full_disk_while_importing_names_the_file_and_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A hostile tester's import on a full disk said only "reader: [Errno 28] No space left
    # on device".
    import reader.core.library_index as library_index

    copy = tmp_path / "papers" / "page.txt"

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device", str(copy))

    monkeypatch.setattr(library_index, "import_and_index", full)
    page = tmp_path / "page.txt"
    page.write_text("A Title\n\nIts abstract.\n")
    assert main(["import", str(page)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"reader: {copy}: cannot import (No space left on device)"
    )
