"""fulltext_net.http_get and friends against a loopback server: what is sent, what comes
back (status, body, type), progress, and the one-line errors."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from reader.core.fulltext_net import NetError, RateLimit, base_url, http_get
from tests.core.stand_in import StandIn, answer, send, stand_in


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    with stand_in() as running:  # one server for the module: each shutdown waits 0.5 s
        yield running


def test_base_url_from_the_environment_without_its_trailing_slash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("READER_TEST_API", raising=False)
    assert base_url("READER_TEST_API", "https://example.org/api/") == "https://example.org/api"
    monkeypatch.setenv("READER_TEST_API", "http://127.0.0.1:9/x//")
    assert base_url("READER_TEST_API", "https://example.org/api") == "http://127.0.0.1:9/x"
    monkeypatch.setenv("READER_TEST_API", "")
    assert base_url("READER_TEST_API", "https://example.org") == "https://example.org"


def test_the_whole_answer_with_its_status_and_type(server: StandIn) -> None:
    body = b"x" * 200_000  # several chunks
    server.routes["/paper"] = answer(body, kind="text/html; charset=utf-8")
    seen: list[tuple[int, int | None]] = []
    got = http_get(f"{server.url}/paper", progress=lambda done, total: seen.append((done, total)))
    assert got.status == 200 and got.body == body
    assert got.content_type == "text/html; charset=utf-8"
    assert seen[-1] == (200_000, 200_000)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_the_request_names_the_app_and_what_it_accepts(server: StandIn) -> None:
    headers: dict[str, str] = {}

    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        headers.update(handler.headers.items())
        send(handler, 200, b"ok")

    server.routes["/h"] = route
    http_get(f"{server.url}/h", accept="application/pdf")
    assert headers["User-Agent"] == "reader"
    assert headers["Accept"] == "application/pdf"
    http_get(f"{server.url}/h")
    assert headers["Accept"] == "*/*"


def test_no_length_no_type_still_reads_to_the_end(server: StandIn) -> None:
    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        handler.send_response(200)
        handler.end_headers()
        handler.wfile.write(b"abc" * 1000)
        handler.close_connection = True

    server.routes["/raw"] = route
    seen: list[tuple[int, int | None]] = []
    got = http_get(f"{server.url}/raw", progress=lambda done, total: seen.append((done, total)))
    assert got.body == b"abc" * 1000 and got.content_type == ""
    assert seen[-1] == (3000, None)


def test_an_answer_of_exactly_the_cap_is_taken(server: StandIn) -> None:
    server.routes["/cap"] = answer(b"y" * 1000)
    assert http_get(f"{server.url}/cap", max_bytes=1000).body == b"y" * 1000
    with pytest.raises(NetError) as raised:
        http_get(f"{server.url}/cap", max_bytes=999)
    assert str(raised.value) == f"{server.url}/cap: the answer is larger than 0.000999 MB"


def test_an_http_error_keeps_its_status(server: StandIn) -> None:
    with pytest.raises(NetError) as raised:
        http_get(f"{server.url}/missing")
    assert raised.value.status == 404
    assert str(raised.value) == f"{server.url}/missing: HTTP 404 Not Found"


def test_only_http_addresses_are_opened() -> None:
    with pytest.raises(NetError) as raised:
        http_get("file:///etc/passwd")
    assert str(raised.value) == "file:///etc/passwd: not an http(s) address"
    assert raised.value.status is None


def test_an_unreachable_server_is_one_line() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    with pytest.raises(NetError) as raised:
        http_get(url, timeout=2.0)
    assert str(raised.value) == f"cannot reach {url} ([Errno 111] Connection refused); offline?"
    assert raised.value.status is None


def test_a_silent_server_times_out_in_one_line(server: StandIn) -> None:
    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        time.sleep(1.0)

    server.routes["/quiet"] = route
    with pytest.raises(NetError) as raised:
        http_get(f"{server.url}/quiet", timeout=0.3)
    assert str(raised.value) in (
        f"{server.url}/quiet: no answer within 0.3 s",
        f"cannot reach {server.url}/quiet (timed out); offline?",
    )


def test_the_rate_limit_gap_and_no_limit() -> None:
    free = RateLimit(0)
    began = time.monotonic()
    for _ in range(5):
        free.wait()
    assert time.monotonic() - began < 0.05
    limited = RateLimit(10)
    began = time.monotonic()
    for _ in range(3):
        limited.wait()
    assert time.monotonic() - began >= 0.19  # two gaps of 0.1 s
