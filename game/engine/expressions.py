"""The scenario expression language: conditions, formulas, placeholders and effects.

Each expression is parsed once, at load, with Python's `ast` (eval mode for expressions, one
statement for effects), checked against a whitelist of node types and the scenario's names,
type-checked, and compiled into plain closures. Nothing from a scenario ever reaches `eval`
or `exec`; anything outside the whitelist is a load error.

Numbers stay within MAX_NUMBER either way: steps with constants alone are worked out at load,
the rest check their result in play and raise ExpressionFault, in plain words, when it is out
of range or divides by zero; the game adds where the expression was written.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import functools
import operator
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from game.engine.dates import DateError, parse_date

# The types an expression can have.
NUM, BOOL, STR, DATE = "number", "true/false", "text", "date"

MAX_SOURCE = 1000          # characters in one expression
MAX_NUMBER = 10**12        # largest constant
MAX_EXPONENT = 16          # `x ** n` only for a small constant n
MAX_STATEMENTS = 20        # effects under one `if`

Evaluator = Callable[[Any], Any]
Action = Callable[[Any], None]


class ExpressionError(Exception):
    """A problem in an expression; `offset` is the character where it starts."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class ExpressionFault(Exception):
    """An expression that cannot be worked out in play (a division by zero, a number out of
    range), in plain words; the game adds where it was written."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def out_of_range(where: str) -> str:
    """Why a result cannot be used: numbers in play stay within MAX_NUMBER either way."""
    return f"'{where}' is out of range (numbers in play stay between -10^12 and 10^12)"


@dataclass
class Symbols:
    """The names a scenario defines, against which expressions are checked."""

    stats: set[str] = field(default_factory=set)
    characters: set[str] = field(default_factory=set)
    factions: set[str] = field(default_factory=set)
    offices: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    codex: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    choices: dict[str, set[str]] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)   # flag -> NUM or BOOL
    turns: int | None = None      # how many turns the scenario has, where known

    def kind_names(self, kind: str) -> set[str]:
        return {
            "character": self.characters, "faction": self.factions, "office": self.offices,
            "body": self.bodies, "event": self.events, "codex": self.codex,
            "ending": self.endings, "role": self.roles,
        }[kind]


# ---------------------------------------------------------------------------------------
# Date literals: `1925-01` would parse as a subtraction, so before parsing each date outside
# a string is replaced by an identifier of exactly the same length (columns stay true).

_DATE_NAME = re.compile(r"^D(\d{4})(\d{2})(\d{2})?_?$")
_STRING_OR_DATE = re.compile(
    r"(\"(?:\\.|[^\"\\])*\"?|'(?:\\.|[^'\\])*'?)"          # a string literal: left alone
    r"|(?<![\w.])(\d{4})-(\d{2})(?:-(\d{2}))?(?![\w.])"   # a date: masked
)
_HAS_DATE = re.compile(r"\d{4}-\d{2}")


def _mask_date(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return m.group(1)
    y, mo, d = m.group(2), m.group(3), m.group(4)
    return f"D{y}{mo}{d}_" if d else f"D{y}{mo}"


def _mask_dates(src: str) -> str:
    if not _HAS_DATE.search(src):
        return src
    return _STRING_OR_DATE.sub(_mask_date, src)


# ---------------------------------------------------------------------------------------
# Functions the language knows. Each argument is a kind: an id kind (checked against the
# scenario, and required to be a quoted constant) or a value type.

@dataclass(frozen=True)
class _Fn:
    args: tuple[str, ...]          # kinds of the required arguments
    optional: tuple[str, ...] = ()  # kinds of optional trailing arguments
    variadic: str | None = None     # kind of any further arguments
    returns: str | None = BOOL      # None: an effect, no value
    random: bool = False            # uses the game's random generator
    method: str = ""                # the world's method that carries it out


_FUNCTIONS: dict[str, _Fn] = {
    # queries
    "ally": _Fn(("character",), method="ally"),
    "member": _Fn(("faction",), optional=("character",), method="member"),
    "size": _Fn(("faction",), returns=NUM, method="faction_size"),
    "holds": _Fn(("character", "office"), method="holds"),
    "alive": _Fn(("character",), method="alive"),
    "votes": _Fn(("body",), returns=NUM, method="votes"),
    "majority": _Fn(("body",), method="majority"),
    "met": _Fn(("event",), method="met_event"),
    "chose": _Fn(("event", "choice"), method="chose"),
    "unlocked": _Fn(("codex",), method="is_unlocked"),
    "min": _Fn((NUM, NUM), variadic=NUM, returns=NUM),
    "max": _Fn((NUM, NUM), variadic=NUM, returns=NUM),
    "abs": _Fn((NUM,), returns=NUM),
    "clamp": _Fn((NUM, NUM, NUM), returns=NUM),
    "chance": _Fn((NUM,), random=True, method="chance"),
    "roll": _Fn((NUM, NUM), returns=NUM, random=True, method="roll"),
    # effects
    "join": _Fn(("faction",), optional=("character",), returns=None, method="join"),
    "leave": _Fn(("faction",), optional=("character",), returns=None, method="leave"),
    "form": _Fn(("faction",), variadic="character", returns=None, method="form"),
    "dissolve": _Fn(("faction",), returns=None, method="dissolve"),
    "appoint": _Fn(("character", "office"), returns=None, method="appoint"),
    "dismiss": _Fn(("character", "office"), returns=None, method="dismiss"),
    "dies": _Fn(("character",), returns=None, method="dies"),
    "unlock": _Fn(("codex",), returns=None, method="unlock"),
    "schedule": _Fn(("event",), optional=(NUM,), returns=None, method="schedule"),
    "end": _Fn(("ending",), returns=None, method="end"),
}
_VALUE_KINDS = {NUM, BOOL, STR, DATE}
_QUERY_NAMES = sorted(k for k, f in _FUNCTIONS.items() if f.returns is not None)
_EFFECT_NAMES = sorted(k for k, f in _FUNCTIONS.items() if f.returns is None)

_SPECIAL_NAMES = {"date": DATE, "turn": NUM, "role": STR}
_BOOL_NAMES = {"true": True, "false": False, "True": True, "False": False}

_ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_OP_TEXT = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
            ast.Mod: "%", ast.Pow: "**"}
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}

# Friendly words for the constructs the language refuses.
_REFUSED = {
    ast.Lambda: "lambdas are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.NamedExpr: "':=' is not allowed",
    ast.Subscript: "indexing is not allowed",
    ast.Starred: "'*' unpacking is not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.Await: "'await' is not allowed",
    ast.Yield: "'yield' is not allowed",
    ast.YieldFrom: "'yield' is not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Dict: "dictionaries are not allowed",
    ast.Set: "sets are not allowed",
    ast.Import: "import is not allowed",
    ast.ImportFrom: "import is not allowed",
}


_NO_VALUE = object()


def _const(value: Any) -> Evaluator:
    """An evaluator of a constant, marked so that callers can fold it in."""
    f = lambda w: value
    f.const = value  # type: ignore[attr-defined]
    return f


def _const_of(f: Evaluator) -> Any:
    return getattr(f, "const", _NO_VALUE)


def did_you_mean(name: str, choices: set[str] | list[str]) -> str:
    """` (did you mean 'x'?)` when a close match exists, else empty."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Compiler:
    """Compiles one expression or effect against the scenario's symbols."""

    def __init__(self, src: str, symbols: Symbols, *, allow_random: bool, masked: str) -> None:
        self.src = src
        self.masked = masked
        self.symbols = symbols
        self.allow_random = allow_random
        self.statements = 0
        self._line_starts: list[int] | None = None

    # -- positions ------------------------------------------------------------------------
    def offset(self, node: ast.AST) -> int:
        if self._line_starts is None:
            self._line_starts = [0] + [i + 1 for i, ch in enumerate(self.masked) if ch == "\n"]
        lineno = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        start = self._line_starts[min(lineno, len(self._line_starts)) - 1]
        line = self.masked[start:].split("\n", 1)[0]
        return start + len(line.encode("utf-8")[:col].decode("utf-8", "ignore"))

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(message, self.offset(node))

    def text_of(self, node: ast.AST) -> str:
        seg = ast.get_source_segment(self.masked, node) or ""
        start = self.offset(node)
        return self.src[start:start + len(seg)] if seg else ""

    # -- expressions ----------------------------------------------------------------------
    def expr(self, node: ast.AST) -> tuple[str, Evaluator]:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what = self.text_of(node) or type(node).__name__
            raise self.fail(node, _REFUSED.get(type(node), f"'{what}' is not allowed in an expression"))
        return method(node)

    def _Constant(self, node: ast.Constant) -> tuple[str, Evaluator]:
        v = node.value
        if isinstance(v, bool):
            return BOOL, _const(v)
        if isinstance(v, (int, float)):
            if abs(v) > MAX_NUMBER:
                raise self.fail(node, f"number {self.text_of(node)} is too large")
            return NUM, _const(v)
        if isinstance(v, str):
            return STR, _const(v)
        raise self.fail(node, f"'{self.text_of(node)}' is not allowed in an expression")

    def _Name(self, node: ast.Name) -> tuple[str, Evaluator]:
        name = node.id
        if name.startswith("__"):
            raise self.fail(node, f"'{name}': names with double underscores are not allowed")
        m = _DATE_NAME.match(name)
        if m:
            y, mo, d = m.groups()
            try:
                value = parse_date(f"{y}-{mo}-{d}" if d else f"{y}-{mo}")
            except DateError as e:
                raise self.fail(node, str(e)) from None
            return DATE, _const(value)
        if name in _BOOL_NAMES:
            return BOOL, _const(_BOOL_NAMES[name])
        if name in self.symbols.stats:
            return NUM, lambda w, n=name: w.stats[n]
        if name == "date":
            return DATE, lambda w: w.date
        if name == "turn":
            return NUM, lambda w: w.turn
        if name == "role":
            return STR, lambda w: w.role
        if name in _FUNCTIONS:
            raise self.fail(node, f"'{name}' is a function: write {name}(...)")
        if name in ("rel", "flags"):
            raise self.fail(node, f"'{name}' needs a name after it: {name}.NAME")
        known = set(self.symbols.stats) | set(_SPECIAL_NAMES) | {"true", "false"}
        hint = did_you_mean(name, known)
        if not hint and name in self.symbols.flags:
            hint = f" (did you mean 'flags.{name}'?)"
        if not hint and name in self.symbols.characters:
            hint = f" (did you mean 'rel.{name}' or a quoted \"{name}\"?)"
        raise self.fail(node, f"unknown name '{name}'{hint}")

    def _Attribute(self, node: ast.Attribute) -> tuple[str, Evaluator]:
        base, attr = node.value, node.attr
        if not isinstance(base, ast.Name) or base.id not in ("rel", "flags"):
            raise self.fail(node, "attribute access is not allowed (only rel.NAME and flags.NAME)")
        if attr.startswith("__"):
            raise self.fail(node, f"'{attr}': names with double underscores are not allowed")
        if base.id == "rel":
            if attr not in self.symbols.characters:
                raise self.fail(node, f"unknown character '{attr}' in 'rel.{attr}'"
                                      f"{did_you_mean(attr, self.symbols.characters)}")
            return NUM, lambda w, c=attr: w.rel[c]
        kind = self.symbols.flags.get(attr)
        if kind is None:
            raise self.fail(node, f"flag '{attr}' is never set by any effect"
                                  f"{did_you_mean(attr, set(self.symbols.flags))}")
        default = False if kind == BOOL else 0
        return kind, lambda w, f=attr, d=default: w.flags.get(f, d)

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[str, Evaluator]:
        t, f = self.expr(node.operand)
        if isinstance(node.op, ast.Not):
            self.need(node.operand, t, BOOL, "'not'")
            return BOOL, lambda w: not f(w)
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            self.need(node.operand, t, NUM, "'-'")
            if isinstance(node.op, ast.UAdd):
                return NUM, f
            if _const_of(f) is not _NO_VALUE:
                return NUM, _const(-_const_of(f))
            return NUM, lambda w: -f(w)
        raise self.fail(node, "'~' is not allowed")

    def _BoolOp(self, node: ast.BoolOp) -> tuple[str, Evaluator]:
        parts = []
        for v in node.values:
            t, f = self.expr(v)
            self.need(v, t, BOOL, "'and'/'or'")
            parts.append(f)
        if isinstance(node.op, ast.And):
            if len(parts) == 2:
                a, b = parts
                return BOOL, lambda w: a(w) and b(w)
            return BOOL, lambda w: all(p(w) for p in parts)
        if len(parts) == 2:
            a, b = parts
            return BOOL, lambda w: a(w) or b(w)
        return BOOL, lambda w: any(p(w) for p in parts)

    def _BinOp(self, node: ast.BinOp) -> tuple[str, Evaluator]:
        op = type(node.op)
        if op not in _ARITH:
            raise self.fail(node, f"operator '{self.text_of(node)}' is not allowed")
        lt, lf = self.expr(node.left)
        rt, rf = self.expr(node.right)
        sym = _OP_TEXT[op]
        self.need(node.left, lt, NUM, f"'{sym}'")
        self.need(node.right, rt, NUM, f"'{sym}'")
        if op is ast.Pow:
            if any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) for n in ast.walk(node.left)):
                raise self.fail(node, "'**' cannot be nested")
            r = node.right
            if not (isinstance(r, ast.Constant) and isinstance(r.value, int)
                    and not isinstance(r.value, bool) and 0 <= r.value <= MAX_EXPONENT):
                raise self.fail(node, f"'**' needs a whole-number constant exponent from 0 to {MAX_EXPONENT}")
        return NUM, self.arithmetic(node, node.right, op, lf, rf, self.text_of(node))

    def arithmetic(self, node: ast.AST, right: ast.AST, op: type, lf: Evaluator, rf: Evaluator,
                   where: str) -> Evaluator:
        """`lf op rf`, bounded: worked out now when both sides are constants, else in play."""
        fn = _ARITH[op]
        lc, rc = _const_of(lf), _const_of(rf)
        divides = op in (ast.Div, ast.FloorDiv, ast.Mod)
        if divides and rc is not _NO_VALUE and rc == 0:
            raise self.fail(right, f"division by zero in '{where}'")
        if lc is not _NO_VALUE and rc is not _NO_VALUE:
            value = fn(lc, rc)      # constants are within MAX_NUMBER, so this cannot overflow
            if not -MAX_NUMBER <= value <= MAX_NUMBER:
                raise self.fail(node, out_of_range(where))
            return _const(value)
        return _bounded(fn, lf, rf, where, divides)

    def _Compare(self, node: ast.Compare) -> tuple[str, Evaluator]:
        operands = [node.left, *node.comparators]
        typed = [self.expr(o) for o in operands]
        checks = []
        for i, op in enumerate(node.ops):
            if type(op) not in _COMPARE:
                raise self.fail(node, f"'{self.text_of(node)}': 'in', 'is' and the like are not allowed")
            (lt, lf), (rt, rf) = typed[i], typed[i + 1]
            if lt != rt:
                raise self.fail(operands[i + 1], f"cannot compare {lt} with {rt} in '{self.text_of(node)}'")
            if lt == BOOL and type(op) not in (ast.Eq, ast.NotEq):
                raise self.fail(node, f"true/false values can only be compared with == or != in '{self.text_of(node)}'")
            self.check_role_literal(operands[i], operands[i + 1])
            checks.append((_COMPARE[type(op)], lf, rf))
        if len(checks) == 1:
            cmp, lf, rf = checks[0]
            rc = _const_of(rf)
            if rc is not _NO_VALUE:
                return BOOL, lambda w: cmp(lf(w), rc)
            return BOOL, lambda w: cmp(lf(w), rf(w))
        return BOOL, lambda w: all(cmp(lf(w), rf(w)) for cmp, lf, rf in checks)

    def check_role_literal(self, a: ast.AST, b: ast.AST) -> None:
        """`role == "stalnn"` is a typo the loader can catch."""
        for x, y in ((a, b), (b, a)):
            if isinstance(x, ast.Name) and x.id == "role" and isinstance(y, ast.Constant) \
                    and isinstance(y.value, str) and y.value not in self.symbols.roles:
                raise self.fail(y, f"unknown role '{y.value}'{did_you_mean(y.value, self.symbols.roles)}")

    def _IfExp(self, node: ast.IfExp) -> tuple[str, Evaluator]:
        ct, cf = self.expr(node.test)
        self.need(node.test, ct, BOOL, "'if'")
        at, af = self.expr(node.body)
        bt, bf = self.expr(node.orelse)
        if at != bt:
            raise self.fail(node, f"both branches of '... if ... else ...' must have one type, not {at} and {bt}")
        return at, lambda w: af(w) if cf(w) else bf(w)

    def _Call(self, node: ast.Call) -> tuple[str, Evaluator]:
        fn, args = self.call_args(node, want_effect=False)
        name = node.func.id  # type: ignore[attr-defined]
        if name in ("min", "max"):
            agg = min if name == "min" else max
            return NUM, lambda w: agg(a(w) for a in args)
        if name == "abs":
            (a,) = args
            return NUM, lambda w: abs(a(w))
        if name == "clamp":
            x, lo, hi = args
            return NUM, lambda w: max(lo(w), min(hi(w), x(w)))
        return fn.returns or BOOL, self.bind(fn.method, args)

    @staticmethod
    def bind(method: str, args: list[Evaluator]) -> Evaluator:
        """A closure that calls the world's `method` with the evaluated arguments."""
        consts = [_const_of(a) for a in args]
        if all(c is not _NO_VALUE for c in consts):
            if len(consts) == 1:
                (c,) = consts
                return lambda w: getattr(w, method)(c)
            values = tuple(consts)
            return lambda w: getattr(w, method)(*values)
        if len(args) == 1:
            (a,) = args
            return lambda w: getattr(w, method)(a(w))
        if len(args) == 2:
            a, b = args
            return lambda w: getattr(w, method)(a(w), b(w))
        return lambda w: getattr(w, method)(*[a(w) for a in args])

    def call_args(self, node: ast.Call, *, want_effect: bool) -> tuple[_Fn, list[Evaluator]]:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.fail(node, "only the game's functions can be called, by name")
        name = func.id
        fn = _FUNCTIONS.get(name)
        if fn is None:
            pool = _EFFECT_NAMES if want_effect else _QUERY_NAMES
            hint = did_you_mean(name, pool) or f" (functions: {', '.join(pool)})"
            raise self.fail(node, f"unknown function '{name}'{hint}")
        if want_effect and fn.returns is not None:
            raise self.fail(node, f"'{name}(...)' is a value, not an effect (effects: {', '.join(_EFFECT_NAMES)})")
        if not want_effect and fn.returns is None:
            raise self.fail(node, f"'{name}(...)' is an effect and cannot be used in an expression")
        if fn.random and not self.allow_random:
            raise self.fail(node, f"'{name}(...)' is random and can only be used in effects")
        if node.keywords:
            raise self.fail(node, f"'{name}(...)' takes no keyword arguments")
        n = len(node.args)
        lo = len(fn.args)
        hi = None if fn.variadic else lo + len(fn.optional)
        if n < lo or (hi is not None and n > hi):
            want = f"{lo}" if hi == lo else (f"{lo} or more" if hi is None else f"{lo} to {hi}")
            raise self.fail(node, f"'{name}(...)' takes {want} argument{'s' if want != '1' else ''}, not {n}")
        kinds = list(fn.args) + list(fn.optional) + [fn.variadic] * max(0, n - lo - len(fn.optional))
        out: list[Evaluator] = []
        for i, (arg, kind) in enumerate(zip(node.args, kinds)):
            if kind in _VALUE_KINDS:
                t, f = self.expr(arg)
                self.need(arg, t, kind, f"argument {i + 1} of '{name}'")
                out.append(f)
            else:
                out.append(self.id_arg(arg, kind, name, node.args))
        return fn, out

    def id_arg(self, arg: ast.AST, kind: str, fname: str, all_args: list[ast.expr]) -> Evaluator:
        if isinstance(arg, ast.Starred):
            raise self.fail(arg, "'*' unpacking is not allowed")
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise self.fail(arg, f"'{fname}(...)' needs a {kind} id in quotes, like {fname}(\"...\")")
        value = arg.value
        if kind == "choice":
            event = all_args[0].value if isinstance(all_args[0], ast.Constant) else ""
            known = self.symbols.choices.get(event, set())
            if value not in known:
                raise self.fail(arg, f"event '{event}' has no choice '{value}'{did_you_mean(value, known)}")
        else:
            known = self.symbols.kind_names(kind)
            if value not in known:
                raise self.fail(arg, f"unknown {kind} '{value}'{did_you_mean(value, known)}")
        return _const(value)

    def need(self, node: ast.AST, got: str, want: str, what: str) -> None:
        if got != want:
            raise self.fail(node, f"{what} needs {want}, but '{self.text_of(node)}' is {got}")

    # -- effects --------------------------------------------------------------------------
    def statement(self, node: ast.stmt) -> Action:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            fn, args = self.call_args(node.value, want_effect=True)
            if fn.method == "schedule" and len(args) == 2:
                self.check_delay(node.value.args[1], _const_of(args[1]))
            return self.bind(fn.method, args)
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1:
                raise self.fail(node, "assign one thing at a time")
            setter, want = self.target(node.targets[0])
            t, f = self.expr(node.value)
            self.need(node.value, t, want, f"'{self.text_of(node.targets[0])}'")
            return lambda w: setter(w, f(w))
        if isinstance(node, ast.AugAssign):
            op = type(node.op)
            if op not in _ARITH or op is ast.Pow:
                raise self.fail(node, f"'{_OP_TEXT.get(op, '?')}=' is not allowed (use +=, -=, *=, /=, //= or %=)")
            setter, want = self.target(node.target)
            _getter_t, getter = self.expr(_as_load(node.target))
            if want != NUM:
                raise self.fail(node, f"'{self.text_of(node.target)}' is {want}: use '=' not '{_OP_TEXT[op]}='")
            t, f = self.expr(node.value)
            self.need(node.value, t, NUM, f"'{_OP_TEXT[op]}='")
            result = self.arithmetic(node, node.value, op, getter, f, self.text_of(node))
            return lambda w: setter(w, result(w))
        if isinstance(node, ast.If):
            self.statements += len(node.body) + len(node.orelse)
            if self.statements > MAX_STATEMENTS:
                raise self.fail(node, f"too many effects under one 'if' (more than {MAX_STATEMENTS})")
            ct, cond = self.expr(node.test)
            self.need(node.test, ct, BOOL, "'if'")
            body = [self.statement(s) for s in node.body]
            orelse = [self.statement(s) for s in node.orelse]

            def conditional(w: Any) -> None:
                for action in (body if cond(w) else orelse):
                    action(w)
            return conditional
        if type(node) in _REFUSED:
            raise self.fail(node, _REFUSED[type(node)])
        if isinstance(node, ast.Expr):
            raise self.fail(node, f"'{self.text_of(node.value)}' does nothing: an effect changes something "
                                  f"(like 'prestige += 5' or 'join(\"troika\")')")
        raise self.fail(node, f"'{type(node).__name__.lower()}' statements are not allowed in effects")

    def check_delay(self, node: ast.AST, delay: Any) -> None:
        """A constant delay of `schedule` that could never be met is a mistake found at load."""
        if delay is _NO_VALUE:
            return
        if delay < 0 or delay != int(delay):
            raise self.fail(node, f"'schedule(...)' needs a whole number of turns from 0, not {self.text_of(node)}")
        turns = self.symbols.turns
        if turns is not None and delay > turns:
            raise self.fail(node, f"'schedule(...)' delay of {self.text_of(node)} turns is longer than the whole "
                                  f"scenario ({turns} turns): the event could never happen")

    def target(self, node: ast.AST) -> tuple[Callable[[Any, Any], None], str]:
        if isinstance(node, ast.Name):
            if node.id in self.symbols.stats:
                return (lambda w, v, n=node.id: w.set_stat(n, v)), NUM
            if node.id in _SPECIAL_NAMES:
                raise self.fail(node, f"'{node.id}' cannot be set")
            hint = did_you_mean(node.id, self.symbols.stats)
            if not hint and node.id in self.symbols.flags:
                hint = f" (did you mean 'flags.{node.id}'?)"
            raise self.fail(node, f"unknown stat '{node.id}'{hint}")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "rel":
                if node.attr not in self.symbols.characters:
                    raise self.fail(node, f"unknown character '{node.attr}' in 'rel.{node.attr}'"
                                          f"{did_you_mean(node.attr, self.symbols.characters)}")
                return (lambda w, v, c=node.attr: w.set_rel(c, v)), NUM
            if node.value.id == "flags":
                if node.attr.startswith("__"):
                    raise self.fail(node, f"'{node.attr}': names with double underscores are not allowed")
                kind = self.symbols.flags.get(node.attr, BOOL)
                return (lambda w, v, f=node.attr: w.set_flag(f, v)), kind
        raise self.fail(node, f"'{self.text_of(node)}' cannot be set (set a stat, rel.NAME or flags.NAME)")


