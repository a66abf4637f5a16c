"""The words of the expression language: its types, limits, names and functions."""

from __future__ import annotations

import ast
import difflib
import operator
from collections.abc import Callable
from dataclasses import field
from typing import Any

from game.engine.errors import ExpressionFault
from game.engine.model import MAX_NUMBER
from game.structs import struct

__all__ = ["MAX_NUMBER", "ExpressionFault"]

# The types an expression can have.
NUM, BOOL, STR, DATE = "number", "true/false", "text", "date"

MAX_SOURCE = 1000          # characters in one expression
MAX_EXPONENT = 16          # `x ** n` only for a small constant n
MAX_STATEMENTS = 20        # effects under one `if`

Evaluator = Callable[[Any], Any]
Action = Callable[[Any], None]


class ExpressionError(Exception):
    """A problem in an expression; `offset` is the character where it starts, `code` its kind
    (game.scenario.codes): an expression that cannot be read unless said otherwise."""

    def __init__(self, message: str, offset: int = 0, code: str = "bad-expression") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.code = code


def out_of_range(where: str) -> str:
    """Why a result cannot be used: numbers in play stay within MAX_NUMBER either way."""
    return f"'{where}' is out of range (numbers in play stay between -10^12 and 10^12)"


@struct
class Symbols:
    """The names a scenario defines, against which expressions are checked."""

    stats: set[str] = field(default_factory=set)
    characters: set[str] = field(default_factory=set)
    factions: set[str] = field(default_factory=set)
    offices: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    votes: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    codex: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    chapters: set[str] = field(default_factory=set)
    choices: dict[str, set[str]] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)   # flag -> NUM or BOOL
    turns: int | None = None      # how many turns the scenario has, where known

    def kind_names(self, kind: str) -> set[str]:
        return {
            "character": self.characters, "faction": self.factions, "office": self.offices,
            "body": self.bodies, "vote": self.votes, "event": self.events, "codex": self.codex,
            "ending": self.endings, "role": self.roles, "stat": self.stats, "chapter": self.chapters,
        }[kind]


# ---------------------------------------------------------------------------------------
# Functions the language knows. Each argument is a kind: an id kind (checked against the
# scenario, and required to be a quoted constant) or a value type.

@struct(frozen=True)
class Fn:
    args: tuple[str, ...]          # kinds of the required arguments
    optional: tuple[str, ...] = ()  # kinds of optional trailing arguments
    variadic: str | None = None     # kind of any further arguments
    returns: str | None = BOOL      # None: an effect, no value
    random: bool = False            # uses the game's random generator
    method: str = ""                # the world's method that carries it out


FUNCTIONS: dict[str, Fn] = {
    # queries
    "ally": Fn(("character",), method="ally"),
    "member": Fn(("faction",), optional=("character",), method="member"),
    "size": Fn(("faction",), returns=NUM, method="faction_size"),
    "holds": Fn(("character", "office"), method="holds"),
    "alive": Fn(("character",), method="alive"),
    "votes": Fn(("body",), returns=NUM, method="votes"),
    "majority": Fn(("body",), method="majority"),
    "tie": Fn(("character", "character"), returns=NUM, method="tie"),
    "passed": Fn(("vote",), method="passed"),
    "held": Fn(("vote",), method="held"),
    "tally": Fn(("vote",), returns=NUM, method="tally"),
    "whip": Fn(("vote",), returns=NUM, method="whip"),
    "met": Fn(("event",), method="met_event"),
    # when events happened
    "since": Fn(("event",), returns=NUM, method="since"),
    "date_of": Fn(("event",), returns=DATE, method="date_of"),
    "chose": Fn(("event", "choice"), method="chose"),
    "unlocked": Fn(("codex",), method="is_unlocked"),
    "min": Fn((NUM, NUM), variadic=NUM, returns=NUM),
    "max": Fn((NUM, NUM), variadic=NUM, returns=NUM),
    "abs": Fn((NUM,), returns=NUM),
    "clamp": Fn((NUM, NUM, NUM), returns=NUM),
    "name": Fn(("character",), returns=STR, method="name_of"),
    "Name": Fn(("character",), returns=STR, method="name_at_start"),
    "their": Fn(("character",), returns=STR, method="possessive"),
    "chance": Fn((NUM,), random=True, method="chance"),
    "roll": Fn((NUM, NUM), returns=NUM, random=True, method="roll"),
    # effects
    "join": Fn(("faction",), optional=("character",), returns=None, method="join"),
    "leave": Fn(("faction",), optional=("character",), returns=None, method="leave"),
    "form": Fn(("faction",), variadic="character", returns=None, method="form"),
    "dissolve": Fn(("faction",), returns=None, method="dissolve"),
    "appoint": Fn(("character", "office"), returns=None, method="appoint"),
    "dismiss": Fn(("character", "office"), returns=None, method="dismiss"),
    "dies": Fn(("character",), returns=None, method="dies"),
    "unlock": Fn(("codex",), returns=None, method="unlock"),
    "schedule": Fn(("event",), optional=(NUM,), returns=None, method="schedule"),
    "end": Fn(("ending",), returns=None, method="end"),
    "warm": Fn(("character", "character", NUM), returns=None, method="warm"),
    "cool": Fn(("character", "character", NUM), returns=None, method="cool"),
    "hold": Fn(("vote",), returns=None, random=True, method="hold"),
}
VALUE_KINDS = {NUM, BOOL, STR, DATE}
QUERY_NAMES = sorted(k for k, f in FUNCTIONS.items() if f.returns is not None)
EFFECT_NAMES = sorted(k for k, f in FUNCTIONS.items() if f.returns is None)

SPECIAL_NAMES = {"date": DATE, "turn": NUM, "role": STR}
BOOL_NAMES = {"true": True, "false": False, "True": True, "False": False}

ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
OP_TEXT = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
            ast.Mod: "%", ast.Pow: "**"}
COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}

# Friendly words for the constructs the language refuses.
REFUSED = {
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


NO_VALUE = object()


def const(value: Any) -> Evaluator:
    """An evaluator of a constant, marked so that callers can fold it in."""
    f = lambda w: value
    f.const = value  # type: ignore[attr-defined]
    return f


def const_of(f: Evaluator) -> Any:
    return getattr(f, "const", NO_VALUE)


def did_you_mean(name: str, choices: set[str] | list[str]) -> str:
    """` (did you mean 'x'?)` when a close match exists, else empty."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""
