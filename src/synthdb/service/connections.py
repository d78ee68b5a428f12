"""Named database connections: a config file of URLs without passwords; passwords in a keyring or the environment."""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from synthdb.errors import UsageError
from synthdb.targets.urls import mask_url, parse_url

CONFIG_ENV = "SYNTHDB_CONFIG_DIR"
FILE_NAME = "connections.json"
KEYRING_SERVICE = "synthdb"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,62}$")


def config_dir() -> Path:
    """$SYNTHDB_CONFIG_DIR, else $XDG_CONFIG_HOME/synthdb, else ~/.config/synthdb."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "synthdb"


def password_variable(name: str) -> str:
    """The default environment variable holding a connection's password: SYNTHDB_PASSWORD_<NAME>."""
    return "SYNTHDB_PASSWORD_" + re.sub(r"[^A-Z0-9]", "_", name.upper())


def keyring_usable() -> bool:
    """True when a real keyring backend is available (not keyring's fail or null placeholders)."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        return not isinstance(backend, fail.Keyring | null.Keyring) and float(getattr(backend, "priority", 1)) > 0
    except Exception:  # a broken backend (no D-Bus, locked store...) is just "no keyring"
        return False


@dataclass(frozen=True)
class SavedConnection:
    """One named connection as stored: the URL has no password; `password` says where it is kept."""

    name: str
    url: str
    password: str | None = None  # "keyring", "env", or None (no password)
    password_env: str | None = None

    @property
    def where(self) -> str:
        """Where the password lives, for display."""
        if self.password == "keyring":
            return "password in the system keyring"
        if self.password == "env":
            state = "set" if os.environ.get(self.password_env or "") else "not set"
            return f"password from ${self.password_env} ({state})"
        return "no password"


class ConnectionStore:
    """The connections file (mode 0600) in the config directory."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.path = self.directory / FILE_NAME

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read {self.path}: {exc}") from exc
        return dict(data.get("connections", {}))

    def _write(self, entries: dict[str, dict[str, Any]]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.path.with_name(f".{FILE_NAME}.{os.getpid()}.partial")
        # Created 0600 from the start: the file names hosts and users even without passwords.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump({"connections": entries}, out, indent=2, sort_keys=True)
            out.write("\n")
        os.replace(temporary, self.path)

    def list(self) -> list[SavedConnection]:
        """Every saved connection, by name."""
        return [self._entry(name, data) for name, data in sorted(self._read().items())]

    def get(self, name: str) -> SavedConnection:
        entries = self._read()
        if name not in entries:
            known = ", ".join(sorted(entries)) or "none saved"
            raise UsageError(f"no saved connection named '{name}' (connections: {known})")
        return self._entry(name, entries[name])

    @staticmethod
    def _entry(name: str, data: dict[str, Any]) -> SavedConnection:
        return SavedConnection(name, str(data["url"]), data.get("password"), data.get("password_env"))

    def add(self, name: str, url: str, *, password: str | None = None, password_env: str | None = None,
            use_keyring: bool = True) -> SavedConnection:
        """Save `url` under `name`; its password (or `password`) goes to the keyring, else to an env variable.

        Nothing secret is written to the file. When no keyring works the password cannot be kept at
        all: the connection then reads it from `password_env` (SYNTHDB_PASSWORD_<NAME> by default),
        which the caller must tell the user to set.
        """
        if not _NAME.match(name):
            raise UsageError(f"connection names start with a letter and use letters, digits, '-' and '_': '{name}'")
        parsed = parse_url(url)
        secret = password if password is not None else parsed.password
        stripped = parsed._replace(password=None)  # URL.set(password=None) would keep it
        entry: dict[str, Any] = {"url": stripped.render_as_string(hide_password=False)}
        if password_env is not None and not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", password_env):
            raise UsageError(f"not an environment variable name: '{password_env}'")
        if secret and use_keyring and password_env is None and keyring_usable():
            import keyring

            keyring.set_password(KEYRING_SERVICE, name, secret)
            entry["password"] = "keyring"
        elif secret or password_env:
            entry.update(password="env", password_env=password_env or password_variable(name))
        entries = self._read()
        old = entries.get(name)
        entries[name] = entry
        self._write(entries)
        if old and old.get("password") == "keyring" and entry.get("password") != "keyring":
            self._forget(name)
        return self._entry(name, entry)

    def remove(self, name: str) -> None:
        entries = self._read()
        if name not in entries:
            self.get(name)  # raises the "no saved connection" error
        removed = entries.pop(name)
        self._write(entries)
        if removed.get("password") == "keyring":
            self._forget(name)

    @staticmethod
    def _forget(name: str) -> None:
        with contextlib.suppress(Exception):
            import keyring

            keyring.delete_password(KEYRING_SERVICE, name)

    def resolve(self, name: str) -> URL:
        """The connection's URL with its password filled in from the keyring or the environment."""
        saved = self.get(name)
        url = parse_url(saved.url)
        if saved.password == "keyring":
            import keyring

            secret = None
            with contextlib.suppress(Exception):
                secret = keyring.get_password(KEYRING_SERVICE, name)
            if secret is None:
                raise UsageError(f"connection '{name}': its password is not in the keyring any more; "
                                 f"add the connection again")
            return url.set(password=secret)
        if saved.password == "env":
            variable = saved.password_env or password_variable(name)
            secret = os.environ.get(variable)
            if secret is None:
                raise UsageError(f"connection '{name}' reads its password from ${variable}, which is not set")
            return url.set(password=secret)
        return url

    def describe(self, saved: SavedConnection) -> str:
        """`name  url-with-masked-password  (where the password is)`, safe to print."""
        return f"{saved.name}\t{mask_url(saved.url)}\t{saved.where}"
