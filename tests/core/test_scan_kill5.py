"""A capitalised query word matches at a word start or a camelCase part (scan and index)."""

from __future__ import annotations

import numpy as np

from reader.core.arrays import BoolArray
from reader.core.formats.common import build_paper
from reader.core.query import Filter
from reader.core.search.engine import SearchEngine
from reader.core.search.scan import scan_search

PAPERS = [
    build_paper(title="A model of xLSTMModel", abstract="", source="s"),  # "Model" after M
    build_paper(title="Model zoo", abstract="", source="s"),
    build_paper(title="A model of TinyModel", abstract="", source="s"),  # a camelCase part
]


class NoFilters:
    def filter_mask(self, condition: Filter) -> BoolArray:
        return np.zeros(len(PAPERS), dtype=bool)


def test_a_capital_inside_a_capitalised_run_is_no_word_start() -> None:
    scanned = list(scan_search(PAPERS, "Model", NoFilters()))[-1]
    assert list(scanned.indices) == [1, 2]
    engine = SearchEngine(None)
    engine.add(enumerate(PAPERS))
    assert sorted(engine.search("Model", NoFilters(), len(PAPERS)).indices) == [1, 2]
    engine.close()
