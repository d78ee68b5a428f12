"""Passwords never appear in output, logs, error messages (drivers' included) or the config directory."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from typer.testing import CliRunner

from synthdb.cli import _load_commands, app
from synthdb.service.connections import ConnectionStore
from synthdb.targets.urls import mask_url, scrub
from targets.shop_helpers import SHOP

SECRET = "Sup3r-Secret_pw"  # also used as a database and user name below, so drivers repeat it in errors


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process (the test machine has no keyring service)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "config"
    monkeypatch.setenv("SYNTHDB_CONFIG_DIR", str(directory))
    monkeypatch.delenv("SYNTHDB_PASSWORD_LOCAL", raising=False)
    return directory


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


class Cli:
    """Runs commands in-process and keeps everything they printed."""

    def __init__(self) -> None:
        _load_commands()
        self.runner = CliRunner()
        self.printed: list[str] = []

    def __call__(self, *args: str, code: int = 0, env: dict[str, str] | None = None) -> Any:
        result = self.runner.invoke(app, list(args), env=env)
        self.printed += [result.stdout, result.stderr]
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result


def _assert_secret_absent(config: Path, cli: Cli, caplog: pytest.LogCaptureFixture) -> None:
    for path in config.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(errors="replace"), path
    assert all(SECRET not in text for text in cli.printed)
    assert SECRET not in caplog.text


def test_keyring_keeps_the_password(config: Path, memory_keyring: MemoryKeyring, postgres_url: str,
                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cli = Cli()
    url = postgres_url.replace("postgres@", f"postgres:{SECRET}@")
    added = cli("connections", "add", "local", url)
    assert "password in the system keyring" in added.stdout
    assert memory_keyring.store == {("synthdb", "local"): SECRET}
    assert "local\tpostgresql://postgres@127.0.0.1" in cli("connections", "list").stdout
    assert ConnectionStore().resolve("local").password == SECRET
    loaded = cli("load", str(SHOP), "--to", "local", "--create", "--var", "n_customers=5", "--var", "n_products=5")
    assert "of connection 'local'" in loaded.stdout
    cli("connections", "remove", "local")
    assert memory_keyring.store == {}
    _assert_secret_absent(config, cli, caplog)


def test_without_a_keyring_the_password_comes_from_the_environment(
        config: Path, postgres_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cli = Cli()
    url = postgres_url.replace("postgres@", f"postgres:{SECRET}@")
    added = cli("connections", "add", "local", url, "--no-keyring")
    assert "$SYNTHDB_PASSWORD_LOCAL" in added.stdout + added.stderr
    missing = cli("load", str(SHOP), "--to", "local", "--create", code=2)
    assert "SYNTHDB_PASSWORD_LOCAL, which is not set" in missing.stderr
    cli("load", str(SHOP), "--to", "local", "--create", "--var", "n_customers=5", "--var", "n_products=5",
        env={"SYNTHDB_PASSWORD_LOCAL": SECRET})
    assert "(set)" in cli("connections", "list", env={"SYNTHDB_PASSWORD_LOCAL": SECRET}).stdout
    _assert_secret_absent(config, cli, caplog)


def test_driver_errors_are_masked(config: Path, postgres_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cli = Cli()
    # PostgreSQL repeats the database name in its error; here it is the password.
    bad_database = postgres_url.rsplit("/", 1)[0].replace("postgres@", f"postgres:{SECRET}@") + f"/{SECRET}"
    failed = cli("load", str(SHOP), "--to", bad_database, code=1)
    assert "does not exist" in failed.stderr and "***" in failed.stderr
    cli("import", bad_database, code=2)
    missing_database = bad_database.rsplit("/", 1)[0] + "/no_such_database"
    cli("connections", "add", "broken", missing_database, "--no-keyring")
    cli("load", str(SHOP), "--to", "broken", code=1, env={"SYNTHDB_PASSWORD_BROKEN": SECRET})
    refused = cli("load", str(SHOP), "--to", f"postgresql://u:{SECRET}@127.0.0.1:1/db", code=1)
    assert "cannot connect" in refused.stderr
    _assert_secret_absent(config, cli, caplog)


def test_mariadb_errors_are_masked(config: Path, mariadb_database: dict[str, Any],
                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cli = Cli()
    # MariaDB repeats the user name in "Access denied for user ..."; here it is the password too.
    url = f"mysql://{SECRET}:{SECRET}@127.0.0.1:3306/{mariadb_database['database']}"
    denied = cli("load", str(SHOP), "--to", url, code=1)
    assert "Access denied" in denied.stderr
    cli("import", url, code=2)
    _assert_secret_absent(config, cli, caplog)


def test_masking_helpers() -> None:
    assert mask_url(f"postgresql://me:{SECRET}@db/x") == "postgresql://me:***@db/x"
    assert scrub(f"failed for {SECRET} and Sup3r-Secret_pw%21", [SECRET]) == "failed for *** and ***%21"
    assert scrub("dsn postgresql://me:other@db/x", []) == "dsn postgresql://me:***@db/x"
