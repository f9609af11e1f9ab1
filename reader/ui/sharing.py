"""Getting a paper out of reader: copy its reference or abstract, open its page."""

from __future__ import annotations

from typing import Any

from textual.app import App

from reader.core import Paper
from reader.ui.clipboard import copy_text, has_local_browser


def paper_link(paper: Paper) -> str | None:
    """Return the paper's main link: the arXiv abstract page when known."""
    return paper.links[0][1] if paper.links else None


def copy_reference(app: App[Any], paper: Paper) -> str:
    """Copy "Title - link or id"; return the notification."""
    link = paper_link(paper)
    how = copy_text(app, f"{paper.title} - {link or paper.id}")
    return f"Copied title and {'link' if link else 'id'} via {how}"


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
