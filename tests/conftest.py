"""Shared fixtures: the real bundled sample and a throw-away database path."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "trending-papers.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "annotations.json"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's database or clipboard, nor inherit SSH variables."""
    monkeypatch.setenv("READER_DB", str(tmp_path / "env-db" / "annotations.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "index-cache"))
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "library"))
    monkeypatch.delenv("READER_HF_API", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
