"""Plan one table's columns: bind generators, derive streams, resolve dotted dependencies, order columns."""

from __future__ import annotations

from pydantic import ValidationError

from synthdb.definition.loader import format_path
from synthdb.definition.model import Database, Entity, Field
from synthdb.engine.ordering import CycleError, dependency_order
from synthdb.engine.plan import ColumnPlan, Related, TablePlan
from synthdb.engine.postprocess import referenced_by_postprocessing
from synthdb.errors import DefinitionError
from synthdb.generators.base import Generator, ParamError, ReferenceGenerator, drives_row_count, validated_params
from synthdb.generators.limits import check_parameter_sizes
from synthdb.generators.registry import REGISTRY, UnknownGenerator
from synthdb.randomness import Stream, derive_key


def plan_table(database: Database, entity: Entity, path: str, seed: int) -> TablePlan:
    """Columns of `entity` in generation order, with their generators and random streams."""
    columns: dict[str, ColumnPlan] = {}
    for f_index, fld in enumerate(entity.fields):
        fpath = f"{path}.fields[{f_index}]"
        generator = make_generator(database, entity, fld, fpath)
        key_seed = fld.seed if fld.seed is not None else entity.seed if entity.seed is not None else seed
        stream = Stream(derive_key(key_seed, entity.name, fld.name))
        group_seed = derive_key(key_seed, entity.name)
        columns[fld.name] = ColumnPlan(fld, fpath, generator, stream, stream.child("null"), group_seed)
        _check_field(fld, generator, fpath)
    related: dict[str, Related] = {}
    depends: dict[str, list[str]] = {}
    for name, column in columns.items():
        depends[name] = []
        for dep in [*column.generator.dependencies(), *referenced_by_postprocessing(column)]:
            if dep in columns:
                depends[name].append(dep)
                continue
            link = resolve_related(database, entity, columns, dep)
            if link is None:
                message = f"refers to field '{dep}', which entity '{entity.name}' lacks"
                raise DefinitionError(column.path, message)
            related[dep] = link
            depends[name].append(link.via)
    try:
        order = dependency_order(list(columns), depends)
    except CycleError as exc:
        raise DefinitionError(f"{path}.fields", f"fields depend on each other in a cycle: {exc}") from exc
    table = TablePlan(entity, path, {name: columns[name] for name in order}, related)
    drivers = [c for c in table.columns.values() if drives_row_count(c.generator)]
    if len(drivers) > 1:
        names = ", ".join(c.name for c in drivers)
        raise DefinitionError(path, f"only one foreign key may set children per parent, but {names} all do")
    table.driver = drivers[0] if drivers else None
    return table


def _check_field(fld: Field, generator: Generator, path: str) -> None:
    if fld.conditions:
        # Fabricate's field-level conditional weights have no public specification to match; refuse them
        # rather than guess, and point at the supported form (per-value conditions of a Custom List).
        raise DefinitionError(
            f"{path}.conditions",
            "field-level conditions are not supported; give a Custom List per-value weights that depend on "
            "other columns instead (values: [{value, weight, conditions: [{subset_field, operator, "
            "subset_value, weight}], default_weight}])",
        )
    if fld.primary_key and fld.percent_null:
        raise DefinitionError(f"{path}.percent_null", "a primary key cannot be null")
    if (fld.unique or fld.primary_key) and not generator.guarantees_unique():
        flag = "unique" if fld.unique else "primary_key"
        raise DefinitionError(
            f"{path}.{flag}",
            f"{generator.display_name} cannot guarantee distinct values here, which '{flag}' requires; "
            "use a generator that can (Number, UUID, Character Sequence, Email Address, Foreign Key with "
            "distribution none, ...)",
        )


def resolve_related(database: Database, entity: Entity, columns: dict[str, ColumnPlan], name: str) -> Related | None:
    """Resolve `fk_column.parent_field` or `parent_entity.parent_field` (through this table's one FK to it)."""
    head, dot, tail = name.partition(".")
    if not dot:
        return None
    via: ColumnPlan | None = columns.get(head)
    if via is not None and not isinstance(via.generator, ReferenceGenerator):
        return None
    if via is None:
        matching = [c for c in columns.values()
                    if isinstance(c.generator, ReferenceGenerator) and c.generator.references()[0][0] == head]
        if len(matching) != 1:
            return None
        via = matching[0]
    parent_name = via.generator.references()[0][0]
    parent = database.entity(parent_name)
    if parent is None or parent.field(tail) is None:
        return None
    return Related(name, via.name, parent_name, tail)


def make_generator(database: Database, entity: Entity, fld: Field, path: str) -> Generator:
    """Resolve the field's generator, validate its parameters and run its setup checks."""
    try:
        cls = REGISTRY.resolve(fld.generator)
    except UnknownGenerator as exc:
        raise DefinitionError(f"{path}.generator", str(exc)) from exc
    try:
        check_parameter_sizes(fld.params)
    except ParamError as exc:
        raise DefinitionError(f"{path}.{exc.param}", str(exc)) from exc
    try:
        params = validated_params(cls.Params, fld.params)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = format_path(tuple(first["loc"]))
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            message = f"{cls.display_name} needs '{where}'"
        raise DefinitionError(f"{path}.{where}" if where else path, message) from exc
    generator = cls(params, fld, entity, database)
    try:
        generator.setup()
    except ParamError as exc:
        raise DefinitionError(f"{path}.{exc.param}", str(exc)) from exc
    return generator
