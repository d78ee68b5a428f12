"""The typed connection spec every target connects from: keywords for the drivers, never a spliced URL."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.engine import URL

from synthdb.definition.platforms import PLATFORMS
from synthdb.errors import UsageError
from synthdb.targets.hosts import HostPolicy, HostRefused
from synthdb.targets.urls import parse_url, scheme_of

# Scheme of each definition platform whose databases can be loaded over the network, under every
# spelling of the platform (definition/platforms.py is the one map of names).
_NETWORK = {"postgres": "postgresql", "mysql": "mysql"}
NETWORK_SCHEMES = {alias: _NETWORK[canonical] for alias, canonical in PLATFORMS.items() if canonical in _NETWORK}

# Shown to untrusted callers for every failure to reach or log into a target: refused, timed out, unknown
# host and bad password all read the same, so the message cannot be used to scan ports or probe names.
CANNOT_CONNECT = "cannot connect to the target: check the host, port, database name and credentials"


@dataclass(frozen=True)
class Timeouts:
    """Seconds; 0 means none. `read`: longest wait for a byte of an answer; `statement`: server-side cap.

    The defaults are the CLI's (a trusted user at a terminal who can press Ctrl-C): a connect timeout
    only. The service sets all three from its settings; `read` should exceed `statement`, since a
    long legitimate statement sends nothing until it ends.
    """

    connect: float = 10.0
    read: float = 0.0
    statement: float = 0.0


@dataclass(frozen=True)
class ConnectionSpec:
    """Where and how to connect. The drivers get these as keywords (one place per target).

    `policy` None means a trusted caller (the CLI user, who may name any host, a Unix socket or extra
    driver `options` in a URL). With a policy (API callers) the host is checked and resolved right
    before connecting and the driver is pointed at the checked address, so DNS cannot change the
    answer in between; `options` is then always empty.
    """

    scheme: str
    host: str | None = None
    port: int | None = None
    database: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    tls: bool = False
    options: tuple[tuple[str, str], ...] = ()
    timeouts: Timeouts = Timeouts()
    policy: HostPolicy | None = None

    @property
    def trusted(self) -> bool:
        return self.policy is None

    def trusted_options(self) -> dict[str, str]:
        """Extra driver options of a trusted URL's query (`?sslmode=...`); never any for untrusted specs."""
        return dict(self.options) if self.trusted else {}

    def option(self, name: str, default: str | None = None) -> str | None:
        """One of `trusted_options`."""
        return self.trusted_options().get(name, default)

    def secrets(self) -> list[str | None]:
        return [self.password]

    def label(self) -> str:
        """The target as it may be shown: no password, and never more than the caller gave."""
        where = self.host or "localhost"
        port = f":{self.port}" if self.port else ""
        user = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{user}{where}{port}/{self.database or ''}"

    def checked_address(self) -> str | None:
        """The address to connect to for an untrusted spec (checked against the policy); None when trusted.

        Raises HostRefused for a host the policy refuses and OSError when the name does not resolve.
        """
        if self.policy is None:
            return None
        if not self.host:  # no host means the local socket to a driver: never for an untrusted caller
            raise HostRefused("a host is required")
        return self.policy.check(self.host, self.port or 0)[0]

    # --- travel between the API process and a worker (memory only: it holds the password) ------------
    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ConnectionSpec:
        data: dict[str, Any] = json.loads(text)
        policy = data.pop("policy")
        timeouts = Timeouts(**data.pop("timeouts"))
        options = tuple((str(key), str(value)) for key, value in data.pop("options"))
        return cls(
            **data, options=options, timeouts=timeouts,
            policy=HostPolicy(policy["allow_private"], tuple(policy["allowed"])) if policy is not None else None,
        )

    @classmethod
    def from_url(cls, url: URL | str, timeouts: Timeouts | None = None) -> ConnectionSpec:
        """A trusted spec from a database URL (the CLI's `--to`, saved connections), parsed by SQLAlchemy."""
        parsed = parse_url(url) if isinstance(url, str) else url
        query = {key: value if isinstance(value, str) else value[-1] for key, value in parsed.query.items()}
        tls = (query.get("sslmode") in {"require", "verify-ca", "verify-full"}
               or query.get("ssl", "").lower() in {"true", "1", "yes", "on"})
        try:
            connect = float(query.get("connect_timeout", 10))
        except ValueError:
            raise UsageError("the URL's connect_timeout must be a number of seconds") from None
        return cls(
            scheme=scheme_of(parsed), host=parsed.host or None, port=parsed.port, database=parsed.database,
            user=parsed.username, password=parsed.password, tls=tls, options=tuple(sorted(query.items())),
            timeouts=timeouts or Timeouts(connect=connect),
        )


def spec_from_text(text: str) -> ConnectionSpec:
    """A spec from what a worker receives: the JSON of a spec, or a database URL (older callers)."""
    return ConnectionSpec.from_json(text) if text.lstrip().startswith("{") else ConnectionSpec.from_url(text)
