"""Budgets (issue 9, items 6 and 7): sizes, expressions, request bodies, slow clients and generator inputs.

Each attack is replayed against a real `synthdb serve` over HTTP; each must be refused with a 4xx naming
the field while /health keeps answering within a second.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import psutil
import pytest

from api.apiserver import ApiServer, shop
from security.hostile import assert_no_leak, error_of, responsive

MIB = 1024 * 1024


def _parents_and_children(parents: int | str, **fk: Any) -> dict[str, Any]:
    """Parents, and children whose count a foreign key's distribution sets."""
    return {
        "name": "fanout",
        "entities": [
            {"name": "parents", "record_count": parents,
             "fields": [{"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"}]},
            {"name": "children", "record_count": 1,
             "fields": [{"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                        {"name": "parent_id", "generator": "Foreign Key", "primary_key_entity": "parents",
                         "primary_key_field": "id", **fk}]},
        ],
    }


def _one_field(**field: Any) -> dict[str, Any]:
    return {"name": "inputs", "entities": [{"name": "t", "record_count": 10, "fields": [
        {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"}, {"name": "v", **field}]}]}


def _upsert(client: httpx.Client, ws: str, definition: dict[str, Any] | bytes) -> httpx.Response:
    if isinstance(definition, bytes):
        return client.post(f"/workspaces/{ws}/databases", content=definition,
                           headers={"Content-Type": "application/json"})
    return client.post(f"/workspaces/{ws}/databases", json=definition)


# --- sizes ----------------------------------------------------------------------------------------


def test_fixed_distribution_overflow_is_refused(secure_server: ApiServer, attacker: httpx.Client, ws: str) -> None:
    definition = _parents_and_children(3, distribution="fixed", exact_value=4611686018427387904)
    with responsive(secure_server):
        answer = _upsert(attacker, ws, definition)
    assert "entities[1].fields[1].exact_value" in error_of(answer)
    assert_no_leak(secure_server, answer.text)


def test_children_adding_up_past_the_cap_are_refused(secure_server: ApiServer, attacker: httpx.Client,
                                                      ws: str) -> None:
    # Each parent's count is allowed; their sum (3 x 5 * 10**9) is not.
    definition = _parents_and_children(3, distribution="fixed", exact_value=5 * 10**9)
    with responsive(secure_server):
        answer = _upsert(attacker, ws, definition)
    message = error_of(answer)
    assert message.startswith("entities[1].fields[1].exact_value:") and "limit" in message


@pytest.mark.parametrize("count", ["10**12", 10**12, "-5", "2 * 10**9"])
def test_huge_or_negative_row_counts_are_refused(secure_server: ApiServer, attacker: httpx.Client, ws: str,
                                                 count: str | int) -> None:
    definition = shop("huge")
    definition["entities"][0]["record_count"] = count
    with responsive(secure_server):
        answer = _upsert(attacker, ws, definition)
    assert error_of(answer).startswith("entities[0].record_count:")


def test_a_task_cannot_override_its_way_past_the_caps(secure_server: ApiServer, attacker: httpx.Client,
                                                      ws: str) -> None:
    """The 10**12-row task of the report: sizes are checked again with the task's overrides."""
    for overrides, where in [({"variables": {"n_customers": 10**12}}, "entities[0].record_count"),
                             ({"entities": {"orders": {"fields": {"customer_id": {
                                 "distribution": "fixed", "exact_value": 4611686018427387904}}}}},
                              "exact_value")]:
        with responsive(secure_server):
            answer = attacker.post("/generate_tasks", json={
                "workspace": ws, "database": "shop", "format": "csv", "overrides": overrides})
        assert where in error_of(answer)
    # A size under the caps but over the daily limit is counted, not waved through.
    answer = attacker.post("/generate_tasks", json={
        "workspace": ws, "database": "shop", "format": "csv", "overrides": {"variables": {"n_customers": 4 * 10**8}}})
    assert answer.status_code == 429, answer.text


# --- expressions and planning ----------------------------------------------------------------------


def test_power_tower_expression_is_refused_quickly(secure_server: ApiServer, attacker: httpx.Client,
                                                   ws: str) -> None:
    definition = shop("tower")
    definition["entities"][0]["record_count"] = "(((9**64)**64)**64)**64"
    with responsive(secure_server):
        started = time.monotonic()
        answer = _upsert(attacker, ws, definition)
        took = time.monotonic() - started
    assert "entities[0].record_count" in error_of(answer) and "too large" in error_of(answer)
    assert took < 5, f"the expression took {took:.1f} s to refuse"


def test_foreign_key_plan_of_many_parents_stays_small(secure_server: ApiServer, attacker: httpx.Client,
                                                      ws: str) -> None:
    """10**8 parents: planning counts children in chunks; no per-parent array in the API process."""
    assert secure_server.process is not None
    server = psutil.Process(secure_server.process.pid)
    definition = _parents_and_children(10**8, distribution="uniform", min=0, max=3)
    before = server.memory_info().rss
    with responsive(secure_server):
        answer = _upsert(attacker, ws, definition)
    after = server.memory_info().rss
    assert answer.status_code == 200, answer.text
    # An array of offsets alone would be 800 MB (1.4 GB was seen).
    assert after - before < 200 * MIB, f"the API process grew by {(after - before) / MIB:.0f} MiB"


# --- request bodies --------------------------------------------------------------------------------


class ChunkedSender:
    """Streams a chunked POST from a thread while the caller waits for the answer on the same socket."""

    def __init__(self, port: int, path: str, headers: dict[str, str], total: int, chunk: int = 256 * 1024) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
                "Transfer-Encoding: chunked", *(f"{k}: {v}" for k, v in headers.items())]
        self.sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        self.total = total
        self.piece = f"{chunk:x}\r\n".encode() + b"x" * chunk + b"\r\n"
        self.chunk = chunk
        self.sent = 0
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._send, daemon=True)
        self._thread.start()

    def _send(self) -> None:
        try:
            while self.sent < self.total and not self.done.is_set():
                self.sock.sendall(self.piece)
                self.sent += self.chunk
            self.sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server closed the connection after answering
        finally:
            self.done.set()

    def answer(self) -> tuple[int, bytes, int]:
        """(status, body start, bytes sent when the answer's first bytes arrived)."""
        data = self.sock.recv(65536)
        sent_then = self.sent
        while not _complete(data):
            more = self.sock.recv(65536)
            if not more:
                break
            data += more
        return int(data.split(b" ", 2)[1]), data, sent_then

    def close(self) -> None:
        self.done.set()
        self.sock.close()
        self._thread.join(10)


def _complete(data: bytes) -> bool:
    """True once an HTTP answer's headers and its Content-Length of body have arrived."""
    head, found, body = data.partition(b"\r\n\r\n")
    if not found:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return True


@pytest.fixture
def chunked(secure_server: ApiServer) -> Iterator[list[ChunkedSender]]:
    senders: list[ChunkedSender] = []
    yield senders
    for sender in senders:
        sender.close()


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-key", "Basic abc"])
def test_unauthenticated_chunked_body_is_refused_before_it_is_read(
    secure_server: ApiServer, ws: str, chunked: list[ChunkedSender], authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with responsive(secure_server):
        chunked.append(ChunkedSender(secure_server.port, f"/api/v1/workspaces/{ws}/databases", headers, 300 * MIB))
        status, data, sent = chunked[-1].answer()
    assert status == 401, data[:300]
    assert b"Authorization" in data or b"API key" in data
    assert sent < 300 * MIB, "the server read the whole body before answering"
    assert_no_leak(secure_server, data)


def test_oversized_chunked_body_is_cut_at_the_cap(
    secure_server: ApiServer, attacker: httpx.Client, ws: str, chunked: list[ChunkedSender]
) -> None:
    key = attacker.headers["Authorization"]
    with responsive(secure_server):
        chunked.append(ChunkedSender(secure_server.port, f"/api/v1/workspaces/{ws}/databases",
                                     {"Authorization": key}, 300 * MIB))
        status, data, sent = chunked[-1].answer()
    assert status == 413, data[:300]
    assert b"body: larger than" in data
    assert sent < 150 * MIB, f"{sent / MIB:.0f} MiB were sent before the 413"


def test_declared_oversized_body_is_refused_at_once(secure_server: ApiServer, ws: str) -> None:
    with socket.create_connection(("127.0.0.1", secure_server.port), timeout=10) as sock:
        sock.sendall(f"POST /api/v1/workspaces/{ws}/databases HTTP/1.1\r\nHost: x\r\n"
                     f"Content-Length: {300 * MIB}\r\n\r\n".encode())
        assert sock.recv(4096).startswith(b"HTTP/1.1 413")


def test_deep_json_gets_a_400(secure_server: ApiServer, attacker: httpx.Client, ws: str) -> None:
    body = '{"name": "deep", "entities": ' + "[" * 500 + "]" * 500 + "}"
    with responsive(secure_server):
        answer = attacker.post(f"/workspaces/{ws}/databases", content=body,
                               headers={"Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert "nested deeper than" in error_of(answer)


def test_brackets_inside_strings_do_not_count_as_depth(attacker: httpx.Client, ws: str) -> None:
    definition = shop("brackets")
    definition["entities"][0]["fields"][1] = {"name": "email", "generator": "Custom List",
                                              "values": ["[" * 200, "{" * 200 + '"\\"'], "data_type": "text"}
    answer = attacker.post(f"/workspaces/{ws}/databases", json=definition)
    assert answer.status_code == 200, answer.text


# --- generator inputs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "where"),
    [
        ({"generator": "Character Sequence", "format": "#" * 200_000}, "entities[0].fields[1].format"),
        ({"generator": "Character Sequence", "format": "#" * 5_000}, "entities[0].fields[1].format"),
        ({"generator": "Regular Expression", "regex": "a" * 100_000}, "entities[0].fields[1].regex"),
        ({"generator": "Regular Expression", "regex": "(ab|cd)" * 500}, "entities[0].fields[1].regex"),
        ({"generator": "Custom List", "values": list(range(150_000))}, "entities[0].fields[1].values"),
        ({"generator": "Custom List", "values": "a," * 20_000}, "entities[0].fields[1].values"),
        ({"generator": "Template", "template": "{id}" * 100}, "entities[0].fields[1].template"),
        ({"generator": "Constant", "constant_value": "x" * 100_000}, "entities[0].fields[1].constant_value"),
    ],
    ids=["format-200k", "format-5k", "regex-100k", "regex-3500", "list-150k", "list-text", "template", "constant"],
)
def test_huge_generator_inputs_are_refused(secure_server: ApiServer, attacker: httpx.Client, ws: str,
                                           field: dict[str, Any], where: str) -> None:
    with responsive(secure_server):
        answer = _upsert(attacker, ws, _one_field(name="v", **field))
    message = error_of(answer)
    assert message.startswith(f"{where}:"), message
    assert_no_leak(secure_server, answer.text)


def test_four_million_value_list_is_refused_by_size(secure_server: ApiServer, attacker: httpx.Client,
                                                     ws: str) -> None:
    """The 4M-value Custom List of the report is a 30 MB JSON body: over the JSON cap before it is parsed."""
    # Serialised before the watch starts: json.dumps holds this process's GIL for seconds on a busy machine,
    # which would stall the health poller here, not the server.
    body = json.dumps(_one_field(name="v", generator="Custom List", values=list(range(4_000_000)))).encode()
    with responsive(secure_server):
        answer = _upsert(attacker, ws, body)
    assert answer.status_code == 413
    assert error_of(answer).startswith("body: larger than")


# --- slow clients ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quick_timeouts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """A server with a 2-second header timeout, so that the test sees it fire."""
    instance = ApiServer(tmp_path_factory.mktemp("slow") / "data", workers=1,
                         env={"SYNTHDB_HEADER_TIMEOUT": "2"}).start()
    try:
        yield instance
    finally:
        instance.stop()


def _slow_loris(port: int, stop: threading.Event, closed: list[float], started: float) -> None:
    """Sends a request's headers one byte per second; records when the server hung up."""
    head = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100
    with socket.create_connection(("127.0.0.1", port), timeout=1.5) as sock:
        for byte in head:
            if stop.is_set():
                return
            try:
                sock.sendall(bytes([byte]))
                if sock.recv(1) == b"":
                    closed.append(time.monotonic() - started)
                    return
            except TimeoutError:
                continue  # nothing from the server yet: it is still waiting for the headers
            except OSError:
                closed.append(time.monotonic() - started)
                return


def test_slow_loris_does_not_stop_others_and_is_cut(quick_timeouts: ApiServer) -> None:
    stop = threading.Event()
    closed: list[float] = []
    started = time.monotonic()
    threads = [threading.Thread(target=_slow_loris, args=(quick_timeouts.port, stop, closed, started), daemon=True)
               for _ in range(20)]
    with responsive(quick_timeouts):
        for thread in threads:
            thread.start()
        time.sleep(3)
        with httpx.Client(base_url=quick_timeouts.api) as client:
            assert client.get("/health").status_code == 200
    for thread in threads:
        thread.join(10)
    stop.set()
    assert len(closed) == 20, f"only {len(closed)} of 20 slow connections were closed"
    assert max(closed) < 6, f"a slow client held its connection for {max(closed):.1f} s"


def test_stalled_body_gets_408(quick_timeouts: ApiServer, ws: str) -> None:
    key = quick_timeouts.key(ws, "editor")
    with socket.create_connection(("127.0.0.1", quick_timeouts.port), timeout=10) as sock:
        sock.sendall(f"POST /api/v1/workspaces/{ws}/databases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n"
                     "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\": ".encode())
        started = time.monotonic()
        answer = sock.recv(4096)
        while not _complete(answer):
            answer += sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"nothing received for 2 s" in answer
    assert time.monotonic() - started < 5


def test_oversized_headers_are_refused(quick_timeouts: ApiServer) -> None:
    """Headers still incomplete past 16 KiB are refused instead of buffered."""
    with socket.create_connection(("127.0.0.1", quick_timeouts.port), timeout=10) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 32 * 1024)
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
