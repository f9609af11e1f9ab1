"""Real processes and files: SIGKILL mid-save, a full disk, two writers at once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.annotations import AnnotationStore

WRITER = """
import sys
from pathlib import Path
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.models import Status
store = AnnotationStore.open(Path(sys.argv[1]))
number = int(sys.argv[2])
while True:
    store.apply(Change(f"p{number}", add_tags=(f"t{number}",), note="n" * 200,
                       status=Status.READING))
    print(number, flush=True)
    number += 1
"""


def spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_sigkill_at_random_moments_never_loses_an_acknowledged_change(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    rng = random.Random(20261128)
    acknowledged: set[int] = set()
    next_number = 0
    kills = 200
    for _ in range(kills):
        child = spawn(WRITER, str(db), str(next_number))
        assert child.stdout is not None
        first = child.stdout.readline()  # the first save is on disk
        time.sleep(rng.uniform(0, 0.03))  # then die somewhere in a later save
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        for line in (first + rest).split():
            acknowledged.add(int(line))
        store = AnnotationStore.open(db)  # must open every time
        missing = [n for n in acknowledged if f"t{n}" not in store.get(f"p{n}").tags]
        assert missing == []
        next_number = max(acknowledged, default=next_number) + 1000
    assert len(acknowledged) >= kills
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []  # stale temp files are cleaned at open


FULL_DISK = """
import json, resource, signal, sys
from pathlib import Path
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.storage import DatabaseError
path = Path(sys.argv[1])
store = AnnotationStore.open(path)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = path.stat().st_size + 100
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    store.apply(Change("big", note="x" * 10_000))
except DatabaseError as error:
    print(json.dumps({"error": str(error)}))
else:
    print(json.dumps({"error": None}))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE semantics")
def test_full_disk_leaves_the_previous_file_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    store = AnnotationStore.open(db)
    from reader.core.changes import Change

    store.apply(Change("keep", note="precious"))
    before = db.read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(db)], capture_output=True, text=True, check=True
    )
    error = json.loads(result.stdout)["error"]
    assert error is not None and "could not save" in error and str(db) in error
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


CONCURRENT = """
import sys
from pathlib import Path
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.models import Status
store = AnnotationStore.open(Path(sys.argv[1]), lock_timeout=30)
who = sys.argv[2]
for number in range(300):
    paper = f"p{number % 30}"
    if number % 3 == 0:
        store.apply(Change(f"{who}-note-{number}", note=f"{who} {number}"))
    elif number % 3 == 1:
        store.apply(Change(f"{who}-status-{number}", status=Status.READ))
    else:
        store.apply(Change(paper, add_tags=(f"{who}{number}",)))
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    AnnotationStore.open(db)
    writers = [spawn(CONCURRENT, str(db), who) for who in ("a", "b")]
    for writer in writers:
        _, errors = writer.communicate(timeout=300)
        assert writer.returncode == 0, errors
    store = AnnotationStore.open(db)
    present = 0
    for who in ("a", "b"):
        for number in range(300):
            if number % 3 == 0:
                present += store.get(f"{who}-note-{number}").note == f"{who} {number}"
            elif number % 3 == 1:
                present += store.get(f"{who}-status-{number}").status.value == "read"
            else:
                present += f"{who}{number}" in store.get(f"p{number % 30}").tags
    assert present == 600
    json.loads(db.read_text())  # still one valid JSON document
