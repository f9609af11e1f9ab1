"""MainScreen: the list, the reading pane and the search bar, and what the keys do to them.

The app builds it with what it needs (the library, the settings, the save queue, a way to
tell the user something) and keeps the rest: themes, the keymap, help and quit.  The
helpers it builds (``Annotator``, ``Searcher``, ``FullTextOpener``) post their messages to
this screen, which handles each in one ``on_...`` method.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Container
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from reader.core import Library, Paper, SearchResult
from reader.core.annotations import SavedView
from reader.core.config import Settings
from reader.core.models import SortMode, Status
from reader.core.pending import view_entry
from reader.core.state import load_state, remember
from reader.ui.guards import when_mounted
from reader.ui.key_forwarding import takes_typing
from reader.ui.keys import APP_BINDINGS, PAPER_ACTIONS
from reader.ui.messages import (
    ActionRequested,
    AnnotationsChanged,
    BackRequested,
    ListRequested,
    MarksChanged,
    PaperOpened,
    PaperRequested,
    PaperSelected,
    QueryRequested,
    SearchFinished,
    SortRequested,
)
from reader.ui.paper_actions import PaperActions, Say
from reader.ui.saver import SaveQueue
from reader.ui.searcher import INDEX_POLL, Searcher
from reader.ui.title_matcher import MatchingProgress, PapersMatched, TitleMatcher
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.library_header import LibraryHeader
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from reader.ui.annotator import Annotator
    from reader.ui.fulltext_opener import FullTextOpener

LARGE_LIBRARY = 5000
"""From this many papers the header shows the index build's progress."""
WIDE_FROM = 150
"""Terminal width (cells) from which list and pane sit side by side; narrower, the list
spans the width (a 70-character title shows whole at 120 columns) above the pane."""
SHORT_BELOW = 12
"""Terminal height (rows) under which the stacked list and pane share the body equally."""
SPLIT_RANGE = (20, 80)
"""The list's share of the body, in percent, that < and > move between."""


