"""The library folder: files imported or fetched once, opened together by plain ``reader``."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson

from reader.core.atomic import atomic_copy, atomic_write_bytes
from reader.core.formats.common import Parsed, SourceError
from reader.core.models import Status
from reader.core.paths import user_data_dir
from reader.core.sources import parse_file

HF_API_ENV = "READER_HF_API"
HF_API_DEFAULT = "https://huggingface.co"
LIBRARY_ENV = "READER_LIBRARY"
FETCH_TIMEOUT = 20.0
"""Seconds one read may wait for the server."""
FETCH_DEADLINE = 60.0
"""Seconds the whole download may take."""
FETCH_MAX_BYTES = 50_000_000
"""The largest answer accepted (a day of papers is well under 1 MB)."""


class FetchError(Exception):
    """A download that did not succeed; the message is one line for the user."""


def library_dir() -> Path:
    """Return the library folder (``$READER_LIBRARY``, else the user data folder's papers/)."""
    override = os.environ.get(LIBRARY_ENV)
    return Path(override).expanduser() if override else user_data_dir() / "papers"


def library_files(folder: Path | None = None) -> list[Path]:
    """Return the library's files, oldest name first (fetched dates sort by day)."""
    folder = folder or library_dir()
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith(".") and not path.name.endswith(".tmp")
    )


def import_files(
    paths: list[Path], folder: Path | None = None, parsed: dict[Path, Parsed] | None = None
) -> list[tuple[Path, Path, int]]:
    """Check each file parses, then copy it into the library; return (source, copy, papers).

    A file of the same name and different content is kept beside it with a number.
    Raises SourceError for the first file that cannot be used (nothing is copied then).
    ``parsed``, if given, receives each copy's parsed papers (indexing then needs no
    second parse of a big file; they name the file they were imported from).
    """
    folder = folder or library_dir()
    results = [parse_file(path) for path in paths]
    counts = [len(result.papers) for result in results]
    for path in paths:
        check_exported_annotations(path)
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for path, count, result in zip(paths, counts, results, strict=True):
        target, _ = copy_into(path, folder)
        done.append((path, target, count))
        if parsed is not None:
            parsed[target] = result  # its papers name the file they were imported from
    return done


def copy_into(path: Path, folder: Path) -> tuple[Path, bool]:
    """Copy ``path`` into the library ``folder``; return the copy and whether it is new.

    A file of the same name and different content is kept beside it with a number; the
    same content already there is not copied again.
    """
    import filecmp  # only to add a file that is already in the folder

    target = folder / path.name
    number = 1
    # Compared and copied in chunks: a 2 GB snapshot is never held in memory.
    while target.exists() and not filecmp.cmp(target, path, shallow=False):
        number += 1
        target = folder / f"{path.stem}-{number}{path.suffix}"
    if target.exists():
        return target, False
    atomic_copy(path, target)
    return target, True


def check_exported_annotations(path: Path) -> None:
    """Raise SourceError (one line) if a reader export carries annotations of the wrong type.

    ``reader import`` restores the annotations of reader JSON exports after copying them;
    checking first means a bad file is refused before anything is copied or changed.
    """
    from reader.core.formats import detect_format

    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
        if detect_format(head) != "reader-json":
            return
        data = path.read_bytes()
        document = orjson.loads(data)
    except (OSError, orjson.JSONDecodeError):
        return  # parse_file has already reported what is wrong with the file itself
    papers = document.get("papers") if isinstance(document, dict) else None
    for number, item in enumerate(papers if isinstance(papers, list) else [], start=1):
        annotation = item.get("annotation") if isinstance(item, dict) else None
        if annotation is None:
            continue
        reason = _annotation_problem(annotation)
        if reason:
            raise SourceError(f"{_record_place(path, data, number)}: {reason}; nothing imported")


def _record_place(path: Path, data: bytes, number: int) -> str:
    """Return ``FILE:LINE`` where record ``number`` of a reader export starts."""
    from reader.core.formats.common import BytesText
    from reader.core.formats.json_lines import record_lines

    line = record_lines(BytesText(data), "papers", {number}).get(number)
    return f"{path}:{line}" if line else f"{path}: record {number}"


