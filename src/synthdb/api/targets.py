"""Connection objects ({host, port, database_name, username, password, tls}) of API callers to checked specs."""

from __future__ import annotations

from synthdb.api.errors import ApiError
from synthdb.api.settings import Settings
from synthdb.errors import UsageError
from synthdb.targets.hosts import HostPolicy, HostRefused, check_host_syntax
from synthdb.targets.spec import NETWORK_SCHEMES, ConnectionSpec, Timeouts


def host_policy(settings: Settings) -> HostPolicy:
    """The operator's policy for API callers' hosts (a UsageError for a malformed allow-list)."""
    return HostPolicy.parse(bool(settings.allow_private_targets), settings.allowed_targets)


def target_timeouts(settings: Settings) -> Timeouts:
    return Timeouts(settings.target_connect_timeout, settings.target_read_timeout, settings.target_statement_timeout)


def target_spec(
    settings: Settings,
    platform: str,
    host: str,
    port: int | None,
    database_name: str,
    username: str | None,
    password: str | None,
    tls: bool,
    field: str = "connection",
) -> ConnectionSpec:
    """A checked spec for the load targets, or a 400 naming the field.

    The host must be a hostname or an IP literal that resolves only to addresses the operator allows
    (public ones by default). A name that does not resolve (now) is not refused here: the worker
    resolves again and reports the same "cannot connect" as for any other failure, so answers do not
    tell which names exist.
    """
    scheme = NETWORK_SCHEMES.get(platform.lower())
    if scheme is None:
        known = ", ".join(sorted(NETWORK_SCHEMES))
        message = f"platform '{platform}' cannot be loaded into a live database (supported: {known})"
        raise ApiError(400, f"{field}: {message}")
    if not database_name.strip():
        raise ApiError(400, f"{field}.database_name: must not be empty")
    for name, value in (("database_name", database_name), ("username", username or "")):
        if len(value) > 256 or any(not c.isprintable() for c in value):
            raise ApiError(400, f"{field}.{name}: at most 256 printable characters")
    try:
        policy = host_policy(settings)
    except UsageError as exc:
        raise ApiError(503, f"the server's target policy is misconfigured: {exc}") from None
    try:
        host = check_host_syntax(host)  # normalised: IPv6 without brackets, names in lower case
    except HostRefused as exc:
        raise ApiError(400, f"{field}.host: {exc}") from None
    spec = ConnectionSpec(
        scheme, host=host, port=port, database=database_name, user=username or None, password=password or None,
        tls=tls, timeouts=target_timeouts(settings), policy=policy,
    )
    try:
        spec.checked_address()
    except HostRefused as exc:
        raise ApiError(400, f"{field}.host: {exc}") from None
    except (OSError, UnicodeError):
        pass  # unresolvable for now: the worker says "cannot connect", like for any other failure
    return spec
