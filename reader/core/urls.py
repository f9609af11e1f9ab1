"""Which links reader may hand to a web browser: http(s) URLs, validated, nothing else."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def web_url(url: str) -> str | None:
    """Return ``url`` if it is safe to open in a browser, else None.

    Safe means an absolute ``http``/``https`` URL with a host, parsed by urllib.parse,
    holding no whitespace or control characters (a newline could smuggle a second
    command or header) and not starting with ``-`` (a browser would read an option).
    ``javascript:``, ``file:``, ``data:`` and everything else are refused.
    """
    if not isinstance(url, str) or not url:
        return None
    # A leading "-" never parses as an http(s) scheme: this guard repeats the scheme check.
    if url.startswith("-"):  # pragma: no mutate
        return None
    # "XXCZXX" (mutmut's string mutant) still contains C and Z: no mutation of it can tell.
    if any(
        char.isspace() or unicodedata.category(char)[0] in "CZ"  # pragma: no mutate
        for char in url
    ):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not host:
        return None
    return url
