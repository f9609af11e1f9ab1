"""Terminal escapes in any field of any format never survive model construction."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.core.formats.reader_json import parse_reader_json
from reader.core.models import Annotation, Paper
from reader.core.sources import parse_file

OSC52 = "\x1b]52;c;aGFja2Vk\x07"
TITLE = "\x1b]0;owned\x07"
WIPE = "\x1b[2J"
C1 = "\x9b31m"
PAYLOAD = f"{OSC52}{TITLE}{WIPE}{C1}\x07\x08\x7f"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text_of(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [text for item in value for text in text_of(item)]
    return []


def assert_clean(paper: Paper) -> None:
    for name in paper._fields:
        for text in text_of(getattr(paper, name)):
            assert not CONTROL.search(text), (name, text)


def hostile_export(tmp_path: Path) -> Path:
    record = {
        "id": f"2401.00001{PAYLOAD}",
        "title": f"Title {PAYLOAD}",
        "abstract": f"Abstract {PAYLOAD}",
        "authors": [f"Ada {PAYLOAD}"],
        "links": [[f"arXiv{PAYLOAD}", f"https://arxiv.org/abs/2401.00001{PAYLOAD}"]],
        "keywords": [f"kw{PAYLOAD}"],
        "listing_date": f"Mar 13{PAYLOAD}",
        "date": f"2024-03-13{PAYLOAD}",
        "source": f"file{PAYLOAD}",
        "sources": [f"file{PAYLOAD}"],
        "listing_dates": [f"Mar 13{PAYLOAD}"],
        "annotation": {"status": "read", "tags": [f"tag{PAYLOAD}"], "note": f"note{PAYLOAD}"},
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"reader_export": 1, "papers": [record]}), encoding="utf-8")
    return path


def test_every_field_of_a_reader_json_export_is_cleaned(tmp_path: Path) -> None:
    path = hostile_export(tmp_path)
    parsed, annotations = parse_reader_json(path, path.read_bytes())
    (paper,) = parsed.papers
    assert_clean(paper)
    assert paper.title == "Title"
    (annotation,) = annotations.values()
    assert annotation.tags == ("tag",) and annotation.note == "note"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "page.txt",
            f"Trending Papers\n\nA hostile {PAYLOAD} title\n\nIts abstract {PAYLOAD} here.\n\n",
        ),
        (
            "daily.json",
            json.dumps(
                [
                    {
                        "paper": {
                            "id": "2403.09611",
                            "title": f"T{PAYLOAD}",
                            "summary": f"S{PAYLOAD}",
                            "authors": [{"name": f"A{PAYLOAD}"}],
                            "githubRepo": f"https://github.com/x{PAYLOAD}",
                            "ai_keywords": [f"k{PAYLOAD}"],
                        }
                    }
                ]
            ),
        ),
        (
            "snap.jsonl",
            json.dumps(
                {
                    "id": "0704.0001",
                    "title": f"T{PAYLOAD}",
                    "abstract": f"S{PAYLOAD}",
                    "authors": f"A{PAYLOAD}",
                    "categories": f"hep-ph{PAYLOAD}",
                    "doi": f"10.1/x{PAYLOAD}",
                    "update_date": "2008-11-26",
                }
            )
            + "\n",
        ),
        (
            "refs.bib",
            f"@article{{k1,\n  title = {{T{PAYLOAD}}},\n  author = {{A{PAYLOAD}}},\n"
            f"  abstract = {{S{PAYLOAD}}},\n  url = {{https://x.org/{PAYLOAD}}},\n"
            "  year = 2024\n}\n",
        ),
    ],
)
def test_every_format_cleans_every_field(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for paper in parse_file(path).papers:
        assert_clean(paper)


def test_models_clean_whatever_builds_them() -> None:
    paper = Paper(f"x{PAYLOAD}", f"t{PAYLOAD}", authors=(f"a{PAYLOAD}",))
    assert (paper.id, paper.title, paper.authors) == ("x", "t", ("a",))
    annotation = Annotation("p", tags=(f"t{PAYLOAD}",), note=f"line{PAYLOAD}\nnext")
    assert annotation.tags == ("t",) and annotation.note == "line\nnext"


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", 5), ("authors", "not a list"), ("upvotes", "²"), ("links", (("only one",),))],
)
def test_models_refuse_wrong_types_with_a_value_error(field: str, value: object) -> None:
    values: dict[str, object] = {"id": "p", "title": "t", field: value}
    with pytest.raises((TypeError, ValueError), match=field.rstrip("s")):
        Paper(**values)  # type: ignore[arg-type]
