"""Full text: time to open a cached long paper to its first screen, memory for 50 pages.

    python -m bench.fulltext      (also part of python bench/targets.py's table)

A long paper is generated in arXiv's LaTeXML shape (sections, subsections, paragraphs
with inline math, equations, figures, a bibliography); the PDF is a 50-page text PDF.
Each measurement runs in a fresh process so peak RSS is the paper's alone: the child reads
its own high-water mark (VmHWM, reset by exec), not ``ru_maxrss``, which on Linux a
child inherits from the parent it was forked from (the targets bench's parent had just
held 100,000 papers: every row showed its 605 MB).
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.memory import peak_rss_mb

APP_PAPER = "0704.0001"
"""A paper of the test fixture's arXiv snapshot: the app opens its cached full text."""
SECTIONS = 12
SUBSECTIONS = 5
PARAGRAPHS = 8
WORDS = [
    "attention",
    "model",
    "token",
    "sequence",
    "layer",
    "gradient",
    "sparse",
    "kernel",
    "bound",
    "proof",
    "training",
    "data",
    "result",
    "method",
    "baseline",
    "error",
    "scale",
    "memory",
    "compute",
]


def paragraph(seed: int) -> str:
    words = [WORDS[(seed * 7 + n * 3) % len(WORDS)] for n in range(90)]
    words[10] = f'<math alttext="\\alpha_{{{seed % 9}}}" display="inline"><mi>a</mi></math>'
    text = " ".join(words)
    return f'<div class="ltx_para"><p class="ltx_p">{text.capitalize()}. More text here.</p></div>'


def long_html() -> bytes:
    parts = [
        '<html><body><article class="ltx_document">',
        '<h1 class="ltx_title ltx_title_document">A Long Paper</h1>',
        '<div class="ltx_abstract"><p class="ltx_p">Abstract text.</p></div>',
    ]
    seed = 0
    for s in range(1, SECTIONS + 1):
        parts.append(
            f'<section class="ltx_section"><h2 class="ltx_title"><span class="ltx_tag">{s} '
            f"</span>Section {s}</h2>"
        )
        for sub in range(1, SUBSECTIONS + 1):
            parts.append(
                f'<section class="ltx_subsection"><h3 class="ltx_title"><span class="ltx_tag">'
                f"{s}.{sub} </span>Part {sub}</h3>"
            )
            for _ in range(PARAGRAPHS):
                seed += 1
                parts.append(paragraph(seed))
            parts.append(
                '<table class="ltx_equation"><tr><td><math alttext="\\sum_{i=1}^{n} x_{i}^{2}">'
                '</math></td><td><span class="ltx_tag ltx_tag_equation">(1)</span></td></tr>'
                "</table>"
                '<figure class="ltx_figure"><figcaption>Figure: a result.</figcaption></figure>'
                "</section>"
            )
        parts.append("</section>")
    parts.append('<section class="ltx_bibliography"><h2 class="ltx_title">References</h2><ul>')
    parts += [f'<li class="ltx_bibitem">[{n}] Author {n}. A title. 2024.</li>' for n in range(80)]
    parts.append("</ul></section></article></body></html>")
    return "".join(parts).encode()


def fifty_page_pdf() -> bytes:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.core.pdf_maker import make_pdf

    pages = []
    for page in range(50):
        lines = [f"{page + 1} Section {page + 1}"] if page % 5 == 0 else []
        for row in range(55):
            lines.append(" ".join(WORDS[(page + row + n) % len(WORDS)] for n in range(12)))
            if row % 9 == 8:
                lines.append("")
        pages.append(lines)
    return make_pdf(pages, title="Fifty pages")


def _watch_first_text() -> list[tuple[float, float]]:
    """Record (wall, CPU) when the first frame holding the paper's text is displayed.

    That is, once the view has drawn a line of text and the app hands the composed
    frame to its driver (``App._display``), not when Pilot next finds the app idle.
    """
    from textual.app import App

    from reader.ui.screens.document_view import DocumentView

    drawn: list[bool] = []
    shown: list[tuple[float, float]] = []
    render_line, display = DocumentView.render_line, App._display

    def render_text(self: DocumentView, y: int) -> Any:
        if self.lines:
            drawn.append(True)
        return render_line(self, y)

    def display_frame(self: App[Any], screen: Any, update: Any) -> None:
        display(self, screen, update)
        if drawn and not shown:
            shown.append((time.perf_counter(), time.process_time()))

    DocumentView.render_line = render_text  # type: ignore[method-assign]
    App._display = display_frame  # type: ignore[method-assign]
    return shown


def open_to_first_screen(folder: Path) -> None:
    """Child: open the cached paper in the reading view; print ms to first text, RSS."""
    from textual.app import App

    from reader.core.fulltext_cache import FullTextCache
    from reader.ui.screens.fulltext import FullTextScreen

    class Host(App[None]):
        pass

    seen = _watch_first_text()

    async def run() -> tuple[float, float]:
        app = Host()
        async with app.run_test(size=(80, 24)) as pilot:
            started, cpu = time.perf_counter(), time.process_time()
            document = FullTextCache(folder).cached("2401.00001")
            assert document is not None
            await app.push_screen(FullTextScreen(document, "A Long Paper", "2401.00001"))
            while not seen:
                await pilot.pause(0.001)
            return (seen[0][0] - started) * 1000, (seen[0][1] - cpu) * 1000

    elapsed, cpu_ms = asyncio.run(run())
    rss = peak_rss_mb()
    print(f"{elapsed:.0f} {cpu_ms:.0f} {rss:.0f}")


