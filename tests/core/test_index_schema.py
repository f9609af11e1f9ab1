"""The search index's schema is a file format: users' indexes on disk were written with it.

A changed option (a field stored, positions dropped, another tokenizer) either breaks
opening the indexes already built or silently changes what a query finds, so each option
is pinned here on purpose, from the schema tantivy writes into the index's meta.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import tantivy

from reader.core.annotations import AnnotationStore
from reader.core.library import Library
from reader.core.models import Paper
from reader.core.search.documents import build_schema


def _written_schema(folder: Path) -> dict[str, dict[str, object]]:
    writer = tantivy.Index(build_schema(), path=str(folder)).writer()
    writer.commit()
    writer.wait_merging_threads()
    fields = json.loads((folder / "meta.json").read_text())["schema"]
    return {field["name"]: {"type": field["type"], **field["options"]} for field in fields}


def test_only_the_paper_row_is_stored(tmp_path: Path) -> None:
    """Abstracts are read from ``data``; storing any other field would double the index."""
    schema = _written_schema(tmp_path)
    assert [name for name, options in schema.items() if options["stored"]] == ["data"]


def test_each_fields_indexing_options(tmp_path: Path) -> None:
    schema = _written_schema(tmp_path)
    numbers = {"type": "u64", "indexed": True, "fieldnorms": False, "fast": True, "stored": False}
    assert schema["doc"] == schema["date"] == numbers

    def text(record: str, tokenizer: str) -> dict[str, object]:
        indexing = {"record": record, "fieldnorms": True, "tokenizer": tokenizer}
        return {"type": "text", "indexing": indexing, "stored": False, "fast": False}

    for name in ("pid", "tkey", "cat"):  # whole values: ids, title keys, categories
        assert schema[name] == text("basic", "raw"), name
    for name in ("title", "abstract", "author"):  # words with positions: phrases
        assert schema[name] == text("position", "default"), name
    assert schema["lead"] == text("basic", "default")  # ^word: the title's first word
    assert schema["cased"] == text("basic", "cased")  # words as written: smart case
    assert schema["data"]["type"] == "bytes"
    order = "doc pid tkey title abstract author lead cased cat date data"
    assert list(schema) == order.split()


def _indexed(tmp_path: Path, papers: list[Paper]) -> Library:
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")
    library.build_index()
    assert library.index_ready
    return library


def _found(library: Library, query: str) -> list[str]:
    result = library.search(query)
    assert result.error is None, result.error
    return [library.papers[index].id for index in result.indices]


def test_camel_case_parts_of_every_text_field_are_found_in_the_index(tmp_path: Path) -> None:
    papers = [
        Paper(id="title", title="TinyStories for all"),
        Paper(id="abstract", title="Plain", abstract="We train a HyperNetwork"),
        Paper(id="author", title="Other", authors=("Ada McDonald",)),
        Paper(id="none", title="Nothing here"),
    ]
    library = _indexed(tmp_path, papers)
    assert _found(library, "stories") == ["title"]
    assert _found(library, "hyper") == ["abstract"]
    assert _found(library, "au:donald") == ["author"]


def test_a_camel_case_first_word_starts_the_title_by_each_part(tmp_path: Path) -> None:
    papers = [
        Paper(id="camel", title="TinyStories: small models"),
        Paper(id="later", title="Small TinyStories"),
    ]
    library = _indexed(tmp_path, papers)
    assert _found(library, "^stories") == ["camel"]
    assert _found(library, "^tinystories") == ["camel"]
