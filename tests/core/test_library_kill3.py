"""Library opening: annotated papers a huge library already holds, and quiet launches (issue 14).

A huge library (a PaperTable read from its index) asks the index which annotated papers it
holds, by id and by title key: a paper annotated under an older id (say ``title:...`` before
its arXiv id was known) is the table's own paper, never listed twice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import index_cache
from reader.core import library as library_module
from reader.core.annotations import AnnotationStore, Change
from reader.core.library import open_library
from reader.core.models import Status
from reader.core.paper_table import PaperTable
from reader.core.sources import parse_file


def _snapshot(path: Path, count: int) -> Path:
    rows = [
        {"id": f"2403.{n:05d}", "title": f"Study {n} of gluon jets", "abstract": f"Case {n}."}
        for n in range(count)
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    return path


def test_a_huge_library_knows_a_paper_annotated_under_an_older_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    monkeypatch.setattr(index_cache, "LAZY_FROM", 10)
    source = _snapshot(tmp_path / "a.jsonl", 20)
    db = tmp_path / "db.json"
    assert main(["import", str(source), "--db", str(db)]) == 0
    third = parse_file(source).papers[3]
    store = AnnotationStore.open(db)
    # Annotated before its arXiv id was known: the record holds only its title key.
    store.apply(Change("title:study-3", third.title, third.title_key, status=Status.READ))

    library = open_library([], db)
    assert isinstance(library.papers, PaperTable)
    titles = list(library.titles())
    assert len(titles) == 20 and titles.count(third.title) == 1
    assert library.annotation(library.papers[3]).status is Status.READ
    assert not any("whose file is no longer loaded" in line for line in library.warnings)


def test_opening_the_bundled_sample_with_nothing_kept_says_nothing(tmp_path: Path) -> None:
    library = open_library([], tmp_path / "db.json")
    assert library.label == "Bundled sample: trending-papers.txt"
    assert library.warnings == []
