"""Copy text to the user's clipboard, locally or across SSH; tell whether a browser is near."""

from __future__ import annotations

import os
import sys
from typing import Any

from textual.app import App

OSC52 = "your terminal (OSC 52)"


def over_ssh() -> bool:
    """Return True when running in an SSH session."""
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def has_local_browser() -> bool:
    """Return True when a browser can open on the user's own screen (not over SSH)."""
    if over_ssh():
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    # $BROWSER is the user's own choice of opener (a script, a console browser): honour it
    # even without a graphical display.
    names = ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")
    return any(os.environ.get(name) for name in names)


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
