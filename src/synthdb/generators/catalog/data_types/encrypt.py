"""Encrypt: another column of the row, encrypted with AES-SIV under a passphrase, as base64 text."""

from __future__ import annotations

import base64

import pyarrow as pa
from pydantic import ConfigDict

from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.helpers.common import DATA_TYPES, as_strings, require_field
from synthdb.generators.registry import register


class EncryptParams(ParamsModel):
    """Parameters of Encrypt: the column to encrypt and the passphrase the key is derived from."""

    model_config = ConfigDict(extra="ignore")
    field: str
    key: str = "synthdb"


def derive_aes_key(passphrase: str) -> bytes:
    """A 512-bit AES-SIV key from the passphrase (HKDF-SHA256, fixed salt: the same passphrase, the same key)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=64, salt=b"synthdb-encrypt", info=b"aes-siv").derive(
        passphrase.encode("utf-8"))


@register
class Encrypt(Generator[EncryptParams]):
    """The row's `field` value encrypted with AES-SIV (deterministic AEAD, RFC 5297), base64-encoded."""

    display_name = "Encrypt"
    key = "encrypt"
    aliases = ("encrypted", "aes_encrypt", "ciphertext")
    category = DATA_TYPES
    description = ("The row's `field` encrypted with AES-SIV under a key derived from `key` (HKDF-SHA256), as "
                   "base64: the same value gives the same ciphertext, and the key decrypts it.")
    Params = EncryptParams

    def setup(self) -> None:
        require_field(self.entity, self.params.field, "field", other_than=self.field.name)

    def dependencies(self) -> list[str]:
        return [self.params.field]

    def generate(self, ctx: ColumnContext) -> pa.Array:
        from cryptography.hazmat.primitives.ciphers.aead import AESSIV

        cipher = AESSIV(derive_aes_key(self.params.key))
        text = as_strings(ctx.columns[self.params.field]).to_pylist()
        # Row by row (the C library does the work); nulls stay null.
        return pa.array([None if value is None else
                         base64.b64encode(cipher.encrypt(value.encode("utf-8"), None)).decode("ascii")
                         for value in text], pa.string())