def _bounded(fn: Callable[[Any, Any], Any], lf: Evaluator, rf: Evaluator, where: str,
             divides: bool) -> Evaluator:
    """An evaluator of `fn(lf, rf)` that stops, in plain words, at a zero divisor or a result
    out of range: the operands are always in range, so nothing can overflow on the way."""
    lo, hi = -MAX_NUMBER, MAX_NUMBER
    rc = _const_of(rf)
    if divides:
        def divide(w: Any) -> Any:
            b = rf(w)
            if b == 0:
                raise ExpressionFault(f"division by zero in '{where}'")
            r = fn(lf(w), b)
            if lo <= r <= hi:
                return r
            raise ExpressionFault(out_of_range(where))
        return divide
    if rc is not _NO_VALUE:
        def with_constant(w: Any) -> Any:
            r = fn(lf(w), rc)
            if lo <= r <= hi:
                return r
            raise ExpressionFault(out_of_range(where))
        return with_constant

    def either(w: Any) -> Any:
        r = fn(lf(w), rf(w))
        if lo <= r <= hi:
            return r
        raise ExpressionFault(out_of_range(where))
    return either


def _as_load(node: ast.expr) -> ast.expr:
    """The same target read as a value (for `x += 1`)."""
    copy = ast.copy_location(
        ast.Name(node.id, ast.Load()) if isinstance(node, ast.Name)
        else ast.Attribute(node.value, node.attr, ast.Load()),  # type: ignore[attr-defined]
        node,
    )
    return copy


