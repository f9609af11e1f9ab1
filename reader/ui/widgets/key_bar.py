"""KeyBar: the key bar at the bottom of the screen, drawn as one line by one widget.

It shows what Textual's ``Footer`` showed (the screen's shown bindings, one key per action,
in order, with ``app.get_key_display``; disabled ones dim; the command palette's key at the
right end; the same theme variables and the same look), without one child widget per key:
the Footer composed, styled and laid out about twenty widgets before the first paint, and
again after each change of the bindings.  Here a change of the bindings only marks the keys
stale and asks for a repaint; the keys are read once when the line is drawn, so a burst of
changes costs one read and one line.

A click on a key does what pressing it does (a bell if it is disabled); the key under the
pointer is highlighted and its tooltip shown.  When the keys do not fit, the last ones are
left out whole (never cut in half); the palette's key stays.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

KEY = "footer-key--key"
DESCRIPTION = "footer-key--description"
ITEM = "key-bar--item"
HOVER = "key-bar--hover"
DISABLED = "key-bar--disabled"
SEPARATOR = "key-bar--separator"


class BarKey(NamedTuple):
    """One key as the bar shows it."""

    key: str
    """What a click presses (the binding's key)."""
    display: str
    """How the key is written (``app.get_key_display``)."""
    description: str
    enabled: bool
    tooltip: str
    """Shown when the pointer rests on the key; empty for none."""


class Placed(NamedTuple):
    """A key drawn on the line: the cells it covers, ``start`` to ``end`` (excluded)."""

    start: int
    end: int
    key: BarKey


class KeyBar(Widget, can_focus=False):
    """The screen's keys on one line; the command palette's key at the right end."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {KEY, DESCRIPTION, ITEM, HOVER, DISABLED, SEPARATOR}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--item {
            background: $footer-item-background;
        }
        .key-bar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .key-bar--disabled {
            text-style: dim;
        }
        .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    compact = reactive(False)
    """Less space around the keys (the palette's key is always drawn compact)."""
    show_command_palette = reactive(True)
    """Show the command palette's key at the right end."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        compact: bool = False,
        show_command_palette: bool = True,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(KeyBar.compact, compact)
        self.set_reactive(KeyBar.show_command_palette, show_command_palette)
        self._keys: tuple[tuple[BarKey, ...], BarKey | None] | None = None
        """The keys and the palette's key as last read; None: read them at the next draw."""
        self._placed: tuple[Placed, ...] = ()
        """Where the last drawn line put each key (for the pointer)."""
        self._hovered: BarKey | None = None

    # The keys ---------------------------------------------------------------------------

    @property
    def keys(self) -> tuple[BarKey, ...]:
        """The keys the bar offers now, in order, the palette's key excluded."""
        return self._read()[0]

    @property
    def palette_key(self) -> BarKey | None:
        """The command palette's key, if shown."""
        return self._read()[1]

    @property
    def shown(self) -> tuple[BarKey, ...]:
        """The keys on the line as last drawn, the palette's key last (if shown)."""
        return tuple(placed.key for placed in self._placed)

    def _read(self) -> tuple[tuple[BarKey, ...], BarKey | None]:
        if self._keys is None:
            self._keys = self._read_keys()
        return self._keys

    def _read_keys(self) -> tuple[tuple[BarKey, ...], BarKey | None]:
        """Read the keys from the screen's active bindings, as Textual's Footer does."""
        app = self.app
        active = self.screen.active_bindings
        keys: list[BarKey] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in actions:  # one key per action
                actions.add(binding.action)
                display = app.get_key_display(binding)
                keys.append(BarKey(binding.key, display, binding.description, enabled, tooltip))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = BarKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    binding.tooltip or binding.description,
                )
        return tuple(keys), palette

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        # While the app is in the background its focus is cleared: keep the keys it had.
        if screen.app.app_focus and screen is self.screen:
            self._keys = None
            self.refresh()  # folded with any other refresh before the next frame

    def _watch_show_command_palette(self) -> None:
        self._keys = None

    # Drawing ----------------------------------------------------------------------------

    def _style(self, key: BarKey, hovered: bool, *parts: str) -> RichStyle:
        names = (HOVER if hovered else ITEM, *((DISABLED,) if not key.enabled else ()), *parts)
        return self.get_visual_style(*names).rich_style

    def _key_segments(self, key: BarKey, compact: bool) -> list[Segment]:
        """Return the pieces of one key, as Textual's FooterKey drew them."""
        hovered = key == self._hovered
        key_style = self._style(key, hovered, KEY)
        if not key.description:
            return [Segment(key.display, key_style)]
        description_style = self._style(key, hovered, DESCRIPTION)
        if compact:
            return [
                Segment(key.display, key_style),
                Segment(f" {key.description}", description_style),
            ]
        return [
            Segment(f" {key.display} ", key_style),
            Segment(f"{key.description} ", description_style),
        ]

    def _palette_segments(self, key: BarKey) -> list[Segment]:
        hovered = key == self._hovered
        # A border's colour is blended over the bar's background, not the key's hover.
        line = self.get_visual_style(SEPARATOR).rich_style.color
        segments = [Segment("▏", RichStyle(color=line, bgcolor=self._style(key, hovered).bgcolor))]
        segments += self._key_segments(key, compact=True)
        if not self.compact:  # its padding, in its own background
            segments.append(Segment(" ", RichStyle(bgcolor=self._style(key, hovered).bgcolor)))
        return segments

    def render_line(self, y: int) -> Strip:
        if y:
            return Strip.blank(self.size.width)
        keys, palette = self._read()
        width = self.size.width
        compact = self.compact
        blank = RichStyle(bgcolor=self.get_visual_style().rich_style.bgcolor)
        margin = 1 if compact else 0
        palette_segments = self._palette_segments(palette) if palette is not None else []
        palette_width = Segment.get_line_length(palette_segments)
        room = width - palette_width - margin
        segments: list[Segment] = []
        placed: list[Placed] = []
        used = 0
        for key in keys:
            key_segments = self._key_segments(key, compact)
            key_width = Segment.get_line_length(key_segments)
            if used + key_width > room:
                break  # this key and the rest would not fit whole: leave them out
            if used and margin:
                segments.append(Segment(" " * margin, blank))
            placed.append(Placed(used, used + key_width, key))
            segments += key_segments
            used += key_width + margin
        if palette is not None:
            start = max(room, used)
            if start > used - margin:
                segments.append(Segment(" " * (start - used + margin), blank))
            segments += palette_segments
            placed.append(Placed(start, start + palette_width, palette))
            if margin:
                segments.append(Segment(" " * margin, blank))
        self._placed = tuple(placed)
        return Strip(segments).crop_extend(0, width, blank)

    # The pointer ------------------------------------------------------------------------

    def key_at(self, x: int) -> BarKey | None:
        """Return the key drawn at cell ``x`` of the line, if any."""
        for placed in self._placed:
            if placed.start <= x < placed.end:
                return placed.key
        return None

    def _hover(self, key: BarKey | None) -> None:
        if key == self._hovered:
            return
        self._hovered = key
        self.tooltip = (key.tooltip or None) if key is not None else None
        self.styles.pointer = "default" if key is None else "pointer"
        self.screen.update_pointer_shape()
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
