"""Helpers of the security suite: what must never leak, and proof that the server stays responsive."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx

from api.apiserver import ApiServer
from synthdb.store.secrets import server_secret

# Lines that only a read of the file could produce.
_PASSWD_MARKERS = ("root:x:0:0", "/usr/sbin/nologin", "daemon:x:")
_OS_RELEASE_MARKERS = ("PRETTY_NAME=", "VERSION_CODENAME=")


def secrets_of(server: ApiServer) -> list[str]:
    """The server's secrets as any encoding would show them (hex, raw text)."""
    secret = server_secret(server.data_dir, None)
    out = [secret.hex()]
    with suppress(UnicodeDecodeError):
        out.append(secret.decode())
    key_file = server.data_dir / "secret.key"
    if key_file.exists():
        out.append(key_file.read_text(errors="replace").strip())
    return [s for s in out if len(s) >= 16]


def assert_no_leak(server: ApiServer, *texts: str | bytes, also: tuple[str, ...] = ()) -> None:
    """None of the texts holds the server's secret, lines of /etc/passwd or /etc/os-release, or `also`."""
    forbidden = [*secrets_of(server), *_PASSWD_MARKERS, *_OS_RELEASE_MARKERS, *also]
    for text in texts:
        body = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        for marker in forbidden:
            assert marker not in body, f"leaked {marker[:12]!r}... in {body[:300]!r}"


class HealthWatch:
    """Polls /health in a thread; `worst` is the slowest answer seen (inf when one did not come)."""

    def __init__(self, server: ApiServer, interval: float = 0.1) -> None:
        self.server = server
        self.interval = interval
        self.latencies: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._client: httpx.Client | None = None

    def _run(self) -> None:
        assert self._client is not None
        while True:
            start = time.monotonic()
            try:
                ok = self._client.get(f"{self.server.api}/health").status_code == 200
            except httpx.HTTPError:
                ok = False
            self.latencies.append(time.monotonic() - start if ok else float("inf"))
            if self._stop.wait(self.interval):
                return

    @property
    def worst(self) -> float:
        return max(self.latencies, default=float("inf"))

    def __enter__(self) -> HealthWatch:
        # Built before timing starts: creating a client (its TLS context) is the test's time, not the server's.
        self._client = httpx.Client(timeout=5)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        # Joining lets a poll in flight finish, so a slow answer is counted, not lost.
        self._stop.set()
        self._thread.join(10)
        assert self._client is not None
        self._client.close()


@contextmanager
def responsive(server: ApiServer, limit: float = 1.0) -> Iterator[HealthWatch]:
    """Asserts that /health answered within `limit` seconds, every time, while the block ran."""
    with HealthWatch(server) as watch:
        yield watch
        # At least one poll overlaps the block even when the block was quick.
        time.sleep(0.25)
    assert watch.latencies, "the health check never ran"
    assert watch.worst < limit, f"/health took {watch.worst:.2f} s during the hostile request"


def error_of(answer: httpx.Response) -> str:
    """The error text of a 4xx answer (asserting that it is one)."""
    assert 400 <= answer.status_code < 500, f"expected a 4xx, got {answer.status_code}: {answer.text[:300]}"
    body: Any = answer.json()
    return str(body.get("error", body))


def data_dir_file(server: ApiServer, name: str) -> Path:
    return server.data_dir / name
