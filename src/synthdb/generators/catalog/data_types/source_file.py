"""Source File: a column of the CSV attached to a static table, parsed once per process by pyarrow.csv."""

from __future__ import annotations

import functools
import io
import re

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from pydantic import ConfigDict

from synthdb.datatypes import arrow_type_for
from synthdb.definition.suggest import did_you_mean
from synthdb.generators.base import ColumnContext, Generator, ParamError, ParamsModel
from synthdb.generators.helpers.common import DATA_TYPES
from synthdb.generators.registry import register

# Numbers that would lose characters as int64/double: leading zeros (postal codes) and long digit runs.
_KEEP_AS_TEXT = re.compile(r"^\s*[+-]?(0\d|\d{16,})")


class CsvError(ValueError):
    """The CSV text cannot be parsed (pyarrow's words)."""


_ECHOED_ROW = re.compile(r"(Expected \d+ columns?, got \d+): .*$", re.DOTALL)
_QUOTED = re.compile(r"'([^']{40})[^']+'")


def _pyarrow_words(exc: Exception) -> str:
    """pyarrow's message without the row it quotes (the file's content) and with long values cut."""
    words = str(exc).removeprefix("CSV parse error: ")
    words = _ECHOED_ROW.sub(r"\1", words.strip())
    return _QUOTED.sub(lambda m: f"'{m.group(1)}...'", words.splitlines()[0] if words else words)[:300]


_PARSE = pcsv.ParseOptions(newlines_in_values=True)  # quoted values may hold line breaks


def _bytes(data: str) -> io.BytesIO:
    return io.BytesIO(data.removeprefix("\ufeff").encode("utf-8"))


def _read(data: str, column_types: dict[str, pa.DataType] | None = None,
          include: list[str] | None = None) -> pa.Table:
    try:
        return pcsv.read_csv(
            _bytes(data),
            read_options=pcsv.ReadOptions(use_threads=False),
            parse_options=_PARSE,
            convert_options=pcsv.ConvertOptions(column_types=column_types or {}, include_columns=include or []),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise CsvError(_pyarrow_words(exc)) from exc


@functools.lru_cache(maxsize=16)
def text_table(data: str) -> pa.Table:
    """Every CSV column as text, exactly as written (empty cells are empty strings)."""
    if not data.strip():
        raise CsvError("the CSV has no header row")
    try:
        # Reads the first block only; one thread, so no reader thread outlives a parse error at exit.
        names = pcsv.open_csv(_bytes(data), read_options=pcsv.ReadOptions(use_threads=False),
                              parse_options=_PARSE).schema.names
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise CsvError(_pyarrow_words(exc)) from exc
    return _read(data, {name: pa.string() for name in names}).combine_chunks()


@functools.lru_cache(maxsize=16)
def _inferred_table(data: str) -> pa.Table:
    return _read(data).combine_chunks()


@functools.lru_cache(maxsize=64)
def read_column(data: str, column: str, arrow_type: pa.DataType | None) -> pa.Array:
    """One CSV column: as pyarrow infers it (None), as text, or converted to `arrow_type` by the CSV reader."""
    text = text_table(data).column(column).combine_chunks()
    if arrow_type is not None and pa.types.is_string(arrow_type):
        return text
    if arrow_type is None:
        inferred = _inferred_table(data).column(column).combine_chunks()
        if pa.types.is_null(inferred.type):
            return text  # no value anywhere: keep the (empty) text
        if (pa.types.is_integer(inferred.type) or pa.types.is_floating(inferred.type)) and pc.any(
            pc.match_substring_regex(text, _KEEP_AS_TEXT.pattern)
        ).as_py():
            return text
        return inferred
    return _read(data, {column: arrow_type}, include=[column]).column(column).combine_chunks()


class SourceFileParams(ParamsModel):
    """Parameters of Source File."""

    model_config = ConfigDict(extra="ignore")
    source_column: str | None = None


@register
class SourceFile(Generator[SourceFileParams]):
    """A column of the static table's attached CSV (`source_column`, default the field's name), row for
    row. Types are pyarrow.csv's inference (numbers with leading zeros stay text) or the field's
    `data_type`."""

    display_name = "Source File"
    key = "source_file"
    category = DATA_TYPES
    Params = SourceFileParams
    _data: str = ""
    _values: pa.Array | None = None

    @property
    def source_column(self) -> str:
        return self.params.source_column or self.field.name

    def setup(self) -> None:
        source = self.entity.source
        if not self.entity.is_static or source is None or not source.data:
            raise ParamError("generator", f"Source File reads the CSV attached to a static table; entity "
                             f"'{self.entity.name}' needs is_static: true and source: {{data, filename}}")
        self._data = source.data
        try:
            names = text_table(self._data).column_names
        except CsvError as exc:
            raise ParamError("source_column", f"cannot read the CSV: {exc}") from exc
        if self.source_column not in names:
            hint = did_you_mean(self.source_column, names)
            file = source.filename or "the CSV"
            raise ParamError("source_column", f"{file} has no column '{self.source_column}'{hint} "
                             f"(columns: {', '.join(names)})")
        try:
            self._values = read_column(self._data, self.source_column, arrow_type_for(self.field.data_type))
        except CsvError as exc:
            raise ParamError("data_type", f"column '{self.source_column}' of the CSV cannot be read as "
                             f"'{self.field.data_type}': {exc}") from exc

    def arrow_type(self) -> pa.DataType:
        return self._values.type if self._values is not None else pa.string()

    def guarantees_unique(self) -> bool:
        # The rows are fixed: a unique or primary key column holds if its values are distinct and present.
        values = self._values
        if values is None or values.null_count:
            return False
        return bool(pc.count_distinct(values).as_py() == len(values))

    def generate(self, ctx: ColumnContext) -> pa.Array:
        assert self._values is not None, "setup() reads the CSV"
        return self._values.take(pa.array(ctx.rows))