class MainScreen(PaperActions, Screen[None]):
    """Browse, search, read and annotate: the screen the app opens on."""

    BINDINGS = APP_BINDINGS
    AUTO_FOCUS = "#papers"
    """The list has focus from the start (on_mount focuses it too): focus moves only once
    before the first paint, instead of to the search bar and back (a restyle each)."""

    def __init__(
        self,
        library: Library,
        settings: Settings,
        saver: SaveQueue,
        *,
        say: Say,
        run_worker: Callable[..., Any],
        call_from_thread: Callable[..., Any],
    ) -> None:
        super().__init__(id="main")
        self.library = library
        self.settings = settings
        self.saver = saver
        self.say = say
        self._run_worker = run_worker
        self._call_from_thread = call_from_thread
        self.searcher = Searcher(library, run_worker, self.post_message)
        self.matcher = TitleMatcher(
            library,
            library.store.path.parent,
            enabled=settings.resolve,
            run_worker=run_worker,
            post=self.post_message,
        )
        self._index_timer: Timer | None = None
        self._resumed = False
        self._cursor_to_top = False
        """Set by a sort change: the next result puts the cursor on the first paper."""
        self._shown_at_mount: Paper | None = None
        """The paper on_mount put in the pane, until the list's first PaperSelected."""
        self.ready = asyncio.Event()
        """Set once the widgets are mounted and the list has focus: keys may act."""
        remembered_split = load_state().get("split")
        self.split = remembered_split if isinstance(remembered_split, int) else 45
        """The list's share of the body in percent (< and >; remembered in state.json)."""

    @cached_property
    def annotator(self) -> Annotator:
        """Edits and the undo history, built at the first edit (not before the first paint).

        Every edit goes through it to the app's save queue, which exists from the start.
        """
        from reader.ui.annotator import Annotator

        return Annotator(self.library, self.saver, self.post_message)

    @cached_property
    def full_text(self) -> FullTextOpener:
        """Opens, fetches and attaches full texts; built when first asked for."""
        from reader.ui.fulltext_opener import FullTextOpener

        return FullTextOpener(
            self.library,
            self.annotator,
            self.library.store.path.parent,
            run_worker=self._run_worker,
            push_screen=lambda *screen_and_callback: self.app.push_screen(*screen_and_callback),
            call_from_thread=self._call_from_thread,
            post=self.post_message,
        )

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # The first resume comes as the app starts: every widget was styled as it mounted,
        # and restyling them all again only delays the first paint.  Later resumes (a
        # dialog closed, a theme changed meanwhile) restyle as usual.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        super()._on_screen_resume(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let letter keys type text in inputs and dialogs instead of acting on papers."""
        if action == "zoom_step" and not self.has_class("-zoom"):
            return False  # j/k move the list's cursor or scroll the pane as usual
        if action in PAPER_ACTIONS:
            if self.app.screen is not self:
                return False
            if takes_typing(self.focused):
                return False
        return True

    def compose(self) -> ComposeResult:
        self._preset_breakpoints()
        yield LibraryHeader(self.library.label, id="header")
        yield SearchBar(id="search", on_leave=self._settle_search)
        # The line under the search bar for a query's error is mounted with the first one.
        with Container(id="body"):
            yield PaperList(self.library, id="papers")
            yield ReadingPane(id="reading")
        yield StatusLine(id="status-line")
        yield KeyBar()

    def _preset_breakpoints(self) -> None:
        """Give the screen its size classes (-wide, -tall...) before its first layout.

        Textual sets them on the first Resize, after the first layout: every widget was
        restyled and laid out again before the first paint.  The same classes, set from
        the size the app already knows, make that update a no-op.
        """
        app = self.app
        width, height = app.size
        classes: dict[str, bool] = {}
        for dimension, breakpoints in (
            (width, app.HORIZONTAL_BREAKPOINTS or []),
            (height, app.VERTICAL_BREAKPOINTS or []),
        ):
            chosen = next(
                (name for at, name in sorted(breakpoints, reverse=True) if dimension >= at), None
            )
            classes.update({name: name == chosen for _, name in breakpoints})
        self.update_classes(classes)  # one restyle, not one per class

    @property
    def paper_list(self) -> PaperList:
        """The paper list widget."""
        return self.query_one(PaperList)

    @property
    def reading_pane(self) -> ReadingPane:
        """The reading pane widget."""
        return self.query_one(ReadingPane)

    @property
    def search_bar(self) -> SearchBar:
        """The search input."""
        return self.query_one(SearchBar)

    @property
    def result(self) -> SearchResult:
        """What the list shows now."""
        return self.searcher.result

    @property
    def current_paper(self) -> Paper | None:
        """The paper under the list cursor."""
        return self.paper_list.current

    def on_mount(self) -> None:
        try:
            self.apply_split()
            self.focus_now(self.paper_list)
            self.update_header()
            # The first paper now, before the first layout: the list's PaperSelected
            # arrives after it, and filling the pane then laid everything out again.
            self._shown_at_mount = self.paper_list.current
            self._show_paper(self._shown_at_mount)
            if self.library.sort is not SortMode.RELEVANCE:  # config.toml's default_sort
                self._cursor_to_top = True
                self.searcher.refresh()
            if not self.library.index_ready:
                self._index_timer = self.set_interval(INDEX_POLL, self._poll_index)
        finally:
            self.ready.set()  # even after an error: the app must not wait for ever

    # Layout -----------------------------------------------------------------------------

    @when_mounted
    def apply_split(self, size: Size | None = None) -> None:
        """Give the list ``split`` percent of the body, for a terminal of ``size`` (now's).

        Of its width when list and pane sit side by side, else of its height; on a very
        short terminal, stacked, half of it (45% of three rows would leave no row at all).
        """
        size = size or self.app.size
        split = min(max(self.split, SPLIT_RANGE[0]), SPLIT_RANGE[1])
        styles = self.paper_list.styles
        if size.width >= WIDE_FROM:
            styles.width, styles.height = f"{split}%", "1fr"
        elif size.height < SHORT_BELOW:
            styles.width, styles.height = "100%", "1fr"
        else:
            styles.width, styles.height = "100%", f"{split}%"

    def action_resize_split(self, step: int) -> None:
        """Move the list/pane split by ``step`` percent, and remember it."""
        self.split = min(max(self.split + step, SPLIT_RANGE[0]), SPLIT_RANGE[1])
        self.apply_split()
        remember("split", self.split)

    def action_toggle_zoom(self) -> None:
        """Show the reading pane full-screen (or back to list and pane)."""
        zoomed = not self.has_class("-zoom")
        self.set_class(zoomed, "-zoom")
        self.focus_now(self.reading_pane if zoomed else self.paper_list)
        self.refresh_bindings()

    def action_zoom_step(self, step: int) -> None:
        """In the full-screen reading view, show the next (or previous) paper."""
        if step > 0:
            self.paper_list.action_cursor_down()
        else:
            self.paper_list.action_cursor_up()
        self.reading_pane.scroll_home(animate=False)

    def focus_now(self, widget: Widget) -> None:
        """Move focus at once, so keys already queued (fast typing, paste) follow it."""
        self.set_focus(widget)

    # Search ---------------------------------------------------------------------------

    def _poll_index(self) -> None:
        self.update_header()
        if self.library.index_ready and self._index_timer is not None:
            self._index_timer.stop()
            self._index_timer = None
            self.searcher.index_ready()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.search_bar:
            self.searcher.request(event.value)

    def on_search_finished(self, finished: SearchFinished) -> None:
        if self.searcher.accept(finished):
            result = finished.result
            hint = None if result.error or len(result) else self.library.empty_hint(result.query)
            self.show_query_error(result.error or hint, hint=hint is not None)
            if result.error is None:
                self.result_changed(result)

    def _settle_search(self, query: str) -> None:
        """Leaving the search bar: show the query's result before the next key acts."""
        finished = self.searcher.settle(query)
        if finished is not None:
            self.on_search_finished(finished)

    @when_mounted
    def result_changed(self, result: SearchResult) -> None:
        """Show a new search result (the list keeps its cursor on the same paper)."""
        self.paper_list.in_similar_view = self.searcher.similar_to is not None
        self.paper_list.show_result(result)
        if self._cursor_to_top:  # a new order: start reading it from the top
            self._cursor_to_top = False
            self.paper_list.action_first()
        self.update_header()

    @when_mounted
    def show_query_error(self, message: str | None, *, hint: bool = False) -> None:
        """Show (or clear) the one-line query error under the search bar.

        With ``hint`` the line says why a query found nothing, in the muted colour.

        The line is mounted with the first error, not before the first paint (hidden
        until then, it was still composed, styled and laid out).
        """
        shown = self.query("#query-error")
        if shown:
            label = shown.first(Static)
        elif message is None:
            return
        else:
            label = Static(id="query-error", markup=False)
            self.mount(label, after=self.search_bar)
        label.update(Text(message or ""))
        label.set_class(hint, "-hint")
        label.display = message is not None

    @when_mounted
    def update_header(self) -> None:
        """Show the counts, the query, the sort and any work under way in the header."""
        busy = ""
        if not self.library.index_ready and len(self.library.papers) >= LARGE_LIBRARY:
            busy = self.library.index_status()
        busy = f"{busy}  {self.matcher.status}".strip()
        marked = len(self.paper_list.marked)
        if marked:
            busy = f"{marked:,} marked  {busy}".strip()
        self.query_one(LibraryHeader).show_counts(
            len(self.result),
            len(self.library.papers),
            self.result.query,
            busy=busy,
            sort=self.library.sort.value,
        )

    def action_focus_search(self) -> None:
        """Focus the search bar."""
        self.focus_now(self.search_bar)

    def action_cycle_sort(self) -> None:
        """Sort by the next mode."""
        self._cursor_to_top = True
        mode = self.searcher.cycle_sort()
        self.update_header()
        self.say(f"Sorted by {mode}")

    def set_sort(self, mode: SortMode) -> None:
        """Sort by ``mode`` (from the command palette)."""
        self.library.sort = mode
        self._cursor_to_top = True
        self.searcher.refresh()
        self.update_header()

    def action_save_view(self) -> None:
        """Name the current search and store it with the annotations."""
        query = self.search_bar.value.strip()
        if not query:
            self.say("Type a search first; ctrl+s then saves it as a view", severity="warning")
            return

        def named(name: str | None) -> None:
            if not name:
                return

            def saved(views: list[SavedView]) -> None:
                number = [view.name for view in views].index(name) + 1
                self.say(f"Saved view {name!r}{f' (key {number})' if number <= 9 else ''}")

            self.saver.submit(
                lambda: self.library.save_view(name, query),
                saved,
                self._view_not_saved,
                journal=lambda: [view_entry("save_view", name, query)],
            )

        from reader.ui.screens.views import ViewNameDialog

        taken = [view.name for view in self.library.views()]
        self.app.push_screen(ViewNameDialog(query, taken), named)

    def _view_not_saved(self, message: str) -> None:
        self.say(f"View not saved: {message}", severity="error", timeout=15)

    def _delete_view(self, name: str, done: Callable[[list[SavedView]], None]) -> None:
        self.saver.submit(
            lambda: self.library.delete_view(name),
            done,
            self._view_not_saved,
            journal=lambda: [view_entry("delete_view", name)],
        )

    def action_show_views(self) -> None:
        """List saved views with live counts."""
        from reader.ui.screens.views import ViewsScreen

        self.app.push_screen(ViewsScreen(self.library, self._delete_view), self.apply_query)

    def action_apply_view(self, number: int) -> None:
        """Jump to saved view ``number`` (1-9)."""
        views = self.library.views()
        if number > len(views):
            self.say(f"No view {number}: ctrl+s in the search bar saves one", severity="warning")
            return
        self.apply_query(views[number - 1].query)

    def action_similar(self) -> None:
        """List the papers most like the one under the cursor; Esc comes back."""
        paper = self.paper_list.current
        if paper is None:
            return
        self.searcher.show_similar(paper, self.library.position(paper))
        self.focus_now(self.paper_list)

    def on_list_requested(self, message: ListRequested) -> None:
        """Esc in the reading pane: the list gets focus, shown again if full-screen hid it."""
        if self.has_class("-zoom"):
            self.action_toggle_zoom()  # focuses the list
        else:
            self.focus_now(self.paper_list)

    def on_back_requested(self, message: BackRequested) -> None:
        back = self.searcher.back()
        if back is None:
            if self.searcher.query.strip():  # Esc with a kept filter: back to all papers
                self.apply_query("")
            return
        result, cursor = back
        self.result_changed(result)
        if cursor is not None:
            self.paper_list.go_to(cursor)

    def go_to_paper(self, index: int) -> None:
        """Move the cursor to paper ``index``, clearing the search if it hides it."""
        if not self.paper_list.go_to(index):
            self.apply_query("")
            self.paper_list.go_to(index)
        self.focus_now(self.paper_list)

    def apply_query(self, query: str | None) -> None:
        """Put ``query`` in the search bar and show its result (views, palette)."""
        if query is None:
            return
        with self.search_bar.prevent(Input.Changed):
            self.search_bar.value = query
        self._settle_search(query)
        self.focus_now(self.paper_list)

    def on_query_requested(self, message: QueryRequested) -> None:
        self.apply_query(message.query)

    def on_paper_requested(self, message: PaperRequested) -> None:
        self.go_to_paper(message.index)

    def on_sort_requested(self, message: SortRequested) -> None:
        self.set_sort(message.mode)

    async def on_action_requested(self, message: ActionRequested) -> None:
        await self.run_action(message.action)

    # Reading and annotations --------------------------------------------------------------

    def on_paper_opened(self, event: PaperOpened) -> None:
        if (
            self.settings.open_marks_reading
            and self.library.annotation(event.paper).status is Status.UNREAD
        ):
            self.annotator.mark(event.paper, Status.READING)

    def on_paper_selected(self, event: PaperSelected) -> None:
        shown, self._shown_at_mount = self._shown_at_mount, None
        if event.paper is not None and event.paper is shown:
            return  # the list's first selection: on_mount showed it already
        self._show_paper(event.paper)

    def _show_paper(self, paper: Paper | None) -> None:
        annotation = self.library.annotation(paper) if paper else None
        self.reading_pane.show(paper, annotation, self.result.terms)

    def on_marks_changed(self, event: MarksChanged) -> None:
        self.update_header()

    def on_matching_progress(self, message: MatchingProgress) -> None:
        self.matcher.progress_shown()  # before reading its status: none is lost
        self.update_header()

    def on_papers_matched(self, message: PapersMatched) -> None:
        self.annotations_changed(message.papers)  # redraw the list and the pane
        if self.searcher.query.strip() or self.library.sort is not SortMode.RELEVANCE:
            self.searcher.refresh()  # id:, au:, the date and upvotes sorts see the new fields

    def on_annotations_changed(self, message: AnnotationsChanged) -> None:
        self.annotations_changed(message.papers, reveal=message.reveal)

    @when_mounted
    def annotations_changed(self, papers: list[Paper], *, reveal: bool = False) -> None:
        """Redraw what shows annotations after a save, undo or another instance's write."""
        from reader.core.query import reads_annotations

        self.paper_list.refresh()
        if self.library.sort is SortMode.STATUS or reads_annotations(self.searcher.query):
            self.searcher.refresh()  # tag:/status: filters and the status sort follow edits
        current = self.current_paper
        if current is not None and (not papers or current in papers):
            self._show_paper(current)
            if reveal:
                self.reading_pane.reveal_annotation()
