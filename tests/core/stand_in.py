"""A stand-in for Hugging Face and arXiv on 127.0.0.1: routes by path, records requests."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

Route = Callable[[BaseHTTPRequestHandler, dict[str, list[str]]], None]


def send(handler: BaseHTTPRequestHandler, status: int, data: bytes, kind: str = "") -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind or "application/octet-stream")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def answer(data: bytes, status: int = 200, kind: str = "") -> Route:
    return lambda handler, query: send(handler, status, data, kind)


def drip(seconds: float = 0.2, count: int = 100) -> Route:
    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        handler.send_response(200)
        handler.end_headers()
        for _ in range(count):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(seconds)

    return route


def silent(seconds: float) -> Route:
    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        time.sleep(seconds)

    return route


def huge(chunks: int = 200) -> Route:
    def route(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        handler.send_response(200)
        handler.end_headers()
        for _ in range(chunks):
            handler.wfile.write(b" " * 65536)

    return route


class StandIn:
    """A loopback HTTP server; ``routes`` maps a path prefix to an answer."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                stand_in.requests.append((parts.path, query))
                for prefix in sorted(stand_in.routes, key=len, reverse=True):
                    if parts.path.startswith(prefix):
                        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                            stand_in.routes[prefix](self, query)
                        return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    send(self, 404, b"not found")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    try:
        yield server
    finally:
        server.close()
