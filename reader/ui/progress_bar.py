"""The command line's progress bar (rich): a bar, done/total, rate and time left.

It lives under reader/ui with the rest of the terminal rendering, so the CLI and the core
stay free of textual and rich.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(label: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """Show a transient bar on stderr; yield ``update(done, total)``."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TaskProgressColumn())
    started = time.monotonic()
    console = Console(stderr=True)  # stdout carries the results (and may be a pipe)
    with Progress(
        *columns,
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        transient=True,
        console=console,
        disable=not console.is_terminal,  # a log or a pipe gets no bar (nor its blank line)
    ) as bar:
        task = bar.add_task(label, total=None, rate="")

        def update(done: int, total: int) -> None:
            speed = done / max(1e-6, time.monotonic() - started)
            bar.update(task, completed=done, total=total, rate=f"{speed:,.0f} {unit}/s")

        yield update
