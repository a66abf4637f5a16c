"""Loading and checking a scenario folder, reporting every problem like a compiler.

The loader does all the checking (names, types, references, dates), so the engine only
executes. Problems are collected, not raised one at a time: `check_scenario` returns them
all, each as `path:line:col: message`.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from game.engine.dates import DateError, TurnLength, parse_date
from game.engine.model import (
    MAX_CHOICES,
    Body,
    Character,
    Choice,
    CodexEntry,
    Ending,
    Event,
    Faction,
    Office,
    OfficeTerm,
    Place,
    Role,
    Scenario,
    SourceDef,
    SourceRef,
    StatDef,
    TimelineEntry,
)
from game.scenario.charset import bidi_problem
from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.expressions import (
    BOOL,
    NUM,
    ExpressionError,
    Symbols,
    Template,
    compile_effect,
    compile_expression,
    compile_template,
    did_you_mean,
    effect_flag_writes,
    literal_dates,
)
from game.scenario.yamlsource import Loc, YList, YMap, as_loc, decode, parse_yaml, read_bytes

MANIFEST = "scenario.yaml"
MAX_FILES = 2000
CONTENT_KINDS = ("stats", "characters", "offices", "bodies", "factions", "events", "endings", "codex", "timeline")
CODEX_KINDS = ("person", "body", "term", "document", "event", "place")

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_KIND_WORD = {
    "stats": "stat", "characters": "character", "offices": "office", "bodies": "body",
    "factions": "faction", "events": "event", "endings": "ending", "codex": "codex entry",
    "timeline": "timeline entry",
}

# Fields of each object: name -> required.
_FIELDS: dict[str, dict[str, bool]] = {
    "manifest": dict(id=True, title=True, version=True, description=True, authors=False,
                     start=True, end=True, turn=False, events_per_turn=False,
                     vote_threshold=False, roles=True, sources=True),
    "role": dict(id=True, name=True, character=True, bio=True, position=False, start=False),
    "role start": dict(stats=False, flags=False),
    "source": dict(id=True, title=True, url=False, file=False),
    "stat": dict(id=True, name=True, min=False, max=False, default=False, scope=False,
                 description=False),
    "character": dict(id=True, name=True, bio=False, faction=False, relationship=False,
                      offices=False, codex=False),
    "office term": dict(office=True, **{"from": False, "to": False}),
    "office": dict(id=True, name=True, holders=False, description=False),
    "body": dict(id=True, name=True, members=False, support=False, description=False),
    "faction": dict(id=True, name=True, description=False),
    "event": dict(id=True, title=True, text=True, earliest=False, latest=False, roles=False,
                  condition=False, priority=False, weight=False, once=False, unlocks=False,
                  follow_up=False, sources=True, choices=True),
    "choice": dict(id=True, text=True, condition=False, unavailable=False, effects=False,
                   outcome=False, next=False),
    "ending": dict(id=True, title=True, text=True, condition=False, priority=False,
                   trigger=False, kind=True, roles=False, history=True, sources=True),
    "codex entry": dict(id=True, title=True, kind=True, text=True, sources=True, links=False,
                        unlocked=False),
    "timeline entry": dict(id=True, date=True, text=True, sources=True),
    "citation": dict(source=True, section=False),
}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, date):
        return "a date"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


@dataclass
class _Item:
    """One raw object from a content file, with where it came from."""

    kind: str
    path: str
    data: YMap
    loc: Loc


class _Checker:
    """Collects diagnostics and reads typed fields from located YAML."""

    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []
        self.lines: dict[str, list[str]] = {}     # each file's text, for exact positions
        self.places: dict[tuple[Any, ...], Place] = {}   # where each expression was written
        self._cache: dict[tuple[str, str, str | None], Any] = {}

    def error(self, path: str, loc: Any, message: str, severity: str = "error") -> None:
        loc = as_loc(loc)
        line, col = (loc.line, loc.col) if loc else (0, 0)
        self.diags.append(Diagnostic(path, line, col, message, severity))

    # -- mappings and fields ------------------------------------------------------------
    def fields(self, path: str, m: Any, loc: Loc, what: str, label: str = "") -> YMap | None:
        """Check `m` is a mapping with known keys and its required ones; None if not a mapping."""
        if not isinstance(m, YMap):
            self.error(path, loc, f"{label or what} must be a mapping of fields, not {_type_name(m)}")
            return None
        spec = _FIELDS[what]
        for key in m:
            if key not in spec:
                hint = did_you_mean(key, list(spec))
                self.error(path, m.key_locs[key], f"unknown key '{key}' in {label or what}{hint}")
        for key, required in spec.items():
            if required and (key not in m or m[key] is None):
                self.error(path, m.loc, f"{label or what} is missing '{key}'")
        return m

    def text(self, path: str, m: YMap, key: str, default: str = "") -> str:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, (bool, list, dict)):
            self.error(path, m.locs[key], f"'{key}' must be text, not {_type_name(v)}")
            return default
        return str(v)

    def label(self, path: str, m: YMap, key: str) -> str:
        """A title or a name: text that may not hold a bidirectional control."""
        v = self.text(path, m, key)
        problem = bidi_problem(v, f"'{key}'")
        if problem:
            self.error(path, m.locs[key], problem)
        return v

    def integer(self, path: str, m: YMap, key: str, default: int, lo: int | None = None,
                hi: int | None = None) -> int:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, int):
            self.error(path, m.locs[key], f"'{key}' must be a whole number, not {_type_name(v)}")
            return default
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"from {lo} to {hi}" if hi is not None else f"at least {lo}"
            self.error(path, m.locs[key], f"'{key}' must be {rng}, not {v}")
            return default
        return v

    def number(self, path: str, m: YMap, key: str, default: float, lo: float = 0) -> float:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.error(path, m.locs[key], f"'{key}' must be a number, not {_type_name(v)}")
            return default
        if v < lo or v != v or v == float("inf"):
            self.error(path, m.locs[key], f"'{key}' must be a finite number of at least {lo}, not {v}")
            return default
        return float(v)

    def boolean(self, path: str, m: YMap, key: str, default: bool) -> bool:
        v = m.get(key)
        if v is None:
            return default
        if not isinstance(v, bool):
            self.error(path, m.locs[key], f"'{key}' must be true or false, not {_type_name(v)}")
            return default
        return v

    def choice_of(self, path: str, m: YMap, key: str, options: tuple[str, ...], default: str) -> str:
        v = m.get(key)
        if v is None:
            return default
        if v not in options:
            hint = did_you_mean(str(v), list(options))
            self.error(path, m.locs[key], f"'{key}' must be one of {', '.join(options)}, not '{v}'{hint}")
            return default
        return v

    def date_field(self, path: str, m: YMap, key: str, default: date | None, *,
                   end_of_month: bool = False) -> date | None:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, date):
            return v
        if isinstance(v, str):
            try:
                return parse_date(v, end_of_month=end_of_month)
            except DateError as e:
                self.error(path, m.locs[key], f"'{key}': {e}")
                return default
        self.error(path, m.locs[key], f"'{key}' must be a date like 1924-01 or 1924-01-21, not {_type_name(v)}")
        return default

    def id_list(self, path: str, m: YMap, key: str) -> list[tuple[str, Loc]]:
        """A list of ids, or one id on its own."""
        v = m.get(key)
        if v is None:
            return []
        if isinstance(v, str):
            return [(v, m.locs[key])]
        if not isinstance(v, YList):
            self.error(path, m.locs[key], f"'{key}' must be a list of ids, not {_type_name(v)}")
            return []
        out = []
        for item, loc in zip(v, v.locs):
            if not isinstance(item, str):
                self.error(path, loc, f"'{key}' must list ids, not {_type_name(item)}")
            else:
                out.append((item, loc))
        return out

    def ref(self, path: str, loc: Loc, value: str, known: set[str] | dict[str, Any], kind: str,
            where: str = "") -> bool:
        if value in known:
            return True
        self.error(path, loc, f"unknown {kind} '{value}'{where}{did_you_mean(value, list(known))}")
        return False

    # -- expressions ----------------------------------------------------------------------
    def expr_loc(self, path: str, loc: Loc, src: str, offset: int) -> Loc:
        """Where character `offset` of a scalar's value was written in its file."""
        loc = as_loc(loc)
        lines = self.lines.get(path)
        if lines is None or loc.line > len(lines):
            return loc
        return source_position(lines, loc, offset)

    def place(self, site: tuple[Any, ...] | None, path: str, loc: Loc, src: str, offset: int) -> None:
        """Note where the expression of `site` starts, for messages in play."""
        if site is None:
            return
        loc = as_loc(loc)
        if offset == 0 and loc.style not in ("|", ">"):     # the usual case, without a walk
            self.places[site] = Place(path, loc.line, loc.col + (loc.style in ("'", '"')))
            return
        at = self.expr_loc(path, loc, src, offset)
        self.places[site] = Place(path, at.line, at.col)

    def _compiled(self, key: tuple[str, str, str | None], build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            try:
                self._cache[key] = build()
            except ExpressionError as e:
                self._cache[key] = e
        return self._cache[key]

    def expression(self, path: str, m: YMap, key: str, symbols: Symbols, want: str | None,
                   what: str, site: tuple[Any, ...] | None = None) -> Callable[[Any], Any] | None:
        v = m.get(key)
        if v is None:
            return None
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, (int, float)):
            v = str(v)
        if not isinstance(v, str):
            self.error(path, m.locs[key], f"'{key}' must be an expression in text, not {_type_name(v)}")
            return None
        result = self._compiled(("expr", v, want), lambda: compile_expression(v, symbols, want=want))
        if isinstance(result, ExpressionError):
            self.error(path, self.expr_loc(path, m.locs[key], v, result.offset), f"in {what} '{v.strip()}': {result.message}")
            return None
        self.place(site, path, m.locs[key], v, len(v) - len(v.lstrip()))
        return result[1]

    def effect(self, path: str, loc: Loc, src: str, symbols: Symbols,
               site: tuple[Any, ...] | None = None) -> Callable[[Any], None] | None:
        result = self._compiled(("effect", src, None), lambda: compile_effect(src, symbols))
        if isinstance(result, ExpressionError):
            self.error(path, self.expr_loc(path, loc, src, result.offset), f"in effect '{src.strip()}': {result.message}")
            return None
        self.place(site, path, loc, src, len(src) - len(src.lstrip()))
        return result

    def template(self, path: str, m: YMap, key: str, symbols: Symbols,
                 site: tuple[Any, ...] | None = None) -> Template | None:
        v = m.get(key)
        if v is None:
            return None
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            self.error(path, m.locs[key], f"'{key}' must be text, not {_type_name(v)}")
            return None
        v = str(v)
        if "{" not in v and "}" not in v:
            return Template((v,))
        result = self._compiled(("template", v, None), lambda: compile_template(v, symbols))
        if isinstance(result, ExpressionError):
            self.error(path, self.expr_loc(path, m.locs[key], v, result.offset), f"in '{key}': {result.message}")
            return None
        for k, offset in enumerate(result.offsets):
            self.place(site and (*site, k), path, m.locs[key], v, offset)
        return result


