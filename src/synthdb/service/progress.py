"""Progress reporting: a small protocol the service calls, with a silent default."""

from __future__ import annotations

from typing import Protocol


class ProgressReporter(Protocol):
    """Receives progress while tables are produced."""

    def start(self, total_rows: int) -> None: ...

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None: ...

    def finish(self) -> None: ...


class SilentProgress:
    """Reports nothing (piped output, the Python API by default)."""

    def start(self, total_rows: int) -> None:
        pass

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
        pass

    def finish(self) -> None:
        pass
