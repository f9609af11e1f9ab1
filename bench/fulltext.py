"""Full text: time to open a cached long paper to its first screen, memory for 50 pages.

    python -m bench.fulltext

A long paper is generated in arXiv's LaTeXML shape (sections, subsections, paragraphs
with inline math, equations, figures, a bibliography); the PDF is a 50-page text PDF.
Each measurement runs in a fresh process so peak RSS is the paper's alone.
"""

from __future__ import annotations

import asyncio
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def open_to_first_screen(folder: Path) -> None:
    """Child: open the cached paper in the reading view; print ms to first text, RSS."""
    from textual.app import App

    from reader.core.fulltext_cache import FullTextCache
    from reader.ui.screens.fulltext import DocumentView, FullTextScreen

    class Host(App[None]):
        pass

    async def run() -> tuple[float, float]:
        app = Host()
        async with app.run_test(size=(80, 24)) as pilot:
            started, cpu = time.perf_counter(), time.process_time()
            document = FullTextCache(folder).cached("2401.00001")
            assert document is not None
            await app.push_screen(FullTextScreen(document, "A Long Paper", "2401.00001"))
            while True:
                views = app.screen.query(DocumentView)
                if views and views.first().lines:
                    break
                await pilot.pause(0.001)
            await pilot.pause()
            return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000

    elapsed, cpu_ms = asyncio.run(run())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
    from reader.ui.screens.fulltext import DocumentView

    snapshot = Path(__file__).resolve().parent.parent / "tests/fixtures/arxiv-snapshot.jsonl"
    app = make_app([snapshot], db_path=folder / "annotations.json")
    app.matcher.enabled = False

    async def run() -> tuple[float, float]:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            position = next(i for i, p in enumerate(app.library.papers) if p.id == APP_PAPER)
            app.go_to_paper(position)
            await pilot.pause()
            started, cpu = time.perf_counter(), time.process_time()
            await pilot.press("f")
            while True:
                views = app.screen.query(DocumentView)
                if views and views.first().lines:
                    break
                await pilot.pause(0.001)
            await pilot.pause()
            return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000

    elapsed, cpu_ms = asyncio.run(run())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.0f} {cpu_ms:.0f} {rss:.0f}")


def parse_memory(path: Path) -> None:
    """Child: parse one cached file; print blocks, ms and peak RSS."""
    import reader.core.fulltext  # noqa: F401  (imports outside the measurement)
    from reader.core.fulltext_cache import load_file

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    document = load_file(path)
    elapsed = (time.perf_counter() - started) * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(document.blocks)} {elapsed:.0f} {rss:.0f} {before:.0f}")


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
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "fulltext").mkdir()
        html = folder / "fulltext" / "2401.00001.html"
        html.write_bytes(long_html())
        pdf = folder / "paper.pdf"
        pdf.write_bytes(fifty_page_pdf())
        print("Full text (fresh process each; 80x24)")
        child = [sys.executable, "-m", "bench.fulltext"]
        for label, path in (("HTML", html), ("PDF, 50 pages", pdf)):
            out = subprocess.run([*child, "--parse", str(path)], capture_output=True, text=True)
            blocks, ms, rss, base = out.stdout.split()
            size = path.stat().st_size / 1e6
            print(
                f"  parse {label:<14} {size:5.1f} MB  {int(blocks):>6,} blocks  {ms:>5} ms  "
                f"peak RSS {rss} MB (interpreter + imports {base} MB)"
            )
        for label in ("first open (HTML parsed)", "reopen (parsed copy)"):
            out = subprocess.run([*child, "--open", str(folder)], capture_output=True, text=True)
            ms, rss = out.stdout.split()
            print(
                f"  {label:<25} -> first screen of text: {ms:>4} ms (target <= 150), RSS {rss} MB"
            )


if __name__ == "__main__":
    main()
