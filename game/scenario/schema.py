"""JSON Schemas for scenario files, for editors (completion and checking while typing).

Made from the model's own declarations (game.engine.fields), the same ones the compiler reads
files by, so the schemas and the checker cannot drift apart. What a file may hold is the same;
the compiler checks more (references, expressions, dates), which no schema can.
"""

from __future__ import annotations

import json
from typing import Any

from game.engine.fields import Kind, Spec, declared, word
from game.engine.model import Scenario, SourceRef

_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": ["string", "number"]}
_DATE = {"type": "string", "pattern": "^\\d{4}-\\d{1,2}(-\\d{1,2})?$", "description": "1924-01 or 1924-01-21"}
_IDS = {"oneOf": [_ID, {"type": "array", "items": _ID}]}
_SCALARS: dict[Kind, dict[str, Any]] = {
    Kind.TEXT: _TEXT,
    Kind.LABEL: _TEXT,
    Kind.TEMPLATE: {**_TEXT, "description": "text; {an expression} in braces is worked out in play"},
    Kind.BOOL: {"type": "boolean"},
    Kind.DATE: _DATE,
    Kind.TURN: {"type": "string", "pattern": "^\\s*\\d+\\s*(day|week|month)s?\\s*$"},
    Kind.REF: _ID,
    Kind.REFS: _IDS,
    Kind.NAMES: {"oneOf": [{"type": "string"}, {"type": "array", "items": _TEXT}]},
    Kind.CONDITION: {"type": ["string", "boolean"], "description": "a true/false expression (see the guide)"},
    Kind.FORMULA: {"type": ["string", "number"], "description": "a number expression (see the guide)"},
    Kind.EFFECTS: {"$ref": "#/$defs/effects"},
}
# A list of effects, each a line or a block whose branches are lists of effects again.
_EFFECTS = {
    "type": "array",
    "items": {"oneOf": [
        {"type": "string", "description": "one effect"},
        {"type": "object", "description": "an effect block: the test is worked out once",
         "properties": {"if": {"type": ["string", "boolean"], "description": "a true/false expression; may roll"},
                        "then": {"$ref": "#/$defs/effects", "minItems": 1},
                        "else": {"$ref": "#/$defs/effects", "minItems": 1}},
         "required": ["if", "then"], "additionalProperties": False},
    ]},
}


def _citations() -> dict[str, Any]:
    return {"oneOf": [_ID, {"type": "array", "minItems": 1, "items": {"oneOf": [_ID, object_schema(SourceRef)]}}]}


def field_schema(s: Spec) -> dict[str, Any]:
    """The schema of one declared field."""
    k = s.kind
    if k is Kind.ID:
        # A scenario's id may be written as a number (YAML reads `id: 1924` so), which the loader takes as its text.
        return {"type": ["string", "integer"], "pattern": s.pattern} if s.pattern else _ID
    if k in (Kind.INT, Kind.NUMBER):
        out: dict[str, Any] = {"type": "integer" if k is Kind.INT else "number"}
        if s.lo is not None:
            out["minimum"] = s.lo
        if s.hi is not None:
            out["maximum"] = s.hi
    elif k is Kind.ENUM:
        out = {"enum": list(s.options)}
    elif k is Kind.CITATIONS:
        out = _citations()
    elif k is Kind.OBJECT:
        out = object_schema(_item(s))
    elif k in (Kind.OBJECTS, Kind.SECTION):
        out = {"type": "array"}
        if s.min_items:
            out["minItems"] = s.min_items
        if s.max_items is not None:
            out["maxItems"] = s.max_items
        out["items"] = object_schema(_item(s))
    elif k is Kind.MAPPING:
        out = {"type": "object", "additionalProperties": s.values}
    elif k is Kind.SPREAD:
        out = {"oneOf": [{"enum": list(s.options)},
                         {"type": "array", "minItems": 1, "items": {"type": "number", "minimum": 0}}]}
    else:
        out = dict(_SCALARS[k])
    if s.doc:
        out = {**out, "description": s.doc}
    return out


def _item(s: Spec) -> type:
    if s.item is None:
        raise TypeError(f"a {s.kind} field needs an item class")
    return s.item


def object_schema(cls: type, *, only: set[Kind] | None = None, leave: set[Kind] | None = None) -> dict[str, Any]:
    """The schema of an object of a model class (or of some of its fields)."""
    fields = [d for d in declared(cls) if (only is None or d.spec.kind in only)
              and (leave is None or d.spec.kind not in leave)]
    return {
        "type": "object",
        "properties": {d.key: field_schema(d.spec) for d in fields},
        "required": [d.key for d in fields if d.spec.required],
        "additionalProperties": False,
    }


def content_schema() -> dict[str, Any]:
    """The schema of a content file (any scenario file but scenario.yaml)."""
    sections = object_schema(Scenario, only={Kind.SECTION})
    del sections["required"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Politburo scenario content file",
        **sections,
        "$defs": {"effects": _EFFECTS},
    }


def manifest_schema() -> dict[str, Any]:
    """The schema of a scenario's scenario.yaml."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Politburo scenario {word(Scenario)} (scenario.yaml)",
            **object_schema(Scenario, leave={Kind.SECTION})}


def render(which: str) -> str:
    """One schema as pretty JSON text."""
    schema = manifest_schema() if which == "manifest" else content_schema()
    return json.dumps(schema, indent=2) + "\n"
