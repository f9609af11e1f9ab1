"""The tantivy engine: typos anywhere in a word, cat:, unknown fields, similar papers,
search while the index builds, and a build interrupted by a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from reader.core import library as library_module
from reader.core import library_search
from reader.core.annotations import AnnotationStore
from reader.core.library import Library, open_library
from reader.core.models import Paper
from reader.core.search_result import highlight_spans

WORDS = [
    "graph",
    "vision",
    "speech",
    "robot",
    "memory",
    "retrieval",
    "diffusion",
    "protein",
    "policy",
    "kernel",
]


def _papers() -> list[Paper]:
    papers = [
        Paper(
            id="2401.00001", title="An agent that plans", abstract="planning", keywords=("cs.AI",)
        ),
        Paper(id="2401.00002", title="A model of language", abstract="text", keywords=("cs.CL",)),
        Paper(
            id="2401.00003",
            title="Transformer circuits",
            abstract="attention heads",
            keywords=("cs.LG", "large language models"),
        ),
        Paper(id="2401.00004", title="Gluon jets", abstract="quarks", keywords=("hep-ph",)),
    ]
    for number in range(40):  # filler that none of the test words is one typo from
        words = " ".join(WORDS[(number + step) % len(WORDS)] for step in range(4))
        papers.append(Paper(id=f"2402.{number:05d}", title=words.title(), abstract=words))
    return papers


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(_papers(), AnnotationStore.open(tmp_path / "db.json"), "test")


def ids(library: Library, query: str) -> list[str]:
    result = library.search(query)
    assert result.error is None, result.error
    return [library.papers[i].id for i in result.indices]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("agnet", "2401.00001"),  # transposition in the middle
        ("modle", "2401.00002"),  # transposition at the end
        ("trasnformer", "2401.00003"),  # transposition, 11 letters
        ("rtansformer", "2401.00003"),  # transposition of the first two letters
        ("tansformer", "2401.00003"),  # a letter missing
        ("xransformer", "2401.00003"),  # the first letter wrong
        ("transfromre", "2401.00003"),  # two edits in an 8+ letter word
    ],
)
def test_typos_anywhere_in_a_word(library: Library, typed: str, wanted: str) -> None:
    assert ids(library, typed)[:1] == [wanted]


def test_short_words_need_no_typo_and_long_typos_highlight(library: Library) -> None:
    assert ids(library, "mdl") == []  # three letters: exact or prefix only
    result = library.search("rtansformer")
    assert highlight_spans("Transformer circuits", result.terms) == [(0, 11)]


def test_exact_beats_prefix_beats_typo(tmp_path: Path) -> None:
    papers = [
        Paper(id="typo", title="Modal logic"),
        Paper(id="prefix", title="Models everywhere"),
        Paper(id="exact", title="Model theory"),
    ]
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")
    assert ids(library, "model") == ["exact", "prefix", "typo"]


def test_cat_matches_categories_and_keywords(library: Library) -> None:
    assert ids(library, "cat:cs.CL") == ["2401.00002"]
    assert ids(library, "cat:hep-ph") == ["2401.00004"]
    assert sorted(ids(library, "cat:cs.*")) == ["2401.00001", "2401.00002", "2401.00003"]
    assert ids(library, 'cat:"large language models"') == ["2401.00003"]
    assert ids(library, "cat:cs.* -cat:cs.LG") == ["2401.00001", "2401.00002"]
    assert ids(library, "category:hep-ph gluon") == ["2401.00004"]


def test_unknown_field_is_explained(library: Library) -> None:
    result = library.search("foo:bar agent")
    assert not result.indices
    assert result.error and "unknown field foo:" in result.error and "cat:" in result.error


def test_tag_filter_combines_with_typo_search(library: Library) -> None:
    library.set_tags(library.papers[2], ("circuits",))
    library.set_tags(library.papers[0], ("circuits",))
    assert ids(library, "tag:circuits trasnformer") == ["2401.00003"]
    assert ids(library, "tag:circuits") == ["2401.00001", "2401.00003"]
    assert "2401.00003" not in ids(library, "-tag:circuits")


def test_similar_papers_exclude_the_paper_itself(tmp_path: Path) -> None:
    papers = [
        Paper(
            id="a", title="Protein folding with diffusion", abstract="protein structure diffusion"
        ),
        Paper(id="b", title="Diffusion for protein design", abstract="protein backbone diffusion"),
        Paper(id="c", title="Speech recognition", abstract="audio transcription speech"),
        Paper(id="d", title="Robot grasping", abstract="robot policy grasp"),
    ]
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")
    similar = [paper.id for paper in library.similar(papers[0])]
    assert similar[:1] == ["b"] and "a" not in similar
    assert "c" not in similar[:1]


def _big_library(tmp_path: Path, count: int) -> Path:
    blocks = ["new", "Subscribe", "Mar 13"]
    for number in range(count):
        words = " ".join(WORDS[(number * 7 + step) % len(WORDS)] for step in range(5))
        abstract = f"We study {words} in paper number {number}. " * 4
        blocks += [f"Paper {number} On {words.title()}", abstract.strip()]
    path = tmp_path / "big.txt"
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


def test_search_while_the_index_builds_answers_by_scanning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_search, "SCAN_FROM", 10)
    library = Library(_papers(), AnnotationStore.open(tmp_path / "db.json"), "test")
    assert not library.index_ready
    scanned = list(library.scan("circuits"))
    assert [library.papers[i].id for i in scanned[-1].indices] == ["2401.00003"]
    assert ids(library, "ti:agent | abs:quarks") == ["2401.00001", "2401.00004"]
    assert not library.index_ready  # answered without building
    library.build_index()
    assert ids(library, "agnet") == ["2401.00001"]  # the index adds typo matching


def test_scan_lists_title_matches_before_abstract_matches(tmp_path: Path) -> None:
    from reader.core.search.scan import scan_search

    papers = [
        Paper(id="1", title="Nothing here", abstract="about graphs"),
        Paper(id="2", title="Graphs of things", abstract="x"),
    ]
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")
    steps = [list(result.indices) for result in scan_search(papers, "graph", library)]
    assert steps[0] == [1] and steps[-1] == [1, 0]
    assert list(scan_search(papers, "graph -things", library))[-1].indices == [0]


CRASH = """
import sys, time
from pathlib import Path
from reader.core import library
from reader.core.library import open_library
from reader.core.search import engine

