"""One supervised task worker: a spawned process with its own pipe, warmed up once, stopped on demand."""

from __future__ import annotations

import contextlib
import signal
import time
from multiprocessing.context import SpawnContext

import psutil

from synthdb.service.fair_queue import QueuedTask
from synthdb.service.task_worker import worker_main


class Worker:
    """A worker process and what the supervisor knows about it. Only the supervisor thread touches it."""

    def __init__(self, context: SpawnContext, store_url: str, artifacts_dir: str, server_pid: int) -> None:
        parent_end, child_end = context.Pipe()
        # Spawned, not forked: Arrow's and DuckDB's threads do not survive fork.
        self.process = context.Process(
            target=worker_main, args=(child_end, store_url, artifacts_dir, server_pid), name="synthdb-task-worker"
        )
        self.process.start()
        child_end.close()  # the child holds its end: EOF on ours means it is gone
        self.conn = parent_end
        self.pid = self.process.pid or 0
        self.sentinel = self.process.sentinel
        self.ready = False  # set when the worker reports its imports done
        self.retiring = False  # asked to exit after its task; takes no more
        self.task: QueuedTask | None = None
        self.started = 0.0  # monotonic time the current task was handed over
        # Why the supervisor is stopping this worker's task (its death is then expected), and when to
        # terminate and kill the process if it has not stopped by itself.
        self.stop_reason: str | None = None
        self.terminate_at: float | None = None
        self.kill_at: float | None = None
        self._ps: psutil.Process | None = None

    def rss(self) -> int | None:
        """Resident memory of the process in bytes (None once it is gone)."""
        try:
            if self._ps is None:
                self._ps = psutil.Process(self.pid)
            return int(self._ps.memory_info().rss)
        except psutil.Error:
            return None

    def hand(self, task: QueuedTask) -> bool:
        """Give the worker a task; False when the pipe is broken (the worker died: its exit is handled)."""
        self.task, self.started = task, time.monotonic()
        self.stop_reason = self.terminate_at = self.kill_at = None
        try:
            self.conn.send((task.task_id, task.target_url))
        except (OSError, ValueError):
            return False
        return True

    def retire(self) -> None:
        """Ask an idle worker to exit (it is replaced by a fresh one)."""
        self.retiring = True
        with contextlib.suppress(OSError, ValueError):  # already gone
            self.conn.send(None)

    def stop_task(self, reason: str, grace: float) -> None:
        """Stop the running task: the worker may finish by itself within `grace` seconds, else it is terminated."""
        if self.stop_reason is None:
            self.stop_reason = reason
            self.terminate_at = time.monotonic() + grace

    def enforce(self, kill_grace: float) -> None:
        """Terminate, then kill, a worker whose stop deadline has passed."""
        now = time.monotonic()
        if self.terminate_at is not None and now >= self.terminate_at:
            self.terminate_at = None
            self.kill_at = now + kill_grace
            self.signal(signal.SIGTERM)
        elif self.kill_at is not None and now >= self.kill_at:
            self.kill_at = None
            self.signal(signal.SIGKILL)

    def signal(self, sig: signal.Signals) -> None:
        """Send a signal to the process, if it still runs."""
        if self.process.exitcode is None:
            with contextlib.suppress(OSError):  # it exited meanwhile
                self.process.kill() if sig == signal.SIGKILL else self.process.terminate()

    def exit_description(self) -> str:
        """How the process ended, for the task's error: 'killed by SIGKILL' or 'exit code 1'."""
        self.process.join(1)
        code = self.process.exitcode
        if code is None:
            return "still running"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"

    def close(self) -> None:
        """Release the pipe and the process handle (the process has exited)."""
        self.conn.close()
        self.process.join(1)
        if self.process.exitcode is not None:
            self.process.close()
