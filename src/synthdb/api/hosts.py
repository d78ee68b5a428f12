"""The base URL of links (public_url, else the listening address) and the Host names the server answers to."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from synthdb.errors import UsageError

HEALTH_PATH = "/api/v1/health"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_allowed_hosts(text: str | None) -> tuple[str, ...]:
    """`a.example.com, *.example.org, b:8443` → lower-case entries (empty when not configured)."""
    return tuple(part.strip().lower() for part in (text or "").split(",") if part.strip())


def check_link_settings(public_url: str | None, allowed_hosts: str | None) -> None:
    """UsageError for a public URL that is not an absolute http(s) URL, or a malformed Host allow-list."""
    if public_url:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise UsageError(
                f"public_url: expected an absolute http(s) URL such as https://synthdb.example.com, got '{public_url}'"
            )
    for entry in parse_allowed_hosts(allowed_hosts):
        name = entry.removeprefix("*.")
        if entry != "*" and (not name or "*" in name or "/" in name or " " in name):
            raise UsageError(f"allowed_hosts: '{entry}' is not a host name, '*.domain' or '*'")


def _split_host(value: str) -> tuple[str, str | None]:
    """'Example.com:8000' → ('example.com', '8000'); '[::1]:80' → ('::1', '80'); '::1' → ('::1', None)."""
    value = value.strip().lower()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        return host, rest[1:] if rest.startswith(":") else None
    if value.count(":") > 1:
        return value, None  # a bare IPv6 address
    host, sep, port = value.rpartition(":")
    return (host, port) if sep and port.isdigit() else (value, None)


def host_allowed(header: str, allowed: tuple[str, ...]) -> bool:
    """True when the Host header names one of the allowed entries (an entry without a port allows any port)."""
    host, port = _split_host(header)
    if not host:
        return False
    for entry in allowed:
        if entry == "*":
            return True
        want_host, want_port = _split_host(entry)
        if want_port is not None and want_port != port:
            continue
        if (want_host.startswith("*.") and host.endswith(want_host[1:])) or host == want_host:
            return True
    return False


class HostGuard:
    """Answers 400 to requests whose Host is not allowed (health checks excepted: probes use addresses)."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] != HEALTH_PATH:
            host = Headers(scope=scope).get("host", "")
            if not host_allowed(host, self.allowed):
                message = "Host: not a name this server answers to (see allowed_hosts / SYNTHDB_ALLOWED_HOSTS)"
                await JSONResponse({"error": message}, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def link_base(public_url: str | None, allowed_hosts: str | None, request: Request) -> str:
    """Base of absolute links: public_url; else the Host the client used when it was checked against an
    allow-list; else the address the server listens on: a forged Host header never reaches a link."""
    if public_url:
        return public_url.rstrip("/")
    if parse_allowed_hosts(allowed_hosts):
        return str(request.base_url).rstrip("/")
    scheme = request.url.scheme
    server = request.scope.get("server")
    if not server or server[1] is None:
        return f"{scheme}://localhost"
    host, port = str(server[0]), int(server[1])
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" if _DEFAULT_PORTS.get(scheme) == port else f"{scheme}://{host}:{port}"
