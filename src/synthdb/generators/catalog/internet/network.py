"""IP addresses (v4, v6, CIDR, private), MAC addresses, ports and HTTP methods and statuses."""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import ClassVar, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, field_validator

from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.helpers.bundled import bundled_json
from synthdb.generators.helpers.charbuf import concat, fixed_strings, hex_bytes
from synthdb.generators.helpers.common import NETWORKS, is_unique
from synthdb.generators.helpers.reference import choices
from synthdb.generators.registry import register
from synthdb.permutation import permute
from synthdb.randomness import derive_key, mix64

# Special-purpose IPv4 blocks (RFC 6890 and successors): never drawn as "public" addresses.
_RESERVED_V4 = ("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
                "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
                "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3")
_PRIVATE_V4 = {"10.0.0.0/8": 0.4, "172.16.0.0/12": 0.2, "192.168.0.0/16": 0.4}
# Global unicast space handed to the five regional registries (2400::/12 ... 2c00::/12).
_V6_FIRST_GROUP = (0x2400, 0x2C0F)
_CIDR_V4_PREFIXES = {8: 1, 12: 1, 16: 6, 20: 4, 22: 6, 23: 4, 24: 30, 25: 4, 26: 6, 27: 8, 28: 10, 29: 8, 30: 6}
_CIDR_V6_PREFIXES = {29: 2, 32: 10, 36: 2, 40: 3, 44: 3, 48: 30, 52: 2, 56: 15, 60: 5, 64: 28}


@cache
def _octets() -> pa.Array:
    return pa.array([str(i) for i in range(256)], pa.string())


@cache
def _hextets() -> pa.Array:
    # RFC 5952: lowercase, no leading zeros.
    return pa.array([f"{i:x}" for i in range(65536)], pa.string())


@cache
def _separators() -> pa.Array:
    return pa.array(["", ":", "::"], pa.string())


def ipv4_text(values: np.ndarray) -> pa.Array:
    """Dotted-quad text of 32-bit integers."""
    v = values.astype(np.int64)
    parts = [_octets().take(pa.array((v >> shift) & 0xFF)) for shift in (24, 16, 8, 0)]
    return pc.binary_join_element_wise(*parts, ".")


def ipv6_text(groups: np.ndarray) -> pa.Array:
    """RFC 5952 canonical text of (n, 8) 16-bit groups: the longest run of 2+ zero groups becomes '::'."""
    n = len(groups)
    texts = [_hextets().take(pa.array(groups[:, j].astype(np.int64))) for j in range(8)]
    zero = groups == 0
    if not (zero[:, :-1] & zero[:, 1:]).any():  # the usual case for random addresses: nothing to compress
        return pc.binary_join_element_wise(*texts, ":")
    best_start, best_len = np.full(n, 99), np.zeros(n, dtype=np.int64)
    run_start, run_len = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    for j in range(8):
        run_len = np.where(zero[:, j], run_len + 1, 0)
        run_start = np.where(zero[:, j] & (run_len == 1), j, run_start)
        better = run_len > best_len  # strictly: the first of equally long runs wins
        best_len, best_start = np.where(better, run_len, best_len), np.where(better, run_start, best_start)
    start = np.where(best_len >= 2, best_start, 99)
    stop = np.where(best_len >= 2, best_start + best_len, 99)
    pieces: list[pa.Array] = []
    for j in range(8):
        in_run = (j >= start) & (j < stop)
        separator = np.where(j == stop, 2, np.where((j == 0) | in_run, 0, 1))
        pieces += [_separators().take(pa.array(separator)), pc.if_else(pa.array(in_run), "", texts[j])]
    pieces.append(_separators().take(pa.array(np.where(stop == 8, 2, 0))))
    return pc.binary_join_element_wise(*pieces, "")


