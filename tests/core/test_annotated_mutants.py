"""Annotated papers stay listed, picker matching scores, browser-safe URLs (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.annotated import NOT_IN_LIBRARY, keep_annotated, sample_papers
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.choices import MATCH_CHARS, match_choice
from reader.core.models import Paper, Status
from reader.core.urls import web_url


def _paper(pid: str, title: str, key: str) -> Paper:
    return Paper(id=pid, title=title, title_key=key)


def test_keep_annotated_brings_sample_and_stored_papers(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    loaded = [_paper("2401.00001", "Loaded", "k-loaded")]
    sample = [
        _paper("s1", "Sample annotated", "k-s1"),
        _paper("s2", "Sample plain", "k-s2"),
        _paper("2401.00001", "Same id as loaded", "k-other"),
        _paper("s4", "Same key as loaded", "k-loaded"),
    ]
    store.apply(Change("s1", title="Sample annotated", title_key="k-s1", add_tags=("x",)))
    store.apply(Change("s4", title_key="k-loaded", note="n"))
    store.apply(Change("2402.00002", title="Gone Paper", title_key="k-gone", note="kept"))
    store.apply(Change("hep-th/9901001", status=Status.READ))
    store.apply(Change("title:abc", title_key="k-abc", add_tags=("t",)))
    store.apply(Change("2401.00001", note="on a loaded paper"))
    store.apply(Change("empty", note="x"))
    store.apply(Change("empty", note=""))
    papers, from_sample, rebuilt = keep_annotated(loaded, store, sample)
    assert (from_sample, rebuilt) == (1, 3)
    assert [paper.id for paper in papers] == [
        "2401.00001",
        "s1",
        "2402.00002",
        "hep-th/9901001",
        "title:abc",
    ]
    assert papers[1] is sample[0]
    gone, old, untitled = papers[2:]
    assert gone == Paper(
        "2402.00002",
        "Gone Paper",
        source=NOT_IN_LIBRARY,
        title_key="k-gone",
        arxiv_id="2402.00002",
        links=(("arXiv", "https://arxiv.org/abs/2402.00002"),),
        sources=(NOT_IN_LIBRARY,),
    )
    assert old.title == "arXiv hep-th/9901001"
    assert untitled.title == "Untitled annotated paper" and untitled.arxiv_id is None
    assert untitled.links == () and untitled.title_key == "k-abc"
    assert NOT_IN_LIBRARY == "Annotated, not in library"


def test_keep_annotated_without_sample_and_with_a_known_key(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    loaded = [_paper("2401.00009", "Now with an id", "k1")]
    store.apply(Change("title:old", title_key="k1", note="moved"))
    papers, from_sample, rebuilt = keep_annotated(loaded, store)
    assert papers == loaded and (from_sample, rebuilt) == (0, 0)


def test_sample_papers_are_the_bundled_sample() -> None:
    papers = sample_papers()
    assert len(papers) == 80 and papers[0].title


def test_sample_papers_empty_when_the_sample_is_unusable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import reader.core.paths as paths

    empty = tmp_path / "empty.txt"
    empty.write_text("")
    monkeypatch.setattr(paths, "bundled_sample", lambda: empty)
    assert sample_papers() == []


def test_match_choice_scores_and_spans() -> None:
    assert match_choice("", "anything") == (1.0, [])
    assert match_choice("zz", "anything") is None
    assert match_choice("a zz", "a b") is None
    _score, spans = match_choice("net mob", "MobileNet mobile net")  # type: ignore[misc]
    assert spans == [(0, 3), (17, 20)]
    start = match_choice("tiny", "tiny stories")
    later = match_choice("tiny", "stories are tiny")
    inner = match_choice("iny", "tiny stories")
    assert start is not None and later is not None and inner is not None
    assert start[0] > later[0] > 0 and start[0] > inner[0]
    assert start[1] == [(0, 4)] and later[1] == [(12, 16)] and inner[1] == [(1, 4)]
    assert start[0] == pytest.approx(1.0 / (1.0 + 12 / 400))
    long = match_choice("tiny", "tiny " + "x" * 400)
    assert long is not None and long[0] == pytest.approx(1.0 / (1.0 + 405 / 400))
    assert match_choice("x", "a" * MATCH_CHARS + "x") is None
    assert match_choice("x", "a" * (MATCH_CHARS - 1) + "x") is not None
    assert MATCH_CHARS == 300


def test_match_choice_prefers_a_word_start_after_an_inner_match() -> None:
    result = match_choice("net", "cornet net")
    assert result is not None and result[1] == [(7, 10)]
    assert match_choice("net", "cornet")[1] == [(3, 6)]  # type: ignore[index]
    score = match_choice("b", "ab b")
    assert score is not None and score[1] == [(3, 4)]
    assert score[0] == pytest.approx((2.0 / (1.0 + 3 / 40)) / 2.0 / (1.0 + 4 / 400))


def test_match_choice_uses_at_most_twenty_words() -> None:
    words = " ".join(f"w{n}" for n in range(25))
    text = " ".join(f"w{n}" for n in range(20))
    result = match_choice(words, text)
    assert result is not None and len(result[1]) == 20


def test_match_choice_keeps_offsets_when_casefold_changes_length() -> None:
    result = match_choice("b", "ß b")
    assert result is not None and result[1] == [(2, 3)]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=c", True),
        ("HTTP://example.org", True),
        ("http://example.org:8080/x", True),
        ("ftp://example.org", False),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("https:///path", False),
        ("-https://example.org", False),
        ("https://exa mple.org", False),
        ("https://example.org/\x07", False),
        ("https://example.org\u200b", False),
        ("https://example.org:port/", False),
        ("", False),
    ],
)
def test_web_url(url: str, ok: bool) -> None:
    assert web_url(url) == (url if ok else None)


def test_web_url_refuses_non_text() -> None:
    assert web_url(None) is None  # type: ignore[arg-type]
    assert web_url(5) is None  # type: ignore[arg-type]
    assert web_url(b"https://example.org") is None  # type: ignore[arg-type]
