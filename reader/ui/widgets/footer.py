"""ReaderFooter: Textual's footer, composed once per change of the bindings, not per signal."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class ReaderFooter(Footer):
    """The key bar, as Textual draws it, with less work at start-up and on focus changes.

    Textual's footer rebuilds all its keys after every "bindings changed" signal; at start
    several arrive together (focus, the first result, marks), so it rebuilt them several
    times before the first paint.  Here signals that arrive before the rebuild are folded
    into one (it reads the bindings when it runs, so it shows the latest).  Each new key
    bound to the footer's compact style starts in it instead of switching to it at mount
    (two restyles per key otherwise).
    """

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._rebuild_pending:
            self._bindings_ready = True
            return
        self._rebuild_pending = True
        super().bindings_changed(screen)
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            self._rebuild_pending = False  # Textual scheduled nothing

    async def recompose(self) -> None:
        self._rebuild_pending = False
        await super().recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():  # keys in a group are yielded one by one too
            # The palette's key is not bound to the footer's style; it keeps its own.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
