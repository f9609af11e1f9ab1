from pathlib import Path

from reader.core.formats.trending import is_date_line, parse_trending_page
from reader.core.sources import parse_file


def test_sample_has_80_papers_in_order(sample_path: Path) -> None:
    parsed = parse_file(sample_path)
    papers, warning = parsed.papers, parsed.warning
    assert warning is None
    assert len(papers) == 80
    assert papers[0].title.startswith("SAM-CLIP:")
    assert papers[-1].title.startswith("Large Language Models to Identify Social Determinants")
    assert all(paper.abstract for paper in papers)
    assert {paper.listing_date for paper in papers} == {"Mar 13"}


def test_header_lines_are_not_papers(sample_path: Path) -> None:
    parsed = parse_file(sample_path)
    papers, _ = parsed.papers, parsed.warning
    titles = {paper.title for paper in papers}
    for chrome in ("new", "Subscribe", "Get trending papers in your email inbox!", "Mar 13"):
        assert chrome not in titles


def test_ids_are_stable_and_unique(sample_path: Path) -> None:
    parsed = parse_file(sample_path)
    first, _ = parsed.papers, parsed.warning
    parsed = parse_file(sample_path)
    second, _ = parsed.papers, parsed.warning
    assert [p.id for p in first] == [p.id for p in second]
    assert len({p.id for p in first}) == 80


def test_ids_do_not_depend_on_order_or_whitespace_or_case() -> None:
    abstract = "An abstract. " * 30
    one = parse_trending_page(f"Mar 13\n\nA Title\n\n{abstract}\n\nB Title\n\n{abstract}\n")
    two = parse_trending_page(f"B   title\n\n{abstract}\n\na TITLE\n\n{abstract}\n")
    ids_one = {p.title.casefold(): p.id for p in one.papers}
    ids_two = {" ".join(p.title.split()).casefold(): p.id for p in two.papers}
    assert ids_one == ids_two


def test_date_lines_with_and_without_year_apply_to_papers_below() -> None:
    abstract = "Words " * 60
    text = (
        f"Mar 13\n\nFirst\n\n{abstract}\n\nMar 14, 2024\n\nSecond\n\n{abstract}\n\n"
        f"Third\n\n{abstract}\n"
    )
    papers = parse_trending_page(text).papers
    assert [(p.title, p.listing_date) for p in papers] == [
        ("First", "Mar 13"),
        ("Second", "Mar 14, 2024"),
        ("Third", "Mar 14, 2024"),
    ]


def test_a_title_without_abstract_is_still_a_paper() -> None:
    abstract = "This is the abstract sentence that goes on. " * 10
    text = (
        f"Mar 13\n\nLonely Title Without Abstract\n\n\nSecond Title\n\n{abstract}\n\nLast Title\n"
    )
    page = parse_trending_page(text)
    papers = page.papers
    assert page.warning is None
    assert [(p.title, bool(p.abstract)) for p in papers] == [
        ("Lonely Title Without Abstract", False),
        ("Second Title", True),
        ("Last Title", False),
    ]


def test_any_number_of_header_lines_and_repeated_pages() -> None:
    abstract = "Some abstract words. " * 20
    page = (
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
        "byAK and the research community\n\n{date}\n\n{title}\n\n" + abstract + "\n"
    )
    text = page.format(date="Mar 13", title="One") + page.format(date="Mar 12", title="Two")
    papers = parse_trending_page(text).papers
    assert [(p.title, p.listing_date) for p in papers] == [("One", "Mar 13"), ("Two", "Mar 12")]


def test_is_date_line() -> None:
    for line in ("Mar 13", "Mar 13, 2024", "March 3", "13 Mar 2024", "2024-03-13"):
        assert is_date_line(line), line
    for line in ("Mar 13 papers", "Marching bands", "13", "SAM-CLIP: merging"):
        assert not is_date_line(line), line
