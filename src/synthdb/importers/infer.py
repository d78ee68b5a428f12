"""Pick a generator for a column from its name and type, with a confidence and the reason."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from synthdb.column_types import from_sqlglot, parse_column_type
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


# (name pattern, type classes, generator, parameters, confidence). First match wins; a name pattern is a
# full match over the normalized name, so `email` matches `email` and `customer_email`, not `emailed`.
_P = r"(?:.*_)?"
RULES: list[tuple[str, set[str], str, dict[str, Any], float]] = [
    (_P + r"e?_?mail(_address|_addr)?", {"text"}, "Email Address", {}, 0.95),
    # Before the street address rule: `ip_address` is no street.
    (_P + r"(ipv6|ipv6_?address)", {"text"}, "IPv6 Address", {}, 0.9),
    (_P + r"(ip|ip_?address|ipv4|ipv4_?address|ip_?addr)", {"text"}, "IPv4 Address", {}, 0.9),
    (_P + r"(mac|mac_?address)", {"text"}, "MAC Address", {}, 0.85),
    (_P + r"(first_?name|given_?name|fore_?name|fname)", {"text"}, "First Name", {}, 0.95),
    (_P + r"(last_?name|sur_?name|family_?name|lname)", {"text"}, "Last Name", {}, 0.95),
    (_P + r"middle_?name", {"text"}, "Middle Name", {}, 0.9),
    (_P + r"(full_?name|person_?name|contact_?name|customer_?name|display_?name)", {"text"}, "Full Name", {}, 0.9),
    (_P + r"(user_?name|login|handle|screen_?name|nick_?name)", {"text"}, "Username", {}, 0.85),
    (_P + r"(password_?hash|pass_?hash|pwd_?hash|hashed_?password)", {"text"}, "Password Hash", {}, 0.85),
    (_P + r"(password|passwd|pwd)", {"text"}, "Password", {}, 0.8),
    (_P + r"(phone|phone_?number|mobile|cell|telephone|tel|fax)(_number|_no)?", {"text"}, "Phone", {}, 0.9),
    (_P + r"(address_?2|address_?line_?2|secondary_?address|apartment|suite)", {"text"}, "Secondary Address", {}, 0.8),
    (_P + r"(street|street_?address|address|address_?1|address_?line_?1|addr)", {"text"}, "Street Address", {}, 0.85),
    (_P + r"(city|town|municipality)(_name)?", {"text"}, "City", {}, 0.9),
    (_P + r"(state_?code|state_?abbr|state_?abbreviation)", {"text"}, "State Abbreviation", {}, 0.85),
    (_P + r"(state|province|region)(_name)?", {"text"}, "State", {}, 0.75),
    (_P + r"county", {"text"}, "County", {}, 0.8),
    (_P + r"(zip|zip_?code|postal_?code|post_?code|zipcode|postcode)", {"text"}, "Postal Code", {}, 0.9),
    (_P + r"(country_?code|country_?iso|iso_?country|iso2)", {"text"}, "Country Code", {}, 0.85),
    (_P + r"country(_name)?", {"text"}, "Country", {}, 0.9),
    (_P + r"(lat|latitude)", {"decimal", "float"}, "Latitude", {}, 0.85),
    (_P + r"(lng|lon|long|longitude)", {"decimal", "float"}, "Longitude", {}, 0.85),
    (_P + r"(time_?zone|tz)", {"text"}, "Time Zone", {}, 0.8),
    (_P + r"(company|company_?name|organization|organisation|employer|supplier|vendor|manufacturer|publisher"
     r"|business_?name)(_name)?", {"text"}, "Company Name", {}, 0.8),
    (_P + r"(job_?title|occupation|position|job)", {"text"}, "Job Title", {}, 0.8),
    (_P + r"department(_name)?", {"text"}, "Department (Corporate)", {}, 0.7),
    (_P + r"industry", {"text"}, "Industry", {}, 0.75),
    (_P + r"(url|website|web_?site|homepage|link)", {"text"}, "URL", {}, 0.85),
    (_P + r"(avatar|photo|picture|image|thumbnail)(_?url)?", {"text"}, "Avatar", {}, 0.7),
    (_P + r"(domain|domain_?name|hostname)", {"text"}, "Domain Name", {}, 0.8),
    (_P + r"user_?agent", {"text"}, "User Agent", {}, 0.9),
    (_P + r"(uuid|guid)", {"text", "uuid"}, "UUID", {}, 0.95),
    (_P + r"md5", {"text"}, "MD5", {}, 0.9),
    (_P + r"sha_?1", {"text"}, "SHA1", {}, 0.9),
    (_P + r"(sha_?256|checksum|hash)", {"text"}, "SHA256", {}, 0.7),
    (_P + r"isbn(_?13)?", {"text"}, "ISBN", {}, 0.9),
    (_P + r"(ean|barcode|upc)", {"text"}, "EAN", {}, 0.75),
    (_P + r"(ssn|social_?security(_number)?)", {"text"}, "SSN", {}, 0.9),
    (_P + r"iban", {"text"}, "IBAN", {}, 0.95),
    (_P + r"(bic|swift|swift_?code)", {"text"}, "BIC", {}, 0.85),
    (_P + r"(credit_?card|card_?number|cc_?number|pan)", {"text"}, "Credit Card Number", {}, 0.85),
    (_P + r"(cvv|cvc|security_?code)", {"text"}, "CVV", {}, 0.8),
    (_P + r"(gender|sex)", {"text"}, "Gender", {}, 0.85),
    (_P + r"(salutation|honorific|name_?prefix)", {"text"}, "Title", {}, 0.75),
    (_P + r"(marital_?status)", {"text"}, "Marital Status", {}, 0.85),
    (_P + r"(colou?r)(_name)?", {"text"}, "Color", {}, 0.8),
    (_P + r"(file_?name|filename)", {"text"}, "File Name", {}, 0.85),
    (_P + r"(mime_?type|content_?type|media_?type)", {"text"}, "MIME Type", {}, 0.85),
    (_P + r"(file_?path|path)", {"text"}, "File Path", {}, 0.7),
    (_P + r"(birth_?date|date_?of_?birth|dob|birthday|born(_on)?)", {"date", "datetime"}, "Date",
     {"start_date": "1940-01-01", "end_date": "2006-12-31"}, 0.9),
    (_P + r"(description|comments?|notes?|bio|biography|summary|body|content|message|review|remarks|details"
     r"|text|about)", {"text"}, "Lorem Ipsum", {"lorem_ipsum_unit": "sentences", "min": 1, "max": 3}, 0.7),
    (_P + r"(is|has|can|should|was|allow|allows)_.+|.+_flag|active|enabled|disabled|deleted|verified|visible"
     r"|published|archived|approved|confirmed|available|in_?stock", {"bool", "int", "text"}, "Boolean", {}, 0.85),
    (_P + r"(price|cost|amount|total|subtotal|balance|salary|wage|fee|fees|payment|tax|discount|revenue|budget"
     r"|charge|refund|income|spend|rate)", {"decimal", "float"}, "Money", {"min": 1, "max": 500}, 0.85),
    (_P + r"(price|cost|amount|total|balance|salary|fee|payment)", {"int"}, "Number", {"min": 1, "max": 1000}, 0.7),
    (_P + r"(quantity|qty|units|stock|count|num_.+|number_of_.+|.+_count)", {"int"}, "Number",
     {"min": 1, "max": 20}, 0.8),
    (_P + r"age", {"int"}, "Number", {"min": 18, "max": 90}, 0.8),
    (_P + r"(year|yr)", {"int"}, "Number", {"min": 1960, "max": 2025}, 0.8),
    (_P + r"(rating|score|stars)", {"int"}, "Number", {"min": 1, "max": 5}, 0.75),
    (_P + r"(rating|score)", {"decimal", "float"}, "Number", {"min": 1, "max": 5, "decimals": 1}, 0.7),
    (_P + r"(percent|percentage|pct|ratio)", {"int", "decimal", "float"}, "Number", {"min": 0, "max": 100}, 0.7),
    (_P + r"(length|duration|minutes|runtime|milliseconds|seconds)", {"int"}, "Number", {"min": 1, "max": 300}, 0.6),
    (_P + r"port", {"int"}, "Port", {}, 0.8),
    (_P + r"(http_?status|status_?code)", {"int"}, "HTTP Status Code", {}, 0.75),
    (_P + r"(sku|product_?code|item_?code)", {"text"}, "Character Sequence", {"format": "SKU-^^^-#####"}, 0.8),
    (_P + r"(token|api_?key|secret|nonce)", {"text"}, "Character Sequence", {"format": "*" * 32}, 0.7),
    (_P + r"(code|reference|ref|serial|serial_?number|slug|identifier)", {"text"}, "Character Sequence",
     {"format": "^^^-####"}, 0.6),
    (_P + r"status", {"text"}, "Custom List", {"values": ["active", "inactive", "pending"],
                                               "weights": [70, 20, 10]}, 0.5),
    (_P + r"(currency|currency_?code)", {"text"}, "Custom List", {"values": ["USD", "EUR", "GBP", "JPY", "CAD"]}, 0.7),
    (_P + r"(language|lang)(_name)?", {"text"}, "Custom List",
     {"values": ["English", "Spanish", "French", "German", "Italian", "Japanese", "Mandarin"]}, 0.6),
    (_P + r"(created|inserted|registered|signed_?up|joined|opened|ordered|placed|purchased|published|started"
     r"|start|issued|requested|booked|admitted|hired|enrolled)(_at|_on|_date|_time|_ts)?", {"date", "datetime"},
     "Datetime", {"start_date": "2020-01-01", "end_date": "2025-12-31"}, 0.85),
    (_P + r"(updated|modified|changed|last_?update|last_?modified|edited)(_at|_on|_date|_time|_ts)?",
     {"date", "datetime"}, "Datetime", {"start_date": "2020-01-01", "end_date": "2025-12-31"}, 0.8),
]
# A shorter generator for the same meaning, tried when values do not fit VARCHAR(n) (state CHAR(2) -> NY).
_SHORT_FORMS = {"State": "State Abbreviation", "Country": "Country Code", "Gender": "Gender Abbreviation",
                "Full Name": "Last Name", "Street Address": "Street Name", "Middle Name": "Middle Initial"}
_PEOPLE = re.compile(r"(customer|client|user|person|people|employee|staff|patient|doctor|physician|nurse|author"
                     r"|artist|member|contact|student|teacher|actor|driver|owner|manager|guest|player|writer)")
_COMPANIES = re.compile(r"(compan|supplier|vendor|publisher|manufacturer|organi[sz]ation|brand|store|shop|bank)")


def _resolvable(generator: str) -> bool:
    from synthdb.generators.registry import REGISTRY, UnknownGenerator

    try:
        REGISTRY.resolve(generator)
    except UnknownGenerator:
        return False
    return True


@functools.lru_cache(maxsize=512)
def _longest(generator: str, params: str) -> int:
    """The longest value (in characters) a generator gives over a few thousand rows."""
    import pyarrow.compute as pc

    from synthdb.python_api import to_tables

    field = {"name": "v", "generator": generator, **json.loads(params)}
    definition = {"name": "probe", "entities": [{"name": "t", "record_count": _PROBE_ROWS, "fields": [field]}]}
    values = to_tables(definition)["t"].column("v").cast("string")
    longest = pc.max(pc.utf8_length(values)).as_py()
    return int(longest or 0)


def fits(generator: str, params: dict[str, Any], length: int | None) -> bool:
    """True when the generator's values fit VARCHAR(length) (always, when there is no length)."""
    if length is None:
        return True
    return _longest(generator, json.dumps(params, sort_keys=True)) <= length


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


