"""The database designer: tables in a sidebar, the selected table's columns as a grid, the column editor
(generator picker and parameter form), table settings; every change saved through the API's validator."""

from __future__ import annotations

import copy
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from synthdb.api.auth import Principal
from synthdb.api.names import name_problem
from synthdb.api.state import state_of
from synthdb.web import picker
from synthdb.web.definitions import Problem, entity_index, load, save
from synthdb.web.edits import (
    grid_columns,
    located,
    named_parameter,
    new_table,
    parameters,
    rename_table,
    static_table,
    variables_from,
    with_generator,
)
from synthdb.web.params import ParamError, ParamInput, inputs_of, values_from
from synthdb.web.render import render
from synthdb.web.session import Edit, Page

router = APIRouter()
# Parameters naming another table or column are chosen from the definition's own tables and columns.
TABLE_PARAMS = ("primary_key_entity", "child_entity")
COLUMN_PARAMS = ("primary_key_field",)


def table_url(database: str, table: str, column: int | None = None, generator: str = "") -> str:
    """The designer page of one table (with the column editor open on `column`)."""
    url = f"/databases/{quote(database)}/tables/{quote(table)}"
    query = []
    if column is not None:
        query.append(f"column={column}")
    if generator:
        query.append(f"generator={quote(generator)}")
    return url + ("?" + "&".join(query) if query else "") + ("#editor" if column is not None else "")


def done(database: str, table: str, column: int | None = None) -> Response:
    # Post/redirect/get: htmx follows the redirect and swaps the designer region of the page it gets.
    return RedirectResponse(table_url(database, table, column), status_code=303)


def _errors_of(problem: Problem, tindex: int, column: int | None = None,
               param_names: list[str] | None = None) -> tuple[dict[str, str], str]:
    """Input names to mark invalid (with the message) for a refused change, and the page-level message."""
    entity, fld, attribute = located(problem.path)
    message = str(problem)
    if entity != tindex:
        return {}, message
    if fld is None:
        return ({f"t_{attribute}": message} if attribute else {}), message
    if param_names is not None and fld == column:
        name = attribute if attribute in param_names else named_parameter(problem.message, param_names)
        return ({f"p_{name}": message} if name else {}), message
    return {f"c{fld}_{attribute or 'name'}": message}, message


def _editor(data: dict[str, Any], fields: list[dict[str, Any]], column: int, generator: str,
            form: dict[str, str] | None = None) -> dict[str, Any] | None:
    """The column editor's content: the generator (chosen or current), its description and parameter inputs."""
    if not 0 <= column < len(fields):
        return None
    fld = fields[column]
    chosen = generator or str(fld.get("generator", ""))
    cls = picker.resolve(chosen)
    inputs: list[ParamInput] = []
    if cls is not None:
        same = picker.resolve(str(fld.get("generator", ""))) is cls
        inputs = inputs_of(cls, parameters(fld) if same else {})
        if form is not None:
            for item in inputs:
                if item.kind == "boolean":
                    item.checked = bool(form.get(item.input_name))
                else:
                    item.value = form.get(item.input_name, "")
    tables = [e["name"] for e in data.get("entities", [])]
    columns = {e["name"]: [f["name"] for f in e.get("fields", [])] for e in data.get("entities", [])}
    return {"index": column, "field": fld, "generator": chosen, "choice": picker.choice(cls) if cls else None,
            "inputs": inputs, "tables": tables, "columns": columns,
            "table_params": TABLE_PARAMS, "column_params": COLUMN_PARAMS}


def designer(request: Request, principal: Principal, database: str, data: dict[str, Any], table: str | None,
             *, entity: dict[str, Any] | None = None, fields: list[dict[str, Any]] | None = None,
             column: int | None = None, generator: str = "", form: dict[str, str] | None = None,
             errors: dict[str, str] | None = None, error: str = "", status: int = 200) -> Response:
    """The designer page; `entity`/`fields`/`form` hold a refused change's values so the user can fix them."""
    tables = [e["name"] for e in data.get("entities", [])]
    tindex = tables.index(table) if table in tables else None
    stored = data["entities"][tindex] if tindex is not None else None
    entity = entity or stored
    fields = fields if fields is not None else (entity or {}).get("fields", [])
    editor = _editor(data, fields, column, generator, form) if column is not None and entity else None
    query = request.query_params.get("q", "")
    category = request.query_params.get("category", "")
    choices, matched = picker.search(query, category) if editor else ([], 0)
    return render(request, "designer.html", principal, status=status, active="designer", db=database,
                  data=data, tables=tables, table=table, tindex=tindex, entity=entity, fields=fields,
                  editor=editor, errors=errors or {}, problem=error, choices=choices, matched=matched,
                  stored_count=len((stored or {}).get("fields", [])),
                  query=query, category=category, categories=picker.categories(),
                  table_url=table_url)


