"""Overlap producing data with sending it: items made in a background thread, a bounded few ahead."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
_DONE = object()


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def prefetch(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Yield `items` in order while a thread computes the next `depth` of them.

    Generating and encoding a batch (NumPy/Arrow, which release the GIL for much of the work) then
    overlaps the database reading the previous one. An exception in the producer is raised here; when
    the consumer stops early (an error, Ctrl-C) the producer is told to stop and is waited for.
    """
    slots: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        iterator = iter(items)
        try:
            for item in iterator:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(_Failure(exc))
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="synthdb-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        thread.join(timeout=30)


def encoded(batches: Iterable[Any], encode: Callable[[Any], T]) -> Iterator[tuple[int, T]]:
    """(rows, encoded data) for each batch, so the consumer can report progress by rows."""
    for batch in batches:
        yield batch.num_rows, encode(batch)
