"""A write-behind stream: compression runs in a thread while the next rows are generated."""

from __future__ import annotations

import queue
import threading
from types import TracebackType
from typing import IO, Any

_DONE = object()


class BackgroundWriter:
    """Forwards writes to `target` from a worker thread, through a bounded queue.

    zlib and file writes release the GIL, so deflating one chunk overlaps with producing the next;
    the bound keeps memory flat. An error in the thread is raised by the next write or by close().
    """

    def __init__(self, target: IO[bytes], max_pending: int = 8) -> None:
        self._target = target
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max_pending)
        self._error: BaseException | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._drain, name="synthdb-writer", daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while True:
            chunk = self._queue.get()
            if chunk is _DONE:
                return
            if self._error is None:
                try:
                    self._target.write(chunk)
                except BaseException as exc:  # reported to the producing thread
                    self._error = exc

    def _raise_pending(self) -> None:
        if self._error is not None:
            raise self._error

    def write(self, data: Any) -> int:
        """Queue a copy of `data` (callers may reuse their buffer) and return its length."""
        self._raise_pending()
        chunk = bytes(data)
        self._queue.put(chunk)
        return len(chunk)

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        self._raise_pending()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Wait for queued writes, close the target, and raise any error the thread met."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_DONE)
        self._thread.join()
        self._target.close()
        self._raise_pending()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
