"""Copy-on-write sessions: copies made on the first write only, hashed names, a cap, reset."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from synthdb.mock.sessions import Sessions


def snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "snap.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    return path


def test_copies_on_first_write_only_and_reset(tmp_path: Path) -> None:
    sessions = Sessions(snapshot(tmp_path), tmp_path / "sessions", cap=3)
    assert sessions.read_path("a") == (sessions.snapshot, True)
    copy = sessions.write_path("a")
    assert copy.parent == tmp_path / "sessions" and copy.read_bytes() == sessions.snapshot.read_bytes()
    assert sessions.read_path("a") == (copy, False)
    assert sessions.read_path("b") == (sessions.snapshot, True)
    assert sessions.reset("a") is True and sessions.reset("a") is False
    assert sessions.read_path("a") == (sessions.snapshot, True)


def test_hostile_names_stay_inside_and_the_cap_holds(tmp_path: Path) -> None:
    sessions = Sessions(snapshot(tmp_path), tmp_path / "sessions", cap=3)
    names = ["../../etc/passwd", "/abs", "a\0b", "x" * 5000, "e", "f"]
    for number, name in enumerate(names):
        path = sessions.write_path(name)
        os.utime(path, (number, number))  # distinct ages, oldest first
        assert path.parent == tmp_path / "sessions"
    kept = sorted(p.name for p in (tmp_path / "sessions").iterdir())
    assert len(kept) == 3
    # The least recently written went first.
    assert sessions.read_path("f")[1] is False and sessions.read_path("../../etc/passwd")[1] is True
