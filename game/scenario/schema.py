"""JSON Schemas for scenario files, for editors (completion and checking while typing).

Field names and which are required come from the loader's own table, so the schemas and
the checker cannot drift apart; this module adds only each field's JSON type. The loader
remains the authority: it checks references, expressions and dates, which no schema can.
"""

from __future__ import annotations

import json
from typing import Any

from game.engine.model import MAX_CHOICES
from game.scenario.loader import _FIELDS, CODEX_KINDS, CONTENT_KINDS

_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string"}
_EXPR = {"type": ["string", "boolean"], "description": "an expression (see the guide)"}
_DATE = {"type": "string", "pattern": "^\\d{4}-\\d{1,2}(-\\d{1,2})?$", "description": "1924-01 or 1924-01-21"}
_INT = {"type": "integer"}
_IDS = {"oneOf": [_ID, {"type": "array", "items": _ID}]}


def _obj(kind: str, types: dict[str, Any]) -> dict[str, Any]:
    fields = _FIELDS[kind]
    missing = set(fields) - set(types)
    if missing:
        raise KeyError(f"no schema type for {kind} fields {sorted(missing)}")
    return {
        "type": "object",
        "properties": {name: types[name] for name in fields},
        "required": [name for name, req in fields.items() if req],
        "additionalProperties": False,
    }


def _citations() -> dict[str, Any]:
    citation = _obj("citation", {"source": _ID, "section": _TEXT})
    return {"oneOf": [_ID, {"type": "array", "minItems": 1, "items": {"oneOf": [_ID, citation]}}]}


def _definitions() -> dict[str, Any]:
    cites = _citations()
    choice = _obj("choice", {
        "id": _ID, "text": _TEXT, "condition": _EXPR, "unavailable": _TEXT,
        "effects": {"type": "array", "items": {"type": "string", "description": "one effect"}},
        "outcome": _TEXT, "next": _ID,
    })
    return {
        "stat": _obj("stat", {"id": _ID, "name": _TEXT, "min": _INT, "max": _INT, "default": _INT,
                              "scope": {"enum": ["role", "global"]}, "description": _TEXT}),
        "character": _obj("character", {
            "id": _ID, "name": _TEXT, "bio": _TEXT, "faction": _IDS,
            "relationship": {"type": "object", "additionalProperties": {"type": "integer", "minimum": -100, "maximum": 100}},
            "offices": {"type": "array", "items": _obj("office term", {"office": _ID, "from": _DATE, "to": _DATE})},
            "codex": _ID,
        }),
        "office": _obj("office", {"id": _ID, "name": _TEXT, "holders": {"type": "integer", "minimum": 1},
                                  "description": _TEXT}),
        "body": _obj("body", {"id": _ID, "name": _TEXT, "members": _ID, "support": _EXPR, "description": _TEXT}),
        "faction": _obj("faction", {"id": _ID, "name": _TEXT, "description": _TEXT}),
        "event": _obj("event", {
            "id": _ID, "title": _TEXT, "text": _TEXT, "earliest": _DATE, "latest": _DATE,
            "roles": {"type": "array", "items": _ID}, "condition": _EXPR, "priority": _INT,
            "weight": {"type": "number", "minimum": 0}, "once": {"type": "boolean"},
            "unlocks": {"type": "array", "items": _ID}, "follow_up": {"type": "boolean"},
            "sources": cites, "choices": {"type": "array", "minItems": 1, "maxItems": MAX_CHOICES, "items": choice},
        }),
        "ending": _obj("ending", {
            "id": _ID, "title": _TEXT, "text": _TEXT, "condition": _EXPR, "priority": _INT,
            "trigger": {"enum": ["end", "anytime"]}, "kind": {"enum": ["historical", "counterfactual"]},
            "roles": {"type": "array", "items": _ID}, "history": _TEXT, "sources": cites,
        }),
        "codex entry": _obj("codex entry", {
            "id": _ID, "title": _TEXT, "kind": {"enum": list(CODEX_KINDS)}, "text": _TEXT,
            "sources": cites, "links": {"type": "array", "items": _ID}, "unlocked": {"type": "boolean"},
        }),
        "timeline entry": _obj("timeline entry", {"id": _ID, "date": _DATE, "text": _TEXT, "sources": cites}),
    }


_SECTION_OBJECT = {
    "stats": "stat", "characters": "character", "offices": "office", "bodies": "body",
    "factions": "faction", "events": "event", "endings": "ending", "codex": "codex entry",
    "timeline": "timeline entry",
}


def content_schema() -> dict[str, Any]:
    """The schema of a content file (any scenario file but scenario.yaml)."""
    defs = _definitions()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Politburo scenario content file",
        "type": "object",
        "properties": {k: {"type": "array", "items": defs[_SECTION_OBJECT[k]]} for k in CONTENT_KINDS},
        "additionalProperties": False,
    }


def manifest_schema() -> dict[str, Any]:
    """The schema of a scenario's scenario.yaml."""
    role = _obj("role", {
        "id": _ID, "name": _TEXT, "character": _ID, "bio": _TEXT, "position": _TEXT,
        "start": _obj("role start", {
            "stats": {"type": "object", "additionalProperties": {"type": "integer"}},
            "flags": {"type": "object", "additionalProperties": {"type": ["boolean", "number"]}},
        }),
    })
    source = _obj("source", {"id": _ID, "title": _TEXT, "url": _TEXT, "file": _TEXT})
    schema = _obj("manifest", {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}, "title": _TEXT,
        "version": {"type": ["string", "integer", "number"]}, "description": _TEXT,
        "authors": {"type": "array", "items": _TEXT}, "start": _DATE, "end": _DATE,
        "turn": {"type": "string", "pattern": "^\\s*\\d+\\s*(day|week|month)s?\\s*$"},
        "events_per_turn": {"type": "integer", "minimum": 1, "maximum": 50},
        "vote_threshold": {"type": "integer", "minimum": -100, "maximum": 100},
        "roles": {"type": "array", "minItems": 1, "items": role},
        "sources": {"type": "array", "minItems": 1, "items": source},
    })
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Politburo scenario manifest (scenario.yaml)", **schema}


def render(which: str) -> str:
    """One schema as pretty JSON text."""
    schema = manifest_schema() if which == "manifest" else content_schema()
    return json.dumps(schema, indent=2) + "\n"
