"""The datasets' field definitions, read from ``data/datapackage.json`` (the one place for types and enums).

The loader validates every row against these definitions; the data appendix page is generated from them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import DataError
from .paths import REPO_ROOT, data_dir

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Field:
    """One column of a dataset, as the descriptor defines it."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    enum: tuple = ()
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    partial_date: bool = False   # ISO YYYY, YYYY-MM or YYYY-MM-DD (x-date: partial)
    list_separator: str | None = None
    bib: bool = False            # holds references.bib keys
    parsed: str | None = None    # a full date kept as text, parsed into this extra column (x-parsed)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def regex(self) -> re.Pattern | None:
        return re.compile(self.pattern) if self.pattern else None


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
    """``datapackage.json`` in the data folder in use, else the repository's (fixtures may hold only CSVs)."""
    local = data_dir() / DESCRIPTOR
    return local if local.exists() else REPO_ROOT / "data" / DESCRIPTOR


def _field(raw: dict) -> Field:
    constraints = raw.get("constraints", {})
    return Field(name=raw["name"], type=raw.get("type", "string"), description=raw.get("description", ""),
                 required=bool(constraints.get("required", False)), enum=tuple(constraints.get("enum", ())),
                 pattern=constraints.get("pattern"), minimum=constraints.get("minimum"),
                 maximum=constraints.get("maximum"), partial_date=raw.get("x-date") == "partial",
                 list_separator=raw.get("x-list"), bib=bool(raw.get("x-bib", False)),
                 parsed=raw.get("x-parsed"), raw=raw)


@lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(path, None, None, f"cannot read the data package descriptor: {exc}") from None


def package() -> dict:
    """The parsed descriptor (cached until the file changes)."""
    path = descriptor_path()
    if not path.exists():
        raise DataError(path, None, None, "file not found")
    return _read(path, path.stat().st_mtime_ns)


def resource(name: str) -> Resource:
    """The descriptor of dataset ``name`` (e.g. ``"events"``)."""
    for raw in package().get("resources", []):
        if raw.get("name") == name:
            fields = tuple(_field(f) for f in raw.get("schema", {}).get("fields", []))
            return Resource(name=name, path=raw.get("path", f"{name}.csv"), title=raw.get("title", name),
                            description=raw.get("description", ""), fields=fields, raw=raw)
    raise DataError(descriptor_path(), None, None, f"no resource named {name!r} in the descriptor")


def resources() -> list[Resource]:
    """Every dataset the descriptor describes, in its order."""
    return [resource(raw["name"]) for raw in package().get("resources", [])]


def enum(resource_name: str, field_name: str) -> tuple:
    """The allowed values of a field (e.g. ``enum("events", "category")``)."""
    return resource(resource_name).field(field_name).enum
