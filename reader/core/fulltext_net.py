"""One HTTP GET for matching and full text: a timeout, a deadline, a size cap, a rate limit.

urllib from the standard library is enough here (one GET at a time, no sessions); the
answer's status is kept so callers can tell "not there" (404) from "not reachable".
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.urls import web_url

HF_API_ENV = "READER_HF_API"
ARXIV_API_ENV = "READER_ARXIV_API"
ARXIV_ENV = "READER_ARXIV"


def base_url(env: str, default: str) -> str:
    """Return a service's base URL (an environment variable overrides it)."""
    return (os.environ.get(env) or default).rstrip("/")


class NetError(Exception):
    """The request failed (offline, timeout, too big, server error); one-line message."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Answer:
    """A complete answer: its status and body."""

    status: int
    body: bytes
    content_type: str = ""


class RateLimit:
    """At most ``per_second`` requests a second across threads (a minimum gap)."""

    def __init__(self, per_second: float) -> None:
        self._gap = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Sleep until the next request may go."""
        with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self._gap
        if delay > 0:
            time.sleep(delay)


def http_get(
    url: str,
    *,
    timeout: float = 10.0,  # pragma: no mutate (10 s or 11 s: only a 10 s wait could tell)
    deadline: float = 30.0,
    max_bytes: int = 5_000_000,
    progress: Callable[[int, int | None], None] | None = None,
    accept: str = "*/*",
    stop: Callable[[], bool] | None = None,
) -> Answer:
    """GET ``url`` and return the whole answer, or raise NetError.

    ``timeout`` bounds each wait for bytes, ``deadline`` the whole download (a slow
    trickle is cut), ``max_bytes`` the body.  HTTP errors raise NetError with the status.
    ``stop`` is asked between chunks (the app is quitting): True ends the download.
    """
    # Imported here, not at the top: urllib.request brings http.client, email and ssl
    # (~10 ms), and the app imports this module on its way to the first paint.
    import urllib.error
    import urllib.request

    if web_url(url) is None:
        raise NetError(f"{url}: not an http(s) address")
    ends = time.monotonic() + deadline
    # Header names are case-insensitive in HTTP (urllib also re-capitalizes them).
    headers = {"User-Agent": "reader", "Accept": accept}  # pragma: no mutate
    request = urllib.request.Request(url, headers=headers)
    too_big = f"{url}: the answer is larger than {max_bytes / 1e6:g} MB"
    chunks: list[bytes] = []
    received = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            # Case-insensitive lookup; any non-digit default means "no length".
            length_text = response.headers.get("Content-Length") or ""  # pragma: no mutate
            length = int(length_text) if length_text.isdigit() else None
            if length is not None and length > max_bytes:
                raise NetError(too_big)
            while chunk := response.read1(64 * 1024):  # pragma: no mutate (chunk size: speed)
                if stop is not None and stop():
                    raise NetError(f"{url}: stopped")
                received += len(chunk)
                if received > max_bytes:
                    raise NetError(too_big)
                if time.monotonic() > ends:
                    raise NetError(f"{url}: no complete answer within {deadline:g} s")
                chunks.append(chunk)
                if progress:
                    progress(received, length)
            if length is not None and received < length:  # the connection closed early
                raise NetError(f"{url}: the answer was cut off ({received} of {length} bytes)")
            kind = response.headers.get("Content-Type") or ""  # pragma: no mutate (any case)
            return Answer(response.status, b"".join(chunks), kind)
    except urllib.error.HTTPError as error:
        raise NetError(f"{url}: HTTP {error.code} {error.reason}", error.code) from None
    except urllib.error.URLError as error:
        raise NetError(f"cannot reach {url} ({error.reason}); offline?") from None
    except TimeoutError:
        raise NetError(f"{url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as error:
        raise NetError(f"{url}: {error}") from None
