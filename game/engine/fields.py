"""How each field of the scenario model is written in a scenario file, declared beside the field.

A model class declares each of its fields with `spec(...)`: the field's Python type and default
as usual, plus how it is written in YAML (its kind, key, whether it is required, its range, what
its ids refer to). The compiler reads scenario files by these declarations, and `politburo schema`
publishes them as JSON Schema, so the checks, the model and the schema cannot disagree. Adding an
optional field is one line here in the model, plus whatever uses it.

This module only describes; it reads nothing and runs nothing.
"""

from __future__ import annotations

import dataclasses
import functools
from enum import StrEnum
from typing import Any

from game.structs import struct


class Kind(StrEnum):
    """How a field is written."""

    ID = "id"                  # the object's own id: lower-case letters, digits and underscores
    TEXT = "text"              # text (a number is taken as its text)
    LABEL = "label"            # a title or a name: text without bidirectional controls
    INT = "int"                # a whole number
    NUMBER = "number"          # any finite number
    BOOL = "bool"              # true or false
    ENUM = "enum"              # one of `options`
    DATE = "date"              # 1924-01 or 1924-01-21
    TURN = "turn"              # how far a turn moves the clock: 1 month, 2 weeks
    REF = "ref"                # the id of a `refers`
    REFS = "refs"              # a list of ids of `refers` (or one id alone): a tuple, or with a default of
                               # None a frozenset, None meaning "not written: all of them"
    NAMES = "names"            # a list of names (or one alone)
    CONDITION = "condition"    # a true/false expression
    FORMULA = "formula"        # a number expression
    TEMPLATE = "template"      # text with {placeholders}
    EFFECTS = "effects"        # a list of effect lines
    CITATIONS = "citations"    # a list of sources cited, each an id or {source, section}
    OBJECT = "object"          # a nested object of class `item`
    OBJECTS = "objects"        # a list of objects of class `item`
    MAPPING = "mapping"        # a mapping of ids of `refers` (or free names) to values that `values` describes
    SECTION = "section"        # a section of content files: a list of objects of class `item`
    SPREAD = "spread"          # one of `options`, or a list of weights (numbers of at least 0)


@struct(frozen=True)
class Spec:
    """One field as written in a scenario file."""

    kind: Kind
    key: str = ""                    # the YAML key, where it is not the field's name
    required: bool = False
    lo: float | None = None          # INT, NUMBER: the least value allowed
    hi: float | None = None          # INT: the greatest
    options: tuple[str, ...] = ()    # ENUM
    refers: str = ""                 # REF, REFS, MAPPING: what the ids name ("office", "codex entry"...)
    where: str = ""                  # REF, REFS: said after "unknown office 'x'"; {id} is the object's id
    end_of_month: bool = False       # DATE: a bare month means its last day
    in_scenario: bool = False        # DATE: must lie between the scenario's start and end
    default_from: str = ""           # DATE: "start" or "end" of the scenario when not given
    item: type | None = None         # OBJECT, OBJECTS, SECTION: the model class
    values: Any = None               # MAPPING: a JSON Schema fragment for each value
    min_items: int = 0               # OBJECTS
    max_items: int | None = None     # OBJECTS
    pattern: str = ""                # ID: a pattern other than the usual one
    doc: str = ""                    # what the field is for, shown by editors


@struct(frozen=True)
class Declared:
    """A model field's name and how it is written."""

    attr: str
    key: str
    spec: Spec


# What a field's declaration may say of how it is written: Spec's fields but its kind.
_HOW = frozenset(f.name for f in dataclasses.fields(Spec)) - {"kind"}


def spec(kind: Kind, *, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING,
         **how: Any) -> Any:
    """A dataclass field that is written in scenario files as `kind` (see Spec for `how`). Its Spec is made when the
    declarations are first read (`declared`): play reads none, and does not make one for each of the model's fields
    as it starts."""
    unknown = sorted(how.keys() - _HOW)
    if unknown:
        raise TypeError(f"spec() got an unexpected keyword argument {unknown[0]!r}")
    return dataclasses.field(default=default, default_factory=factory, metadata={"yaml": (kind, how)})


@functools.cache
def declared(cls: type) -> tuple[Declared, ...]:
    """The fields of a model class that scenario files write, in the order declared."""
    out = []
    for f in dataclasses.fields(cls):
        written = f.metadata.get("yaml")
        if written is not None:
            kind, how = written
            s = Spec(kind, **how)
            out.append(Declared(f.name, s.key or f.name, s))
    return tuple(out)


@functools.cache
def keys(cls: type) -> dict[str, Declared]:
    """The fields of a model class by their YAML keys."""
    return {d.key: d for d in declared(cls)}


def word(cls: type) -> str:
    """What an object of a model class is called in messages ("event", "office term")."""
    return str(cls.WORD)  # type: ignore[attr-defined]
