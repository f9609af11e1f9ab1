"""When `o` opens a browser here rather than copying the link (issue 12: `o` gives the link)."""

from __future__ import annotations

import sys

import pytest

from reader.ui import clipboard

DISPLAYS = ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in DISPLAYS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    return monkeypatch


def test_no_display_and_no_browser_setting_means_no_local_browser(
    bare: pytest.MonkeyPatch,
) -> None:
    assert not clipboard.has_local_browser()


@pytest.mark.parametrize("name", ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER"])
def test_a_display_or_a_chosen_browser_opens_here(name: str, bare: pytest.MonkeyPatch) -> None:
    bare.setenv(name, ":0" if "DISPLAY" in name else "/usr/local/bin/open-link")
    assert clipboard.has_local_browser()


def test_over_ssh_the_link_is_copied_even_with_a_browser_setting(
    bare: pytest.MonkeyPatch,
) -> None:
    bare.setenv("BROWSER", "/usr/local/bin/open-link")
    bare.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    assert not clipboard.has_local_browser()
