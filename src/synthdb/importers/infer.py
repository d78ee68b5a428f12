"""Pick a generator for a column from its name and type, with a confidence and the reason."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp
from sqlglot.errors import SqlglotError

from synthdb.column_types import from_sqlglot, parse_column_type
from synthdb.importers.name_rules import ANY_PREFIX, RULES
from synthdb.importers.schema import Column

T = exp.DataType.Type
_INTEGER_RANGES = {
    T.TINYINT: (-128, 127), T.UTINYINT: (0, 255), T.SMALLINT: (-32768, 32767), T.USMALLINT: (0, 65535),
    T.MEDIUMINT: (-8388608, 8388607), T.UMEDIUMINT: (0, 16777215), T.INT: (-(2**31), 2**31 - 1),
    T.UINT: (0, 2**32 - 1), T.BIGINT: (-(2**63), 2**63 - 1), T.UBIGINT: (0, 2**63 - 1),
    T.YEAR: (1901, 2155), T.SERIAL: (1, 2**31 - 1), T.SMALLSERIAL: (1, 32767), T.BIGSERIAL: (1, 2**63 - 1),
}
_DECIMALS = {T.DECIMAL, T.UDECIMAL, T.BIGDECIMAL, T.MONEY, T.SMALLMONEY}
# Sample rows used to measure how long a generator's values get (compared with VARCHAR(n)).
_PROBE_ROWS = 3000


@dataclass
class Guess:
    """A generator with its parameters, how sure we are (0-1) and why."""

    generator: str
    params: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.5
    reason: str = ""
    # True when nothing about the column's meaning was found: filler text, random characters, `{}`.
    fallback: bool = False


def normalize(name: str) -> str:
    """`firstName`, `First Name`, `FIRST-NAME` -> `first_name`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")


# ColumnType kinds (column_types.py) -> the type classes the rules below match.
_CLASSES = {"integer": "int", "decimal": "decimal", "float": "float", "boolean": "bool", "date": "date",
            "timestamp": "datetime", "timestamptz": "datetime", "time": "time", "uuid": "uuid", "json": "json",
            "binary": "binary", "string": "text", "enum": "text"}


def type_class(kind: exp.DataType | None) -> str:
    """int, decimal, float, bool, date, datetime, time, text, uuid, json, binary or other."""
    if kind is None or kind.this == T.USERDEFINED:
        return "text"  # unknown, or a CREATE TYPE ... AS ENUM
    if kind.this == T.YEAR:
        return "int"  # MySQL's YEAR: 1901-2155
    column_type = from_sqlglot(kind)
    if column_type.holds_boolean:
        return "bool"  # MySQL's TINYINT(1) and SQL Server's BIT hold booleans
    return _CLASSES.get(column_type.kind, "other")


def integer_range(kind: exp.DataType | None) -> tuple[int, int]:
    """The values an integer type holds."""
    return _INTEGER_RANGES.get(kind.this, (-(2**31), 2**31 - 1)) if kind is not None else (-(2**31), 2**31 - 1)


def decimal_shape(kind: exp.DataType | None) -> tuple[int, int] | None:
    """(precision, scale) of DECIMAL(p, s); None when not declared."""
    if kind is None or kind.this not in _DECIMALS:
        return None
    column_type = from_sqlglot(kind)
    if kind.this in {T.MONEY, T.SMALLMONEY} and column_type.precision is None:
        return (19, 4) if kind.this == T.MONEY else (10, 4)
    if column_type.precision is None or column_type.scale is None:
        return None
    return column_type.precision, column_type.scale


def text_length(kind: exp.DataType | None) -> int | None:
    """n of VARCHAR(n)/CHAR(n); None when unbounded."""
    if kind is None or kind.this not in exp.DataType.TEXT_TYPES:
        return None
    return from_sqlglot(kind).length


# A shorter generator for the same meaning, tried when values do not fit VARCHAR(n) (state CHAR(2) -> NY).
_SHORT_FORMS = {"State": "State Abbreviation", "Country": "Country Code", "Gender": "Gender Abbreviation",
                "Full Name": "Last Name", "Street Address": "Street Name", "Middle Name": "Middle Initial",
                "SHA256": "SHA1"}  # a `hash VARCHAR(40)` holds a SHA-1
