"""ReaderApp: settings, themes, the keymap, the save queue, help and quit.

What the user browses and edits lives on ``MainScreen`` (``reader/ui/main_screen.py``),
which the app opens on; the logic lives in the core.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from reader.core import Library, Paper, SearchResult
from reader.core.config import Settings
from reader.core.state import load_state, not_shown_before, remember
from reader.ui import gc_pause
from reader.ui.key_forwarding import HoldsKeysUntilFocused, takes_typing
from reader.ui.keys import APP_BINDINGS, PAPER_ACTIONS
from reader.ui.main_screen import SHORT_BELOW, WIDE_FROM, MainScreen
from reader.ui.messages import AnnotationsChanged, Say
from reader.ui.saver import QUIT_GRACE, SaveQueue
from reader.ui.themes import APP_VARIABLES, DEFAULT_THEME, all_themes, start_themes
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from reader.ui.screens.fulltext import FullTextScreen

# The palette's commands, the key catalog (it imports every dialog for their bindings), help
# and the reading view load when first used: none of them is needed for the first paint.

WATCH_INTERVAL = 0.5
"""Seconds between checks for another instance's writes (a stat call each)."""
MOUNT_WAIT = 10.0
"""Seconds the app waits at start for the main screen's widgets (they take milliseconds)."""


