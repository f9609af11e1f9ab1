"""Late mutation survivors of reader.core.atomic: folder names and new-export permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reader.core.atomic import TargetError, check_output, write_output


def test_a_name_typed_with_a_trailing_slash_is_refused_as_a_folder(tmp_path: Path) -> None:
    target = f"{tmp_path}/new/"
    with pytest.raises(TargetError) as caught:
        check_output(target)
    assert str(caught.value) == f"{target}: names a folder (ends with /); give a file name"


def test_a_new_export_gets_the_usual_permissions_of_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    old = os.umask(0o022)
    try:
        write_output(target, b"@article{x}\n")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"@article{x}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.umask(old) == old  # the umask read for the chmod was put back


def test_a_new_export_follows_a_stricter_umask(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    old = os.umask(0o077)
    try:
        write_output(target, b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
