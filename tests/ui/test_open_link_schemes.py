"""``o`` shows, never opens, a link that is not http(s) (issue 9.6)."""

from __future__ import annotations

from typing import Any

import pytest

from reader.core.models import Paper
from reader.ui import copy_open_export as sharing
from tests.ui.helpers import recorder


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "--help"])
def test_o_shows_but_never_opens_other_links(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(sharing, "has_local_browser", lambda: True)
    monkeypatch.setattr("webbrowser.open", recorder(opened))
    copied: list[str] = []

    def copy_text(app: object, text: str) -> str:
        copied.append(text)
        return "test"

    monkeypatch.setattr(sharing, "copy_text", copy_text)
    app: Any = None
    message, ok = sharing.open_link(app, Paper(id="p", title="t", links=(("URL", url),)))
    assert not ok and opened == [] and copied == []
    assert url in message


def test_o_opens_an_https_link(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(sharing, "has_local_browser", lambda: True)
    monkeypatch.setattr("webbrowser.open", recorder(opened))
    app: Any = None
    paper = Paper(id="p", title="t", links=(("arXiv", "https://arxiv.org/abs/1"),))
    _, ok = sharing.open_link(app, paper)
    assert ok and opened == ["https://arxiv.org/abs/1"]
