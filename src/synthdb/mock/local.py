"""`synthdb mock`: the mock API of a definition file on loopback, no key, regenerated when the file changes."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from synthdb.definition.model import Database
from synthdb.mock.http import cors_headers, preflight, to_response
from synthdb.mock.indexes import index_snapshot
from synthdb.mock.service import MockResponse, MockService
from synthdb.mock.specserve import SpecMock
from synthdb.mock.userspec import UserSpec

log = logging.getLogger("synthdb.mock")
LOCAL_SESSION = "local"


class LocalMock:
    """The current MockService of a definition file, rebuilt (in a fresh temp file) when the file changes."""

    def __init__(self, path: Path, load: Callable[[Path], Database], seed: int | None,
                 variables: Mapping[str, Any], spec: UserSpec | None = None) -> None:
        self.path = path
        self.spec = spec
        self.reverse: SpecMock | None = None
        self._next_reverse: SpecMock | None = None
        self.load = load
        self.seed = seed
        self.variables = dict(variables)
        self.root = Path(tempfile.mkdtemp(prefix="synthdb-mock-"))
        self.generation = 0
        self._lock = threading.Lock()
        self._stamp = self._mtime()
        self.service = self._build()
        self.reverse = self._next_reverse

    def _mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    def _build(self) -> MockService:
        from synthdb.service.generate import GenerateOptions, generate

        database = self.load(self.path)
        self.generation += 1
        folder = self.root / str(self.generation)
        folder.mkdir()
        snapshot = generate(database, folder / "snapshot.sqlite",
                            GenerateOptions("sqlite", seed=self.seed, variables=self.variables))
        index_snapshot(snapshot)
        service = MockService(snapshot, folder / "sessions", database)
        # The user's spec is bound to this snapshot's tables (they change when the definition does).
        self._next_reverse = SpecMock(self.spec, service) if self.spec is not None else None
        return service

    def reload_if_changed(self) -> bool:
        """Regenerate when the definition file changed; a broken edit keeps the previous data (logged)."""
        stamp = self._mtime()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            service = self._build()
        except Exception as exc:  # the author is mid-edit: say why, keep serving the last good version
            log.error("%s: not reloaded: %s", self.path, exc)
            return False
        with self._lock:
            old, self.service, self.reverse = self.service, service, self._next_reverse
        shutil.rmtree(old.snapshot.parent, ignore_errors=True)
        log.warning("%s changed: the mock API was regenerated", self.path)
        return True

    def watch(self, interval: float = 1.0) -> threading.Event:
        """Poll the file in a daemon thread; set the returned event to stop."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(interval):
                self.reload_if_changed()

        threading.Thread(target=loop, name="synthdb-mock-watch", daemon=True).start()
        return stop

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def local_app(mock: LocalMock) -> Starlette:
    """The mock API at /api/... with no key; any origin may call it (it listens on loopback only). With a
    user's spec, its paths come first (under its server URL's path) and the automatic API stays at /api."""

    def answer(request: Request, body: bytes) -> Response:
        service, reverse = mock.service, mock.reverse
        session = request.headers.get("x-mock-session") or LOCAL_SESSION
        cors = cors_headers(["*"], request.headers.get("origin"))
        path = request.url.path
        if reverse is not None and reverse.match(path) is not None:
            origin = str(request.base_url).rstrip("/")
            result = reverse.handle(request.method, path, list(request.query_params.multi_items()),
                                    dict(request.headers), body, session, origin)
            return to_response(result, cors)
        if path != "/api" and not path.startswith("/api/"):
            return to_response(MockResponse(404, {"error": f"{path}: no such path (the mock API is at /api)"}), cors)
        rest = path.removeprefix("/api").lstrip("/")
        base = str(request.base_url).rstrip("/") + "/api"
        result = service.handle(request.method, rest, list(request.query_params.multi_items()), body, session, base)
        return to_response(result, cors)

    async def endpoint(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight(["*"], request.headers.get("origin"))
        return await run_in_threadpool(answer, request, await request.body())

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return Starlette(routes=[Route("/{rest:path}", endpoint, methods=methods)])
