"""Database URLs: parsing, the password masked for display, and secrets scrubbed from driver messages."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from synthdb.errors import UsageError

MASK = "***"


def parse_url(text: str) -> URL:
    """A SQLAlchemy URL from `text`; the error never repeats the text (it may hold a password)."""
    try:
        return make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise UsageError(
            "not a database URL (expected e.g. postgresql://user@host/db, mysql://..., sqlite:///file.db, "
            "duckdb:///file.duckdb) and not a saved connection name"
        ) from exc


def scheme_of(url: URL) -> str:
    """The backend part of the scheme, lower case: `postgresql+psycopg` -> `postgresql`."""
    return url.drivername.split("+", 1)[0].lower()


def mask_url(url: URL | str) -> str:
    """The URL as text with its password replaced by ***, safe to print and log."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return MASK
    return str(url.render_as_string(hide_password=True))


def secret_forms(secret: str) -> list[str]:
    """Every spelling a password can take in a message, longest first.

    As is; URL-encoded by urllib (`quote` with and without '/', `quote_plus`) and by SQLAlchemy (which
    leaves spaces and most punctuation: "pass word%21"); escaped for libpq conninfo strings, Python
    repr and JSON; and base64.
    """
    forms = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret), _sqlalchemy_quoted(secret),
             secret.replace("\\", "\\\\").replace("'", "\\'"), repr(secret)[1:-1], json.dumps(secret)[1:-1]}
    if len(secret) >= 4:  # the base64 of a very short secret is a fragment that would blank unrelated text
        forms.add(base64.b64encode(secret.encode()).decode().rstrip("="))
    return sorted((f for f in forms if f), key=len, reverse=True)


def _sqlalchemy_quoted(secret: str) -> str:
    rendered = URL.create("x", username="u", password=secret, host="h").render_as_string(hide_password=False)
    return str(rendered)[len("x://u:"):-len("@h")]


def scrub(message: str, secrets: Iterable[str | None]) -> str:
    """`message` with every spelling of every secret replaced by ***.

    Drivers may echo connection strings or parameters in their errors; every message that leaves a
    target goes through here, whatever the driver said.
    """
    for secret in secrets:
        if not secret:
            continue
        for form in secret_forms(secret):
            message = message.replace(form, MASK)
    # Belt and braces: a URL-shaped `user:password@` left in the text loses its password too.
    return re.sub(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+@", rf"\1{MASK}@", message)
