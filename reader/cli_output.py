"""say: the command line's one way to write a line to the terminal.

File names and arguments come from the user's shell (a glob can pick up a hostile file
name) and are echoed in messages; every control character in what is written is shown
as an escape (ESC as 4 characters), so none reaches the terminal.  Paper text is already clean (its
control characters are stripped when the papers are built); exports to stdout are data
and are written as they are, not through here.
"""

from __future__ import annotations

import sys
from typing import TextIO

from reader.core.text import visible_controls


def say(*values: object, file: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """``print`` with each value's control characters made visible (tab and newline kept)."""
    print(
        *(visible_controls(str(value)) for value in values),
        file=file if file is not None else sys.stdout,
        end=end,
        flush=flush,
    )
