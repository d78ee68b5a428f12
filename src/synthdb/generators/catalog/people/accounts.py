"""Online accounts: Username (from the row's names), Password, Password Hash (of the row's password), Avatar URL."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, model_validator

from synthdb.generators.base import ColumnContext, Generator, ParamsModel
from synthdb.generators.catalog.people.person import FirstName, LastName
from synthdb.generators.helpers.charbuf import hex_bytes
from synthdb.generators.helpers.checksums import compose, text
from synthdb.generators.helpers.common import PEOPLE, find_sibling, is_unique, locale_of
from synthdb.generators.helpers.hashing import sha256_digests, uint64_hex
from synthdb.generators.helpers.identities import unique_numbers
from synthdb.generators.helpers.name_tokens import name_token
from synthdb.generators.helpers.reference import LocaleParams
from synthdb.generators.registry import register
from synthdb.randomness import Stream, derive_key, mix64

# first.last, first_last, firstlast, flast, first + number, last.first
_FORM_WEIGHTS = (0.3, 0.1, 0.1, 0.25, 0.15, 0.1)


@register
class Username(Generator[LocaleParams]):
    """Usernames built from the row's First / Last Name columns (or drawn names): jsmith, jane.doe, mary84.

    Unique fields end with a number that is a keyed bijection of the row index (as Email Address does),
    so usernames are distinct by construction.
    """

    display_name = "Username"
    key = "username"
    unique_values = True
    aliases = ("user_name", "login", "screen_name", "handle")
    category = PEOPLE
    description = "A lowercase ASCII username such as jsmith or jane.doe84, from the row's names."
    Params = LocaleParams
    _first: str | None = None
    _last: str | None = None

    def setup(self) -> None:
        self._first = find_sibling(self, FirstName)
        self._last = find_sibling(self, LastName)

    def dependencies(self) -> list[str]:
        return [name for name in (self._first, self._last) if name]

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, stream, locale = ctx.rows, ctx.stream, locale_of(self)
        first = name_token(ctx, self._first, locale, "first", stream.child("first"))
        last = name_token(ctx, self._last, locale, "last", stream.child("last"))
        first = pc.coalesce(first, last, "user")
        last = pc.coalesce(last, "")
        initial = pc.utf8_slice_codeunits(first, 0, 1)
        unique = is_unique(self)
        # Unique names get their number at the end, so the name part itself never ends in a digit.
        numbered = first if unique else pc.binary_join_element_wise(first, _number(rows, stream), "")
        forms = [
            pc.binary_join_element_wise(first, last, "."),
            pc.binary_join_element_wise(first, last, "_"),
            pc.binary_join_element_wise(first, last, ""),
            pc.binary_join_element_wise(initial, last, ""),
            numbered,
            pc.binary_join_element_wise(last, first, "."),
        ]
        form = stream.child("form").choice(rows, len(forms), _FORM_WEIGHTS)
        name = pc.choose(pa.array(form.astype(np.int8)), *forms)
        name = pc.replace_substring_regex(name, r"[._]$", "")  # an empty last name leaves "jane."
        if unique:
            number = pa.array(unique_numbers(rows, derive_key(stream.key, "unique"))).cast(pa.string())
            name = pc.binary_join_element_wise(name, number, "")
        return name


def _number(rows: np.ndarray, stream: Stream) -> pa.Array:
    """Two digits or a birth-year-like number."""
    kind = stream.child("number").uniform(rows) < 0.6
    small = stream.child("number").integers(rows, 10, 99, draw=1)
    year = stream.child("number").integers(rows, 1960, 2010, draw=2)
    return pa.array(np.where(kind, small, year)).cast(pa.string())


_LOWER = b"abcdefghijkmnopqrstuvwxyz"  # no l: easily confused with 1
_UPPER = b"ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
_DIGITS = b"23456789"  # no 0, 1
_SYMBOLS = b"!#$%&*+-=?@^_~"


class PasswordParams(ParamsModel):
    """Parameters of Password: length range and the character classes every password contains."""

    model_config = ConfigDict(extra="ignore")
    min_length: int = 10
    max_length: int = 16
    upper: bool = True
    digits: bool = True
    symbols: bool = True

    @model_validator(mode="after")
    def _check(self) -> PasswordParams:
        if not 4 <= self.min_length <= self.max_length <= 55:
            raise ValueError("need 4 <= min_length <= max_length <= 55")
        return self


def passwords(params: PasswordParams, rows: np.ndarray, stream: Stream) -> tuple[np.ndarray, np.ndarray]:
    """(n, max_length) ASCII matrix and lengths: random characters with at least one of each class."""
    classes = [_LOWER] + [c for c, on in ((_UPPER, params.upper), (_DIGITS, params.digits),
                                         (_SYMBOLS, params.symbols)) if on]
    alphabet = np.frombuffer(b"".join(classes), dtype=np.uint8)
    width, n = params.max_length, len(rows)
    lengths = stream.integers(rows, params.min_length, params.max_length, draw=1)
    out = np.empty((n, width), dtype=np.uint8)
    per_draw = 8  # 8 symbols of at most 7 bits from each 64-bit draw
    for start in range(0, width, per_draw):
        bits = stream.bits(rows, draw=100 + start)
        for j in range(start, min(start + per_draw, width)):
            out[:, j] = alphabet[(bits % np.uint64(len(alphabet))).astype(np.int64)]
            bits = bits // np.uint64(len(alphabet))
    # One character of each class at consecutive places from a random start (always within the length).
    begin = stream.integers(rows, 0, params.min_length - len(classes), draw=2)
    for k, cls in enumerate(classes):
        pool = np.frombuffer(cls, dtype=np.uint8)
        out[np.arange(n), begin + k] = pool[stream.integers(rows, 0, len(pool) - 1, draw=3 + k)]
    return out, lengths


@register
class Password(Generator[PasswordParams]):
    """Random passwords of min_length to max_length characters with lower, upper, digit and symbol."""

    display_name = "Password"
    key = "password"
    aliases = ("passwd",)
    category = PEOPLE
    description = "A random password (10-16 characters; lower, upper, digit, symbol), never a real one."
    Params = PasswordParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        matrix, lengths = passwords(self.params, ctx.rows, ctx.stream)
        return text(matrix, lengths)


class HashParams(ParamsModel):
    """Parameters of Password Hash: `algorithm` sha256 (hex digest) or bcrypt (bcrypt-formatted)."""

    model_config = ConfigDict(extra="ignore")
    algorithm: Literal["sha256", "bcrypt"] = "sha256"
    cost: int = 12


_BCRYPT64 = np.frombuffer(b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)


@register
class PasswordHash(Generator[HashParams]):
    """SHA-256 hex digests of the row's Password column (or of a fresh password), or bcrypt-like strings.

    `sha256` is the real unsalted digest of the password in the same row, so an application under test
    can check logins against it. `bcrypt` gives strings in bcrypt's "$2b$12$<22 salt><31 hash>" layout
    made of random characters: they look right and have the right length but verify no password.
    """

    display_name = "Password Hash"
    key = "password_hash"
    unique_values = False
    aliases = ("hashed_password", "password_digest")
    category = PEOPLE
    description = "sha256 hex digest of the row's Password (default), or a bcrypt-formatted random string."
    Params = HashParams
    _password: str | None = None

    def setup(self) -> None:
        self._password = find_sibling(self, Password)

    def dependencies(self) -> list[str]:
        return [self._password] if self._password and self.params.algorithm == "sha256" else []

    def generate(self, ctx: ColumnContext) -> pa.Array:
        n = len(ctx.rows)
        if self.params.algorithm == "bcrypt":
            salt_and_hash = np.column_stack([
                _BCRYPT64[(ctx.stream.bits(ctx.rows, draw=200 + j) % np.uint64(64)).astype(np.int64)]
                for j in range(53)])
            # The last salt and hash characters carry padding bits that bcrypt keeps at zero.
            salt_and_hash[:, 21] = _BCRYPT64[::16][salt_and_hash[:, 21] % 4]
            salt_and_hash[:, 52] = _BCRYPT64[::4][salt_and_hash[:, 52] % 16]
            return text(compose(n, f"$2b${self.params.cost:02d}$", salt_and_hash))
        if self._password is not None:
            values = pc.fill_null(ctx.columns[self._password].cast(pa.string()), "")
            matrix, lengths = _utf8_matrix(values)
        else:
            matrix, lengths = passwords(PasswordParams(), ctx.rows, ctx.stream.child("password"))
        return text(hex_bytes(sha256_digests(matrix, lengths)))


def _utf8_matrix(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes of short strings as an (n, 55) matrix and their lengths (longer ones are cut)."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[values.offset: values.offset + len(values) + 1]
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8) if values.buffers()[2] else np.zeros(1, np.uint8)
    lengths = np.minimum(np.diff(offsets), 55)
    positions = offsets[:-1, None] + np.arange(55)
    matrix = data[np.minimum(positions, len(data) - 1)]
    return matrix, lengths


class AvatarParams(ParamsModel):
    """Parameters of Avatar URL: image `size` in pixels and the reserved example `domain`."""

    model_config = ConfigDict(extra="ignore")
    size: int = 128
    domain: str = "example.com"


@register
class AvatarURL(Generator[AvatarParams]):
    """Avatar image URLs at a reserved example domain: https://example.com/avatars/<16 hex>.png?size=128x128."""

    display_name = "Avatar"
    key = "avatar_url"
    unique_values = True
    aliases = ("Avatar URL", "profile_picture", "avatar_image")
    category = PEOPLE
    description = "https://example.com/avatars/3f2a...png?size=128x128 (safe example domain, unique per row)."
    Params = AvatarParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        # mix64 is a bijection of 64-bit words, so distinct rows give distinct file names.
        token = uint64_hex(mix64(ctx.rows.astype(np.uint64) + np.uint64(derive_key(ctx.stream.key, "avatar"))))
        size = self.params.size
        return text(compose(len(ctx.rows), f"https://{self.params.domain}/avatars/", token,
                            f".png?size={size}x{size}"))