library.CACHE_FROM_BYTES = 0
original = engine.SearchEngine._commit

def commit_then_hang(self, writer):
    original(self, writer)
    print("committed", flush=True)
    time.sleep(60)

engine.SearchEngine._commit = commit_then_hang
open_library([Path(sys.argv[1])], Path(sys.argv[2])).build_index()
"""


def test_a_build_killed_midway_leaves_a_usable_index_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core import index_cache
    from reader.core.search.engine import SearchEngine

    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    monkeypatch.setattr(library_search, "SCAN_FROM", 100)
    source = _big_library(tmp_path, 120)
    db = tmp_path / "db.json"
    script = tmp_path / "crash.py"
    script.write_text(CRASH)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(
        [sys.executable, str(script), str(source), str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "committed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    again = open_library([source], db)
    assert not again.from_cache and again.cache_key is not None  # the build did not finish
    path = index_cache.index_dir(again.cache_key)
    assert path is not None
    # A build commits each third of its papers (with the real settings: a 100,000-paper
    # file once committed only at its end, so a kill at 50% kept nothing).
    assert SearchEngine(path).indexed_count() == 40  # the committed third survived the kill
    assert len(again.papers) == 120
    assert len(again.search("paper").indices) == 120  # answered at once, by a scan
    again.build_index()  # continues from paper 40
    assert again.indexed == 120 and again.index_ready
    third = open_library([source], db)
    assert third.from_cache and third.index_ready
    assert ids(third, '"paper 77 on"') == [third.papers[77].id]


def test_a_build_commits_each_third_and_at_most_commit_every(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, commits: list[int]
) -> None:
    from reader.core.search import engine

    assert [engine.commit_interval(n) for n in (0, 1, 2, 3, 4, 120, 121)] == [1, 1, 1, 1, 2, 40, 41]
    assert engine.commit_interval(3 * engine.COMMIT_EVERY + 3) == engine.COMMIT_EVERY
    committed = commits
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    library = open_library([_big_library(tmp_path, 100)], tmp_path / "db.json")
    library.build_index()
    assert committed == [34, 68, 100]
    committed.clear()
    memory = engine.SearchEngine(None)  # nothing to keep after a crash: one commit, at the end
    assert memory.add(enumerate(library.papers), every=34) == 100
    assert committed == [100]


def test_results_fetched_page_by_page_keep_the_full_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from reader.core.search import hits

    monkeypatch.setattr(hits, "FIRST_PAGE", 7)
    papers = [
        Paper(id=str(n), title=f"{'model ' * (n % 3 + 1)}x{n}", abstract="model" * (n % 5 == 0))
        for n in range(300)
    ]
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")
    lazy = library.search("model").indices
    assert isinstance(lazy, hits.LazyHits) and len(lazy) == 300
    rank = np.arange(300, dtype=np.int32)  # ties by position, every hit fetched at once
    expected = list(library.build_index().search("model", library, 300, rank).indices)
    assert lazy.index(expected[250]) == 250  # before anything else was read
    assert lazy[:10] == expected[:10] and list(lazy) == expected
    assert 299 not in library.search("x1").indices and 1 in library.search("x1").indices
    assert list(library.search("-model").indices) == []
    library.set_tags(papers[5], ("t",))
    library.set_tags(papers[2], ("t",))
    assert list(library.search("tag:t").indices) == [2, 5]  # filters only: library order


def test_index_status_shows_progress_rate_and_time_left(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.search import engine

    seen: list[str] = []
    original = engine.SearchEngine.add

    def add(
        self: engine.SearchEngine,
        papers: Iterable[tuple[int, Paper]],
        progress: Callable[[int], None] | None = None,
        **kwargs: bool,
    ) -> int:
        def report(done: int) -> None:
            assert progress is not None
            progress(done)
            seen.append(library.index_status())

        return original(self, papers, report, **kwargs)

    monkeypatch.setattr(engine, "PROGRESS_EVERY", 10)
    monkeypatch.setattr(engine.SearchEngine, "add", add)
    assert library.index_status() == "indexing 0%"
    library.build_index()
    assert seen[0].startswith("indexing 23% · ")  # 10 of 44 and seen[0].endswith(" s left")
    assert "/s · " in seen[0] and library.index_status() == ""


def test_opening_the_sample_imports_nothing_heavy(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from reader.core.library import open_library;"
        f"library = open_library([], Path({str(tmp_path / 'db.json')!r}));"
        "print(sorted(m for m in ('numpy', 'tantivy', 'rapidfuzz') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "text",
    ["TinyStories: LoRA and iPhone x_yZ", "GPT4oMini DistilBERT-base", "plain words", "aB", ""],
)
def test_camel_parts_fast_path_matches_the_general_one(text: str) -> None:
    from reader.core.tokens import _camel_parts_unicode, camel_parts

    assert camel_parts(text) == _camel_parts_unicode(text)
    assert camel_parts("Über TinyStories") == ["Tiny", "Stories"]