@router.get("/databases/{database}")
def designer_home(database: str, request: Request, principal: Page) -> Response:
    """The designer on the first table."""
    data = load(request, principal, database)
    entities = data.get("entities", [])
    if entities:
        return RedirectResponse(table_url(database, entities[0]["name"]), status_code=303)
    return designer(request, principal, database, data, None)


@router.get("/databases/{database}/tables/{table}")
def designer_table(database: str, table: str, request: Request, principal: Page,
                   column: int | None = None, generator: str = "") -> Response:
    """One table's grid, with the column editor open on `column` (trying `generator` when given)."""
    data = load(request, principal, database)
    entity_index(data, table)
    return designer(request, principal, database, data, table, column=column, generator=generator)


@router.post("/databases/{database}/tables")
def add_table(database: str, request: Request, principal: Edit, name: Annotated[str, Form()] = "") -> Response:
    """A new table with a key column."""
    data = load(request, principal, database)
    name = name.strip()
    current = data["entities"][0]["name"] if data.get("entities") else None
    problem = name_problem(name)
    if not problem and any(e["name"] == name for e in data.get("entities", [])):
        problem = f"a table called '{name}' already exists"
    if problem:
        return designer(request, principal, database, data, current, status=400,
                        errors={"new_table": f"name: {problem}"}, error=f"name: {problem}")
    data.setdefault("entities", []).append(new_table(name))
    if refused := save(request, principal, data):
        return designer(request, principal, database, load(request, principal, database), current,
                        status=400, error=str(refused), errors={"new_table": str(refused)})
    return done(database, name)


@router.post("/databases/{database}/tables/{table}/settings")
async def table_settings(database: str, table: str, request: Request, principal: Edit) -> Response:
    """Rename the table (references follow), its record count expression and export flag."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    data = load(request, principal, database)
    index = entity_index(data, table)
    before = copy.deepcopy(data)
    entity = data["entities"][index]
    name = form.get("name", table).strip()
    if name != table:
        if problem := name_problem(name):
            return designer(request, principal, database, before, table, entity={**entity, "name": name},
                            status=400, errors={"t_name": f"name: {problem}"}, error=f"name: {problem}")
        rename_table(data, table, name)
    entity["record_count"] = form.get("record_count", "").strip() or "100"
    entity["export"] = bool(form.get("export"))
    if entity["export"]:
        entity.pop("export")
    if refused := save(request, principal, data):
        errors, message = _errors_of(refused, index)
        return designer(request, principal, database, before, table, entity=entity, status=400,
                        errors=errors, error=message)
    return done(database, name)


@router.post("/databases/{database}/variables")
async def save_variables(database: str, request: Request, principal: Edit) -> Response:
    """Variables' values (used by record count expressions), a new one, removals."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    data = load(request, principal, database)
    before = copy.deepcopy(data)
    table = form.get("table") or None
    variables = variables_from(data.get("variables") or {}, form)
    if isinstance(variables, str):
        return designer(request, principal, database, before, table, status=400, error=variables,
                        errors={"var_new_name": variables})
    data["variables"] = variables
    if refused := save(request, principal, data):
        return designer(request, principal, database, before, table, status=400, error=str(refused))
    return done(database, table) if table else RedirectResponse(f"/databases/{quote(database)}", status_code=303)


@router.post("/databases/{database}/tables/{table}/static")
def attach_csv(database: str, table: str, request: Request, principal: Edit,
               file: Annotated[UploadFile, File()]) -> Response:
    """Make the table static: its rows are the uploaded CSV's records, one Source File column per header."""
    data = load(request, principal, database)
    index = entity_index(data, table)
    before = copy.deepcopy(data)
    limit = state_of(request).settings.max_upload_bytes
    raw = file.file.read(limit + 1)
    problem = ""
    if len(raw) > limit:
        problem = f"entities[{index}].source: the CSV is larger than the {limit:,}-byte upload limit"
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problem = f"entities[{index}].source: the CSV is not UTF-8 text (byte {exc.start})"
    if problem:
        return designer(request, principal, database, before, table, status=400, error=problem,
                        errors={"t_source": problem})
    data["entities"][index] = static_table(data["entities"][index], text, file.filename or f"{table}.csv")
    if refused := save(request, principal, data):
        return designer(request, principal, database, before, table, status=400, error=str(refused),
                        errors={"t_source": str(refused)})
    return done(database, table)


@router.post("/databases/{database}/tables/{table}/delete")
def delete_table(database: str, table: str, request: Request, principal: Edit) -> Response:
    """Remove the table (refused, naming the column, while another table's foreign key points at it)."""
    data = load(request, principal, database)
    index = entity_index(data, table)
    del data["entities"][index]
    if refused := save(request, principal, data):
        return designer(request, principal, database, load(request, principal, database), table, status=400,
                        error=f"cannot delete '{table}': {refused}")
    remaining = data["entities"]
    if not remaining:
        return RedirectResponse(f"/databases/{quote(database)}", status_code=303)
    return done(database, remaining[max(0, index - 1)]["name"])


