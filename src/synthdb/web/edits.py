"""The designer's edits as functions on a definition's plain data (tables, columns, settings): no IO."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from synthdb.definition.model import Field, csv_header

# A column's own attributes (the grid and the column editor keep them; everything else is a generator parameter).
COLUMN_ATTRIBUTES = tuple(Field.model_fields)
GRID_FLAGS = ("primary_key", "unique", "virtual")
_PATH = re.compile(r"^entities\[(\d+)\](?:\.fields\[(\d+)\])?(?:\.([A-Za-z_]\w*))?")


def new_table(name: str) -> dict[str, Any]:
    """A table holding one key column, so the grid and the preview show something at once."""
    return {"name": name, "record_count": "100",
            "fields": [{"name": "id", "data_type": "integer", "generator": "Number", "primary_key": True}]}


def rename_table(data: dict[str, Any], old: str, new: str) -> None:
    """Rename a table and every reference to it (foreign keys, child/parent parameters, unique_records_for)."""
    for entity in data.get("entities", []):
        if entity.get("name") == old:
            entity["name"] = new
        if entity.get("unique_records_for") == old:
            entity["unique_records_for"] = new
        for fld in entity.get("fields", []):
            for key in ("primary_key_entity", "child_entity", "entity"):
                if fld.get(key) == old:
                    fld[key] = new


def grid_columns(fields: list[dict[str, Any]], form: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The columns after a grid post: names, types, null % and flags from the form, parameters kept."""
    out = []
    for index, fld in enumerate(fields):
        fld = copy.deepcopy(fld)
        prefix = f"c{index}_"
        if prefix + "name" not in form:
            out.append(fld)
            continue
        fld["name"] = str(form.get(prefix + "name", "")).strip()
        data_type = str(form.get(prefix + "data_type", "")).strip()
        if data_type:
            fld["data_type"] = data_type
        else:
            fld.pop("data_type", None)
        fld["percent_null"] = _percent(str(form.get(prefix + "percent_null", "")).strip())
        if not fld["percent_null"]:
            fld.pop("percent_null")
        for flag in GRID_FLAGS:
            if form.get(prefix + flag):
                fld[flag] = True
            else:
                fld.pop(flag, None)
        out.append(fld)
    return out


def _percent(text: str) -> float | str:
    # Text that is not a number is passed on: the validator names the field and says what it expects.
    if not text:
        return 0
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def with_generator(fld: Mapping[str, Any], generator: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The column with another generator and parameters (its own attributes kept, the old parameters dropped)."""
    out = {k: v for k, v in fld.items() if k in COLUMN_ATTRIBUTES}
    out["generator"] = generator
    out.update(params)
    return out


def parameters(fld: Mapping[str, Any]) -> dict[str, Any]:
    """The generator parameters a column sets."""
    return {k: v for k, v in fld.items() if k not in COLUMN_ATTRIBUTES}


def located(path: str) -> tuple[int | None, int | None, str | None]:
    """(entity index, field index, attribute) named by a definition path, as far as it names them."""
    match = _PATH.match(path or "")
    if match is None:
        return None, None, None
    entity, fld, attribute = match.groups()
    return int(entity), (int(fld) if fld is not None else None), attribute


def named_parameter(message: str, names: list[str]) -> str | None:
    """The parameter a field-level message is about (`min (10.0) is greater than max (1.0)` names `min`)."""
    first = re.split(r"[\s:(]", message.strip(), maxsplit=1)[0].strip("'\"")
    return first if first in names else None


def scalar(text: str) -> Any:
    """A form's text as the number it spells, else the text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def variables_from(current: Mapping[str, Any], form: Mapping[str, Any]) -> dict[str, Any] | str:
    """The variables after the sidebar's form (values edited, ticked ones removed, a new one); or the problem."""
    out: dict[str, Any] = {}
    for index, name in enumerate(current):
        if form.get(f"var{index}_remove"):
            continue
        text = str(form.get(f"var{index}_value", current[name])).strip()
        out[name] = scalar(text) if text else current[name]
    new = str(form.get("var_new_name", "")).strip()
    if new:
        if not re.fullmatch(r"[A-Za-z_]\w*", new):
            return f"variables.{new}: a variable name is letters, digits and _ (not starting with a digit)"
        if new in out:
            return f"variables.{new}: there is already a variable called '{new}'"
        out[new] = scalar(str(form.get("var_new_value", "0")).strip() or "0")
    return out


def static_table(entity: Mapping[str, Any], text: str, filename: str) -> dict[str, Any]:
    """The table with its rows from CSV `text`: a Source File column per header (key flags of same-named
    columns kept), generated columns whose names the CSV lacks kept after them."""
    header = csv_header(text)
    old = {f["name"]: f for f in entity.get("fields", [])}
    fields = []
    for name in header:
        column: dict[str, Any] = {"name": name, "generator": "Source File"}
        for flag in ("primary_key", "unique"):
            if old.get(name, {}).get(flag):
                column[flag] = True
        fields.append(column)
    fields += [f for name, f in old.items() if name not in header and f.get("generator") != "Source File"]
    out = {k: v for k, v in entity.items() if k not in ("fields", "record_count")}
    out.update(is_static=True, source={"data": text, "filename": filename}, fields=fields)
    return out
