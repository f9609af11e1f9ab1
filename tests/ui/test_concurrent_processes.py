"""Real processes: two TUIs and an API writer edit the same papers at once; nothing is lost.

Each writer (tests/concurrent_writer.py) adds and removes only tags named after itself, sets
the status only of its own paper, and appends unique tokens to shared notes, through the
tag dialog, bulk tags on marked papers, the note dialog, the status keys, undo and redo.  So
each one knows, from its own actions alone, what the file must hold of its changes; any
difference is a lost change (a tag gone or back, a status, a note token).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from reader.core.annotations import AnnotationStore
from tests.conftest import REPO

WRITER = REPO / "tests" / "concurrent_writer.py"
TUI_OPS = 25
API_OPS = 520  # at least this many by the API alone: >= 500 changes whatever the load


def lost_changes(expected: dict[str, object], records: dict[str, dict[str, object]]) -> list[str]:
    lost = []
    ids = expected["ids"]
    assert isinstance(ids, list)
    who = str(expected["who"])
    tags_of = expected["tags"]
    assert isinstance(tags_of, dict)
    notes = " ".join(str(record.get("note", "")) for record in records.values())
    for index, paper_id in enumerate(ids):
        stored = records.get(paper_id, {}).get("tags", [])
        assert isinstance(stored, list)
        mine = {tag for tag in stored if tag.startswith(who)}
        want = set(tags_of[str(index)])
        lost += [f"{paper_id}: tag {tag} gone" for tag in want - mine]
        lost += [f"{paper_id}: removed tag {tag} back" for tag in mine - want]
    owned = ids[int(str(expected["owned"]))]
    status = records.get(owned, {}).get("status", "unread")
    if status != expected["status"]:
        lost.append(f"{owned}: status {status}, {who} left it {expected['status']}")
    note_tokens = expected["notes"]
    assert isinstance(note_tokens, dict)
    words = set(notes.split())
    lost += [
        f"note token {token} gone"
        for token, kept in note_tokens.items()
        if kept and token not in words
    ]
    return lost


def test_two_tuis_and_an_api_writer_lose_no_change(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    AnnotationStore.open(db)
    started = time.monotonic()

    def spawn(mode: str, who: str, owned: int, ops: int, seed: int) -> subprocess.Popen[str]:
        out = tmp_path / f"{who}.json"
        argv = [sys.executable, str(WRITER), mode, str(db), who, str(owned), str(ops), str(seed)]
        return subprocess.Popen(
            [*argv, str(out)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    api = spawn("api", "c", 2, API_OPS, 3)
    tuis = [spawn("tui", "a", 0, TUI_OPS, 1), spawn("tui", "b", 1, TUI_OPS, 2)]
    for tui in tuis:
        _, errors = tui.communicate(timeout=240)
        assert tui.returncode == 0, errors
    (tmp_path / "c.json.stop").touch()
    _, errors = api.communicate(timeout=120)
    assert api.returncode == 0, errors
    elapsed = time.monotonic() - started

    data = json.loads(db.read_text(encoding="utf-8"))
    records = {record["id"]: record for record in data["annotations"].values()}
    results = [json.loads((tmp_path / f"{who}.json").read_text()) for who in "abc"]
    lost = [line for result in results for line in lost_changes(result, records)]
    made = sum(result["changes"] for result in results)
    print(f"\n{made} changes by 2 TUIs and an API writer in {elapsed:.1f} s; lost {len(lost)}")
    assert lost == []
    assert not [result["errors"] for result in results if result["errors"]]
    assert made >= 500
