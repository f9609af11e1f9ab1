"""What the app loads on its way to the first paint (issue 11: start-up stays light)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("numpy", "tantivy", "rapidfuzz", "urllib.request", "http.client", "pypdf", "selectolax")

DEFERRED = (
    # Dialogs and screens load when first opened; the key catalog (help, [keys]) imports
    # every one of them for their bindings, so it waits too.
    "reader.ui.key_catalog",
    "reader.ui.commands",
    "reader.ui.screens.help",
    "reader.ui.screens.dialogs",
    "reader.ui.screens.views",
    "reader.ui.screens.export_dialog",
    "reader.ui.screens.attach_dialog",
    "reader.ui.screens.fulltext",
    "reader.ui.screens.document_view",
    "reader.ui.note_editor",
    "reader.ui.copy_open_export",
    "reader.ui.clipboard",
    "pyperclip",
    # The note editor's TextArea (with its document and syntax-theme modules).
    "textual.widgets._text_area",
    # Full text: parsers, cache, download code.
    "reader.core.fulltext",
    "reader.core.fulltext_cache",
    "reader.core.fulltext_text",
    "reader.core.fulltext_positions",
    "reader.core.export",
    "reader.core.stats",
    # arXiv matching (title lookups over the network) runs in a worker after the paint;
    # the library asks for it only when resolved.json exists.  HF daily JSON is parsed
    # only by the files that hold it and by `reader fetch`.
    "reader.core.resolve",
    "reader.core.fulltext_net",
    "reader.core.urls",
    "reader.core.formats.hf_daily",
    "reader.core.formats.json_lines",
    # Edits: the annotator and its undo history are built at the first edit (the save
    # queue they hand changes to exists from the start); the full-text opener at its key.
    "reader.ui.annotator",
    "reader.core.history",
    "reader.ui.fulltext_opener",
    # The command line's parser: make_app (the app's path) needs none.
    "argparse",
    # The database lock: a start that writes nothing reads without it (writes are atomic).
    "filelock",
    # TinyDB's table: reads come from the storage; the first write builds it.
    "tinydb",
    # Backups, restores, the open-error wording: a start that writes nothing needs none.
    "reader.core.recovery",
    # The query language: the first paint lists every paper, and no query has been typed.
    "reader.core.query",
    # What a change did (for undo): built by the first write.  Adding a file the folder
    # already holds compares the two.
    "reader.core.applied",
    # What a query word matched, for highlighting: no query before the first paint.
    "reader.core.term_match",
    "reader.core.tokens",
    "filecmp",
    # Title keys hash with CPython's own SHA-256; the cache key of a large file with hashlib.
    "hashlib",
)

FIRST_PAINT = """
import json, sys
from pathlib import Path
from reader.cli import make_app

app = make_app(db_path=Path(sys.argv[1]))
base = type(app)
loaded = {}

class AtFirstPaint(base):
    async def on_mount(self):
        # Queued before the app's own after-paint work (index build, title matching).
        self.call_after_refresh(lambda: loaded.update(modules=sorted(sys.modules)))
        await super().on_mount()
        self.call_after_refresh(self.exit)

app.__class__ = AtFirstPaint
app.run(headless=True, size=(120, 40))
print(json.dumps(loaded["modules"]))
"""


def test_the_app_module_loads_no_network_stack_engine_or_parser() -> None:
    code = (
        "import sys; import reader.cli, reader.ui.app;"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_what_a_write_or_a_query_makes_is_built_by_it_not_at_start() -> None:
    # Each dataclass built at import compiles its methods: Applied (a write's undo record)
    # and TermMatch (a query word's matches) wait in their own modules until first used.
    code = (
        "import sys; import reader.cli, reader.ui.app;"
        "import reader.core.changes as c, reader.core.search_result as r;"
        "print(sorted(n for n in ('Applied', 'TermMatch') if n in {**vars(c), **vars(r)}),"
        " sorted(m for m in ('reader.core.applied', 'reader.core.term_match') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[] []"
    # Still exported where they always were, as the same classes.
    import reader.core
    from reader.core.applied import Applied
    from reader.core.changes import Applied as ChangesApplied
    from reader.core.search_result import TermMatch
    from reader.core.term_match import TermMatch as OwnTermMatch

    assert ChangesApplied is Applied
    assert reader.core.TermMatch is TermMatch is OwnTermMatch


def _usual_start(tmp_path: Path) -> dict[str, str]:
    """Return the environment of a start on a database already made and backed up."""
    from reader.core.annotations import AnnotationStore

    AnnotationStore.open(tmp_path / "db.json")  # made and backed up: a usual start follows
    return {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "READER_CACHE": str(tmp_path / "index-cache"),
        "READER_LIBRARY": str(tmp_path / "library"),
    }


def _modules_at_first_paint(tmp_path: Path, env: dict[str, str]) -> set[str]:
    """Return the modules a start on ``tmp_path``'s database had loaded at its first paint."""
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(tmp_path / "db.json")],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=60,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_first_paint_loads_no_dialog_engine_or_full_text_code(tmp_path: Path) -> None:
    # The autouse fixture has pointed every web service at a closed loopback port.
    modules = _modules_at_first_paint(tmp_path, _usual_start(tmp_path))
    assert "reader.ui.main_screen" in modules  # the probe did reach the painted app
    assert sorted(modules & {*DEFERRED, *HEAVY}) == []


def test_the_command_line_leaves_terminal_rendering_to_reader_ui() -> None:
    import ast

    root = Path(__file__).resolve().parent.parent / "reader"
    for path in root.glob("cli*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert name.split(".")[0] not in ("rich", "textual"), f"{path.name}: {name}"


def test_the_way_to_the_first_paint_defines_no_dataclass(tmp_path: Path) -> None:
    # A dataclass compiles its generated methods as it is defined (4-9 M instructions
    # each): the value classes built at start are Records (reader/core/record.py).
    code = (
        "import dataclasses, sys; from pathlib import Path; from reader.cli import make_app;"
        f"make_app(db_path=Path({str(tmp_path / 'db.json')!r}));"
        "print(sorted(f'{name}.{attr}' for name, module in list(sys.modules.items())"
        " if name.startswith('reader') for attr, value in vars(module).items()"
        " if isinstance(value, type) and dataclasses.is_dataclass(value)"
        " and value.__module__ == name))"
    )
    env = _usual_start(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_second_start_reads_no_theme_file(tmp_path: Path) -> None:
    # Issue 11: tomllib's import is ~9 M instructions of the first paint.  The first start
    # reads the theme's file and remembers its fields; the next uses them while the file
    # is unchanged.
    env = _usual_start(tmp_path)
    starts = [_modules_at_first_paint(tmp_path, env) for _ in range(2)]
    assert ["tomllib" in modules for modules in starts] == [True, False]
