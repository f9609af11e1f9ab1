"""Sort modes for the paper list, as rank arrays the search engine can tie-break on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from reader.core.arrays import IntArray
from reader.core.dates import date_key
from reader.core.models import Annotation, Paper, SortMode, Status

STATUS_CODE = {Status.UNREAD: 0, Status.READING: 1, Status.READ: 2}


def _ranks(keys: Sequence[Any]) -> IntArray:
    order = sorted(range(len(keys)), key=lambda number: keys[number])
    ranks = np.empty(len(keys), dtype=np.int32)
    ranks[order] = np.arange(len(keys), dtype=np.int32)  # pragma: no mutate (cast on store)
    return ranks


def static_rank(mode: SortMode, papers: Sequence[Paper]) -> IntArray | None:
    """Rank by a field that annotations do not change (None for relevance/source order)."""
    if mode is SortMode.DATE:  # newest first, each date at its own precision; undated last
        return _ranks([date_key(paper) for paper in papers])
    if mode is SortMode.TITLE:
        return _ranks([paper.title.casefold() for paper in papers])
    if mode is SortMode.UPVOTES:  # most first; unknown last
        return _ranks([-(paper.upvotes if paper.upvotes is not None else -1) for paper in papers])
    return None


def status_codes(
    size: int, annotations: Mapping[str, Annotation], position: Mapping[str, int]
) -> IntArray:
    """Return each paper's status as a number (STATUS_CODE), unannotated papers unread."""
    codes = np.zeros(size, dtype=np.int32)
    for paper_id, annotation in annotations.items():
        index = position.get(paper_id)
        if index is not None:
            codes[index] = STATUS_CODE[annotation.status]
    return codes


def status_rank(codes: IntArray) -> IntArray:
    """Rank unread, then reading, then read (source order within each)."""
    # The sum is cast to int32 at the end: arange's own dtype changes nothing.
    order = np.arange(len(codes), dtype=np.int32)  # pragma: no mutate
    return (codes * len(codes) + order).astype(np.int32)
