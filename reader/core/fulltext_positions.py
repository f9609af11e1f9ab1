"""Where the reader left each paper's full text, kept across launches.

``reading-positions.json`` in the data folder maps a paper id to the block at the top
of the reading view when it was left.  Small (the most recent ``LIMIT`` papers), written
atomically; each save re-reads the file and changes only its own paper, so two windows
keep each other's positions.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.core.atomic import atomic_write_bytes

FILE_NAME = "reading-positions.json"
LIMIT = 1000
"""Papers remembered; the least recently left are forgotten first."""


def _read(path: Path) -> dict[str, int]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):  # missing or damaged: positions are a convenience
        return {}
    entries = data.get("positions") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}
    return {
        str(key): value
        for key, value in entries.items()
        if isinstance(value, int) and not isinstance(value, bool) and value >= -1
    }


class ReadingPositions:
    """The positions file of a data folder (read on first use)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME
        self._positions: dict[str, int] | None = None

    def get(self, paper_id: str) -> int:
        """Return the block to reopen ``paper_id`` at (-1: the start)."""
        if self._positions is None:
            self._positions = _read(self.path)
        return self._positions.get(paper_id, -1)

    def remember(self, paper_id: str, block: int) -> bool:
        """Note where a paper was left (in memory); return True if that changed it."""
        if self.get(paper_id) == block and paper_id in (self._positions or {}):
            return False
        assert self._positions is not None
        self._positions[paper_id] = block  # (the order in memory is not used: save re-reads)
        return True

    def save(self, paper_id: str) -> None:
        """Write ``paper_id``'s position into the freshest file, atomically (raises OSError)."""
        block = self.get(paper_id)
        fresh = _read(self.path)
        fresh.pop(paper_id, None)
        fresh[paper_id] = block
        while len(fresh) > LIMIT:
            del fresh[next(iter(fresh))]
        data = {"version": 1, "positions": fresh}
        # indent=0 puts one paper a line for a person reading it; any indent reads back the same.
        atomic_write_bytes(self.path, json.dumps(data, indent=0).encode())  # pragma: no mutate