_PEOPLE = re.compile(r"(customer|client|user|person|people|employee|staff|patient|doctor|physician|nurse|author"
                     r"|artist|member|contact|student|teacher|actor|driver|owner|manager|guest|player|writer|passenger|travell?er"
                     r"|crew|athlete|candidate|applicant|resident|tenant|volunteer|donor|subscriber|attendee"
                     r"|participant|visitor|buyer|seller|borrower|investor|worker|agent|representative|rep)")
_COMPANIES = re.compile(r"(compan|supplier|vendor|publisher|manufacturer|organi[sz]ation|brand|store|shop|bank)")


def _resolvable(generator: str) -> bool:
    from synthdb.generators.registry import REGISTRY, UnknownGenerator

    try:
        REGISTRY.resolve(generator)
    except UnknownGenerator:
        return False
    return True


@functools.lru_cache(maxsize=512)
def _lengths(generator: str, params: str) -> tuple[int, ...]:
    """The lengths (in characters) of a generator's values over a few thousand rows, sorted."""
    import pyarrow.compute as pc

    from synthdb.python_api import to_tables

    field = {"name": "v", "generator": generator, **json.loads(params)}
    definition = {"name": "probe", "entities": [{"name": "t", "record_count": _PROBE_ROWS, "fields": [field]}]}
    values = to_tables(definition)["t"].column("v").cast("string")
    return tuple(sorted(int(n) for n in pc.utf8_length(values).fill_null(0).to_pylist()))


# The engine redraws values longer than a column's VARCHAR(n) (engine/fit_length.py), so a generator whose
# values mostly fit keeps its meaning; below this share the redraws would skew it too far towards short values.
MOST_MUST_FIT = 0.6


def fits(generator: str, params: dict[str, Any], length: int | None, *, every: bool = False) -> bool:
    """True when the generator's values fit VARCHAR(length): most of them, or `every` one (for keys)."""
    if length is None:
        return True
    lengths = _lengths(generator, json.dumps(params, sort_keys=True))
    if every or not lengths:
        return not lengths or lengths[-1] <= length
    return sum(1 for n in lengths if n <= length) / len(lengths) >= MOST_MUST_FIT


def text_filler(length: int | None, unique: bool = False) -> Guess:
    """Text of unknown meaning: a few Latin words that fit, or a letter code when the column is short/unique."""
    if unique or (length is not None and length < 12):
        size = max(1, min(length or 12, 12))
        return Guess("Character Sequence", {"format": "^" * min(size, 3) + "#" * max(0, size - 3)}, 0.3,
                     "text of unknown meaning: a letter and digit code", fallback=True)
    for words in (4, 3, 2, 1):
        params = {"lorem_ipsum_unit": "words", "min": 1, "max": words}
        if fits("Lorem Ipsum", params, length):
            return Guess("Lorem Ipsum", params, 0.3, "text of unknown meaning: a few Latin words", fallback=True)
    return Guess("Character Sequence", {"format": "^" * min(length or 8, 8)}, 0.3, "short text of unknown meaning",
                 fallback=True)


