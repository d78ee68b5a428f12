"""The server secret (signs download links, encrypts saved connection passwords), kept in the data dir."""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_FILE = "secret.key"


def server_secret(data_dir: Path, configured: str | None = None) -> bytes:
    """The configured secret, else the one in `<data_dir>/secret.key`, created (mode 0600) on first use."""
    if configured:
        return configured.encode()
    path = data_dir / SECRET_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        # O_EXCL: two processes starting at once cannot both write a different secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    value = path.read_text().strip()
    if len(value) < 32:
        raise RuntimeError(f"{path} holds a secret shorter than 32 characters; delete it to get a new one")
    return value.encode()


def _derive(secret: bytes, purpose: bytes) -> bytes:
    # One secret, independent keys per purpose: a leaked signing key tells nothing about the cipher key.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


def signing_key(secret: bytes) -> bytes:
    """The HMAC key of download links."""
    return _derive(secret, b"synthdb data_url signing")


class PasswordBox:
    """Encrypts connection passwords at rest (Fernet: AES-128-CBC + HMAC-SHA256)."""

    def __init__(self, secret: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, b"synthdb connection passwords")))

    def encrypt(self, password: str) -> str:
        return self._fernet.encrypt(password.encode()).decode()

    def decrypt(self, token: str) -> str:
        """The password; ValueError when the secret changed since it was stored."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("the stored password cannot be decrypted (was the server secret changed?)") from exc
