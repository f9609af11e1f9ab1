"""Where the records of a JSON list start: the line of each bad record, for ``FILE:LINE``.

ijson streams the records but gives no positions.  Only when a file has bad records does
this second pass run: a small tokenizer that skips whole strings with one regex match
(at C speed), follows the nesting, and counts newlines between the tokens it needs.  It
reads the file in blocks (memory stays bounded by the block size) and stops as soon as
the last wanted record has started.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.formats.common import Parsed, Problem, TextSource

_BLOCK = 1 << 20
# A complete string on one line, a bracket, a comma, or a lone quote (a string that
# runs past the end of the block: finished by the slow path below).
_TOKEN = re.compile(rb'"(?:[^"\\\n]++|\\.)*+"|[][{},]|"')
_STRING_END = re.compile(rb'[\\"]')
_NOT_SPACE = re.compile(rb"[^ \t\r\n]")
_RECORD = re.compile(r"record (\d+)(?:: (.*))?")


def record_lines(text: TextSource, list_key: str, wanted: Iterable[int]) -> dict[int, int]:
    """Return the 1-based line where each record numbered in ``wanted`` starts.

    Records are the items of the top-level list, or of the list under ``list_key`` in a
    top-level object (as ``json_records`` reads them).  A record past the end, or past a
    point where the file stops being JSON, is left out.
    """
    targets = set(wanted)
    if not targets:
        return {}
    last = max(targets)
    found: dict[int, int] = {}
    key = b'"' + list_key.encode() + b'"'
    stream = text.stream()
    line = 1  # the line at byte ``counted`` of the current block
    depth = 0  # nesting depth before the current token
    list_depth = -1  # depth inside the records' list, once it has opened
    top_object = False
    expect_key = False  # in the top-level object, the next string is a key
    last_key = b""
    record = 0  # records started so far
    awaiting = False  # a record starts at the next non-blank byte
    in_string = False
    escaped = False
    key_part: bytes | None = None  # a key cut by a block end, as far as read (capped)
    while True:
        block = stream.read(_BLOCK) or b""
        if not block:
            return found
        counted = 0
        at = 0
        size = len(block)
        while at < size:
            if in_string:  # finish a string that ran past the end of the last block
                if escaped:
                    end, escaped = at + 1, False
                else:
                    match = _STRING_END.search(block, at)
                    end = size if match is None else match.end()
                    if match is not None and match.group() == b"\\":
                        escaped = True
                    elif match is not None:
                        in_string = False
                if key_part is not None and len(key_part) <= len(key):
                    key_part += block[at:end]
                at = end
                if not in_string and key_part is not None:
                    last_key, key_part, expect_key = key_part, None, False
                continue
            if awaiting:
                start = _NOT_SPACE.search(block, at)
                if start is None:
                    break
                awaiting = False
                if block[start.start()] != ord("]"):
                    record += 1
                    if record in targets:
                        line += block.count(b"\n", counted, start.start())
                        counted = start.start()
                        found[record] = line
                        if record >= last:
                            return found
                at = start.start()
            match = _TOKEN.search(block, at)
            if match is None:
                break
            token = match.group()
            at = match.end()
            if token[0] == ord('"'):
                if len(token) == 1:
                    in_string = True  # runs past this block (or holds a raw newline)
                    key_part = token if top_object and depth == 1 and expect_key else None
                    continue
                if top_object and depth == 1 and expect_key:
                    last_key, expect_key = token, False
                continue
            if token in (b"[", b"{"):
                if depth == 0:
                    top_object = token == b"{"
                    expect_key = top_object
                    if not top_object:
                        list_depth, awaiting = 1, True
                elif (
                    list_depth < 0 and top_object and depth == 1 and token == b"["
                ) and last_key == key:
                    list_depth, awaiting = 2, True
                depth += 1
            elif token in (b"]", b"}"):
                depth -= 1
                if depth == list_depth - 1 and list_depth > 0:
                    return found  # the list has ended
            elif depth == list_depth:  # a comma between records
                awaiting = True
            elif top_object and depth == 1:
                expect_key = True
        line += block.count(b"\n", counted)


def name_lines(parsed: Parsed, text: TextSource, list_key: str, first: int = 0) -> None:
    """Turn ``record N`` in ``parsed.problems[first:]`` into the line where record N starts.

    ``FILE:record 3: no title`` becomes ``FILE:17: no title`` (``record 3: annotation``
    becomes line 17 with the reason ``annotation: ...``).  Runs only when there are such
    problems, so a good file is read once.
    """
    numbered = {}
    for index in range(first, len(parsed.problems)):
        match = _RECORD.fullmatch(parsed.problems[index].where)
        if match:
            numbered[index] = (int(match.group(1)), match.group(2))
    if not numbered:
        return
    lines = record_lines(text, list_key, {number for number, _ in numbered.values()})
    for index, (number, part) in numbered.items():
        if number in lines:
            problem = parsed.problems[index]
            reason = f"{part}: {problem.reason}" if part else problem.reason
            parsed.problems[index] = Problem(str(lines[number]), reason)
