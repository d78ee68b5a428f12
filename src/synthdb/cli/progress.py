"""A Rich progress bar for long runs (shown only on a terminal)."""

from __future__ import annotations

import sys
from typing import Any

from synthdb.cli.app import stderr_console


class RichProgress:
    """A progress bar over all rows, naming the table being produced."""

    def __init__(self, description: str = "generating") -> None:
        # rich.progress is imported here: only runs on a terminal show a bar.
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._description = description
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=stderr_console(),
            transient=False,
        )
        self._task: Any = None

    def start(self, total_rows: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task(self._description, total=total_rows)

    def abort(self) -> None:
        """Stop the bar where it is (a failed or interrupted run)."""
        if self._task is not None:
            self._progress.stop()

    def advance(self, table: str, rows: int, table_done: int, table_total: int) -> None:
        self._progress.update(self._task, advance=rows, description=table)

    def finish(self) -> None:
        self._progress.update(self._task, description="done")
        self._progress.stop()


def interactive(quiet: bool = False) -> bool:
    """True when progress should show: stderr is a terminal and --quiet was not given."""
    return sys.stderr.isatty() and not quiet


def progress_for(quiet: bool = False) -> RichProgress | None:
    """A progress bar on a terminal, else None (silent)."""
    return RichProgress() if interactive(quiet) else None
