"""SearchEngine: the papers' tantivy index (on disk or in memory) and the queries over it.

Documents are described in ``documents``; queries are translated in ``translate``; hits
are read a page at a time (``hits``).  Smart case (a capital in the query) is in
``smart_case``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
import tantivy

from reader.core.arrays import IntArray
from reader.core.codecs import paper_from_row
from reader.core.models import Paper
from reader.core.query import Node, QueryError, parse_query, positive_terms
from reader.core.search.documents import (
    CASED_TOKENIZER,
    build_schema,
    cased_analyzer,
    make_document,
)
from reader.core.search.hits import LazyHits
from reader.core.search.smart_case import case_rule, cased_words, has_case
from reader.core.search.translate import FilterProvider, Translator
from reader.core.search_result import SearchResult

HEAP_BYTES = 128_000_000
WRITER_THREADS = 2
COMMIT_EVERY = 100_000
"""Most documents per committed segment while building: a crash loses at most this many."""
COMMITS_PER_BUILD = 3
"""A build commits at least every third of its papers, so a crash part-way keeps what was
done; three commits make few enough segments that tantivy's merge policy leaves them alone
(a merge costs as much CPU as a third of the build)."""
PROGRESS_EVERY = 1_000
_Q = tantivy.Query
_MUST, _MUST_NOT = tantivy.Occur.Must, tantivy.Occur.MustNot


def commit_interval(count: int) -> int:
    """Return how many of ``count`` papers to index between commits (see COMMITS_PER_BUILD)."""
    return max(1, min(COMMIT_EVERY, -(-count // COMMITS_PER_BUILD)))


class IndexBusy(Exception):
    """Another process is writing this index (a second window building it)."""


class SearchEngine:
    """One tantivy index over a library's papers: build, add, search, similar, fetch."""

    def __init__(
        self,
        path: Path | None,
        memory: Sequence[Paper] | None = None,
        *,
        store: bool | None = None,
    ) -> None:
        """Open (or make) the index at ``path``, or one in memory if ``path`` is None.

        ``memory`` is the library's list when it holds every paper: papers are read from it
        (``paper``, more-like-this), not from the document store.  ``store`` says
        whether documents carry their paper (by default only without ``memory``): storing
        costs a third of a build's CPU and is needed only by a library that will keep just
        its list's columns (PaperTable) and read papers back from the index.
        """
        self.path = path
        self.memory = memory
        self.store = memory is None if store is None else store
        schema = build_schema()
        if path is None:
            self.index = tantivy.Index(schema)
        else:
            path.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(schema, path=str(path), reuse=True)
        self.index.register_tokenizer(CASED_TOKENIZER, cased_analyzer())
        self.schema = self.index.schema
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.Lock()
        self._searcher = self.index.searcher()

    # Writing ---------------------------------------------------------------------------

    def _get_writer(
        self, heap: int | None = None, threads: int | None = None
    ) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap or HEAP_BYTES, threads or WRITER_THREADS)
            except ValueError as error:  # tantivy's LockBusy: one writer per index
                raise IndexBusy(str(error)) from None
        return self._writer

    def set_tail(self, base: int, papers: Sequence[Paper]) -> None:
        """Make documents ``base``.. be exactly ``papers``; write nothing if they are.

        They are the annotated papers listed after the files' ones (reader.core.annotated).
        """
        count = self.indexed_count()
        if count == base + len(papers) and all(
            self._is_at(base + number, paper) for number, paper in enumerate(papers)
        ):
            return
        with self._lock:
            writer = self._get_writer()
            tail = tantivy.Query.range_query(
                # No upper end: None is also the default.
                self.schema,
                "doc",
                tantivy.FieldType.Unsigned,
                base,
                None,  # pragma: no mutate
            )
            writer.delete_documents_by_query(tail)
            for number, paper in enumerate(papers):
                writer.add_document(self._document(base + number, paper))
            self._commit(writer)
        self.close()

    def _document(self, position: int, paper: Paper) -> tantivy.Document:
        return make_document(position, paper, self.schema, stored=self.store)

    @classmethod
    def fresh(
        cls, path: Path | None, memory: Sequence[Paper] | None = None, *, store: bool | None = None
    ) -> SearchEngine:
        """Open the index at ``path`` emptied (it held another list of papers)."""
        engine = cls(path, memory, store=store)
        with engine._lock:
            writer = engine._get_writer()
            writer.delete_all_documents()
            engine._commit(writer)
        return engine

    def holds(self, count: int, papers: Sequence[Paper]) -> bool:
        """Return True if the index's first ``count`` documents are ``papers``' first ones.

        A build resumes only then (the same files parse to the same papers in the same
        order); checked at the first and the last committed paper.
        """
        if count > len(papers):
            return False
        return all(self._is_at(position, papers[position]) for position in {0, count - 1})

    def _is_at(self, position: int, paper: Paper) -> bool:
        """Return True if the committed document at ``position`` has ``paper``'s id."""
        query = tantivy.Query.boolean_query(
            [
                (_MUST, tantivy.Query.term_query(self.schema, "pid", paper.id.casefold())),
                (_MUST, tantivy.Query.term_query(self.schema, "doc", position)),
            ]
        )
        # Counting with a limit of 1: the count is what is read (count=True is the default).
        found = self._searcher.search(query, 1, count=True)  # pragma: no mutate
        return bool(getattr(found, "count", 0))  # pragma: no mutate

    def stores_papers(self) -> bool:
        """Return True if the index's documents carry their papers (or it has none).

        An index built by a launch from the library's list does not (see ``store``).
        """
        searcher = self._searcher
        # One document tells: a build stores all of its documents or none of them.
        hits = searcher.search(tantivy.Query.all_query(), 1, count=False).hits  # pragma: no mutate
        return not hits or searcher.doc(hits[0][1]).get_first("data") is not None

    def has(self, field: str, value: str, below: int) -> bool:
        """Return True if one of the first ``below`` papers has ``value`` as ``field``.

        ``field`` is ``pid`` (the casefolded id) or ``tkey`` (the title key).
        """
        term = tantivy.Query.term_query(self.schema, field, value)
        first = tantivy.Query.range_query(
            self.schema, "doc", tantivy.FieldType.Unsigned, None, below, include_upper=False
        )
        query = tantivy.Query.boolean_query([(_MUST, term), (_MUST, first)])
        # The count is always there (count=True is also the default) and ignores the limit.
        found = self._searcher.search(query, 1, count=True)  # pragma: no mutate
        return bool(getattr(found, "count", 0))  # pragma: no mutate

    def has_any(self, field: str) -> bool:
        """Return True if a paper has ``field``: "cat" (a category or keyword) or "date"."""
        if field == "cat":
            query = tantivy.Query.regex_query(self.schema, "cat", ".+")
        else:
            query = tantivy.Query.range_query(  # any number: dates are >= 0
                self.schema, "date", tantivy.FieldType.Unsigned, 0, None
            )
        return bool(self._searcher.search(query, 1, count=False).hits)

    def indexed_count(self) -> int:
        """Return how many papers the committed index holds (where a build continues)."""
        return int(self._searcher.num_docs)

    def add(
        self,
        papers: Iterable[tuple[int, Paper]],
        progress: Callable[[int], None] | None = None,
        *,
        every: int | None = None,
    ) -> int:
        """Index (position, paper) pairs, committing every ``every``; return how many.

        ``every`` defaults to COMMIT_EVERY (see ``commit_interval``).  Each commit is
        durable: a crash keeps everything committed before it.  An index in memory is
        committed once, at the end: a crash loses it whatever was committed, and each
        commit stalls the build while the writer's threads finish their segments.  (An
        import replaces a paper that gained sources through ``batch``.)
        """
        every = every or COMMIT_EVERY
        if self.path is None:
            every = sys.maxsize
        with self._lock:
            writer = self._get_writer()
            done = 0
            for position, paper in papers:
                writer.add_document(self._document(position, paper))
                done += 1
                if done % every == 0:
                    self._commit(writer)
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done)
            if done % every:
                self._commit(writer)
            if progress:
                progress(done)
            return done

    @contextmanager
    def batch(self, heap: int | None = None, threads: int | None = None) -> Iterator[Batch]:
        """Hold the index's writer for a run of additions and replacements (an import).

        ``heap`` and ``threads`` configure the writer if it is not open yet.
        """
        with self._lock:
            yield Batch(self, self._get_writer(heap, threads))

    def replace_at(self, position: int, paper: Paper) -> None:
        """Make the document at library ``position`` be ``paper`` (it gained an arXiv id)."""
        with self._lock:
            writer = self._get_writer()
            writer.delete_documents_by_query(tantivy.Query.term_query(self.schema, "doc", position))
            writer.add_document(self._document(position, paper))
            self._commit(writer)
        self.close()  # release the writer's lock: another window may want the index

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
                try:
                    self.index.reload()
                except ValueError:  # the folder moved (an import re-keyed the entry)
                    return  # keep searching what is open
                self._searcher = self.index.searcher()

    # Reading ---------------------------------------------------------------------------

    def paper(self, position: int) -> Paper | None:
        """Return the paper at library ``position``: from ``memory``, else the document store."""
        if self.memory is not None:
            return self.memory[position] if 0 <= position < len(self.memory) else None
        searcher = self._searcher
        query = tantivy.Query.term_query(self.schema, "doc", position)
        # One document per position: a larger limit or counting finds the same first hit.
        hits = searcher.search(query, 1, count=False).hits  # pragma: no mutate
        if not hits:
            return None
        data = searcher.doc(hits[0][1]).get_first("data")
        # Every document stores its paper: the None branch is a guard only.
        return paper_from_row(orjson.loads(data)) if data is not None else None  # pragma: no mutate

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
        words = cased_words(node)
        in_query = bool(words) and self.store  # smart case by the index (see smart_case)
        if in_query:
            rules = [(_MUST_NOT, case_rule(self.schema, word)) for word in words]
            query = _Q.boolean_query([(_MUST, query), *rules])
        if sort_rank is None and (in_query or not words):  # best first, a page at a time
            scored = bool(positive_terms(node))
            indices: Sequence[int] = LazyHits(self, query, scored=scored)
        else:  # every hit: ties follow the sort, smart case checks each one
            searcher = self._searcher
            hits = searcher.search(query, max(1, int(searcher.num_docs)), count=False).hits
            if words and not in_query and hits:
                hits = self._with_case(searcher, hits, words)
            indices = self._ordered(hits, sort_rank)
        return SearchResult(text, indices, tuple(translator.matches))

    def _with_case(
        self, searcher: tantivy.Searcher, hits: list[tuple[float, Any]], words: list[str]
    ) -> list[tuple[float, Any]]:
        """Smart case checked on each hit's paper, read from the list (see smart_case)."""
        positions = searcher.fast_field_values("doc", [hit[1] for hit in hits])
        papers = [self.paper(int(p)) if p is not None else None for p in positions]
        return [
            hit
            for hit, paper in zip(hits, papers, strict=True)
            if paper is not None and has_case(paper, words)
        ]

    def _ordered(self, hits: list[tuple[float, Any]], sort_rank: IntArray | None) -> list[int]:
        if not hits:
            return []
        scores = np.array([float(hit[0]) for hit in hits])
        addresses = [hit[1] for hit in hits]
        values = self._searcher.fast_field_values("doc", addresses)
        # Python ints become int64 even without the dtype (numpy 2): it only documents it.
        positions = np.asarray(values, dtype=np.int64)  # pragma: no mutate
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
        fields = {"title": [paper.title], "abstract": [paper.abstract]}
        query = tantivy.Query.more_like_this_document_fields_query(
            self.schema,
            fields,
            # Not mutated: a word only this paper has matches nothing else, boosts scale every
            # term alike, no upper bounds is the default, and 40 terms is a tuning cap.
            min_doc_frequency=1,  # pragma: no mutate
            max_doc_frequency=None,  # pragma: no mutate
            min_term_frequency=1,
            max_query_terms=40,  # pragma: no mutate
            min_word_length=3,
            max_word_length=None,  # pragma: no mutate
            boost_factor=1.0,  # pragma: no mutate
            stop_words=list(STOP_WORDS),
        )
        searcher = self._searcher
        # One more hit than asked, as the paper itself is one: a second extra or counting the
        # hits changes nothing, as the list is cut at ``limit``.
        hits = searcher.search(query, limit + 1, count=False).hits  # pragma: no mutate
        positions = searcher.fast_field_values("doc", [hit[1] for hit in hits])
        return [int(found) for found in positions if found is not None and found != position][
            :limit
        ]


class Batch:
    """Writes to an index while ``SearchEngine.batch`` holds its writer."""

    def __init__(self, engine: SearchEngine, writer: tantivy.IndexWriter) -> None:
        self._engine = engine
        self._writer = writer

    def add(self, position: int, paper: Paper) -> None:
        """Add ``paper`` as the document at library ``position``."""
        self._writer.add_document(self._engine._document(position, paper))

    def replace(self, position: int, paper: Paper) -> None:
        """Make ``paper`` the document at ``position`` (added or committed before)."""
        schema = self._engine.schema
        self._writer.delete_documents_by_query(tantivy.Query.term_query(schema, "doc", position))
        self._writer.add_document(self._engine._document(position, paper))

    def commit(self) -> None:
        """Make what was written durable and searchable (``paper`` reads it then)."""
        self._engine._commit(self._writer)


STOP_WORDS = frozenset(
    "a an and are as at be by can for from has have in into is it its of on or our that the "  # noqa: SIM905
    "their these this to we which with while show shows using use used paper propose proposed "
    "approach method methods results based new also than more such both via".split()
)
