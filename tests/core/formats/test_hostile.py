"""Hostile input: escapes in every field of every format, bad records, odd files."""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import pytest

from reader.core.formats.reader_json import parse_reader_json
from reader.core.models import Annotation, Paper
from reader.core.sources import SourceError, load_sources, parse_file

PAYLOADS = ("\x1b]52;c;SGVsbG8=\x07", "\x1b]0;pwned\x07", "\x1b[2J", "\x9b2J", "\u202e", "\x7f")
DIRTY = "".join(PAYLOADS)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def texts(paper: Paper) -> list[str]:
    values = [paper.title, paper.abstract, paper.id, paper.source, paper.title_key]
    values += [paper.listing_date or "", paper.date or "", paper.doi or ""]
    values += [paper.journal_ref or "", paper.arxiv_id or ""]
    values += [*paper.authors, *paper.keywords, *paper.listing_dates, *paper.sources]
    values += [part for link in paper.links for part in link]
    return values


def assert_clean(papers: list[Paper]) -> None:
    assert papers
    for paper in papers:
        for value in texts(paper):
            assert not CONTROL.search(value), (paper, value)
            assert "\n" not in value or value is paper.abstract


def test_paper_cleans_every_field_whoever_builds_it() -> None:
    paper = Paper(
        id="",
        title=f"T{DIRTY}itle",
        abstract=f"An{DIRTY}\nabstract",
        authors=(f"Ada{DIRTY}",),
        links=((f"Code{DIRTY}", f"https://x.org/{DIRTY}"),),
        keywords=(f"cs{DIRTY}",),
        source=f"file{DIRTY}.json",
        listing_date=f"Mar{DIRTY} 13",
        doi=f"10.1/{DIRTY}x",
        journal_ref=f"J{DIRTY}",
    )
    assert paper.title == "Title"
    assert paper.abstract == "An\nabstract"
    assert paper.authors == ("Ada",) and paper.keywords == ("cs",)
    assert paper.links == (("Code", "https://x.org/"),)
    assert paper.source == "file.json" and paper.listing_date == "Mar 13"
    assert paper.doi == "10.1/x" and paper.journal_ref == "J"
    assert paper.id.startswith("title:") and paper.title_key  # derived from the title


def test_annotation_cleans_note_and_tags() -> None:
    annotation = Annotation(f"2401.00001{DIRTY}", tags=(f"l{DIRTY}lm",), note=f"a{DIRTY}\nb")
    assert annotation.paper_id == "2401.00001"
    assert annotation.tags == ("llm",) and annotation.note == "a\nb"


@pytest.mark.parametrize(("field", "value"), [("title", 5), ("authors", [1]), ("upvotes", "3")])
def test_paper_refuses_wrong_types(field: str, value: object) -> None:
    values: dict[str, object] = {"id": "x", "title": "T", field: value}
    with pytest.raises(TypeError):
        Paper(**values)  # type: ignore[arg-type]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def reader_json(tmp_path: Path) -> Path:
    record = {
        "id": "2401.00001",
        "title": f"Title{DIRTY}",
        "abstract": f"Abstract{DIRTY}",
        "authors": [f"Ada{DIRTY}"],
        "links": [[f"L{DIRTY}", f"https://x.org/{DIRTY}"]],
        "keywords": [f"k{DIRTY}"],
        "source": f"s{DIRTY}",
        "sources": [f"s{DIRTY}"],
        "listing_dates": [f"Mar 13{DIRTY}"],
        "annotation": {"note": f"n{DIRTY}", "tags": [f"t{DIRTY}"], "status": "read"},
    }
    return write(tmp_path, "x.json", json.dumps({"reader_export": 1, "papers": [record]}))


def test_reader_json_text_and_annotations_are_cleaned(tmp_path: Path) -> None:
    path = reader_json(tmp_path)
    assert_clean(parse_file(path).papers)
    parsed, annotations = parse_reader_json(path, path.read_bytes())
    assert parsed.papers[0].title == "Title"
    annotation = annotations["2401.00001"]
    assert annotation.note == "n" and annotation.tags == ("t",)


