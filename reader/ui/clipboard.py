"""Copy text to the user's clipboard, locally or across SSH."""

from __future__ import annotations

import os
from typing import Any

from textual.app import App

OSC52 = "your terminal (OSC 52)"


def over_ssh() -> bool:
    """Return True when running in an SSH session."""
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def copy_text(app: App[Any], text: str) -> str:
    """Copy ``text`` and return how it was copied, for the notification.

    Over SSH the system clipboard is the remote machine's, so the text goes to the
    user's own terminal with OSC 52.  Locally pyperclip is tried first; when it cannot
    (no display, no xclip/wl-copy), OSC 52 is the fallback.  Never raises.
    """
    if not over_ssh():
        try:
            import pyperclip

            pyperclip.copy(text)
        except Exception:  # pyperclip raises its own and OS errors; all mean "fall back"
            pass
        else:
            return "the system clipboard"
    app.copy_to_clipboard(text)
    return OSC52
