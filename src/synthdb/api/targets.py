"""Connection objects ({host, port, database_name, username, password, tls}) to database URLs."""

from __future__ import annotations

from sqlalchemy.engine import URL

from synthdb.api.errors import ApiError

# Definition platforms -> URL schemes of the live-database targets.
SCHEMES = {"postgres": "postgresql", "postgresql": "postgresql", "mysql": "mysql", "mariadb": "mysql"}


def target_url(
    platform: str,
    host: str,
    port: int | None,
    database_name: str,
    username: str | None,
    password: str | None,
    tls: bool,
    field: str = "connection",
) -> str:
    """A URL for the load targets. Built with SQLAlchemy's URL so odd characters are escaped, not spliced."""
    scheme = SCHEMES.get(platform.lower())
    if scheme is None:
        known = ", ".join(sorted(SCHEMES))
        message = f"platform '{platform}' cannot be loaded into a live database (supported: {known})"
        raise ApiError(400, f"{field}: {message}")
    if not host.strip():
        raise ApiError(400, f"{field}.host: must not be empty")
    if not database_name.strip():
        raise ApiError(400, f"{field}.database_name: must not be empty")
    query: dict[str, str] = {}
    if tls:
        # libpq and PyMySQL spell "TLS required" differently.
        query = {"sslmode": "require"} if scheme == "postgresql" else {"ssl": "true"}
    url = URL.create(
        scheme, username=username or None, password=password or None, host=host, port=port,
        database=database_name, query=query,
    )
    return url.render_as_string(hide_password=False)
