"""``reader export -o``: symlinks followed, stdout, FIFOs, folders (issue 9.3, 10.15)."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from reader.cli import main


def export(sample: Path, db: Path, *args: str) -> int:
    return main(["export", str(sample), "--db", str(db), "--format", "bib", *args])


def test_export_onto_a_symlink_writes_the_real_file(
    tmp_path: Path, sample_path: Path, db_path: Path
) -> None:
    real = tmp_path / "real.bib"
    real.write_text("old")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    assert export(sample_path, db_path, "-o", str(link)) == 0
    assert link.is_symlink()
    assert real.read_text().startswith("@misc{")


def test_export_dash_writes_stdout(
    tmp_path: Path, sample_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkey_cwd = tmp_path / "cwd"
    monkey_cwd.mkdir()
    os.chdir(monkey_cwd)
    assert export(sample_path, db_path, "-o", "-") == 0
    assert capsys.readouterr().out.startswith("@misc{")
    assert list(monkey_cwd.iterdir()) == []


def test_export_onto_a_folder_is_one_line_exit_2(
    tmp_path: Path, sample_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(sample_path, db_path, "-o", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a folder" in err


@pytest.mark.parametrize("existing", [False, True])
def test_a_trailing_slash_names_a_folder_and_nothing_is_written(
    existing: bool,
    tmp_path: Path,
    sample_path: Path,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "out.bib"
    if existing:
        target.write_text("keep me")
    assert export(sample_path, db_path, "-o", f"{target}/") == 2
    assert capsys.readouterr().err == (
        f"reader: {target}/: names a folder (ends with /); give a file name\n"
    )
    assert target.read_text() == "keep me" if existing else not target.exists()


def test_export_into_a_missing_folder_creates_nothing(
    tmp_path: Path, sample_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "dir" / "x.bib"
    assert export(sample_path, db_path, "-o", str(target)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err
    assert not (tmp_path / "missing").exists()


def test_export_onto_a_fifo_writes_into_it_and_keeps_it(
    tmp_path: Path, sample_path: Path, db_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:  # waits in open() as a reader, like `cat pipe`
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.3)
    assert export(sample_path, db_path, "-o", str(fifo)) == 0
    reader.join(10)
    assert received and received[0].startswith(b"@misc{")
    assert fifo.is_fifo()


def test_export_onto_a_fifo_nobody_reads_is_refused_at_once(
    tmp_path: Path, sample_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert export(sample_path, db_path, "-o", str(fifo)) == 2
    assert "nobody is reading it" in capsys.readouterr().err
    assert fifo.is_fifo()


def test_export_onto_a_device_writes_the_device_never_replaces_it(
    tmp_path: Path, sample_path: Path, db_path: Path
) -> None:
    # A private null device, never /dev/null itself: code with this bug, run as root,
    # would replace the system's /dev/null with a regular file.
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    assert export(sample_path, db_path, "-o", str(device)) == 0
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert os.stat(device).st_rdev == os.makedev(1, 3)


def test_a_new_export_gets_the_usual_permissions_and_a_replaced_one_keeps_its_own(
    tmp_path: Path, sample_path: Path, db_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.bib"
        assert export(sample_path, db_path, "-o", str(fresh)) == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not a temporary file's 0600
        private = tmp_path / "private.bib"
        private.write_text("old")
        private.chmod(0o600)
        assert export(sample_path, db_path, "-o", str(private)) == 0
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(old)


@pytest.mark.parametrize("name", ["annotations.json", "annotations.json.bak", "pending"])
def test_an_export_never_replaces_the_database_its_backups_or_kept_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # A hostile tester's `reader export --format json -o annotations.json` replaced the
    # database with an export.
    from reader.core.annotations import AnnotationStore
    from reader.core.changes import Change
    from reader.core.pending import journal_path

    db = tmp_path / "annotations.json"
    AnnotationStore.open(db).apply(Change("2401.00001", add_tags=("kept",)))
    AnnotationStore.open(db)  # a second start: the backup holds the tag too
    target = journal_path(db) if name == "pending" else tmp_path / name
    if name == "pending":
        target.write_text('{"version": 1, "changes": []}')
    before = target.read_bytes()
    assert main(["export", "--db", str(db), "--format", "json", "-o", str(target)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"reader: {target}: is the ") and error.endswith(
        "; export to another file"
    )
    assert target.read_bytes() == before
    link = tmp_path / "link.json"  # through a symlink too
    link.symlink_to(db)
    assert main(["export", "--db", str(db), "-o", str(link)]) == 2
