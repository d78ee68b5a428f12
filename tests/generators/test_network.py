"""Networks and files: addresses, domains, URLs, files, digests, apps and colors, checked by independent validators."""

from __future__ import annotations

import colorsys
import ipaddress
import re
import urllib.parse
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from stdnum import mac

import synthdb
from synthdb.generators.catalog.internet.network import ipv6_text
from synthdb.generators.catalog.internet.web import top_level_domains
from synthdb.generators.helpers.bundled import bundled_json

N = 10_000


def table(fields: list[dict[str, Any]], rows: int = N, **kwargs: Any) -> pa.Table:
    definition = {"name": "t", "seed": 5, "entities": [{"name": "t", "record_count": str(rows), "fields": fields}]}
    return synthdb.to_tables(definition, **kwargs)["t"]


def _alias_share(pool: Any, value: str) -> float:
    """The probability Walker's alias table of `pool` gives `value`: its own kept share plus what others alias."""
    keep = np.asarray(pool.threshold, dtype=float)
    share = keep.copy()
    np.add.at(share, np.asarray(pool.alias), 1 - keep)
    return float(share[pool.values.to_pylist().index(value)] / len(keep))


def values(generator: str, rows: int = N, **params: Any) -> list[Any]:
    return table([{"name": "v", "generator": generator, **params}], rows)["v"].to_pylist()


def test_ipv4_addresses_are_public_and_private_ones_private() -> None:
    assert all(ipaddress.IPv4Address(v).is_global for v in values("IPv4 Address"))
    private = [ipaddress.IPv4Address(v) for v in values("Private IPv4")]
    networks = [ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]
    assert all(any(a in n for n in networks) for a in private)
    assert {n for n in networks if any(a in n for a in private)} == set(networks)  # all three are used
    inside = [ipaddress.IPv4Address(v) for v in values("ipv4", network="198.51.100.0/24")]
    assert all(a in ipaddress.IPv4Network("198.51.100.0/24") for a in inside)
    assert str(ipaddress.IPv4Address("198.51.100.0")) not in map(str, inside)  # no network address


def test_ipv4_and_ipv6_cidrs_are_networks_with_host_bits_clear() -> None:
    for text in values("IPv4 CIDR"):
        network = ipaddress.IPv4Network(text, strict=True)
        assert 8 <= network.prefixlen <= 30
    for text in values("IPv6 CIDR"):
        network = ipaddress.IPv6Network(text, strict=True)
        assert str(network) == text and network.network_address.is_global  # canonical RFC 5952 text


def test_ipv6_addresses_are_global_and_canonical() -> None:
    for text in values("IPv6 Address"):
        address = ipaddress.IPv6Address(text)
        assert address.is_global and address.compressed == text


def test_ipv6_text_compresses_like_the_standard_library() -> None:
    rng = np.random.default_rng(1)
    groups = rng.integers(0, 65536, (5000, 8))
    groups[rng.random((5000, 8)) < 0.4] = 0  # many zero runs of every length and position
    expected = [ipaddress.IPv6Address(int("".join(f"{g:04x}" for g in row), 16)).compressed for row in groups]
    assert ipv6_text(groups).to_pylist() == expected


@pytest.mark.parametrize("generator", ["IPv4 Address", "IPv6 Address", "MAC Address", "MD5", "SHA256"])
def test_unique_fields_never_repeat(generator: str) -> None:
    got = table([{"name": "v", "generator": generator, "unique": True}], rows=50_000)["v"].to_pylist()
    assert len(set(got)) == len(got)


