"""The search query language: parsed into a small tree, with clear errors.

    small language          bare words: fuzzy, typo-tolerant, prefix-aware; all must match
    'lora  "a phrase"       exact word / exact phrase
    ^word                   title starts with word
    -word  !word            exclude
    ti: abs: au: tag: status: id: date: cat:
                            fields (title:, abstract:, author:, category: also work)
    cat:cs.CL  cat:cs.*     arXiv category or keyword, exact or by prefix
    date:2024-03..2024-04   date:>2024-03-01  date:<=2024  date:2024-03-13
    a | b   a OR b  ( )     alternatives and grouping; side by side is AND

Lowercase words match any case; a word with a capital letter matches that case only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Union

from reader.core.models import Status

FIELDS = {
    "title": "title",
    "ti": "title",
    "abstract": "abstract",
    "abs": "abstract",
    "author": "author",
    "au": "author",
    "tag": "tag",
    "status": "status",
    "id": "id",
    "date": "date",
    "in": "in",
    "cat": "cat",
    "category": "cat",
    "has": "has",
    "full": "full",
}
PLACES = ("library",)
"""Values of ``in:``: ``in:library`` lists papers loaded from files, ``-in:library`` the
annotated papers kept only from their annotation records ("Annotated, not in library")."""
STATUSES = tuple(status.value for status in Status)
TermKind = Literal["word", "exact", "phrase", "start"]


class QueryError(ValueError):
    """A malformed query; ``str()`` is a short message for the line under the search bar."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


@dataclass(frozen=True, slots=True)
class Term:
    """Text to find: ``field`` None means title, abstract and authors."""

    text: str
    kind: TermKind = "word"
    field: str | None = None

    @property
    def case_sensitive(self) -> bool:
        """Smart case: a capital letter in the query asks for that exact case."""
        return self.text != self.text.lower()


@dataclass(frozen=True, slots=True)
class Filter:
    """A yes/no condition on annotations or metadata: tag, status, id, date."""

    field: str
    value: str
    low: str | None = None
    """For dates: the first day included (ISO), or None for open-ended."""
    high: str | None = None
    """For dates: the last day included (ISO), or None for open-ended."""


@dataclass(frozen=True, slots=True)
class Not:
    """Papers that do not match ``node``."""

    node: Node


@dataclass(frozen=True, slots=True)
class And:
    """Papers that match every node."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Papers that match any node."""

    nodes: tuple[Node, ...]


Node = Union[Term, Filter, Not, And, Or]  # noqa: UP007 - used at runtime in isinstance


_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def date_bounds(value: str, position: int) -> tuple[str, str]:
    """Return the first and last ISO day that ``2024``, ``2024-03`` or ``2024-03-13`` covers."""
    match = _DAY.match(value)
    if not match:
        raise QueryError(f"date: expects YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", position)
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        raise QueryError(f"date: month {month} is not 1-12", position)
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    import calendar  # only date: queries need it; not on the start-up path

    last = calendar.monthrange(year, month)[1]
    if day is None:
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if not 1 <= day <= last:
        raise QueryError(f"date: day {day} is not in {year:04d}-{month:02d}", position)
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return iso, iso


def _date_filter(value: str, position: int) -> Filter:
    for operator in (">=", "<=", ">", "<"):
        if value.startswith(operator):
            first, last = date_bounds(value[len(operator) :], position)
            if operator == ">=":
                return Filter("date", value, low=first)
            if operator == "<=":
                return Filter("date", value, high=last)
            if operator == ">":
                return Filter("date", value, low=_next_day(last))
            return Filter("date", value, high=_previous_day(first))
    if ".." in value:
        start, _, end = value.partition("..")
        low: str | None = date_bounds(start, position)[0] if start else None
        high: str | None = date_bounds(end, position)[1] if end else None
        if low is None and high is None:
            raise QueryError("date: a range needs at least one end, e.g. 2024-03..", position)
        if low and high and low > high:
            raise QueryError(f"date: range {value} ends before it starts", position)
        return Filter("date", value, low=low, high=high)
    low, high = date_bounds(value, position)
    return Filter("date", value, low=low, high=high)


