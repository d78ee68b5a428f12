"""Generate tasks: supervised worker processes, fair queuing per workspace, cancel, deadline, memory cap."""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from synthdb.service.fair_queue import FairQueue, QueuedTask
from synthdb.service.task_state import (
    INTERRUPTED,
    WORKER_DIED,
    cancel_task,
    cleanup_artifacts,
    fail_task,
    recover_interrupted,
    task_status,
)
from synthdb.service.worker_process import Worker
from synthdb.store.db import Store
from synthdb.store.models import COMPLETED, PENDING

__all__ = [
    "INTERRUPTED", "WORKER_DIED", "QueueFull", "TaskLimits", "TaskManager",
    "cancel_task", "cleanup_artifacts", "fail_task", "recover_interrupted",
]

log = logging.getLogger("synthdb.tasks")

# A cancelled task's worker gets this long to notice (at its next progress write) before it is terminated;
# a worker that ignores SIGTERM is killed this long after it.
CANCEL_GRACE = 1.0
KILL_GRACE = 1.0
# How often running tasks' deadlines and memory are checked.
TICK = 0.1
# A worker that died before it was ready (a broken installation) is restarted after this long, not in a loop.
RESPAWN_DELAY = 2.0
MIB = 1024 * 1024


@dataclass(frozen=True)
class TaskLimits:
    """What one task may use. 0 means no limit (for `running_per_workspace`: max(1, workers - 1))."""

    timeout: float = 3600.0
    memory_mb: int = 0
    running_per_workspace: int = 0
    queued_per_workspace: int = 0


class QueueFull(Exception):
    """The workspace already has as many tasks waiting as it may."""

    def __init__(self, waiting: int, cap: int) -> None:
        super().__init__(f"{waiting} tasks are already waiting (at most {cap})")
        self.waiting = waiting
        self.cap = cap


def timeout_message(seconds: float) -> str:
    shown = f"{seconds:,.0f}" if seconds == int(seconds) else f"{seconds:,}"
    return f"the task ran longer than the {shown}-second limit (SYNTHDB_TASK_TIMEOUT) and was stopped"


def memory_message(mib: int) -> str:
    return f"the task used more than {mib:,} MiB of memory (SYNTHDB_TASK_MEMORY_MB) and was stopped"


