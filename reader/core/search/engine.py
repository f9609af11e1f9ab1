"""SearchEngine: the papers' tantivy index (on disk or in memory) and the queries over it.

Each paper is one tantivy document whose ``doc`` fast field is its position in the
library's list.  Title, abstract and authors are indexed with tantivy's default
tokenizer (split on non-alphanumerics, lowercased); camelCase parts ("TinyStories" ->
"tiny", "stories") are appended so either part finds the word, as the highlighter
expects.  ``cased`` keeps capitals (smart case), ``lead`` the title's first word
(``^word``), ``cat`` arXiv categories and Hugging Face keywords, ``date`` the ISO day as
a number, ``pid`` the paper id (``id:`` and updates), and ``data`` the whole paper for
the document store (abstracts are read from there when shown).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
import tantivy

from reader.core.matches import SearchResult
from reader.core.models import PAPER_FIELDS, Paper
from reader.core.query import Node, QueryError, parse_query
from reader.core.search.translate import FilterProvider, Translator
from reader.core.tokens import camel_parts, first_word_tokens

IntArray = npt.NDArray[np.int32]

TEXT_FIELDS = ("title", "abstract", "author")
HEAP_BYTES = 96_000_000
COMMIT_EVERY = 20_000
"""Documents per committed segment while building: a crash loses at most this many."""
PAGE = 20_000
"""Hits fetched per round trip; results beyond are fetched when the list scrolls there."""


def build_schema() -> tantivy.Schema:
    """Return the index's schema (see the module docstring)."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc", stored=False, indexed=True, fast=True)
    builder.add_text_field("pid", stored=False, tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="default")
    builder.add_text_field("lead", stored=False, tokenizer_name="default", index_option="basic")
    builder.add_text_field("cased", stored=False, tokenizer_name="cased", index_option="basic")
    builder.add_text_field("cat", stored=False, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("date", stored=False, indexed=True, fast=True)
    builder.add_text_field("similar", stored=False, tokenizer_name="default", index_option="freq")
    builder.add_bytes_field("data", stored=True)
    return builder.build()


def _register(index: tantivy.Index) -> None:
    cased = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .build()
    )
    index.register_tokenizer("cased", cased)


def paper_row(paper: Paper) -> list[Any]:
    """Return a paper as a JSON-able row (the document store and caches)."""
    return [getattr(paper, name) for name in PAPER_FIELDS]


def paper_from_row(row: list[Any]) -> Paper:
    """Return the paper a ``paper_row`` was made from."""
    values = dict(zip(PAPER_FIELDS, row, strict=True))
    values["authors"] = tuple(values["authors"])
    values["links"] = tuple(tuple(link) for link in values["links"])
    for name in ("keywords", "listing_dates", "sources"):
        values[name] = tuple(values[name])
    return Paper(**values)


def _with_parts(text: str) -> str:
    parts = camel_parts(text)
    return f"{text}\n{' '.join(parts)}" if parts else text


def _date_number(iso: str | None) -> int | None:
    if not iso or len(iso) < 10:
        return None
    try:
        return int(iso[:4] + iso[5:7] + iso[8:10])
    except ValueError:
        return None


def make_document(position: int, paper: Paper) -> tantivy.Document:
    """Return the tantivy document for the paper at ``position`` of the library."""
    authors = ", ".join(paper.authors)
    doc = tantivy.Document()
    doc.add_unsigned("doc", position)
    doc.add_text("pid", paper.id.casefold())
    doc.add_text("title", _with_parts(paper.title))
    doc.add_text("abstract", _with_parts(paper.abstract))
    if authors:
        doc.add_text("author", _with_parts(authors))
    doc.add_text("lead", " ".join(first_word_tokens(paper.title)))
    doc.add_text("cased", _with_parts(f"{paper.title}\n{paper.abstract}\n{authors}"))
    doc.add_text("similar", f"{paper.title}\n{paper.abstract}")
    for keyword in paper.keywords:
        doc.add_text("cat", keyword.casefold())
    number = _date_number(paper.date)
    if number is not None:
        doc.add_unsigned("date", number)
    doc.add_bytes("data", orjson.dumps(paper_row(paper)))
    return doc


