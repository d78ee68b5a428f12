"""Which hosts a connection may reach: hostname/IP syntax, and the private-address policy for untrusted callers."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from synthdb.errors import UsageError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# RFC 1123 labels; a trailing dot (fully qualified) is allowed. Underscores appear in real internal names.
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


class HostRefused(UsageError):
    """A host that is not a hostname or IP literal, or that the host policy does not allow."""


def ip_literal(host: str) -> IPAddress | None:
    """The address when `host` is an IP literal (IPv6 with or without brackets), else None."""
    text = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def check_host_syntax(host: str) -> str:
    """`host` when it is a hostname or an IP literal; a HostRefused saying why otherwise.

    Nothing that a driver or a URL parser could read as more than a host gets through: no '/', '?',
    '@', ':' (outside an IPv6 literal), '%' (IPv6 zones name interfaces), whitespace or control
    characters, and no empty or over-long names.
    """
    if not host or host != host.strip():
        raise HostRefused("must be a hostname or an IP address, without spaces")
    address = ip_literal(host)
    if address is not None:
        if "%" in host:
            raise HostRefused("IPv6 zone identifiers ('%') are not accepted")
        return str(address)
    name = host[:-1] if host.endswith(".") else host
    if len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        raise HostRefused(
            f"'{_shown(host)}' is not a hostname or an IP address (letters, digits, '-', '_' and dots only; "
            "no '/', '?', '@', ':', spaces or other characters)"
        )
    if name.replace(".", "").isdigit():
        # "2130706433" or "127.1": resolvers read these as addresses; only dotted quads are IP literals here.
        raise HostRefused(f"'{_shown(host)}' is not a hostname or a complete IP address")
    return name.lower()


def _shown(host: str) -> str:
    """The host as it may be echoed: printable, short."""
    printable = "".join(c if c.isprintable() and not c.isspace() else "?" for c in host)
    return printable[:80] + ("..." if len(printable) > 80 else "")


def unmapped(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64-style IPv6 address, else the address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address.teredo is not None:
            return address.teredo[1]
    return address


def is_public(address: IPAddress) -> bool:
    """True for globally routable unicast addresses (not loopback, private, link-local, reserved, multicast...)."""
    inner = unmapped(address)
    return inner.is_global and not inner.is_multicast and address.is_global and not address.is_multicast


@dataclass(frozen=True)
class HostPolicy:
    """What an untrusted caller may connect to. Public addresses always; the rest only when the operator allows.

    `allowed` holds CIDR networks and host names (exact, case-insensitive) from the operator's settings.
    """

    allow_private: bool = False
    allowed: tuple[str, ...] = ()

    @classmethod
    def parse(cls, allow_private: bool, allowed: str | Iterable[str]) -> HostPolicy:
        """A policy from settings; `allowed` as a comma-separated string or a list. Bad entries are errors."""
        items = allowed.split(",") if isinstance(allowed, str) else list(allowed)
        entries = tuple(item.strip().lower() for item in items if item.strip())
        for entry in entries:
            if "/" in entry or ip_literal(entry) is not None:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError as exc:
                    raise UsageError(f"allowed targets: '{entry}' is not a network: {exc}") from exc
            else:
                check_host_syntax(entry)
        return cls(bool(allow_private), entries)

    def _networks(self) -> list[Network]:
        return [ipaddress.ip_network(e, strict=False) for e in self.allowed if "/" in e or ip_literal(e)]

    def permits(self, host: str, address: IPAddress) -> bool:
        """May a connection to `host` go to `address`?"""
        if address.is_multicast or address.is_unspecified or unmapped(address).is_unspecified:
            return False  # never a database server; 0.0.0.0 reaches the local machine
        if self.allow_private or is_public(address):
            return True
        if host.lower().rstrip(".") in self.allowed:
            return True
        return any(unmapped(address) in net or address in net for net in self._networks())

    def check(self, host: str, port: int) -> list[str]:
        """The addresses `host` resolves to, every one of them allowed; HostRefused otherwise.

        Every address is checked, not just the first: a name with one public and one private
        address would otherwise let the driver pick the private one. A name that does not resolve
        raises OSError (the caller decides what to tell).
        """
        name = check_host_syntax(host)
        literal = ip_literal(name)
        if literal is not None:
            addresses = [literal]
        else:
            infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
            addresses = list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos))
        refused = [a for a in addresses if not self.permits(name, a)]
        if refused or not addresses:
            raise HostRefused(
                f"'{_shown(host)}' is not an allowed target: loopback, private, link-local and other "
                "non-public addresses are refused unless the operator allows them "
                "(SYNTHDB_ALLOW_PRIVATE_TARGETS or SYNTHDB_ALLOWED_TARGETS)"
            )
        return [str(a) for a in addresses]
