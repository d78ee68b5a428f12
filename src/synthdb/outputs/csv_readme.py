"""The README.md of a CSV zip: how the files are written, then every table's file, row count and columns.

Fabricate's CSV export carries a README.md; its public material does not show what it holds, so this one
says what a reader of the files needs: the encoding and quoting rules (how a null differs from an empty
string), the seed that reproduces the data, and per table its file, rows, key and columns with types.
Only facts of the job go in (no date, no version), so the zip stays byte-identical run after run.
"""

from __future__ import annotations

import re

from synthdb.outputs.csv_quoting import QuotingStyle
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes and backslashes escaped."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").splitlines())


def _code(text: str) -> str:
    """A Markdown code span, fenced by one backtick more than the longest run of backticks in `text`."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return _cell(f"{fence}{pad}{text}{pad}{fence}")


def _type(column: ColumnInfo) -> str:
    return column.data_type or str(column.arrow_type)


def _notes(column: ColumnInfo) -> str:
    notes = []
    if column.primary_key:
        notes.append("primary key")
    if column.unique:
        notes.append("unique")
    if column.references is not None:
        notes.append(f"references {column.references[0]}({column.references[1]})")
    return ", ".join(notes)


def _table_section(table: TableOutput, file_name: str) -> list[str]:
    lines = [f"## {_cell(table.name)}", "", f"File {_code(file_name)}: {table.row_count:,} rows."]
    if table.primary_key:
        lines[-1] += f" Primary key: {', '.join(_code(c) for c in table.primary_key)}."
    for together in table.unique_together:
        lines[-1] += f" Unique together: {', '.join(_code(c) for c in together)}."
    lines += ["", "| column | type | nullable | notes |", "|---|---|---|---|"]
    for column in table.columns:
        nullable = "yes" if column.nullable and not column.primary_key else "no"
        lines.append(f"| {_code(column.name)} | {_cell(_type(column))} | {nullable} | {_cell(_notes(column))} |")
    return [*lines, ""]


def readme(job: OutputJob, files: dict[str, str], style: QuotingStyle) -> bytes:
    """The README.md text of a CSV export of `job`; `files` maps each table name to its entry name."""
    seed = job.options.get("seed")
    lines = [
        f"# {_cell(job.database_name)}",
        "",
        f"CSV export of the database {_code(job.database_name)}, written by synthdb"
        + (f" with seed {seed}" if seed is not None else "") + " (the same definition and seed give the same "
        "files, byte for byte).",
        "",
        "## Format",
        "",
        "- One file per table, UTF-8 without a byte-order mark, comma-separated, `\\n` line ends, a header row.",
        f"- Quoting `{style.name}`: {style.description}; a quote inside a quoted field is doubled (`\"\"`).",
        "- An empty unquoted field is NULL; an empty string is written `\"\"`.",
        "- Booleans `true`/`false`; dates `YYYY-MM-DD`; timestamps `YYYY-MM-DD HH:MM:SS` (zoned ones in UTC with"
        " `Z`); decimals with their exact scale; lists and objects as JSON text; bytes as base64.",
        "",
        "## Tables",
        "",
        "| table | file | rows | columns |",
        "|---|---|---|---|",
    ]
    for table in job.tables:
        lines.append(f"| {_cell(table.name)} | {_code(files[table.name])} | {table.row_count:,} | "
                     f"{len(table.columns)} |")
    lines.append("")
    for table in job.tables:
        lines += _table_section(table, files[table.name])
    return "\n".join(lines).encode()
