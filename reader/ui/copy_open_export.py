"""Getting a paper out of reader: copy its reference or abstract, open its page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.message import Message

from reader.core import Paper
from reader.core.library import Library
from reader.core.paths import short_path
from reader.core.text import plural, shown_id
from reader.core.urls import web_url
from reader.ui.clipboard import copy_text, has_local_browser
from reader.ui.messages import Say
from reader.ui.saver import SaveQueue


def reference(paper: Paper) -> str:
    """Return "Title - link", or the title alone when the paper has no link."""
    link = paper.main_link or shown_id(paper.id)
    return f"{paper.title} - {link}" if link else paper.title


def copy_references(app: App[Any], papers: list[Paper]) -> str:
    """Copy one reference per line; return the notification."""
    how = copy_text(app, "\n".join(reference(paper) for paper in papers))
    if len(papers) == 1:
        what = "title and link" if papers[0].main_link else "title"
        return f"Copied {what} via {how}"
    return f"Copied {plural(len(papers), 'reference')} via {how}"


def export_to_file(
    library: Library,
    saver: SaveQueue,
    post: Callable[[Message], object],
    papers: list[Paper],
    fmt: str,
    query: str,
    folder: Path,
) -> None:
    """Write an export into ``folder`` (config.toml's export_dir), off the UI thread.

    The folder is created on first use; the file gets the user's normal permissions
    (umask), not the private 0600 of a temporary file; the message gives its full path.
    """
    import os
    from datetime import datetime

    from reader.core.atomic import atomic_write_bytes
    from reader.core.export import export

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"reader-export-{stamp}.{fmt}"
    annotations = {paper.id: library.annotation(paper) for paper in papers}
    umask = os.umask(0o022)  # read it (there is no getter), then put it back at once
    os.umask(umask)

    def write() -> Path:
        text = export(papers, lambda paper: annotations[paper.id], fmt, query)
        atomic_write_bytes(path, text.encode("utf-8"))
        os.chmod(path, 0o666 & ~umask)
        return path

    def written(done: Path) -> None:
        post(Say(f"Exported {plural(len(papers), 'paper')} to {short_path(done, 200)}"))

    def failed(message: str) -> None:
        post(Say(f"Export failed: {message}", "error", 10))

    saver.submit(write, written, failed)


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
    if web_url(url) is None:  # javascript:, file:, "--option", a newline: shown, not opened
        return f"Not opened (only http/https links are): {url[:200]!r}", False
    if has_local_browser():
        import webbrowser

        if webbrowser.open(url):
            return f"Opened {label}: {url}", True
    how = copy_text(app, url)
    return f"No local browser here: copied the {label} link via {how}", True
