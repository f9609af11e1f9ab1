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
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import App
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    _Base = App[None]
else:
    _Base = object

_MAX_WAITS = 20
_INPUT_TIMEOUT = 0.25


class HoldsKeysUntilFocused(_Base):
    """App mixin: hold keys while a just-opened dialog has not focused its widget yet."""

    _held_keys: list[events.Key]
    _waits = 0

    async def on_event(self, event: events.Event) -> None:
        app = cast(App[None], self)
        if isinstance(event, events.Key) and not event.is_forwarded:
            held = self.__dict__.setdefault("_held_keys", [])
            waiting = app.focused is None and isinstance(app.screen, ModalScreen)
            if held or waiting:
                held.append(event)
                if len(held) == 1:
                    self._waits = 0
                    app.call_after_refresh(self._release_keys)
                return
            target = app.focused
            await super().on_event(event)
            if isinstance(target, (Input, TextArea)):
                await _processed(target)
            return
        await super().on_event(event)

    async def _release_keys(self) -> None:
        app = cast(App[None], self)
        if app.focused is None and isinstance(app.screen, ModalScreen):
            self._waits += 1
            if self._waits < _MAX_WAITS:
                app.call_after_refresh(self._release_keys)
                return
        held, self._held_keys = self._held_keys, []
        for event in held:
            await self.on_event(event)


async def _processed(widget: Input | TextArea) -> None:
    """Wait until ``widget`` has handled the messages already queued for it."""
    done = asyncio.Event()
    if widget.call_later(done.set):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), _INPUT_TIMEOUT)
