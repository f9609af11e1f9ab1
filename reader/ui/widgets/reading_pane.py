"""ReadingPane: the selected paper's title, details, abstract and annotations."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.style import Style as VisualStyle
from textual.widgets import Static

from reader.core import Annotation, Paper, highlight_spans
from reader.ui.messages import ListRequested

if TYPE_CHECKING:  # built with the first query, not for the first paint
    from reader.core.term_match import TermMatch

TITLE_SHOWN = 2_000
"""Characters of a title the pane wraps and draws; a real title is far shorter."""
ABSTRACT_SHOWN = 30_000
"""Characters of an abstract the pane draws (a long real abstract has about 3,000)."""
NAMES_SHOWN = 200
"""Authors (or keywords, or links) the pane lists before "and N more"."""


def capped(text: str, limit: int) -> str:
    """Return ``text``, or its first ``limit`` characters and how much was left out.

    A hostile file's 5 MB title would otherwise be re-wrapped on every layout and hang
    the app for minutes; the paper's data (search, export) keeps all of it.
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… (cut here: {len(text):,} characters in all)"


def listed(names: Sequence[str]) -> str:
    """Return the first ``NAMES_SHOWN`` names, comma-separated, and how many more there are."""
    shown = ", ".join(capped(name, TITLE_SHOWN) for name in names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return f"{shown} and {more:,} more" if more > 0 else shown


def highlighted(text: str, terms: Sequence[TermMatch], style: Style, base: str = "") -> Text:
    """Return ``text`` as a Text (never parsed as markup) with matched words styled."""
    result = Text(text, style=base)
    for start, end in highlight_spans(text, terms):
        result.stylize(style, start, end)
    return result


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows one paper in full; paper text and notes are always rendered as plain text."""

    BINDINGS = [
        Binding(
            "escape,h",
            "back",
            "Back to list",
            priority=True,
            id="pane.back",
            tooltip="Return to the paper list",
        ),
        Binding(
            "space",
            "page_down",
            "Scroll",
            priority=True,
            show=False,
            id="pane.page_down",
            tooltip="Scroll the abstract down a page",
        ),
        Binding(
            "j",
            "scroll_down",
            "Scroll down",
            priority=True,
            show=False,
            id="pane.down",
            tooltip="Scroll down a line",
        ),
        Binding(
            "k",
            "scroll_up",
            "Scroll up",
            priority=True,
            show=False,
            id="pane.up",
            tooltip="Scroll up a line",
        ),
        Binding(
            "g",
            "top",
            "Top",
            priority=True,
            show=False,
            id="pane.top",
            tooltip="Scroll to the top",
        ),
        Binding(
            "G",
            "bottom",
            "Bottom",
            priority=True,
            show=False,
            id="pane.bottom",
            tooltip="Scroll to the bottom",
        ),
    ]

    COMPONENT_CLASSES = {"reading-pane--highlight", "reading-pane--title", "reading-pane--meta"}

    DEFAULT_CSS = """
    ReadingPane {
        padding: 0 1;
        & > .reading-pane--highlight {
            color: $reader-highlight-foreground;
            background: $reader-highlight-background;
            text-style: bold underline;  /* still visible with NO_COLOR */
        }
        & > .reading-pane--title { text-style: bold; color: $text; }
        & > .reading-pane--meta { color: $text-muted; }
        #pane-annotation {
            margin-top: 1;
            border-top: solid $panel-lighten-2;
            padding-top: 0;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: Paper | None = None
        self.head: tuple[Text, Text, Text] = (Text(), Text(), Text())
        """The title, the details and the abstract as last shown (text, never markup)."""
        self._head_styles: tuple[VisualStyle, VisualStyle] | None = None

    def compose(self) -> ComposeResult:
        # Title, details and abstract are one widget (every widget is composed, styled,
        # laid out and drawn before the first paint); the annotation is another, as its
        # edits scroll to it.
        yield Static(id="pane-head", markup=False)
        yield Static(id="pane-annotation", markup=False)

    def _show_head(self, title: Text, meta: Text, abstract: Text) -> None:
        """Show the title (bold, ``$text``), the details (``$text-muted``) and the abstract."""
        self.head = (title, meta, abstract)
        self._head_styles = (self._text_style("title"), self._text_style("meta"))
        parts: list[Content | str] = [
            Content.from_rich_text(title).stylize_before(self._head_styles[0]),
            "\n",
            Content.from_rich_text(meta).stylize_before(self._head_styles[1]),
        ]
        if abstract:
            parts += ["\n\n", Content.from_rich_text(abstract)]
        self.query_one("#pane-head", Static).update(Content.assemble(*parts))

    def _text_style(self, part: str) -> VisualStyle:
        """Return a part's colour and weight, resolved over the pane's background now.

        (A component style given by name resolves an ``auto`` colour such as ``$text``
        over no background: white on a light theme.)
        """
        resolved = self.get_visual_style(f"reading-pane--{part}")
        return VisualStyle(None, resolved.foreground, bold=resolved.bold)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme (or background): the head's colours are resolved again, and shown
        # again if they changed (not at each hover or focus that leaves them as they were).
        if self.is_mounted and self.head != (Text(), Text(), Text()):
            styles = (self._text_style("title"), self._text_style("meta"))
            if styles != self._head_styles:
                with contextlib.suppress(NoMatches):
                    self._show_head(*self.head)

    def show(
        self, paper: Paper | None, annotation: Annotation | None, terms: Sequence[TermMatch]
    ) -> None:
        """Show ``paper`` (or an empty pane), highlighting what the search matched."""
        moved = paper is not self.paper
        self.paper = paper
        notes = self.query_one("#pane-annotation", Static)
        if paper is None:
            self._show_head(Text("No paper selected."), Text(""), Text(""))
            notes.update(Text(""))
            return
        style = self.get_component_rich_style("reading-pane--highlight")
        self._show_head(
            highlighted(capped(paper.display_title, TITLE_SHOWN), terms, style),
            self._details(paper),
            highlighted(capped(paper.display_abstract, ABSTRACT_SHOWN), terms, style)
            if paper.abstract
            else Text("(no abstract)", style="italic"),
        )
        notes.update(self._annotation_text(annotation or Annotation(paper.id)))
        if moved:
            self.scroll_home(animate=False, immediate=True)

    @staticmethod
    def _details(paper: Paper) -> Text:
        """Dates, counts, authors, keywords and links (terminal hyperlinks built here)."""
        text = Text()
        facts = []
        dates = paper.listing_dates or ((paper.listing_date,) if paper.listing_date else ())
        if dates:
            facts.append("Listed " + ", ".join(dates))
        if paper.date and paper.date not in dates:
            facts.append(f"published {paper.date}")
        if paper.upvotes is not None:
            facts.append(f"▲ {paper.upvotes} upvotes")
        if paper.comments:
            facts.append(f"{paper.comments} comments")
        facts.append(f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else "no arXiv id yet")
        text.append(" · ".join(facts))
        if paper.authors:
            text.append("\nAuthors: ", style="bold")
            text.append(listed(paper.display_authors))
        if paper.keywords:
            text.append("\nKeywords: ", style="bold")
            text.append(listed(paper.keywords))
        for label, url in paper.links[:NAMES_SHOWN]:
            text.append(f"\n{label}: ", style="bold")
            if len(url) > TITLE_SHOWN:  # no terminal link carries megabytes: shown cut, inert
                text.append(capped(url, TITLE_SHOWN))
            else:
                text.append(url, style=Style(link=url, underline=True))
        sources = paper.sources or ((paper.source,) if paper.source else ())
        if sources:
            text.append("\nFrom: " + ", ".join(source.rsplit("/", 1)[-1] for source in sources))
        return text

    @staticmethod
    def _annotation_text(annotation: Annotation) -> Text:
        text = Text()
        text.append("Status: ", style="bold")
        text.append(f"{annotation.status.mark} {annotation.status.value}")
        text.append("    Tags: ", style="bold")
        text.append(", ".join(annotation.tags) if annotation.tags else "none")
        text.append("\nNote: ", style="bold")
        if annotation.note:
            text.append("\n")
            text.append(annotation.note)
        else:
            text.append("none (press n to write one)", style="italic")
        if annotation.highlights:  # plain text appended: quotes are data, never markup
            text.append(
                f"\nHighlights ({len(annotation.highlights)}, f reads them in place):", style="bold"
            )
            for item in annotation.highlights:
                text.append("\n  “")
                text.append(item.quote)
                text.append("”")
                if item.section:
                    text.append(f"  ({item.section})", style="dim")
                if item.note:
                    text.append("\n    ")
                    text.append(item.note.replace("\n", "\n    "), style="italic")
        return text

    def action_top(self) -> None:
        """Jump to the top at once (no animation: the next key sees the new position)."""
        self.scroll_home(animate=False, immediate=True)

    def action_bottom(self) -> None:
        """Jump to the bottom at once, where the status, tags and note are."""
        self.scroll_end(animate=False, immediate=True)

    def reveal_annotation(self) -> None:
        """Scroll so the status, tags and note are in view (after editing them)."""
        self.call_after_refresh(
            self.scroll_to_widget, self.query_one("#pane-annotation"), animate=False
        )

    def action_back(self) -> None:
        """Return to the paper list (the screen knows where it is, even when hidden)."""
        self.post_message(ListRequested())
