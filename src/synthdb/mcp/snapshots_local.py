"""Local mode of the snapshot and mock API tools: SQLite snapshots under `--root`/out/snapshots/<database>/."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from synthdb.api.names import name_problem
from synthdb.definition.loader import definition_from_data
from synthdb.definition.model import Database
from synthdb.definition.overrides import apply_overrides
from synthdb.mcp.backend import ToolProblem
from synthdb.mcp.paths import inside_root
from synthdb.mcp.snapshots_remote import mock_answer
from synthdb.mock.local import LOCAL_SESSION
from synthdb.mock.sandbox import SqlRefused, run_select
from synthdb.mock.service import MockService
from synthdb.service.generate import GenerateOptions, generate
from synthdb.service.snapshots import next_name

SNAPSHOT_DIR = "out/snapshots"
QUERY_ROW_CAP = 1000  # as the REST query endpoint
ACTIVE_FILE = "active"


class LocalSnapshots:
    """Snapshots of the definition files under the root; the active one's name is kept in a small file."""

    def __init__(self, root: Path, file_of: Callable[[str], Path], load: Callable[[str], dict[str, Any]]) -> None:
        self._root = root
        self._file_of = file_of
        self._load = load
        self._lock = threading.Lock()
        self._services: dict[tuple[str, float, float], MockService] = {}

    def _folder(self, database: str) -> Path:
        relative = self._file_of(database).relative_to(self._root).with_suffix("").as_posix()
        return inside_root(self._root, f"{SNAPSHOT_DIR}/{relative}", "database")

    def _definition(self, database: str) -> Database:
        return definition_from_data(self._load(database), str(self._file_of(database)))

    def _file(self, database: str, name: str) -> Path:
        problem = name_problem(name)
        if problem is not None:
            raise ToolProblem(f"name: {problem}")
        path = self._folder(database) / f"{name}.sqlite"
        if not path.is_file():
            known = ", ".join(s["name"] for s in self.list_snapshots(database)) or "none"
            raise ToolProblem(f"name: snapshot '{name}' not found for '{database}' (known: {known})")
        return path

    def _active(self, database: str) -> str | None:
        marker = self._folder(database) / ACTIVE_FILE
        name = marker.read_text(encoding="utf-8").strip() if marker.is_file() else ""
        return name if name and (self._folder(database) / f"{name}.sqlite").is_file() else None

    def _describe(self, path: Path, active: str | None) -> dict[str, Any]:
        stat = path.stat()
        return {"name": path.stem, "status": "ready", "active": path.stem == active, "size": stat.st_size,
                "created": dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).isoformat(),
                "path": str(path), "relative_path": path.relative_to(self._root).as_posix()}

    def create_snapshot(self, database: str, name: str | None, seed: int | None,
                        overrides: dict[str, Any] | None, wait_seconds: float) -> dict[str, Any]:
        folder = self._folder(database)
        taken = [s["name"] for s in self.list_snapshots(database)]
        name = name if name is not None else next_name(taken)
        problem = name_problem(name)
        if problem is not None:
            raise ToolProblem(f"name: {problem}")
        if name in taken:
            raise ToolProblem(f"name: snapshot '{name}' already exists")
        definition = apply_overrides(self._definition(database), overrides)
        folder.mkdir(parents=True, exist_ok=True)
        path = generate(definition, folder / f"{name}.sqlite", GenerateOptions("sqlite", seed=seed))
        if self._active(database) is None:  # the first snapshot is made active, as in the service
            (folder / ACTIVE_FILE).write_text(name, encoding="utf-8")
        out = self._describe(path, self._active(database))
        out.update(task_id=uuid.uuid4().hex, error=None,
                   note="query it with query_snapshot; the active snapshot serves call_mock_api")
        return out

    def list_snapshots(self, database: str) -> list[dict[str, Any]]:
        folder = self._folder(database)
        active = self._active(database)
        found = sorted(folder.glob("*.sqlite"), key=lambda p: (p.stat().st_mtime, p.name)) if folder.is_dir() else []
        return [self._describe(p, active) for p in found if p.is_file()]

    def activate_snapshot(self, database: str, name: str) -> dict[str, Any]:
        path = self._file(database, name)
        (path.parent / ACTIVE_FILE).write_text(name, encoding="utf-8")
        return self._describe(path, name)

    def query_snapshot(self, database: str, name: str, sql: str) -> dict[str, Any]:
        path = self._file(database, name)
        try:
            result = run_select(path, sql, row_cap=QUERY_ROW_CAP)
        except SqlRefused as exc:
            raise ToolProblem(f"sql: {exc}") from exc
        rows = [[v.hex() if isinstance(v, bytes) else v for v in row] for row in result.rows]
        return {"columns": result.columns, "rows": rows, "truncated": result.truncated}

    def call_mock_api(self, database: str, method: str, path: str, query: list[tuple[str, str]],
                      body: bytes | None) -> dict[str, Any]:
        service = self._service(database)
        result = service.handle(method, path, query, body, LOCAL_SESSION, "/api")
        return mock_answer(result.status, result.body, result.headers)

    def _service(self, database: str) -> MockService:
        """The mock API of the active snapshot, rebuilt when the snapshot or the definition file changes."""
        name = self._active(database)
        if name is None:
            raise ToolProblem(f"database: '{database}' has no active snapshot; create one with create_snapshot")
        snapshot = self._folder(database) / f"{name}.sqlite"
        key = (str(snapshot), snapshot.stat().st_mtime, self._file_of(database).stat().st_mtime)
        with self._lock:
            service = self._services.get(key)
            if service is None:
                for old in [k for k in self._services if k[0] == key[0]]:
                    del self._services[old]
                # Writes go to a session copy beside the snapshot; the snapshot itself stays as generated.
                service = MockService(snapshot, snapshot.parent / f".sessions-{name}", self._definition(database))
                self._services[key] = service
        return service
