"""Act on keys typed in a burst in the order they were typed.

Keys often arrive together: a fast typist, a paste, an SSH link that batches keystrokes.
Textual hands each key to the widget focused when it arrives, through that widget's own
queue, so without care ``/tiny<Enter>`` could act on Enter before the input has taken
``tiny``, or hand ``slm`` of ``tslm`` to a dialog that has not focused its input yet.

reader's bindings are priority bindings, acted on in arrival order, and the app mixin
below closes the remaining gaps: it waits for a text input to take a key before handing
out the next one, and holds keys while a just-opened dialog has not focused its widget.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import App
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    _Base = App[None]
else:
    _Base = object

TEXT_AREA_MODULE = "textual.widgets._text_area"

_MAX_WAITS = 20
_INPUT_TIMEOUT = 0.25


class HoldsKeysUntilFocused(_Base):
    """App mixin: hold keys while a just-opened dialog has not focused its widget yet."""

    _held_keys: list[events.Key]
    _waits = 0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            held = self.__dict__.setdefault("_held_keys", [])
            if held or self._dialog_not_focused_yet():
                held.append(event)
                if len(held) == 1:
                    self._waits = 0
                    cast(App[None], self).call_after_refresh(self._release_keys)
                return
            await self._dispatch_key(event)
            return
        await super().on_event(event)

    def _dialog_not_focused_yet(self) -> bool:
        app = cast(App[None], self)
        screen = app.screen
        return app.focused is None and isinstance(screen, ModalScreen) and bool(screen.focus_chain)

    async def _dispatch_key(self, event: events.Key) -> None:
        """Hand the key out as Textual would; wait for a text input to take it."""
        target = cast(App[None], self).focused
        await super().on_event(event)
        if target is not None and takes_typing(target):
            await _processed(target)

    async def _release_keys(self) -> None:
        if self._dialog_not_focused_yet():
            self._waits += 1
            if self._waits < _MAX_WAITS:
                cast(App[None], self).call_after_refresh(self._release_keys)
                return
        while self._held_keys:
            await self._dispatch_key(self._held_keys.pop(0))


async def _processed(widget: Widget) -> None:
    """Wait until ``widget`` has handled the messages already queued for it."""
    done = asyncio.Event()
    if widget.call_later(done.set):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), _INPUT_TIMEOUT)


def takes_typing(widget: object) -> bool:
    """Whether ``widget`` takes typed text: an ``Input`` or a ``TextArea``.

    TextArea is checked only once its module is loaded (the note dialog loads it): before
    that no widget can be one, and importing it would cost the app's first paint.
    """
    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get(TEXT_AREA_MODULE)
    return text_area is not None and isinstance(widget, text_area.TextArea)
