from pathlib import Path

import pytest

from reader.core.matches import highlight_spans
from reader.core.models import Paper
from reader.core.search import SearchIndex
from reader.core.sources import parse_file


@pytest.fixture(scope="module")
def sample() -> tuple[list[Paper], SearchIndex]:
    papers, _ = parse_file(Path(__file__).parents[2] / "sample_data" / "trending-papers.txt")
    return papers, SearchIndex(papers)


def titles(sample: tuple[list[Paper], SearchIndex], query: str) -> list[str]:
    papers, index = sample
    return [papers[i].title for i in index.search(query).indices]


def test_empty_query_lists_everything_in_source_order(sample) -> None:  # type: ignore[no-untyped-def]
    _, index = sample
    assert list(index.search("").indices) == list(range(80))
    assert list(index.search("   ").indices) == list(range(80))


def test_tiny_ranks_tinystories_first(sample) -> None:  # type: ignore[no-untyped-def]
    assert titles(sample, "tiny")[0].startswith("TinyStories: How Small Can Language Models")


def test_sam_clip_ranks_sam_clip_first(sample) -> None:  # type: ignore[no-untyped-def]
    assert titles(sample, "sam clip")[0].startswith("SAM-CLIP:")


def test_typo_still_finds_distilling_step_by_step(sample) -> None:  # type: ignore[no-untyped-def]
    top3 = titles(sample, "distiling step")[:3]
    assert any(title.startswith("Distilling Step-by-Step!") for title in top3)


def test_typo_in_one_word(sample) -> None:  # type: ignore[no-untyped-def]
    found = titles(sample, "trnsformer")
    assert found and all(
        "transformer" in (title + paper_abstract).lower()
        for title, paper_abstract in ((p.title, p.abstract) for p in sample[0] if p.title in found)
    )


def test_case_insensitive_and_prefix(sample) -> None:  # type: ignore[no-untyped-def]
    assert titles(sample, "TINYSTOR")[0].startswith("TinyStories")
    assert titles(sample, "TinyStories") == titles(sample, "tinystories")


def test_title_matches_rank_above_abstract_only_matches(sample) -> None:  # type: ignore[no-untyped-def]
    papers, index = sample
    result = index.search("distillation")
    in_title = [i for i in result.indices if "distillation" in papers[i].title.lower()]
    only_abstract = [i for i in result.indices if i not in in_title]
    assert in_title and only_abstract
    positions = {i: n for n, i in enumerate(result.indices)}
    assert max(positions[i] for i in in_title) < min(positions[i] for i in only_abstract)


def test_all_words_must_match(sample) -> None:  # type: ignore[no-untyped-def]
    assert titles(sample, "sam clip zzzzqqq") == []


def test_highlight_spans_cover_matched_words(sample) -> None:  # type: ignore[no-untyped-def]
    _, index = sample
    result = index.search("sam clip")
    text = "SAM-CLIP: Merging"
    spans = highlight_spans(text, result.terms)
    assert {text[a:b] for a, b in spans} == {"SAM", "CLIP"}
    typo = index.search("trnsformer")
    assert ["Transformer"[a:b] for a, b in highlight_spans("Transformer", typo.terms)] == [
        ("Transformer")
    ]
