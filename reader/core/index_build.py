"""Build the search index's arrays from papers, in one pass and with little memory.

Each document's words are turned into integer ids as they are read (no per-document
sets are kept), then each field becomes CSR arrays: for every word of the sorted
vocabulary, the ascending list of papers containing it.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reader.core.models import Paper
from reader.core.tokens import first_word_tokens, folded_and_cased

IntArray = npt.NDArray[np.int32]
FOLDED_FIELDS = ("title", "abstract", "author", "lead")
CASED_FIELD = "cased"
_PROGRESS_EVERY = 2000


@dataclass(slots=True)
class IndexData:
    """Everything the search index needs besides the papers; cacheable on disk."""

    vocab: list[str]
    """Casefolded words, sorted."""
    cased_vocab: list[str]
    """Words with capitals as written, sorted (for smart case)."""
    offsets: dict[str, IntArray]
    docs: dict[str, IntArray]


class _Field:
    def __init__(self) -> None:
        self.ids = array("i")
        self.counts = array("i")

    def add(self, words: set[str], vocabulary: dict[str, int]) -> None:
        get = vocabulary.setdefault
        self.ids.extend([get(word, len(vocabulary)) for word in words])
        self.counts.append(len(words))


def _sorted_vocabulary(vocabulary: dict[str, int]) -> tuple[list[str], IntArray]:
    """Return the sorted words and, for each first-seen id, its sorted position."""
    words = list(vocabulary)
    order = sorted(range(len(words)), key=words.__getitem__)
    rank = np.empty(len(words), dtype=np.int32)
    rank[order] = np.arange(len(words), dtype=np.int32)
    return [words[i] for i in order], rank


def _csr(field: _Field, rank: IntArray) -> tuple[IntArray, IntArray]:
    """Turn a field's (document, word id) stream into CSR arrays, freeing as it goes."""
    word_ids = rank[np.frombuffer(field.ids, dtype=np.int32)]
    counts = np.frombuffer(field.counts, dtype=np.int32).copy()
    field.ids = array("i")  # the raw ids are no longer needed
    offsets = np.zeros(len(rank) + 1, dtype=np.int32)
    np.cumsum(np.bincount(word_ids, minlength=len(rank)), out=offsets[1:])
    order = np.argsort(word_ids, kind="stable")
    del word_ids
    docs = np.repeat(np.arange(len(counts), dtype=np.int32), counts)[order]
    return offsets, docs


def build_index_data(
    papers: Sequence[Paper], progress: Callable[[float], None] | None = None
) -> IndexData:
    """Tokenise every paper once and return the index arrays."""
    folded_vocabulary: dict[str, int] = {}
    cased_vocabulary: dict[str, int] = {}
    fields = {name: _Field() for name in (*FOLDED_FIELDS, CASED_FIELD)}
    total = max(1, len(papers))
    for number, paper in enumerate(papers):
        title, title_cased = folded_and_cased(paper.title)
        abstract, abstract_cased = folded_and_cased(paper.abstract)
        if paper.authors:
            authors, authors_cased = folded_and_cased(", ".join(paper.authors))
        else:
            authors, authors_cased = set(), set()
        fields["title"].add(title, folded_vocabulary)
        fields["abstract"].add(abstract, folded_vocabulary)
        fields["author"].add(authors, folded_vocabulary)
        fields["lead"].add(first_word_tokens(paper.title), folded_vocabulary)
        fields[CASED_FIELD].add(title_cased | abstract_cased | authors_cased, cased_vocabulary)
        if progress and number % _PROGRESS_EVERY == 0:
            progress(0.85 * number / total)
    vocab, rank = _sorted_vocabulary(folded_vocabulary)
    del folded_vocabulary
    cased_vocab, cased_rank = _sorted_vocabulary(cased_vocabulary)
    del cased_vocabulary
    offsets: dict[str, IntArray] = {}
    docs: dict[str, IntArray] = {}
    for step, (name, field) in enumerate(fields.items()):
        offsets[name], docs[name] = _csr(field, cased_rank if name == CASED_FIELD else rank)
        fields[name] = _Field()  # free the id buffers as we go
        if progress:
            progress(0.85 + 0.03 * (step + 1))
    return IndexData(vocab, cased_vocab, offsets, docs)
