import pkgutil
import subprocess
import sys

import reader.core


def core_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(reader.core.__path__, prefix="reader.core.")
        if not info.name.endswith("__main__")
    ]


def test_every_core_module_imports_neither_textual_nor_rich() -> None:
    modules = core_modules()
    assert "reader.core.formats.bibtex" in modules and len(modules) > 25
    code = (
        f"import sys, importlib\nfor name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