def every_format(tmp_path: Path) -> list[Path]:
    d = DIRTY
    jd = json.dumps
    return [
        reader_json(tmp_path),
        write(tmp_path, "t.txt", f"Mar 13\n\nTitle {d}\n\nAbstract {d}\n"),
        write(
            tmp_path,
            "hf.json",
            jd(
                [
                    {
                        "paper": {
                            "id": "2401.00001",
                            "title": f"T{d}",
                            "summary": f"S{d}",
                            "authors": [{"name": f"A{d}"}],
                            "githubRepo": f"https://github.com/{d}",
                            "ai_keywords": [f"k{d}"],
                        }
                    }
                ]
            ),
        ),
        write(
            tmp_path,
            "a.jsonl",
            jd(
                {
                    "id": "0704.0001",
                    "title": f"T{d}",
                    "abstract": f"A{d}",
                    "authors": f"A{d} and B",
                    "categories": f"hep-ph{d}",
                    "doi": f"10.1/{d}",
                    "journal-ref": f"J{d}",
                }
            )
            + "\n",
        ),
        write(
            tmp_path,
            "b.bib",
            f"@misc{{k,\n title = {{T{d}}},\n author = {{A{d}}},\n abstract = {{S{d}}},\n"
            f" url = {{https://x.org/{d}}},\n doi = {{10.1/{d}}},\n keywords = {{k{d}}}\n}}\n",
        ),
    ]


def test_every_format_strips_escape_payloads_from_every_field(tmp_path: Path) -> None:
    for path in every_format(tmp_path):
        assert_clean(parse_file(path).papers)


def test_atom_with_escapes_keeps_its_entries(tmp_path: Path) -> None:
    ns = 'xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"'
    path = write(
        tmp_path,
        "a.xml",
        f"<feed {ns}><entry><id>http://arxiv.org/abs/2401.00001v1</id>"
        f"<title>T{DIRTY}</title><summary>S{DIRTY}</summary>"
        f"<author><name>A{DIRTY}</name></author><arxiv:doi>10.1/{DIRTY}</arxiv:doi>"
        f'<category term="cs{DIRTY}"/><published>2024-01-02T00:00:00Z</published>'
        "</entry></feed>",
    )
    (paper,) = parse_file(path).papers
    assert_clean([paper])
    assert paper.date == "2024-01-02" and paper.id == "2401.00001"


def test_reader_json_records_without_title_key_stay_apart(tmp_path: Path) -> None:
    papers = [{"title": "One"}, {"title": "Two"}, {"title": "Three", "id": ""}]
    path = write(tmp_path, "r.json", json.dumps({"reader_export": 1, "papers": papers}))
    report = load_sources([path])
    assert [p.title for p in report.papers] == ["One", "Two", "Three"]
    assert len({p.id for p in report.papers}) == 3


def test_one_bad_record_never_fails_the_file(tmp_path: Path) -> None:
    jsonl = write(
        tmp_path,
        "a.jsonl",
        "\n".join(
            json.dumps(record)
            for record in (
                {"id": "0704.0001", "title": "A", "versions": ["v1"]},
                {"id": "0704.0002", "title": "B", "authors_parsed": [[1, 2]]},
                {"id": 7, "title": "C", "categories": 5, "abstract": ["x"]},
                {"id": "0704.0004", "title": ["not", "text"]},
            )
        ),
    )
    parsed = parse_file(jsonl)
    assert [p.title for p in parsed.papers] == ["A", "B", "C"]
    assert [p.where for p in parsed.problems] == ["4"]
    hf = write(
        tmp_path,
        "hf.json",
        '[{"paper": {"id": "2401.00001", "title": "A", "upvotes": "\u00b2"}},\n'
        '{"paper": {"id": "2401.00002", "title": "B", "upvotes": ' + "9" * 5000 + "}},"
        '{"paper": {"id": "2401.00003", "title": "C", "upvotes": 4}}]',
    )
    parsed = parse_file(hf)
    assert [p.title for p in parsed.papers] == ["C"] and parsed.papers[0].upvotes == 4
    assert [p.where for p in parsed.problems] == ["1", "2"]  # the lines they start on
    bib = write(
        tmp_path,
        "b.bib",
        "@misc{a, title = {" + "\\textbf{" * 3000 + "x" + "}" * 3000 + "}}\n\n"
        "@misc{b, title = {Fine}}\n",
    )
    assert [p.title for p in parse_file(bib).papers][-1] == "Fine"


