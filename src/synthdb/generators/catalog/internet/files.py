"""Files and apps: MIME type, extension, file name and path (coherent by row), hashes, app name/version/id."""

from __future__ import annotations

from functools import cache
from typing import ClassVar, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, field_validator

from synthdb import detmath
from synthdb.generators.base import ColumnContext, Generator, NoParams, ParamsModel
from synthdb.generators.catalog.internet.web import domain_labels
from synthdb.generators.helpers.bundled import bundled_json
from synthdb.generators.helpers.charbuf import fixed_strings, hex_bytes, random_bytes
from synthdb.generators.helpers.common import NETWORKS, is_unique
from synthdb.generators.helpers.reference import DEFAULT_LOCALE, ascii_fold, choices, first_names
from synthdb.generators.registry import register
from synthdb.randomness import Stream, derive_key, mix64

_SUFFIXES = ["", "", "", "", "", "_final", "_v2", "_v3", "_2023", "_2024", "_draft", " (1)", "_copy", "-old"]


@cache
def _file_types() -> tuple[list[str], list[str], list[str], list[float]]:
    rows = bundled_json("network.json")["file_types"]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [float(r[3]) for r in rows]


def file_categories() -> list[str]:
    """The file categories a `category` parameter may name (document, image, audio, ...)."""
    return sorted(set(_file_types()[2]))


class FileParams(ParamsModel):
    """Parameters of the file generators: restrict to one `category` (give every file column the same)."""

    model_config = ConfigDict(extra="ignore")
    category: str | None = None

    @field_validator("category")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value.lower() not in file_categories():
            raise ValueError(f"unknown file category '{value}'; choose one of {', '.join(file_categories())}")
        return value.lower() if value else None


