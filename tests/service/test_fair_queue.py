"""Fair queuing: workspaces take turns, none runs more than its cap, cancel removes waiting tasks."""

from __future__ import annotations

from synthdb.service.fair_queue import FairQueue, QueuedTask


def _ids(queue: FairQueue, count: int) -> list[str | None]:
    out: list[str | None] = []
    for _ in range(count):
        task = queue.pop()
        out.append(task.task_id if task else None)
    return out


def test_workspaces_take_turns_in_arrival_order() -> None:
    queue = FairQueue(running_cap=10)
    for i in range(4):
        queue.push(QueuedTask(f"a{i}", "A"))
    queue.push(QueuedTask("b0", "B"))
    queue.push(QueuedTask("c0", "C"))
    queue.push(QueuedTask("b1", "B"))
    assert _ids(queue, 8) == ["a0", "b0", "c0", "a1", "b1", "a2", "a3", None]


def test_a_workspace_at_its_cap_waits_while_others_run() -> None:
    queue = FairQueue(running_cap=1)
    for i in range(3):
        queue.push(QueuedTask(f"a{i}", "A"))
    assert _ids(queue, 2) == ["a0", None]  # A runs one; its others wait
    queue.push(QueuedTask("b0", "B"))
    assert _ids(queue, 2) == ["b0", None]
    assert (queue.running("A"), queue.waiting("A"), queue.running("B")) == (1, 2, 1)
    queue.done("A")
    assert _ids(queue, 2) == ["a1", None]


def test_cancel_removes_a_waiting_task_and_a_task_handed_back_goes_first() -> None:
    queue = FairQueue(running_cap=5)
    for i in range(3):
        queue.push(QueuedTask(f"a{i}", "A"))
    removed = queue.remove("a1")
    assert removed is not None and removed.task_id == "a1"
    assert queue.remove("a1") is None and queue.waiting("A") == 2
    first = queue.pop()
    assert first is not None
    queue.done("A")
    queue.push(first, front=True)
    assert _ids(queue, 3) == ["a0", "a2", None]
    assert len(queue.drain()) == 0
