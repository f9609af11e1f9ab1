"""ReaderApp: wires the widgets to the core Library; the logic lives in the core."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Container
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, TextArea
from textual.worker import Worker, WorkerState

from reader.core import Library, Paper, SearchResult
from reader.core.annotations import SavedView, next_status, set_delta, tag_key
from reader.core.config import Settings
from reader.core.models import SortMode, Status
from reader.core.query import reads_annotations
from reader.core.state import load_state, not_shown_before, remember
from reader.core.text import plural
from reader.ui import copy_open_export as sharing
from reader.ui.annotator import Annotator
from reader.ui.commands import reader_commands
from reader.ui.fulltext_opener import FullTextOpener
from reader.ui.guards import when_mounted
from reader.ui.key_catalog import all_binding_ids, help_sections, keymap_conflicts
from reader.ui.key_forwarding import HoldsKeysUntilFocused
from reader.ui.keys import APP_BINDINGS, PAPER_ACTIONS
from reader.ui.messages import (
    ActionRequested,
    AnnotationsChanged,
    BackRequested,
    MarksChanged,
    PaperOpened,
    PaperRequested,
    PaperSelected,
    QueryRequested,
    Say,
    SearchFinished,
    SortRequested,
)
from reader.ui.note_editor import edit_in_external_editor
from reader.ui.saver import SaveQueue
from reader.ui.screens.dialogs import NoteDialog, TagsDialog
from reader.ui.screens.export_dialog import ExportDialog
from reader.ui.screens.fulltext import FullTextScreen
from reader.ui.screens.help import HelpScreen, TextScreen
from reader.ui.screens.views import ViewNameDialog, ViewsScreen
from reader.ui.searcher import INDEX_POLL, Searcher
from reader.ui.themes import APP_VARIABLES, DEFAULT_THEME, all_themes
from reader.ui.title_matcher import MatchingProgress, PapersMatched, TitleMatcher
from reader.ui.widgets.library_header import LibraryHeader
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.status_line import StatusLine

LARGE_LIBRARY = 5000
"""From this many papers the header shows the index build's progress."""
WATCH_INTERVAL = 0.5
"""Seconds between checks for another instance's writes (a stat call each)."""


WIDE_FROM = 150
"""Terminal width (cells) from which list and pane sit side by side; narrower, the list
spans the width (a 70-character title shows whole at 120 columns) above the pane."""
SPLIT_RANGE = (20, 80)
"""The list's share of the body, in percent, that < and > move between."""


