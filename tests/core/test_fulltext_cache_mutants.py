"""The full-text cache: file names, local files, parsed copies, downloads, full: search."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core import fulltext_cache
from reader.core.fulltext import NotFullText
from reader.core.fulltext_cache import (
    MAX_BYTES,
    FullTextCache,
    cache_name,
    ids_containing,
    load_file,
    load_parsed,
)
from reader.core.fulltext_net import NetError
from tests.core.pdf_maker import make_pdf
from tests.core.stand_in import Route, StandIn, answer, stand_in

HTML = (Path(__file__).resolve().parent.parent / "fixtures" / "latexml-paper.html").read_bytes()
PDF = make_pdf([["1 Introduction", "Kernels of attention are cheap."]], title="A PDF Paper")
STUB = b"<html><body><h1>No HTML for '2401.00001'</h1></body></html>"


def test_cache_names_are_bare_ids_with_slashes_replaced() -> None:
    assert cache_name("hep-th/9901001v2") == "hep-th_9901001"
    assert cache_name("arXiv:2401.00001v3") == "2401.00001"
    with pytest.raises(ValueError) as raised:
        cache_name("junk")
    assert str(raised.value) == "not an arXiv id: 'junk'"


def test_local_files_are_read_by_content_or_name(tmp_path: Path) -> None:
    (tmp_path / "paper.html").write_bytes(PDF)  # a PDF whatever its name
    assert load_file(tmp_path / "paper.html").origin == "pdf"
    (tmp_path / "upper.PDF").write_bytes(HTML)  # an HTML page whatever its name
    assert load_file(tmp_path / "upper.PDF").origin == "html"
    (tmp_path / "notes.PDF").write_bytes(b"plain words")  # named .PDF, neither: says so
    with pytest.raises(NotFullText) as raised:
        load_file(tmp_path / "notes.PDF")
    assert str(raised.value) == "not a PDF (no %PDF- signature)"
    (tmp_path / "notes.txt").write_bytes(b"plain words")
    with pytest.raises(NotFullText) as raised:
        load_file(tmp_path / "notes.txt")
    assert str(raised.value) == "neither a PDF nor an HTML page"
    (tmp_path / "page.htm").write_bytes(HTML)
    assert load_file(tmp_path / "page.htm").origin == "html"


def test_a_parsed_copy_is_written_once_and_used_while_current(tmp_path: Path) -> None:
    path = tmp_path / "2401.00001.html"
    path.write_bytes(HTML)
    first = load_parsed(path)
    parsed = tmp_path / "2401.00001.html.json"
    assert json.loads(parsed.read_bytes()) == first.to_json()
    # A parsed copy as new as the download is used (edited here to tell it apart).
    data = first.to_json()
    data["title"] = "From the parsed copy"
    parsed.write_text(json.dumps(data))
    stamp = path.stat().st_mtime_ns
    os.utime(parsed, ns=(stamp, stamp))
    assert load_parsed(path).title == "From the parsed copy"
    # An older one is stale: the download is parsed again and the copy rewritten.
    os.utime(parsed, ns=(stamp - 10**9, stamp - 10**9))
    assert load_parsed(path).title == first.title
    assert json.loads(parsed.read_bytes())["title"] == first.title
    # A damaged one too.
    parsed.write_text("{damaged")
    assert load_parsed(path) == first
    assert json.loads(parsed.read_bytes()) == first.to_json()


def test_cached_texts_fall_back_from_html_to_pdf(tmp_path: Path) -> None:
    cache = FullTextCache(tmp_path)
    assert cache.cached("2401.00001") is None and cache.cached_text("2401.00001") is None
    html, pdf = cache.paths("2401.00001v2")
    assert (html, pdf) == (
        tmp_path / "fulltext" / "2401.00001.html",
        tmp_path / "fulltext" / "2401.00001.pdf",
    )
    html.parent.mkdir()
    html.write_bytes(STUB)  # unusable: the PDF is tried next
    pdf.write_bytes(PDF)
    document = cache.cached("2401.00001")
    assert document is not None and document.origin == "pdf"
    assert cache.cached_text("2401.00001") == document.plain_text()


@pytest.fixture
def arxiv(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    with stand_in() as running:
        monkeypatch.setenv("READER_ARXIV", running.url)
        yield running


def test_html_is_fetched_with_progress_and_kept(arxiv: StandIn, tmp_path: Path) -> None:
    arxiv.routes["/html/"] = answer(HTML)
    seen: list[tuple[str, int, int | None]] = []
    document = FullTextCache(tmp_path).fetch(
        "arXiv:2401.00001v2", lambda what, got, total: seen.append((what, got, total))
    )
    assert document.origin == "html"
    assert [path for path, _ in arxiv.requests] == ["/html/2401.00001"]
    assert seen and {what for what, _, _ in seen} == {"HTML"}
    assert seen[-1][1:] == (len(HTML), len(HTML))
    assert (tmp_path / "fulltext" / "2401.00001.html").read_bytes() == HTML


@pytest.mark.parametrize("html_route", [answer(b"gone", status=404), answer(STUB)])
def test_without_html_the_pdf_is_fetched(arxiv: StandIn, tmp_path: Path, html_route) -> None:  # type: ignore[no-untyped-def]
    arxiv.routes["/html/"] = html_route
    arxiv.routes["/pdf/"] = answer(PDF)
    seen: list[str] = []
    document = FullTextCache(tmp_path).fetch(
        "2401.00001", lambda what, got, total: seen.append(what)
    )
    assert document.origin == "pdf" and document.title == "A PDF Paper"
    assert [path for path, _ in arxiv.requests] == ["/html/2401.00001", "/pdf/2401.00001"]
    assert seen[-1] == "PDF"
    assert (tmp_path / "fulltext" / "2401.00001.pdf").read_bytes() == PDF
    assert not (tmp_path / "fulltext" / "2401.00001.html").exists()


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_on_html_is_not_hidden_by_the_pdf(
    arxiv: StandIn, tmp_path: Path, status: int
) -> None:
    arxiv.routes["/html/"] = answer(b"", status=status)
    arxiv.routes["/pdf/"] = answer(PDF)
    with pytest.raises(NetError) as raised:
        FullTextCache(tmp_path).fetch("2401.00001")
    assert raised.value.status == status
    assert [path for path, _ in arxiv.requests] == ["/html/2401.00001"]


@pytest.mark.parametrize(
    ("html_route", "problem"),
    [
        (answer(b"gone", status=404), "{url}/html/2401.00001: HTTP 404 Not Found"),
        (answer(STUB), "arXiv has no HTML version"),
        (answer(b'<div class="ltx_document"><table></table></div>'), "the page holds no text"),
    ],
)
def test_when_neither_can_be_had_the_error_names_both(
    arxiv: StandIn,
    tmp_path: Path,
    html_route: Route,
    problem: str,
) -> None:
    arxiv.routes["/html/"] = html_route
    arxiv.routes["/pdf/"] = answer(b"not a pdf at all")
    with pytest.raises(NetError) as raised:
        FullTextCache(tmp_path).fetch("2401.00001")
    expected = f"2401.00001: {problem.format(url=arxiv.url)}; the PDF: not a readable PDF ("
    assert str(raised.value).startswith(expected)
    assert not (tmp_path / "fulltext").exists() or not any((tmp_path / "fulltext").iterdir())


def test_arxiv_itself_is_asked_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("READER_ARXIV", raising=False)
    asked: list[tuple[str, dict[str, Any]]] = []

    def offline(url: str, **options: Any) -> Any:
        asked.append((url, options))
        raise NetError("offline")

    monkeypatch.setattr(fulltext_cache, "http_get", offline)
    with pytest.raises(NetError):
        FullTextCache(tmp_path).fetch("hep-th/9901001v1", timeout=1.0, deadline=2.0)
    url, options = asked[0]
    assert url == "https://arxiv.org/html/hep-th/9901001"
    assert options["max_bytes"] == MAX_BYTES
    assert (options["timeout"], options["deadline"]) == (1.0, 2.0)


def test_full_search_reads_cached_texts_once_per_version(tmp_path: Path) -> None:
    folder = tmp_path / "fulltext"
    assert ids_containing(tmp_path, "kernels") == set()
    folder.mkdir()
    (folder / "hep-th_9901001.pdf").write_bytes(PDF)
    (folder / "2401.00002.html").write_bytes(HTML)
    (folder / ".2401.00003.html").write_bytes(HTML)  # a download in progress
    (folder / "2401.00004.txt").write_bytes(PDF)
    (folder / "2401.00005.html").write_bytes(STUB)  # unusable: skipped
    assert ids_containing(tmp_path, "KERNELS") == {"hep-th/9901001", "2401.00002"}
    assert ids_containing(tmp_path, "kern*") == {"hep-th/9901001", "2401.00002"}
    assert ids_containing(tmp_path, "cheap") == {"hep-th/9901001"}
    assert ids_containing(tmp_path, "*") == set() and ids_containing(tmp_path, "") == set()
    # A changed file is read again.
    (folder / "hep-th_9901001.pdf").write_bytes(make_pdf([["Nothing about it here."]]))
    stamp = (folder / "hep-th_9901001.pdf").stat().st_mtime_ns + 10**9
    os.utime(folder / "hep-th_9901001.pdf", ns=(stamp, stamp))
    assert ids_containing(tmp_path, "cheap") == set()