_ESCAPE_WIDTH = {"x": 4, "u": 6, "U": 10}


def source_position(lines: list[str], loc: Loc, offset: int) -> Loc:
    """Map an offset in a scalar's value back to its line and column in the file.

    Follows YAML's rules closely enough for expressions: escapes and doubled quotes in
    quoted scalars, line folding in flow scalars, indentation in `|` and `>` blocks.
    """
    style = loc.style
    if style in ("|", ">"):
        pos, indent = 0, None
        for i in range(loc.line, len(lines)):
            raw = lines[i].rstrip("\r")
            if not raw.strip():
                pos += 1
                continue
            ind = len(raw) - len(raw.lstrip(" "))
            if indent is None:
                indent = ind
            if ind < indent:
                break
            text = raw[indent:]
            if offset <= pos + len(text):
                return Loc(i + 1, indent + (offset - pos) + 1, style)
            pos += len(text) + 1
        return loc
    i, j = loc.line - 1, loc.col - 1 + (1 if style in ("'", '"') else 0)
    k = 0
    while k < offset and i < len(lines):
        line = lines[i].rstrip("\r")
        if j >= len(line.rstrip(" \t")):
            i += 1                      # a line break folds into one space
            if i >= len(lines):
                break
            nxt = lines[i]
            j = len(nxt) - len(nxt.lstrip(" \t"))
            k += 1
            continue
        ch = line[j]
        if style == '"' and ch == "\\":
            width = _ESCAPE_WIDTH.get(line[j + 1:j + 2], 2)
            j += width
        elif style == "'" and ch == "'" and line[j + 1:j + 2] == "'":
            j += 2
        else:
            j += 1
        k += 1
    return Loc(i + 1, j + 1, style)


