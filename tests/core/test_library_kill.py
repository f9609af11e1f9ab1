"""open_configured applies the settings; the "Kept ..." line is said once, whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotated import sample_papers
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.config import Settings
from reader.core.library import open_configured, open_library
from reader.core.models import SortMode, Status


def test_open_configured_uses_the_flag_database_sort_and_cycle(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READER_DB")
    settings = Settings(
        db=tmp_path / "configured.json",
        default_sort=SortMode.DATE,
        status_cycle=(Status.UNREAD, Status.READ),
    )
    flag = tmp_path / "flag" / "db.json"
    library = open_configured([sample_path], settings, db=flag)
    assert library.store.path == flag and flag.exists()  # opened for writing: created
    assert library.sort is SortMode.DATE
    assert library.status_cycle == (Status.UNREAD, Status.READ)
    library.set_tags(library.papers[0], ("kept",))
    assert AnnotationStore.open(flag).get(library.papers[0].id).tags == ("kept",)
    assert open_configured([sample_path], settings).store.path == tmp_path / "configured.json"


def test_kept_annotated_papers_are_announced_once_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "2403.00001", "title": "A paper in the library"}) + "\n")
    assert main(["import", str(source), "--db", str(db)]) == 0
    store = AnnotationStore.open(db)
    from_sample = sample_papers()[0]
    store.apply_delta(
        Change(from_sample.id, from_sample.title, from_sample.title_key, status=Status.READ)
    )
    store.apply_delta(Change("1999.99999", "A vanished paper", "vanished-key", add_tags=("x",)))
    first = open_library([], db)
    assert first.warnings == [
        "Kept 1 annotated paper of the bundled sample and 1 annotated paper whose file is "
        "no longer loaded in the list"
    ]
    assert {paper.id for paper in first.papers} == {"2403.00001", from_sample.id, "1999.99999"}
    again = open_library([], db)
    assert again.warnings == [] and len(again.papers) == 3  # said once, still listed
