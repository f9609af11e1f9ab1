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
