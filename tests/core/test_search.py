from collections.abc import Sequence
from pathlib import Path

import pytest

from reader.core.library import Library, open_library
from reader.core.models import Paper
from reader.core.search_result import SearchResult, highlight_spans
from reader.core.tokens import tokens


class _Index:
    """The sample's index with the library's filters, as (papers, index) for these tests."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def search(self, query: str) -> SearchResult:
        return self.library.search(query)


Sample = tuple[Sequence[Paper], _Index]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    library = open_library([], tmp_path_factory.mktemp("db") / "annotations.json")
    return library.papers, _Index(library)


def titles(sample: Sample, query: str) -> list[str]:
    papers, index = sample
    return [papers[i].title for i in index.search(query).indices]


def test_empty_query_lists_everything_in_source_order(sample: Sample) -> None:
    _, index = sample
    assert list(index.search("").indices) == list(range(80))
    assert list(index.search("   ").indices) == list(range(80))


def test_tiny_ranks_tinystories_first(sample: Sample) -> None:
    assert titles(sample, "tiny")[0].startswith("TinyStories: How Small Can Language Models")


def test_sam_clip_ranks_sam_clip_first(sample: Sample) -> None:
    assert titles(sample, "sam clip")[0].startswith("SAM-CLIP:")


def test_typo_still_finds_distilling_step_by_step(sample: Sample) -> None:
    top3 = titles(sample, "distiling step")[:3]
    assert any(title.startswith("Distilling Step-by-Step!") for title in top3)


def test_typo_in_one_word(sample: Sample) -> None:
    found = titles(sample, "trnsformer")
    assert found and all(
        "transformer" in (title + paper_abstract).lower()
        for title, paper_abstract in ((p.title, p.abstract) for p in sample[0] if p.title in found)
    )


def test_case_insensitive_and_prefix(sample: Sample) -> None:
    assert titles(sample, "tinystor")[0].startswith("TinyStories")
    assert titles(sample, "TinyStories") == titles(sample, "tinystories")[:1]
    assert titles(sample, "TINYSTOR") == []  # smart case: capitals must match as typed


def test_title_matches_rank_above_abstract_only_matches(sample: Sample) -> None:
    papers, index = sample
    result = index.search("distillation")
    in_title = [i for i in result.indices if "distillation" in papers[i].title.lower()]
    only_abstract = [i for i in result.indices if i not in in_title]
    assert in_title and only_abstract
    positions = {i: n for n, i in enumerate(result.indices)}
    assert max(positions[i] for i in in_title) < min(positions[i] for i in only_abstract)


def test_all_words_must_match(sample: Sample) -> None:
    assert titles(sample, "sam clip zzzzqqq") == []


def test_highlight_spans_cover_matched_words(sample: Sample) -> None:
    _, index = sample
    result = index.search("sam clip")
    text = "SAM-CLIP: Merging"
    spans = highlight_spans(text, result.terms)
    assert {text[a:b] for a, b in spans} == {"SAM", "CLIP"}
    typo = index.search("trnsformer")
    assert ["Transformer"[a:b] for a, b in highlight_spans("Transformer", typo.terms)] == [
        ("Transformer")
    ]


def test_field_filters_and_negation(sample: Sample) -> None:
    papers, _ = sample
    assert titles(sample, "ti:tiny") == [p.title for p in papers if "tiny" in p.title.lower()]
    assert all("tiny" not in t.lower() for t in titles(sample, "language -tiny")[:50])
    assert set(titles(sample, "language !tiny")) == set(titles(sample, "language -tiny"))
    without = set(titles(sample, "language")) - set(titles(sample, "language -tiny"))
    assert any("Tiny" in t for t in without)
    assert titles(sample, "abs:tinyllama") == [
        p.title for p in papers if "tinyllama" in p.abstract.lower()
    ]


def test_exact_phrase_start_and_or(sample: Sample) -> None:
    papers, _ = sample
    # Exact: the whole word, or a whole part of a camelCase word ("DistilBERT").
    assert titles(sample, "'distil") == [
        p.title for p in papers if "distil" in tokens(p.title) | tokens(p.abstract)
    ]
    assert len(titles(sample, "distil")) > len(titles(sample, "'distil"))
    phrase = titles(sample, '"small language models"')
    assert phrase and all(
        "small language models" in (p.title + " " + p.abstract).lower()
        for p in papers
        if p.title in phrase
    )
    assert titles(sample, "^tiny") == [
        "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    ]
    either = set(titles(sample, "gaze | tinystories"))
    assert either == set(titles(sample, "gaze")) | set(titles(sample, "tinystories"))
    assert set(titles(sample, "(gaze OR tinystories) -video")) < either


def test_smart_case(sample: Sample) -> None:
    lower = titles(sample, "sam")
    upper = titles(sample, "SAM")
    assert upper and set(upper) < set(lower)  # "same", "sample" ... only match lowercase


def test_author_field_on_papers_with_authors(tmp_path: Path) -> None:
    from reader.core.annotations import AnnotationStore

    papers = [
        Paper(id="1", title="Alpha", abstract="about graphs", authors=("Ada Lovelace",)),
        Paper(id="2", title="Beta", abstract="about lovelace", authors=("Alan Turing",)),
    ]
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")
    assert [papers[i].id for i in library.search("au:lovelace").indices] == ["1"]
    # Both match; an abstract match ranks above an author match (issue 11's ranking).
    assert [papers[i].id for i in library.search("lovelace").indices] == ["2", "1"]


def test_tag_status_and_date_filters_follow_annotations(tmp_path: Path) -> None:
    from reader.core.annotations import AnnotationStore
    from reader.core.models import Status

    papers = [
        Paper(id=str(n), title=f"Model {n}", abstract="text", date=f"2024-0{n}-15")
        for n in range(1, 6)
    ]
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")

    def ids(query: str) -> list[str]:
        result = library.search(query)
        assert result.error is None, result.error
        return [papers[i].id for i in result.indices]

    assert ids("tag:llm") == []
    library.set_tags(papers[1], ("LLM", "x"))
    library.set_tags(papers[3], ("llm",))
    assert ids("tag:llm") == ["2", "4"]  # index kept current: no rebuild needed
    assert ids("tag:l*") == ["2", "4"]
    library.set_status(papers[3], Status.READ)
    assert ids("tag:llm status:unread") == ["2"]
    assert ids("status:read") == ["4"] and ids("status:unread") == ["1", "2", "3", "5"]
    assert ids("date:2024-02..2024-03") == ["2", "3"]
    assert ids("date:>2024-03") == ["4", "5"] and ids("date:<=2024-02") == ["1", "2"]
    assert ids("date:2024-04-15") == ["4"]
    assert ids("id:3") == ["3"]
    assert ids("tag:llm | date:2024-05") == ["2", "4", "5"]


def test_sort_modes_break_ties(tmp_path: Path) -> None:
    from reader.core.annotations import AnnotationStore
    from reader.core.models import SortMode, Status

    papers = [
        Paper(id="a", title="Zeta model", abstract="", date="2024-01-01", upvotes=5),
        Paper(id="b", title="Alpha model", abstract="", date="2024-03-01", upvotes=50),
        Paper(id="c", title="Mid model", abstract="", date=None, upvotes=None),
    ]
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")
    library.set_status(papers[0], Status.READING)

    def ids() -> list[str]:
        return [papers[i].id for i in library.search("model").indices]

    assert ids() == ["a", "b", "c"]
    library.sort = SortMode.TITLE
    assert ids() == ["b", "c", "a"]
    library.sort = SortMode.DATE
    assert ids() == ["b", "a", "c"]
    library.sort = SortMode.UPVOTES
    assert ids() == ["b", "a", "c"]
    library.sort = SortMode.STATUS
    assert ids() == ["b", "c", "a"]


def test_malformed_query_returns_an_error_not_an_exception(sample: Sample) -> None:
    _, index = sample
    for query in (
        "(tiny",
        "tiny)",
        "tag:",
        "status:maybe",
        "date:2024-13",
        'ti:"open',
        "a | | b",
        "-",
        "^",
    ):
        result = index.search(query)
        if query == "-":
            continue  # a lone dash is just text
        assert result.error and not result.indices, query
