"""The datasets' field definitions, read from ``data/datapackage.json`` (the one place for types and enums).

Each :class:`Field` carries the Frictionless field built from the descriptor (``Field.check``): the loader hands
every cell to it, so types, ``required``, ``enum``, ``pattern``, ``minimum`` and ``maximum`` are checked by
Frictionless, from the descriptor, and by nothing written here. The book's own descriptor keys are read here too:
``x-date: partial`` (ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``x-list`` (a list separator), ``x-bib``
(references.bib keys) and ``x-parsed`` (a full date kept as text, parsed into that extra column). The data
appendix page is generated from the same descriptor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError
from .inputs import record_input
from .paths import data_dir

if TYPE_CHECKING:  # imported when a dataset is first read, not when the package is
    import frictionless

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Field:
    """One column of a dataset, as the descriptor defines it."""

    name: str
    type: str
    check: "frictionless.Field" = field(compare=False, repr=False)  # Frictionless's reader for this column
    description: str = ""
    required: bool = False
    partial_date: bool = False   # ISO YYYY, YYYY-MM or YYYY-MM-DD (x-date: partial)
    list_separator: str | None = None
    bib: bool = False            # holds references.bib keys
    parsed: str | None = None    # a full date kept as text, parsed into this extra column (x-parsed)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def enum(self) -> tuple:
        """The allowed values (empty when any value is allowed)."""
        return tuple(self.raw.get("constraints", {}).get("enum", ()))


@dataclass(frozen=True)
class Resource:
    """One dataset: its file, its fields in order and the descriptor's other properties."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")


def descriptor_path() -> Path:
    """``datapackage.json`` in the data folder in use (:func:`~moscow_pyongyang.data.paths.data_dir`)."""
    return data_dir() / DESCRIPTOR


def _frictionless_field(raw: dict, missing_values: list[str]) -> "frictionless.Field":
    # ``metadata_import`` builds the field without first validating the descriptor against the Table Schema
    # profile: that validation imports jsonschema, which costs about two seconds in every notebook kernel. The
    # descriptor as a whole is validated by Frictionless in the tests (tests/unit/test_data.py).
    import frictionless

    descriptor = dict(raw)
    descriptor.setdefault("missingValues", missing_values)
    cls = frictionless.Field.metadata_select_class(descriptor.get("type"))
    return cls.metadata_import(descriptor)


def _field(raw: dict, missing_values: list[str]) -> Field:
    constraints = raw.get("constraints", {})
    return Field(name=raw["name"], type=raw.get("type", "string"), check=_frictionless_field(raw, missing_values),
                 description=raw.get("description", ""), required=bool(constraints.get("required", False)),
                 partial_date=raw.get("x-date") == "partial", list_separator=raw.get("x-list"),
                 bib=bool(raw.get("x-bib", False)), parsed=raw.get("x-parsed"), raw=raw)


@lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(path, None, None, f"cannot read the data package descriptor: {exc}") from None


def package() -> dict:
    """The parsed descriptor (cached until the file changes)."""
    path = descriptor_path()
    record_input(path)
    if not path.exists():
        raise DataError(path, None, None, "file not found")
    return _read(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _resource(name: str, descriptor: Path, mtime_ns: int) -> Resource:
    for raw in package().get("resources", []):
        if raw.get("name") == name:
            schema = raw.get("schema", {})
            missing = schema.get("missingValues", [""])
            fields = tuple(_field(f, missing) for f in schema.get("fields", []))
            return Resource(name=name, path=raw.get("path", f"{name}.csv"), title=raw.get("title", name),
                            description=raw.get("description", ""), fields=fields, raw=raw)
    raise DataError(descriptor, None, None, f"no resource named {name!r} in the descriptor")


def resource(name: str) -> Resource:
    """The descriptor of dataset ``name`` (e.g. ``"events"``)."""
    path = descriptor_path()
    package()  # a missing or unreadable descriptor is reported before anything else
    return _resource(name, path, path.stat().st_mtime_ns)


def resources() -> list[Resource]:
    """Every dataset the descriptor describes, in its order."""
    return [resource(raw["name"]) for raw in package().get("resources", [])]


def enum(resource_name: str, field_name: str) -> tuple:
    """The allowed values of a field (e.g. ``enum("events", "category")``)."""
    return resource(resource_name).field(field_name).enum
