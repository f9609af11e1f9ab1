"""Getting a paper out of reader: copy its reference or abstract, open its page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

from reader.core import Paper
from reader.ui.clipboard import copy_text, has_local_browser

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def paper_link(paper: Paper) -> str | None:
    """Return the paper's main link: the arXiv abstract page when known."""
    return paper.links[0][1] if paper.links else None


def reference(paper: Paper) -> str:
    """Return "Title - link or id"."""
    return f"{paper.title} - {paper_link(paper) or paper.id}"


def copy_references(app: App[Any], papers: list[Paper]) -> str:
    """Copy one reference per line; return the notification."""
    how = copy_text(app, "\n".join(reference(paper) for paper in papers))
    if len(papers) == 1:
        return f"Copied title and {'link' if paper_link(papers[0]) else 'id'} via {how}"
    return f"Copied {len(papers)} references via {how}"


def ask_and_export(app: ReaderApp, papers: list[Paper], what: str) -> None:
    """Ask for a format, then export ``papers`` (``what``: "listed" or "marked")."""
    from reader.ui.screens.export_dialog import ExportDialog

    if not papers:
        app.say("Nothing to export: the list is empty", severity="warning")
        return

    def chosen(fmt: str | None) -> None:
        if fmt:
            export_to_file(app, papers, fmt, app.result.query)

    app.push_screen(ExportDialog(len(papers), what), chosen)


def export_to_file(app: ReaderApp, papers: list[Paper], fmt: str, query: str) -> None:
    """Write an export next to where reader was started, off the UI thread; notify."""
    from datetime import datetime
    from pathlib import Path

    from reader.core.atomic import atomic_write_bytes
    from reader.core.export import export

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path.cwd() / f"reader-export-{stamp}.{fmt}"
    annotations = {paper.id: app.library.annotation(paper) for paper in papers}

    def write() -> Path:
        text = export(papers, lambda paper: annotations[paper.id], fmt, query)
        atomic_write_bytes(path, text.encode("utf-8"))
        return path

    def written(done: Path) -> None:
        app.say(f"Exported {len(papers):,} papers to {done}")

    def failed(message: str) -> None:
        app.say(f"Export failed: {message}", severity="error", timeout=10)

    app.saver.submit(write, written, failed)


def copy_abstract(app: App[Any], paper: Paper) -> tuple[str, bool]:
    """Copy the abstract; return (notification, whether anything was copied)."""
    if not paper.abstract:
        return "This paper has no abstract to copy", False
    how = copy_text(app, paper.abstract)
    return f"Copied the abstract ({len(paper.abstract):,} characters) via {how}", True


def open_link(app: App[Any], paper: Paper) -> tuple[str, bool]:
    """Open the main link in a local browser, else copy it; return (notification, ok)."""
    if not paper.links:
        return "This paper has no link (no arXiv id or URL in its source)", False
    label, url = paper.links[0]
    if has_local_browser():
        import webbrowser

        if webbrowser.open(url):
            return f"Opened {label}: {url}", True
    how = copy_text(app, url)
    return f"No local browser here: copied the {label} link via {how}", True
