"""SQL Server DDL: the text fixes, alias types, LIKE character classes, and the PostgreSQL copy of a script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from synthdb.importers import import_definition
from synthdb.importers.ddl import parse_ddl
from synthdb.importers.tsql import like_format, like_regex, prepare, rewrite_likes, user_type
from synthdb.importers.tsql_postgres import to_postgres
from synthdb.python_api import to_tables

SCRIPT = """
EXEC sp_addtype empid, 'char(9)', 'NOT NULL'
GO
CREATE TYPE [Flag] FROM bit NOT NULL;
GO
CREATE TABLE [HR].[Employee](
    [EmployeeID] [int] IDENTITY (1, 1) NOT FOR REPLICATION NOT NULL,
    [Code] empid CONSTRAINT [PK_Employee] PRIMARY KEY NONCLUSTERED
        CHECK ([Code] LIKE '[A-Z][A-Z][1-9][0-9][0-9][FM]' OR [Code] LIKE '[A-Z]-[0-9][0-9][0-9][FM]'),
    [Gender] [nchar](1) NOT NULL,
    [Node] [hierarchyid] NULL,
    [Level] AS [Node].GetLevel(),
    [Salaried] [Flag] NOT NULL CONSTRAINT [DF_Employee_Salaried] DEFAULT (1),
    [Rate] [money] NOT NULL,
    [Notes] [nvarchar](max) NULL,
    [rowguid] uniqueidentifier ROWGUIDCOL NOT NULL UNIQUE CONSTRAINT [DF_rowguid] DEFAULT (NEWID()),
    [StartDate] [date] NOT NULL,
    [EndDate] [date] NULL,
    CONSTRAINT [CK_Gender] CHECK (upper([Gender])='F' OR upper([Gender])='M'),
    CONSTRAINT [CK_Dates] CHECK ([EndDate]>=[StartDate] OR [EndDate] IS NULL)
) ON [PRIMARY];
GO
ALTER TABLE [HR].[Employee] WITH CHECK ADD CONSTRAINT [CK_Rate] CHECK ([Rate] >= (0.00)),
    CONSTRAINT [CK_Other] CHECK ([Rate] < (1000.00));