class _FileGenerator(Generator[FileParams]):
    """The row's file type is drawn from the "file" group, so name, extension and MIME type agree."""

    category = NETWORKS
    Params = FileParams

    def file_type(self, ctx: ColumnContext) -> np.ndarray:
        """Index into the file-type table per row."""
        _, _, kinds, weights = _file_types()
        wanted = self.params.category
        allowed = [w if wanted in (None, kind) else 0.0 for kind, w in zip(kinds, weights, strict=True)]
        return ctx.group("file").choice(ctx.rows, len(allowed), allowed)

    def extension(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(_file_types()[0], pa.string()).take(pa.array(self.file_type(ctx)))


@register
class MIMEType(_FileGenerator):
    """MIME types (image/jpeg, application/pdf, ...) of common files, matching the row's file name."""

    display_name = "MIME Type"
    key = "mime_type"
    aliases = ("Mime Type", "content_type", "media_type")
    description = "MIME types of common files (application/pdf, image/png, ...), agreeing with the row's file name."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return pa.array(_file_types()[1], pa.string()).take(pa.array(self.file_type(ctx)))


@register
class FileExtension(_FileGenerator):
    """File extensions without the dot (pdf, jpg, docx, ...), matching the row's file name and MIME type."""

    display_name = "File Extension"
    key = "file_extension"
    aliases = ("extension", "file_ext")
    description = "File extensions without the dot (pdf, jpg, xlsx, ...), agreeing with the row's MIME type."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return self.extension(ctx)


@cache
def _stems() -> tuple[pa.Array, np.ndarray, dict[str, tuple[int, int]]]:
    """All stems, whether each takes a number (IMG_0042), and each category's (start, count) in the list."""
    by_kind = bundled_json("network.json")["file_stems"]
    flat: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    for kind, stems in by_kind.items():
        spans[kind] = (len(flat), len(stems))
        flat += stems
    numbered = np.array([s.endswith("_") for s in flat])
    return pa.array(flat, pa.string()), numbered, spans


def file_names(gen: _FileGenerator, ctx: ColumnContext) -> pa.Array:
    """report_final.pdf, IMG_4821.jpg, budget.xlsx: a stem suited to the file type, a suffix, the extension.

    Drawn from the "file" group, so File Name and File Path in one row name the same file.
    """
    stream = ctx.group("file").child("name")
    stems, numbered, spans = _stems()
    kinds = np.array([spans[k] for k in _file_types()[2]])  # (start, count) per file type
    which = kinds[gen.file_type(ctx)]
    stem_index = which[:, 0] + np.minimum((stream.uniform(ctx.rows) * which[:, 1]).astype(np.int64), which[:, 1] - 1)
    number = pc.utf8_lpad(pa.array(stream.integers(ctx.rows, 1, 9999, draw=1)).cast(pa.string()), 4, "0")
    tail = pc.if_else(pa.array(numbered[stem_index]), number,
                      choices(_SUFFIXES).pick(ctx.rows, stream.child("suffix")))
    return pc.binary_join_element_wise(stems.take(pa.array(stem_index)), tail, ".", gen.extension(ctx), "")


@register
class FileName(_FileGenerator):
    """File names such as quarterly_report_final.pdf or IMG_0421.jpg."""

    display_name = "File Name"
    key = "file_name"
    aliases = ("filename",)
    description = "File names with a stem suited to the type (IMG_0421.jpg, budget_v2.xlsx), agreeing with MIME Type."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return file_names(self, ctx)


class FilePathParams(FileParams):
    """Parameters of File Path: the operating system style."""

    platform: Literal["unix", "windows", "any"] = "unix"


@cache
def _user_names() -> pa.Array:
    return ascii_fold(first_names(DEFAULT_LOCALE).values)


@register
class FilePath(_FileGenerator):
    """Absolute file paths: a typical folder, a user name and the row's file name."""

    display_name = "File Path"
    key = "file_path"
    aliases = ("filepath",)
    description = "Absolute paths like /home/maria/Documents/report.pdf or C:\\Users\\maria\\Pictures\\IMG_0042.jpg."
    Params = FilePathParams
    params: FilePathParams

    def generate(self, ctx: ColumnContext) -> pa.Array:
        folders = bundled_json("network.json")["directories"]
        platform = self.params.platform
        windows = (ctx.stream.uniform(ctx.rows, 1) < 0.5) if platform == "any" else np.full(
            len(ctx.rows), platform == "windows")
        unix_dirs, win_dirs = pa.array(folders["unix"]), pa.array(folders["windows"])
        unix = unix_dirs.take(pa.array(ctx.stream.integers(ctx.rows, 0, len(unix_dirs) - 1, draw=2)))
        win = win_dirs.take(pa.array(ctx.stream.integers(ctx.rows, 0, len(win_dirs) - 1, draw=3)))
        folder = pc.if_else(pa.array(windows), win, unix)
        users = _user_names()
        user = users.take(pa.array(ctx.stream.integers(ctx.rows, 0, len(users) - 1, draw=4)))
        # Replace {user} row by row: split around it, then join with the row's user name.
        head = pc.replace_substring_regex(folder, r"\{user\}.*$", "")
        rest = pc.replace_substring_regex(folder, r"^[^{]*(\{user\})?", "")
        has_user = pc.match_substring(folder, "{user}")
        directory = pc.if_else(has_user, pc.binary_join_element_wise(head, user, rest, ""), folder)
        separator = pc.if_else(pa.array(windows), "\\", "/")
        return pc.binary_join_element_wise(directory, separator, file_names(self, ctx), "")


class _Digest(Generator[NoParams]):
    """Random hex digests; unique by construction (the first 8 bytes are a bijection of the row)."""

    category = NETWORKS
    unique_values = True
    size: ClassVar[int]

    def generate(self, ctx: ColumnContext) -> pa.Array:
        data = random_bytes(ctx.stream, ctx.rows, self.size).copy()
        if is_unique(self):
            head = mix64(ctx.rows.astype(np.uint64) + np.uint64(derive_key(ctx.stream.key, "unique")))
            data[:, :8] = head.astype(">u8").view(np.uint8).reshape(-1, 8)
        return fixed_strings(hex_bytes(data))


@register
class MD5(_Digest):
    """MD5 digests: 32 lowercase hex digits."""

    display_name = "MD5"
    key = "md5"
    aliases = ("md5_hash", "MD5 Hash")
    description = "MD5-shaped digests: 32 lowercase hex digits."
    size = 16


@register
class SHA1(_Digest):
    """SHA-1 digests: 40 lowercase hex digits."""

    display_name = "SHA1"
    key = "sha1"
    aliases = ("SHA-1", "sha1_hash")
    description = "SHA-1-shaped digests: 40 lowercase hex digits."
    size = 20


@register
class SHA256(_Digest):
    """SHA-256 digests: 64 lowercase hex digits."""

    display_name = "SHA256"
    key = "sha256"
    aliases = ("SHA-256", "sha256_hash")
    description = "SHA-256-shaped digests: 64 lowercase hex digits."
    size = 32


@register
class SHA512(_Digest):
    """SHA-512 digests: 128 lowercase hex digits."""

    display_name = "SHA512"
    key = "sha512"
    aliases = ("SHA-512", "sha512_hash")
    description = "SHA-512-shaped digests: 128 lowercase hex digits."
    size = 64


def app_names(rows: np.ndarray, stream: Stream) -> pa.Array:
    """Invented product names such as Zontrax or Bitchip (a start and an ending)."""
    data = bundled_json("network.json")
    starts, ends = pa.array(data["app_name_starts"]), pa.array(data["app_name_ends"])
    start = starts.take(pa.array(stream.integers(rows, 0, len(starts) - 1)))
    end = ends.take(pa.array(stream.integers(rows, 0, len(ends) - 1, draw=1)))
    return pc.binary_join_element_wise(start, end, "")


@register
class AppName(Generator[NoParams]):
    """Invented app names (Zontrax, Bitchip, Voyatouch), matching the row's App Bundle ID."""

    display_name = "App Name"
    key = "app_name"
    aliases = ("application_name", "product_code_name")
    category = NETWORKS
    description = "Invented app names such as Zontrax or Flexidy; App Bundle ID in the same row uses the same name."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        return app_names(ctx.rows, ctx.group("app"))


@register
class AppBundleID(Generator[NoParams]):
    """Reverse-domain bundle identifiers (com.oakkim.zontrax) ending with the row's App Name."""

    display_name = "App Bundle ID"
    key = "app_bundle_id"
    aliases = ("bundle_id", "package_name", "application_id")
    category = NETWORKS
    description = "Reverse-DNS app identifiers like com.oakkim.zontrax, agreeing with the row's App Name."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        tld = choices({"com": 75, "org": 5, "net": 5, "io": 10, "co": 5}).pick(ctx.rows, ctx.stream.child("tld"))
        org = pc.replace_substring(domain_labels(ctx.rows, ctx.stream.child("org")), "-", "")
        app = ascii_fold(app_names(ctx.rows, ctx.group("app")))
        return pc.binary_join_element_wise(tld, org, app, ".")


_MAJOR_WEIGHTS = [14, 30, 20, 12, 8, 5, 4, 3, 2, 2]


@register
class AppVersion(Generator[NoParams]):
    """Semantic versions (major.minor.patch), small majors being the most common."""

    display_name = "App Version"
    key = "app_version"
    aliases = ("semver", "software_version")
    category = NETWORKS
    description = "Version numbers like 2.4.11 or 0.9 (major.minor[.patch]), low majors most common."

    def generate(self, ctx: ColumnContext) -> pa.Array:
        rows, s = ctx.rows, ctx.stream
        major = pa.array(s.choice(rows, len(_MAJOR_WEIGHTS), _MAJOR_WEIGHTS)).cast(pa.string())
        minor = pa.array(np.minimum(np.floor(-detmath.log1p(-s.uniform(rows, 1)) * 4), 30).astype(np.int64))
        patch = pa.array(np.minimum(np.floor(-detmath.log1p(-s.uniform(rows, 2)) * 6), 60).astype(np.int64))
        patch_text = pc.if_else(pa.array(s.uniform(rows, 3) < 0.8),
                                pc.binary_join_element_wise(".", patch.cast(pa.string()), ""), "")
        return pc.binary_join_element_wise(major, ".", minor.cast(pa.string()), patch_text, "")
