"""Benchmarks for reader: launch, per-keystroke search, and save latency. Prints a table.

Usage: python bench/run.py [--quick]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import SAMPLE, generate_papers, write_trending_page
from reader.core.annotations import AnnotationStore, Change
from reader.core.models import Paper, Status
from reader.core.search import SearchIndex
from reader.core.text import make_paper_id

QUERIES = ["small language", "lora", "distil step", "sam clip", "trnsformer"]
PROBE = Path(__file__).resolve().parent / "launch_probe.py"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def launch_seconds(args: list[str], runs: int) -> float:
    """Median wall time from spawning the process to its first painted screen."""
    times = []
    for _ in range(runs):
        start = time.time()
        output = subprocess.run(
            [sys.executable, str(PROBE), *args], capture_output=True, text=True, check=True
        ).stdout
        times.append(float(output.strip().splitlines()[-1]) - start)
    return statistics.median(times)


def keystroke_times(search: Callable[[str], object]) -> list[float]:
    """Time every prefix of every query, as if typed one character at a time."""
    times = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            search(query[:end])
            times.append(time.perf_counter() - start)
    return times


def papers_for(count: int) -> list[Paper]:
    return [
        Paper(id=make_paper_id(title), title=title, abstract=abstract)
        for title, abstract in generate_papers(count)
    ]


def save_times(annotated: int, saves: int = 50) -> tuple[list[float], int]:
    """Time single saves into a database that already holds ``annotated`` records."""
    import json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "annotations.json"
        AnnotationStore.open(path)  # creates the file with its schema record
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
    runs = 3 if quick else 5
    ms = 1000.0
    print("reader benchmarks (2-core machine; medians unless noted)\n")

    with tempfile.TemporaryDirectory() as folder:
        big = write_trending_page(Path(folder) / "10k.txt", 10_000)
        db = str(Path(folder) / "db.json")
        print("Launch to first screen (process start -> first paint, 120x40)")
        bare = launch_seconds(["bare"], runs)
        print(f"  bare Textual app              {bare * ms:8.0f} ms")
        sample = launch_seconds([db, str(SAMPLE)], runs)
        print(f"  reader, bundled sample (80)   {sample * ms:8.0f} ms")
        ten_k = launch_seconds([db, str(big)], runs)
        print(f"  reader, 10,000 papers         {ten_k * ms:8.0f} ms")

    print("\nPer-keystroke search (queries typed one character at a time)")
    print(f"  {'papers':>8} {'index build':>12} {'median':>9} {'p95':>9} {'max':>9}")
    for count in (1_000, 10_000):
        papers = papers_for(count)
        start = time.perf_counter()
        index = SearchIndex(papers)
        built = time.perf_counter() - start
        times = keystroke_times(index.search)
        print(
            f"  {count:>8,} {built * ms:>10.0f}ms {statistics.median(times) * ms:>7.2f}ms "
            f"{percentile(times, 0.95) * ms:>7.2f}ms {max(times) * ms:>7.2f}ms"
        )

    print("\nSave one annotation (lock, write temp, fsync, rename, fsync folder)")
    for count in (1_000,) if quick else (100, 1_000, 10_000):
        times, size = save_times(count)
        print(
            f"  {count:>6,} annotated papers: median {statistics.median(times) * ms:6.2f} ms, "
            f"p95 {percentile(times, 0.95) * ms:6.2f} ms, file {size / 1024:,.0f} KiB"
        )


if __name__ == "__main__":
    main()
