"""How keys are written for people: ``j,down`` becomes ``j / ↓``."""

from __future__ import annotations


def format_keys(keys: str) -> str:
    """Turn ``j,down`` into ``j / ↓`` for display."""
    names = {
        "down": "↓",
        "up": "↑",
        "left": "←",
        "right": "→",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "escape": "Esc",
        "enter": "Enter",
        "space": "Space",
        "question_mark": "?",
        "slash": "/",
    }
    return " / ".join(names.get(key.strip(), key.strip()) for key in keys.split(","))
