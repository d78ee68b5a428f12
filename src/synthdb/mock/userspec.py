"""A user's OpenAPI 3.0/3.1 document for `synthdb mock --openapi`: read, checked by openapi-spec-validator,
and turned into JSON Schema validators (openapi-schema-validator) for parts of it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from synthdb.errors import DefinitionError

SPEC_URI = "urn:synthdb:user-spec"


class SpecError(DefinitionError):
    """The OpenAPI file is unreadable or invalid; `path` is the JSON path of the fault."""


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) to the parts."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _refs(node: Any, where: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for name, value in node.items():
            if name == "$ref" and isinstance(value, str):
                yield where, value
            else:
                # The same notation as openapi-spec-validator's paths: $.paths['/a'].get
                yield from _refs(value, f"{where}.{name}" if str(name).isidentifier() else f"{where}['{name}']")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{where}[{index}]")


@dataclass
class UserSpec:
    """A valid OpenAPI document and its version family ("3.0" or "3.1")."""

    document: dict[str, Any]
    version: str
    source: str
    _validators: dict[tuple[str, bool], Any] = field(default_factory=dict)

    def resolve(self, node: Any, depth: int = 0) -> Any:
        """`node` with its own `$ref` (local, to this document) followed; nested refs stay."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 50:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node, depth = target, depth + 1
        return node

    def validator(self, location: str, reading: bool) -> Any:
        """A JSON Schema validator of the schema at JSON pointer `location` (refs resolve in the document);
        `reading`: a response (readOnly allowed, writeOnly not), else a request."""
        cached = self._validators.get((location, reading))
        if cached is None:
            cached = self._validators[(location, reading)] = self._make_validator(location, reading)
        return cached

    def _make_validator(self, location: str, reading: bool) -> Any:
        from openapi_schema_validator import (
            OAS30ReadValidator,
            OAS30WriteValidator,
            OAS31Validator,
            oas30_format_checker,
            oas31_format_checker,
        )
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4, DRAFT202012

        spec = DRAFT4 if self.version == "3.0" else DRAFT202012
        registry: Any = Registry().with_resource(SPEC_URI, Resource.from_contents(self.document,
                                                                                  default_specification=spec))
        schema = {"$ref": f"{SPEC_URI}#{location}"}
        if self.version == "3.0":
            cls = OAS30ReadValidator if reading else OAS30WriteValidator
            return cls(schema, registry=registry, format_checker=oas30_format_checker)
        return OAS31Validator(schema, registry=registry, format_checker=oas31_format_checker)


def load_spec(path: Path) -> UserSpec:
    """Read and validate the OpenAPI file at `path`; SpecError names the file and the JSON path at fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError("", f"cannot read the OpenAPI file ({exc.strerror or exc})", str(path)) from None
    try:
        document = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise SpecError("", f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: "
                        f"{' '.join(str(exc).split())}", str(path)) from None
    if not isinstance(document, dict):
        raise SpecError("$", "an OpenAPI document is an object", str(path))
    # YAML reads `200:` as an integer and dates as dates; JSON pointers and validators want JSON.
    document = json.loads(json.dumps(document, default=str))
    version = str(document.get("openapi", ""))
    if not version.startswith(("3.0.", "3.1.")):
        raise SpecError("$.openapi", f"expected an OpenAPI 3.0.x or 3.1.x document, got {version or 'nothing'!r}",
                        str(path))
    for where, ref in _refs(document):
        if not ref.startswith("#/"):
            raise SpecError(where, f"$ref {ref!r}: only references inside the document (#/...) are supported",
                            str(path))
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    checker = OpenAPIV30SpecValidator if version.startswith("3.0.") else OpenAPIV31SpecValidator
    for error in checker(document).iter_errors():
        where = getattr(error, "json_path", "") or "$"
        # The validator appends the failing meta-schema rule after a blank line: the first part says it.
        raise SpecError(where, " ".join(str(error.message).split("\n\n")[0].split())[:400], str(path))
    return UserSpec(document, version[:3], str(path))