class ReaderApp(HoldsKeysUntilFocused, App[None]):
    """Browse, search, read and annotate papers."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (WIDE_FROM, "-wide"),
    ]

    BINDINGS = APP_BINDINGS

    def __init__(
        self,
        library: Library,
        *,
        theme: str = DEFAULT_THEME,
        settings: Settings | None = None,
        problems: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or Settings()
        self._problems = list(problems)
        library.sort = self.settings.default_sort
        library.status_cycle = self.settings.status_cycle
        self.saver = SaveQueue(self)
        self.annotator = Annotator(library, self.saver, self.post_message)
        self.searcher = Searcher(library, self.run_worker, self.post_message)
        self.full_text = FullTextOpener(
            library,
            self.annotator,
            library.store.path.parent,
            run_worker=self.run_worker,
            push_screen=self.push_screen,
            call_from_thread=self.call_from_thread,
            post=self.post_message,
        )
        self.matcher = TitleMatcher(
            library,
            library.store.path.parent,
            enabled=self.settings.resolve,
            run_worker=self.run_worker,
            post=self.post_message,
        )
        self.keymap: dict[str, str] = {}
        """The user's [keys] remappings in effect (binding id -> keys)."""
        self._index_timer: Timer | None = None
        self._cursor_to_top = False
        remembered_split = load_state().get("split")
        self.split = remembered_split if isinstance(remembered_split, int) else 45
        """The list's share of the body in percent (< and >; remembered in state.json)."""
        self.confirmations: list[str] = []
        """Every confirmation shown on the status line, oldest first."""
        """Set by a sort change: the next result puts the cursor on the first paper."""
        self._last_failure: dict[str, str] = {}  # worker name -> the error last shown
        themes, theme_problems = all_themes()
        self._problems += theme_problems
        for loaded in themes:
            self.register_theme(loaded)
        self.reader_themes = [loaded.name for loaded in themes]
        """Shipped and user themes (Textual's own are available too)."""
        self.theme = theme if theme in self.available_themes else DEFAULT_THEME
        self._apply_keymap(self.settings.keys)

    def add_problem(self, line: str) -> None:
        """Add a start-up problem (a config mistake) to show once the app is up."""
        self._problems.append(line)

    def _apply_keymap(self, keys: dict[str, str]) -> None:
        known = all_binding_ids()
        for binding_id in sorted(set(keys) - known):
            self._problems.append(
                f"config: [keys] {binding_id!r} is not a key binding id (see ? for them); ignored"
            )
        wanted = {k: v for k, v in keys.items() if k in known}
        conflicts = keymap_conflicts(wanted)
        self._problems += conflicts.values()
        self.keymap = {k: v for k, v in wanted.items() if k not in conflicts}
        self.set_keymap(self.keymap)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen (palette or --theme) for the next start."""
        if self.is_running:
            remember("theme", theme)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Let letter keys type text in inputs and dialogs instead of acting on papers."""
        if action == "zoom_step" and not self.screen.has_class("-zoom"):
            return False  # j/k move the list's cursor or scroll the pane as usual
        if action in PAPER_ACTIONS:
            if self.screen is not self.screen_stack[0]:
                return False
            if isinstance(self.focused, (Input, TextArea)):
                return False
        return True

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Fallbacks for the app's own theme variables."""
        return dict(APP_VARIABLES)

    def compose(self) -> ComposeResult:
        yield LibraryHeader(self.library.label, id="header")
        yield SearchBar(id="search", on_leave=self._settle_search)
        yield Static(id="query-error", markup=False)
        with Container(id="body"):
            yield PaperList(self.library, id="papers")
            yield ReadingPane(id="reading")
        yield StatusLine(id="status-line")
        yield Footer()

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

    def on_resize(self) -> None:
        self._apply_split()

    def _apply_split(self) -> None:
        """Give the list ``split`` percent of the body.

        Of its width when list and pane sit side by side, else of its height.
        """
        split = min(max(self.split, SPLIT_RANGE[0]), SPLIT_RANGE[1])
        styles = self.paper_list.styles
        if self.size.width >= WIDE_FROM:
            styles.width, styles.height = f"{split}%", "1fr"
        else:
            styles.width, styles.height = "100%", f"{split}%"

    def action_resize_split(self, step: int) -> None:
        """Move the list/pane split by ``step`` percent, and remember it."""
        self.split = min(max(self.split + step, SPLIT_RANGE[0]), SPLIT_RANGE[1])
        self._apply_split()
        remember("split", self.split)

    def action_toggle_zoom(self) -> None:
        """Show the reading pane full-screen (or back to list and pane)."""
        zoomed = not self.screen.has_class("-zoom")
        self.screen.set_class(zoomed, "-zoom")
        self.focus_now(self.reading_pane if zoomed else self.paper_list)
        self.refresh_bindings()

    def action_zoom_step(self, step: int) -> None:
        """In the full-screen reading view, show the next (or previous) paper."""
        if step > 0:
            self.paper_list.action_cursor_down()
        else:
            self.paper_list.action_cursor_up()
        self.reading_pane.scroll_home(animate=False)

    def on_mount(self) -> None:
        self._apply_split()
        self.focus_now(self.paper_list)
        self._update_header()
        # A file's warning shows once, and again only when what it says changes.
        for problem in [*not_shown_before(self.library.warnings), *self._problems]:
            self.say(problem, severity="warning", timeout=10)
        self.show_query_error(None)
        if self.library.sort is not SortMode.RELEVANCE:  # config.toml's default_sort
            self._cursor_to_top = True
            self.searcher.refresh()
        if not self.library.index_ready:
            # After the first paint: building holds the GIL and would delay it.
            self.call_after_refresh(self.build_index)
            self._index_timer = self.set_interval(INDEX_POLL, self._poll_index)
        self.set_interval(WATCH_INTERVAL, self.watch_database, name="watch-database")
        self.call_after_refresh(self.matcher.start)  # network after the first paint

    def say(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float = 4
    ) -> None:
        """Tell the user ``message`` (plain text, never markup: it may quote paper text).

        Confirmations go to the status line, which never covers the reading text;
        warnings and errors, which need reading, are notifications.
        """
        status = self.screen_stack[0].query(StatusLine) if self.screen_stack else None
        if severity == "information" and status:
            self.confirmations.append(message)
            status.first().show(message, timeout)
            return
        self.notify(message, severity=severity, timeout=timeout, markup=False)

    def on_say(self, message: Say) -> None:
        self.say(message.text, severity=message.severity, timeout=message.timeout)

    # Search ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def build_index(self) -> None:
        """Build the search index off the UI thread, showing progress in the header."""
        self.library.build_index()
        self.call_from_thread(self._update_header)

    def _poll_index(self) -> None:
        self._update_header()
        if self.library.index_ready and self._index_timer is not None:
            self._index_timer.stop()
            self._index_timer = None
            self.searcher.index_ready()

    @property
    def result(self) -> SearchResult:
        """What the list shows now."""
        return self.searcher.result

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.search_bar:
            self.searcher.request(event.value)

    def on_search_finished(self, finished: SearchFinished) -> None:
        if self.searcher.accept(finished):
            self.show_query_error(finished.result.error)
            if finished.result.error is None:
                self.result_changed(finished.result)

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
        self._update_header()

    @when_mounted
    def show_query_error(self, message: str | None) -> None:
        """Show (or clear) the one-line query error under the search bar."""
        label = self.query_one("#query-error", Static)
        label.update(Text(message or ""))
        label.display = message is not None

    @when_mounted
    def _update_header(self) -> None:
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

    def on_matching_progress(self, message: MatchingProgress) -> None:
        self._update_header()

    def on_papers_matched(self, message: PapersMatched) -> None:
        self.annotations_changed(message.papers)  # redraw the list and the pane
        if self.searcher.query.strip() or self.library.sort is not SortMode.RELEVANCE:
            self.searcher.refresh()  # id:, au:, the date and upvotes sorts see the new fields

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Turn a failed background job into a message: the one place that does."""
        name = event.worker.name
        if event.state is WorkerState.SUCCESS:
            self._last_failure.pop(name, None)
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            message = f"{name} failed: {event.worker.error}"
            if self._last_failure.get(name) != message:  # a poller repeats: say it once
                self._last_failure[name] = message
                self.say(message, severity="error", timeout=10)

    def focus_now(self, widget: Widget) -> None:
        """Move focus at once, so keys already queued (fast typing, paste) follow it."""
        self.screen.set_focus(widget)

    def action_focus_search(self) -> None:
        """Focus the search bar."""
        self.focus_now(self.search_bar)

    def action_cycle_sort(self) -> None:
        """Sort by the next mode."""
        self._cursor_to_top = True
        mode = self.searcher.cycle_sort()
        self._update_header()
        self.say(f"Sorted by {mode}")

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
                lambda: self.library.save_view(name, query), saved, self._view_not_saved
            )

        taken = [view.name for view in self.library.views()]
        self.push_screen(ViewNameDialog(query, taken), named)

    def _view_not_saved(self, message: str) -> None:
        self.say(f"View not saved: {message}", severity="error", timeout=15)

    def _delete_view(self, name: str, done: Callable[[list[SavedView]], None]) -> None:
        self.saver.submit(lambda: self.library.delete_view(name), done, self._view_not_saved)

    def action_show_views(self) -> None:
        """List saved views with live counts."""
        self.push_screen(ViewsScreen(self.library, self._delete_view), self.apply_query)

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

    def set_sort(self, mode: SortMode) -> None:
        """Sort by ``mode`` (from the command palette)."""
        self.library.sort = mode
        self._cursor_to_top = True
        self.searcher.refresh()
        self._update_header()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """List palette commands: Textual's own, then every reader action and view."""
        yield from super().get_system_commands(screen)
        yield from reader_commands(
            self, self.library, self.BINDINGS, self.keymap, self.post_message
        )

    def on_query_requested(self, message: QueryRequested) -> None:
        self.apply_query(message.query)

    def on_paper_requested(self, message: PaperRequested) -> None:
        self.go_to_paper(message.index)

    def on_sort_requested(self, message: SortRequested) -> None:
        self.set_sort(message.mode)

    async def on_action_requested(self, message: ActionRequested) -> None:
        await self.run_action(message.action)

    def apply_query(self, query: str | None) -> None:
        """Put ``query`` in the search bar and show its result (views, palette)."""
        if query is None:
            return
        with self.search_bar.prevent(Input.Changed):
            self.search_bar.value = query
        self._settle_search(query)
        self.focus_now(self.paper_list)

    # Reading ----------------------------------------------------------------------------

    def on_paper_opened(self, event: PaperOpened) -> None:
        if (
            self.settings.open_marks_reading
            and self.library.annotation(event.paper).status is Status.UNREAD
        ):
            self.annotator.mark(event.paper, Status.READING)

    def on_paper_selected(self, event: PaperSelected) -> None:
        self._show_paper(event.paper)

    def _show_paper(self, paper: Paper | None) -> None:
        annotation = self.library.annotation(paper) if paper else None
        self.reading_pane.show(paper, annotation, self.result.terms)

    @property
    def current_paper(self) -> Paper | None:
        """The paper under the list cursor."""
        return self.paper_list.current

    def action_full_text(self) -> None:
        """Open the paper's full text in the reading view."""
        if paper := self._paper_or_bell():
            self.full_text.open(paper)

    def action_attach_full_text(self) -> None:
        """Attach a local PDF or arXiv HTML file as the paper's full text ("Attach PDF…")."""
        if paper := self._paper_or_bell():
            self.full_text.ask_attach(paper)

    def on_full_text_screen_closed(self, message: FullTextScreen.Closed) -> None:
        self.full_text.closed(message)

    def on_full_text_screen_highlight_requested(
        self, message: FullTextScreen.HighlightRequested
    ) -> None:
        self.full_text.save_highlight(message)

    # Annotating -------------------------------------------------------------------------

    def on_annotations_changed(self, message: AnnotationsChanged) -> None:
        self.annotations_changed(message.papers, reveal=message.reveal)

    @when_mounted
    def annotations_changed(self, papers: list[Paper], *, reveal: bool = False) -> None:
        """Redraw what shows annotations after a save, undo or another instance's write."""
        self.paper_list.refresh()
        if self.library.sort is SortMode.STATUS or reads_annotations(self.searcher.query):
            self.searcher.refresh()  # tag:/status: filters and the status sort follow edits
        current = self.current_paper
        if current is not None and (not papers or current in papers):
            self._show_paper(current)
            if reveal:
                self.reading_pane.reveal_annotation()

    def _paper_or_bell(self) -> Paper | None:
        paper = self.current_paper
        if paper is None:
            self.bell()
        return paper

    def action_cycle_status(self) -> None:
        """Move the status one step along the cycle (marked papers: all to the same)."""
        if marked := self.paper_list.marked_papers():
            after = next_status(
                self.library.annotation(marked[0]).status, self.library.status_cycle
            )
            self.annotator.bulk_status(marked, after)
        elif paper := self._paper_or_bell():
            self.annotator.cycle_status(paper)

    def action_mark_read(self) -> None:
        """Mark the paper (or every marked paper) read."""
        if marked := self.paper_list.marked_papers():
            self.annotator.bulk_status(marked, Status.READ)
        elif paper := self._paper_or_bell():
            self.annotator.mark(paper, Status.READ)

    def action_edit_tags(self) -> None:
        """Edit the paper's tags (or the tags all marked papers share)."""
        known = [tag for tag, _ in self.library.tag_counts().most_common()]
        if marked := self.paper_list.marked_papers():
            tag_sets = [self.library.annotation(paper).tags for paper in marked]
            folded = [{tag_key(tag) for tag in tags} for tags in tag_sets]
            common = tuple(tag for tag in tag_sets[0] if all(tag_key(tag) in f for f in folded))

            def edited_all(tags: tuple[str, ...] | None) -> None:
                if tags is None:
                    return
                added, removed = set_delta(common, tags, tag_key)
                if added or removed:
                    self.annotator.change_tags_of_all(marked, added, removed)

            title = f"{plural(len(marked), 'marked paper')} (tags they all have)"
            self.push_screen(TagsDialog(title, common, known), edited_all)
        elif paper := self._paper_or_bell():
            opened_with = self.library.annotation(paper).tags

            def edited(tags: tuple[str, ...] | None) -> None:
                if tags is not None and tags != opened_with:
                    self.annotator.set_tags(paper, tags, opened_with)

            self.push_screen(TagsDialog(paper.title, opened_with, known), edited)

    def on_marks_changed(self, event: MarksChanged) -> None:
        self._update_header()

    def action_export(self) -> None:
        """Export what the list shows (or the marked papers) to a file."""
        marked = self.paper_list.marked_papers()
        papers = marked or [self.library.papers[i] for i in self.result.indices]
        if not papers:
            self.say("Nothing to export: the list is empty", severity="warning")
            return
        query = self.result.query

        def chosen(fmt: str | None) -> None:
            if fmt:
                sharing.export_to_file(
                    self.library,
                    self.saver,
                    self.post_message,
                    papers,
                    fmt,
                    query,
                    self.settings.export_folder(),
                )

        self.push_screen(ExportDialog(len(papers), "marked" if marked else "listed"), chosen)

    def action_show_stats(self) -> None:
        """Show reading statistics."""
        from reader.core.stats import reading_stats

        self.push_screen(TextScreen("Statistics", reading_stats(self.library).lines()))

    def action_edit_note(self) -> None:
        """Open the note editor for the paper."""
        if paper := self._paper_or_bell():
            self._edit_note(paper)

    def _edit_note(self, paper: Paper) -> None:
        opened_with = self.library.annotation(paper).note

        def edited(note: str | None) -> None:
            if note is not None and note != opened_with:
                self.annotator.set_note(paper, note, opened_with)

        self.push_screen(NoteDialog(paper.title, opened_with), edited)

    def action_edit_note_in_editor(self) -> None:
        """Edit the note in $VISUAL / $EDITOR (the built-in editor if neither is set)."""
        paper = self._paper_or_bell()
        if paper is None:
            return
        opened_with = self.library.annotation(paper).note
        outcome = edit_in_external_editor(self, opened_with)
        if outcome.message:
            self.say(outcome.message, severity=outcome.severity)
        if outcome.use_builtin:
            self._edit_note(paper)
        elif outcome.note is not None and outcome.note != opened_with:
            self.annotator.set_note(paper, outcome.note, opened_with)

    def action_undo(self) -> None:
        """Undo the last annotation change."""
        self.annotator.undo()

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.annotator.redo()

    def watch_database(self) -> None:
        """Poll (a stat call) for writes by another instance; reload off the UI thread."""
        if self.library.store.changed_on_disk() and not self.saver.busy:
            self.reload_annotations()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload_annotations(self) -> None:
        """Re-read the database another instance changed, then redraw in place."""
        if self.library.store.refresh():
            self.post_message(AnnotationsChanged([]))

    # Clipboard, help, quit ----------------------------------------------------------------

    def action_copy_reference(self) -> None:
        """Copy "Title - link or id" (one line per marked paper when some are marked)."""
        papers = self.paper_list.marked_papers()
        if not papers and (paper := self._paper_or_bell()):
            papers = [paper]
        if papers:
            self.say(sharing.copy_references(self, papers))

    def action_open_link(self) -> None:
        """Open the abstract page locally; over SSH, copy the link instead."""
        if paper := self._paper_or_bell():
            message, ok = sharing.open_link(self, paper)
            self.say(message, severity="information" if ok else "warning")

    def action_copy_abstract(self) -> None:
        """Copy the abstract."""
        if paper := self._paper_or_bell():
            message, ok = sharing.copy_abstract(self, paper)
            self.say(message, severity="information" if ok else "warning")

    def action_help(self) -> None:
        """Show every key."""
        self.push_screen(HelpScreen(help_sections(), self.keymap))

    async def action_quit(self) -> None:
        """Quit once every pending save is on disk."""
        await self.saver.drain()
        self.exit()

    def on_unmount(self) -> None:
        self.saver.shutdown()
