"""The search index's schema and documents: what tantivy stores and indexes per paper.

Each paper is one tantivy document whose ``doc`` fast field is its position in the
library's list.  Title, abstract and authors are indexed with tantivy's default
tokenizer (split on non-alphanumerics, lowercased); camelCase parts ("TinyStories" ->
"tiny", "stories") are appended so either part finds the word, as the highlighter
expects.  ``lead`` holds the title's first word (``^word``), ``cat`` arXiv categories and
Hugging Face keywords, ``date`` the ISO day as a number, ``pid`` the paper id (``id:`` and
updates), ``tkey`` its title key, and ``data`` the whole paper for the document store
(abstracts are read from there when shown); these two only where the library's list does
not hold every paper.  ``cased`` holds title, abstract and authors (with camelCase parts)
as written, also only in documents that store their paper: smart case (a capital in a
query word) is a query on it there, and a check of each hit's text where the list holds
every paper (indexing the words twice costs a build half as much CPU again).
"""

from __future__ import annotations

from typing import Any

import orjson
import tantivy

from reader.core.codecs import paper_to_row
from reader.core.models import Paper
from reader.core.tokens import camel_parts, first_word_tokens

TEXT_FIELDS = ("title", "abstract", "author")
CASED_TOKENIZER = "cased"
"""The ``cased`` field's tokenizer: register ``cased_analyzer()`` under this name on every
index opened, before its writer (tantivy keeps no tokenizers on disk)."""


def cased_analyzer() -> tantivy.TextAnalyzer:
    """Return tantivy's default analyzer without its lowercasing: words as written."""
    # tantivy's default drops tokens over 40 bytes, as this does (the text fields agree).
    words = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    return words.filter(tantivy.Filter.remove_long(40)).build()


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
    builder.add_text_field("cased", tokenizer_name=CASED_TOKENIZER, index_option="basic")
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
    and words as written too: the library's list holds them (only a library keeping just
    its list's columns looks papers up in the index by title key, or asks the index for
    smart case).
    """
    title, abstract = _with_parts(paper.title), _with_parts(paper.abstract)
    fields: dict[str, Any] = {
        "doc": position,
        "pid": paper.id.casefold(),
        "title": title,
        "abstract": abstract,
        "lead": " ".join(first_word_tokens(paper.title)),
    }
    authors = ", ".join(paper.authors)
    if authors:
        fields["author"] = authors = _with_parts(authors)
    if stored:
        fields["tkey"] = paper.title_key
        fields["data"] = orjson.dumps(paper_to_row(paper))
        fields["cased"] = [title, abstract, authors]
    if paper.keywords:
        fields["cat"] = [keyword.casefold() for keyword in paper.keywords]
    number = _date_number(paper.date)
    if number is not None:
        fields["date"] = number
    return tantivy.Document.from_dict(fields, schema)