# What a bare `name`, `title`, `description`, `type`, `symbol` or `rating` column holds, by the table it is
# in: (table pattern, column names, generator, parameters, confidence, what the table holds).
_BY_TABLE: list[tuple[re.Pattern[str], set[str], str, dict[str, Any], float, str]] = [
    (re.compile(r"(employee|staff|job|position|title)"), {"title"}, "Job Title", {}, 0.7, "staff or job titles"),
    (_PEOPLE, {"name"}, "Full Name", {}, 0.7, "people"),
    (re.compile(r"(person|people|contact|customer|member|patient|author)"), {"title"}, "Title", {}, 0.7,
     "people (a courtesy title)"),
    (_PEOPLE, {"suffix"}, "Suffix", {}, 0.7, "people"),
    (re.compile(r"(book|title|publication)"), {"type", "genre", "category"}, "Custom List",
     {"values": ["business", "cooking", "computing", "psychology", "fiction", "history"]}, 0.6, "books"),
    (re.compile(r"territor"), {"group", "region"}, "Continent", {}, 0.6, "sales territories"),
    (re.compile(r"(offer|promotion|discount)"), {"type", "kind"}, "Custom List",
     {"values": ["No Discount", "Volume Discount", "Seasonal Discount", "Excess Inventory", "New Product"]}, 0.6,
     "offers"),
    (re.compile(r"currenc"), {"name"}, "Currency", {}, 0.7, "currencies"),
    (re.compile(r"phone_?(number_?)?type"), {"name"}, "Custom List", {"values": ["Cell", "Home", "Work"]}, 0.7,
     "kinds of phone number"),
    (re.compile(r"(sales|purchase)_?reason"), {"name"}, "Custom List",
     {"values": ["Price", "On Promotion", "Advertisement", "Manufacturer", "Review", "Quality", "Other"]}, 0.6,
     "reasons to buy"),
    (_COMPANIES, {"name"}, "Company Name", {}, 0.7, "organisations"),
    (re.compile(r"(album|track|song|film|movie|book|show|episode|series|title|work|playlist)"),
     {"name", "title"}, "Movie Title", {}, 0.6, "creative works"),
    (re.compile(r"(film|movie|show|episode|series)"), {"rating"}, "Movie Rating", {}, 0.7, "films"),
    (re.compile(r"(film|movie|show|episode|series)"), {"type", "kind"}, "Custom List",
     {"values": ["Movie", "TV Show"], "weights": [70, 30]}, 0.6, "films and shows"),
    (re.compile(r"(film|movie|show|episode|series)"), {"duration", "length", "runtime"}, "Film Length", {}, 0.6,
     "films"),
    (re.compile(r"genre"), {"name", "title", "description"}, "Film Genre", {}, 0.7, "genres"),
    (re.compile(r"categor"), {"name", "title", "description"}, "Product Category", {}, 0.6, "categories"),
    (re.compile(r"(media_?type|mime|content_?type|file_?type|format)"), {"name", "description", "type"},
     "MIME Type", {}, 0.6, "media types"),
    (re.compile(r"(language|locale)"), {"name", "description"}, "Language Name", {}, 0.7, "languages"),
    # Storage: objects and files are named by their path; buckets by DNS-style names; migrations by file.
    (re.compile(r"(object|file|document|attachment|upload|asset|blob)"), {"name", "key"}, "File Path", {}, 0.6,
     "stored files"),
    (re.compile(r"bucket"), {"name"}, "Domain Name", {}, 0.6, "storage buckets"),
    (re.compile(r"migration"), {"name"}, "File Name", {}, 0.6, "migrations"),
    (re.compile(r"(product|item|article|goods)"), {"name", "title"}, "Product Name", {}, 0.7, "products"),
    (re.compile(r"(department|dept|division)"), {"name", "title", "description"}, "Department (Corporate)", {},
     0.7, "departments"),
    (re.compile(r"(region|state|province|subdivision|subcountr)"), {"name", "description"}, "State", {}, 0.6,
     "regions"),
    (re.compile(r"(territor|cit|town|place|location)"), {"name", "description"}, "City", {}, 0.6, "places"),
    (re.compile(r"countr"), {"name", "description"}, "Country", {}, 0.6, "countries"),
    (re.compile(r"(element|periodic|chemical)"), {"name", "element"}, "Chemical Element", {}, 0.7, "elements"),
    (re.compile(r"(element|periodic|chemical)"), {"symbol"}, "Chemical Symbol", {}, 0.7, "elements"),
    (re.compile(r"(element|periodic|chemical)"), {"type", "category", "group"}, "Element Category", {}, 0.7,
     "elements"),
    (re.compile(r"(element|periodic|chemical)"), {"phase", "state"}, "Custom List",
     {"values": ["Solid", "Liquid", "Gas"], "weights": [90, 2, 8]}, 0.6, "elements"),
]


