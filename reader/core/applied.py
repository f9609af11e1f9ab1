"""Applied: what one Change did to the stored annotation, and the Change that undoes it.

Its own module (re-exported by changes.py) so that a start that writes nothing does not
build the dataclass: ``AnnotationStore.apply_delta`` imports it at the first write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.core.changes import Change, set_delta, tag_key
from reader.core.models import Annotation, Highlight


@dataclass(frozen=True, slots=True)
class Applied:
    """What one Change did to the stored annotation, read under the lock."""

    change: Change
    before: Annotation
    after: Annotation
    conflict: bool = False
    """True when a note was changed elsewhere too and a conflict copy was appended."""

    @property
    def changed(self) -> bool:
        """True if the stored annotation differs (timestamps aside)."""
        return (
            self.before.status,
            self.before.tags,
            self.before.note,
            self.before.highlights,
        ) != (self.after.status, self.after.tags, self.after.note, self.after.highlights)

    def inverse(self) -> Change:
        """Return the delta that takes back exactly this change and nothing else.

        Tags this change added are removed and tags it removed come back; the status and the
        note go back only while they are still what this change made them, so a later change
        from another window survives an undo.
        """
        put_back, take_back = set_delta(self.after.tags, self.before.tags, tag_key)
        status_changed = self.before.status != self.after.status
        note_changed = self.before.note != self.after.note
        return Change(
            self.after.paper_id,
            self.change.title,
            self.change.title_key,
            status=self.before.status if status_changed else None,
            status_base=self.after.status if status_changed else None,
            add_tags=put_back,
            remove_tags=take_back,
            note=self.before.note if note_changed else None,
            note_base=self.after.note if note_changed else None,
            **_highlights_inverse(self.before.highlights, self.after.highlights),
        )


def _highlights_inverse(
    before: tuple[Highlight, ...], after: tuple[Highlight, ...]
) -> dict[str, Any]:
    """Highlights a change added are removed by id; those it removed come back."""
    before_ids = {item.id for item in before}
    after_ids = {item.id for item in after}
    return {
        "add_highlights": tuple(item for item in before if item.id not in after_ids),
        "remove_highlights": tuple(item.id for item in after if item.id not in before_ids),
    }
