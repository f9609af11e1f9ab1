"""Shared fixtures: the real bundled sample and a throw-away database path."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "trending-papers.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLOSED_PORT = "http://127.0.0.1:9"
"""Nothing listens there (the discard port): a request fails at once, offline-like."""


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
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "index-cache"))
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "library"))
    # No test ever reaches the internet: every service points at a closed loopback port.
    for service in ("READER_HF_API", "READER_ARXIV_API", "READER_ARXIV"):
        monkeypatch.setenv(service, CLOSED_PORT)
    # Background matching starts only in the tests of it (the `matching` fixture): its
    # quiet offline line would otherwise race other tests' screens and snapshots.
    monkeypatch.setattr("reader.ui.title_matcher.TitleMatcher.background", False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


@pytest.fixture
def matching(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the app match titles in the background (the stand-in server answers fast)."""
    monkeypatch.setattr("reader.ui.title_matcher.TitleMatcher.background", True)
    monkeypatch.setattr("reader.core.fulltext_net.RateLimit.wait", lambda self: None)
