"""Annotated papers stay reachable: a paper with tags, a note or a status is always listed.

When the library first gets a file, the bundled sample is no longer what opens; the sample's
papers that carry annotations come along.  A paper annotated in a file that is no longer
loaded is listed from what its annotation record remembers (its title and id).
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.annotations import AnnotationStore
from reader.core.models import Paper
from reader.core.text import normalise_arxiv_id

NOT_IN_LIBRARY = "Annotated, not in library"
"""The source of papers listed only because they carry annotations."""


def keep_annotated(
    papers: list[Paper],
    store: AnnotationStore,
    sample: Iterable[Paper] = (),
    known: tuple[set[str], set[str]] | None = None,
) -> tuple[list[Paper], int, int]:
    """Return ``papers`` plus every annotated paper they lack, and how many of each kind.

    The counts are (papers brought from ``sample``, papers rebuilt from annotation records).
    ``known`` gives the ids and title keys of papers held elsewhere (a huge library's
    columns) that count as present too.
    """
    ids = {paper.id for paper in papers}
    keys = {paper.title_key for paper in papers if paper.title_key}
    if known is not None:
        ids |= known[0]
        keys |= known[1] - {""}
    extra: list[Paper] = []
    for paper in sample:
        if paper.id in ids or paper.title_key in keys:
            continue
        if not store.get(paper.id, paper.title_key).is_empty:
            extra.append(paper)
            ids.add(paper.id)
            keys.add(paper.title_key)
    from_sample = len(extra)
    for paper_id, annotation in store.annotations.items():
        if annotation.is_empty or paper_id in ids:
            continue
        title, key = store.stored_paper(paper_id)
        if key and key in keys:
            continue
        arxiv_id = normalise_arxiv_id(paper_id)
        extra.append(
            Paper(
                paper_id,
                title or (f"arXiv {arxiv_id}" if arxiv_id else "Untitled annotated paper"),
                source=NOT_IN_LIBRARY,
                title_key=key,
                arxiv_id=arxiv_id,
                links=(("arXiv", f"https://arxiv.org/abs/{arxiv_id}"),) if arxiv_id else (),
                sources=(NOT_IN_LIBRARY,),
            )
        )
        ids.add(paper_id)
    return [*papers, *extra], from_sample, len(extra) - from_sample


def sample_papers() -> list[Paper]:
    """Return the bundled sample's papers (a small file: parsed in a few milliseconds)."""
    from reader.core.paths import bundled_sample
    from reader.core.sources import SourceError, parse_file

    try:
        return [paper.replace() for paper in parse_file(bundled_sample()).papers]
    except SourceError:
        return []
