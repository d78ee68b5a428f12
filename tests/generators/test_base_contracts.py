"""The generator contracts: the base is generic over its parameter class; foreign-key hooks live on
ReferenceGenerator only."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args, get_origin

import pytest

from synthdb.definition.model import Database, Entity, Field
from synthdb.generators.base import Generator, NoParams, ReferenceGenerator, as_reference, drives_row_count
from synthdb.generators.registry import REGISTRY

_HOOKS = ("drives_row_count", "children_per_parent", "pick_parents", "driving_parent")


def _declared_params(cls: type) -> list[type]:
    """The parameter classes a class names in its generic bases (`Generator[X]`, `ReferenceGenerator[X]`)."""
    found = []
    for base in cls.__dict__.get("__orig_bases__", ()):
        origin = get_origin(base)
        if isinstance(origin, type) and issubclass(origin, Generator):
            found += [arg for arg in get_args(base) if isinstance(arg, type) and arg is not Any]
    return found


def test_the_plain_base_has_no_foreign_key_hooks() -> None:
    for hook in _HOOKS:
        assert not hasattr(Generator, hook), hook
        assert hasattr(ReferenceGenerator, hook), hook
    assert Generator.Params is NoParams
    assert not Generator.declares_foreign_key and ReferenceGenerator.declares_foreign_key


def test_only_foreign_key_is_a_reference_generator() -> None:
    references = sorted(c.display_name for c in REGISTRY.all() if issubclass(c, ReferenceGenerator))
    assert references == ["Foreign Key"]


def _typed_by(cls: type) -> type | None:
    """The parameter class named by the nearest generic base in the MRO, if any."""
    for klass in cls.__mro__:
        declared = _declared_params(klass)
        if declared:
            return declared[0]
    return None


TYPED = [c for c in REGISTRY.all() if _typed_by(c) is not None]


@pytest.mark.parametrize("cls", TYPED, ids=lambda c: c.key)
def test_the_generic_argument_is_the_params_class(cls: type[Generator]) -> None:
    """`class X(Generator[XParams])` must also say `Params = XParams` (or a subclass): the engine validates
    with Params, the type checker trusts the argument."""
    declared = _typed_by(cls)
    assert declared is not None and issubclass(cls.Params, declared)


def test_most_catalog_classes_type_their_params_through_the_base() -> None:
    assert len(TYPED) >= 0.8 * len(REGISTRY.all())


def test_reference_helpers_refuse_plain_generators() -> None:
    generator = _built("Number")
    assert not drives_row_count(generator)
    with pytest.raises(TypeError, match="does not refer to another table"):
        as_reference(generator)


def _built(name: str, locale: str = "en_US") -> Generator:
    """A generator of `name` for field `value` of an entity that also has a First Name and a typo'd field."""
    cls = REGISTRY.resolve(name)
    fields = [Field(name="value", generator=name), Field(name="first", generator="First Name"),
              Field(name="odd", generator="No Such Generator")]
    entity = Entity(name="t", fields=fields)
    database = Database(entities=[entity], locale=locale)
    return cls(cls.Params(), fields[0], entity, database)


def test_siblings_look_up_the_entity_fields_and_their_generators() -> None:
    generator = _built("Number", locale="de_DE")
    siblings = generator.siblings
    assert siblings.locale == "de_DE"
    assert siblings.names(other_than="value") == ["first", "odd"]
    first = siblings.field("first")
    assert first is not None and siblings.generator_of(first) is REGISTRY.resolve("First Name")
    odd = siblings.field("odd")
    assert odd is not None and siblings.generator_of(odd) is None  # the planner reports it, not the view
    assert siblings.field("missing") is None


def test_only_generators_reading_other_tables_touch_the_whole_definition() -> None:
    """`Generator.database` is for catalog/relational/ and for building nested generators in the same
    context; every other catalog module reads its entity through `siblings`."""
    from synthdb.generators import catalog

    root = Path(catalog.__file__).parent
    allowed = {"relational/calculated.py", "relational/relations.py", "relational/sql_expression.py",
               "data_types/structured.py", "identity/national_id.py"}
    users = {p.relative_to(root).as_posix() for p in root.rglob("*.py") if ".database" in p.read_text()}
    assert users <= allowed, sorted(users - allowed)