def _display_root(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def find_files(folder: str) -> list[str]:
    """Every YAML file below `folder`, the manifest first, the rest sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                found.append(os.path.join(root, name))
    manifest = os.path.join(folder, MANIFEST)
    return [manifest] + [f for f in found if os.path.normpath(f) != os.path.normpath(manifest)]


def check_scenario(path: str) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load and check a scenario folder; returns the scenario (if valid) and every problem."""
    folder = path
    if os.path.isfile(path) and os.path.basename(path) == MANIFEST:
        folder = os.path.dirname(path) or "."
    shown_root = _display_root(folder)
    if not os.path.isdir(folder):
        what = "does not exist" if not os.path.exists(folder) else "is not a folder"
        return None, [Diagnostic(shown_root, 0, 0, f"{what}; a scenario is a folder with a {MANIFEST}")]
    if not os.path.isfile(os.path.join(folder, MANIFEST)):
        return None, [Diagnostic(shown_root, 0, 0, f"no {MANIFEST} here; a scenario is a folder with a {MANIFEST}")]
    files = find_files(folder)
    if len(files) > MAX_FILES:
        return None, [Diagnostic(shown_root, 0, 0, f"more than {MAX_FILES} YAML files")]
    # Loading builds hundreds of thousands of small acyclic objects; the cyclic collector
    # would rescan them again and again (about 40% of the time), so it waits until the end.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Build(folder, shown_root, files).run()
    finally:
        if was_enabled:
            gc.enable()


def load_scenario(path: str) -> Scenario:
    """Load a scenario or raise ScenarioError with every problem found."""
    scenario, diags = check_scenario(path)
    if scenario is None:
        raise ScenarioError([d for d in diags if d.severity == "error"] or diags)
    return scenario


class _Build:
    """One run of the loader over one scenario folder."""

    def __init__(self, folder: str, shown_root: str, files: list[str]) -> None:
        self.folder = folder
        self.shown_root = shown_root
        self.files = files
        self.c = _Checker()
        self.sym = Symbols()
        self.items: dict[str, list[_Item]] = {k: [] for k in CONTENT_KINDS}
        self.defined: dict[str, dict[str, tuple[str, Loc]]] = {k: {} for k in CONTENT_KINDS}
        self.digest = hashlib.sha256()

    def shown(self, file: str) -> str:
        return os.path.join(self.shown_root, os.path.relpath(file, self.folder))

    def run(self) -> tuple[Scenario | None, list[Diagnostic]]:
        c = self.c
        manifest_data: Any = None
        manifest_path = self.shown(self.files[0])
        for file in self.files:
            shown = self.shown(file)
            raw, diags = read_bytes(file, shown)
            text = None
            if raw is not None:
                self.digest.update(os.path.relpath(file, self.folder).encode() + b"\0" + raw + b"\0")
                text, diags = decode(shown, raw)
            data = None
            if text is not None:
                self.c.lines[shown] = text.split("\n")
                data, diags = parse_yaml(text, shown)
            c.diags.extend(diags)
            if data is None and diags:
                continue
            if file == self.files[0]:
                manifest_data = data
            else:
                self.collect(shown, data)
        if manifest_data is None:
            if not any(d.path == manifest_path for d in c.diags):
                c.error(manifest_path, Loc(1, 1), "the manifest is empty")
            manifest = None
        else:
            manifest = c.fields(manifest_path, manifest_data, Loc(1, 1), "manifest")
        self.register()
        roles_raw = self.register_roles(manifest_path, manifest) if manifest is not None else []
        self.collect_flags(roles_raw)
        scenario = self.build(manifest_path, manifest, roles_raw)
        errors = [d for d in c.diags if d.severity == "error"]
        return (None if errors else scenario), sorted(c.diags)

    # -- pass 1: gather objects and their ids ---------------------------------------------
    def collect(self, path: str, data: Any) -> None:
        c = self.c
        if data is None:
            # Most often a file whose content was lost or not yet written: said, so that
            # its events are not missed in silence.
            c.error(path, Loc(1, 1), f"the file is empty: it adds nothing to the scenario "
                                     f"(sections are {', '.join(CONTENT_KINDS)})", "warning")
            return
        if not isinstance(data, YMap):
            c.error(path, getattr(data, "loc", Loc(1, 1)),
                    f"a content file must be a mapping with keys like {', '.join(CONTENT_KINDS)}")
            return
        for key, value in data.items():
            if key not in CONTENT_KINDS:
                hint = did_you_mean(key, list(CONTENT_KINDS))
                extra = " (the manifest's fields belong in scenario.yaml)" if key in _FIELDS["manifest"] else ""
                c.error(path, data.key_locs[key], f"unknown section '{key}'{hint}{extra}; "
                                                  f"sections are {', '.join(CONTENT_KINDS)}")
                continue
            if value is None:
                c.error(path, data.key_locs[key], f"'{key}' is empty: nothing follows it "
                                                  f"(write '{key}: []' if that is meant)", "warning")
                continue
            if not isinstance(value, YList):
                c.error(path, data.locs[key], f"'{key}' must be a list, not {_type_name(value)}")
                continue
            for item, loc in zip(value, value.locs):
                self.items[key].append(_Item(key, path, item, loc))

    def register(self) -> None:
        c = self.c
        for kind, items in self.items.items():
            word = _KIND_WORD[kind]
            for item in items:
                m = item.data
                if not isinstance(m, YMap):
                    continue
                ident = m.get("id")
                if ident is None:
                    continue
                if not isinstance(ident, str) or not _ID.match(ident):
                    c.error(item.path, m.locs["id"], f"{word} id {ident!r} must be lower-case letters, "
                                                     f"digits and underscores, starting with a letter")
                    continue
                seen = self.defined[kind].get(ident)
                if seen:
                    c.error(item.path, m.locs["id"], f"duplicate {word} id '{ident}' "
                                                     f"(first defined at {seen[0]}:{as_loc(seen[1]).line})")
                    continue
                self.defined[kind][ident] = (item.path, m.locs["id"])
                if kind == "events":
                    self.sym.choices[ident] = self.choice_ids(item)
        s = self.sym
        s.stats = set(self.defined["stats"])
        s.characters = set(self.defined["characters"])
        s.offices = set(self.defined["offices"])
        s.bodies = set(self.defined["bodies"])
        s.factions = set(self.defined["factions"])
        s.events = set(self.defined["events"])
        s.endings = set(self.defined["endings"])
        s.codex = set(self.defined["codex"])

    def choice_ids(self, item: _Item) -> set[str]:
        choices = item.data.get("choices")
        out: set[str] = set()
        if isinstance(choices, YList):
            for ch in choices:
                if isinstance(ch, YMap) and isinstance(ch.get("id"), str):
                    out.add(ch["id"])
        return out

    def register_roles(self, path: str, manifest: YMap) -> list[tuple[YMap, Loc]]:
        c = self.c
        roles = manifest.get("roles")
        out: list[tuple[YMap, Loc]] = []
        if roles is None:
            return out
        if not isinstance(roles, YList) or not roles:
            c.error(path, manifest.locs["roles"], "'roles' must be a list of at least one role")
            return out
        seen: dict[str, Loc] = {}
        for item, loc in zip(roles, roles.locs):
            m = c.fields(path, item, loc, "role")
            if m is None:
                continue
            ident = m.get("id")
            if not isinstance(ident, str) or not _ID.match(ident):
                if ident is not None:
                    c.error(path, m.locs["id"], f"role id {ident!r} must be lower-case letters, digits and underscores")
                continue
            if ident in seen:
                c.error(path, m.locs["id"], f"duplicate role id '{ident}' (first defined at line {as_loc(seen[ident]).line})")
                continue
            seen[ident] = m.locs["id"]
            out.append((m, loc))
        self.sym.roles = set(seen)
        return out

    def collect_flags(self, roles_raw: list[tuple[YMap, Loc]]) -> None:
        """Every flag some effect sets (or a role starts with), with its type."""
        c = self.c
        types: dict[str, tuple[str, str, Loc]] = {}

        def note(flag: str, kind: str | None, path: str, loc: Loc) -> None:
            if kind is None:
                kind = types[flag][0] if flag in types else BOOL
            if flag in types and types[flag][0] != kind:
                first = types[flag]
                c.error(path, loc, f"flag '{flag}' is set to {kind} here but to {first[0]} at {first[1]}:{as_loc(first[2]).line}")
                return
            types.setdefault(flag, (kind, path, loc))

        for m, _ in roles_raw:
            start = m.get("start")
            flags = start.get("flags") if isinstance(start, YMap) else None
            if isinstance(flags, YMap):
                for flag, value in flags.items():
                    kind = BOOL if isinstance(value, bool) else NUM if isinstance(value, (int, float)) else None
                    if kind is None:
                        c.error(self.shown(self.files[0]), flags.locs[flag],
                                f"flag '{flag}' must start as true/false or a number")
                        continue
                    note(flag, kind, self.shown(self.files[0]), flags.locs[flag])
        for item in self.items["events"]:
            choices = item.data.get("choices") if isinstance(item.data, YMap) else None
            if not isinstance(choices, YList):
                continue
            for ch in choices:
                effects = ch.get("effects") if isinstance(ch, YMap) else None
                if not isinstance(effects, YList):
                    continue
                for src, loc in zip(effects, effects.locs):
                    if isinstance(src, str):
                        for flag, kind, offset in effect_flag_writes(src, self.sym.stats):
                            note(flag, kind, item.path, c.expr_loc(item.path, loc, src, offset))
        self.sym.flags = {flag: t[0] for flag, t in types.items()}

    # -- pass 2: build the model ----------------------------------------------------------
    def build(self, path: str, manifest: YMap | None, roles_raw: list[tuple[YMap, Loc]]) -> Scenario | None:
        c = self.c
        stats = self.build_stats()
        if manifest is None:
            self.build_content(date.min, date.max, None, stats)
            return None
        sid = c.text(path, manifest, "id")
        if sid and not _SCENARIO_ID.match(sid):
            c.error(path, manifest.locs["id"], f"scenario id '{sid}' must be lower-case letters, digits, '-' and '_'")
        start = c.date_field(path, manifest, "start", None)
        end_month = c.date_field(path, manifest, "end", None, end_of_month=True)
        turn = TurnLength()
        if manifest.get("turn") is not None:
            try:
                turn = TurnLength.parse(str(manifest["turn"]))
            except DateError as e:
                c.error(path, manifest.locs["turn"], f"'turn': {e}")
            except ValueError:      # more digits than Python reads as a number
                c.error(path, manifest.locs["turn"], "'turn' is far too long")
        turns: int | None = None     # unknown while the dates are wrong
        if start and end_month and end_month < start:
            c.error(path, manifest.locs["end"], f"'end' ({end_month}) is before 'start' ({start})")
        elif start and end_month:
            try:    # the game moves one turn past the end before it ends
                turn.advance(end_month)
                turns = turn.count(start, end_month)
            except (OverflowError, ValueError):
                c.error(path, manifest.locs["turn" if "turn" in manifest else "end"],
                        f"one turn of {turn} after 'end' ({end_month}) runs past the year 9999")
        self.sym.turns = turns
        sources = self.build_sources(path, manifest)
        roles = self.build_roles(path, roles_raw, stats)
        content = self.build_content(start or date.min, end_month or date.max, sources, stats)
        authors_v = manifest.get("authors")
        names: list[tuple[str, Loc]] = []
        if isinstance(authors_v, str):
            names = [(authors_v, manifest.locs["authors"])]
        elif isinstance(authors_v, YList):
            names = [(str(a), loc) for a, loc in zip(authors_v, authors_v.locs)]
        elif authors_v is not None:
            c.error(path, manifest.locs["authors"], f"'authors' must be a list of names, not {_type_name(authors_v)}")
        for name, loc in names:
            problem = bidi_problem(name, "an author's name")
            if problem:
                c.error(path, loc, problem)
        authors = tuple(name for name, _ in names)
        title = c.label(path, manifest, "title")
        if start is None or end_month is None:
            return None
        return Scenario(
            id=sid, title=title, version=c.text(path, manifest, "version"),
            description=c.text(path, manifest, "description"), authors=authors,
            start=start, end=end_month, turn=turn,
            events_per_turn=c.integer(path, manifest, "events_per_turn", 3, 1, 50),
            vote_threshold=c.integer(path, manifest, "vote_threshold", 20, -100, 100),
            roles=roles, sources=sources, stats=stats, **content,
            flags={f: (False if t == BOOL else 0) for f, t in self.sym.flags.items()},
            path=self.folder, fingerprint=self.digest.hexdigest(), turns=turns or 1, places=c.places,
        )

    def build_sources(self, path: str, manifest: YMap) -> dict[str, SourceDef]:
        c = self.c
        out: dict[str, SourceDef] = {}
        raw = manifest.get("sources")
        if raw is None:
            return out
        if not isinstance(raw, YList) or not raw:
            c.error(path, manifest.locs["sources"], "'sources' must be a list of at least one source")
            return out
        for item, loc in zip(raw, raw.locs):
            m = c.fields(path, item, loc, "source")
            if m is None or not isinstance(m.get("id"), str):
                continue
            sid = m["id"]
            if not _ID.match(sid):
                c.error(path, m.locs["id"], f"source id {sid!r} must be lower-case letters, digits and underscores")
                continue
            if sid in out:
                c.error(path, m.locs["id"], f"duplicate source id '{sid}'")
                continue
            out[sid] = SourceDef(sid, c.label(path, m, "title"), c.text(path, m, "url"), c.text(path, m, "file"))
        return out

    def build_roles(self, path: str, roles_raw: list[tuple[YMap, Loc]], stats: dict[str, StatDef]) -> dict[str, Role]:
        c = self.c
        out: dict[str, Role] = {}
        for m, _ in roles_raw:
            rid = m["id"]
            character = c.text(path, m, "character")
            if character:
                c.ref(path, m.locs["character"], character, self.sym.characters, "character", f" for role '{rid}'")
            start_stats: dict[str, int] = {}
            start_flags: dict[str, Any] = {}
            start = m.get("start")
            if start is not None:
                sm = c.fields(path, start, m.locs["start"], "role start", f"start of role '{rid}'")
                if sm is not None:
                    start_stats = self.stat_values(path, sm, stats, rid)
                    flags = sm.get("flags")
                    if isinstance(flags, YMap):
                        start_flags = dict(flags)
                    elif flags is not None:
                        c.error(path, sm.locs["flags"], f"'flags' must be a mapping, not {_type_name(flags)}")
            out[rid] = Role(rid, c.label(path, m, "name"), character, c.text(path, m, "bio"),
                            c.text(path, m, "position"), start_stats, start_flags)
        return out

    def stat_values(self, path: str, sm: YMap, stats: dict[str, StatDef], rid: str) -> dict[str, int]:
        c = self.c
        raw = sm.get("stats")
        out: dict[str, int] = {}
        if raw is None:
            return out
        if not isinstance(raw, YMap):
            c.error(path, sm.locs["stats"], f"'stats' must be a mapping of stat: value, not {_type_name(raw)}")
            return out
        for sid, value in raw.items():
            if not c.ref(path, raw.key_locs[sid], sid, stats, "stat", f" in the start of role '{rid}'"):
                continue
            sd = stats[sid]
            if sd.scope == "global":
                c.error(path, raw.key_locs[sid], f"stat '{sid}' is global: a role cannot start it elsewhere")
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                c.error(path, raw.locs[sid], f"stat '{sid}' must start as a whole number, not {_type_name(value)}")
            elif not sd.min <= value <= sd.max:
                c.error(path, raw.locs[sid], f"stat '{sid}' starts at {value}, outside its range {sd.min}..{sd.max}")
            else:
                out[sid] = value
        return out

    def objects(self, kind: str) -> list[tuple[_Item, YMap]]:
        """The checked mappings of one kind whose id registered cleanly."""
        out = []
        word = _KIND_WORD[kind]
        for item in self.items[kind]:
            m = self.c.fields(item.path, item.data, item.loc, word)
            if m is None:
                continue
            ident = m.get("id")
            if isinstance(ident, str) and self.defined[kind].get(ident, ("", None))[0] == item.path \
                    and self.defined[kind][ident][1] is m.locs["id"]:
                out.append((item, m))
        return out

    def build_stats(self) -> dict[str, StatDef]:
        c = self.c
        out: dict[str, StatDef] = {}
        for item, m in self.objects("stats"):
            p = item.path
            lo = c.integer(p, m, "min", 0)
            hi = c.integer(p, m, "max", 100)
            if hi <= lo:
                c.error(p, m.locs.get("max", m.loc), f"stat '{m['id']}': 'max' ({hi}) must be above 'min' ({lo})")
                hi = lo + 1
            default = c.integer(p, m, "default", lo, lo, hi)
            out[m["id"]] = StatDef(m["id"], c.label(p, m, "name"), lo, hi, default,
                                   c.choice_of(p, m, "scope", ("role", "global"), "role"),
                                   c.text(p, m, "description"))
        return out

    def citations(self, path: str, m: YMap, sources: dict[str, SourceDef] | None,
                  what: str) -> tuple[SourceRef, ...]:
        c = self.c
        raw = m.get("sources")
        if raw is None:
            return ()
        if isinstance(raw, str):
            raw_items: list[tuple[Any, Loc]] = [(raw, m.locs["sources"])]
        elif isinstance(raw, YList):
            raw_items = list(zip(raw, raw.locs))
            if not raw_items:
                c.error(path, m.locs["sources"], f"{what} must cite at least one source")
        else:
            c.error(path, m.locs["sources"], f"'sources' must be a list of citations, not {_type_name(raw)}")
            return ()
        out = []
        for entry, loc in raw_items:
            if isinstance(entry, str):
                sid, section = entry, ""
            else:
                em = c.fields(path, entry, loc, "citation")
                if em is None or not isinstance(em.get("source"), str):
                    continue
                sid, section = em["source"], c.text(path, em, "section")
                loc = em.locs["source"]
            if sources is not None and not c.ref(path, loc, sid, sources, "source", " (sources are listed in scenario.yaml)"):
                continue
            out.append(SourceRef(sid, section))
        return tuple(out)

    def roles_of(self, path: str, m: YMap) -> frozenset[str] | None:
        pairs = self.c.id_list(path, m, "roles")
        if m.get("roles") is None:
            return None
        ok = [r for r, loc in pairs if self.c.ref(path, loc, r, self.sym.roles, "role")]
        return frozenset(ok)

    def build_content(self, start: date, end: date, sources: dict[str, SourceDef] | None,
                      stats: dict[str, StatDef]) -> dict[str, Any]:
        c, sym = self.c, self.sym
        offices = {}
        for item, m in self.objects("offices"):
            holders = m.get("holders")
            offices[m["id"]] = Office(m["id"], c.label(item.path, m, "name"),
                                      c.integer(item.path, m, "holders", 0, 1) if holders is not None else None,
                                      c.text(item.path, m, "description"))
        factions = {}
        for item, m in self.objects("factions"):
            factions[m["id"]] = Faction(m["id"], c.label(item.path, m, "name"), c.text(item.path, m, "description"))
        characters = {}
        for item, m in self.objects("characters"):
            characters[m["id"]] = self.build_character(item.path, m)
        self.check_office_capacity(start, characters, offices)
        bodies = {}
        for item, m in self.objects("bodies"):
            p = item.path
            members = c.text(p, m, "members")
            has_support = m.get("support") is not None
            if bool(members) == has_support:
                c.error(p, m.loc, f"body '{m['id']}' needs exactly one of 'members' (an office) or 'support' (an expression)")
            if members:
                c.ref(p, m.locs["members"], members, sym.offices, "office", f" in body '{m['id']}'")
            support = c.expression(p, m, "support", sym, NUM, "support", ("body", m["id"], "support"))
            bodies[m["id"]] = Body(m["id"], c.label(p, m, "name"), members, support, c.text(p, m, "description"))
        events = {}
        for item, m in self.objects("events"):
            ev = self.build_event(item.path, m, start, end, sources)
            if ev:
                events[ev.id] = ev
        endings = {}
        for item, m in self.objects("endings"):
            p = item.path
            text = c.template(p, m, "text", sym, ("ending", m["id"], "text"))
            endings[m["id"]] = Ending(
                id=m["id"], title=c.label(p, m, "title"), text=text or Template(("",)),
                condition=c.expression(p, m, "condition", sym, BOOL, "condition", ("ending", m["id"], "condition")),
                priority=c.integer(p, m, "priority", 0),
                trigger=c.choice_of(p, m, "trigger", ("end", "anytime"), "end"),
                kind=c.choice_of(p, m, "kind", ("historical", "counterfactual"), "historical"),
                roles=self.roles_of(p, m), history=c.text(p, m, "history"),
                sources=self.citations(p, m, sources, f"ending '{m['id']}'"),
            )
        codex = {}
        for item, m in self.objects("codex"):
            p = item.path
            links = tuple(x for x, loc in c.id_list(p, m, "links")
                          if c.ref(p, loc, x, sym.codex, "codex entry", " in 'links'"))
            codex[m["id"]] = CodexEntry(
                m["id"], c.label(p, m, "title"), c.choice_of(p, m, "kind", CODEX_KINDS, "term"),
                c.text(p, m, "text"), self.citations(p, m, sources, f"codex entry '{m['id']}'"),
                links, c.boolean(p, m, "unlocked", False),
            )
        self.check_codex_reachable(codex, events)
        self.check_follow_ups(events)
        timeline = []
        for item, m in self.objects("timeline"):
            p = item.path
            when = c.date_field(p, m, "date", None)
            if when is not None and start != date.min and not start <= when <= end:
                c.error(p, m.locs["date"], f"'date' {when} is outside the scenario ({start} to {end})")
            timeline.append(TimelineEntry(m["id"], when or start, c.text(p, m, "text"),
                                          self.citations(p, m, sources, f"timeline entry '{m['id']}'")))
        timeline.sort(key=lambda t: t.date)
        return dict(characters=characters, offices=offices, bodies=bodies, factions=factions,
                    events=events, endings=endings, codex=codex, timeline=tuple(timeline))

    def build_character(self, p: str, m: YMap) -> Character:
        c, sym = self.c, self.sym
        cid = m["id"]
        facs = tuple(f for f, loc in c.id_list(p, m, "faction")
                     if c.ref(p, loc, f, sym.factions, "faction", f" for character '{cid}'"))
        rel: dict[str, int] = {}
        raw = m.get("relationship")
        if isinstance(raw, YMap):
            for role, value in raw.items():
                if not c.ref(p, raw.key_locs[role], role, sym.roles, "role", " in 'relationship'"):
                    continue
                if isinstance(value, bool) or not isinstance(value, int) or not -100 <= value <= 100:
                    c.error(p, raw.locs[role], f"relationship must be a whole number from -100 to 100, not {value!r}")
                    continue
                rel[role] = value
        elif raw is not None:
            c.error(p, m.locs["relationship"], f"'relationship' must be a mapping of role: number, not {_type_name(raw)}")
        terms = []
        raw_offices = m.get("offices")
        if isinstance(raw_offices, YList):
            for entry, loc in zip(raw_offices, raw_offices.locs):
                om = c.fields(p, entry, loc, "office term", "an office term")
                if om is None or not isinstance(om.get("office"), str):
                    continue
                if not c.ref(p, om.locs["office"], om["office"], sym.offices, "office"):
                    continue
                t_from = c.date_field(p, om, "from", None)
                t_to = c.date_field(p, om, "to", None, end_of_month=True)
                if t_from and t_to and t_to < t_from:
                    c.error(p, om.locs["to"], f"office term ends ({t_to}) before it starts ({t_from})")
                terms.append(OfficeTerm(om["office"], t_from, t_to))
        elif raw_offices is not None:
            c.error(p, m.locs["offices"], f"'offices' must be a list of terms, not {_type_name(raw_offices)}")
        codex = c.text(p, m, "codex")
        if codex:
            c.ref(p, m.locs["codex"], codex, sym.codex, "codex entry")
        return Character(cid, c.label(p, m, "name"), c.text(p, m, "bio"), facs, rel, tuple(terms), codex)

    def check_office_capacity(self, start: date, characters: dict[str, Character], offices: dict[str, Office]) -> None:
        if start == date.min:
            return
        for office in offices.values():
            if office.holders is None:
                continue
            holders = [ch.id for ch in characters.values() if any(t.office == office.id and t.held_on(start) for t in ch.offices)]
            if len(holders) > office.holders:
                path, loc = self.defined["offices"][office.id]
                self.c.error(path, loc, f"office '{office.id}' allows {office.holders} holder(s) but "
                                        f"{len(holders)} hold it at the start: {', '.join(holders)}")

    def window(self, p: str, m: YMap, start: date, end: date) -> tuple[date, date]:
        c = self.c
        earliest = c.date_field(p, m, "earliest", start) or start
        latest = c.date_field(p, m, "latest", end, end_of_month=True) or end
        outside = False
        if start != date.min:
            for key, value in (("earliest", earliest), ("latest", latest)):
                if key in m and not start <= value <= end:
                    c.error(p, m.locs[key], f"'{key}' {value} is outside the scenario ({start} to {end})")
                    outside = True
        if latest < earliest and not outside:
            c.error(p, m.locs.get("latest", m.loc), f"'latest' ({latest}) is before 'earliest' ({earliest})")
        return earliest, latest

    def build_event(self, p: str, m: YMap, start: date, end: date,
                    sources: dict[str, SourceDef] | None) -> Event | None:
        c, sym = self.c, self.sym
        eid = m["id"]
        earliest, latest = self.window(p, m, start, end)
        condition = c.expression(p, m, "condition", sym, BOOL, "condition", ("event", eid, "condition"))
        self.check_literal_dates(p, m, "condition", start, end)
        unlocks = tuple(x for x, loc in c.id_list(p, m, "unlocks")
                        if c.ref(p, loc, x, sym.codex, "codex entry", " in 'unlocks'"))
        choices = []
        raw = m.get("choices")
        if isinstance(raw, YList):
            if not raw:
                c.error(p, m.locs["choices"], f"event '{eid}' has no choices")
            elif len(raw) > MAX_CHOICES:
                c.error(p, m.locs["choices"], f"event '{eid}' has {len(raw)} choices; at most {MAX_CHOICES} "
                                              f"(players pick them with the keys 1 to {MAX_CHOICES})")
            seen: set[str] = set()
            for entry, loc in zip(raw, raw.locs):
                ch = self.build_choice(p, entry, loc, eid, seen, start, end)
                if ch:
                    choices.append(ch)
            if choices and all(ch.condition is not None for ch in choices):
                c.error(p, m.locs["choices"], f"every choice of event '{eid}' has a condition: if none holds "
                                              f"the game is stuck; give one choice no condition", "warning")
        elif raw is not None:
            c.error(p, m.locs["choices"], f"'choices' must be a list, not {_type_name(raw)}")
        return Event(
            id=eid, title=c.label(p, m, "title"), text=c.template(p, m, "text", sym, ("event", eid, "text")) or Template(("",)),
            earliest=earliest, latest=latest, roles=self.roles_of(p, m), condition=condition,
            priority=c.integer(p, m, "priority", 0), weight=c.number(p, m, "weight", 1.0),
            once=c.boolean(p, m, "once", True), choices=tuple(choices),
            sources=self.citations(p, m, sources, f"event '{eid}'"), unlocks=unlocks,
            follow_up=c.boolean(p, m, "follow_up", False),
        )

    def build_choice(self, p: str, entry: Any, loc: Loc, eid: str, seen: set[str],
                     start: date, end: date) -> Choice | None:
        c, sym = self.c, self.sym
        m = c.fields(p, entry, loc, "choice", f"a choice of event '{eid}'")
        if m is None:
            return None
        cid = m.get("id")
        if not isinstance(cid, str) or not _ID.match(cid):
            if cid is not None:
                c.error(p, m.locs["id"], f"choice id {cid!r} must be lower-case letters, digits and underscores")
            return None
        if cid in seen:
            c.error(p, m.locs["id"], f"duplicate choice id '{cid}' in event '{eid}'")
            return None
        seen.add(cid)
        condition = c.expression(p, m, "condition", sym, BOOL, "condition", ("choice", eid, cid, "condition"))
        self.check_literal_dates(p, m, "condition", start, end)
        effects, texts = [], []
        raw = m.get("effects")
        if isinstance(raw, YList):
            for src, eloc in zip(raw, raw.locs):
                if not isinstance(src, str):
                    c.error(p, eloc, f"an effect must be one line of text, like 'prestige += 5', not {_type_name(src)}")
                    continue
                action = c.effect(p, eloc, src, sym, ("choice", eid, cid, "effect", len(effects)))
                if action:
                    effects.append(action)
                    texts.append(src.strip())
        elif raw is not None:
            c.error(p, m.locs["effects"], f"'effects' must be a list of effect lines, not {_type_name(raw)}")
        nxt = c.text(p, m, "next")
        if nxt:
            c.ref(p, m.locs["next"], nxt, sym.events, "event", " in 'next'")
        if m.get("unavailable") is not None and m.get("condition") is None:
            c.error(p, m.locs["unavailable"], f"choice '{cid}' has an 'unavailable' reason but no condition", "warning")
        return Choice(cid, c.template(p, m, "text", sym, ("choice", eid, cid, "text")) or Template(("",)), condition,
                      c.text(p, m, "unavailable"), tuple(effects), tuple(texts),
                      c.template(p, m, "outcome", sym, ("choice", eid, cid, "outcome")), nxt)

    def check_literal_dates(self, p: str, m: YMap, key: str, start: date, end: date) -> None:
        v = m.get(key)
        if not isinstance(v, str) or start == date.min:
            return
        for d, offset in literal_dates(v):
            if not start <= d <= end:
                self.c.error(p, self.c.expr_loc(p, m.locs[key], v, offset),
                             f"date {d} in '{v.strip()}' is outside the scenario ({start} to {end})")

    @staticmethod
    def effect_targets(events: dict[str, Event], function: str) -> set[str]:
        """The ids that effects pass first to `function`, as in `schedule("plenum")`."""
        pattern = re.compile(function + r"\(\s*[\"']([a-z0-9_]+)[\"']")
        return {m for ev in events.values() for ch in ev.choices for text in ch.effect_texts
                if function in text for m in pattern.findall(text)}

    def check_follow_ups(self, events: dict[str, Event]) -> None:
        targets = self.effect_targets(events, "schedule")
        targets.update(ch.next for ev in events.values() for ch in ev.choices if ch.next)
        for ev in events.values():
            if ev.follow_up and ev.id not in targets:
                path, loc = self.defined["events"][ev.id]
                self.c.error(path, loc, f"event '{ev.id}' is a follow-up but no choice leads to it "
                                        f"(by 'next' or 'schedule')", "warning")

    def check_codex_reachable(self, codex: dict[str, CodexEntry], events: dict[str, Event]) -> None:
        reachable = {e for e, entry in codex.items() if entry.unlocked}
        reachable.update(x for ev in events.values() for x in ev.unlocks)
        reachable.update(self.effect_targets(events, "unlock"))
        reachable.update(x for entry in codex.values() for x in entry.links)
        for cid in codex:
            if cid not in reachable:
                path, loc = self.defined["codex"][cid]
                self.c.error(path, loc, f"codex entry '{cid}' is never unlocked and nothing links to it", "warning")
