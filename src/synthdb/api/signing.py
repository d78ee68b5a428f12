"""Signed, expiring download links: HMAC-SHA256 over the task id and the expiry time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote, urlencode

from synthdb.api.errors import ApiError

API_PREFIX = "/api/v1"


def signature(key: bytes, task_id: str, expires: int) -> str:
    """The link's signature (URL-safe base64, no padding)."""
    digest = hmac.new(key, f"{task_id}\n{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def download_url(base_url: str, key: bytes, task_id: str, filename: str, ttl: int, now: float | None = None) -> str:
    """An absolute link to a task's artifact, valid for `ttl` seconds; it needs no Authorization header."""
    expires = int(now if now is not None else time.time()) + ttl
    query = urlencode({"expires": expires, "signature": signature(key, task_id, expires)})
    return f"{base_url.rstrip('/')}{API_PREFIX}/downloads/{quote(task_id)}/{quote(filename)}?{query}"


def verify(key: bytes, task_id: str, expires: int, presented: str, now: float | None = None) -> None:
    """Raise 403 unless `presented` signs (task_id, expires) and the link has not expired."""
    expected = signature(key, task_id, expires)
    # compare_digest: no timing oracle on how many characters of a forged signature were right.
    if not hmac.compare_digest(expected.encode(), presented.encode()):
        raise ApiError(403, "signature: the download link is invalid")
    if expires < (now if now is not None else time.time()):
        raise ApiError(403, "expires: the download link has expired; fetch the task again for a fresh one")
