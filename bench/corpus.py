"""Generate realistic paper corpora for benchmarks, from the words of the bundled sample."""

from __future__ import annotations

import random
import re
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "trending-papers.txt"
_SYLLABLES = ["ra", "to", "mi", "ke", "lu", "sa", "ne", "vo", "qi", "zen", "tor", "ix", "ul"]


def _sample_words() -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z\-]+", SAMPLE.read_text(encoding="utf-8"))


def generate_papers(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """Return ``count`` (title, abstract) pairs: titles ~70 chars, abstracts ~1,600.

    Words follow the sample's frequencies; about one word in forty is a made-up rare
    word, so the vocabulary grows with the corpus as a real one does.
    """
    rng = random.Random(seed)
    words = _sample_words()

    def word() -> str:
        if rng.random() < 0.025:
            return rng.choice(words).lower() + "".join(rng.choices(_SYLLABLES, k=2))
        return rng.choice(words)

    def text(target: int) -> str:
        parts: list[str] = []
        length = 0
        while length < target:
            piece = word()
            parts.append(piece)
            length += len(piece) + 1
        return " ".join(parts)

    papers = []
    for _ in range(count):
        title = text(rng.randint(45, 95)).title()
        abstract = text(rng.randint(1200, 2000)) + "."
        papers.append((title, abstract))
    return papers


def write_trending_page(path: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` generated papers as a trending-papers page."""
    blocks = ["new", "Subscribe", "Mar 13"]
    for title, abstract in generate_papers(count, seed):
        blocks += [title, abstract]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path
