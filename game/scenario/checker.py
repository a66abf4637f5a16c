"""Reading located YAML by the model's declarations, and collecting every problem on the way.

The Checker reads one field or one whole object at a time: each field as its declaration in the
model says (see game.engine.fields), each problem kept as a diagnostic at `path:line:col` and
the field given its default, so that one run reports every problem.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from game.engine.dates import DateError, TurnLength, parse_date
from game.engine.fields import Kind, Spec, declared, keys, word
from game.engine.model import Effect, Mentions, Place, Scenario, SourceRef
from game.engine.template import Template
from game.scenario.charset import bidi_problem
from game.scenario.codes import CODES
from game.scenario.diagnostics import Diagnostic
from game.scenario.expressions import (
    BOOL,
    NUM,
    ExpressionError,
    Symbols,
    did_you_mean,
    literal_dates,
)
from game.scenario.positions import source_position
from game.scenario.recompile import block as block_action
from game.scenario.recompile import block_text
from game.scenario.recompile import effect as _effect
from game.scenario.recompile import expression as _expression
from game.scenario.recompile import template as _template
from game.scenario.yamlsource import Loc, YList, YMap, as_loc
from game.structs import Row, struct

if TYPE_CHECKING:
    pass

BLOCK_KEYS = ("if", "then", "else")


def effect_lines(effects: Any) -> Any:
    """Every effect line in a list of effects, blocks opened, each with where it was written."""
    if not isinstance(effects, YList):
        return
    for src, loc in zip(effects, effects.locs):
        if isinstance(src, str):
            yield src, loc
        elif isinstance(src, YMap):
            for key in ("then", "else"):
                yield from effect_lines(src.get(key))


def with_article(what: str) -> str:
    """`what` with its indefinite article: "an event", "a codex entry"."""
    return f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"


# An expression's problem that names something the scenario may define elsewhere, and what kind
# of thing it is (see Diagnostic.refers): lost with a file that could not be read, it is a follow-on.
_REFERENCE = re.compile(r"unknown (?!function\b)(?P<kind>[a-z]+(?: entry)?) '|flag '[^']*' is never set|"
                        r"event '[^']*' has no choice")
_REFERENCE_KIND = {"name": "stat", "codex": "codex entry"}


def refers_to(message: str) -> tuple[str, ...]:
    """The kind of object an expression's problem names but cannot find, if that is the problem."""
    m = _REFERENCE.search(message)
    if m is None:
        return ()
    kind = m.group("kind")
    if kind is None:
        return ("flag",) if m.group().startswith("flag") else ("event",)
    return (_REFERENCE_KIND.get(kind, kind),)


_FLAT = re.compile(r"([A-Za-z_][\w-]*):(\S.*)")


def space_hint(value: Any) -> str:
    """For text such as `id:a`, written where fields belong: the space a field needs after its colon."""
    m = _FLAT.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        return ""
    return f" (a field needs a space after its ':': write '{m.group(1)}: {m.group(2)}')"


def type_name(value: Any) -> str:
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



@struct
class Context:
    """What reading an object's fields needs to know of the scenario around it."""

    symbols: Symbols
    start: date = date.min                      # the scenario's dates (date.min and max while unknown)
    end: date = date.max
    turn: TurnLength = dataclasses.field(default_factory=TurnLength)     # how far a turn moves the clock
    sources: dict[str, Any] | None = None       # None while the manifest is unreadable
    role_characters: dict[str, str] = dataclasses.field(default_factory=dict)   # role -> its character

    def known(self, refers: str) -> Any:
        """The ids of what a reference names."""
        if refers == "source":
            return self.sources or {}
        return self.symbols.kind_names("codex" if refers == "codex entry" else refers)


_FROM_SCENARIO = object()     # a date not written is the scenario's start or end


class _Field(Row):
    """A field read by its declaration alone, with its default and its value when not written."""

    attr: str
    key: str
    spec: Spec
    default: Any
    absent: Any
    reader: Callable[..., Any]      # the Checker's reader of its kind


