"""Connection specs: host syntax and policy, driver keywords per target, password spellings scrubbed."""

from __future__ import annotations

import os
import socket
from typing import Any

import pytest

from synthdb.api.settings import Settings
from synthdb.errors import UsageError
from synthdb.targets.hosts import HostPolicy, HostRefused, check_host_syntax
from synthdb.targets.mysql import connect_args
from synthdb.targets.postgresql import connect_kwargs
from synthdb.targets.spec import ConnectionSpec, Timeouts, spec_from_text
from synthdb.targets.urls import scrub

SERVICE = Timeouts(connect=5, read=90, statement=60)


def _untrusted(host: str, scheme: str = "postgresql", policy: HostPolicy | None = None) -> ConnectionSpec:
    return ConnectionSpec(scheme, host=host, port=5432, database="db", user="u", password="pw",
                          timeouts=SERVICE, policy=policy or HostPolicy())


@pytest.mark.parametrize("host", ["db.example.com", "DB.Example.COM.", "10.0.0.1", "2001:db8::1", "[2001:db8::1]",
                                  "my_host-1.internal"])
def test_hostnames_and_ip_literals_pass(host: str) -> None:
    assert check_host_syntax(host)


@pytest.mark.parametrize("host", ["127.0.0.1/x?host=/var/run/postgresql", "/tmp", "a@b", "b:5432", "a b", "a\tb",
                                  "a\x00b", "", " a", "-a.com", "a..b", "x" * 64 + ".com", "2130706433", "127.1",
                                  "fe80::1%eth0", "a.com#", "ä.com"])
def test_anything_else_is_refused(host: str) -> None:
    with pytest.raises(HostRefused):
        check_host_syntax(host)


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.1.1.1", "172.31.0.1", "192.168.0.1", "169.254.169.254",
                                     "fe80::1", "fc00::1", "100.64.0.1", "0.0.0.0", "::", "::ffff:10.0.0.1",
                                     "224.0.0.1", "192.0.2.1"])
def test_non_public_addresses_are_refused_by_default(address: str) -> None:
    with pytest.raises(HostRefused, match="not an allowed target"):
        HostPolicy().check(address, 5432)


def test_public_addresses_pass_and_the_operator_can_allow_more() -> None:
    assert HostPolicy().check("8.8.8.8", 53) == ["8.8.8.8"]
    assert HostPolicy(allow_private=True).check("10.1.1.1", 1) == ["10.1.1.1"]
    allowed = HostPolicy.parse(False, "127.0.0.1/32, 10.0.0.0/8,db.internal")
    assert allowed.check("127.0.0.1", 1) == ["127.0.0.1"] and allowed.check("10.9.9.9", 1) == ["10.9.9.9"]
    with pytest.raises(HostRefused):
        allowed.check("127.0.0.2", 1)
    with pytest.raises(HostRefused):  # even a wholesale allow never reaches "any address" or multicast
        HostPolicy(allow_private=True).check("0.0.0.0", 1)
    with pytest.raises(UsageError, match="not a network"):
        HostPolicy.parse(False, "10.0.0.0/33")


