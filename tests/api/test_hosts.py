"""Links and Host names: which base URL links use, which Host headers are allowed, settings checks."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from synthdb.api.hosts import check_link_settings, host_allowed, link_base, parse_allowed_hosts
from synthdb.errors import UsageError


def _request(host: str, server: tuple[str, int] | None = ("10.0.0.5", 8000), scheme: str = "http") -> Request:
    scope = {"type": "http", "method": "GET", "path": "/api/v1/x", "root_path": "", "query_string": b"",
             "scheme": scheme, "server": server, "headers": [(b"host", host.encode())]}
    return Request(scope)


@pytest.mark.parametrize(("header", "allowed"), [
    ("synthdb.example.com", True), ("SYNTHDB.example.com:8443", True), ("a.apps.example.org", True),
    ("apps.example.org", False), ("evil.example", False), ("internal:9000", True), ("internal:9001", False),
    ("[::1]:8000", True), ("", False), ("evilsynthdb.example.com", False),
])
def test_host_allow_list(header: str, allowed: bool) -> None:
    entries = parse_allowed_hosts(" synthdb.example.com, *.apps.example.org,internal:9000 , ::1 ")
    assert host_allowed(header, entries) is allowed


def test_links_never_use_an_unchecked_host() -> None:
    forged = _request("evil.example")
    assert link_base(None, None, forged) == "http://10.0.0.5:8000"
    assert link_base(None, None, _request("evil.example", ("::1", 443), "https")) == "https://[::1]"
    assert link_base("https://data.example.com/synth/", None, forged) == "https://data.example.com/synth"
    # With an allow-list the Host was checked before routing, so links follow it.
    assert link_base(None, "synthdb.example.com", _request("synthdb.example.com:8443")) == (
        "http://synthdb.example.com:8443")


@pytest.mark.parametrize(("public_url", "hosts", "message"), [
    ("synthdb.example.com", None, "public_url: expected an absolute http(s) URL"),
    ("ftp://x.example.com", None, "public_url: expected an absolute http(s) URL"),
    ("https://x.example.com/?a=1", None, "public_url: expected an absolute http(s) URL"),
    (None, "a.example.com, *.*.x", "allowed_hosts: '*.*.x' is not a host name"),
    (None, "a b", "allowed_hosts: 'a b' is not a host name"),
])
def test_bad_link_settings_are_refused(public_url: str | None, hosts: str | None, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        check_link_settings(public_url, hosts)


def test_good_link_settings_pass() -> None:
    check_link_settings("https://synthdb.example.com:8443/base", "*, x.example.com, *.example.org, x:80")
