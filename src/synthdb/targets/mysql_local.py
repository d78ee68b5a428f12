"""A PyMySQL connection whose LOAD DATA LOCAL can only send the rows the loader handed it, never a file.

The MySQL protocol lets the *server* name the file the client sends, in answer to any query: a rogue
server asks for `/etc/passwd` or the service's secret and PyMySQL's stock handler reads it. Here the
stock handler is off (`local_infile=False`), and the answer to a LOCAL INFILE request comes from
memory: the bytes armed for the one LOAD DATA statement the loader is running, and only when the
server asks for the placeholder name that statement used. Anything else gets an empty file and an
error; no path the server names is ever opened.
"""

from __future__ import annotations

from typing import Any

import pymysql
from pymysql.connections import LoadLocalPacketWrapper, MySQLResult
from pymysql.constants import CLIENT

# The file name our LOAD DATA statements give; the server sends it back in its request.
PLACEHOLDER = "synthdb-rows.tsv"
_PACKET = 16 * 1024


class UnexpectedFileRequest(pymysql.err.OperationalError):
    """The server asked for a file outside our own LOAD DATA statement (or for another name)."""


class _GuardedResult(MySQLResult):
    def _read_load_local_packet(self, first_packet: Any) -> None:
        conn: GuardedConnection = self.connection
        request = LoadLocalPacketWrapper(first_packet)
        payload = conn.take_payload(request.filename)
        try:
            if payload is not None:
                view = memoryview(payload)
                for start in range(0, len(view), _PACKET):
                    conn.write_packet(bytes(view[start:start + _PACKET]))
        finally:
            conn.write_packet(b"")  # end of the "file"
            answer = conn._read_packet()
        if payload is None:
            raise UnexpectedFileRequest(2000, "the server asked for a local file the loader did not offer; "
                                              "nothing was sent")
        if not answer.is_ok_packet():
            raise pymysql.err.OperationalError(2014, "Commands out of sync")
        self._read_ok_packet(answer)


class GuardedConnection(pymysql.connections.Connection):
    """PyMySQL with LOAD DATA LOCAL served from memory (see the module docstring)."""

    def __init__(self, *, allow_load_data: bool = False, **kwargs: Any) -> None:
        kwargs["local_infile"] = False  # the stock handler (which opens the named file) never runs
        if allow_load_data:
            # Tell the server we can answer LOCAL requests; our handler decides what is sent.
            kwargs["client_flag"] = kwargs.get("client_flag", 0) | CLIENT.LOCAL_FILES
        self._payload: bytes | memoryview | None = None
        super().__init__(**kwargs)

    def arm(self, payload: bytes | memoryview) -> None:
        """The bytes the next LOAD DATA LOCAL INFILE '<PLACEHOLDER>' statement sends."""
        self._payload = payload

    def take_payload(self, filename: bytes | str) -> bytes | memoryview | None:
        name = filename.decode("utf-8", "replace") if isinstance(filename, bytes) else filename
        payload, self._payload = self._payload, None
        return payload if name == PLACEHOLDER else None

    def _read_query_result(self, unbuffered: bool = False) -> Any:
        self._result = None
        result = _GuardedResult(self)
        if unbuffered:
            result.init_unbuffered_query()
        else:
            result.read()
        self._result = result
        if result.server_status is not None:
            self.server_status = result.server_status
        return result.affected_rows