def _next_day(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


def _previous_day(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


# Lexing -------------------------------------------------------------------------------------

HAS_VALUES = ("highlights",)
"""What ``has:`` can ask for."""
# The lists in the error messages (module constants: a one-item join has nothing to mutate).
_PLACES_TEXT = ", ".join(PLACES)
_HAS_TEXT = ", ".join(HAS_VALUES)

_SPECIAL = set('()|"')
_FIELD_NAME = re.compile(r"^[A-Za-z]+$")
_KNOWN = "ti: abs: au: cat: tag: status: id: date: has: full: in:"


_NODE = "node"
"""The kind of a token that carries a node (a module constant: mutation tests leave it be)."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "|", "not", _NODE
    position: int
    node: Node | None = None


def _read_phrase(text: str, start: int) -> tuple[str, int]:
    """Read a quoted phrase starting at the opening quote; return (phrase, end)."""
    end = text.find('"', start + 1)
    if end < 0:  # pragma: no mutate - find() from start + 1 never returns 0: "<= 0" is the same
        raise QueryError('missing closing " for the phrase', start)
    return text[start + 1 : end], end + 1


def _field_term(field: str, value: str, position: int, quoted: bool) -> Node:
    if not value:
        raise QueryError(f"{field}: needs a value", position)
    if field in ("title", "abstract", "author"):
        if quoted:
            return Term(value, "phrase", field)
        if value.startswith("'") and len(value) > 1:
            return Term(value[1:], "exact", field)
        return Term(value, "word", field)
    if field == "status":
        wanted = value.lower()
        matches = [status for status in STATUSES if status.startswith(wanted)]
        if wanted in STATUSES:
            matches = [wanted]
        if len(matches) != 1:
            raise QueryError(f"status: expects {', '.join(STATUSES)}, not {value!r}", position)
        return Filter("status", matches[0])
    if field == "date":
        return _date_filter(value, position)
    if field == "in":
        if value.lower() not in PLACES:
            raise QueryError(f"in: expects {_PLACES_TEXT}, not {value!r}", position)
        return Filter("in", value.lower())
    if field == "has" and value.lower() not in HAS_VALUES:
        raise QueryError(f"has: expects {_HAS_TEXT}, not {value!r}", position)
    return Filter(field, value.lower() if field == "has" else value)


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if char in "()|":
            tokens.append(_Token(char, position))
            position += 1
            continue
        if char == '"':
            phrase, position_after = _read_phrase(text, position)
            if phrase.strip():
                term = Term(phrase.strip(), "phrase")
                # A node token's kind and position are never read: no mutation shows.
                tokens.append(_Token(_NODE, position, term))  # pragma: no mutate
            position = position_after
            continue
        start = position
        if char in "-!" and position + 1 < length and not text[position + 1].isspace():
            tokens.append(_Token("not", position))
            position += 1
            continue
        while position < length and not text[position].isspace() and text[position] not in _SPECIAL:
            position += 1
        chunk = text[start:position]
        name, colon, value = chunk.partition(":")
        if colon and name.lower() in FIELDS:
            field = FIELDS[name.lower()]
            quoted = not value and position < length and text[position] == '"'
            if quoted:
                value, position = _read_phrase(text, position)
            tokens.append(_Token(_NODE, start, _field_term(field, value, start, quoted)))
            continue
        if colon and _FIELD_NAME.match(name):
            raise QueryError(f"unknown field {name}: (fields are {_KNOWN})", start)
        if chunk == "OR":
            tokens.append(_Token("|", start))
            continue
        tokens.extend(_plain_chunk(chunk, start))
    return tokens


def _plain_chunk(chunk: str, start: int) -> list[_Token]:
    if chunk in ("'", "^"):
        raise QueryError(f"{chunk} needs a word right after it", start)
    if chunk.startswith("'"):
        term = Term(chunk[1:], "exact")
    elif chunk.startswith("^"):
        term = Term(chunk[1:], "start")
    else:
        term = Term(chunk)
    # A node token's kind and position are never read: no mutation of them shows.
    return [_Token(_NODE, start, term)]  # pragma: no mutate


# Parsing ------------------------------------------------------------------------------------


MAX_DEPTH = 100
"""Deepest nesting of groups and negations (deeper would exhaust Python's stack)."""


class _Parser:
    def __init__(self, tokens: list[_Token], length: int) -> None:
        self.tokens = tokens
        self.index = 0
        self.length = length  # pragma: no mutate - see sequence(): never read in practice
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def parse(self) -> Node:
        node = self.alternatives()
        token = self.peek()
        if token is not None:
            raise QueryError(
                # alternatives() stops only at ")" or the end: "unexpected input" is unreachable
                "unmatched )" if token.kind == ")" else "unexpected input",  # pragma: no mutate
                token.position,
            )
        return node

    def alternatives(self) -> Node:
        nodes = [self.sequence()]
        while (token := self.peek()) is not None and token.kind == "|":
            self.index += 1
            if (after := self.peek()) is None or after.kind in (")", "|"):
                raise QueryError("| needs something on both sides", token.position)
            nodes.append(self.sequence())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def sequence(self) -> Node:
        nodes: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in (")", "|"):
            nodes.append(self.unary())
        if not nodes:
            token = self.peek()
            # sequence() always starts at a token (callers check), so ``token`` is never None.
            position = token.position if token else self.length  # pragma: no mutate
            raise QueryError(
                "| needs something on both sides" if token and token.kind == "|" else "empty group",
                position,
            )
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        token = self.peek()
        assert token is not None
        if token.kind in ("not", "("):
            if self.depth >= MAX_DEPTH:
                raise QueryError(f"nested more than {MAX_DEPTH} levels deep", token.position)
            self.depth += 1
            try:
                return self._nested(token)
            finally:
                self.depth -= 1
        # Unreachable: sequence() and _nested() never call unary() at a ")".
        if token.kind == ")":  # pragma: no mutate
            raise QueryError("unmatched )", token.position)  # pragma: no mutate
        self.index += 1
        assert token.node is not None
        return token.node

    def _nested(self, token: _Token) -> Node:
        """Parse a negation or a parenthesised group starting at ``token``."""
        if token.kind == "not":
            self.index += 1
            if (after := self.peek()) is None or after.kind in (")", "|"):
                raise QueryError("- or ! needs something to exclude", token.position)
            return Not(self.unary())
        self.index += 1
        if self.peek() is None:
            raise QueryError("missing )", token.position)
        node = self.alternatives()
        closing = self.peek()
        if closing is None or closing.kind != ")":
            raise QueryError("missing )", token.position)
        self.index += 1
        return node


def parse_query(text: str) -> Node | None:
    """Parse a query; None for an empty one.  Raises QueryError for a malformed query."""
    tokens = _lex(text)
    if not tokens:
        return None
    return _Parser(tokens, len(text)).parse()


def reads_annotations(query: str) -> bool:
    """Return True if the query filters on tags or status (its result follows edits)."""
    try:
        node = parse_query(query)
    except QueryError:
        return False
    return _has_annotation_filter(node)


def _has_annotation_filter(node: Node | None) -> bool:
    if isinstance(node, Filter):
        return node.field in ("tag", "status", "has")
    if isinstance(node, Not):
        return _has_annotation_filter(node.node)
    if isinstance(node, (And, Or)):
        return any(_has_annotation_filter(child) for child in node.nodes)
    return False


def filter_fields(node: Node | None) -> set[str]:
    """Return the fields of the filters a paper must pass (not those under a negation)."""
    if node is None or isinstance(node, (Term, Not)):
        return set()
    if isinstance(node, Filter):
        return {node.field}
    return {field for child in node.nodes for field in filter_fields(child)}


def positive_terms(node: Node | None) -> list[Term]:
    """Return the text terms that make a paper match (not those under a negation)."""
    if node is None or isinstance(node, (Filter, Not)):
        return []
    if isinstance(node, Term):
        return [node]
    return [term for child in node.nodes for term in positive_terms(child)]
