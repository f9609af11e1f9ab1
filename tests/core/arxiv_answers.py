"""What the Hugging Face paper search and the arXiv API answer, for the resolve tests."""

from __future__ import annotations


def hf_item(
    arxiv_id: str, title: str, upvotes: int = 7, *, summary: str = "An abstract."
) -> dict[str, object]:
    """One hit of the Hugging Face paper search, as its JSON decodes."""
    return {
        "paper": {
            "id": arxiv_id,
            "title": title,
            "summary": summary,
            "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}],
            "publishedAt": "2024-01-02T00:00:00.000Z",
            "upvotes": upvotes,
        }
    }


def atom(*entries: tuple[str, str], summary: str = "S.") -> bytes:
    """An arXiv API Atom feed with one entry (version 2) per (arXiv id, title)."""
    items = "".join(
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v2</id><title>{title}</title>"
        f"<summary>{summary}</summary><published>2023-05-06T00:00:00Z</published>"
        "<author><name>Grace Hopper</name></author></entry>"
        for arxiv_id, title in entries
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'.encode()
