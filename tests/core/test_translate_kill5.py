"""Within a tier, the BM25 share of a word's exact matches is weighted by field like the tiers."""

from __future__ import annotations

import numpy as np

from reader.core.arrays import BoolArray
from reader.core.formats.common import build_paper
from reader.core.query import Filter
from reader.core.search.engine import SearchEngine

LONG = "On Turing machines and the halting problem revisited at great length"
PAPERS = [
    build_paper(title="On Turing and zebras", abstract="", source="s", authors=("Ada Lovelace",)),
    build_paper(title=LONG, abstract="", source="s", authors=("Alan Turing",)),
] + [
    build_paper(title=f"Filler paper {n} about zebras", abstract="", source="s", authors=("G. H",))
    for n in range(6)
]


class NoFilters:
    def filter_mask(self, condition: Filter) -> BoolArray:
        return np.zeros(len(PAPERS), dtype=bool)


def test_a_closer_title_match_outranks_a_looser_one_with_the_author_too() -> None:
    engine = SearchEngine(None)
    engine.add(enumerate(PAPERS))
    # Both are exact title matches (one tier); the short title's BM25 counts three times,
    # the author's match only 0.4 times, as the tiers weigh title and authors.
    assert list(engine.search("turing", NoFilters(), len(PAPERS)).indices) == [0, 1]
    engine.close()