def _by_table(name: str, table: str, cls: str) -> Guess | None:
    """A bare `name`/`title`/... column: what it holds, by the table it is in (people, works, products, ...)."""
    if cls != "text":
        return None
    table_norm = normalize(table)
    for pattern, names, generator, params, confidence, holds in _BY_TABLE:
        if name in names and pattern.search(table_norm) and _resolvable(generator):
            return Guess(generator, dict(params), confidence, f"'{name}' in a table of {holds} ({table})")
    return None


# Words column names are made of, for splitting joined names (`emailaddress`, `jobtitle`, `shipdate`).
_WORDS = frozenset([
    "about", "account", "active", "address", "addr", "age", "alpha", "amount", "api", "area", "at", "author",
    "avatar", "balance", "bank", "birth", "birthday", "body", "born", "by", "calendar", "card", "category", "cell",
    "city", "class", "code", "color", "comment", "company", "contact", "content", "cost", "count", "country",
    "county", "courtesy", "created", "currency", "customer", "date", "day", "deleted", "delivered", "delivery",
    "department", "description", "desc", "discount", "display", "domain", "due", "email", "employee", "end",
    "expires", "expiry", "family", "fax", "fee", "file", "first", "flag", "from", "full", "given", "hash", "hire",
    "hired", "home", "id", "identifier", "image", "ip", "is", "item", "job", "key", "kind", "last", "level", "line",
    "list", "login", "mail", "manager", "message", "middle", "mobile", "modified", "month", "name", "nick", "note",
    "number", "order", "ordered", "paid", "password", "path", "payment", "phone", "photo", "picture", "place",
    "postal", "post", "price", "product", "quantity", "rate", "rating", "received", "reference", "region", "release",
    "required", "return", "sale", "salary", "screen", "serial", "ship", "shipped", "size", "start", "state", "status",
    "street", "suffix", "summary", "supplier", "tax", "text", "time", "title", "to", "total", "type", "unit",
    "update", "updated", "url", "user", "valid", "value", "vendor", "weight", "year", "zip"
])


def split_joined(token: str) -> str | None:
    """`emailaddress` -> `email_address` when the token is two or more known words run together."""
    if token in _WORDS or len(token) < 5:
        return None
    best: list[list[str] | None] = [[]] + [None] * len(token)
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - 14), end - 1):
            head, word = best[start], token[start:end]
            if head is not None and word in _WORDS and (best[end] is None or len(head) + 1 < len(best[end] or [])):
                best[end] = [*head, word]
    words = best[len(token)]
    return "_".join(words) if words and len(words) > 1 else None


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def name_variants(column: str, table: str) -> list[str]:
    """The column's name as written, with joined words split, the table's name or a short prefix dropped."""
    name = normalize(column)
    variants = [name]
    table_norm = normalize(table)
    for prefix in dict.fromkeys([table_norm, _singular(table_norm), table_norm.rsplit("_", 1)[-1],
                                 _singular(table_norm.rsplit("_", 1)[-1])]):
        if prefix and name.startswith(prefix + "_") and len(name) > len(prefix) + 1:
            variants.append(name[len(prefix) + 1:])  # `category_name` in categories, `subcountry_name`
    qualified = re.fullmatch(r"(.+)_(wiki|en|native|full|official|alt|local|short|long|display|orig|original|raw"
                             r"|clean|formatted|normalized|normalised)", name)
    if qualified:
        variants.append(qualified.group(1))  # `name_wiki`, `title_en`: the same thing, another source or form
    short = re.fullmatch(r"[a-z]{1,2}_(.+)", name)
    if short:
        variants.append(short.group(1))  # TPC-H style `c_name`, `l_shipdate`
    for variant in list(variants):
        parts = [split_joined(part) or part for part in variant.split("_")]
        if "_".join(parts) != variant:
            variants.append("_".join(parts))
    return list(dict.fromkeys(variants))


def identifier_code(name: str, length: int | None, unique: bool) -> Guess | None:
    """A text key or code column (`customer_id CHAR(5)`, `dept_no`, `show_id`): letters and digits that fit."""
    if not re.fullmatch(ANY_PREFIX + r"(id|no|num|nr|key|code|ref|number|ticket|ticket_?no|voucher|locator|cabin|berth"
                       r"|room|room_?no|lifeboat|boat|bay|locker)", name):
        return None
    size = max(1, min(length or 8, 8 if unique else 6))
    pattern = "^" * min(size, 3) + "#" * max(0, size - 3)
    reason = f"identifier '{name}': a letter and digit code"
    return Guess("Character Sequence", {"format": pattern}, 0.6, reason)


