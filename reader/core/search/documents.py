"""The search index's schema and documents: what tantivy stores and indexes per paper.

Each paper is one tantivy document whose ``doc`` fast field is its position in the
library's list.  Title, abstract and authors are indexed with tantivy's default
tokenizer (split on non-alphanumerics, lowercased); camelCase parts ("TinyStories" ->
"tiny", "stories") are appended so either part finds the word, as the highlighter
expects.  ``lead`` holds the title's first word (``^word``), ``cat`` arXiv categories and
Hugging Face keywords, ``date`` the ISO day as a number, ``pid`` the paper id (``id:`` and
updates), ``tkey`` its title key, and ``data`` the whole paper for the document store
(abstracts are read from there when shown); these two only where the library's list does
not hold every paper.
"""

from __future__ import annotations

from typing import Any

import orjson
import tantivy

from reader.core.codecs import paper_to_row
from reader.core.models import Paper
from reader.core.tokens import camel_parts, first_word_tokens

TEXT_FIELDS = ("title", "abstract", "author")


def build_schema() -> tantivy.Schema:
    """Return the index's schema (see the module docstring).

    Only ``data`` is stored (tantivy's default is not to store a field, and its default
    tokenizer is "default"); every other field is for searching, sorting and filtering.
    """
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc", indexed=True, fast=True)
    builder.add_text_field("pid", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("tkey", tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        builder.add_text_field(name)
    builder.add_text_field("lead", index_option="basic")
    builder.add_text_field("cat", tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("date", indexed=True, fast=True)
    builder.add_bytes_field("data", stored=True)
    return builder.build()


def _with_parts(text: str) -> str:
    parts = camel_parts(text)
    return f"{text}\n{' '.join(parts)}" if parts else text


def _date_number(iso: str | None) -> int | None:
    if not iso or len(iso) < 10:
        return None
    try:
        return int(iso[:4] + iso[5:7] + iso[8:10])
    except ValueError:
        return None


def make_document(
    position: int, paper: Paper, schema: tantivy.Schema, *, stored: bool = True
) -> tantivy.Document:
    """Return the tantivy document for the paper at ``position`` of the library.

    With ``stored`` False the paper is left out of the document store, and its title key
    too: the library's list holds both (only a library keeping just its list's columns
    looks papers up in the index by title key).
    """
    title, abstract, authors = paper.title, paper.abstract, ", ".join(paper.authors)
    fields: dict[str, Any] = {
        "doc": position,
        "pid": paper.id.casefold(),
        "title": _with_parts(title),
        "abstract": _with_parts(abstract),
        "lead": " ".join(first_word_tokens(title)),
    }
    if stored:
        fields["tkey"] = paper.title_key
        fields["data"] = orjson.dumps(paper_to_row(paper))
    if authors:
        fields["author"] = _with_parts(authors)
    if paper.keywords:
        fields["cat"] = [keyword.casefold() for keyword in paper.keywords]
    number = _date_number(paper.date)
    if number is not None:
        fields["date"] = number
    return tantivy.Document.from_dict(fields, schema)
