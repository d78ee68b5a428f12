"""Local mode (stdio): definitions are YAML/JSON files under --root; outputs are written there too."""

from __future__ import annotations

import os
import uuid
import zipfile
from pathlib import Path
from typing import Any

import yaml

from synthdb.api.names import name_problem
from synthdb.definition.loader import definition_from_data
from synthdb.definition.overrides import apply_overrides
from synthdb.errors import DefinitionError, SynthdbError, UsageError
from synthdb.importers.schema import Schema
from synthdb.mcp.backend import ToolProblem
from synthdb.mcp.checks import validate
from synthdb.mcp.definitions import as_data, check_sources
from synthdb.mcp.paths import inside_root
from synthdb.mcp.sizing import MAX_TEXT_CHARS, page_of
from synthdb.mcp.snapshots_local import LocalSnapshots
from synthdb.outputs.registry import FORMATS
from synthdb.service.atomic import atomic_path
from synthdb.service.generate import GenerateOptions, generate

SUFFIXES = (".yaml", ".yml", ".json")
OUTPUT_DIR = "out"
MAX_FILES = 1000


class LocalBackend:
    """Definition files in one folder; every path an agent names is checked to stay inside it."""

    def __init__(self, root: Path) -> None:
        self.root: Path | None = root.resolve()
        self._root = root.resolve()
        self._tasks: dict[str, dict[str, Any]] = {}
        self._snapshots = LocalSnapshots(self._root, self.file_of, self._checked)

    # --- files --------------------------------------------------------------------------------------
    def file_of(self, database: str) -> Path:
        """The definition file named by a relative path, or by a name (`shop` finds `shop.yaml`)."""
        path = inside_root(self._root, database, "database")
        if path.is_file():
            return path
        for suffix in SUFFIXES:
            candidate = inside_root(self._root, database + suffix, "database")
            if candidate.is_file():
                return candidate
        known = ", ".join(entry["database"] for entry in self._files()[:20]) or "none"
        raise ToolProblem(f"database: no definition file '{database}' under the root (known: {known})")

    def _files(self) -> list[dict[str, Any]]:
        found: list[Path] = []
        # os.walk does not follow directory symlinks (no loops, no leaving the root); hidden folders
        # and the outputs folder are skipped.
        for folder, dirs, files in os.walk(self._root):
            at_top = Path(folder) == self._root
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (at_top and d == OUTPUT_DIR))
            found += [Path(folder) / f for f in files if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES]
            if len(found) >= MAX_FILES:
                break
        out = []
        for path in sorted(found)[:MAX_FILES]:
            if not path.resolve().is_relative_to(self._root) or not path.is_file():
                continue  # a symlink leading out of the root is not listed (nor readable)
            out.append({"database": path.relative_to(self._root).as_posix(), "path": str(path)})
        return out

    def _read(self, path: Path) -> dict[str, Any]:
        relative = path.relative_to(self._root).as_posix()
        try:
            if path.stat().st_size > MAX_TEXT_CHARS:
                raise ToolProblem(f"database: {relative} is larger than {MAX_TEXT_CHARS:,} bytes")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ToolProblem(f"database: cannot read {relative}: {exc}") from exc
        try:
            return as_data(text)
        except DefinitionError as exc:
            raise exc.with_source(relative) from exc

    def load(self, database: str) -> tuple[dict[str, Any], Path | None]:
        path = self.file_of(database)
        return self._read(path), path.parent

    # --- the Backend operations --------------------------------------------------------------------
    def list_databases(self, page: int, page_size: int) -> dict[str, Any]:
        chunk, info = page_of(self._files(), page, page_size)
        for entry in chunk:
            try:
                data = self._read(Path(entry["path"]))
                entry["name"] = data.get("name")
                entities = data.get("entities")
                entry["tables"] = [e.get("name") for e in entities if isinstance(e, dict)] \
                    if isinstance(entities, list) else []
            except (SynthdbError, OSError, UnicodeDecodeError) as exc:
                entry["problem"] = str(exc)[:200]
        return {"databases": chunk, **info}

    def get_database(self, database: str) -> dict[str, Any]:
        path = self.file_of(database)
        return {"database": path.relative_to(self._root).as_posix(), "path": str(path),
                "definition": self._read(path)}

    def upsert_database(self, data: dict[str, Any], path: str | None) -> dict[str, Any]:
        name = data.get("name")
        if path is None:
            problem = name_problem(name)
            if problem is not None:
                raise ToolProblem(f"name: {problem} (it names the file; or pass 'path')")
            path = f"{name}.yaml"
        target = inside_root(self._root, path, "path")
        if target.suffix.lower() not in SUFFIXES:
            raise ToolProblem(f"path: '{path}' must end with .yaml, .yml or .json")
        check_sources(data, target.parent, self._root)
        checked = validate(data, base=target.parent)
        if not checked["valid"]:
            raise ToolProblem(_invalid(checked["errors"]))
        if target.suffix.lower() == ".json":
            import json

            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
        existed = target.exists()
        with atomic_path(target) as temporary:
            temporary.write_text(text, encoding="utf-8")
        return {"database": target.relative_to(self._root).as_posix(), "path": str(target),
                "created": not existed, "tables": list(checked["tables"]), "rows": checked["tables"],
                "warnings": checked["warnings"]}

    def generate(self, database: str, fmt: str, entity: str | None, overrides: dict[str, Any] | None,
                 wait_seconds: float) -> dict[str, Any]:
        data, base = self.load(database)
        check_sources(data, base, self._root)
        definition = apply_overrides(definition_from_data(data, str(self.file_of(database))), overrides)
        writer = FORMATS.get(fmt)
        stem = entity or definition.name
        problem = name_problem(stem)
        if problem is not None:
            raise ToolProblem(f"entity: {problem}")
        target = inside_root(self._root, f"{OUTPUT_DIR}/{stem}{writer.suffix_for(entity is not None)}", "output")
        path = generate(definition, target, GenerateOptions(fmt, entity=entity))
        task_id = uuid.uuid4().hex
        task = {"id": task_id, "status": "completed", "completed": True, "error": None, "database": database,
                "format": fmt, "entity": entity, "path": str(path),
                "relative_path": path.relative_to(self._root).as_posix(), "data_url": path.as_uri(),
                "bytes": path.stat().st_size, "files": _members(path)}
        self._tasks[task_id] = task
        return task

    def snapshots(self) -> LocalSnapshots:
        """The snapshot and mock API tools' half: SQLite snapshots under the root's out/snapshots."""
        return self._snapshots

    def _checked(self, database: str) -> dict[str, Any]:
        data, base = self.load(database)
        check_sources(data, base, self._root)
        return data

    def get_task(self, task_id: str) -> dict[str, Any]:
        task = self._tasks.get(task_id)
        if task is None:
            raise ToolProblem(f"task_id: task '{task_id[:80]}' not found (local tasks live as long as the server)")
        return task

    def reflect_connection(self, connection: str) -> Schema:
        # The local user's own saved connections (`synthdb connections add`): trusted, as `synthdb import` is.
        from synthdb.importers.reflect import reflect
        from synthdb.service.connections import ConnectionStore

        try:
            return reflect(ConnectionStore().resolve(connection))
        except UsageError as exc:
            raise ToolProblem(f"connection: {exc}") from exc


def _members(path: Path) -> list[str]:
    if zipfile.is_zipfile(path) and path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()[:100]
    return [path.name]


def _invalid(errors: list[dict[str, str]]) -> str:
    lines = [f"{e['path'] or '(definition)'}: {e['message']} — {e['suggestion']}" for e in errors[:20]]
    return "definition: not stored, it is invalid:\n" + "\n".join(lines)