def test_every_address_of_a_name_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name answering one public and one private address (DNS rebinding's set-up) is refused."""
    answers = {"twofaced.example": ["93.184.216.34", "127.0.0.1"], "db.internal": ["10.2.3.4"]}

    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with pytest.raises(HostRefused):
        HostPolicy().check("twofaced.example", 5432)
    assert HostPolicy.parse(False, "db.internal").check("db.internal", 5432) == ["10.2.3.4"]
    # The driver is pointed at the checked address, so a second DNS answer cannot redirect it.
    spec = _untrusted("db.internal", policy=HostPolicy.parse(False, "db.internal"))
    assert connect_kwargs(spec)["hostaddr"] == "10.2.3.4" and connect_kwargs(spec)["host"] == "db.internal"
    assert connect_args(_untrusted("db.internal", "mysql", HostPolicy.parse(False, "db.internal")))["host"] \
        == "10.2.3.4"


def test_postgres_keywords_carry_the_timeouts_and_never_a_url() -> None:
    kwargs = connect_kwargs(_untrusted("93.184.216.34"))
    assert kwargs["hostaddr"] == "93.184.216.34" and kwargs["dbname"] == "db" and kwargs["password"] == "pw"
    assert kwargs["connect_timeout"] == 5 and kwargs["tcp_user_timeout"] == 90_000
    assert kwargs["options"] == "-c statement_timeout=60000 -c lock_timeout=60000"
    assert not any("://" in str(value) for value in kwargs.values())
    # The service account's ~/.pgpass and $PGPASSWORD are never used for an API caller's target.
    bare = connect_kwargs(ConnectionSpec("postgresql", host="93.184.216.34", policy=HostPolicy()))
    assert not os.path.exists(bare["passfile"]) and bare["password"] == ""
    assert "passfile" not in connect_kwargs(ConnectionSpec.from_url("postgresql://me@db/x"))


def test_cli_urls_keep_their_driver_options() -> None:
    """The CLI user is trusted: a URL's ?host=/socket/dir reaches libpq; an API spec never has options."""
    spec = ConnectionSpec.from_url("postgresql://me:p%40ss@/db?host=/var/run/postgresql&connect_timeout=3")
    assert spec.trusted and spec.password == "p@ss"
    kwargs = connect_kwargs(spec)
    assert kwargs["host"] == "/var/run/postgresql" and kwargs["connect_timeout"] == 3 and "hostaddr" not in kwargs
    forged = ConnectionSpec("postgresql", host="93.184.216.34", options=(("host", "/tmp"),), policy=HostPolicy())
    assert connect_kwargs(forged)["host"] == "93.184.216.34"


def test_mysql_never_enables_pymysqls_local_infile() -> None:
    for spec in (ConnectionSpec.from_url("mysql://root@127.0.0.1/db"),
                 ConnectionSpec.from_url("mysql://root@127.0.0.1/db?local_infile=1"),
                 _untrusted("93.184.216.34", "mysql")):
        args = connect_args(spec)
        assert "local_infile" not in args and args["allow_load_data"] is True
    assert connect_args(ConnectionSpec.from_url("mysql://r@h/db?local_infile=0"))["allow_load_data"] is False
    args = connect_args(_untrusted("93.184.216.34", "mysql"))
    assert args["read_timeout"] == 90 and args["write_timeout"] == 90 and args["connect_timeout"] == 5


def test_the_spec_travels_as_json_with_its_policy() -> None:
    spec = _untrusted("93.184.216.34", policy=HostPolicy.parse(False, "10.0.0.0/8"))
    assert ConnectionSpec.from_json(spec.to_json()) == spec
    assert spec_from_text("mysql://a:b@h/d").password == "b"
    assert "pw" not in repr(spec)


def test_every_spelling_of_a_password_is_scrubbed() -> None:
    password = "pass word&x=1!"
    message = ("a pass word&x=1! b pass%20word%26x%3D1%21 c pass+word%26x%3D1%21 d pass word%26x%3D1%21 "
               "e cGFzcyB3b3JkJng9MSE f")
    assert scrub(message, [password]) == "a *** b *** c *** d *** e *** f"


def test_operator_settings_from_the_environment() -> None:
    settings = Settings.from_env({"SYNTHDB_ALLOW_PRIVATE_TARGETS": "yes", "SYNTHDB_TARGET_READ_TIMEOUT": "7"})
    assert settings.allow_private_targets and settings.target_read_timeout == 7
    assert not Settings.from_env({"SYNTHDB_ALLOW_PRIVATE_TARGETS": "off"}).allow_private_targets
    with pytest.raises(UsageError, match="SYNTHDB_ALLOW_PRIVATE_TARGETS"):
        Settings.from_env({"SYNTHDB_ALLOW_PRIVATE_TARGETS": "maybe"})