def open_in_app(folder: Path) -> None:
    """Child: ``f`` on a paper whose full text is cached; print ms to first text, RSS.

    The real path: the app's opener, its worker, the view it pushes.  ``folder`` holds
    the database, and the cached download under ``fulltext/``.
    """
    import os

    os.environ["READER_CACHE"] = str(folder / "index-cache")
    os.environ["READER_CONFIG"] = str(folder / "config.toml")
    os.environ["READER_ARXIV"] = "http://127.0.0.1:9"  # never the network
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from reader.cli import make_app

    snapshot = Path(__file__).resolve().parent.parent / "tests/fixtures/arxiv-snapshot.jsonl"
    app = make_app([snapshot], db_path=folder / "annotations.json")
    app.main_screen.matcher.enabled = False

    seen = _watch_first_text()

    async def run() -> tuple[float, float]:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            position = next(i for i, p in enumerate(app.library.papers) if p.id == APP_PAPER)
            app.go_to_paper(position)
            await pilot.pause()
            started, cpu = time.perf_counter(), time.process_time()
            await pilot.press("f")
            while not seen:
                await pilot.pause(0.001)
            return (seen[0][0] - started) * 1000, (seen[0][1] - cpu) * 1000

    elapsed, cpu_ms = asyncio.run(run())
    rss = peak_rss_mb()
    print(f"{elapsed:.0f} {cpu_ms:.0f} {rss:.0f}")


def parse_memory(path: Path) -> None:
    """Child: parse one cached file; print blocks, ms and peak RSS."""
    import reader.core.fulltext  # noqa: F401  (imports outside the measurement)
    from reader.core.fulltext_cache import load_file

    before = peak_rss_mb()
    started = time.perf_counter()
    document = load_file(path)
    elapsed = (time.perf_counter() - started) * 1000
    rss = peak_rss_mb()
    print(f"{len(document.blocks)} {elapsed:.0f} {rss:.0f} {before:.0f}")


REPO = Path(__file__).resolve().parent.parent
RUNS = 5
"""Fresh processes per timing; the median is reported (the machine is shared)."""


def _child(*args: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.fulltext", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return out.stdout.split()


def _median_open(args: list[str], before: Callable[[], None] = lambda: None) -> str:
    """Return "wall / CPU ms, RSS" medians of RUNS fresh processes."""
    walls, cpus, rss = [], [], []
    for _ in range(RUNS):
        before()
        wall, cpu, peak = _child(*args)
        walls.append(float(wall))
        cpus.append(float(cpu))
        rss.append(float(peak))
    return (
        f"{statistics.median(walls):.0f} / {statistics.median(cpus):.0f} ms "
        f"(wall {min(walls):.0f}-{max(walls):.0f}), RSS {statistics.median(rss):.0f} MB"
    )


def fulltext_rows() -> list[tuple[str, str, str, str]]:
    """Return the full-text rows of the targets table: (figure, before, target, now)."""
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "fulltext").mkdir()
        html = folder / "fulltext" / "2401.00001.html"
        html.write_bytes(long_html())
        (folder / "fulltext" / f"{APP_PAPER}.html").write_bytes(long_html())
        pdf = folder / "paper.pdf"
        pdf.write_bytes(fifty_page_pdf())
        blocks = 0
        for label, path in (("HTML", html), ("50-page PDF", pdf)):
            count, ms, rss, base = _child("--parse", str(path))
            blocks = blocks or int(count)
            rows.append(
                (
                    f"full text, parse a {path.stat().st_size / 1e6:.1f} MB {label}: "
                    "time / peak RSS",
                    "",
                    "<= 150 MB RSS",
                    f"{ms} ms / {rss} MB ({count} blocks; interpreter + imports {base} MB)",
                )
            )
        parsed = html.with_name(html.name + ".json")
        rows.append(
            (
                f"full text, first open ({blocks} blocks, HTML parsed): first screen, wall / CPU",
                "",
                "",
                _median_open(["--open", str(folder)], lambda: parsed.unlink(missing_ok=True)),
            )
        )
        rows.append(
            (
                "full text, cached long paper, view alone: first screen, wall / CPU",
                "632 ms (under load)",
                "<= 150 ms",
                _median_open(["--open", str(folder)]),
            )
        )
        _child("--app", str(folder))  # writes the parsed copy of the app's paper
        rows.append(
            (
                "full text, f in the app on a cached long paper: first screen, wall / CPU",
                "",
                "<= 150 ms",
                _median_open(["--app", str(folder)]),
            )
        )
    return rows


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--open":
        open_to_first_screen(Path(sys.argv[2]))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--app":
        open_in_app(Path(sys.argv[2]))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--parse":
        parse_memory(Path(sys.argv[2]))
        return
    rows = fulltext_rows()
    width = max(len(row[0]) for row in rows)
    print(f"Full text (80x24; median of {RUNS} fresh processes; CPU is less load-sensitive)")
    for figure, before, target, now in rows:
        print(f"{figure:<{width}}  {before:<20}  {target:<14}  {now}")


if __name__ == "__main__":
    main()
