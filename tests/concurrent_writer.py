"""One writer of the real-process concurrency test: a real TUI (headless) or the Library API.

Run as ``python tests/concurrent_writer.py tui|api DB WHO OWNED_PAPER OPS SEED OUT``.  The API
writer keeps writing after OPS changes until the file ``OUT.stop`` exists (the TUIs are done),
so that it races them for their whole run.

Every writer edits the same few papers at the same time as the others, through the same
paths a person uses (tag dialog, bulk tags on marked papers, note dialog, status keys, undo
and redo), but only ever adds or removes tags named after itself, and only sets the status
of the one paper it owns.  So whatever the interleaving, what the file must hold of *its*
changes is known from its own actions alone: it writes that expectation to OUT (JSON),
with the number of acknowledged changes, and the test counts what the file lost.

Notes are appended to (each append a unique token).  A token must be in the final note
unless its writer undid the append; after such an undo it may stay (as a conflict copy,
when another writer changed the note meanwhile), so it is then not counted.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAPERS = 4  # every writer edits papers 0..3 of the bundled sample
CYCLE = ("unread", "reading", "read")


@dataclass
class Model:
    """What this writer's own changes must have left in the file."""

    who: str
    owned: int
    tags: dict[int, set[str]] = field(default_factory=lambda: {i: set() for i in range(PAPERS)})
    status: str = "unread"
    notes: dict[str, bool] = field(default_factory=dict)
    """Token -> True: must be present; False: undone (may or may not be present)."""
    undo: list[list[tuple[str, int, str]]] = field(default_factory=list)
    redo: list[list[tuple[str, int, str]]] = field(default_factory=list)
    changes: int = 0
    counter: int = 0
    ids: list[str] = field(default_factory=list)

    def new_name(self, kind: str) -> str:
        self.counter += 1
        return f"{self.who}{kind}{self.counter}"

    def did(self, step: list[tuple[str, int, str]]) -> None:
        """Record an acknowledged step: (kind, paper, value) effects."""
        for effect in step:
            self._apply(effect)
        self.changes += 1
        self.undo.append(step)
        self.redo.clear()

    def _apply(self, effect: tuple[str, int, str]) -> None:
        kind, paper, value = effect
        if kind == "add":
            self.tags[paper].add(value)
        elif kind == "remove":
            self.tags[paper].discard(value)
        elif kind == "status":
            self.status = value.split(">")[1]
        elif kind == "note":
            self.notes[value] = True
        elif kind == "unnote":
            self.notes[value] = False

    @staticmethod
    def _inverse(effect: tuple[str, int, str]) -> tuple[str, int, str]:
        kind, paper, value = effect
        if kind == "status":
            before, after = value.split(">")
            return ("status", paper, f"{after}>{before}")
        opposite = {"add": "remove", "remove": "add", "note": "unnote", "unnote": "note"}
        return (opposite[kind], paper, value)

    def undone(self) -> None:
        step = [self._inverse(effect) for effect in self.undo.pop()]
        for effect in step:
            self._apply(effect)
        self.redo.append(step)
        self.changes += 1

    def redone(self) -> None:
        step = [self._inverse(effect) for effect in self.redo.pop()]
        for effect in step:
            self._apply(effect)
        self.undo.append(step)
        self.changes += 1

    def dump(self, errors: list[str]) -> dict[str, Any]:
        return {
            "who": self.who,
            "owned": self.owned,
            "tags": {str(paper): sorted(tags) for paper, tags in self.tags.items()},
            "status": self.status,
            "notes": self.notes,
            "changes": self.changes,
            "ids": self.ids,
            "errors": errors,
        }


def choose(rng: random.Random, model: Model) -> str:
    kinds = ["tag", "tag", "untag", "bulk", "status", "note", "undo", "undo", "redo"]
    kind = rng.choice(kinds)
    if kind == "untag" and not any(model.tags.values()):
        kind = "tag"
    if (kind == "undo" and not model.undo) or (kind == "redo" and not model.redo):
        kind = "tag"
    return kind


# The TUI writer -----------------------------------------------------------------------------


