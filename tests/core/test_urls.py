"""``o`` opens only http(s) URLs (issue 9.6)."""

from __future__ import annotations

import pytest

from reader.core.urls import web_url


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2401.00001",
        "http://example.org/a?b=c#d",
        "HTTPS://EXAMPLE.ORG/",
        "https://example.org:8080/x",
    ],
)
def test_web_urls_are_opened(url: str) -> None:
    assert web_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "--help",
        "-https://example.org",
        "https://example.org/\nrm -rf ~",
        "https://example.org/\r\nX: y",
        "https://exa mple.org/",
        "https://example.org/\x1b]52;c;aGk=\x07",
        "https://example.org/\u202e",
        "data:text/html,<script>",
        "https:///no-host",
        "https://example.org:port/",
        "//example.org/",
        "ftp://example.org/",
        "",
    ],
)
def test_anything_else_is_refused(url: str) -> None:
    assert web_url(url) is None