def test_reader_check_names_each_bad_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli_library import check_main

    path = write(tmp_path, "a.jsonl", '{"id": "1", "title": "A"}\n{"title": ["x"]}\n')
    assert check_main([str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{path}:2: no title", f"{path}: 1 paper, 1 skipped"]


def test_fifo_device_and_directory_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    results: list[str] = []

    def parse(path: Path) -> None:
        try:
            parse_file(path)
        except SourceError as error:
            results.append(str(error))

    for path in (fifo, Path("/dev/null"), tmp_path):
        worker = threading.Thread(target=parse, args=(path,), daemon=True)
        worker.start()
        worker.join(5)
        assert not worker.is_alive(), f"{path} blocked"
    assert "not a regular file (a FIFO)" in results[0]
    assert "not a regular file (a device)" in results[1]
    assert "is a directory" in results[2]


def test_huge_sparse_file_is_called_binary_from_its_first_bytes(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as handle:
        handle.write(b"Mar 13\n\nTitle\n\nabstract\n")
        handle.truncate(4 * 1024**3)  # 4 GB of holes after a text head
    with pytest.raises(SourceError, match="binary"):
        parse_file(path)


def test_display_shows_simple_latex_as_unicode_and_keeps_the_source() -> None:
    paper = Paper(id="x", title=r"$\Lambda_{\alpha}$ baryons in $O(n^2)$ by Bal\'azs")
    assert paper.display_title == "\N{GREEK CAPITAL LETTER LAMDA}_\N{GREEK SMALL LETTER ALPHA}" + (
        " baryons in O(n^2) by Bal\xe1zs"
    )
    assert paper.title == r"$\Lambda_{\alpha}$ baryons in $O(n^2)$ by Bal\'azs"
    deep = "\\textbf{" * 3000 + "x" + "}" * 3000
    assert Paper(id="y", title="t", abstract=deep).display_abstract == deep
    assert Paper(id="z", title="Costs $5 and $6").display_title == "Costs $5 and $6"


def test_authors_show_simple_latex_as_unicode_and_keep_the_source() -> None:
    # A tester saw "C. Bal\'azs" in the pane for an arXiv snapshot record.
    paper = Paper(id="x", title="t", authors=(r"C. Bal\'azs", "E. L. Berger", r"J. M\"uller"))
    assert paper.display_authors == ("C. Bal\xe1zs", "E. L. Berger", "J. M\xfcller")
    assert paper.authors == (r"C. Bal\'azs", "E. L. Berger", r"J. M\"uller")


def test_trending_page_structure_with_short_and_empty_abstracts(tmp_path: Path) -> None:
    records = [("Short One", "Tiny."), ("Empty One", ""), ("Short Two", "Also short")]
    body = "".join(f"{title}\r\n\r\n{abstract}\r\n\r\n" for title, abstract in records)
    path = tmp_path / "p.txt"
    path.write_bytes(("\ufeffnew\r\n\r\nMar 13\r\n\r\n" + body).encode())
    parsed = parse_file(path)
    assert [(p.title, p.abstract) for p in parsed.papers] == records
    assert parsed.warning is None


def test_trending_structure_break_is_named_once(tmp_path: Path) -> None:
    text = "Mar 13\n\nTitle A\nAbstract right below\n\nTitle B\n\nAbstract B\nmore of B\n"
    parsed = parse_file(write(tmp_path, "p.txt", text))
    assert [p.title for p in parsed.papers] == ["Title A", "Title B"]
    assert parsed.papers[1].abstract == "Abstract B more of B"
    warning = parsed.warning or ""
    assert f"{tmp_path / 'p.txt'}:4:" in warning and "1 more" in warning and "\n" not in warning


def test_deeply_nested_json_is_refused_without_eating_memory(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(SourceError, match="nested deeper than 64 levels"):
        parse_file(deep)
    later = tmp_path / "later.json"
    later.write_bytes(
        b'[{"title": "Kept"},\n\n\n'
        + b" " * (2 << 20)
        + b'{"title": "x", "y": '
        + b"[" * 500
        + b"]}]"
    )
    parsed = parse_file(later)
    assert [p.title for p in parsed.papers] == ["Kept"]
    assert [p.where for p in parsed.problems] == ["4"]  # its line, past a 2 MB block


def test_latin1_feed_that_declares_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "l1.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Caf\xe9 na\xefve</title>'
        b"</entry></feed>"
    )
    parsed = parse_file(path)
    assert parsed.papers[0].title == "Caf\xe9 na\xefve"
    assert "not UTF-8; read as" in (parsed.warning or "")


def test_merged_paper_keeps_doi_and_journal_ref_from_either_source(tmp_path: Path) -> None:
    hf = write(tmp_path, "hf.json", json.dumps([{"paper": {"id": "0704.0001", "title": "T"}}]))
    snapshot = write(
        tmp_path,
        "a.jsonl",
        json.dumps(
            {
                "id": "0704.0001",
                "title": "T",
                "doi": "10.1/x",
                "journal-ref": "J 1",
                "update_date": "2008-11-13",
            }
        )
        + "\n",
    )
    (paper,) = load_sources([hf, snapshot]).papers
    assert (paper.doi, paper.journal_ref, paper.update_date) == ("10.1/x", "J 1", "2008-11-13")
