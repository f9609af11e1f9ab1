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
    (two restyles per key otherwise).  A rebuild that would draw the same keys as the
    last one is skipped: at start a focus change signals twice (at once and after the
    next refresh) with nothing new, and each rebuild remounts and restyles every key.
    """

    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None
    """What the keys were last built from (see ``_keys_shown``)."""

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
        shown = self._keys_shown() if self._bindings_ready and self.is_attached else None
        if shown is not None and shown == self._shown:
            return  # the same keys, states and tooltips: the built ones stay
        self._shown = shown
        await super().recompose()

    def _keys_shown(self) -> tuple[object, ...]:
        """Return everything ``compose`` reads to build the keys.

        Each shown binding (key, action, description, group...) with its enabled state,
        tooltip and key display, and the palette's key.
        """
        app = self.app
        bindings = self.screen.active_bindings
        palette = bindings.get(app.COMMAND_PALETTE_BINDING)
        return (
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            palette[1:] if palette else None,
            palette and app.get_key_display(palette[1]),
            tuple(
                (binding, enabled, tooltip, app.get_key_display(binding))
                for (_, binding, enabled, tooltip) in bindings.values()
                if binding.show
            ),
        )

    def compose(self) -> ComposeResult:
        for widget in super().compose():  # keys in a group are yielded one by one too
            # The palette's key is not bound to the footer's style; it keeps its own.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