# ---------------------------------------------------------------------------------------
# Parsing with limits, shared by expressions and effects.

@functools.lru_cache(maxsize=8192)
def _parse(src: str, mode: str) -> tuple[ast.AST, str]:
    """Parse once per distinct text (trees are never modified after parsing)."""
    if not isinstance(src, str):
        raise ExpressionError("an expression must be text")
    if len(src) > MAX_SOURCE:
        raise ExpressionError(f"expression is too long ({len(src)} characters; the limit is {MAX_SOURCE})")
    if not src.strip():
        raise ExpressionError("expression is empty")
    if "\x00" in src:
        raise ExpressionError("expression contains a NUL character", src.index("\x00"))
    masked = _mask_dates(src)
    try:
        with warnings.catch_warnings():
            # Python only warns about `99and`; in a scenario it is an error like any other.
            warnings.simplefilter("error")
            tree = ast.parse(masked, mode=mode)
    except SyntaxError as e:
        offset = _syntax_offset(masked, e)
        msg = e.msg
        if "invalid syntax" in msg:
            msg = "invalid syntax"
        raise ExpressionError(f"{msg}", offset) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("expression cannot be read (too deep or malformed)") from None
    return tree, masked


def _syntax_offset(src: str, e: SyntaxError) -> int:
    lines = src.split("\n")
    lineno = max(1, min(e.lineno or 1, len(lines)))
    start = sum(len(line) + 1 for line in lines[:lineno - 1])
    col = max(0, (e.offset or 1) - 1)
    return min(start + col, len(src))


