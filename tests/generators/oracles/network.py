"""Oracles for "Networks and files": the stdlib's ipaddress, uuid, http, mimetypes and colorsys, RFCs."""

from __future__ import annotations

import colorsys
import ipaddress
import mimetypes
import re
import uuid
from collections import Counter
from http import HTTPMethod, HTTPStatus
from urllib.parse import urlsplit

import pyarrow as pa
from faker.providers.color import Provider as FakerColors
from mimesis.datasets import TLD
from packaging.version import Version
from scipy import stats

from generators.oracles.base import Oracle, Sample, cached, companion, custom, each, entry, matches, member_of, per_row
from generators.oracles.stats import chi_square, ks

# RFC 1035 / RFC 1123 host label: letters, digits, inner hyphens, at most 63 characters.
LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
# RFC 2606 reserves example.com/.net/.org for documentation: the `safe` default must stay under them.
RESERVED = r"example\.(com|net|org)"

# Registrations the stdlib's built-in table lacks (it varies by Python version), each from its registry
# entry: RFC 6713 gzip, RFC 6922 sql, IANA PE executables, OASIS ODF, ECMA-376 OOXML, RFC 7303 xml,
# RFC 9512 yaml, IANA audio/flac, RFC 4337 m4a, RFC 5334 ogg, WHATWG audio/wav, RFC 5545 ics, RFC 9239 js,
# RFC 7763 markdown; 7z and Matroska use their projects' documented x- types; .log is plain text.
_MIME = mimetypes.MimeTypes()
for _type, _ext in [
    ("application/gzip", ".gz"), ("application/sql", ".sql"), ("application/vnd.microsoft.portable-executable", ".exe"),
    ("application/vnd.oasis.opendocument.spreadsheet", ".ods"), ("application/vnd.oasis.opendocument.text", ".odt"),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ("application/x-7z-compressed", ".7z"), ("application/xml", ".xml"), ("application/yaml", ".yaml"),
    ("audio/flac", ".flac"), ("audio/mp4", ".m4a"), ("audio/ogg", ".ogg"), ("audio/wav", ".wav"),
    ("text/calendar", ".ics"), ("text/javascript", ".js"), ("text/markdown", ".md"), ("text/plain", ".log"),
    ("video/x-matroska", ".mkv")]:
    _MIME.add_type(_type, _ext, strict=False)


def _mime_has(mime: str, ext: str) -> bool:
    return "." + ext.lower() in _MIME.guess_all_extensions(mime, strict=False)


@cached
def _tlds() -> set[str]:
    # mimesis' IANA-derived lists; .pro is a sponsored gTLD (IANA root zone) that the list lacks.
    return {t.strip(".") for group in TLD.values() for t in group} | {"pro"}


@cached
def _css_colors() -> dict[str, str]:
    """CSS Color Module named colors (via Faker's table): normalised name -> #rrggbb."""
    return {name.lower(): code.lower() for name, code in FakerColors.all_colors.items()}


def _digit_chi() -> Oracle:
    """Each hex digit of a digest is uniform over 0-f (chi-square over all digits of the sample)."""
    base = chi_square({c: 1 / 16 for c in "0123456789abcdef"}, "uniform hex digits")

    @custom("statistical", base.source)
    def check(sample: Sample) -> None:
        base.check(Sample(sample.key, sample.params, {"t": _digits_table(sample)}))
    return check


def _digits_table(sample: Sample) -> pa.Table:
    digits = [ch for v in sample.values for ch in str(v)]
    return pa.table({"value": digits})


def _digest(length: int) -> tuple[Oracle, Oracle]:
    return (matches(f"[0-9a-f]{{{length}}}", "lowercase hex digest"), _digit_chi())


def _rgb(text: str) -> tuple[int, ...]:
    m = re.fullmatch(r"rgb\((\d{1,3}), (\d{1,3}), (\d{1,3})\)", text)
    assert m
    return tuple(int(x) for x in m.groups())


