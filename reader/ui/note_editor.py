"""Editing a note in the reader's own editor ($VISUAL / $EDITOR), with the terminal handed over."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported
from textual.notifications import SeverityLevel


@dataclass(frozen=True)
class EditorOutcome:
    """What an external edit gave: a note (None: unchanged or failed) and a line to say."""

    note: str | None = None
    message: str = ""
    severity: SeverityLevel = "information"
    use_builtin: bool = False
    """No editor is configured: the caller opens the built-in one."""


def edit_in_external_editor(app: App[Any], note: str) -> EditorOutcome:
    """Let $VISUAL or $EDITOR edit ``note`` in a temporary file; return what it wrote.

    The file ends with a newline (so ``echo more >> file`` starts a line of its own), and
    that one newline is taken off again when the note is read back.
    """
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        return EditorOutcome(
            message="No $VISUAL or $EDITOR set; using the built-in editor", use_builtin=True
        )
    with tempfile.TemporaryDirectory(prefix="reader-note-") as folder:
        path = Path(folder) / "note.md"
        path.write_text(note if note.endswith("\n") or not note else note + "\n", encoding="utf-8")
        try:
            returncode = _run_editor(app, command, path)
        except (OSError, ValueError) as error:
            return EditorOutcome(
                message=f"Could not start {command!r}: {error}; using the built-in editor",
                severity="warning",
                use_builtin=True,  # the note is what the user came for
            )
        if returncode != 0:
            return EditorOutcome(
                message=f"{command} exited with status {returncode}; note not changed",
                severity="warning",
            )
        written = path.read_text(encoding="utf-8", errors="replace")
    return EditorOutcome(note=written.removesuffix("\n") if not note.endswith("\n") else written)


def _run_editor(app: App[Any], command: str, path: Path) -> int:
    """Run the editor on ``path``; return its exit status.

    The program is found before the terminal is handed over: a failure inside the suspended
    app left the screen blank and the app waiting for good (a tester's VISUAL=nosuch).
    """
    argv = [*shlex.split(command), str(path)]
    program = shutil.which(argv[0]) if len(argv) > 1 else None
    if program is None:
        raise FileNotFoundError(f"no program {argv[0]!r} found" if len(argv) > 1 else "empty")
    argv[0] = program
    try:
        with app.suspend():
            outcome = _run(argv, quiet=False)
    except SuspendNotSupported:
        # Headless (tests) or a driver that cannot hand the terminal over.
        outcome = _run(argv, quiet=True)
    if isinstance(outcome, OSError):
        raise outcome
    return outcome


def _run(argv: list[str], *, quiet: bool) -> int | OSError:
    """Return the exit status, or the error (never raised inside the suspended app)."""
    try:
        if quiet:
            return subprocess.run(
                argv, check=False, stdin=subprocess.DEVNULL, capture_output=True
            ).returncode
        return subprocess.run(argv, check=False).returncode
    except OSError as error:
        return error