def compile_expression(src: str, symbols: Symbols, *, want: str | None = None,
                       allow_random: bool = False) -> tuple[str, Evaluator]:
    """Compile a condition or formula; returns its type and an evaluator `f(world)`."""
    lead = len(src) - len(src.lstrip())
    if lead:
        try:
            return compile_expression(src[lead:], symbols, want=want, allow_random=allow_random)
        except ExpressionError as e:
            raise ExpressionError(e.message, e.offset + lead) from None
    tree, masked = _parse(src, "eval")
    c = _Compiler(src, symbols, allow_random=allow_random, masked=masked)
    body = tree.body  # type: ignore[attr-defined]
    try:
        t, f = c.expr(body)
    except RecursionError:
        raise ExpressionError("expression is nested too deeply") from None
    if want is not None and t != want:
        raise ExpressionError(f"'{src.strip()}' is {t}, but {want} is needed here", c.offset(body))
    return t, f


def compile_effect(src: str, symbols: Symbols) -> Action:
    """Compile one effect line into an action `f(world)`."""
    tree, masked = _parse(src, "exec")
    body = tree.body  # type: ignore[attr-defined]
    if not body:
        raise ExpressionError("effect is empty", 0)
    if len(body) != 1:
        raise ExpressionError("write one effect per line", 0)
    c = _Compiler(src, symbols, allow_random=True, masked=masked)
    try:
        return c.statement(body[0])
    except RecursionError:
        raise ExpressionError("effect is nested too deeply") from None