@router.post("/databases/{database}/tables/{table}/columns")
async def save_grid(database: str, table: str, request: Request, principal: Edit) -> Response:
    """The grid's names, data types, null percentages and key flags."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    data = load(request, principal, database)
    index = entity_index(data, table)
    before = copy.deepcopy(data)
    fields = grid_columns(data["entities"][index].get("fields", []), form)
    data["entities"][index]["fields"] = fields
    if refused := save(request, principal, data):
        errors, message = _errors_of(refused, index)
        return designer(request, principal, database, before, table, fields=fields, status=400,
                        errors=errors, error=message)
    return done(database, table)


@router.post("/databases/{database}/tables/{table}/columns/add")
def add_column(database: str, table: str, request: Request, principal: Edit,
               name: Annotated[str, Form()] = "", data_type: Annotated[str, Form()] = "",
               generator: Annotated[str, Form()] = "") -> Response:
    """A new column; the column editor opens on it to choose the generator's parameters."""
    data = load(request, principal, database)
    index = entity_index(data, table)
    before = copy.deepcopy(data)
    fields = data["entities"][index].setdefault("fields", [])
    column: dict[str, Any] = {"name": name.strip(), "generator": generator.strip() or "Number"}
    if data_type.strip():
        column["data_type"] = data_type.strip()
    fields.append(column)
    if refused := save(request, principal, data):
        _, message = _errors_of(refused, index)
        # A generator needing parameters (a foreign key's table): open the editor on the unsaved column.
        entity, fld, attribute = located(refused.path)
        if entity == index and fld == len(fields) - 1 and attribute not in (None, "name", "data_type", "generator"):
            return designer(request, principal, database, before, table, fields=fields, column=fld, status=400,
                            errors=_errors_of(refused, index, fld, [attribute or ""])[0], error=message)
        new_errors = {f"new_{attribute}": message} if attribute in ("name", "data_type", "generator") else {}
        return designer(request, principal, database, before, table, status=400,
                        errors=new_errors or {"new_name": message}, error=message)
    return done(database, table, len(fields) - 1)


@router.post("/databases/{database}/tables/{table}/columns/{column}/delete")
def delete_column(database: str, table: str, column: int, request: Request, principal: Edit) -> Response:
    """Remove one column (refused, naming what still uses it)."""
    data = load(request, principal, database)
    index = entity_index(data, table)
    before = copy.deepcopy(data)
    fields = data["entities"][index].get("fields", [])
    if 0 <= column < len(fields):
        del fields[column]
    if refused := save(request, principal, data):
        return designer(request, principal, database, before, table, status=400, error=str(refused))
    return done(database, table)


@router.post("/databases/{database}/tables/{table}/columns/{column}/generator")
async def set_generator(database: str, table: str, column: int, request: Request, principal: Edit) -> Response:
    """The column editor's save: the generator and its parameters, checked by the CLI's validator."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    data = load(request, principal, database)
    index = entity_index(data, table)
    before = copy.deepcopy(data)
    fields = data["entities"][index].get("fields", [])
    pending = form.get("pending_name")
    if pending and column == len(fields):
        # The column being added (its first save was refused): it is created by this save.
        fields.append({"name": pending, **({"data_type": form["pending_type"]} if form.get("pending_type") else {})})
    if not 0 <= column < len(fields):
        return done(database, table)
    generator = form.get("generator", "").strip()
    cls = picker.resolve(generator)
    if cls is None:
        message = f"entities[{index}].fields[{column}].generator: unknown generator '{generator}'"
        return designer(request, principal, database, before, table, fields=fields, column=column,
                        generator=generator, form=form, status=400, error=message)
    inputs = inputs_of(cls)
    try:
        params = values_from(inputs, form)
    except ParamError as exc:
        message = f"entities[{index}].fields[{column}].{exc.name}: {exc}"
        return designer(request, principal, database, before, table, fields=fields, column=column,
                        generator=generator, form=form, status=400, errors={f"p_{exc.name}": message},
                        error=message)
    fields[column] = with_generator(fields[column], cls.display_name, params)
    if refused := save(request, principal, data):
        errors, message = _errors_of(refused, index, column, [i.name for i in inputs])
        return designer(request, principal, database, before, table, fields=fields, column=column,
                        generator=generator, form=form, status=400, errors=errors, error=message)
    return done(database, table, column)


@router.get("/databases/{database}/picker")
def picker_results(database: str, request: Request, principal: Page, table: str, column: int,
                   q: str = "", category: str = "") -> Response:
    """The picker's matches (an htmx fragment as the search box is typed in)."""
    choices, matched = picker.search(q, category)
    return render(request, "_picker_results.html", principal, db=database, table=table, column=column,
                  choices=choices, matched=matched, query=q, table_url=table_url)