def _hsl_of_hex(code: str) -> tuple[int, int, int]:
    r, g, b = (int(code[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    return round(h * 360) % 360, round(s * 100), round(lightness * 100)


def _hsl_close(text: str, code: str) -> bool:
    m = re.fullmatch(r"hsl\((\d{1,3}), (\d{1,3})%, (\d{1,3})%\)", text)
    assert m
    got = tuple(int(x) for x in m.groups())
    want = _hsl_of_hex(code)
    # Rounding of each channel to integers may move a component by one unit (hue wraps at 360).
    hue = min(abs(got[0] - want[0]), 360 - abs(got[0] - want[0]))
    return hue <= 1 and abs(got[1] - want[1]) <= 1 and abs(got[2] - want[2]) <= 1


def _public_v4(text: str) -> bool:
    return ipaddress.IPv4Address(text).is_global


def _cidr_v4(text: str) -> bool:
    net = ipaddress.IPv4Network(text, strict=True)  # strict: host bits must be zero
    return 8 <= net.prefixlen <= 30 and net.network_address.is_global


def _v6_global(text: str) -> bool:
    address = ipaddress.IPv6Address(text)
    # RFC 5952 canonical text is what ipaddress prints; registry allocations lie in 2400::/6-ish 2000::/3.
    return str(address) == text and address in ipaddress.IPv6Network("2000::/3") and address.is_global


def _cidr_v6(text: str) -> bool:
    net = ipaddress.IPv6Network(text, strict=True)
    return str(net) == text and 29 <= net.prefixlen <= 64 and net.subnet_of(ipaddress.IPv6Network("2000::/3"))


def _private_v4(text: str) -> bool:
    address = ipaddress.IPv4Address(text)
    return any(address in ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


def _mac_universal(text: str) -> bool:
    first = int(text[:2], 16)
    # IEEE 802: bit 0 of the first octet is multicast, bit 1 locally administered; both clear here.
    return first & 0b11 == 0


def _uuid4(text: str) -> bool:
    value = uuid.UUID(text)
    return str(value) == text and value.version == 4 and value.variant == uuid.RFC_4122


def _url_ok(text: str) -> bool:
    parts = urlsplit(text)
    return (parts.scheme in ("http", "https") and parts.hostname is not None
            and re.fullmatch(rf"({LABEL}\.)*{RESERVED}", parts.hostname) is not None
            and re.fullmatch(r"[A-Za-z0-9\-._~/?#\[\]@!$&'()*+,;=%:]*", text) is not None)


# RFC 9110 tokens and comments: token = 1*tchar; comment = "(" *( ctext / quoted-pair / comment ) ")".
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def _user_agent(text: str) -> bool:
    i, products = 0, 0
    while i < len(text):
        if products and text[i] != " ":
            return False
        i += 1 if products else 0
        if text.startswith("(", i):
            depth = 0
            for j in range(i, len(text)):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
            if depth:
                return False
            i = j + 1
        else:
            m = _TOKEN.match(text, i)
            if not m:
                return False
            i = m.end()
            if text.startswith("/", i):
                m = _TOKEN.match(text, i + 1)
                if not m:
                    return False
                i = m.end()
        products += 1
    # The first product carries its version (product/version), as every real agent string does.
    return products > 0 and re.match(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+/", text) is not None


@custom("statistical", "user agents: most are browsers (Mozilla/5.0 with a platform comment)")
def _mostly_browsers(sample: Sample) -> None:
    browsers = sum(1 for v in sample.values if v.startswith("Mozilla/5.0 ("))
    assert browsers > 0.8 * len(sample.values), f"only {browsers} of {len(sample.values)} browser agents"


@custom("statistical", "major version: the lowest majors (0-2) are the most common")
def _low_majors(sample: Sample) -> None:
    majors = Counter(int(v.split(".")[0]) for v in sample.values)
    assert majors.most_common(1)[0][0] <= 2 and max(majors) < 50, majors.most_common(5)


# Reason phrases that changed names between RFC 7231 and RFC 9110 (either is right).
_PHRASE_ALIASES = {418: ("I'm a teapot", "I'm a Teapot"), 413: ("Payload Too Large", "Content Too Large"),
                   422: ("Unprocessable Entity", "Unprocessable Content"),
                   416: ("Range Not Satisfiable", "Requested Range Not Satisfiable")}


@custom("statistical", "HTTP method is one of RFC 9110's and GET is the most common (web traffic)")
def _methods(sample: Sample) -> None:
    counts = Counter(sample.values)
    known = {m.value for m in HTTPMethod}
    assert set(counts) <= known, set(counts) - known
    assert counts.most_common(1)[0][0] == "GET" and len(counts) >= 5, counts


@custom("statistical", "HTTP status: 200 is the most common code (real traffic)")
def _status_mode(sample: Sample) -> None:
    assert Counter(sample.values).most_common(1)[0][0] in (200, "200"), Counter(sample.values).most_common(3)


ENTRIES = {
    "app_bundle_id": entry(
        matches(rf"(com|io|net|org|app|co)\.{LABEL}\.[a-z0-9]+", "reverse-DNS bundle id (Apple CFBundleIdentifier)"),
        per_row("name", lambda v, n: v.endswith("." + n.lower().replace("-", "")), "bundle id ends with the app name"),
        companions=[companion("name", "app_name")]),
    "app_name": entry(
        matches(r"[A-Z][a-z]*(-[a-z]+)?", "a capitalised invented word"),
        per_row("bundle", lambda v, b: b.endswith("." + v.lower().replace("-", "")), "the bundle id names this app"),
        companions=[companion("bundle", "app_bundle_id")]),
    "app_version": entry(
        each(lambda v: str(Version(v)) == v and 2 <= len(v.split(".")) <= 3, "PEP 440 / semver major.minor[.patch]"),
        _low_majors),
    "color_name": entry(
        member_of(lambda: set(_css_colors()), "CSS named colors", transform=lambda v: v.replace(" ", "").lower()),
        per_row("hex", lambda v, h: _css_colors()[v.replace(" ", "").lower()] == h, "CSS color's hex is the row's"),
        companions=[companion("hex", "hex_color")]),
    "domain_name": entry(matches(rf"({LABEL}\.)+{RESERVED}", "RFC 1035 labels under RFC 2606 reserved domains")),
    "file_extension": entry(
        per_row("mime", lambda v, m: _mime_has(m, v), "stdlib mimetypes: extension belongs to the row's MIME type"),
        companions=[companion("mime", "mime_type")]),
    "file_name": entry(
        matches(r"[A-Za-z0-9_\-]+( \(\d+\))?\.[a-z0-9]+", "portable file name (POSIX characters, ' (n)' copy)"),
        per_row("mime", lambda v, m: _mime_has(m, v.rsplit(".", 1)[1]), "stdlib mimetypes agrees with the row's type"),
        companions=[companion("mime", "mime_type")]),
    "file_path": entry(
        matches(r"(/[A-Za-z0-9_.\-]+)+( \(\d+\))?\.[a-z0-9]+", "absolute POSIX path to a file (platform: unix)"),
        per_row("mime", lambda v, m: _mime_has(m, v.rsplit(".", 1)[1]), "stdlib mimetypes agrees with the row's type"),
        companions=[companion("mime", "mime_type")]),
    "hsl_color": entry(
        per_row("hex", _hsl_close, "colorsys.rgb_to_hls of the row's hex color (CSS Color 4 hsl())"),
        companions=[companion("hex", "hex_color")]),
    "http_method": entry(_methods),
    "http_status_code": entry(member_of(lambda: {s.value for s in HTTPStatus}, "http.HTTPStatus (IANA registry)",
                                        transform=int), _status_mode),
    "http_status_message": entry(
        per_row("code", lambda v, c: HTTPStatus(int(c)).phrase == v or v in _PHRASE_ALIASES.get(int(c), ()),
                "http.HTTPStatus phrase of the row's code"),
        companions=[companion("code", "http_status_code")]),
    "hex_color": entry(
        matches(r"#[0-9a-f]{6}", "CSS hex color"),
        per_row("rgb", lambda v, r: tuple(int(v[i:i + 2], 16) for i in (1, 3, 5)) == _rgb(r),
                "same as the row's rgb()"),
        companions=[companion("rgb", "rgb_color")]),
    "ipv4_address": entry(each(_public_v4, "ipaddress: IPv4Address.is_global"),
                          each(lambda v: str(ipaddress.IPv4Address(v)) == v, "canonical dotted quad")),
    "ipv4_cidr": entry(each(_cidr_v4, "ipaddress: strict IPv4Network, /8-/30, global")),
    "ipv6_address": entry(each(_v6_global, "ipaddress: global unicast 2000::/3, RFC 5952 text")),
    "ipv6_cidr": entry(each(_cidr_v6, "ipaddress: strict IPv6Network /29-/64 in 2000::/3, RFC 5952 text")),
    "mac_address": entry(matches(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", "IEEE 802 MAC-48, colon separated"),
                         each(_mac_universal, "IEEE 802: unicast, universally administered")),
    "md5": entry(*_digest(32)),
    "mime_type": entry(each(lambda v: bool(_MIME.guess_all_extensions(v, strict=False)),
                            "stdlib mimetypes knows the type")),
    "port": entry(each(lambda v: 1 <= int(v) <= 65535, "RFC 6335 port range 1-65535"),
                  ks(stats.uniform(1, 65535), "uniform over 1-65535 (kind: any)")),
    "private_ipv4_address": entry(each(_private_v4, "RFC 1918 private ranges")),
    "rgb_color": entry(
        per_row("hex", lambda v, h: _rgb(v) == tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)), "same as the row's hex"),
        companions=[companion("hex", "hex_color")]),
    "sha1": entry(*_digest(40)),
    "sha256": entry(*_digest(64)),
    "sha512": entry(*_digest(128)),
    "short_hex_color": entry(
        matches(r"#[0-9a-f]{3}", "CSS 3-digit hex color"),
        per_row("hex", lambda v, h: all(abs(int(v[1 + i], 16) * 17 - int(h[1 + 2 * i:3 + 2 * i], 16)) <= 8
                                        for i in range(3)), "each channel is the row's hex rounded to 4 bits"),
        companions=[companion("hex", "hex_color")]),
    "top_level_domain": entry(member_of(_tlds, "IANA root zone TLDs (mimesis)")),
    "url": entry(each(_url_ok, "urllib.parse: http(s) URL on an RFC 2606 host, RFC 3986 characters")),
    "uuid": entry(each(_uuid4, "uuid.UUID: version 4, RFC 4122 variant, canonical text")),
    "user_agent": entry(each(_user_agent, "RFC 9110 10.1.5 User-Agent: product/version *(RWS (product / comment))"),
                        _mostly_browsers),
}