def effect_flag_writes(src: str, stats: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str | None, int]]:
    """The flags an effect line sets, each with its type where the line shows it.

    Used before compiling so that reads of a flag anywhere know its type. Lines that do
    not parse yield nothing here; compiling them reports the problem.
    """
    if "flags" not in src:
        return []
    try:
        tree, masked = _parse(src, "exec")
    except ExpressionError:
        return []
    c = _Compiler(src, Symbols(), allow_random=True, masked=masked)
    found: list[tuple[str, str | None, int]] = []
    statements = list(tree.body)  # type: ignore[attr-defined]
    while statements:
        node = statements.pop()
        if isinstance(node, ast.If):
            statements.extend(node.body)
            statements.extend(node.orelse)
        elif isinstance(node, ast.AugAssign):
            t = node.target
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "flags":
                found.append((t.attr, NUM, c.offset(t)))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "flags":
                found.append((t.attr, _peek_type(node.value, stats), c.offset(t)))
    return found


def _peek_type(node: ast.AST, stats: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The type of a value where it is plain from its shape and the stats' names alone."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            return BOOL
        if isinstance(node.value, (int, float)):
            return NUM
        return None
    if isinstance(node, ast.Name):
        if node.id in _BOOL_NAMES:
            return BOOL
        if node.id == "turn" or node.id in stats:
            return NUM
        return None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "rel":
        return NUM
    if isinstance(node, ast.IfExp):
        return _peek_type(node.body, stats) or _peek_type(node.orelse, stats)
    if isinstance(node, (ast.BoolOp, ast.Compare)) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
        return BOOL
    if isinstance(node, ast.BinOp) or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)):
        return NUM
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS:
        return _FUNCTIONS[node.func.id].returns
    return None