class ReaderApp(HoldsKeysUntilFocused, App[None]):
    """Browse, search, read and annotate papers."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (WIDE_FROM, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [
        (0, "-short"),
        (SHORT_BELOW, "-tall"),
    ]

    _every_theme_read = True
    """False while only the start theme's file has been read (see start_themes)."""
    _theme_chosen = False
    """False while Textual's own __init__ runs: its theme (textual-dark) is replaced at once."""

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
        self.saver = SaveQueue(
            self,
            say=lambda text, severity, timeout: self.post_message(Say(text, severity, timeout)),
            journal_for=library.store.path,
            interrupt=library.store.give_up.set,
        )
        self.main_screen = MainScreen(
            library,
            self.settings,
            self.saver,
            say=self.say,
            run_worker=self.run_worker,
            call_from_thread=self.call_from_thread,
        )
        """The screen the app opens on: the list, the reading pane, the search bar."""
        self.keymap: dict[str, str] = {}
        """The user's [keys] remappings in effect (binding id -> keys)."""
        self.confirmations: list[str] = []
        """Every confirmation shown on the status line, oldest first."""
        self._last_failure: dict[str, str] = {}  # worker name -> the error last shown
        self._signal_handlers: list[tuple[asyncio.AbstractEventLoop, int]] = []
        start = start_themes(theme, load_state().get("theme_file"))
        self._problems += start.problems
        self._every_theme_read, self._theme_record = start.complete, start.remember
        themes = start.themes
        for loaded in themes:
            self.register_theme(loaded)
        self._reader_themes = [loaded.name for loaded in themes]
        self.theme = theme if self.has_theme(theme) else DEFAULT_THEME
        # Setting the theme makes Textual re-parse every stylesheet once the app runs.  None
        # is parsed yet: give the stylesheet this theme's variables now, so its first (lazy)
        # parse is already right and that re-parse can be skipped (see refresh_css).
        self._theme_chosen = True
        self.stylesheet.set_variables(self.get_css_variables())
        self._css_variables_current = True
        self._apply_keymap(self.settings.keys)

    # Themes: the chosen one is read at start, the others when first asked for ---------

    def _read_every_theme(self) -> None:
        """Register the shipped themes that start-up did not read (once)."""
        if self._every_theme_read:
            return
        self._every_theme_read = True
        themes, problems = all_themes()
        for loaded in themes:
            if loaded.name not in self._reader_themes:
                self.register_theme(loaded)
                self._reader_themes.append(loaded.name)
        for problem in problems:
            if self.is_running:
                self.say(problem, severity="warning", timeout=10)
            else:
                self.add_problem(problem)

    @property
    def reader_themes(self) -> list[str]:
        """Shipped and user themes (Textual's own are available too)."""
        self._read_every_theme()
        return list(self._reader_themes)

    @property
    def available_themes(self) -> dict[str, Theme]:
        """Every theme, Textual's and the app's (the theme picker lists these)."""
        self._read_every_theme()
        return super().available_themes

    def has_theme(self, name: str) -> bool:
        """Tell whether theme ``name`` exists (every theme is read only if it is not one read)."""
        return name in self._registered_themes or name in self.available_themes

    def get_theme(self, theme_name: str) -> Theme | None:
        if theme_name in self._registered_themes:  # the current theme: no need to read all
            return self._registered_themes[theme_name]
        return super().get_theme(theme_name)

    def _validate_theme(self, theme_name: str) -> str:
        if theme_name in self._registered_themes:
            return theme_name
        return super()._validate_theme(theme_name)

    def get_default_screen(self) -> Screen[Any]:
        return self.main_screen

    def add_problem(self, line: str) -> None:
        """Add a start-up problem (a config mistake) to show once the app is up."""
        self._problems.append(line)

    def _apply_keymap(self, keys: dict[str, str]) -> None:
        if not keys:  # nothing remapped: no need for the catalog of every binding
            return
        from reader.ui.key_catalog import all_binding_ids, keymap_conflicts

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
        self._css_variables_current = False  # a later theme needs Textual's re-parse
        if self.is_running:
            remember("theme", theme)

    def refresh_css(self, animate: bool = True) -> None:
        """Re-parse and re-apply the CSS, except for the theme set before the app ran.

        That one would parse the app's CSS twice before the first paint (the re-parse
        keeps no cache) for nothing: no widget is styled yet and the variables are set.
        """
        if self._css_variables_current and not self.screen_stack:
            self._css_variables_current = False
            return
        self._css_variables_current = False
        super().refresh_css(animate)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Help and quit keys act on the main screen only, and not while typing in an input."""
        if action in PAPER_ACTIONS:
            if self.screen is not self.screen_stack[0]:
                return False
            if takes_typing(self.focused):
                return False
        return True

    def get_css_variables(self) -> dict[str, str]:
        """Return the theme's CSS variables (none while Textual's __init__ asks for its own).

        Textual's __init__ builds the stylesheet with the variables of its own default
        theme (a whole colour system generated), which this app's __init__ replaces before
        anything is parsed: they were computed for nothing.
        """
        if not self._theme_chosen:
            return {}
        return super().get_css_variables()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Fallbacks for the app's own theme variables."""
        return dict(APP_VARIABLES)

    # What tests and the palette reach through the app ----------------------------------

    @property
    def paper_list(self) -> PaperList:
        """The paper list widget."""
        return self.main_screen.paper_list

    @property
    def reading_pane(self) -> ReadingPane:
        """The reading pane widget."""
        return self.main_screen.reading_pane

    @property
    def search_bar(self) -> SearchBar:
        """The search input."""
        return self.main_screen.search_bar

    @property
    def result(self) -> SearchResult:
        """What the list shows now."""
        return self.main_screen.result

    @property
    def current_paper(self) -> Paper | None:
        """The paper under the list cursor."""
        return self.main_screen.current_paper

    def go_to_paper(self, index: int) -> None:
        """Move the cursor to paper ``index``, clearing the search if it hides it."""
        self.main_screen.go_to_paper(index)

    def on_resize(self, event: events.Resize) -> None:
        # The new size: self.size is still the old one while this event is handled.
        self.main_screen.apply_split(event.size)

    async def on_mount(self) -> None:
        # After the first paint: installing the handlers costs 3.6 M instructions.
        self.call_after_refresh(self._quit_on_signals)
        # The main screen mounts in its own task: keys typed at once (a paste, a script) wait
        # until its list has focus, as they did when the app composed the widgets itself.
        with contextlib.suppress(TimeoutError):  # a screen that failed to mount: go on
            await asyncio.wait_for(self.main_screen.ready.wait(), MOUNT_WAIT)
        # A file's warning shows once, and again only when what it says changes.
        for problem in [*not_shown_before(self.library.warnings), *self._problems]:
            self.say(problem, severity="warning", timeout=10)
        # Background work starts after the first paint: a worker thread holds the GIL (the
        # index build, the title matcher's imports and requests) and would delay it.
        self.call_after_refresh(gc_pause.resume)  # make_app paused it for the start
        if not self.library.index_ready:
            self.call_after_refresh(self.build_index)
        self.call_after_refresh(self.main_screen.matcher.start)
        if self._theme_record is not None:
            self.call_after_refresh(self.remember_theme_file, self._theme_record)
        self.set_interval(WATCH_INTERVAL, self.watch_database, name="watch-database")

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

    # Background work: the index, another window's writes -------------------------------

    def remember_theme_file(self, record: dict[str, Any]) -> None:
        """Store the start theme's fields for the next start (see start_themes).

        Through the save queue: off the UI thread, and done before the app quits.
        """
        self.saver.submit(
            lambda: remember("theme_file", record),
            on_saved=lambda _: None,
            on_failed=lambda _: None,  # a convenience: the next start reads the file again
            journal=lambda: (),  # nothing the next start needs from the journal
        )

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def build_index(self) -> None:
        """Build the search index off the UI thread, showing progress in the header."""
        self.library.build_index()
        self.call_from_thread(self.main_screen.update_header)

    def watch_database(self) -> None:
        """Poll (a stat call) for writes by another instance; reload off the UI thread."""
        if self.library.store.changed_on_disk() and not self.saver.busy:
            self.reload_annotations()

    # The name is what a failure says: "Reading the database failed: ...: not valid JSON".
    @work(
        thread=True,
        exclusive=True,
        group="reload",
        exit_on_error=False,
        name="Reading the database",
    )
    def reload_annotations(self) -> None:
        """Re-read the database another instance changed, then redraw in place."""
        if self.library.store.refresh():
            self.main_screen.post_message(AnnotationsChanged([]))

    # Full text: its screen's messages come up to the app -------------------------------

    def on_full_text_screen_closed(self, message: FullTextScreen.Closed) -> None:
        self.main_screen.full_text.closed(message)

    def on_full_text_screen_highlight_requested(
        self, message: FullTextScreen.HighlightRequested
    ) -> None:
        self.main_screen.full_text.save_highlight(message)

    # Palette, help, quit ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """List palette commands: Textual's own, then every reader action and view."""
        from reader.ui.commands import reader_commands

        yield from super().get_system_commands(screen)
        yield from reader_commands(
            self, self.library, APP_BINDINGS, self.keymap, self.main_screen.post_message
        )

    def action_help(self) -> None:
        """Show every key."""
        from reader.ui.key_catalog import help_sections
        from reader.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(help_sections(), self.keymap))

    async def action_quit(self) -> None:
        """Quit once every pending save is on disk, or kept for the next start (at most ~3 s)."""
        await self.saver.drain(timeout=QUIT_GRACE)
        self.exit()

    def _quit_on_signals(self) -> None:
        """Quit as ``q`` does on SIGTERM and SIGHUP (a closed terminal, a kill, a logout).

        Their default ended the process at once: changes waiting for a busy database were
        lost, and the terminal was left in the app's screen mode.  Now the waiting changes
        go to the pending journal and the terminal is restored; the exit status is
        128 + the signal, as a shell expects.
        """
        import signal

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            # Not on the main thread, or no such signal: the default stays.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError, OSError):
                loop.add_signal_handler(signum, self.exit, None, 128 + signum)
                self._signal_handlers.append((loop, signum))

    def on_unmount(self) -> None:
        for loop, signum in self._signal_handlers:  # the defaults again once the app is gone
            with contextlib.suppress(RuntimeError, ValueError):
                loop.remove_signal_handler(signum)
        gc_pause.resume()  # if the app ends before its first paint
        self.saver.shutdown()
