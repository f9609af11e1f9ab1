"""The library folder: files imported or fetched once, opened together by plain ``reader``."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from reader.core.atomic import atomic_write_bytes
from reader.core.formats.common import Parsed, SourceError
from reader.core.formats.hf_daily import parse_hf_daily
from reader.core.paths import user_data_dir
from reader.core.sources import parse_file

HF_API_ENV = "READER_HF_API"
HF_API_DEFAULT = "https://huggingface.co"
LIBRARY_ENV = "READER_LIBRARY"
FETCH_TIMEOUT = 20.0


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
    second parse of a big file).
    """
    folder = folder or library_dir()
    results = [parse_file(path) for path in paths]
    counts = [len(result.papers) for result in results]
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for path, count, result in zip(paths, counts, results, strict=True):
        target = folder / path.name
        number = 1
        while target.exists() and target.read_bytes() != path.read_bytes():
            number += 1
            target = folder / f"{path.stem}-{number}{path.suffix}"
        if not target.exists():
            atomic_write_bytes(target, path.read_bytes())
        done.append((path, target, count))
        if parsed is not None:
            parsed[target] = _moved(result, path, target)
    return done


def _moved(result: Parsed, source: Path, copy: Path) -> Parsed:
    """Return ``result`` as if parsed from ``copy``: papers name the library's file."""
    old, new = str(source), str(copy)
    if old == new:
        return result
    papers = [
        replace(
            paper,
            source=new if paper.source == old else paper.source,
            sources=tuple(new if name == old else name for name in paper.sources),
        )
        for paper in result.papers
    ]
    return Parsed(papers, result.problems, result.warning)


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
) -> tuple[Path, int]:
    """Download the Hugging Face daily papers of ``day`` into the library.

    The JSON is checked before it is written, and written atomically, so a failed or
    partial download never leaves a file; fetching a day again replaces its file.
    Returns (file, number of papers).  Raises FetchError with a one-line message.
    """
    folder = folder or library_dir()
    url = daily_url(day)
    headers = {"User-Agent": "reader", "Accept": "application/json"}
    import urllib.error  # only fetching needs http: not on the app's start-up path
    import urllib.request

    request = urllib.request.Request(url, headers=headers)
    chunks = []
    received = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            while chunk := response.read(64 * 1024):
                chunks.append(chunk)
                received += len(chunk)
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
    data = b"".join(chunks)
    target = folder / f"hf-daily-{day.isoformat()}.json"
    try:
        parsed = parse_hf_daily(target, data)
    except SourceError as error:
        raise FetchError(f"{url}: {str(error).split(': ', 1)[-1]}") from None
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return target, len(parsed.papers)
