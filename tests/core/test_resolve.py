"""Matching titles to arXiv records against a loopback stand-in (issue 12, part 1)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reader.core.formats.common import build_paper
from reader.core.fulltext_net import NetError, RateLimit, http_get
from reader.core.models import Paper
from reader.core.resolve import RETRY_AFTER, Resolver, ResolveStore, same_title
from tests.core.arxiv_answers import atom, hf_item
from tests.core.stand_in import Route, StandIn, answer, drip, huge, silent, stand_in


def paper(title: str) -> Paper:
    return build_paper(title=title, source="trending.txt")


def fast(store: ResolveStore) -> Resolver:
    return Resolver(store, per_second=1000, timeout=1.0, deadline=2.0)


def test_same_title_allows_only_trailing_punctuation_case_and_space() -> None:
    assert same_title("Orca 2: Teaching Small Models", "orca 2:  teaching small models.")
    assert not same_title("Orca", "Orca 2")
    assert not same_title("Orca 2", "Orca")
    assert not same_title("Attention is all you need", "Attention is not all you need")
    assert not same_title("", "")


def test_an_exact_hugging_face_answer_is_merged_and_kept(server: StandIn, tmp_path: Path) -> None:
    title = "Sparse Attention Is Enough"
    server.routes["/api/papers/search"] = answer(
        json.dumps(
            [hf_item("2401.99999", "Sparse attention"), hf_item("2401.00001", title)]
        ).encode()
    )
    store = ResolveStore(tmp_path)
    report = fast(store).resolve([paper(title + ".")])
    assert report.summary() == "matched 1 of 1; 0 not found"
    merged = store.apply(paper(title + "."))
    assert merged.id == "2401.00001" and merged.arxiv_id == "2401.00001"
    assert merged.authors == ("Ada Lovelace", "Alan Turing") and merged.upvotes == 7
    assert ("arXiv", "https://arxiv.org/abs/2401.00001") in merged.links
    assert merged.title == title + "." and merged.title_key == paper(title + ".").title_key
    # Kept on disk: a new store answers offline, with no request at all.
    server.requests.clear()
    again = ResolveStore(tmp_path)
    assert fast(again).resolve([paper(title)]).matched == 1
    assert server.requests == []
    assert json.loads((tmp_path / "resolved.json").read_text())["titles"]


def test_near_misses_are_never_taken(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = answer(
        json.dumps([hf_item("2311.11045", "Orca 2")]).encode()
    )
    server.routes["/api/query"] = answer(atom(("2306.02707", "Orca 2: Progressive Learning")))
    store = ResolveStore(tmp_path)
    report = fast(store).resolve([paper("Orca")])
    assert report.summary() == "matched 0 of 1; 1 not found"
    assert store.apply(paper("Orca")) == paper("Orca")
    assert [path for path, _ in server.requests] == ["/api/papers/search", "/api/query"]
    assert server.requests[1][1]["search_query"] == ['ti:"Orca"']


def test_arxiv_is_asked_when_hugging_face_knows_nothing(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = answer(b"[]")
    server.routes["/api/query"] = answer(atom(("2305.00002", "Deep  Nets\n for Cats")))
    store = ResolveStore(tmp_path)
    assert fast(store).resolve([paper("Deep nets for cats")]).matched == 1
    merged = store.apply(paper("Deep nets for cats"))
    assert merged.arxiv_id == "2305.00002" and merged.authors == ("Grace Hopper",)


def test_nothing_found_is_asked_again_only_after_a_week(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = answer(b"[]")
    server.routes["/api/query"] = answer(atom())
    store = ResolveStore(tmp_path)
    fast(store).resolve([paper("Unknown Paper")])
    assert len(server.requests) == 2
    fast(ResolveStore(tmp_path)).resolve([paper("Unknown Paper")])
    assert len(server.requests) == 2
    assert not store.needs_lookup("Unknown Paper")
    assert store.needs_lookup("Unknown Paper", now=time.time() + RETRY_AFTER + 1)


def test_a_server_error_stops_the_run_and_records_nothing(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = answer(b"oops", status=500)
    store = ResolveStore(tmp_path)
    papers = [paper(f"Paper number {n}") for n in range(10)]
    report = fast(store).resolve(papers)
    assert report.failed == 10 and report.matched == 0 and report.not_found == 0
    assert "HTTP 500" in (report.offline or "")
    assert len(server.requests) == 1  # no retry storm
    assert not (tmp_path / "resolved.json").exists()
    assert all(store.needs_lookup(item.title) for item in papers)


def test_offline_is_one_quiet_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with stand_in() as gone:
        url = gone.url
    monkeypatch.setenv("READER_HF_API", url)
    report = fast(ResolveStore(tmp_path)).resolve([paper("A"), paper("B")])
    assert report.failed == 2 and "\n" not in report.summary()


@pytest.mark.parametrize(
    ("route", "message"),
    [(silent(3), "no answer within"), (drip(0.2), "no complete answer"), (huge(), "larger than")],
)
def test_slow_dripping_and_huge_answers_are_cut(
    server: StandIn, route: Route, message: str
) -> None:
    server.routes["/slow"] = route
    started = time.monotonic()
    with pytest.raises(NetError, match=message):
        http_get(f"{server.url}/slow", timeout=1.0, deadline=1.5, max_bytes=1_000_000)
    assert time.monotonic() - started < 3


def test_a_download_stops_when_asked_between_chunks(server: StandIn) -> None:
    server.routes["/slow"] = drip(0.1, count=100)  # ten seconds of trickle
    asked: list[int] = []

    def quitting() -> bool:
        asked.append(1)
        return len(asked) > 3

    started = time.monotonic()
    with pytest.raises(NetError, match="stopped"):
        http_get(f"{server.url}/slow", timeout=2.0, deadline=30, stop=quitting)
    assert time.monotonic() - started < 2


def test_requests_are_spaced_by_the_rate_limit() -> None:
    limit = RateLimit(20)
    started = time.monotonic()
    for _ in range(5):
        limit.wait()
    assert time.monotonic() - started >= 0.19


def test_a_damaged_store_starts_afresh(tmp_path: Path) -> None:
    (tmp_path / "resolved.json").write_text("{not json")
    store = ResolveStore(tmp_path)
    assert store.problem and "resolved.json" in store.problem
    assert store.needs_lookup("anything")


def test_two_writers_keep_each_others_lookups(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = answer(
        json.dumps([hf_item("2401.00001", "First"), hf_item("2401.00002", "Second")]).encode()
    )
    app_store, cli_store = ResolveStore(tmp_path), ResolveStore(tmp_path)  # both open now
    fast(cli_store).resolve([paper("Second")])
    fast(app_store).resolve([paper("First")])  # saved after the other: keeps its match
    fresh = ResolveStore(tmp_path)
    assert fresh.apply(paper("First")).arxiv_id == "2401.00001"
    assert fresh.apply(paper("Second")).arxiv_id == "2401.00002"


def test_answers_are_written_in_batches_and_at_the_end(
    server: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/api/papers/search"] = answer(b"[]")
    server.routes["/api/query"] = answer(atom())
    writes: list[None] = []
    original = ResolveStore.save
    monkeypatch.setattr(ResolveStore, "save", lambda self: writes.append(original(self)))
    store = ResolveStore(tmp_path)
    papers = [paper(f"Paper number {n}") for n in range(30)]
    Resolver(store, per_second=1000, timeout=1.0, save_every=3600).resolve(papers)
    assert len(writes) == 1  # not one rewrite of the whole file per title
    assert not any(ResolveStore(tmp_path).needs_lookup(item.title) for item in papers)