def test_mac_addresses_have_registered_makers_and_follow_the_separator() -> None:
    plain = values("MAC Address")
    assert all(re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", v) and int(v[:2], 16) & 0b11 == 0 for v in plain)
    # stdnum checks a universal address's OUI against the IEEE registry (slowly: once per OUI seen);
    # validity depends on nothing else, so this covers every value.
    by_oui = {v[:8]: v for v in plain}
    assert all(mac.is_valid(v) and mac.is_unicast(v) and mac.is_universally_administered(v) for v in by_oui.values())
    assert len({mac.get_manufacturer(v) for v in list(by_oui.values())[:300]}) > 10
    local = values("mac", rows=2000, administration="local")
    assert all(mac.is_valid(v) and mac.is_unicast(v) and not mac.is_universally_administered(v) for v in local)
    dashed = values("mac", rows=500, separator="-", uppercase=True)
    assert all(re.fullmatch(r"([0-9A-F]{2}-){5}[0-9A-F]{2}", v) and mac.is_valid(v) for v in dashed)
    assert all(re.fullmatch(r"([0-9a-f]{4}\.){2}[0-9a-f]{4}", v) for v in values("mac", rows=500, separator="."))


def test_domains_are_reserved_example_domains_unless_told_otherwise() -> None:
    safe = values("Domain Name")
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]\.example\.(com|org|net)", v) for v in safe)
    import pycountry

    known = {c.alpha_2.lower() for c in pycountry.countries} | {"uk", "eu"} | set(
        bundled_json("network.json")["generic_tlds"])
    tlds = values("Top Level Domain")
    assert set(tlds) <= known and {"com", "de", "org"} <= set(tlds)
    # com's share is what the sampler's alias table gives it, within 5 binomial standard deviations of the
    # sample (was 30-60% by eye).
    expected = _alias_share(top_level_domains(), "com")
    assert abs(tlds.count("com") / len(tlds) - expected) < 5 * (expected * (1 - expected) / len(tlds)) ** 0.5
    real = values("domain", safe=False)
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]\.[a-z]{2,}", v) and v.rsplit(".", 1)[1] in known for v in real)


def test_urls_parse_and_use_safe_hosts() -> None:
    for text in values("URL"):
        parts = urllib.parse.urlsplit(text)
        assert parts.scheme in ("http", "https") and parts.path.startswith("/")
        assert parts.hostname is not None and parts.hostname.endswith((".example.com", ".example.org", ".example.net"))
        assert urllib.parse.urlunsplit(parts) == text
        if parts.query:
            assert len(urllib.parse.parse_qs(parts.query)) == 1


def test_user_agents_look_like_browsers_with_agreeing_versions() -> None:
    agents = values("User Agent")
    assert all(a.startswith(("Mozilla/5.0 (", "curl/", "python-requests/")) for a in agents)
    for agent in agents:
        if "Firefox/" in agent:
            assert re.search(r"rv:(\d+)\.0\) Gecko/20100101 Firefox/\1\.0$", agent)
        if "Edg/" in agent:
            assert re.search(r"Chrome/(\d+)\.0\.0\.0 Safari/537\.36 Edg/\1\.0\.0\.0$", agent)
    shares = {name: sum(name in a for a in agents) / len(agents) for name in ("Chrome/", "Version/", "Firefox/")}
    assert shares["Chrome/"] > 0.5 and shares["Version/"] > 0.1 and shares["Firefox/"] > 0.03


def test_file_columns_describe_one_file() -> None:
    t = table([{"name": k, "generator": k} for k in ("MIME Type", "File Extension", "File Name", "File Path")])
    types = {ext: mime for ext, mime, _, _ in bundled_json("network.json")["file_types"]}
    for row in t.to_pylist():
        assert types[row["File Extension"]] == row["MIME Type"]
        assert row["File Name"].endswith("." + row["File Extension"])
        assert row["File Path"].startswith("/") and row["File Path"].endswith("/" + row["File Name"])
        assert "{user}" not in row["File Path"]
    images = values("file_name", rows=2000, category="image")
    assert all(types[v.rsplit(".", 1)[1]].startswith("image/") for v in images)
    windows = values("File Path", rows=2000, platform="windows")
    assert all(re.fullmatch(r"[CD]:\\[^/{}]+", v) for v in windows)