@functools.cache
def _plan(cls: type) -> tuple[_Field, ...]:
    """How to read the fields of `cls` that are read by their declarations alone, worked out once per class."""
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    out = []
    for d in declared(cls):
        s = d.spec
        if s.kind not in _READERS:     # objects, lists of objects and mappings are built by code of their own
            continue
        default = defaults[d.attr] if defaults[d.attr] is not dataclasses.MISSING else None
        if s.kind is Kind.DATE and s.default_from:
            absent: Any = _FROM_SCENARIO
        elif s.kind is Kind.TEMPLATE:
            absent = Template(("",)) if s.required else None
        elif s.kind in (Kind.TEXT, Kind.LABEL):
            absent = default or ""
        elif s.kind is Kind.REFS:
            absent = None if default is None else ()
        else:
            absent = default
        out.append(_Field(d.attr, d.key, s, default, absent, _READERS[s.kind]))
    return tuple(out)


class Checker:
    """Collects diagnostics and reads typed fields from located YAML."""

    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []
        self.lines: dict[str, list[str]] = {}     # each file's text, for exact positions
        self.places: dict[tuple[Any, ...], Place] = {}   # where each expression was written
        self.mentions: dict[tuple[Any, ...], Mentions] = {}   # what each of them names, by the same keys
        self.names: dict[int, str] = {}           # each object read by `fields`, as messages name it
        self._cache: dict[tuple[str, str, str | None], Any] = {}
        # What each compiled condition, formula, effect and text (by its id) was compiled from: ("expression", its
        # text, the type wanted), ("effect", its text, None), ("block", its test, None) or ("text", its text, None);
        # and each effect block's effects (by its action's id). The checked-scenario cache keeps the objects it
        # builds by these (game.scenario.cache).
        self.written: dict[int, tuple[str, str, str | None]] = {}
        self.blocks: dict[int, tuple[tuple[Effect, ...], tuple[Effect, ...]]] = {}

    def error(self, path: str, loc: Any, message: str, *, code: str, about: Any = None,
              refers: tuple[str, ...] = (), unread: bool = False) -> None:
        """Note a problem of kind `code` at `loc`, an error or a warning as the code is
        (game.scenario.codes); `about` is the object (a mapping read by `fields`) whose field it
        concerns, named at the start of the message; `refers` and `unread` as in Diagnostic."""
        severity = CODES[code].severity
        loc = as_loc(loc)
        line, col = (loc.line, loc.col) if loc else (0, 0)
        name = self.names.get(id(about)) if about is not None else None
        if name:
            message = f"{name}: {message}"
        self.diags.append(Diagnostic(path, line, col, message, severity, unread=unread, refers=refers, code=code))

    # -- mappings and fields ------------------------------------------------------------
    def fields(self, path: str, m: Any, loc: Loc, cls: type, label: str = "", named: str = "") -> YMap | None:
        """Check `m` is a mapping with the keys `cls` declares and its required ones; None if not a mapping.

        An object with an id is named by it, as `named` says with `{id}` in it ("choice 'x.{id}'"),
        or else as "event 'x'"; one without, as `label` says ("a choice of event 'x'") or as "an event".
        """
        ident = m.get("id") if isinstance(m, YMap) else None
        if isinstance(ident, str) and ident and cls is not Scenario:
            what = (named or f"{word(cls)} '{{id}}'").replace("{id}", ident)
            self.names[id(m)] = what
        else:
            what = label or (word(cls) if cls is Scenario else with_article(word(cls)))
            if label and isinstance(m, YMap):
                self.names[id(m)] = label
        if not isinstance(m, YMap):
            self.error(path, loc, f"{what} must be a mapping of fields, not {type_name(m)}{space_hint(m)}", code="wrong-type")
            return None
        spec = keys(cls)
        for key in m:
            if key not in spec:
                hint = did_you_mean(key, list(spec))
                self.error(path, m.key_locs[key], f"unknown key '{key}' in {what}{hint}", code="unknown-field")
        for key, d in spec.items():
            if d.spec.required and (key not in m or m[key] is None):
                self.error(path, m.loc, f"{what} is missing '{key}'", code="missing-field")
        return m

    def text(self, path: str, m: YMap, key: str, default: str = "") -> str:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, (bool, list, dict)):
            self.error(path, m.locs[key], f"'{key}' must be text, not {type_name(v)}", about=m, code="wrong-type")
            return default
        return str(v)

    def label(self, path: str, m: YMap, key: str) -> str:
        """A title or a name: text that may not hold a bidirectional control."""
        v = self.text(path, m, key)
        problem = bidi_problem(v, f"'{key}'")
        if problem:
            self.error(path, m.locs[key], problem, about=m, code="bad-character")
        return v

    def integer(self, path: str, m: YMap, key: str, default: int, lo: int | None = None,
                hi: int | None = None) -> int:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, int):
            self.error(path, m.locs[key], f"'{key}' must be a whole number, not {type_name(v)}", about=m, code="wrong-type")
            return default
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"from {lo} to {hi}" if hi is not None else f"at least {lo}"
            self.error(path, m.locs[key], f"'{key}' must be {rng}, not {v}", about=m, code="out-of-range")
            return default
        return v

    def number(self, path: str, m: YMap, key: str, default: float, lo: float = 0) -> float:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.error(path, m.locs[key], f"'{key}' must be a number, not {type_name(v)}", about=m, code="wrong-type")
            return default
        if v < lo or v != v or v == float("inf"):
            self.error(path, m.locs[key], f"'{key}' must be a finite number of at least {lo}, not {v}", about=m,
                       code="out-of-range")
            return default
        return float(v)

    def boolean(self, path: str, m: YMap, key: str, default: bool) -> bool:
        v = m.get(key)
        if v is None:
            return default
        if not isinstance(v, bool):
            self.error(path, m.locs[key], f"'{key}' must be true or false, not {type_name(v)}", about=m, code="wrong-type")
            return default
        return v

    def choice_of(self, path: str, m: YMap, key: str, options: tuple[str, ...], default: str) -> str:
        v = m.get(key)
        if v is None:
            return default
        if v not in options:
            hint = did_you_mean(str(v), list(options))
            self.error(path, m.locs[key], f"'{key}' must be one of {', '.join(options)}, not '{v}'{hint}", about=m,
                       code="bad-option")
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
                self.error(path, m.locs[key], f"'{key}': {e}", about=m, code="bad-date")
                return default
        self.error(path, m.locs[key], f"'{key}' must be a date like 1924-01 or 1924-01-21, not {type_name(v)}",
                   about=m, code="wrong-type")
        return default

    def id_list(self, path: str, m: YMap, key: str) -> list[tuple[str, Loc]]:
        """A list of ids, or one id on its own."""
        v = m.get(key)
        if v is None:
            return []
        if isinstance(v, str):
            return [(v, m.locs[key])]
        if not isinstance(v, YList):
            self.error(path, m.locs[key], f"'{key}' must be a list of ids, not {type_name(v)}", about=m, code="wrong-type")
            return []
        out = []
        for item, loc in zip(v, v.locs):
            if not isinstance(item, str):
                self.error(path, loc, f"'{key}' must list ids, not {type_name(item)}", about=m, code="wrong-type")
            else:
                out.append((item, loc))
        return out

    def ref(self, path: str, loc: Loc, value: str, known: set[str] | dict[str, Any], kind: str,
            where: str = "", about: Any = None) -> bool:
        """Whether `value` is one of the `known` ids of `kind`; an error if not, named by `about`."""
        if value in known:
            return True
        self.error(path, loc, f"unknown {kind} '{value}'{where}{did_you_mean(value, list(known))}", about=about,
                   refers=(kind,), code="unknown-reference")
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
            self.error(path, m.locs[key], f"'{key}' must be an expression in text, not {type_name(v)}", about=m,
                       code="wrong-type")
            return None
        result = self._compiled(("expr", v, want), lambda: _expression(v, symbols, want))
        if isinstance(result, ExpressionError):
            self.error(path, self.expr_loc(path, m.locs[key], v, result.offset), f"in {what} '{v.strip()}': {result.message}",
                       about=m, refers=refers_to(result.message), code=result.code)
            return None
        self.place(site, path, m.locs[key], v, len(v) - len(v.lstrip()))
        (_, f), named = result
        if site is not None:
            self.mentions[site] = named
        self.written[id(f)] = ("expression", v, want)
        return f

    def renote(self, site: tuple[Any, ...], to: tuple[Any, ...]) -> None:
        """Note at `to` what was noted at `site` of an expression (its place and what it names)."""
        for kept in (self.places, self.mentions):
            found = kept.pop(site, None)
            if found is not None:
                kept[to] = found

    def effect(self, path: str, loc: Loc, src: str, symbols: Symbols,
               site: tuple[Any, ...] | None = None, about: Any = None) -> Callable[[Any], None] | None:
        result = self._compiled(("effect", src, None), lambda: _effect(src, symbols))
        if isinstance(result, ExpressionError):
            self.error(path, self.expr_loc(path, loc, src, result.offset), f"in effect '{src.strip()}': {result.message}",
                       about=about, refers=refers_to(result.message), code=result.code)
            return None
        self.place(site, path, loc, src, len(src) - len(src.lstrip()))
        action, named = result
        if site is not None:
            self.mentions[site] = named
        self.written[id(action)] = ("effect", src, None)
        return action

    def template(self, path: str, m: YMap, key: str, symbols: Symbols,
                 site: tuple[Any, ...] | None = None) -> Template | None:
        v = m.get(key)
        if v is None:
            return None
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            self.error(path, m.locs[key], f"'{key}' must be text, not {type_name(v)}", about=m, code="wrong-type")
            return None
        v = str(v)
        if "{" not in v and "}" not in v:
            return Template((v,))
        result = self._compiled(("template", v, None), lambda: _template(v, symbols))
        if isinstance(result, ExpressionError):
            self.error(path, self.expr_loc(path, m.locs[key], v, result.offset), f"in '{key}': {result.message}",
                       about=m, refers=refers_to(result.message), code=result.code)
            return None
        template, named, glued = result
        for g in glued:
            self.error(path, self.expr_loc(path, m.locs[key], v, g.offset),
                       f"in '{key}': a passage meets the words beside it as '{g.reads}' ({g.fix})",
                       about=m, code="glued-passage")
        for k, offset in enumerate(template.offsets):
            self.place(site and (*site, k), path, m.locs[key], v, offset)
            if site is not None:
                self.mentions[(*site, k)] = named[k]
        self.written[id(template)] = ("text", v, None)
        return template

    def heading(self, path: str, m: YMap, symbols: Symbols, prefix: tuple[Any, ...]) -> Template | None:
        """An event's or ending's title compiled like its text, where it has placeholders or passages;
        None where it is plain text, shown as written."""
        v = m.get("title")
        if not isinstance(v, str) or ("{" not in v and "}" not in v):
            return None
        return self.template(path, m, "title", symbols, (*prefix, "title"))

    def literal_dates_within(self, p: str, m: YMap, key: str, start: date, end: date) -> None:
        """Dates written in an expression lie within the scenario."""
        v = m.get(key)
        if not isinstance(v, str) or start == date.min:
            return
        for d, offset in literal_dates(v):
            if not start <= d <= end:
                self.error(p, self.expr_loc(p, m.locs[key], v, offset),
                           f"date {d} in '{v.strip()}' is outside the scenario ({start} to {end})", about=m, code="date-outside")

    # -- whole objects, by their declarations -----------------------------------------------
    def read(self, cls: type, p: str, m: YMap, ctx: Context, prefix: tuple[str, ...] = ()) -> dict[str, Any]:
        """Every field of `cls` that has a reader of its kind (see _READERS), by attribute.

        `prefix` names the object for the places of its expressions: ("event", id), ("choice", event, id)...
        """
        oid = m.get("id")
        if not isinstance(oid, str):
            oid = ""
        get = m.get
        out: dict[str, Any] = {}
        for f in _plan(cls):
            if get(f.key) is None:      # not written: nothing to check
                absent = f.absent
                if absent is _FROM_SCENARIO:
                    absent = ctx.start if f.spec.default_from == "start" else ctx.end
                out[f.attr] = absent
            else:
                out[f.attr] = f.reader(self, p, m, f, ctx, prefix, oid, cls)
        return out

    # Readers of one written field, by kind: each takes the field's plan, the object's prefix and id.
    def _id(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        return m.get(f.key)

    def _text(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        self.not_empty(p, m, f)
        return self.text(p, m, f.key, f.default or "")

    def _label(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        self.not_empty(p, m, f)
        return self.label(p, m, f.key)

    def not_empty(self, p: str, m: YMap, f: _Field) -> None:
        """A text the object needs, written but empty (`text: ""`, or only spaces): the player would read nothing."""
        v = m.get(f.key)
        if f.spec.required and isinstance(v, str) and not v.strip():
            self.error(p, m.locs[f.key], f"'{f.key}' is empty: write what the player reads here", about=m,
                       code="empty-text")

    def _int(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        s = f.spec
        return self.integer(p, m, f.key, f.default, None if s.lo is None else int(s.lo), None if s.hi is None else int(s.hi))

    def _number(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        return self.number(p, m, f.key, f.default, f.spec.lo or 0)

    def _bool(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        return self.boolean(p, m, f.key, f.default)

    def _enum(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        return self.choice_of(p, m, f.key, f.spec.options, f.default)

    def _date(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        return self.date_in(p, m, f.key, f.spec, f.default, ctx)

    @staticmethod
    def _where(f: _Field, oid: str) -> tuple[str, bool]:
        """The words after "unknown event 'x'" that place a reference, and whether they name its object."""
        where = f.spec.where
        if not where:
            return f" in '{f.key}'", False
        return where.format(id=oid), "{id}" in where

    def _ref(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        s = f.spec
        value = self.text(p, m, f.key)
        if value:
            where, named = self._where(f, oid)
            self.ref(p, m.locs[f.key], value, ctx.known(s.refers), s.refers, where, None if named else m)
        return value or f.default

    def _refs(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        s = f.spec
        known, (where, named) = ctx.known(s.refers), self._where(f, oid)
        about = None if named else m
        ids = [x for x, loc in self.id_list(p, m, f.key) if self.ref(p, loc, x, known, s.refers, where, about)]
        return frozenset(ids) if f.default is None else tuple(ids)     # a set where none written means all

    def _expression(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str,
                    cls: type) -> Any:
        s = f.spec
        want, what = (BOOL, "condition") if s.kind is Kind.CONDITION else (NUM, f.key)
        compiled = self.expression(p, m, f.key, ctx.symbols, want, what, (*prefix, f.attr))
        if s.in_scenario:
            self.literal_dates_within(p, m, f.key, ctx.start, ctx.end)
        return compiled

    def _template(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        self.not_empty(p, m, f)
        t = self.template(p, m, f.key, ctx.symbols, (*prefix, f.attr))
        return t if t is not None else f.absent

    def _effects(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str, cls: type) -> Any:
        return self.effects(p, m, f.key, ctx.symbols, prefix)

    def _citations(self, p: str, m: YMap, f: _Field, ctx: Context, prefix: tuple[str, ...], oid: str,
                   cls: type) -> Any:
        return self.citations(p, m, f.key, ctx.sources, f"{word(cls)} '{oid}'")

    def date_in(self, p: str, m: YMap, key: str, s: Spec, default: Any, ctx: Context) -> date | None:
        """A date, or the scenario's start or end where so declared; said when outside the scenario."""
        if s.default_from:
            default = ctx.start if s.default_from == "start" else ctx.end
        value = self.date_field(p, m, key, default, end_of_month=s.end_of_month) or default
        if s.in_scenario and m.get(key) is not None and value is not None and ctx.start != date.min \
                and not ctx.start <= value <= ctx.end:
            self.error(p, m.locs[key], f"'{key}' ({value}) is outside the scenario ({ctx.start} to {ctx.end})",
                       about=m, code="date-outside")
        return value

    def effects(self, p: str, m: YMap, key: str, symbols: Symbols, prefix: tuple[str, ...]) -> tuple[Effect, ...]:
        raw = m.get(key)
        if raw is None:
            return ()
        if not isinstance(raw, YList):
            self.error(p, m.locs[key], f"'{key}' must be a list of effect lines, not {type_name(raw)}", about=m,
                       code="wrong-type")
            return ()
        return tuple(self.effect_list(p, raw, symbols, (*prefix, "effect"), m))

    def effect_list(self, p: str, raw: YList, symbols: Symbols, prefix: tuple[Any, ...],
                    about: Any = None) -> list[Effect]:
        """Effect lines and blocks, in order; `prefix` + index names each for messages in play, and
        `about` is the choice they belong to."""
        out: list[Effect] = []
        split = self.split_at_commas(p, raw, about)
        for i, (src, loc) in enumerate(zip(raw, raw.locs)):
            if i in split:
                continue
            site = (*prefix, len(out))
            if isinstance(src, YMap):
                block = self.effect_block(p, src, symbols, site, about)
                if block:
                    out.append(block)
                continue
            if not isinstance(src, str):
                self.error(p, loc, f"an effect must be one line of text, like 'prestige += 5', or a block "
                                   f"with 'if' and 'then', not {type_name(src)}", about=about, code="bad-effect")
                continue
            action = self.effect(p, loc, src, symbols, site, about)
            if action:
                out.append(Effect(action, src.strip()))
        return out

    def split_at_commas(self, p: str, raw: YList, about: Any) -> set[int]:
        """The items of a list written in brackets that YAML split at the commas of one effect
        (`[warm("a", "b", 10)]` reads as three items): each such run is reported once, with how to write it,
        and its items are not read as effects of their own."""
        split: set[int] = set()
        items = list(zip(raw, raw.locs))
        i = 0
        while i < len(items):
            src, loc = items[i]
            loc = as_loc(loc)
            if isinstance(src, str) and loc is not None and loc.style not in ("'", '"') and src.count("(") > src.count(")"):
                depth, j = src.count("(") - src.count(")"), i + 1
                while depth > 0 and j < len(items) and isinstance(items[j][0], str) and as_loc(items[j][1]) is not None \
                        and as_loc(items[j][1]).line == loc.line:
                    depth += items[j][0].count("(") - items[j][0].count(")")
                    j += 1
                if depth == 0 and j > i + 1:
                    self.error(p, loc, f"YAML split the effect that starts '{src}' at its commas, because the list is "
                                       f"written in brackets: write each effect on a line of its own starting '- ', "
                                       f"or put this one in single quotes inside the brackets",
                               about=about, code="bad-effect")
                    split.update(range(i, j))
                    i = j
                    continue
            i += 1
        return split

    def effect_block(self, p: str, m: YMap, symbols: Symbols, site: tuple[Any, ...],
                     about: Any = None) -> Effect | None:
        """`if` / `then` / `else`: the test is worked out once (one roll, where it rolls) and
        decides which list of effects runs."""
        for key in m:
            if key not in BLOCK_KEYS:
                hint = (" (write the next test as a block inside 'else')" if key in ("elif", "else if")
                        else did_you_mean(str(key), BLOCK_KEYS))
                self.error(p, m.key_locs[key], f"unknown key '{key}' in an effect block{hint}; "
                                               f"a block has {', '.join(BLOCK_KEYS)}", about=about, code="unknown-field")
        ok = True
        for key in ("if", "then"):
            if m.get(key) is None:
                self.error(p, m.loc, f"an effect block needs '{key}'", about=about, code="missing-field")
                ok = False
        branches: dict[str, list[Effect]] = {}
        for key in ("then", "else"):
            lines = m.get(key)
            if lines is None:
                branches[key] = []
            elif isinstance(lines, YList) and lines:
                branches[key] = self.effect_list(p, lines, symbols, (*site, key), about)
            else:
                self.error(p, m.locs[key], f"'{key}' must be a list of at least one effect, not {type_name(lines)}",
                           about=about, code="wrong-type")
                ok = False
        test_src = m.get("if")
        if isinstance(test_src, bool):
            test_src = "true" if test_src else "false"
        if test_src is not None and not isinstance(test_src, str):
            self.error(p, m.locs["if"], f"'if' must be a condition in text, not {type_name(test_src)}", about=about,
                       code="wrong-type")
            return None
        if not ok or test_src is None:
            return None
        result = self._compiled(("random condition", test_src, BOOL),
                                lambda: _expression(test_src, symbols, BOOL, allow_random=True))
        if isinstance(result, ExpressionError):
            self.error(p, self.expr_loc(p, m.locs["if"], test_src, result.offset),
                       f"in the 'if' of an effect block '{test_src.strip()}': {result.message}",
                       about=about, refers=refers_to(result.message), code=result.code)
            return None
        self.place((*site, "if"), p, m.locs["if"], test_src, len(test_src) - len(test_src.lstrip()))
        (_, test), named = result
        self.mentions[(*site, "if")] = named
        run = block_action(test, test_src.strip(), branches["then"], branches["else"])
        self.written[id(run)] = ("block", test_src, None)
        self.blocks[id(run)] = (tuple(branches["then"]), tuple(branches["else"]))
        return Effect(run, block_text(test_src.strip(), branches["then"], branches["else"]))

    def citations(self, path: str, m: YMap, key: str, sources: dict[str, Any] | None,
                  what: str) -> tuple[SourceRef, ...]:
        raw = m.get(key)
        if raw is None:
            return ()
        if isinstance(raw, str):
            raw_items: list[tuple[Any, Loc]] = [(raw, m.locs[key])]
        elif isinstance(raw, YList):
            raw_items = list(zip(raw, raw.locs))
            if not raw_items:
                self.error(path, m.locs[key], f"{what} must cite at least one source", code="bad-source")
        else:
            self.error(path, m.locs[key], f"'{key}' must be a list of citations, not {type_name(raw)}", about=m,
                       code="wrong-type")
            return ()
        out = []
        for entry, loc in raw_items:
            if isinstance(entry, str):
                sid, section = entry, ""
            else:
                em = self.fields(path, entry, loc, SourceRef, f"a citation of {what}")
                if em is None or em.get("source") is None:
                    continue
                sid, section = self.text(path, em, "source"), self.text(path, em, "section")
                loc = em.locs["source"]
                if not sid:
                    continue
            if sources is not None and not self.ref(path, loc, sid, sources, "source",
                                                    f" cited by {what} (sources are listed in scenario.yaml)"):
                continue
            out.append(SourceRef(source=sid, section=section))
        return tuple(out)


# The kinds read by their declaration alone; the others (objects, lists of them, mappings) are built by
# code of their own in game.scenario.build.
_READERS: dict[Kind, Callable[..., Any]] = {
    Kind.ID: Checker._id, Kind.TEXT: Checker._text, Kind.LABEL: Checker._label, Kind.INT: Checker._int,
    Kind.NUMBER: Checker._number, Kind.BOOL: Checker._bool, Kind.ENUM: Checker._enum, Kind.DATE: Checker._date,
    Kind.REF: Checker._ref, Kind.REFS: Checker._refs, Kind.CONDITION: Checker._expression,
    Kind.FORMULA: Checker._expression, Kind.TEMPLATE: Checker._template, Kind.EFFECTS: Checker._effects,
    Kind.CITATIONS: Checker._citations,
}
