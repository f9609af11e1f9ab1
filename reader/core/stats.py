"""Reading statistics: papers by status, tags in use, papers read recently."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from reader.core.models import Status
from reader.core.text import plural

if TYPE_CHECKING:
    from reader.core.library import Library


@dataclass(frozen=True, slots=True)
class ReadingStats:
    """Counts over the open papers and their annotations."""

    papers: int
    by_status: dict[Status, int]
    tags: list[tuple[str, int]]
    read_last_7_days: int
    read_last_30_days: int

    def lines(self) -> list[str]:
        """Return the report as plain lines."""
        lines = [plural(self.papers, "paper")]
        lines += [
            f"  {status.mark} {status.value:<8} {self.by_status[status]:>7,}" for status in Status
        ]
        lines.append(
            f"Read in the last 7 days: {self.read_last_7_days:,}; "
            f"last 30 days: {self.read_last_30_days:,}"
        )
        if self.tags:
            lines.append("Tags:")
            lines += [f"  #{tag:<24} {count:>6,}" for tag, count in self.tags]
        else:
            lines.append("No tags yet.")
        return lines


def reading_stats(library: Library, now: datetime | None = None) -> ReadingStats:
    """Compute the statistics of ``library`` (annotations of papers not open are left out)."""
    now = now or datetime.now(UTC)
    by_status = Counter({status: 0 for status in Status})
    tags: Counter[str] = Counter()
    recent_7 = recent_30 = 0
    for paper in library.papers:
        annotation = library.annotation(paper)
        by_status[annotation.status] += 1
        tags.update(annotation.tags)
        if annotation.status is Status.READ and annotation.status_changed:
            try:
                when = datetime.fromisoformat(annotation.status_changed)
            except ValueError:
                continue
            age = now - when
            recent_7 += age <= timedelta(days=7)
            recent_30 += age <= timedelta(days=30)
    return ReadingStats(
        len(library.papers), dict(by_status), tags.most_common(), recent_7, recent_30
    )
