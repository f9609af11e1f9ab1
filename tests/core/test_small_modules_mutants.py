"""Text hygiene, tokens, sorting ranks, highlight matches and reading stats (issue 14)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from reader.core.library import open_library
from reader.core.models import Annotation, Paper, SortMode, Status
from reader.core.search_result import SearchResult, TermMatch, highlight_spans
from reader.core.sorting import STATUS_CODE, static_rank, status_codes, status_rank
from reader.core.stats import ReadingStats, reading_stats
from reader.core.text import (
    collapse_whitespace,
    make_paper_id,
    normalise_arxiv_id,
    normalise_title,
    strip_control,
    title_key,
)
from reader.core.tokens import (
    first_word_tokens,
    iter_token_spans,
    tokens,
)


def test_strip_control_removes_every_escape_kind() -> None:
    assert strip_control("a\x1b[31mred\x1b[0m b") == "ared b"
    assert strip_control("x\x1b]0;title\x07y") == "xy"
    assert strip_control("x\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\y") == "xlinky"
    assert strip_control("x\x1bPdcs\x1b\\y") == "xy"
    assert strip_control("x\x1bMy") == "xy"
    assert strip_control("x\x1b(By") == "xy"
    assert strip_control("end\x1b") == "end"
    assert strip_control("a\x00b\x08c\x7fd\x80e\x85f") == "abcdef"
    assert strip_control("tab\tand\nnewline\r") == "tab\tand\nnewline"
    assert strip_control("plain [b]markup[/b]") == "plain [b]markup[/b]"


def test_titles_ids_and_keys() -> None:
    assert collapse_whitespace("  a\n  b\tc  ") == "a b c"
    assert normalise_title("  Café\nStraße ") == "café strasse"
    assert normalise_title("Cafe\u0301") == normalise_title("Café")
    assert title_key("A  Title") == title_key("a title") and len(title_key("x")) == 12
    assert title_key("a title") != title_key("a titles")
    assert normalise_arxiv_id("arXiv:2403.01234v2") == "2403.01234"
    assert normalise_arxiv_id(" 2403.0123 ") == "2403.0123"
    assert normalise_arxiv_id("hep-th/9901001v1") == "hep-th/9901001"
    assert normalise_arxiv_id("math.GT/0309136") == "math.GT/0309136"
    assert normalise_arxiv_id("2403.012") is None
    assert normalise_arxiv_id("x2403.01234") is None
    assert normalise_arxiv_id("2403.01234 trailing") is None
    assert make_paper_id("T", "arxiv:2403.01234v1") == "2403.01234"
    assert make_paper_id("T", "not an id") == f"title:{title_key('T')}"
    assert make_paper_id("T", None, key="given") == "title:given"
    assert make_paper_id("T") == f"title:{title_key('T')}"


def test_token_spans_include_camel_case_parts() -> None:
    assert list(iter_token_spans("TinyStories, e_x 42")) == [
        (0, 11, "tinystories"),
        (0, 4, "tiny"),
        (4, 11, "stories"),
        (13, 14, "e"),
        (15, 16, "x"),
        (17, 19, "42"),
    ]
    assert list(iter_token_spans("LLM GPT4o")) == [(0, 3, "llm"), (4, 9, "gpt4o")]
    assert tokens("TinyStories and LoRA") == {
        "tinystories",
        "tiny",
        "stories",
        "and",
        "lora",
        "lo",
        "ra",
    }
    assert tokens("plain words") == {"plain", "words"}
    assert first_word_tokens("  MobileNet rocks") == {"mobilenet", "mobile", "net"}
    assert first_word_tokens("!!") == set()


def test_term_matches_and_highlights() -> None:
    prefix = TermMatch("dist", frozenset({"distal"}))
    assert prefix.matches("distil") and prefix.matches("distal") and not prefix.matches("adist")
    exact = TermMatch("dist", frozenset({"distal"}), prefix=False)
    assert exact.matches("dist") and not exact.matches("distil") and not exact.matches("distal")
    fuzzy = TermMatch("lora", frozenset({"lara"}))
    assert fuzzy.matches("lara")
    assert highlight_spans("Distilling models, dist!", [exact]) == [(19, 23)]
    assert highlight_spans("Distilling models, dist!", [prefix]) == [(0, 10), (19, 23)]
    assert highlight_spans("anything", []) == []
    assert len(SearchResult("q", [3, 1, 2])) == 3
    assert SearchResult("q", []).error is None and SearchResult("q", []).terms == ()


def test_static_ranks() -> None:
    papers = [
        Paper(id="a", title="beta", date="2024-01-02", upvotes=5),
        Paper(id="b", title="Alpha", date=None, upvotes=None),
        Paper(id="c", title="gamma", date="2024-03-01", upvotes=50),
        Paper(id="d", title="alpha2", date="2024-01-10", upvotes=0),
        Paper(id="e", title="delta", date=None, upvotes=5),
    ]
    assert static_rank(SortMode.DATE, papers).tolist() == [2, 3, 0, 1, 4]  # type: ignore[union-attr]
    assert static_rank(SortMode.TITLE, papers).tolist() == [2, 0, 4, 1, 3]  # type: ignore[union-attr]
    assert static_rank(SortMode.UPVOTES, papers).tolist() == [1, 4, 0, 3, 2]  # type: ignore[union-attr]
    assert static_rank(SortMode.RELEVANCE, papers) is None
    assert static_rank(SortMode.STATUS, papers) is None
    assert static_rank(SortMode.DATE, []).tolist() == []  # type: ignore[union-attr]


def test_status_codes_and_rank() -> None:
    assert STATUS_CODE == {Status.UNREAD: 0, Status.READING: 1, Status.READ: 2}
    annotations = {
        "a": Annotation("a", Status.READ),
        "c": Annotation("c", Status.READING),
        "gone": Annotation("gone", Status.READ),
    }
    codes = status_codes(4, annotations, {"a": 0, "b": 1, "c": 2, "d": 3})
    assert codes.dtype == np.int32 and codes.tolist() == [2, 0, 1, 0]
    rank = status_rank(codes)
    assert rank.dtype == np.int32
    assert sorted(range(4), key=lambda n: rank[n]) == [1, 3, 2, 0]


def test_reading_stats(tmp_path: Path, sample_path: Path) -> None:
    library = open_library([sample_path], tmp_path / "db.json", use_cache=False)
    first, second, third, fourth = library.papers[:4]
    library.set_status(first, Status.READ)
    library.set_status(second, Status.READ)
    library.set_status(third, Status.READING)
    library.set_tags(first, ("llm", "vision"))
    library.set_tags(fourth, ("llm",))
    now = datetime.now(UTC)
    stats = reading_stats(library, now)
    assert stats.papers == 80
    assert stats.by_status == {Status.UNREAD: 77, Status.READING: 1, Status.READ: 2}
    assert stats.tags == [("llm", 2), ("vision", 1)]
    assert (stats.read_last_7_days, stats.read_last_30_days) == (2, 2)
    later = reading_stats(library, now.replace(year=now.year + 1))
    assert (later.read_last_7_days, later.read_last_30_days) == (0, 0)
    from datetime import timedelta

    ten_days = reading_stats(library, now + timedelta(days=10))
    assert (ten_days.read_last_7_days, ten_days.read_last_30_days) == (0, 2)
    changed = library.annotation(first).status_changed
    assert changed is not None
    # Exactly seven days after the first was read: both still count (the bound is inclusive).
    edge = reading_stats(library, datetime.fromisoformat(changed) + timedelta(days=7))
    assert edge.read_last_7_days == 2


def test_stats_lines() -> None:
    stats = ReadingStats(
        1234, {Status.UNREAD: 1000, Status.READING: 200, Status.READ: 34}, [("llm", 1500)], 3, 4
    )
    assert stats.lines() == [
        "1,234 papers",
        "  · unread     1,000",
        "  ◐ reading      200",
        "  ✓ read          34",
        "Read in the last 7 days: 3; last 30 days: 4",
        "Tags:",
        "  #llm                       1,500",
    ]
    empty = ReadingStats(0, dict.fromkeys(Status, 0), [], 0, 0)
    assert empty.lines()[-1] == "No tags yet."
    assert len(empty.lines()) == 6


def test_reading_stats_windows_and_bad_timestamps(tmp_path: Path, sample_path: Path) -> None:
    from datetime import timedelta

    from reader.core.changes import Change

    library = open_library([sample_path], tmp_path / "db.json", use_cache=False)
    first, second, third = library.papers[:3]
    library.apply(library.change(first, status=Status.READ))
    # A damaged timestamp on one paper does not stop the count of the others.
    library.store.apply(Change(second.id, status=Status.READ))
    library.store.apply(Change(third.id, status=Status.READ))
    import json

    data = json.loads(library.store.path.read_text())
    for record in data["annotations"].values():
        if record["id"] == second.id:
            record["status_changed"] = "not a date"
    library.store.path.write_text(json.dumps(data))
    library.store.refresh()
    stats = reading_stats(library)  # default "now": aware, like the stored stamps
    assert (stats.read_last_7_days, stats.read_last_30_days) == (2, 2)
    changed = datetime.fromisoformat(library.annotation(first).status_changed)  # type: ignore[arg-type]
    later = max(changed, datetime.fromisoformat(library.annotation(third).status_changed))  # type: ignore[arg-type]
    eight = reading_stats(library, later + timedelta(days=7, hours=12))
    assert eight.read_last_7_days == 0 and eight.read_last_30_days == 2
    edge = reading_stats(library, changed + timedelta(days=30))
    assert edge.read_last_30_days == 2  # the 30-day bound is inclusive
    past = reading_stats(library, later + timedelta(days=30, hours=12))
    assert past.read_last_30_days == 0


def test_state_file_is_indented_json(tmp_path: Path) -> None:
    from reader.core.state import remember

    path = tmp_path / "state.json"
    remember("theme", "x", path)
    assert path.read_text() == '{\n  "theme": "x"\n}'


def test_plural_and_three_part_camel_case() -> None:
    from reader.core.text import plural

    assert plural(1, "paper") == "1 paper"
    assert plural(0, "paper") == "0 papers"
    assert plural(1234, "entry", "entries") == "1,234 entries"
    assert list(iter_token_spans("TinyStoriesModel")) == [
        (0, 16, "tinystoriesmodel"),
        (0, 4, "tiny"),
        (4, 11, "stories"),
        (11, 16, "model"),
    ]
