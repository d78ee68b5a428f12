"""Fair task queuing: one FIFO queue per workspace, served round-robin, with a cap on running tasks per workspace."""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field


@dataclass(frozen=True)
class QueuedTask:
    """A task waiting for a worker. `target_url` (connection pushes) holds a password: memory only."""

    task_id: str
    workspace_id: str
    target_url: str | None = field(default=None, repr=False)


class FairQueue:
    """Which task runs next: workspaces take turns, and none runs more than `running_cap` tasks at once.

    Not thread-safe: the supervisor holds its lock around every call.
    """

    def __init__(self, running_cap: int) -> None:
        self.running_cap = max(1, running_cap)
        # Workspaces with waiting tasks, in turn order: the next one served is the first that may run.
        self._waiting: OrderedDict[str, deque[QueuedTask]] = OrderedDict()
        self._running: dict[str, int] = {}

    def push(self, task: QueuedTask, front: bool = False) -> None:
        """Queue a task at the end of its workspace's queue (or at its front: a task handed back)."""
        queue = self._waiting.setdefault(task.workspace_id, deque())
        queue.appendleft(task) if front else queue.append(task)

    def pop(self) -> QueuedTask | None:
        """The next task to start (counted as running from now on), or None when none may start."""
        for workspace, queue in self._waiting.items():
            if self._running.get(workspace, 0) >= self.running_cap:
                continue
            task = queue.popleft()
            # Served: this workspace goes to the back of the line (or leaves it when it has nothing left).
            del self._waiting[workspace]
            if queue:
                self._waiting[workspace] = queue
            self._running[workspace] = self._running.get(workspace, 0) + 1
            return task
        return None

    def done(self, workspace_id: str) -> None:
        """A task of the workspace stopped running (finished, failed, cancelled or handed back)."""
        left = self._running.get(workspace_id, 0) - 1
        if left > 0:
            self._running[workspace_id] = left
        else:
            self._running.pop(workspace_id, None)

    def remove(self, task_id: str) -> QueuedTask | None:
        """Take a waiting task out of its queue (cancelled before it started); None if it is not waiting."""
        for workspace, queue in self._waiting.items():
            for task in queue:
                if task.task_id == task_id:
                    queue.remove(task)
                    if not queue:
                        del self._waiting[workspace]
                    return task
        return None

    def waiting(self, workspace_id: str) -> int:
        """How many tasks of the workspace wait for a worker."""
        return len(self._waiting.get(workspace_id, ()))

    def running(self, workspace_id: str) -> int:
        """How many tasks of the workspace run now."""
        return self._running.get(workspace_id, 0)

    def drain(self) -> list[QueuedTask]:
        """Every waiting task, removed from the queues (shutdown)."""
        tasks = [task for queue in self._waiting.values() for task in queue]
        self._waiting.clear()
        return tasks