def by_type(column: Column, length: int | None, unique: bool) -> Guess:
    """The fallback when the name says nothing: a sensible generator for the type alone."""
    cls = type_class(column.kind)
    if cls == "int":
        low, high = integer_range(column.kind)
        return Guess("Number", {"min": max(low, 0), "max": min(high, 1000)}, 0.4, "integer column")
    if cls in {"decimal", "float"}:
        shape = decimal_shape(column.kind)
        scale = min(shape[1], 6) if shape else 2
        top = min(1000.0, 10 ** (shape[0] - shape[1]) - 10 ** -shape[1]) if shape else 1000.0
        return Guess("Number", {"min": 0, "max": top, "decimals": scale}, 0.4, "numeric column")
    if cls == "bool":
        return Guess("Boolean", {}, 0.6, "boolean column")
    if cls == "date":
        return Guess("Date", {"start_date": "2020-01-01", "end_date": "2025-12-31"}, 0.5, "date column")
    if cls == "datetime":
        return Guess("Datetime", {"start_date": "2020-01-01", "end_date": "2025-12-31"}, 0.5, "timestamp column")
    if cls == "time":
        return Guess("Time", {}, 0.5, "time column")
    if cls == "uuid":
        return Guess("UUID", {}, 0.9, "UUID column")
    if cls == "json":
        return Guess("Constant", {"constant_value": "{}"}, 0.3, "JSON column: an empty object", fallback=True)
    if cls == "binary":
        return Guess("Character Sequence", {"format": "********"}, 0.2, "binary column: a few ASCII bytes",
                     fallback=True)
    return text_filler(length, unique)


def _array_guess(column: Column, table: str) -> Guess | None:
    """An SQL array column (`text[]`): an Array of 1-3 items, each guessed from the singular name and the
    element type (`special_features text[]` -> feature-like words; `tags varchar(20)[]` -> short tags)."""
    kind = column.kind
    if kind is None or kind.this != exp.DataType.Type.ARRAY or not kind.expressions:
        return None
    element_kind = kind.expressions[0]
    if not isinstance(element_kind, exp.DataType):
        return None
    element = Column(_singular(normalize(column.name)), element_kind.sql(), element_kind)
    inner = guess(element, table)
    items = {"generator": inner.generator, **inner.params}
    return Guess("Array", {"items": items, "min": 1, "max": 3}, inner.confidence,
                 f"array of {element.data_type}: {inner.reason}", fallback=inner.fallback)


def guess(column: Column, table: str, *, unique: bool = False) -> Guess:
    """The generator for a column that is not a key: by name, then by type."""
    array = _array_guess(column, table)
    if array is not None:
        return array
    cls = type_class(column.kind)
    length = text_length(column.kind)
    if column.enum_values:
        return Guess("Custom List", {"values": list(column.enum_values)}, 0.99, "enumerated type")
    special = _sqlserver_type(column.kind)
    if special is not None:
        return special
    found = _by_meaning(column, table, cls)
    if found is not None and cls == "text" and not fits(found.generator, found.params, length, every=unique):
        short = _SHORT_FORMS.get(found.generator)
        if short is not None and _resolvable(short) and fits(short, {}, length, every=unique):
            return Guess(short, {}, found.confidence * 0.9, f"{found.reason}; short form for {column.data_type}")
        if found.generator == "Phone" and length is not None and length >= 8:
            # pubs' `phone CHAR(12)`: a North American number written with a space, `408 496-7223`.
            return Guess("Character Sequence", {"format": "### ###-####"[-length:]}, found.confidence * 0.8,
                         f"{found.reason}; a short phone number for {column.data_type}")
        found = Guess(found.generator, found.params, 0.0, f"{found.generator} values do not fit {column.data_type}")
        return _shorter(found, length, unique)
    if found is None and cls == "text":
        found = identifier_code(normalize(column.name), length, unique)
    return clip(found if found is not None else by_type(column, length, unique), column)