class IPv4Params(ParamsModel):
    """Parameters of IPv4 addresses: an optional `network` (CIDR) to draw from."""

    model_config = ConfigDict(extra="ignore")
    network: str | None = None

    @field_validator("network")
    @classmethod
    def _network(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ipaddress.IPv4Network(value, strict=False)
            except ValueError as exc:
                raise ValueError(f"'{value}' is not an IPv4 network such as 10.0.0.0/8: {exc}") from None
        return value


def _intervals(networks: dict[str, float], exclude: tuple[str, ...] = ()) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(starts, sizes, weights) of the address intervals of `networks` minus `exclude`."""
    spans: list[tuple[int, int, float]] = []
    for text, weight in networks.items():
        net = ipaddress.IPv4Network(text, strict=False)
        low, high = int(net.network_address), int(net.broadcast_address)
        if net.prefixlen <= 30:  # leave out the network and broadcast addresses
            low, high = low + 1, high - 1
        pieces = [(low, high)]
        for other in exclude:
            cut = ipaddress.IPv4Network(other)
            c_low, c_high = int(cut.network_address), int(cut.broadcast_address)
            pieces = [p for lo, hi in pieces
                      for p in ((lo, min(hi, c_low - 1)), (max(lo, c_high + 1), hi)) if p[0] <= p[1]]
        total = sum(hi - lo + 1 for lo, hi in pieces)
        spans += [(lo, hi - lo + 1, weight * (hi - lo + 1) / total) for lo, hi in pieces]
    starts, sizes, weights = (np.array(x) for x in zip(*spans, strict=True))
    return starts.astype(np.int64), sizes.astype(np.int64), weights.astype(np.float64)


@register
class IPv4Address(Generator[IPv4Params]):
    """Public IPv4 addresses (no private, loopback, documentation or multicast blocks), or from `network`."""

    display_name = "IPv4 Address"
    key = "ipv4_address"
    aliases = ("IP Address v4", "ipv4", "ip_address", "IP Address")
    category = NETWORKS
    unique_values = True
    description = "Public IPv4 addresses in dotted-quad form, or addresses inside a given `network`."
    Params = IPv4Params
    _default_networks: ClassVar[dict[str, float]] = {"0.0.0.0/0": 1.0}

    def _space(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.params.network:
            return _intervals({self.params.network: 1.0})
        if self._default_networks == {"0.0.0.0/0": 1.0}:
            return _intervals(self._default_networks, _RESERVED_V4)
        return _intervals(self._default_networks)

    def capacity(self) -> int | None:
        return int(self._space()[1].sum())

    def addresses(self, ctx: ColumnContext) -> np.ndarray:
        """32-bit addresses as int64."""
        starts, sizes, weights = self._space()
        if is_unique(self):
            # A keyed bijection of the row into the whole space, then mapped interval by interval.
            offset = permute(ctx.rows, int(sizes.sum()), derive_key(ctx.stream.key, "unique"))
            bounds = np.cumsum(sizes)
            which = np.searchsorted(bounds, offset, side="right")
            return starts[which] + offset - (bounds[which] - sizes[which])
        which = ctx.stream.choice(ctx.rows, len(starts), weights.tolist())
        return starts[which] + (ctx.stream.uniform(ctx.rows, 1) * sizes[which]).astype(np.int64)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return ipv4_text(self.addresses(ctx))


@register
class PrivateIPv4Address(IPv4Address):
    """Private-use IPv4 addresses (RFC 1918): 10/8, 172.16/12 and 192.168/16."""

    display_name = "Private IPv4 Address"
    key = "private_ipv4_address"
    aliases = ("Private IPv4", "private_ip", "IP Address v4 Private", "local_ip")
    description = "RFC 1918 private addresses: 10.x.x.x, 172.16-31.x.x and 192.168.x.x (or inside `network`)."
    _default_networks = _PRIVATE_V4


@register
class IPv4CIDR(Generator[NoParams]):
    """IPv4 networks in CIDR notation (network address and prefix length, host bits zero)."""

    display_name = "IPv4 CIDR"
    key = "ipv4_cidr"
    aliases = ("IP Address v4 CIDR", "cidr", "ipv4_network")
    category = NETWORKS
    description = "IPv4 networks such as 203.0.113.0/24: a public address masked to a /8-/30 prefix."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        starts, sizes, weights = _intervals({"0.0.0.0/0": 1.0}, _RESERVED_V4)
        which = ctx.stream.choice(ctx.rows, len(starts), weights.tolist())
        address = starts[which] + (ctx.stream.uniform(ctx.rows, 1) * sizes[which]).astype(np.int64)
        lengths = np.array(list(_CIDR_V4_PREFIXES))
        prefix = lengths[ctx.stream.choice(ctx.rows, len(lengths), list(_CIDR_V4_PREFIXES.values()), draw=2)]
        network = address & ~((np.int64(1) << (32 - prefix)) - 1)
        return pc.binary_join_element_wise(ipv4_text(network), pa.array(prefix).cast(pa.string()), "/")


def _ipv6_groups(ctx: ColumnContext, unique: bool) -> np.ndarray:
    """(n, 8) groups of global unicast addresses; the low 64 bits are a bijection of the row if unique."""
    n = len(ctx.rows)
    high = ctx.stream.bits(ctx.rows, 1)
    if unique:
        low = mix64(ctx.rows.astype(np.uint64) + np.uint64(derive_key(ctx.stream.key, "unique")))
    else:
        low = ctx.stream.bits(ctx.rows, 2)
    groups = np.empty((n, 8), dtype=np.int64)
    for j in range(4):
        groups[:, j] = ((high >> np.uint64(48 - 16 * j)) & np.uint64(0xFFFF)).astype(np.int64)
        groups[:, 4 + j] = ((low >> np.uint64(48 - 16 * j)) & np.uint64(0xFFFF)).astype(np.int64)
    first_low, first_high = _V6_FIRST_GROUP
    groups[:, 0] = first_low + groups[:, 0] % (first_high - first_low + 1)
    return groups


@register
class IPv6Address(Generator[NoParams]):
    """Global unicast IPv6 addresses in RFC 5952 canonical form."""

    display_name = "IPv6 Address"
    key = "ipv6_address"
    aliases = ("IP Address v6", "ipv6")
    category = NETWORKS
    unique_values = True
    description = "Global unicast IPv6 addresses (registry-allocated 2400::-2c0f::), RFC 5952 compressed text."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return ipv6_text(_ipv6_groups(ctx, is_unique(self)))


@register
class IPv6CIDR(Generator[NoParams]):
    """IPv6 networks in CIDR notation (typical /32, /48, /56 and /64 prefixes, host bits zero)."""

    display_name = "IPv6 CIDR"
    key = "ipv6_cidr"
    aliases = ("IP Address v6 CIDR", "ipv6_network")
    category = NETWORKS
    description = "IPv6 networks such as 2a03:2880:f12a::/48, with prefixes from /29 to /64."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        groups = _ipv6_groups(ctx, unique=False)
        lengths = np.array(list(_CIDR_V6_PREFIXES))
        prefix = lengths[ctx.stream.choice(ctx.rows, len(lengths), list(_CIDR_V6_PREFIXES.values()), draw=3)]
        for j in range(8):
            kept = np.clip(prefix - 16 * j, 0, 16)  # prefix bits that fall in group j
            groups[:, j] &= (0xFFFF << (16 - kept)) & 0xFFFF
        return pc.binary_join_element_wise(ipv6_text(groups), pa.array(prefix).cast(pa.string()), "/")


class MacParams(ParamsModel):
    """Parameters of MAC Address."""

    model_config = ConfigDict(extra="ignore")
    separator: Literal[":", "-", ".", ""] = ":"
    uppercase: bool = False
    # universal: a real maker's OUI (IEEE registry); local: random, locally administered (as phones
    # randomise their Wi-Fi address).
    administration: Literal["universal", "local"] = "universal"


@cache
def _ouis() -> tuple[np.ndarray, np.ndarray]:
    """(OUI as 24-bit int, weight) for the shipped makers; a maker's weight is shared by its OUIs."""
    vendors = bundled_json("mac_vendors.json")["vendors"]
    ouis = [int(o, 16) for _, _, codes in vendors for o in codes]
    weights = [w / len(codes) for _, w, codes in vendors for _ in codes]
    return np.array(ouis, dtype=np.int64), np.array(weights)


@register
class MACAddress(Generator[MacParams]):
    """MAC-48 addresses of real makers' OUIs (or locally administered ones), unicast."""

    display_name = "MAC Address"
    key = "mac_address"
    aliases = ("mac", "hardware_address")
    category = NETWORKS
    unique_values = True
    description = "MAC-48 addresses with real makers' OUIs (Apple, Samsung, Cisco, ...) like 3c:22:fb:1a:07:9e."
    Params = MacParams

    def capacity(self) -> int | None:
        return len(_ouis()[0]) << 24 if self.params.administration == "universal" else 1 << 46

    def _value(self, ctx: ColumnContext) -> np.ndarray:
        """48-bit addresses as uint64."""
        unique = is_unique(self)
        key = derive_key(ctx.stream.key, "unique")
        if self.params.administration == "local":
            bits = permute(ctx.rows, 1 << 46, key).astype(np.uint64) if unique else \
                ctx.stream.bits(ctx.rows) >> np.uint64(18)
            # 46 free bits around the two flags of the first octet: multicast 0, locally administered 1.
            return ((bits >> np.uint64(40)) << np.uint64(42)) | np.uint64(1 << 41) | (bits & np.uint64((1 << 40) - 1))
        ouis, weights = _ouis()
        if unique:
            code = permute(ctx.rows, len(ouis) << 24, key)
            which, nic = code >> 24, code & 0xFFFFFF
        else:
            which = ctx.stream.choice(ctx.rows, len(ouis), weights.tolist())
            nic = ctx.stream.integers(ctx.rows, 0, (1 << 24) - 1, draw=1)
        return ((ouis[which] << 24) | nic).astype(np.uint64)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        octets = self._value(ctx).astype(">u8").view(np.uint8).reshape(-1, 8)[:, 2:]
        hexed = hex_bytes(np.ascontiguousarray(octets), upper=self.params.uppercase)
        sep = self.params.separator.encode()
        if sep == b".":  # Cisco style: three groups of four hex digits
            parts: list[np.ndarray | bytes] = [hexed[:, 0:4], b".", hexed[:, 4:8], b".", hexed[:, 8:12]]
        else:
            parts = [hexed[:, 0:2]]
            for i in range(1, 6):
                parts += [sep, hexed[:, 2 * i : 2 * i + 2]]
        return fixed_strings(concat([p for p in parts if len(p)], len(ctx.rows)))


class PortParams(ParamsModel):
    """Parameters of Port: which range of port numbers."""

    model_config = ConfigDict(extra="ignore")
    kind: Literal["any", "common", "well_known", "registered", "dynamic"] = "any"


_PORT_RANGES = {"any": (1, 65535), "well_known": (1, 1023), "registered": (1024, 49151), "dynamic": (49152, 65535)}


@register
class Port(Generator[PortParams]):
    """TCP/UDP port numbers: any, common service ports, or the well-known/registered/dynamic ranges."""

    display_name = "Port"
    key = "port"
    aliases = ("port_number", "tcp_port")
    category = NETWORKS
    description = "Port numbers; `kind`: any (1-65535), common (80, 443, 5432, ...), well_known, registered, dynamic."
    Params = PortParams
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> np.ndarray:
        if self.params.kind == "common":
            ports = np.array(bundled_json("network.json")["common_ports"], dtype=np.int64)
            return ports[ctx.stream.choice(ctx.rows, len(ports))]
        low, high = _PORT_RANGES[self.params.kind]
        return ctx.stream.integers(ctx.rows, low, high)


@register
class HTTPMethod(Generator[NoParams]):
    """HTTP request methods, weighted as in web traffic (mostly GET, then POST)."""

    display_name = "HTTP Method"
    key = "http_method"
    aliases = ("http_verb", "request_method")
    category = NETWORKS
    description = "HTTP request methods weighted like web traffic: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return choices(bundled_json("network.json")["http_methods"]).pick(ctx.rows, ctx.stream)


@cache
def _statuses() -> tuple[pa.Array, pa.Array, list[float]]:
    rows = bundled_json("network.json")["http_statuses"]
    return (pa.array([r[0] for r in rows], pa.int64()), pa.array([r[1] for r in rows], pa.string()),
            [float(r[2]) for r in rows])


class _HTTPStatus(Generator[NoParams]):
    """Code and reason phrase agree: both columns draw the status from the table's "http_status" group."""

    category = NETWORKS

    def status_index(self, ctx: ColumnContext) -> np.ndarray:
        codes, _, weights = _statuses()
        return ctx.group("http_status").choice(ctx.rows, len(codes), weights)


@register
class HTTPStatusCode(_HTTPStatus):
    """HTTP response status codes, weighted (mostly 200, some 3xx/4xx/5xx)."""

    display_name = "HTTP Status Code"
    key = "http_status_code"
    aliases = ("status_code", "http_status")
    description = "HTTP response status codes weighted like real traffic (200 most, then 304, 404, 302, ...)."
    arrow = pa.int64()

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _statuses()[0].take(pa.array(self.status_index(ctx)))


@register
class HTTPStatusMessage(_HTTPStatus):
    """The reason phrase of an HTTP status ("Not Found"), matching HTTP Status Code in the same row."""

    display_name = "HTTP Status Message"
    key = "http_status_message"
    aliases = ("reason_phrase", "http_reason")
    description = "HTTP reason phrases (OK, Not Found, ...), agreeing with the row's HTTP Status Code."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return _statuses()[1].take(pa.array(self.status_index(ctx)))
