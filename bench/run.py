"""Benchmarks for reader: launch, per-keystroke search vs a rapidfuzz baseline, saves.

Usage: python bench/run.py [--quick]     (--quick skips 100,000 papers)
Prints tables; numbers are medians unless noted.  Generated corpora: titles ~70 chars,
abstracts ~1,600, words drawn from the bundled sample plus rare made-up words.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import SAMPLE, generate_papers, write_trending_page
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.library import Library
from reader.core.models import Paper, Status
from reader.core.text import make_paper_id

QUERIES = [
    "small language",
    "lora",
    "distil step",
    "sam clip",
    "trnsformer",
    "tag:x status:unread model",
]
PROBE = Path(__file__).resolve().parent / "launch_probe.py"
MS = 1000.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def launch(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Return (seconds from spawn to first screen, peak RSS MB) of one launch."""
    start = time.time()
    output = subprocess.run(
        [sys.executable, str(PROBE), *args], capture_output=True, text=True, check=True, env=env
    ).stdout
    lines = output.strip().splitlines()
    return float(lines[-2]) - start, float(lines[-1])


def median_launch(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [launch(args, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def keystrokes(search: Callable[[str], object]) -> list[float]:
    """Time every prefix of every query, typed one character at a time."""
    times = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            search(query[:end])
            times.append(time.perf_counter() - start)
    return times


def baseline(papers: list[Paper], budget: float) -> tuple[float, int]:
    """Median seconds of rapidfuzz.process.extract (WRatio) over title+abstract.

    Full queries only (each keystroke would take too long at scale), stopping once
    ``budget`` seconds are spent; returns (median, queries measured).
    """
    from rapidfuzz import fuzz, process

    choices = [f"{paper.title} {paper.abstract}" for paper in papers]
    times: list[float] = []
    spent = 0.0
    for query in QUERIES:
        start = time.perf_counter()
        process.extract(query, choices, scorer=fuzz.WRatio, limit=50)
        times.append(time.perf_counter() - start)
        spent += times[-1]
        if spent > budget:
            break
    return statistics.median(times), len(times)


def search_table(sizes: list[int], folder: Path) -> None:
    print("\nPer-keystroke search: the 6 issue queries typed one character at a time")
    header = (
        f"  {'papers':>8} {'index build':>12} {'median':>8} {'p95':>8} {'max':>8}"
        f"   {'rapidfuzz WRatio (full query)':>30} {'ratio':>8}"
    )
    print(header)
    for count in sizes:
        papers = [
            Paper(id=make_paper_id(t), title=t, abstract=a) for t, a in generate_papers(count)
        ]
        library = Library(papers, AnnotationStore.open(folder / f"db-{count}.json"), "bench")
        library.set_tags(papers[0], ("x",))
        start = time.perf_counter()
        library.build_index()
        built = time.perf_counter() - start
        times = keystrokes(library.search)
        base, measured = baseline(papers, budget=30 if count >= 100_000 else 60)
        median = statistics.median(times)
        print(
            f"  {count:>8,} {built:>10.1f} s {median * MS:>6.2f}ms "
            f"{percentile(times, 0.95) * MS:>6.2f}ms {max(times) * MS:>6.2f}ms"
            f"   {base * MS:>18,.0f} ms ({measured} q) {base / median:>7,.0f}x"
        )


def save_times(annotated: int, saves: int = 50) -> tuple[list[float], int]:
    """Time single saves into a database already holding ``annotated`` records."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "annotations.json"
        AnnotationStore.open(path)
        data = json.loads(path.read_text())
        note = "A note of about five hundred characters. " * 12
        data["annotations"] = {
            str(number + 1): {
                "id": f"p{number}",
                "title": f"Paper {number}",
                "status": "reading",
                "tags": ["bench", "llm"],
                "note": note,
                "created": "2026-01-01T00:00:00+00:00",
                "updated": "2026-01-01T00:00:00+00:00",
            }
            for number in range(annotated)
        }
        path.write_text(json.dumps(data))
        store = AnnotationStore.open(path)
        times = []
        for number in range(saves):
            start = time.perf_counter()
            store.apply(Change(f"p{number % annotated}", status=Status.READ, note=f"n{number}"))
            times.append(time.perf_counter() - start)
        return times, path.stat().st_size


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 3
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    print("reader benchmarks (this machine: 2 cores)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {**os.environ, "READER_CACHE": str(folder / "cache")}
        db = str(folder / "db.json")
        print("\nLaunch to first screen (spawn -> first paint at 120x40), peak RSS")
        rows = [("bare Textual app", ["bare"]), ("reader, bundled sample (80)", [db, str(SAMPLE)])]
        for count in sizes[1:]:
            page = write_trending_page(folder / f"{count}.txt", count)
            rows.append((f"reader, {count:,} papers, first launch", [db, str(page)]))
            rows.append((f"reader, {count:,} papers, cached launch", [db, str(page), "--wait"]))
        for label, args in rows:
            if args[-1] == "--wait":
                launch([*args[:-1], "--index"], env)  # first run builds and caches the index
                args = args[:-1]
            seconds, rss = median_launch(args, env, runs if "first" not in label else 1)
            print(f"  {label:<40} {seconds * MS:>7,.0f} ms   {rss:>6,.0f} MB")
            if "first" in label:
                env["READER_CACHE"] = str(folder / f"cache-{label.split()[1]}")
        search_table(sizes, folder)

    print("\nSave one annotation (lock, write temp, fsync, rename, fsync folder)")
    for count in (100, 1_000, 10_000):
        times, size = save_times(count)
        print(
            f"  {count:>6,} annotated papers (500-char notes): median "
            f"{statistics.median(times) * MS:6.2f} ms, p95 {percentile(times, 0.95) * MS:6.2f} "
            f"ms, file {size / 1024:,.0f} KiB"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n(benchmark process peak RSS {peak:,.0f} MB)")


if __name__ == "__main__":
    main()