def _annotation_problem(annotation: object) -> str | None:
    if not isinstance(annotation, dict):
        return "annotation is not an object"
    tags = annotation.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags)
    ):
        return "tags must be a list of text"
    for name in ("note", "status", "created", "updated", "status_changed"):
        value = annotation.get(name)
        if value is not None and not isinstance(value, str):
            return f"{name} must be text"
    status = annotation.get("status")
    if status is not None and status not in {item.value for item in Status}:
        return f"unknown status {status!r}"
    return None


def daily_url(day: date, base: str | None = None) -> str:
    """Return the daily-papers API address for ``day``."""
    root = (base or os.environ.get(HF_API_ENV) or HF_API_DEFAULT).rstrip("/")
    return f"{root}/api/daily_papers?date={day.isoformat()}"


def fetch_daily(
    day: date,
    folder: Path | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    timeout: float = FETCH_TIMEOUT,
    deadline: float = FETCH_DEADLINE,
    max_bytes: int = FETCH_MAX_BYTES,
) -> tuple[Path, int]:
    """Download the Hugging Face daily papers of ``day`` into the library.

    The whole download must finish within ``deadline`` seconds (a server dripping a
    byte at a time cannot keep it running) and stay under ``max_bytes``.  The JSON is
    checked before it is written, and written atomically, so a failed, partial, empty
    or unusable answer never replaces the file the library has; fetching a day again
    replaces its file only with papers.  Returns (file, number of papers).  Raises
    FetchError with a one-line message.
    """
    from reader.core.formats.hf_daily import parse_hf_daily  # not on the app's way to its paint

    folder = folder or library_dir()
    url = daily_url(day)
    data = _download(url, progress, timeout, deadline, max_bytes)
    target = folder / f"hf-daily-{day.isoformat()}.json"
    try:
        parsed = parse_hf_daily(target, data)
    except SourceError as error:
        raise FetchError(f"{url}: {str(error).split(': ', 1)[-1]}; nothing saved") from None
    if not parsed.papers:
        kept = f"; {target} kept as it was" if target.exists() else ""
        raise FetchError(f"{url}: the answer holds no papers; nothing saved{kept}")
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return target, len(parsed.papers)


def _download(
    url: str,
    progress: Callable[[int], None] | None,
    timeout: float,
    deadline: float,
    max_bytes: int,
) -> bytes:
    """Return the body at ``url``, within ``deadline`` seconds and ``max_bytes`` bytes.

    The request runs in a daemon thread so that no server behaviour (slow headers, a
    byte every few seconds) can hold the caller past the deadline; the thread stops at
    its next read once the caller has given up.
    """
    result: list[bytes] = []
    failure: list[FetchError] = []
    gave_up = threading.Event()

    def run() -> None:
        try:
            result.append(_read_body(url, progress, min(timeout, deadline), max_bytes, gave_up))
        except FetchError as error:
            failure.append(error)

    worker = threading.Thread(target=run, name="reader-fetch", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        gave_up.set()
        raise FetchError(f"{url}: no complete answer within {deadline:g} s; nothing saved")
    if failure:
        raise failure[0]
    return result[0]


def _read_body(
    url: str,
    progress: Callable[[int], None] | None,
    timeout: float,
    max_bytes: int,
    gave_up: threading.Event,
) -> bytes:
    headers = {"User-Agent": "reader", "Accept": "application/json"}
    import urllib.error  # only fetching needs http: not on the app's start-up path
    import urllib.request

    request = urllib.request.Request(url, headers=headers)
    too_big = f"{url}: the answer is larger than {max_bytes / 1e6:g} MB; nothing saved"
    chunks = []
    received = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(too_big)
            while not gave_up.is_set() and (chunk := response.read1(64 * 1024)):
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(too_big)
                chunks.append(chunk)
                if progress:
                    progress(received)
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"cannot reach {url} ({reason}); are you offline?") from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except OSError as error:
        raise FetchError(f"{url}: {error}") from None
    except ValueError as error:  # a malformed chunked body, a bad Content-Length
        raise FetchError(f"{url}: broken answer ({error})") from None
    return b"".join(chunks)
