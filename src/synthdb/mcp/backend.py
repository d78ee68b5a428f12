"""What the tools need from where definitions live: local files (stdio) or a workspace's store (HTTP)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from synthdb.errors import SynthdbError
from synthdb.importers.schema import Schema


class ToolProblem(SynthdbError):
    """A refusal the agent should read as it is (becomes an isError result)."""


class Backend(Protocol):
    """The database-keeping half of the tools; the design half (validate, preview, ...) is shared."""

    #: The folder local files must stay in; None over the network, where no server file may be read.
    root: Path | None

    def load(self, database: str) -> tuple[dict[str, Any], Path | None]:
        """A stored definition as data, and the folder its relative `source.path`s start from."""
        ...

    def list_databases(self, page: int, page_size: int) -> dict[str, Any]:
        """One page of the stored definitions (name, tables, where)."""
        ...

    def get_database(self, database: str) -> dict[str, Any]:
        """One stored definition, whole."""
        ...

    def upsert_database(self, data: dict[str, Any], path: str | None) -> dict[str, Any]:
        """Store a checked definition (create or replace by name)."""
        ...

    def generate(self, database: str, fmt: str, entity: str | None, overrides: dict[str, Any] | None,
                 wait_seconds: float) -> dict[str, Any]:
        """Generate a stored definition; the task, with where to get the data once done."""
        ...

    def get_task(self, task_id: str) -> dict[str, Any]:
        """A task started by generate."""
        ...

    def reflect_connection(self, connection: str) -> Schema:
        """The schema of the database a saved connection names (HTTP: the workspace's; local: the user's)."""
        ...

    def snapshots(self) -> SnapshotBackend:
        """The snapshot and mock API half (create, list, activate, query, call the mock API)."""
        ...


class SnapshotBackend(Protocol):
    """Snapshots of a stored database (SQLite files) and the mock API served from the active one."""

    def create_snapshot(self, database: str, name: str | None, seed: int | None,
                        overrides: dict[str, Any] | None, wait_seconds: float) -> dict[str, Any]:
        """Generate the database into a snapshot; the snapshot and its task."""
        ...

    def list_snapshots(self, database: str) -> list[dict[str, Any]]:
        """The database's snapshots, oldest first."""
        ...

    def activate_snapshot(self, database: str, name: str) -> dict[str, Any]:
        """Make `name` the snapshot the mock API serves."""
        ...

    def query_snapshot(self, database: str, name: str, sql: str) -> dict[str, Any]:
        """One read-only SELECT on a ready snapshot: columns, rows (capped), truncated."""
        ...

    def call_mock_api(self, database: str, method: str, path: str, query: list[tuple[str, str]],
                      body: bytes | None) -> dict[str, Any]:
        """One call of the database's mock API: status, headers worth reading, body."""
        ...
