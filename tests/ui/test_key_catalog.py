"""One catalog of bindings: every id remappable, conflicts reported, help shows the ids."""

from __future__ import annotations

from pathlib import Path

from reader.cli import make_app
from reader.core.config import config_path
from reader.ui.key_catalog import all_binding_ids, catalog, keymap_conflicts
from reader.ui.screens.export_dialog import ExportDialog
from reader.ui.screens.help import HelpScreen
from tests.ui.helpers import notifications, screen_text, settle


def test_every_binding_of_every_screen_is_in_the_catalog() -> None:
    ids = all_binding_ids()
    assert {"export.md", "export.cancel", "text.close", "help.close", "app.tags"} <= ids
    owners = {entry.owner for entry in catalog()}
    assert {"Export", "Text screens", "Anywhere", "Paper list"} <= owners


def test_a_key_given_to_two_actions_in_one_place_is_refused() -> None:
    problems = keymap_conflicts({"app.search": "t"})
    assert problems == {
        "app.search": "config: [keys] 'app.search' = 't': 't' already does 'app.tags' "
        "(anywhere); 'app.search' keeps its default"
    }
    assert keymap_conflicts({"app.search": "t", "app.tags": "T"}) == {}
    assert keymap_conflicts({"export.md": "b"})  # b is BibTeX in the export dialog


async def test_export_keys_remap_and_help_lists_ids(db_path: Path) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"export.md" = "k"\n"app.search" = "t"\n', encoding="utf-8")
    app = make_app(db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = notifications(app)
        assert "'app.search' keeps its default" in text and "export.md" not in text
        await pilot.press("t")  # still the tag editor: the conflicting remap was refused
        await pilot.pause()
        assert type(app.screen).__name__ == "TagsDialog"
        await pilot.press("escape", "x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause(0.3)
        shown = screen_text(app)
        assert "app.tags" in shown and "list.down" in shown
