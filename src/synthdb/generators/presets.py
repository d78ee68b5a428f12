"""Presets: another generator's behaviour under its own name, with some parameter defaults changed.

Fabricate and Mockaroo name variants as generators of their own ("First Name (Male)", "City (US)",
"Image (binary)"). A preset is a registered subclass whose parameter class changes only those defaults,
so it keeps every check, parameter and coherence rule of its base and a user can still override them.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel, create_model

from synthdb.generators.base import Generator
from synthdb.generators.registry import register


def preset(base: type[Generator[Any]], display_name: str, key: str, description: str,
           aliases: tuple[str, ...] = (), **defaults: Any) -> type[Generator[Any]]:
    """Register `display_name` as `base` with `defaults` for some of its parameters."""
    params: type[BaseModel] = base.Params
    unknown = sorted(set(defaults) - set(params.model_fields))
    if unknown:
        raise TypeError(f"preset {display_name}: {base.display_name} has no parameter {', '.join(unknown)}")
    changed: dict[str, Any] = {name: (params.model_fields[name].annotation, value)
                               for name, value in defaults.items()}
    # The caller's module owns the preset, so the catalog index loads it by name like any generator.
    module = sys._getframe(1).f_globals["__name__"]
    new_params = create_model(f"{params.__name__}For{key.title().replace('_', '')}", __base__=params,
                              __module__=module, **changed)
    attributes = {"display_name": display_name, "key": key, "aliases": aliases, "description": description,
                  "Params": new_params, "__module__": module, "__doc__": f"{description} (a preset of {base.__name__})"}
    cls = type(key.title().replace("_", ""), (base,), attributes)
    return register(cls)