# SQL Server's hierarchyid and spatial types, written as the text literals SQL Server converts from and every
# other target stores as text: a node path (`/3/14/`, distinct per row when it is a key) and a WKT point.
_HIERARCHY = Guess("Character Sequence", {"format": "/#/##/"}, 0.7, "hierarchyid: a node path such as /3/14/")
_POINT = Guess("Regular Expression", {"regex": r"POINT \(-?1?[0-7]?[0-9]\.[0-9]{4} -?[0-8]?[0-9]\.[0-9]{4}\)"}, 0.7,
               "spatial value: a WKT point (longitude latitude)")


def _sqlserver_type(kind: exp.DataType | None) -> Guess | None:
    if kind is None:
        return None
    if kind.this in {T.GEOGRAPHY, T.GEOMETRY}:
        return Guess(_POINT.generator, dict(_POINT.params), _POINT.confidence, _POINT.reason)
    if kind.this == T.USERDEFINED and str(kind.args.get("kind") or "").strip("[]").lower() == "hierarchyid":
        return Guess(_HIERARCHY.generator, dict(_HIERARCHY.params), _HIERARCHY.confidence, _HIERARCHY.reason)
    return None


def _by_meaning(column: Column, table: str, cls: str) -> Guess | None:
    """The first rule any variant of the column's name meets: by its table for bare names, then by name."""
    variants = name_variants(column.name, table)
    for name in variants:
        found = _by_table(name, table, cls)
        if found is not None:
            return found
    for name in variants:
        for pattern, classes, generator, params, confidence in RULES:
            if cls in classes and re.fullmatch(pattern, name) and _resolvable(generator):
                if cls == "date" and generator == "Datetime":
                    generator = "Date"
                how = f"name '{column.name}'" + (f" read as '{name}'" if name != normalize(column.name) else "")
                return Guess(generator, dict(params), confidence, f"{how} ({cls})")
    return None


def clip(found: Guess, column: Column) -> Guess:
    """Keep Number/Money ranges inside what the column's type holds (SMALLINT, DECIMAL(4, 2), ...)."""
    if found.generator not in {"Number", "Money"}:
        return found
    cls = type_class(column.kind)
    params = dict(found.params)
    if cls == "int":
        low, high = integer_range(column.kind)
        params["decimals"] = 0
    else:
        shape = decimal_shape(column.kind)
        if shape is None:
            return found
        top = 10 ** (shape[0] - shape[1]) - 10 ** -shape[1] if shape[1] else 10 ** shape[0] - 1
        low, high = -top, top
        params["decimals"] = min(shape[1], 6 if found.generator == "Number" else 2)
    if found.generator == "Money" and cls == "int":
        return Guess("Number", {"min": max(low, 0), "max": min(high, 1000)}, found.confidence, found.reason)
    params["min"] = max(low, min(params.get("min", 0), high))
    params["max"] = min(high, max(params.get("max", 1000), params["min"]))
    if found.generator == "Money":
        params.pop("decimals", None) if shape is not None and shape[1] == 2 else None
    return Guess(found.generator, params, found.confidence, found.reason)


def _shorter(rejected: Guess, length: int | None, unique: bool) -> Guess:
    filler = text_filler(length, unique)
    filler.reason = f"{rejected.reason}; {filler.reason}"
    return filler


def guess_for(name: str, data_type: str, dialect: str = "postgres", table: str = "t") -> Guess:
    """`guess` from a column name and a type as text (handy in tests and at the REPL)."""
    parsed = parse_column_type(data_type, dialect, fallbacks=())
    kind = parsed.sql.copy() if parsed is not None else None
    if kind is None:  # a user-defined type (SQL Server's hierarchyid), as the DDL reader sees it
        try:
            kind = exp.DataType.build(data_type, dialect=dialect, udt=True)
        except SqlglotError:
            kind = None
    values = list(parsed.enum_values) if parsed is not None and parsed.sql.this == T.ENUM else None
    return guess(Column(name, data_type, kind, enum_values=values), table)
