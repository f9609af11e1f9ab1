"""Exports to devices, files whose permissions cannot be set, and copies into new folders."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reader.core.atomic import TargetError, atomic_copy, write_output


def _device_without_driver(tmp_path: Path) -> Path:
    """A character device node no driver answers (opening it fails with ENXIO)."""
    node = tmp_path / "tape"
    try:
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(240, 7))  # 240: local/experimental
    except PermissionError:
        pytest.skip("making a device node needs CAP_MKNOD")
    return node


def test_a_device_that_cannot_be_opened_gives_the_system_reason(tmp_path: Path) -> None:
    node = _device_without_driver(tmp_path)
    with pytest.raises(TargetError) as caught:
        write_output(node, b"@article{x}\n")
    assert str(caught.value) == f"{node}: cannot write (No such device or address)"
    assert stat.S_ISCHR(node.stat().st_mode)  # the device node itself is left alone


def test_a_terminal_device_gets_the_whole_export(tmp_path: Path) -> None:
    main, side = os.openpty()
    try:
        data = b"".join(b"line %d\n" % number for number in range(200))
        write_output(os.ttyname(side), data)
        os.set_blocking(main, False)
        received = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except BlockingIOError:
                break
            received += chunk
        assert received.replace(b"\r\n", b"\n") == data
    finally:
        os.close(main)
        os.close(side)


def test_a_new_export_is_kept_when_its_permissions_cannot_be_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: object, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted", str(path))

    target = tmp_path / "out.bib"
    monkeypatch.setattr(os, "chmod", refuse)  # as on a FAT stick: the write still counts
    write_output(target, b"@article{x}\n")
    assert target.read_bytes() == b"@article{x}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bib"]  # no temp file left


def test_a_copy_makes_the_missing_folders_unless_told_not_to(tmp_path: Path) -> None:
    source = tmp_path / "paper.pdf"
    source.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 10)
    target = tmp_path / "library" / "fulltext" / "paper.pdf"
    atomic_copy(source, target)
    assert target.read_bytes() == source.read_bytes()
    elsewhere = tmp_path / "missing" / "paper.pdf"
    with pytest.raises(TargetError) as caught:
        atomic_copy(source, elsewhere, make_parents=False)
    assert str(caught.value) == f"{elsewhere.parent}: no such folder (not created)"
    assert not elsewhere.parent.exists()
