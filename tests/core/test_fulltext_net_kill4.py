"""fulltext_net's limits with a stand-in clock: the rate limit's gaps, the download
deadline at its edge, the default size cap, and the exact one-line errors (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace

import pytest

from reader.core import fulltext_net
from reader.core.fulltext_net import NetError, RateLimit, base_url, http_get
from tests.core.stand_in import StandIn, answer, stand_in


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    with stand_in() as running:
        yield running


class Clock:
    """time for fulltext_net: monotonic() answers from ``times`` (the last one repeats)."""

    def __init__(self, *times: float) -> None:
        self.times = list(times)
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.times.pop(0) if len(self.times) > 1 else self.times[0]

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def use(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Clock:
    fake = SimpleNamespace(monotonic=clock.monotonic, sleep=clock.sleep)
    monkeypatch.setattr(fulltext_net, "time", fake)
    return clock


def test_only_slashes_are_cut_from_a_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_TEST_API", "https://example.org/api/X/")
    assert base_url("READER_TEST_API", "https://x.org") == "https://example.org/api/X"


def test_the_first_request_never_waits_even_at_the_clock_s_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = use(monkeypatch, Clock(0.0))
    RateLimit(1).wait()
    assert clock.slept == []
    clock = use(monkeypatch, Clock(0.5))
    RateLimit(1).wait()
    assert clock.slept == []


@pytest.mark.parametrize(("per_second", "gap"), [(2, 0.5), (0.5, 2.0), (4, 0.25)])
def test_the_gap_is_one_over_the_rate(
    monkeypatch: pytest.MonkeyPatch, per_second: float, gap: float
) -> None:
    clock = use(monkeypatch, Clock(100.0))
    limit = RateLimit(per_second)
    limit.wait()
    limit.wait()  # the clock has not moved: a whole gap to wait
    assert clock.slept == [gap]


def test_no_limit_never_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = use(monkeypatch, Clock(100.0))
    limit = RateLimit(0)
    for _ in range(3):
        limit.wait()
    assert clock.slept == []


def test_the_deadline_ends_a_download_only_once_passed(
    server: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.routes["/d"] = answer(b"abc")
    use(monkeypatch, Clock(0.0, 30.0))  # start, then exactly at the default 30 s deadline
    assert http_get(f"{server.url}/d").body == b"abc"
    use(monkeypatch, Clock(0.0, 30.5))
    with pytest.raises(NetError) as raised:
        http_get(f"{server.url}/d")
    assert str(raised.value) == f"{server.url}/d: no complete answer within 30 s"


def test_the_default_cap_is_5_mb(server: StandIn) -> None:
    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "5000001")
        handler.end_headers()
        handler.close_connection = True

    server.routes["/big"] = route
    with pytest.raises(NetError) as raised:
        http_get(f"{server.url}/big")
    assert str(raised.value) == f"{server.url}/big: the answer is larger than 5 MB"


def test_an_answer_cut_off_before_its_length_is_refused(server: StandIn) -> None:
    # http.client's read1 ends quietly at a closed connection: a tenth of a paper was kept.
    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        handler.wfile.write(b"x" * 10)
        handler.close_connection = True

    server.routes["/cut"] = route
    with pytest.raises(NetError) as raised:
        http_get(f"{server.url}/cut")
    assert str(raised.value) == f"{server.url}/cut: the answer was cut off (10 of 100 bytes)"
    server.routes["/whole"] = answer(b"x" * 100)
    assert http_get(f"{server.url}/whole").body == b"x" * 100
