"""Library folder (import, fetch) and the trending-page parser at their edges (issue 14)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reader.core.formats.common import SourceError
from reader.core.formats.trending import is_date_line, parse_trending_page
from reader.core.library_folder import (
    FetchError,
    daily_url,
    fetch_daily,
    import_files,
    library_dir,
    library_files,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_library_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert library_dir() == tmp_path / "library"
    monkeypatch.delenv("READER_LIBRARY")
    assert library_dir() == tmp_path / "xdg-data" / "reader" / "papers"


def test_library_files_skip_hidden_temp_and_folders(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    assert library_files(folder) == []
    folder.mkdir()
    for name in ("b.json", "a.txt", ".hidden", "x.json.tmp"):
        (folder / name).write_text("x")
    (folder / "sub").mkdir()
    assert library_files(folder) == [folder / "a.txt", folder / "b.json"]
    assert library_files() == []


def test_import_copies_and_numbers_clashing_names(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    source = FIXTURES / "hf-daily.json"
    ((first, copy, count),) = import_files([source], folder)
    assert (first, copy, count) == (source, folder / "hf-daily.json", 2)
    assert copy.read_bytes() == source.read_bytes()
    # The same file again is not copied twice.
    assert import_files([source], folder)[0][1] == folder / "hf-daily.json"
    other = tmp_path / "other" / "hf-daily.json"
    other.parent.mkdir()
    other.write_text('[{"title": "Another"}]')
    assert import_files([other], folder) == [(other, folder / "hf-daily-2.json", 1)]
    third = tmp_path / "third" / "hf-daily.json"
    third.parent.mkdir()
    third.write_text('[{"title": "Third"}]')
    assert import_files([third], folder)[0][1] == folder / "hf-daily-3.json"
    assert import_files([other], folder)[0][1] == folder / "hf-daily-2.json"
    assert len(library_files(folder)) == 3


def test_import_checks_every_file_before_copying(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    bad = tmp_path / "bad.json"
    bad.write_text("")
    with pytest.raises(SourceError):
        import_files([FIXTURES / "hf-daily.json", bad], folder)
    assert not folder.exists()


def test_import_into_the_default_folder(tmp_path: Path) -> None:
    ((_, copy, _),) = import_files([FIXTURES / "hf-daily.json"])
    assert copy == tmp_path / "library" / "hf-daily.json"


def test_daily_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_HF_API")  # the suite points it at a closed port
    day = date(2024, 3, 5)
    assert daily_url(day) == "https://huggingface.co/api/daily_papers?date=2024-03-05"
    assert daily_url(day, "http://h/") == "http://h/api/daily_papers?date=2024-03-05"
    monkeypatch.setenv("READER_HF_API", "http://env//")
    assert daily_url(day) == "http://env/api/daily_papers?date=2024-03-05"
    assert daily_url(day, "http://given") == "http://given/api/daily_papers?date=2024-03-05"


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""
    status = 200
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(dict(self.headers))
        if self.status != 200:
            self.send_error(self.status, "Teapot")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Handler]]:
    handler = type("Handler", (_Handler,), {"seen": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    monkeypatch.setenv("READER_HF_API", base)
    handler.base = base  # type: ignore[attr-defined]
    yield handler
    httpd.shutdown()


def test_fetch_writes_the_checked_json_in_big_chunks(
    server: type[_Handler], tmp_path: Path
) -> None:
    items = ",".join(f'{{"title": "Paper {n}", "summary": "{"x" * 500}"}}' for n in range(300))
    server.body = f"[{items}]".encode()
    seen: list[int] = []
    path, count = fetch_daily(date(2024, 3, 15), tmp_path / "f", progress=seen.append)
    assert (path, count) == (tmp_path / "f" / "hf-daily-2024-03-15.json", 300)
    assert path.read_bytes() == server.body
    assert seen[-1] == len(server.body) and seen == sorted(seen) and len(seen) >= 3
    assert all(b - a <= 64 * 1024 for a, b in zip([0, *seen], seen, strict=False))
    headers = server.seen[0]
    assert headers["User-Agent"] == "reader" and headers["Accept"] == "application/json"


def test_fetch_messages_are_exact(server: type[_Handler], tmp_path: Path) -> None:
    url = f"{server.base}/api/daily_papers?date=2024-03-15"  # type: ignore[attr-defined]
    server.status = 418
    with pytest.raises(FetchError) as caught:
        fetch_daily(date(2024, 3, 15), tmp_path)
    assert str(caught.value) == f"{url}: HTTP 418 Teapot"
    server.status = 200
    server.body = b'{"papers": 1}'
    with pytest.raises(FetchError) as caught:
        fetch_daily(date(2024, 3, 15), tmp_path)
    assert str(caught.value).startswith(f"{url}: expected the Hugging Face daily-papers JSON")
    assert list(tmp_path.iterdir()) == []


def test_trending_date_lines() -> None:
    for line in (
        "Mar 13",
        "March 13th",
        "Sept. 1, 2024",
        "13 Mar",
        "3 march 2024",
        "2024-03-13",
        "  Dec 31  ",
    ):
        assert is_date_line(line), line
    for line in ("Mar", "13", "Marching 13 bands", "2024-3-13", "Mar 13 papers", "Jan 123"):
        assert not is_date_line(line), line


def test_trending_without_a_date() -> None:
    (paper,) = parse_trending_page(["  Lone   Title  ", ""]).papers
    assert paper.title == "Lone Title" and paper.listing_date is None
    assert paper.listing_dates == () and paper.abstract == ""
    assert parse_trending_page("").papers == []


@pytest.mark.parametrize(
    ("annotation", "reason"),
    [
        ("x", "annotation is not an object"),
        ({"tags": "a"}, "tags must be a list of text"),
        ({"tags": ["a", 1]}, "tags must be a list of text"),
        ({"note": 3}, "note must be text"),
        ({"status": 1}, "status must be text"),
        ({"created": []}, "created must be text"),
        ({"updated": 1.5}, "updated must be text"),
        ({"status_changed": {}}, "status_changed must be text"),
        ({"status": "done"}, "unknown status 'done'"),
    ],
)
def test_import_refuses_an_export_with_bad_annotations(
    tmp_path: Path, annotation: object, reason: str
) -> None:
    import json

    export = tmp_path / "export.json"
    papers = [
        {"id": "a", "title": "A", "annotation": {"status": "read", "tags": ["x"], "note": "n"}},
        {"id": "b", "title": "B"},
        {"id": "c", "title": "C", "annotation": annotation},
    ]
    export.write_text(json.dumps({"reader_export": 1, "papers": papers}, indent=1))
    folder = tmp_path / "lib"
    with pytest.raises(SourceError) as caught:
        import_files([export], folder)
    line = [n for n, text in enumerate(export.read_text().splitlines(), 1) if text == "  {"][2]
    assert str(caught.value) == f"{export}:{line}: {reason}; nothing imported"
    assert not folder.exists()


def test_import_accepts_good_exports_and_other_formats(tmp_path: Path) -> None:
    import json

    export = tmp_path / "export.json"
    papers = [
        {"id": "a", "title": "A", "annotation": {"status": "reading", "tags": [], "note": None}},
        {"id": "b", "title": "B", "annotation": None},
    ]
    export.write_text(json.dumps({"reader_export": 1, "papers": papers}))
    folder = tmp_path / "lib"
    assert [count for _, _, count in import_files([export], folder)] == [2]


def test_fetch_of_an_answer_without_papers_keeps_the_day(
    server: type[_Handler], tmp_path: Path
) -> None:
    url = f"{server.base}/api/daily_papers?date=2024-03-15"  # type: ignore[attr-defined]
    server.body = b"[]"
    with pytest.raises(FetchError) as caught:
        fetch_daily(date(2024, 3, 15), tmp_path)
    assert str(caught.value) == f"{url}: the answer holds no papers; nothing saved"
    day = tmp_path / "hf-daily-2024-03-15.json"
    day.write_text('[{"title": "kept"}]')
    with pytest.raises(FetchError) as caught:
        fetch_daily(date(2024, 3, 15), tmp_path)
    assert str(caught.value) == (
        f"{url}: the answer holds no papers; nothing saved; {day} kept as it was"
    )
    assert day.read_text() == '[{"title": "kept"}]'


def test_import_into_a_nested_new_folder_and_exports_with_odd_records(tmp_path: Path) -> None:
    import json

    export = tmp_path / "export.json"
    papers = [{"id": "a", "title": "A", "annotation": {"status": "read"}}, "junk", {"id": "b"}]
    export.write_text(json.dumps({"reader_export": 1, "papers": papers}))
    folder = tmp_path / "deep" / "er" / "lib"
    ((_, copy, count),) = import_files([export], folder)
    assert copy == folder / "export.json" and count == 1


def test_trending_lines_keep_their_source() -> None:
    page = parse_trending_page(["Mar 13", "", "A Title", ""], source="lines.txt")
    assert [(p.title, p.source, p.sources) for p in page.papers] == [
        ("A Title", "lines.txt", ("lines.txt",))
    ]
