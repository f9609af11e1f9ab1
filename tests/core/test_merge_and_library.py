"""One entry per paper across sources; the library folder; fetch against a local server."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reader.core.changes import Change
from reader.core.library import open_library
from reader.core.library_folder import FetchError, fetch_daily, import_files, library_files
from reader.core.sources import load_sources
from tests.conftest import FIXTURES

SAM = "SAM-CLIP: Merging Vision Foundation Models towards Semantic and Spatial Understanding"


def test_same_paper_from_three_sources_is_one_entry(sample_path: Path) -> None:
    report = load_sources(
        [sample_path, FIXTURES / "hf-daily.json", FIXTURES / "arxiv-snapshot.jsonl"]
    )
    sams = [paper for paper in report.papers if paper.title == SAM]
    assert len(sams) == 1
    sam = sams[0]
    assert report.papers[0] is sam  # keeps its first place
    assert sam.id == "2403.09611"  # the arXiv id wins over the title hash
    assert sam.authors == ("Haoxiang Wang", "Pavan Kumar Anasosalu Vasu", "Mehrdad Farajtabar")
    assert sam.upvotes == 12
    assert sam.listing_dates == ("Mar 13", "2024-03-15", "2024-06-10")
    assert [label for label, _ in sam.links] == ["arXiv", "PDF", "GitHub"]
    assert len(sam.sources) == 3
    assert len(sam.abstract) > 1000  # the fuller abstract is kept


def test_versions_of_an_arxiv_id_are_one_paper(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text('{"id": "2401.00001v1", "title": "A", "abstract": "x", "authors": "P Q"}\n')
    b.write_text(
        '{"id": "2401.00001v3", "title": "A, revised", "abstract": "y", "authors": "R S"}\n'
    )
    (paper,) = load_sources([a, b]).papers
    assert paper.id == "2401.00001" and paper.authors == ("P Q", "R S")


def test_annotations_follow_a_paper_that_gains_an_arxiv_id(
    tmp_path: Path, sample_path: Path
) -> None:
    db = tmp_path / "db.json"
    before = open_library([sample_path], db)
    sam_by_title = before.papers[0]
    assert sam_by_title.id.startswith("title:")
    before.set_tags(sam_by_title, ("vision",))
    before.set_note(sam_by_title, "read this first")
    after = open_library([sample_path, FIXTURES / "hf-daily.json"], db)
    sam = after.papers[0]
    assert sam.id == "2403.09611"
    annotation = after.annotation(sam)
    assert annotation.tags == ("vision",) and annotation.note == "read this first"
    assert [after.papers[i].id for i in after.search("tag:vision").indices] == ["2403.09611"]
    after.store.apply(Change(sam.id, sam.title, sam.title_key, add_tags=("more",)))
    assert after.annotation(sam).tags == ("vision", "more")


def test_import_copies_into_the_library_and_plain_reader_opens_it(
    tmp_path: Path, sample_path: Path
) -> None:
    assert open_library([], tmp_path / "db.json").label.startswith("Bundled sample")
    done = import_files([sample_path, FIXTURES / "hf-daily.json"])
    assert [count for _, _, count in done] == [80, 2]
    assert len(library_files()) == 2
    library = open_library([], tmp_path / "db.json")
    assert library.label == "Library: 2 files"
    assert len(library.papers) == 81  # SAM-CLIP is in both
    import_files([sample_path])  # the same file again: no duplicate
    assert len(library_files()) == 2


def test_import_refuses_a_bad_file_and_copies_nothing(tmp_path: Path, sample_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("")
    with pytest.raises(Exception, match="file is empty"):
        import_files([sample_path, empty])
    assert library_files() == []


class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "ok"

    def do_GET(self) -> None:
        if self.mode == "slow":
            time.sleep(2)
        if self.mode == "500":
            self.send_error(500, "Server Error")
            return
        body = (FIXTURES / "hf-daily.json").read_bytes() if self.mode in ("ok", "slow") else b"{"
        assert self.path.startswith("/api/daily_papers?date=")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Handler]]:
    handler = type("Handler", (_Handler,), {"mode": "ok"})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("READER_HF_API", f"http://127.0.0.1:{httpd.server_address[1]}")
    yield handler
    httpd.shutdown()


def test_fetch_saves_the_day_and_replaces_it_on_refetch(server: type[_Handler]) -> None:
    seen: list[int] = []
    path, count = fetch_daily(date(2024, 3, 15), progress=seen.append)
    assert count == 2 and path.name == "hf-daily-2024-03-15.json" and seen
    assert library_files() == [path]
    fetch_daily(date(2024, 3, 15))
    assert library_files() == [path]


@pytest.mark.parametrize(
    ("mode", "message"),
    [("500", "HTTP 500"), ("bad", "not valid JSON"), ("slow", "no answer within")],
)
def test_fetch_failures_are_one_line_and_leave_no_file(
    server: type[_Handler], mode: str, message: str
) -> None:
    server.mode = mode
    with pytest.raises(FetchError, match=message) as caught:
        fetch_daily(date(2024, 3, 15), timeout=0.5)
    assert "\n" not in str(caught.value)
    folder = library_files()
    assert folder == []


def test_fetch_when_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_HF_API", "http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(FetchError, match=r"cannot reach .*offline"):
        fetch_daily(date(2024, 3, 15), timeout=2)


def test_fetch_command_line(server: type[_Handler]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "fetch", "--date", "2024-03-15"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "saved 2 papers to" in result.stdout and "fetching 2024-03-15" in result.stderr
    server.mode = "500"
    failed = subprocess.run(
        [sys.executable, "-m", "reader", "fetch", "--date", "2024-03-16"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 2 and "HTTP 500" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_check_command_lists_every_problem() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "check",
            str(FIXTURES / "hf-daily.json"),
            str(FIXTURES / "arxiv-snapshot.jsonl"),
            str(FIXTURES / "bomb.xml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{FIXTURES / 'hf-daily.json'}:26: no title" in lines
    assert f"{FIXTURES / 'arxiv-snapshot.jsonl'}:5: not an object but list" in lines
    assert any("bomb.xml: refused unsafe XML" in line for line in lines)
    clean = subprocess.run(
        [sys.executable, "-m", "reader", "check", str(FIXTURES / "markup.txt")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # The report is on stdout, a summary line per file included; stderr is for warnings.
    assert clean.returncode == 0 and clean.stderr == ""
    assert clean.stdout == f"{FIXTURES / 'markup.txt'}: 2 papers, 0 skipped\n"


def test_skipped_records_are_reported_when_loading(tmp_path: Path) -> None:
    library = open_library([FIXTURES / "hf-daily.json"], tmp_path / "db.json")
    assert any(
        warning.startswith("loaded 2 papers, skipped 2 from") for warning in library.warnings
    )
