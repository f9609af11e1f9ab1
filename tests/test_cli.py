"""The command line: documented options, one-line errors, exit status 2, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from reader.cli import StartupError, main, make_app


def run(*args: str, env_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = None
    if env_db is not None:
        import os

        env = {**os.environ, "READER_DB": str(env_db)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_help_documents_every_option() -> None:
    result = run("--help")
    assert result.returncode == 0
    for option in ("FILE", "--db", "--theme", "--version", "READER_DB"):
        assert option in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"reader {__version__}"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "file is empty"),
        ("binary.dat", b"\x00\x01\x02", "binary"),
        ("nothing.txt", b"new\n\nSubscribe\n", "no papers found"),
    ],
)
def test_bad_file_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run(str(path), env_db=tmp_path / "db.json")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr


def test_broken_database_stops_with_one_line_and_is_not_touched(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_bytes(b'{"truncated": ')
    result = run(env_db=db)
    assert result.returncode == 2
    assert str(db) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == b'{"truncated": '


def test_unknown_theme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--theme", "nope", "--db", str(tmp_path / "db.json")]) == 2
    assert "unknown theme 'nope'" in capsys.readouterr().err


def test_some_bad_files_open_the_good_ones_with_warnings(tmp_path: Path, sample_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    app = make_app([sample_path, empty], db_path=tmp_path / "db.json")
    assert len(app.library.papers) == 80
    assert any("empty.txt" in warning for warning in app.library.warnings)


def test_all_files_bad_raises_startup_error(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="no such file"):
        make_app([tmp_path / "a.txt", tmp_path / "b.txt"], db_path=tmp_path / "db.json")


def test_db_option_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_DB", str(tmp_path / "env.json"))
    make_app()
    assert (tmp_path / "env.json").exists()
    make_app(db_path=tmp_path / "flag.json")
    assert (tmp_path / "flag.json").exists()


@pytest.mark.parametrize("command", [["check", "SAMPLE"], ["db", "check"], ["stats"]])
def test_a_closed_pipe_ends_a_command_quietly(tmp_path: Path, command: list[str]) -> None:
    # A tester's `reader stats | head -1` printed a BrokenPipeError traceback.
    from reader.core.paths import bundled_sample

    args = [str(bundled_sample()) if arg == "SAMPLE" else arg for arg in command]
    code = "import sys; from reader.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "READER_DB": str(tmp_path / "db.json"), "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    process.stdout.close()  # before it writes: the interpreter takes far longer to start
    _, errors = process.communicate(timeout=60)
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors, errors.decode()
    assert process.returncode == 141
