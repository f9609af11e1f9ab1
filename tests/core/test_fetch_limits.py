"""``reader fetch``: a deadline, a size cap, and an empty answer never replaces good data (9.11)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.library import open_library
from reader.core.library_folder import FetchError, fetch_daily

DAY = date(2026, 11, 27)
GOOD = (Path(__file__).resolve().parent.parent / "fixtures" / "hf-daily.json").read_bytes()

Handler = Callable[[BaseHTTPRequestHandler], None]


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Handler], None]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Handler) -> None:
        class Answer(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    answer(self)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        monkeypatch.setenv("READER_HF_API", f"http://127.0.0.1:{server.server_address[1]}")

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def body(data: bytes) -> Handler:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return answer


def test_a_dripping_server_is_given_up_at_the_deadline(
    serve: Callable[[Handler], None], tmp_path: Path
) -> None:
    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)

    serve(drip)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no complete answer within 1\.5 s"):
        fetch_daily(DAY, tmp_path, deadline=1.5, timeout=1.0)
    assert time.monotonic() - started < 4
    assert not list(tmp_path.iterdir())


def test_a_huge_answer_is_refused_without_reading_it_all(
    serve: Callable[[Handler], None], tmp_path: Path
) -> None:
    def huge(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()  # no Content-Length: the cap must hold while streaming
        chunk = b"[" + b" " * 65535
        for _ in range(200):
            handler.wfile.write(chunk)

    serve(huge)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch_daily(DAY, tmp_path, max_bytes=1_000_000)
    assert not list(tmp_path.iterdir())


def test_a_declared_huge_answer_is_refused_at_once(
    serve: Callable[[Handler], None], tmp_path: Path
) -> None:
    def declared(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(10**12))
        handler.end_headers()

    serve(declared)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch_daily(DAY, tmp_path, max_bytes=1_000_000)


@pytest.mark.parametrize("answer", [b"[]", b"", b"[{}]"])
def test_an_empty_answer_never_replaces_a_good_day(
    answer: bytes, serve: Callable[[Handler], None], tmp_path: Path
) -> None:
    serve(body(GOOD))
    good_file, count = fetch_daily(DAY, tmp_path)
    assert count > 0
    serve(body(answer))
    with pytest.raises(FetchError) as caught:
        fetch_daily(DAY, tmp_path)
    assert "nothing saved" in str(caught.value) and "\n" not in str(caught.value)
    assert good_file.read_bytes() == GOOD


def test_fetch_command_says_one_line_and_exits_2(
    serve: Callable[[Handler], None], capsys: pytest.CaptureFixture[str]
) -> None:
    serve(body(b"[]"))
    assert main(["fetch", "--date", DAY.isoformat()]) == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]  # after the progress line
    assert last.startswith("reader: ") and "holds no papers" in last


def test_a_library_file_with_no_papers_never_stops_the_app(tmp_path: Path) -> None:
    library_folder = tmp_path / "library"  # READER_LIBRARY (conftest)
    library_folder.mkdir()
    (library_folder / "hf-daily-2026-11-27.json").write_text("[]")
    library = open_library([], tmp_path / "db.json", use_cache=False)
    assert library.papers
    assert any("has no papers yet" in warning for warning in library.warnings)
