"""Start the app headless, print the wall-clock time of its first refresh, and exit.

Run as a child process by bench/run.py so interpreter start-up and imports are counted.
``bare`` starts a minimal Textual app instead, as the baseline.
With READER_PROBE_EXIT_AT_PAINT set the process ends at the first paint (for valgrind).
"""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
import time
from pathlib import Path
from typing import Any

from textual.app import App

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.memory import peak_rss_mb


def probe(app: App[Any], wait_for_index: bool = False, query: str | None = None) -> None:
    """Make ``app`` print the time and exit right after its first screen is drawn."""
    base = type(app)

    class Probe(base):  # type: ignore[valid-type,misc]
        async def on_mount(self) -> None:
            # Before the app's own after-refresh work (it starts the index build then),
            # so the time is the first paint's, not the paint plus the worker's start.
            self.call_after_refresh(self.painted)
            if hasattr(super(), "on_mount"):
                mounted = super().on_mount()
                if inspect.isawaitable(mounted):  # ReaderApp.on_mount is async: run it all
                    await mounted
            self.call_after_refresh(self.report)

        def painted(self) -> None:
            self.painted_at = time.time()
            print(f"{self.painted_at:.6f}", flush=True)
            # CPU seconds of the whole process (every thread) up to the first paint: on a
            # shared machine this is steadier than the wall clock.
            print(f"cpu {time.process_time():.3f}", file=sys.stderr, flush=True)
            if os.environ.get("READER_PROBE_EXIT_AT_PAINT"):
                # For instruction counts (valgrind) of the way to the first paint alone,
                # without the shutdown and the after-paint work.
                os._exit(0)

        def report(self) -> None:
            if query is not None:  # typed at first paint: the first answer, as a worker gets it
                library = self.library
                answer = library.search(query) if library.index_ready else next(library.scan(query))
                print(f"{time.time():.6f} {len(answer)}", flush=True)
            if wait_for_index:  # the app's own build started after the paint: wait for it
                self.library.build_index()
                # Seconds from the first paint until the index was complete and on disk.
                print(f"built {time.time() - self.painted_at:.3f}", file=sys.stderr, flush=True)
            print(f"{peak_rss_mb():.1f}", flush=True)
            self.exit()

    app.__class__ = Probe


def main() -> None:
    mode, *files = sys.argv[1:]
    wait_for_index = "--index" in files
    query = next((f.removeprefix("--query=") for f in files if f.startswith("--query=")), None)
    files = [f for f in files if f != "--index" and not f.startswith("--query=")]
    if mode == "bare":
        from textual.widgets import Footer, Static

        class Bare(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield Static("hello")
                yield Footer()

        app: App[Any] = Bare()
    else:
        from reader.cli import make_app

        app = make_app([Path(f) for f in files], db_path=Path(mode))  # no files: the library
    probe(app, wait_for_index, query)

    async def run() -> None:
        async with app.run_test(size=(120, 40)):
            while app.is_running:
                await asyncio.sleep(0.001)

    asyncio.run(run())


if __name__ == "__main__":
    main()