@pytest.mark.parametrize(("generator", "digits"), [("MD5", 32), ("SHA1", 40), ("SHA256", 64), ("SHA512", 128)])
def test_digests_are_lowercase_hex_of_the_right_length(generator: str, digits: int) -> None:
    got = values(generator)
    assert all(re.fullmatch(f"[0-9a-f]{{{digits}}}", v) for v in got)
    assert len(set(got)) == len(got)


def test_app_name_bundle_id_and_version() -> None:
    t = table([{"name": k, "generator": k} for k in ("App Name", "App Bundle ID", "App Version")])
    for row in t.to_pylist():
        app = re.sub("[^a-z0-9]", "", row["App Name"].lower())
        assert re.fullmatch(r"(com|org|net|io|co)\.[a-z0-9]+\." + app, row["App Bundle ID"])
        assert re.fullmatch(r"\d+\.\d+(\.\d+)?", row["App Version"])


def test_colors_agree_within_a_row() -> None:
    names = ("Color", "Hex Color", "RGB Color", "HSL Color", "Short Hex Color")
    t = table([{"name": k, "generator": k} for k in names])
    from faker.providers.color import Provider

    css = {re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name): code.lower() for name, code in Provider.all_colors.items()}
    for row in t.to_pylist():
        assert css[row["Color"]] == row["Hex Color"]
    _check_color_forms(t)
    _check_color_forms(table([{"name": k, "generator": k} for k in ("Hex Color", "RGB Color", "HSL Color",
                                                                       "Short Hex Color")]))


def _check_color_forms(t: pa.Table) -> None:
    for row in t.to_pylist():
        hex_code = row["Hex Color"]
        assert re.fullmatch(r"#[0-9a-f]{6}", hex_code)
        r, g, b = (int(hex_code[i : i + 2], 16) for i in (1, 3, 5))
        assert row["RGB Color"] == f"rgb({r}, {g}, {b})"
        short = row["Short Hex Color"]
        assert all(abs(int(short[i + 1], 16) * 17 - c) <= 8 for i, c in enumerate((r, g, b)))
        h, s, lum = map(int, re.fullmatch(r"hsl\((\d+), (\d+)%, (\d+)%\)", row["HSL Color"]).groups())  # type: ignore[union-attr]
        ch, cl, cs = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
        assert abs(lum - cl * 100) <= 1 and abs(s - cs * 100) <= 1
        assert min(abs(h - ch * 360), 360 - abs(h - ch * 360)) <= 1 or cs == 0


def test_http_columns() -> None:
    import http

    t = table([{"name": k, "generator": k} for k in ("HTTP Method", "HTTP Status Code", "HTTP Status Message", "Port")])
    assert set(t["HTTP Method"].to_pylist()) <= {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
    codes = t["HTTP Status Code"].to_pylist()
    assert all(http.HTTPStatus(c) for c in codes) and 0.6 < codes.count(200) / len(codes) < 0.8
    for code, phrase in zip(codes, t["HTTP Status Message"].to_pylist(), strict=True):
        if code in (200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 500, 502, 503):
            assert http.HTTPStatus(code).phrase == phrase
    assert all(1 <= p <= 65535 for p in t["Port"].to_pylist())
    assert all(49152 <= p <= 65535 for p in values("port", rows=1000, kind="dynamic"))
    assert set(values("port", rows=1000, kind="common")) <= set(bundled_json("network.json")["common_ports"])


def test_every_network_column_is_batch_independent() -> None:
    names = ["IPv4 Address", "Private IPv4", "IPv4 CIDR", "IPv6 Address", "IPv6 CIDR", "MAC Address", "Port",
             "HTTP Method", "HTTP Status Code", "Domain Name", "Top Level Domain", "URL", "User Agent", "MIME Type",
             "File Name", "File Path", "MD5", "SHA1", "App Name", "App Bundle ID", "App Version", "Hex Color",
             "RGB Color", "Color", "HSL Color"]
    fields = [{"name": n, "generator": n} for n in names]
    assert table(fields, rows=1500, batch_size=7).equals(table(fields, rows=1500, batch_size=1000))
