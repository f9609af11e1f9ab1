"""Which paper a command's ID argument names.

An arXiv id, or a title start that only one title has: a start several titles share is
refused, with them listed, never guessed.
"""

from __future__ import annotations

import sys

from reader.cli_output import say
from reader.core.library import Library
from reader.core.models import Paper


def one_paper(library: Library, wanted: str, where: str) -> Paper | None:
    """Return the paper ``wanted`` names, or say why not (on stderr) and return None."""
    found = library.find_all(wanted)
    if len(found) == 1:
        return found[0]
    if not found:
        say(f"reader: no paper {wanted!r} in {where}", file=sys.stderr)
        return None
    many = "5+" if len(found) > 5 else str(len(found))
    say(
        f"reader: {wanted!r} starts {many} titles in {where}; give more of the title, "
        "or the arXiv id:",
        file=sys.stderr,
    )
    for paper in found[:5]:
        say(f"  {paper.arxiv_id or '-':<12} {paper.title}", file=sys.stderr)
    return None
