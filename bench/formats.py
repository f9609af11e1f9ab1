"""Parse time and peak memory per format at 10,000 and 100,000 papers, and library launch.

Usage: python bench/formats.py [--quick] [--parse-only]   (--quick: 10,000 papers only)
Each parse runs in a fresh process so its peak memory (VmHWM) is its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate_papers, write_trending_page

CHILD = """
import sys, time
from pathlib import Path
from reader.core.sources import parse_file
start = time.perf_counter()
parsed = parse_file(Path(sys.argv[1]))
elapsed = time.perf_counter() - start
peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]
print(len(parsed.papers), elapsed, int(peak) / 1024)
"""


def write_format(kind: str, path: Path, count: int, first_id: int = 0) -> Path:
    """Write ``count`` generated papers in ``kind``; ids start at ``first_id``."""
    papers = generate_papers(count, seed=7 + first_id)
    if kind == "trending":
        return write_trending_page(path, count)
    with path.open("w", encoding="utf-8") as out:
        if kind == "hf-daily":
            items = [
                {
                    "paper": {
                        "id": f"24{(first_id + n) // 100000:02d}.{(first_id + n) % 100000:05d}",
                        "title": t,
                        "summary": a,
                        "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}],
                        "publishedAt": "2024-01-02T00:00:00.000Z",
                        "upvotes": n % 50,
                    }
                }
                for n, (t, a) in enumerate(papers)
            ]
            json.dump(items, out)
        elif kind == "reader-json":
            records = [
                {
                    "id": f"24{(first_id + n) // 100000:02d}.{(first_id + n) % 100000:05d}",
                    "title": t,
                    "abstract": a,
                    "authors": ["Ada Lovelace", "Alan Turing"],
                    "date": "2024-01-02",
                    "annotation": {"status": "read", "tags": ["x"], "note": ""},
                }
                for n, (t, a) in enumerate(papers)
            ]
            json.dump({"reader_export": 1, "papers": records}, out)
        elif kind == "arxiv-jsonl":
            for n, (t, a) in enumerate(papers):
                out.write(
                    json.dumps(
                        {
                            "id": f"24{(first_id + n) // 100000:02d}.{(first_id + n) % 100000:05d}",
                            "title": t,
                            "abstract": a,
                            "authors": "Ada Lovelace and Alan Turing",
                            "categories": "cs.CL cs.LG",
                            "update_date": "2024-01-02",
                        }
                    )
                    + "\n"
                )
        elif kind == "atom":
            out.write('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n')
            for n, (t, a) in enumerate(papers):
                out.write(
                    f"<entry><id>http://arxiv.org/abs/2401.{first_id + n:05d}v1</id>"
                    f"<title>{t}</title>"
                    f"<summary>{a}</summary><author><name>Ada Lovelace</name></author>"
                    "<published>2024-01-02T00:00:00Z</published></entry>\n"
                )
            out.write("</feed>\n")
        elif kind == "bibtex":
            for n, (t, a) in enumerate(papers):
                out.write(
                    f"@misc{{key{n},\n  title = {{{t}}},\n  author = {{Lovelace, Ada}},\n"
                    f"  year = {{2024}},\n  eprint = {{2401.{first_id + n:05d}}},\n"
                    f"  abstract = {{{a}}}\n}}\n\n"
                )
    return path


def main() -> None:
    sizes = [10_000] if "--quick" in sys.argv else [10_000, 100_000]
    library_only = "--library-only" in sys.argv
    parse_only = "--parse-only" in sys.argv
    kinds = ["trending", "hf-daily", "arxiv-jsonl", "atom", "bibtex", "reader-json"]
    print("Parse time and peak memory by format (fresh process each)")
    print(f"  {'format':<12} {'papers':>8} {'file':>9} {'parse':>9} {'peak RSS':>9}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for count in [] if library_only else sizes:
            for kind in kinds:
                path = write_format(kind, folder / f"{kind}-{count}", count)
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                size = path.stat().st_size / 1024 / 1024
                print(
                    f"  {kind:<12} {int(out[0]):>8,} {size:>7.0f}MB {float(out[1]):>8.2f}s "
                    f"{float(out[2]):>7.0f}MB"
                )
                path.unlink()
        if parse_only:
            return
        count = sizes[-1]
        print(f"(library of {count:,} distinct papers)")
        library = folder / "library"
        library.mkdir()
        per_file = count // 10
        for part in range(10):
            write_format(
                "hf-daily",
                library / f"hf-daily-2024-01-{part + 1:02d}.json",
                per_file,
                first_id=part * per_file,
            )
        probe = Path(__file__).resolve().parent / "launch_probe.py"
        env = {**os.environ, "READER_LIBRARY": str(library), "READER_CACHE": str(folder / "c")}
        print(f"\nLaunch with a library of {count:,} papers (10 daily-papers files)")
        for label, extra in (
            ("first launch", []),
            ("(build index)", ["--index"]),
            ("cached launch", []),
        ):
            start = time.time()
            out = subprocess.run(
                [sys.executable, str(probe), str(folder / "db.json"), *extra],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            ).stdout
            first, peak = out.strip().splitlines()[-2:]
            if label != "(build index)":
                print(
                    f"  {label:<14} {(float(first) - start) * 1000:>7,.0f} ms to first screen, "
                    f"peak {float(peak):,.0f} MB"
                )


if __name__ == "__main__":
    main()
