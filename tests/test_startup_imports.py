"""What the app loads on its way to the first paint (issue 11: start-up stays light)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "tantivy", "rapidfuzz", "urllib.request", "http.client", "pypdf", "selectolax")


def test_the_app_module_loads_no_network_stack_engine_or_parser() -> None:
    code = (
        "import sys; import reader.cli, reader.ui.app;"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_command_line_leaves_terminal_rendering_to_reader_ui() -> None:
    import ast
    from pathlib import Path

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