class SearchEngine:
    """One tantivy index over a library's papers: build, add, search, similar, fetch."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        schema = build_schema()
        if path is None:
            self.index = tantivy.Index(schema)
        else:
            path.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(schema, path=str(path), reuse=True)
        _register(self.index)
        self.schema = self.index.schema
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.Lock()
        self._searcher = self.index.searcher()

    # Writing ---------------------------------------------------------------------------

    def _get_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self.index.writer(HEAP_BYTES, 1)
        return self._writer

    def indexed_count(self) -> int:
        """Return how many papers the committed index holds (where a build continues)."""
        return int(self._searcher.num_docs)

    def add(
        self,
        papers: Iterable[tuple[int, Paper]],
        progress: Callable[[int], None] | None = None,
        *,
        replace: bool = False,
    ) -> int:
        """Index (position, paper) pairs, committing every COMMIT_EVERY; return how many.

        ``replace`` first deletes any document with the same paper id (a paper that
        gained sources when another file was imported).  Each commit is durable: a crash
        keeps everything committed before it.
        """
        with self._lock:
            writer = self._get_writer()
            done = 0
            for position, paper in papers:
                if replace:
                    writer.delete_documents_by_term("pid", paper.id.casefold())
                writer.add_document(make_document(position, paper))
                done += 1
                if done % COMMIT_EVERY == 0:
                    self._commit(writer)
                    if progress:
                        progress(done)
            if done % COMMIT_EVERY:
                self._commit(writer)
            if progress:
                progress(done)
            return done

    def _commit(self, writer: tantivy.IndexWriter) -> None:
        writer.commit()
        self.index.reload()
        self._searcher = self.index.searcher()

    def close(self) -> None:
        """Let background merges finish and release the writer's lock on the index."""
        with self._lock:
            if self._writer is not None:
                self._writer.wait_merging_threads()
                self._writer = None
                self.index.reload()
                self._searcher = self.index.searcher()

    # Reading ---------------------------------------------------------------------------

    def paper(self, position: int) -> Paper | None:
        """Return the paper stored at library ``position`` (from the document store)."""
        searcher = self._searcher
        query = tantivy.Query.term_query(self.schema, "doc", position)
        hits = searcher.search(query, 1, count=False).hits
        if not hits:
            return None
        data = searcher.doc(hits[0][1]).get_first("data")
        return paper_from_row(orjson.loads(data)) if data is not None else None

    def search(
        self,
        query: str,
        filters: FilterProvider,
        size: int,
        sort_rank: IntArray | None = None,
    ) -> SearchResult:
        """Return the papers matching ``query``, best first; ties follow ``sort_rank``."""
        try:
            node = parse_query(query)
        except QueryError as error:
            return SearchResult(query, [], (), str(error))
        if node is None:
            if sort_rank is None:
                return SearchResult(query, range(size))
            return SearchResult(query, np.argsort(sort_rank, kind="stable").tolist())
        return self.run(query, node, filters, size, sort_rank)

    def run(
        self,
        text: str,
        node: Node,
        filters: FilterProvider,
        size: int,
        sort_rank: IntArray | None = None,
    ) -> SearchResult:
        """Evaluate a parsed query (see ``search``)."""
        translator = Translator(self.schema, filters, size)
        try:
            query = translator.translate(node)
        except QueryError as error:
            return SearchResult(text, [], (), str(error))
        except ValueError as error:  # a term tantivy cannot build (e.g. a bad category regex)
            return SearchResult(text, [], (), f"cannot search for that: {error}")
        indices = self._ordered(query, sort_rank)
        return SearchResult(text, indices, tuple(translator.matches))

    def _ordered(self, query: tantivy.Query, sort_rank: IntArray | None) -> list[int]:
        searcher = self._searcher
        total = max(1, int(searcher.num_docs))
        hits = searcher.search(query, total, count=False).hits
        if not hits:
            return []
        scores = np.fromiter((hit[0] for hit in hits), np.float64, len(hits))
        positions = np.asarray(
            searcher.fast_field_values("doc", [hit[1] for hit in hits]), dtype=np.int64
        )
        keys: list[npt.NDArray[Any]] = [positions]
        if sort_rank is not None:
            keys.append(sort_rank[positions])
        keys.append(-np.round(scores, 3))
        order = np.lexsort(keys)
        result: list[int] = positions[order].tolist()
        return result

    def similar(self, position: int, limit: int = 50) -> list[int]:
        """Return the positions of the papers most like the one at ``position`` (not it)."""
        paper = self.paper(position)
        if paper is None:
            return []
        fields = {"similar": [f"{paper.title}\n{paper.abstract}"]}
        query = tantivy.Query.more_like_this_document_fields_query(
            self.schema,
            fields,
            min_doc_frequency=1,
            max_doc_frequency=None,
            min_term_frequency=1,
            max_query_terms=40,
            min_word_length=3,
            max_word_length=None,
            boost_factor=1.0,
            stop_words=list(STOP_WORDS),
        )
        searcher = self._searcher
        hits = searcher.search(query, limit + 1, count=False).hits
        positions = searcher.fast_field_values("doc", [hit[1] for hit in hits])
        return [int(found) for found in positions if found is not None and found != position][
            :limit
        ]


def positions_of(engine: SearchEngine, ids: Sequence[str]) -> list[int]:
    """Return the library positions of papers by id (those indexed)."""
    found = []
    searcher = engine._searcher
    for paper_id in ids:
        query = tantivy.Query.term_query(engine.schema, "pid", paper_id.casefold())
        hits = searcher.search(query, 1, count=False).hits
        if hits:
            value = searcher.fast_field_values("doc", [hits[0][1]])[0]
            if value is not None:
                found.append(int(value))
    return found


STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "these",
        "this",
        "to",
        "we",
        "which",
        "with",
        "while",
        "show",
        "shows",
        "using",
        "use",
        "used",
        "paper",
        "propose",
        "proposed",
        "approach",
        "method",
        "methods",
        "results",
        "based",
        "new",
        "also",
        "than",
        "more",
        "such",
        "both",
        "via",
    ]
)
