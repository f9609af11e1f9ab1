"""Every export format on the bundled sample with annotations, and the JSON round trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import bibtexparser
import pytest
import yaml

from reader.core.export import cite_key, export, latex_escape
from reader.core.formats.reader_json import parse_reader_json
from reader.core.library import Library, open_library
from reader.core.models import Paper, Status


@pytest.fixture
def annotated(tmp_path: Path, sample_path: Path) -> Library:
    library = open_library([sample_path], tmp_path / "db.json")
    first, second, third = library.papers[:3]
    library.set_tags(first, ("vision", "to-read"))
    library.set_note(
        first, "Merges SAM & CLIP: 50% cheaper?\nSecond line with $math$ and {braces}."
    )
    library.set_status(second, Status.READ)
    library.set_tags(third, ("health",))
    return library


def test_markdown_front_matter_is_yaml_and_sections_hold_annotations(annotated: Library) -> None:
    text = export(annotated.papers, annotated.annotation, "md", "tiny")
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["papers"] == 80 and front["query"] == "tiny"
    assert front["tags"] == ["health", "to-read", "vision"]
    first = annotated.papers[0]
    section = text.split(f"## {first.title}")[1].split("\n## ")[0]
    assert "- Tags: #vision #to-read" in section and "- Status: unread" in section
    assert "> Merges SAM & CLIP: 50% cheaper?" in section
    assert "- Status: read" in text.split(f"## {annotated.papers[1].title}")[1]


def test_bibtex_parses_back_with_unique_keys_and_escapes(annotated: Library) -> None:
    papers = [
        *annotated.papers,
        Paper(
            id="2403.01234",
            title="A & B: 100% of $x$ #1 {sets}",
            arxiv_id="2403.01234",
            authors=("Jörg Müller", "Anna Smith"),
            date="2024-03-01",
            links=(("arXiv", "https://arxiv.org/abs/2403.01234"),),
        ),
        Paper(
            id="2403.01235",
            title="A & B again",
            arxiv_id="2403.01235",
            authors=("Jörg Müller",),
            date="2024-03-02",
        ),
    ]
    text = export(papers, annotated.annotation, "bib")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    keys = [entry.key for entry in library.entries]
    assert len(keys) == len(set(keys)) == 82
    mueller = [entry for entry in library.entries if entry.key.startswith("muller2024")]
    assert [entry.key for entry in mueller] == ["muller2024b", "muller2024ba"]
    fields = mueller[0].fields_dict
    assert fields["eprint"].value == "2403.01234" and fields["archivePrefix"].value == "arXiv"
    assert fields["url"].value == "https://arxiv.org/abs/2403.01234"
    assert (
        r"A \& B: 100\% of \$x\$ \#1 \textbraceleft{}sets\textbraceright{}" in fields["title"].value
    )
    assert fields["author"].value == "Jörg Müller and Anna Smith"
    first = library.entries[0].fields_dict
    assert "abstract" in first and first["keywords"].value == "vision, to-read"


def test_cite_keys() -> None:
    paper = Paper(
        id="x", title="The Attention Is All", authors=("Ashish Vaswani",), date="2017-06-12"
    )
    assert cite_key(paper) == "vaswani2017attention"
    assert cite_key(Paper(id="y", title="", authors=())) == "anonpaper"
    assert latex_escape("50% & $5_x^2~\\") == (
        r"50\% \& \$5\_x\textasciicircum{}2\textasciitilde{}\textbackslash{}"
    )


def test_csv_has_every_field_and_annotation(annotated: Library) -> None:
    rows = list(csv.DictReader(io.StringIO(export(annotated.papers, annotated.annotation, "csv"))))
    assert len(rows) == 80
    assert rows[0]["tags"] == "vision; to-read" and rows[0]["status"] == "unread"
    assert rows[0]["note"].startswith("Merges SAM & CLIP") and "\n" in rows[0]["note"]
    assert rows[1]["status"] == "read" and rows[1]["status_changed"]
    for column in ("id", "title", "abstract", "listing_date", "authors", "links", "created"):
        assert column in rows[0]


def test_json_round_trip_is_lossless(annotated: Library, tmp_path: Path) -> None:
    text = export(annotated.papers, annotated.annotation, "json", "q")
    path = tmp_path / "export.json"
    path.write_text(text)
    parsed, annotations = parse_reader_json(path, path.read_bytes())
    assert parsed.papers == annotated.papers
    for paper in annotated.papers:
        expected = annotated.annotation(paper)
        got = annotations.get(paper.id)
        if expected.is_empty:
            assert got is None
        else:
            assert got == expected


def test_json_import_restores_annotations_into_another_database(
    annotated: Library, tmp_path: Path
) -> None:
    import subprocess
    import sys

    export_file = tmp_path / "export.json"
    export_file.write_text(export(annotated.papers, annotated.annotation, "json"))
    other_db = tmp_path / "other.json"
    result = subprocess.run(
        [sys.executable, "-m", "reader", "import", str(export_file), "--db", str(other_db)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "restored annotations of 3 papers" in result.stdout
    restored = open_library([export_file], other_db)
    for paper in annotated.papers[:3]:
        mine, theirs = annotated.annotation(paper), restored.annotation(paper)
        assert (theirs.status, theirs.tags, theirs.note) == (mine.status, mine.tags, mine.note)


def test_export_command(tmp_path: Path, sample_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "tiny.bib"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "export",
            "--format",
            "bib",
            "--query",
            "tiny",
            "-o",
            str(out),
            "--db",
            str(tmp_path / "db.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "exported 6 papers" in result.stderr
    assert out.read_text().count("@misc{") == 6