async def run_tui(db: Path, model: Model, ops: int, rng: random.Random) -> list[str]:
    from textual.widgets import Input, TextArea

    from reader.cli import make_app

    app = make_app(db_path=db)
    errors: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:

        async def settle() -> None:
            await pilot.pause()
            await app.saver.drain()
            await pilot.pause()

        async def dialog_open() -> None:
            # Another writer's save lands while the dialog is open; now and then the
            # window's poller (every 0.5 s) reloads it before the reader presses Enter.
            await pilot.pause(0.6 if rng.random() < 0.15 else rng.uniform(0, 0.03))

        def errors_shown() -> int:
            return sum(n.severity == "error" for n in app._notifications)

        await settle()
        model.ids = [paper.id for paper in app.library.papers[:PAPERS]]
        app.paper_list.focus()
        for _ in range(ops):
            shown = errors_shown()
            kind = choose(rng, model)
            paper = rng.randrange(PAPERS)
            step: list[tuple[str, int, str]] = []
            if kind in ("tag", "untag"):
                mine = sorted(model.tags[paper])
                if kind == "untag" and not mine:
                    paper = rng.choice([p for p in range(PAPERS) if model.tags[p]])
                    mine = sorted(model.tags[paper])
                app.paper_list.go_to(paper)
                await pilot.press("t")
                await dialog_open()
                field_ = app.screen.query_one(Input)
                from reader.core.changes import parse_tags

                tags = list(parse_tags(field_.value))
                if kind == "tag":
                    name = model.new_name("t")
                    tags.append(name)
                    step = [("add", paper, name)]
                else:
                    name = rng.choice(mine)
                    tags = [tag for tag in tags if tag != name]
                    step = [("remove", paper, name)]
                field_.value = ", ".join(tags)
                await pilot.press("enter")
            elif kind == "bulk":
                first, second = rng.sample(range(PAPERS), 2)
                for index in (first, second):
                    app.paper_list.go_to(index)
                    await pilot.press("space")
                await pilot.press("t")
                await dialog_open()
                field_ = app.screen.query_one(Input)
                name = model.new_name("b")
                field_.value = f"{field_.value}, {name}" if field_.value else name
                await pilot.press("enter")
                step = [("add", first, name), ("add", second, name)]
                await settle()
                app.paper_list.marked = set()
            elif kind == "status":
                app.paper_list.go_to(model.owned)
                if rng.random() < 0.7:
                    await pilot.press("s")
                    after = CYCLE[(CYCLE.index(model.status) + 1) % len(CYCLE)]
                else:
                    await pilot.press("r")
                    after = "read"
                if after != model.status:
                    step = [("status", model.owned, f"{model.status}>{after}")]
            elif kind == "note":
                app.paper_list.go_to(paper)
                await pilot.press("n")
                await dialog_open()
                token = model.new_name("n")
                app.screen.query_one(TextArea).insert(f"\n{token}")
                await pilot.press("ctrl+s")
                step = [("note", paper, token)]
            await settle()
            if errors_shown() > shown:
                errors.append(f"{kind}: {app._notifications}")
                continue
            if kind == "undo":
                await pilot.press("u")
                await settle()
                model.undone()
            elif kind == "redo":
                await pilot.press("ctrl+r")
                await settle()
                model.redone()
            elif step:
                model.did(step)
            if errors_shown() > shown:
                errors.append(f"{kind}: error shown")
        await settle()
    return errors


# The API writer -----------------------------------------------------------------------------


def run_api(db: Path, model: Model, ops: int, rng: random.Random, stop: Path) -> list[str]:
    import time

    from reader.core.annotations import AnnotationStore
    from reader.core.changes import Applied
    from reader.core.library import Library
    from reader.core.models import Status
    from reader.core.paths import bundled_sample
    from reader.core.sources import load_sources

    papers = load_sources([bundled_sample()]).papers
    library = Library(papers, AnnotationStore.open(db), "api")
    model.ids = [paper.id for paper in papers[:PAPERS]]
    history: list[list[Applied]] = []
    future: list[list[Applied]] = []
    errors: list[str] = []
    done = 0
    while done < ops or not stop.exists():
        done += 1
        time.sleep(0.02)  # leave the TUIs some of the two cores
        kind = choose(rng, model)
        if kind == "bulk":
            kind = "tag"
        paper_index = rng.randrange(PAPERS)
        paper = papers[paper_index]
        if kind == "undo":
            step = history.pop()
            future.append([library.apply(applied.inverse()) for applied in step])
            model.undone()
            continue
        if kind == "redo":
            step = future.pop()
            history.append([library.apply(applied.inverse()) for applied in step])
            model.redone()
            continue
        opened_with = library.annotation(paper)
        time.sleep(rng.uniform(0, 0.01))  # the dialog is open
        if kind == "tag":
            name = model.new_name("t")
            applied = library.set_tags(paper, (*opened_with.tags, name), base=opened_with.tags)
            effects = [("add", paper_index, name)]
        elif kind == "untag":
            paper_index = rng.choice([p for p in range(PAPERS) if model.tags[p]])
            paper = papers[paper_index]
            opened_with = library.annotation(paper)
            name = rng.choice(sorted(model.tags[paper_index]))
            kept = tuple(tag for tag in opened_with.tags if tag != name)
            applied = library.set_tags(paper, kept, base=opened_with.tags)
            effects = [("remove", paper_index, name)]
        elif kind == "status":
            status = rng.choice(CYCLE)
            applied = library.set_status(papers[model.owned], Status(status))
            effects = (
                [("status", model.owned, f"{model.status}>{status}")]
                if status != model.status
                else []
            )
        else:
            token = model.new_name("n")
            applied = library.set_note(paper, f"{opened_with.note}\n{token}", base=opened_with.note)
            effects = [("note", paper_index, token)]
        if applied.changed != bool(effects):  # e.g. its own tag was gone: counted as lost
            errors.append(f"{kind}: the file did not hold what this writer left: {applied}")
        elif effects:
            history.append([applied])
            future.clear()
            model.did(effects)
    return errors


def main(argv: list[str]) -> int:
    mode, db, who, owned, ops, seed, out = argv
    model = Model(who, int(owned))
    rng = random.Random(int(seed))
    if mode == "tui":
        errors = asyncio.run(run_tui(Path(db), model, int(ops), rng))
    else:
        errors = run_api(Path(db), model, int(ops), rng, Path(out + ".stop"))
    Path(out).write_text(json.dumps(model.dump(errors)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