def _by_table(name: str, table: str, cls: str) -> Guess | None:
    """A bare `name`/`title` column: a person's name, a company's, or a few words, by the table it is in."""
    table_norm = normalize(table)
    if name == "name" and cls == "text":
        if _PEOPLE.search(table_norm):
            return Guess("Full Name", {}, 0.7, f"'name' in a table of people ({table})")
        if _COMPANIES.search(table_norm):
            return Guess("Company Name", {}, 0.7, f"'name' in a table of organisations ({table})")
        if "cit" in table_norm:
            return Guess("City", {}, 0.6, f"'name' in a table of cities ({table})")
        if "countr" in table_norm:
            return Guess("Country", {}, 0.6, f"'name' in a table of countries ({table})")
    if name == "title" and cls == "text" and re.search(r"(employee|staff|job|position)", table_norm):
        return Guess("Job Title", {}, 0.7, f"'title' in a table of staff ({table})")
    return None


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


def guess(column: Column, table: str, *, unique: bool = False) -> Guess:
    """The generator for a column that is not a key: by name, then by type."""
    cls = type_class(column.kind)
    length = text_length(column.kind)
    if column.enum_values:
        return Guess("Custom List", {"values": list(column.enum_values)}, 0.99, "enumerated type")
    name = normalize(column.name)
    found = _by_table(name, table, cls)
    if found is None:
        for pattern, classes, generator, params, confidence in RULES:
            if cls in classes and re.fullmatch(pattern, name) and _resolvable(generator):
                if cls == "date" and generator == "Datetime":
                    generator = "Date"
                found = Guess(generator, dict(params), confidence, f"name '{column.name}' ({cls})")
                break
    if found is not None and cls == "text" and not fits(found.generator, found.params, length):
        short = _SHORT_FORMS.get(found.generator)
        if short is not None and _resolvable(short) and fits(short, {}, length):
            return Guess(short, {}, found.confidence * 0.9, f"{found.reason}; short form for {column.data_type}")
        found = Guess(found.generator, found.params, 0.0, f"{found.generator} values do not fit {column.data_type}")
        return _shorter(found, length, unique)
    return clip(found if found is not None else by_type(column, length, unique), column)


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
    values = list(parsed.enum_values) if parsed is not None and parsed.sql.this == T.ENUM else None
    return guess(Column(name, data_type, kind, enum_values=values), table)