# ---------------------------------------------------------------------------------------
# Text with placeholders: "{prestige}" and friends.

@dataclass(frozen=True)
class Template:
    """Text split into literal parts and compiled placeholders, with where each placeholder's
    expression starts in the text."""

    parts: tuple[str | Evaluator, ...]
    offsets: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        literal = self.parts[0] if len(self.parts) == 1 and isinstance(self.parts[0], str) else None
        object.__setattr__(self, "_literal", literal)
        object.__setattr__(self, "_dynamic", tuple((p, not isinstance(p, str)) for p in self.parts))

    def render(self, world: Any, fmt: Callable[[Any], str] = str) -> str:
        literal = self._literal  # type: ignore[attr-defined]
        if literal is not None:
            return literal
        return "".join([fmt(p(world)) if dynamic else p  # type: ignore[operator]
                        for p, dynamic in self._dynamic])  # type: ignore[attr-defined]

    def failing_placeholder(self, world: Any) -> int:
        """Which placeholder (0 for the first) stops `render`; placeholders change nothing,
        so working them out again is safe."""
        placeholders = [p for p in self.parts if not isinstance(p, str)]
        for k, p in enumerate(placeholders):
            try:
                p(world)
            except Exception:
                return k
        return 0


def compile_template(text: str, symbols: Symbols) -> Template:
    """Compile `{...}` placeholders; `{{` and `}}` are literal braces."""
    parts: list[str | Evaluator] = []
    offsets: list[int] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "{" and text.startswith("{{", i):
            buf.append("{")
            i += 2
        elif ch == "}" and text.startswith("}}", i):
            buf.append("}")
            i += 2
        elif ch == "{":
            j = text.find("}", i + 1)
            if j < 0:
                raise ExpressionError("'{' without a closing '}' (write '{{' for a literal brace)", i)
            inner = text[i + 1:j]
            try:
                _, f = compile_expression(inner, symbols)
            except ExpressionError as e:
                raise ExpressionError(f"in placeholder '{{{inner}}}': {e.message}", i + 1 + e.offset) from None
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(f)
            offsets.append(i + 1 + len(inner) - len(inner.lstrip()))
            i = j + 1
        elif ch == "}":
            raise ExpressionError("'}' without an opening '{' (write '}}' for a literal brace)", i)
        else:
            buf.append(ch)
            i += 1
    if buf or not parts:
        parts.append("".join(buf))
    return Template(tuple(parts), tuple(offsets))


def literal_dates(src: str) -> list[tuple[date, int]]:
    """Dates written in an expression, with their offsets (for range checks)."""
    out = []
    masked = _mask_dates(src)
    for m in re.finditer(r"D(\d{4})(\d{2})(\d{2})?_?", masked):
        if m.start() > 0 and (masked[m.start() - 1].isalnum() or masked[m.start() - 1] in "_."):
            continue
        y, mo, d = m.groups()
        with contextlib.suppress(DateError):
            out.append((parse_date(f"{y}-{mo}-{d}" if d else f"{y}-{mo}"), m.start()))
    return out
