"""Fixtures shared by the core tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.core.stand_in import StandIn, stand_in


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    """A stand-in Hugging Face and arXiv API on 127.0.0.1 (a test module may bring its own)."""
    with stand_in() as running:
        monkeypatch.setenv("READER_HF_API", running.url)
        monkeypatch.setenv("READER_ARXIV_API", running.url)
        yield running


@pytest.fixture
def commits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The documents an index held after each of its commits, in order."""
    from reader.core.search import engine

    committed: list[int] = []
    original = engine.SearchEngine._commit

    def counting(self: engine.SearchEngine, writer: object) -> None:
        original(self, writer)  # type: ignore[arg-type]
        committed.append(self.indexed_count())

    monkeypatch.setattr(engine.SearchEngine, "_commit", counting)
    return committed