class TaskManager:
    """Runs each task in one of `workers` long-lived spawned processes, watched by one supervisor thread.

    A worker that dies fails only the task it was running, and is replaced. Cancel, the deadline and the
    memory cap stop a task by ending its worker's process if it does not stop by itself.
    """

    def __init__(self, store: Store, artifacts_dir: Path, workers: int, limits: TaskLimits | None = None) -> None:
        self.store = store
        self.artifacts_dir = artifacts_dir
        self.workers = max(1, workers)
        self.limits = limits or TaskLimits()
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        running_cap = self.limits.running_per_workspace or max(1, self.workers - 1)
        self._queue = FairQueue(running_cap)
        self._cancelled: set[str] = set()  # running tasks to stop, for the supervisor thread
        self._pool: list[Worker] = []
        self._spawns: list[float] = []  # when to start the missing workers
        self._wake_out, self._wake_in = self._context.Pipe(duplex=False)
        self._wake_pending = False
        self._thread: threading.Thread | None = None
        self._closed = False

    # --- called by the API -------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers now (they import the heavy modules at once) and the supervisor thread."""
        self.artifacts_dir.mkdir(parents=True, exist_ok=True)
        self._pool = [self._spawn() for _ in range(self.workers)]
        self._thread = threading.Thread(target=self._supervise, name="synthdb-task-supervisor", daemon=True)
        self._thread.start()

    def submit(self, task_id: str, workspace_id: str, target_url: str | None = None) -> None:
        """Queue a stored pending task. `target_url` (connection pushes) holds the password: memory only."""
        with self._lock:
            if self._closed or self._thread is None:
                raise RuntimeError("the task manager is not running")
            self._queue.push(QueuedTask(task_id, workspace_id, target_url))
            self._wake()

    def check_room(self, workspace_id: str) -> None:
        """Raise QueueFull when the workspace may not queue another task."""
        cap = self.limits.queued_per_workspace
        with self._lock:
            waiting = self._queue.waiting(workspace_id)
        if cap and waiting >= cap:
            raise QueueFull(waiting, cap)

    def cancel(self, task_id: str) -> None:
        """Stop a task already marked cancelled in the store: drop it from its queue, or stop its worker."""
        with self._lock:
            if self._queue.remove(task_id) is None:
                self._cancelled.add(task_id)
                self._wake()

    def shutdown(self) -> None:
        """Stop accepting tasks, stop the workers, and mark what was queued or running as interrupted."""
        with self._lock:
            self._closed = True
            self._queue.drain()
            self._wake()
        if self._thread is not None:
            self._thread.join(10)
        for worker in self._pool:
            # Running tasks would otherwise keep the server alive until they finish.
            worker.process.terminate()
        for worker in self._pool:
            worker.process.join(5)
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join(5)
            worker.close()
        self._pool = []
        recover_interrupted(self.store)

    def _wake(self) -> None:
        # Under self._lock. One byte until the supervisor drains it, so the pipe never fills up.
        if not self._wake_pending:
            self._wake_pending = True
            self._wake_in.send_bytes(b".")

    # --- the supervisor thread ----------------------------------------------------------------------

    def _spawn(self) -> Worker:
        return Worker(self._context, self.store.url, str(self.artifacts_dir), os.getpid())

    def _supervise(self) -> None:
        while True:
            with self._lock:
                if self._closed:
                    return
            try:
                self._round()
            except Exception:  # the store may be briefly unavailable: keep supervising
                log.exception("task supervisor round failed")
                time.sleep(TICK)

    def _round(self) -> None:
        waitables: list[object] = [self._wake_out]
        for worker in self._pool:
            waitables += [worker.conn, worker.sentinel]
        ready = set(wait(waitables, timeout=TICK))  # type: ignore[arg-type]
        if self._wake_out in ready:
            with self._lock:
                self._wake_pending = False
            while self._wake_out.poll():
                self._wake_out.recv_bytes()
        # Messages first: a worker may have reported its result just before it exited.
        for worker in list(self._pool):
            if worker.conn in ready:
                self._read(worker)
        for worker in list(self._pool):
            if worker.sentinel in ready or worker.process.exitcode is not None:
                self._exited(worker)
        self._watch_running()
        self._respawn()
        self._dispatch()

    def _read(self, worker: Worker) -> None:
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "ready":
                    worker.ready = True
                elif message[0] == "done":
                    self._finished(worker, message[2])
        except (EOFError, OSError):
            pass  # the worker is gone; its sentinel tells

    def _finished(self, worker: Worker, status: str) -> None:
        task = worker.task
        worker.task = None
        worker.stop_reason = worker.terminate_at = worker.kill_at = None
        if task is None:
            return
        with self._lock:
            self._queue.done(task.workspace_id)
        if status.startswith("error: "):
            log.error("task %s failed outside its own code: %s", task.task_id, status)
            fail_task(self.store, task.task_id, f"internal error: {status.removeprefix('error: ')}")
        cap = self.limits.memory_mb * MIB
        rss = worker.rss()
        if cap and rss is not None and rss > cap // 2:
            # Freed memory is not always returned to the system: a fresh worker starts the next task lean.
            worker.retire()

    def _exited(self, worker: Worker) -> None:
        how = worker.exit_description()
        self._pool.remove(worker)
        task, reason, expected = worker.task, worker.stop_reason, worker.ready or worker.retiring
        worker.close()
        if task is not None:
            with self._lock:
                self._queue.done(task.workspace_id)
            status = task_status(self.store, task.task_id)
            if reason is None and status == PENDING:
                # It died before claiming the task: the task never started, so it goes back to the front.
                with self._lock:
                    if not self._closed:
                        self._queue.push(task, front=True)
            elif reason is None:
                log.error("worker %d running task %s died (%s)", worker.pid, task.task_id, how)
                fail_task(self.store, task.task_id, f"{WORKER_DIED} ({how}); other tasks were not affected")
            if status != COMPLETED and status != PENDING:
                shutil.rmtree(self.artifacts_dir / task.task_id, ignore_errors=True)
        if not expected:
            log.error("a task worker exited while starting (%s); starting another in %.0f s", how, RESPAWN_DELAY)
        self._spawns.append(time.monotonic() + (0.0 if expected else RESPAWN_DELAY))

    def _respawn(self) -> None:
        now = time.monotonic()
        due = [at for at in self._spawns if at <= now]
        self._spawns = [at for at in self._spawns if at > now]
        for _ in due:
            with self._lock:
                if self._closed:
                    return
            try:
                self._pool.append(self._spawn())
            except Exception:  # out of processes or file descriptors: try again later
                log.exception("could not start a task worker; retrying in %.0f s", RESPAWN_DELAY)
                self._spawns.append(now + RESPAWN_DELAY)

    def _watch_running(self) -> None:
        with self._lock:
            cancelled, self._cancelled = self._cancelled, set()
        now = time.monotonic()
        limits = self.limits
        for worker in self._pool:
            task = worker.task
            if task is None:
                continue
            if task.task_id in cancelled:
                worker.stop_task("cancelled", CANCEL_GRACE)
            elif worker.stop_reason is None and limits.timeout and now - worker.started > limits.timeout:
                fail_task(self.store, task.task_id, timeout_message(limits.timeout))
                worker.stop_task("deadline", CANCEL_GRACE)
            elif worker.stop_reason is None and limits.memory_mb:
                rss = worker.rss()
                if rss is not None and rss > limits.memory_mb * MIB:
                    fail_task(self.store, task.task_id, memory_message(limits.memory_mb))
                    # No grace: memory grows fast, and other workers share the machine.
                    worker.stop_task("memory", 0.0)
            worker.enforce(KILL_GRACE)

    def _dispatch(self) -> None:
        for worker in self._pool:
            if not worker.ready or worker.retiring or worker.task is not None or worker.process.exitcode is not None:
                continue
            with self._lock:
                task = None if self._closed else self._queue.pop()
            if task is None:
                return
            if not worker.hand(task):
                log.warning("worker %d could not take task %s; it will be handed to another", worker.pid, task.task_id)