GO
CREATE UNIQUE INDEX [AK_Level] ON [HR].[Employee]([Level], [Node]) ON [PRIMARY];
GO
"""


def test_prepare_drops_storage_words_sqlglot_cannot_read() -> None:
    text = prepare("CREATE TABLE t ([a] int NOT FOR REPLICATION, [g] uniqueidentifier ROWGUIDCOL, "
                   "CONSTRAINT pk PRIMARY KEY CLUSTERED ([a] ASC)) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]")
    assert not re.search(r"CLUSTERED|ROWGUIDCOL|REPLICATION|PRIMARY\]|ASC", text)
    assert isinstance(sqlglot.parse_one(text, read="tsql"), exp.Create)
    moved = prepare("CREATE TABLE t (c int NOT NULL UNIQUE CHECK (c > (0)), d int)")
    assert moved == "CREATE TABLE t (c int NOT NULL CHECK (c > (0)) UNIQUE, d int)"


def test_alias_types_of_both_spellings() -> None:
    assert user_type("CREATE TYPE [Flag] FROM bit NOT NULL") == ("Flag", "bit NOT NULL")
    assert user_type("CREATE TYPE [Name] FROM nvarchar(50) NULL") == ("Name", "nvarchar(50)")
    assert user_type("execute sp_addtype tid     ,'varchar(6)'  ,'NOT NULL'") == ("tid", "varchar(6) NOT NULL")
    assert user_type("CREATE TABLE t (a int)") is None


@pytest.mark.parametrize(("pattern", "matching", "other"), [
    ("[0-9][0-9][0-9]-[0-9][0-9]", "123-45", "12-345"),
    ("99[0-9][0-9]", "9912", "9812"),
    ("[A-Z][1-9][FM]%", "Q3Fxyz", "Q0F"),
    ("a.b_", "a.bc", "axbc"),
])
def test_like_patterns_become_regular_expressions_and_formats(pattern: str, matching: str, other: str) -> None:
    regex = like_regex(pattern)
    assert re.fullmatch(regex, matching) and not re.fullmatch(regex, other)
    found = like_format(pattern)
    assert found is not None
    values = to_tables({"name": "d", "entities": [{"name": "t", "record_count": 200, "fields": [
        {"name": "v", "generator": "Character Sequence", "format": found}]}]})["t"].column("v").to_pylist()
    assert all(re.fullmatch(regex, v) for v in values), [v for v in values if not re.fullmatch(regex, v)][:3]


def test_a_negated_class_has_no_format_but_a_regex() -> None:
    assert like_format("[^0-9]") is None
    assert like_regex("[^0-9]") == "^[^0-9]$"


def test_rewrite_keeps_the_format_for_the_check_reader() -> None:
    condition = sqlglot.parse_one("zip LIKE '[0-9][0-9]'", read="tsql")
    rewritten = rewrite_likes(condition)
    assert isinstance(rewritten, exp.RegexpLike) and rewritten.meta["format"] == "##"
    plain = sqlglot.parse_one("name LIKE 'AB%'", read="tsql")
    assert rewrite_likes(plain) is plain  # no class: LIKE means the same everywhere


def test_the_import_reads_the_script() -> None:
    schema = parse_ddl(SCRIPT, "tsql")
    table = schema.table("Employee")
    assert table is not None and table.schema == "HR"
    assert table.primary_key == ["Code"]
    code, salaried = table.columns["Code"], table.columns["Salaried"]
    assert (code.data_type, code.nullable) == ("CHAR(9)", False)  # sp_addtype empid
    assert (salaried.data_type, salaried.nullable) == ("BIT", False)  # CREATE TYPE [Flag] FROM bit NOT NULL
    assert table.columns["Level"].computed
    assert ["rowguid"] in table.unique
    assert not any("Level" in u for u in table.unique)  # the index over a computed column is left out
    checks = [c.sql() for c in table.columns["Rate"].checks]
    assert len(checks) == 2 and any("1000" in c for c in checks)  # both constraints of one ALTER TABLE
    assert any(isinstance(c, exp.RegexpLike) for c in table.columns["Code"].checks[0].find_all(exp.RegexpLike))


def test_the_definition_honours_the_checks_by_construction(tmp_path: Path) -> None:

    path = tmp_path / "hr.sql"
    path.write_text(SCRIPT)
    result = import_definition(str(path))
    assert result.notes[0].startswith("read as tsql DDL")
    fields = {f["name"]: f for f in result.definition["entities"][0]["fields"]}
    assert fields["Code"]["generator"] == "Character Sequence"
    assert fields["Gender"]["generator"] == "Custom List" and sorted(fields["Gender"]["values"]) == ["F", "M"]
    assert fields["Node"]["format"] == "/#/##/"
    rows = to_tables(result.definition)["HR.Employee"]
    codes = rows.column("Code").to_pylist()
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z][A-Z][1-9][0-9][0-9][FM]|[A-Z]-[0-9][0-9][0-9][FM]", c) for c in codes)
    ends = [(e, s) for e, s in zip(rows.column("EndDate").to_pylist(), rows.column("StartDate").to_pylist(),
                                   strict=True) if e is not None]
    assert ends and all(e >= s for e, s in ends)


def test_postgres_copy_of_the_script() -> None:
    statements = to_postgres(SCRIPT)
    text = "\n".join(statements)
    assert 'CREATE DOMAIN public.empid AS CHAR(9) NOT NULL' in text
    assert "CREATE DOMAIN public.flag AS BOOLEAN NOT NULL" in text
    assert '"Code" public.empid' in text and '"Salaried" public.flag' in text and "DEFAULT TRUE" in text
    assert '"Rate" DECIMAL(19, 4)' in text or '"Rate" NUMERIC(19, 4)' in text
    assert '"Notes" TEXT' in text and '"Node" TEXT' in text
    assert '"Level"' not in text  # the computed column and its index are left out
    assert "SIMILAR TO '[A-Z][A-Z][1-9][0-9][0-9][FM]'" in text
    alters = [s for s in statements if s.startswith("ALTER TABLE")]
    assert len(alters) == 2 and all("WITH CHECK" not in s for s in alters)


def test_a_refused_key_generator_is_replaced_and_keeps_not_null(tmp_path: Path) -> None:
    """Ten codes cannot key 100 rows: the planner refuses the CHECK's format, the import repairs the field with
    distinct codes (dropping the CHECK it can no longer keep, noted) and the column stays NOT NULL."""
    path = tmp_path / "codes.sql"
    path.write_text("CREATE TABLE [dbo].[Bins] ([BinID] [int] IDENTITY(1,1) PRIMARY KEY,\n"
                    "  [Code] [char](4) NOT NULL UNIQUE CHECK ([Code] LIKE '[0-9]'))\nGO\n")
    result = import_definition(str(path))
    code = next(f for f in result.definition["entities"][0]["fields"] if f["name"] == "Code")
    assert code["nullable"] is False and code["unique"] is True
    assert any("Code" in note and "instead" in note for note in result.notes), result.notes
