"""Copy-on-write state of the mock API: each session (an API key, or an X-Mock-Session header) writes to
its own copy of the snapshot, made on its first write; reset deletes the copy."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

DEFAULT_MAX_SESSIONS = 50


class Sessions:
    """The session copies of one snapshot, under `root`; at most `cap` (the least recently used goes)."""

    def __init__(self, snapshot: Path, root: Path, cap: int = DEFAULT_MAX_SESSIONS) -> None:
        self.snapshot = snapshot
        self.root = root
        self.cap = max(1, cap)
        self._lock = threading.Lock()

    def _path(self, session: str) -> Path:
        # Hashed: a session name is client text and never becomes a path of its own.
        return self.root / (hashlib.sha256(session.encode()).hexdigest()[:40] + ".sqlite")

    def read_path(self, session: str | None) -> tuple[Path, bool]:
        """The file this session reads, and whether it is the (immutable) snapshot itself."""
        if session is not None:
            path = self._path(session)
            if path.exists():
                return path, False
        return self.snapshot, True

    def write_path(self, session: str) -> Path:
        """The session's own copy, made now if it has none."""
        path = self._path(session)
        with self._lock:
            if path.exists():
                os.utime(path)
                return path
            self.root.mkdir(parents=True, exist_ok=True)
            copies = sorted(self.root.glob("*.sqlite"), key=lambda p: p.stat().st_mtime)
            for old in copies[: max(0, len(copies) - self.cap + 1)]:
                old.unlink(missing_ok=True)
            partial = path.with_suffix(".partial")
            shutil.copyfile(self.snapshot, partial)
            partial.replace(path)
            return path

    def reset(self, session: str) -> bool:
        """Forget the session's writes; True when it had any."""
        path = self._path(session)
        with self._lock:
            existed = path.exists()
            path.unlink(missing_ok=True)
            return existed

    def clear(self) -> None:
        """Forget every session (the snapshot changed)."""
        with self._lock:
            shutil.rmtree(self.root, ignore_errors=True)
