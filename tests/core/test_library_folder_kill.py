"""``reader fetch``: exactly the size cap is fine, folders are made, one-line failures."""

from __future__ import annotations

import socket
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from reader.core.library_folder import FetchError, daily_url, fetch_daily
from tests.core.test_fetch_limits import DAY, GOOD, Handler, body, serve

__all__ = ["serve"]  # the local server fixture


def test_an_answer_of_exactly_the_cap_is_kept(
    serve: Callable[[Handler], None], tmp_path: Path
) -> None:
    serve(body(GOOD))  # declares its length, then sends it
    target, count = fetch_daily(DAY, tmp_path, max_bytes=len(GOOD))
    assert count > 0 and target.read_bytes() == GOOD

    def undeclared(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()
        handler.wfile.write(GOOD)

    serve(undeclared)
    target, _ = fetch_daily(DAY, tmp_path / "again", max_bytes=len(GOOD))
    assert target.read_bytes() == GOOD


def test_the_library_folder_and_its_parents_are_made(
    serve: Callable[[Handler], None], tmp_path: Path
) -> None:
    serve(body(GOOD))
    target, _ = fetch_daily(DAY, tmp_path / "data" / "reader" / "library")
    assert target == tmp_path / "data" / "reader" / "library" / "hf-daily-2026-11-27.json"
    assert target.read_bytes() == GOOD


def test_a_trailing_slash_in_the_api_address_is_dropped() -> None:
    assert daily_url(DAY, "http://127.0.0.1:8/") == (
        "http://127.0.0.1:8/api/daily_papers?date=2026-11-27"
    )


def test_a_broken_answer_is_named_without_the_local_file(
    serve: Callable[[Handler], None], tmp_path: Path
) -> None:
    serve(body(b"{"))
    url = daily_url(DAY)
    with pytest.raises(FetchError) as caught:
        fetch_daily(DAY, tmp_path / "my papers")  # a folder name with a space
    assert str(caught.value) == (
        f"{url}: not valid JSON (parse error: premature EOF); nothing saved"
    )


def test_an_unreachable_server_says_why_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("READER_HF_API", f"http://127.0.0.1:{port}")
    url = daily_url(DAY)
    with pytest.raises(FetchError) as caught:
        fetch_daily(DAY, tmp_path)
    assert str(caught.value) == (
        f"cannot reach {url} ([Errno 111] Connection refused); are you offline?"
    )
