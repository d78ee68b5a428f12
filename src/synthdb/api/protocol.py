"""uvicorn's HTTP/1.1 protocol with a header timeout: a client must send a request's headers in time.

uvicorn bounds idle keep-alive connections (`timeout_keep_alive`) and the size of incomplete headers
(`h11_max_incomplete_event_size`) but not the time headers take, so a slow-loris client sending one
byte per second would hold its connection forever. The timer runs from the first byte of a request
(or from the connection) until h11 has parsed the request line and headers.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol


class HeaderTimeoutProtocol(H11Protocol):
    """H11Protocol that closes a connection whose request headers take longer than `header_timeout`."""

    header_timeout: float = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.cycle is None or self.cycle.response_complete:
            self._arm()  # bytes of a new request: its headers must arrive in time
        cycle = self.cycle
        super().data_received(data)
        if self.cycle is not cycle:  # h11 parsed a request line and its headers
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if (self.cycle is None or self.cycle.response_complete) and not self.transport.is_closing():
            self.transport.close()


def with_header_timeout(seconds: float) -> type[HeaderTimeoutProtocol]:
    """The protocol class for uvicorn's `http=` with the given header timeout."""
    return type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout": float(seconds)})
