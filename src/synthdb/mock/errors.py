"""The mock API's client errors: a status and a message naming the parameter or field at fault."""

from __future__ import annotations


class MockError(Exception):
    """A 4xx (or an injected 5xx) answer of the mock API."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
