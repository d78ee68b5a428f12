"""Service settings: defaults, overridden by SYNTHDB_* environment variables, overridden by CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthdb.errors import UsageError
from synthdb.store.db import sqlite_url
from synthdb.store.secrets import server_secret

if TYPE_CHECKING:
    from synthdb.service.tasks import TaskLimits

DEFAULT_DATA_DIR = Path("~/.synthdb").expanduser()


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class YesNo(int):
    """A yes/no setting read from the environment: true/false, yes/no, on/off, 1/0 (bool cannot be subclassed)."""

    def __new__(cls, raw: str) -> YesNo:
        text = str(raw).strip().lower()
        if text not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            raise ValueError(raw)
        return super().__new__(cls, text in {"1", "true", "yes", "on"})


@dataclass(frozen=True)
class Settings:
    """Everything `create_app` needs; `from_env` reads the environment."""

    data_dir: Path = DEFAULT_DATA_DIR
    # SQLAlchemy URL of the metadata store; None means SQLite in the data directory.
    database_url: str | None = None
    # Base of absolute download links, e.g. https://synthdb.example.com; None: the request's own base URL.
    public_url: str | None = None
    # Generated rows per workspace per UTC day; 0 means no limit.
    daily_row_limit: int = 100_000_000
    # Finished artifacts are deleted this long after the task finished.
    retention_seconds: int = 24 * 3600
    # How long a data_url stays valid after it was handed out.
    data_url_ttl: int = 3600
    # Worker processes running generate tasks.
    workers: int = field(default_factory=_default_workers)
    cleanup_interval: float = 300.0
    max_upload_bytes: int = 50 * 1024 * 1024
    # Server secret; None: kept in <data_dir>/secret.key (created on first start).
    secret: str | None = field(default=None, repr=False)
    # tenancy: what one task may use, how workspaces share the workers, which Host names links may use.
    # A task running longer than this many seconds is stopped and failed; 0: no deadline.
    task_timeout: float = 3600.0
    # A worker whose resident memory exceeds this many MiB has its task stopped and failed; 0: no cap.
    task_memory_mb: int = 4096
    # Tasks of one workspace running at once; 0: max(1, workers - 1), so another workspace finds a worker.
    workspace_running_tasks: int = 0
    # Tasks of one workspace waiting for a worker; past it a new task gets 429; 0: no cap.
    workspace_queued_tasks: int = 50
    # Host names clients may reach the server by (comma-separated, '*.example.com' for subdomains); others
    # get 400. None: links use public_url, else the address the server listens on, never the Host header.
    allowed_hosts: str | None = None
    # budgets: sizes and requests (docs/security.md, "Budgets").
    # Rows of any one table of a definition, and of all its tables together (checked when a definition is
    # stored and when a task is created; the engine's own ceilings are 10**10 and 10**11).
    max_table_rows: int = 1_000_000_000
    max_task_rows: int = 10_000_000_000
    # Largest JSON request body (uploads keep max_upload_bytes), and its deepest nesting (deeper: 400).
    max_json_bytes: int = 8 * 1024 * 1024
    max_json_depth: int = 64
    # Seconds a client may take to send a request's headers, and to keep an idle connection open.
    header_timeout: float = 10.0
    keep_alive_timeout: float = 5.0
    # --- connections (docs/security.md#connections) ---
    # API callers may only reach public addresses unless the operator allows private ones (loopback,
    # RFC 1918, link-local...) wholesale, or lists networks (CIDR) and host names that may be reached.
    allow_private_targets: bool = False
    allowed_targets: str = ""
    # Seconds; 0 turns one off. Statement: the server's cap on one statement (a table's COPY is one);
    # read: longest wait for any answer, above the statement cap so that one ends first on a real server.
    target_connect_timeout: float = 10.0
    target_read_timeout: float = 900.0
    target_statement_timeout: float = 600.0

    @property
    def store_url(self) -> str:
        return self.database_url or sqlite_url(self.data_dir)

    @property
    def artifacts_dir(self) -> Path:
        return self.data_dir / "artifacts"

    def secret_bytes(self) -> bytes:
        return server_secret(self.data_dir, self.secret)

    def task_limits(self) -> TaskLimits:
        """The task manager's limits."""
        from synthdb.service.tasks import TaskLimits

        return TaskLimits(self.task_timeout, self.task_memory_mb, self.workspace_running_tasks,
                          self.workspace_queued_tasks)

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given values, ignoring those that are None (flags left out)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **changes: Any) -> Settings:
        """Defaults, then SYNTHDB_<NAME> variables (SYNTHDB_DATA_DIR, SYNTHDB_DAILY_ROW_LIMIT, ...), then `changes`."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            variable = f"SYNTHDB_{spec.name.upper()}"
            raw = environ.get(variable, "").strip()
            if not raw:
                continue
            kind = _KINDS[spec.name]
            try:
                values[spec.name] = kind(raw.replace("_", "")) if kind in (int, float) else kind(raw)
            except ValueError as exc:
                raise UsageError(f"{variable}: cannot read '{raw}' as {kind.__name__}") from exc
        settings = replace(cls(), **values).with_overrides(**changes)
        return replace(settings, data_dir=Path(settings.data_dir).expanduser().resolve())


_KINDS: dict[str, type] = {
    "data_dir": Path,
    "database_url": str,
    "public_url": str,
    "daily_row_limit": int,
    "retention_seconds": int,
    "data_url_ttl": int,
    "workers": int,
    "cleanup_interval": float,
    "max_upload_bytes": int,
    "secret": str,
    # tenancy
    "task_timeout": float,
    "task_memory_mb": int,
    "workspace_running_tasks": int,
    "workspace_queued_tasks": int,
    "allowed_hosts": str,
    # budgets
    "max_table_rows": int,
    "max_task_rows": int,
    "max_json_bytes": int,
    "max_json_depth": int,
    "header_timeout": float,
    "keep_alive_timeout": float,
    # --- connections ---
    "allow_private_targets": YesNo,
    "allowed_targets": str,
    "target_connect_timeout": float,
    "target_read_timeout": float,
    "target_statement_timeout": float,
}
