"""Title matching runs: the limits every request carries, when answers reach the disk,
``found`` for each match, and stopping in the middle of a download."""

from __future__ import annotations

import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from reader.core import resolve as resolve_module
from reader.core.formats.common import build_paper
from reader.core.fulltext_net import http_get
from reader.core.models import Paper
from reader.core.resolve import Match, Resolver, ResolveReport, ResolveStore
from tests.core.arxiv_answers import hf_item
from tests.core.stand_in import StandIn, answer, drip


def trending(title: str) -> Paper:
    return build_paper(title=title, source="trending.txt", listing_date="Mar 13")


def hf_knows(server: StandIn, *titles: str) -> None:
    """Hugging Face finds each of ``titles`` (when asked for it); arXiv finds nothing."""

    def route(handler: Any, query: dict[str, list[str]]) -> None:
        asked = query.get("q", [""])[0]
        items = [
            hf_item(f"2401.{n:05d}", title) for n, title in enumerate(titles, 1) if title == asked
        ]
        answer(json.dumps(items).encode())(handler, query)

    server.routes["/api/papers/search"] = route
    server.routes["/api/query"] = answer(b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>')


def fast(store: ResolveStore, **limits: float) -> Resolver:
    return Resolver(store, per_second=1000, **{"timeout": 2.0, "deadline": 3.0, **limits})


class Limits:
    """Stands in for RateLimit (no waiting) and watches http_get: what each request carries."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.per_second: list[float] = []
        self.requests: list[dict[str, Any]] = []
        limits = self

        class NoWait:
            def __init__(self, per_second: float) -> None:
                limits.per_second.append(per_second)

            def wait(self) -> None:
                pass

        def watched(url: str, **options: Any) -> Any:
            self.requests.append(options)
            return http_get(url, **options)

        self.get = watched
        monkeypatch.setattr(resolve_module, "RateLimit", NoWait)
        monkeypatch.setattr(resolve_module, "http_get", watched)


class Clock:
    """resolve's clock: monotonic time is what the test sets."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return 1_700_000_000.0 + self.now


def test_a_new_resolver_looks_a_title_up_within_its_default_limits(
    server: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hf_knows(server, "Sparse Attention")
    limits = Limits(monkeypatch)
    match = Resolver(ResolveStore(tmp_path)).lookup("Sparse Attention")
    assert (match.arxiv_id, match.title) == ("2401.00001", "Sparse Attention")
    assert limits.per_second == [3.0]  # a few requests a second
    assert [request["timeout"] for request in limits.requests] == [8.0]
    assert [request["deadline"] for request in limits.requests] == [20.0]
    assert [request["max_bytes"] for request in limits.requests] == [2_000_000]


def test_answers_reach_the_disk_every_two_seconds_and_once_more_only_if_new(
    server: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = ["Paper A", "Paper B", "Paper C", "Paper D", "Paper E"]
    hf_knows(server, *titles)
    limits = Limits(monkeypatch)
    clock = Clock()
    monkeypatch.setattr(resolve_module, "time", clock)
    answered_at = dict(zip(titles, [1.0, 2.0, 3.5, 4.0, 4.5], strict=True))

    def answered(url: str, **options: Any) -> Any:  # each title's answer comes at its time
        title = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["q"][0]
        clock.now = answered_at[title]
        return limits.get(url, **options)

    monkeypatch.setattr(resolve_module, "http_get", answered)
    on_disk: dict[str, list[str]] = {}
    path = tmp_path / "resolved.json"

    def found(paper: Paper, match: Match) -> None:  # called after each answer is stored
        saved = json.loads(path.read_text())["titles"] if path.exists() else {}
        on_disk[paper.title] = sorted(saved)

    saves: list[int] = []
    original = ResolveStore.save
    monkeypatch.setattr(ResolveStore, "save", lambda self: saves.append(original(self) or 1))
    report = Resolver(ResolveStore(tmp_path)).resolve([trending(t) for t in titles], found=found)
    assert report == ResolveReport(asked=5, matched=5)
    assert len(limits.requests) == 5
    assert on_disk == {
        "Paper A": [],
        "Paper B": ["paper a", "paper b"],  # two seconds after the start
        "Paper C": ["paper a", "paper b"],
        "Paper D": ["paper a", "paper b", "paper c", "paper d"],  # two seconds after that
        "Paper E": ["paper a", "paper b", "paper c", "paper d"],
    }
    assert len(saves) == 3  # B, D, and E at the end
    assert sorted(json.loads(path.read_text())["titles"]) == [t.casefold() for t in titles]


def test_a_run_ending_just_after_a_save_does_not_write_again(
    server: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hf_knows(server, "Paper A")
    limits = Limits(monkeypatch)
    clock = Clock()
    monkeypatch.setattr(resolve_module, "time", clock)

    def late(url: str, **options: Any) -> Any:  # the answer comes after five seconds
        clock.now = 5.0
        return limits.get(url, **options)

    monkeypatch.setattr(resolve_module, "http_get", late)
    saves: list[int] = []
    original = ResolveStore.save
    monkeypatch.setattr(ResolveStore, "save", lambda self: saves.append(original(self) or 1))
    report = Resolver(ResolveStore(tmp_path)).resolve([trending("Paper A")])
    assert report.matched == 1 and len(saves) == 1  # saved at once, not again at the end


def test_a_run_with_nothing_to_ask_writes_nothing(server: StandIn, tmp_path: Path) -> None:
    hf_knows(server, "Paper A")
    store = ResolveStore(tmp_path)
    with_id = build_paper(title="Has an id", source="x", arxiv_id="2402.00002")
    assert fast(store).resolve([with_id]) == ResolveReport(asked=0)
    assert fast(store).resolve([]) == ResolveReport()
    assert not (tmp_path / "resolved.json").exists() and server.requests == []
    fast(store).resolve([trending("Paper A")])
    written = (tmp_path / "resolved.json").stat().st_mtime_ns
    server.requests.clear()
    again = fast(ResolveStore(tmp_path)).resolve([trending("Paper A")])  # from the store
    assert again.matched == 1 and server.requests == []
    assert (tmp_path / "resolved.json").stat().st_mtime_ns == written


def test_found_is_told_each_matched_paper_with_its_match(server: StandIn, tmp_path: Path) -> None:
    hf_knows(server, "Found One", "Found Two")
    papers = [trending("Found One"), trending("Missing"), trending("Found Two"), trending("Gone")]
    told: list[tuple[Paper, Match]] = []
    report = fast(ResolveStore(tmp_path)).resolve(
        papers, found=lambda paper, match: told.append((paper, match))
    )
    assert report == ResolveReport(asked=4, matched=2, not_found=2)
    assert report.summary() == "matched 2 of 4; 2 not found"
    assert [(paper, match.arxiv_id, match.title) for paper, match in told] == [
        (papers[0], "2401.00001", "Found One"),
        (papers[2], "2401.00002", "Found Two"),
    ]


def test_stopping_ends_a_download_under_way(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = drip(0.1, count=100)  # ten seconds of trickle
    server.routes["/api/query"] = drip(0.1, count=100)
    asked: list[int] = []

    def stop() -> bool:  # asked before the title, then between the download's chunks
        asked.append(1)
        return len(asked) > 3

    store = ResolveStore(tmp_path)
    started = time.monotonic()
    report = fast(store, deadline=3.0).resolve([trending("Slow")], stop=stop)
    assert time.monotonic() - started < 2.5
    query = urllib.parse.quote("Slow")
    assert report.offline == f"{server.url}/api/papers/search?q={query}: stopped"
    assert (report.asked, report.failed) == (1, 1)
    assert store.needs_lookup("Slow")  # nothing recorded for it


def test_the_deadline_given_bounds_each_download(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = drip(0.1, count=100)
    started = time.monotonic()
    report = fast(ResolveStore(tmp_path), timeout=2.0, deadline=0.5).resolve([trending("Slow")])
    assert time.monotonic() - started < 2.5
    assert report.offline == (
        f"{server.url}/api/papers/search?q=Slow: no complete answer within 0.5 s"
    )


def test_a_stored_match_without_a_check_time_is_due_again() -> None:
    match = Match.from_json({"arxiv_id": None, "title": "T"})
    assert match is not None and match.checked == 0.0
