"""``reader import`` of a reader export never drops a note the database already holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations import AnnotationStore
from reader.core.changes import CONFLICT_MARK, Change
from reader.core.export import to_json
from reader.core.models import Annotation, Paper


def test_importing_an_export_keeps_the_note_written_since(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = Paper(id="2401.00001", title="A paper", arxiv_id="2401.00001")
    export = tmp_path / "export.json"
    export.write_text(to_json([paper], lambda p: Annotation(p.id, note="exported note")))
    AnnotationStore.open(db_path).apply(Change(paper.id, paper.title, note="written since"))
    assert main(["import", str(export), "--db", str(db_path)]) == 0
    note = AnnotationStore.open(db_path).get(paper.id).note
    assert note.startswith("exported note\n\n" + CONFLICT_MARK)
    assert note.endswith("\nwritten since")


def test_importing_an_export_onto_no_note_just_restores_it(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = Paper(id="2401.00001", title="A paper", arxiv_id="2401.00001")
    export = tmp_path / "export.json"
    export.write_text(to_json([paper], lambda p: Annotation(p.id, note="exported note")))
    assert main(["import", str(export), "--db", str(db_path)]) == 0
    assert AnnotationStore.open(db_path).get(paper.id).note == "exported note"
