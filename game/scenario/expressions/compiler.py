"""Compiling one expression or effect: checked against a whitelist of node types, the scenario's names and
the language's types, into plain closures."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from game.engine.dates import DateError, parse_date
from game.engine.errors import ExpressionFault
from game.engine.model import Mentions
from game.scenario.expressions.language import (
    ARITH,
    BOOL,
    BOOL_NAMES,
    COMPARE,
    DATE,
    EFFECT_NAMES,
    FUNCTIONS,
    MAX_EXPONENT,
    MAX_NUMBER,
    MAX_STATEMENTS,
    NO_VALUE,
    NUM,
    OP_TEXT,
    QUERY_NAMES,
    REFUSED,
    SPECIAL_NAMES,
    STR,
    VALUE_KINDS,
    Action,
    Evaluator,
    ExpressionError,
    Fn,
    Symbols,
    const,
    const_of,
    did_you_mean,
    out_of_range,
)
from game.scenario.expressions.parse import DATE_NAME, line_starts, node_offset, parse
from game.structs import Row


class _Compiler:
    """Compiles one expression or effect against the scenario's symbols."""

    def __init__(self, src: str, symbols: Symbols, *, allow_random: bool, masked: str) -> None:
        self.src = src
        self.masked = masked
        self.symbols = symbols
        self.allow_random = allow_random
        self.statements = 0
        self.atoms: dict[int, ast.AST] = {}           # the tests of a condition, by node, to keep as they compile
        self.tests: dict[int, Evaluator] = {}
        # What it names, noted as it compiles (see Mentions).
        self.reads: set[str] = set()
        self.sets: set[str] = set()
        self.calls: set[tuple[str, str]] = set()
        self._line_starts: list[int] | None = None

    def noted(self, text: str) -> Mentions:
        """What the expression or effect line compiled names, with `text` as written."""
        if not (self.reads or self.sets or self.calls):
            return Mentions(text)           # the usual effect line, like `prestige += 5`: nothing to keep but its text
        return Mentions(text, frozenset(self.reads), frozenset(self.sets), frozenset(self.calls))

    # -- positions ------------------------------------------------------------------------
    def offset(self, node: ast.AST) -> int:
        if self._line_starts is None:
            self._line_starts = line_starts(self.masked)
        return node_offset(self.masked, self._line_starts, node)

    def fail(self, node: ast.AST, message: str, *, code: str) -> ExpressionError:
        """The error `message`, of kind `code` (game.scenario.codes), at `node`."""
        return ExpressionError(message, self.offset(node), code)

    def text_of(self, node: ast.AST) -> str:
        """The text of `node` as written (a masked date keeps its length, so the source's own text is cut)."""
        if getattr(node, "end_lineno", None) is None or getattr(node, "end_col_offset", None) is None:
            return ""
        if self._line_starts is None:
            self._line_starts = line_starts(self.masked)
        end = ast.Constant(lineno=node.end_lineno, col_offset=node.end_col_offset)  # type: ignore[attr-defined]
        return self.src[self.offset(node):node_offset(self.masked, self._line_starts, end)]

    # -- expressions ----------------------------------------------------------------------
    def expr(self, node: ast.AST) -> tuple[str, Evaluator]:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what = self.text_of(node) or type(node).__name__
            raise self.fail(node, REFUSED.get(type(node), f"'{what}' is not allowed in an expression"), code="not-allowed")
        if self.atoms and id(node) in self.atoms:
            t, f = method(node)
            self.tests[id(node)] = f
            return t, f
        return method(node)

    def _Constant(self, node: ast.Constant) -> tuple[str, Evaluator]:
        v = node.value
        if isinstance(v, bool):
            return BOOL, const(v)
        if isinstance(v, (int, float)):
            if abs(v) > MAX_NUMBER:
                raise self.fail(node, f"number {self.text_of(node)} is too large", code="number-out-of-range")
            return NUM, const(v)
        if isinstance(v, str):
            return STR, const(v)
        raise self.fail(node, f"'{self.text_of(node)}' is not allowed in an expression", code="not-allowed")

    def _Name(self, node: ast.Name) -> tuple[str, Evaluator]:
        name = node.id
        if name.startswith("__"):
            raise self.fail(node, f"'{name}': names with double underscores are not allowed", code="not-allowed")
        m = DATE_NAME.match(name)
        if m:
            y, mo, d = m.groups()
            try:
                value = parse_date(f"{y}-{mo}-{d}" if d else f"{y}-{mo}")
            except DateError as e:
                raise self.fail(node, str(e), code="bad-date") from None
            return DATE, const(value)
        if name in BOOL_NAMES:
            return BOOL, const(BOOL_NAMES[name])
        if name in self.symbols.stats:
            self.reads.add(f"stat:{name}")
            return NUM, lambda w, n=name: w.stats[n]
        if name == "date":
            return DATE, lambda w: w.date
        if name == "turn":
            return NUM, lambda w: w.turn
        if name == "role":
            return STR, lambda w: w.role
        if name in FUNCTIONS:
            raise self.fail(node, f"'{name}' is a function: write {name}(...)", code="unknown-name")
        if name in ("rel", "flags"):
            raise self.fail(node, f"'{name}' needs a name after it: {name}.NAME", code="unknown-name")
        sym = self.symbols
        known = set(sym.stats) | set(SPECIAL_NAMES) | {"true", "false"}
        hint = did_you_mean(name, known)
        if not hint and name in sym.flags:
            hint = f" (did you mean 'flags.{name}'?)"
        if not hint and name in sym.characters:
            hint = f" (did you mean 'rel.{name}' or a quoted \"{name}\"?)"
        if not hint and self.id_of_kind(name):
            hint = f" (it is {self.id_of_kind(name)})"
        if not hint:
            close = did_you_mean(name, sym.characters)
            hint = close.replace(" (did you mean '", " (did you mean 'rel.") if close else ""
        raise self.fail(node, f"unknown name '{name}'{hint}", code="unknown-name")

    def id_of_kind(self, name: str) -> str:
        """What `name` is among the scenario's other ids, and how an expression reads it; empty if none."""
        sym = self.symbols
        if name in sym.roles:
            return f"a role: ask whether the player has it with role == \"{name}\""
        for ids, what in ((sym.factions, f"a faction: write member(\"{name}\") or size(\"{name}\")"),
                          (sym.offices, f"an office: write holds(\"CHARACTER\", \"{name}\")"),
                          (sym.bodies, f"a body: write votes(\"{name}\") or majority(\"{name}\")"),
                          (sym.votes, f"a vote: write passed(\"{name}\"), held(\"{name}\") or tally(\"{name}\")"),
                          (sym.events, f"an event: write met(\"{name}\")"),
                          (sym.codex, f"a codex entry: write unlocked(\"{name}\")"),
                          (sym.endings, "an ending, which has no value to read")):
            if name in ids:
                return what
        return ""

    def dotted(self, name: str, attr: str) -> str:
        """Why `name.attr` cannot be read (only rel.NAME and flags.NAME have a dot), and what to write."""
        sym = self.symbols
        stat = did_you_mean(attr, sym.stats)
        if name in sym.characters:
            return (f"'{name}' is a character: for your relationship with them write rel.{name}; "
                    f"for a stat write its name{stat}")
        if name in sym.stats:
            return f"'{name}' is a stat: write {name} alone (only rel.NAME and flags.NAME have a dot)"
        if name in sym.flags:
            return f"'{name}' is a flag: write flags.{name}"
        if name in SPECIAL_NAMES:
            return f"'{name}' has no parts: write {name} alone (only rel.NAME and flags.NAME have a dot)"
        if name in FUNCTIONS:
            return f"'{name}' is a function: write {name}(...)"
        if name in ("flag", "flg"):
            return f"for a flag write flags.{attr}"
        if name in ("stats", "stat"):
            return f"for a stat write {attr} alone" if attr in sym.stats else f"for a stat write its name alone{stat}"
        if name in ("rels", "relation", "relations", "relationship", "relationships"):
            return f"for your relationship with a character write rel.{attr}"
        kind = self.id_of_kind(name)
        if kind:
            return f"'{name}' is {kind}"
        hint = did_you_mean(name, {"rel", "flags", *sym.characters, *sym.stats})
        if hint:
            return f"unknown name '{name}'{hint}"
        return "attribute access is not allowed (only rel.NAME and flags.NAME)"

    def _Attribute(self, node: ast.Attribute) -> tuple[str, Evaluator]:
        base, attr = node.value, node.attr
        if not isinstance(base, ast.Name) or (base.id not in ("rel", "flags") and attr.startswith("__")):
            raise self.fail(node, "attribute access is not allowed (only rel.NAME and flags.NAME)", code="not-allowed")
        if base.id not in ("rel", "flags"):
            why = self.dotted(base.id, attr)
            raise self.fail(node, why, code="not-allowed" if why.startswith("attribute") else "unknown-name")
        if attr.startswith("__"):
            raise self.fail(node, f"'{attr}': names with double underscores are not allowed", code="not-allowed")
        if base.id == "rel":
            if attr not in self.symbols.characters:
                raise self.fail(node, f"unknown character '{attr}' in 'rel.{attr}'"
                                      f"{did_you_mean(attr, self.symbols.characters)}", code="unknown-reference")
            self.reads.add(f"rel:{attr}")
            return NUM, lambda w, c=attr: w.rel[c]
        kind = self.symbols.flags.get(attr)
        if kind is None:
            raise self.fail(node, f"flag '{attr}' is never set by any effect"
                                  f"{did_you_mean(attr, set(self.symbols.flags))}", code="never-set-flag")
        default = False if kind == BOOL else 0
        self.reads.add(f"flag:{attr}")
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
            if const_of(f) is not NO_VALUE:
                return NUM, const(-const_of(f))
            return NUM, lambda w: -f(w)
        raise self.fail(node, "'~' is not allowed", code="not-allowed")

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
        if op not in ARITH:
            raise self.fail(node, f"operator '{self.text_of(node)}' is not allowed", code="not-allowed")
        lt, lf = self.expr(node.left)
        rt, rf = self.expr(node.right)
        if op is ast.Add and STR in (lt, rt):
            return STR, self.join(node, lt, lf, rt, rf)
        sym = OP_TEXT[op]
        self.need(node.left, lt, NUM, f"'{sym}'")
        self.need(node.right, rt, NUM, f"'{sym}'")
        if op is ast.Pow:
            if any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Pow) for n in ast.walk(node.left)):
                raise self.fail(node, "'**' cannot be nested", code="not-allowed")
            r = node.right
            if not (isinstance(r, ast.Constant) and isinstance(r.value, int)
                    and not isinstance(r.value, bool) and 0 <= r.value <= MAX_EXPONENT):
                raise self.fail(node, f"'**' needs a whole-number constant exponent from 0 to {MAX_EXPONENT}", code="not-allowed")
        return NUM, self.arithmetic(node, node.right, op, lf, rf, self.text_of(node))

    def join(self, node: ast.BinOp, lt: str, lf: Evaluator, rt: str, rf: Evaluator) -> Evaluator:
        """`a + b` of two texts: one text. A number or a date is not joined to text: a placeholder
        of its own already shows it as the player reads it."""
        if lt != rt:
            other, t = (node.right, rt) if lt == STR else (node.left, lt)
            shown = self.text_of(other)
            raise self.fail(other, f"'+' joins text to text, but '{shown}' is {t}: to show it in text, "
                                   f"give it a placeholder of its own (\"... {{{shown}}} ...\")", code="type-mismatch")
        lc, rc = const_of(lf), const_of(rf)
        if lc is not NO_VALUE and rc is not NO_VALUE:
            return const(lc + rc)
        if rc is not NO_VALUE:
            return lambda w: lf(w) + rc
        if lc is not NO_VALUE:
            return lambda w: lc + rf(w)
        return lambda w: lf(w) + rf(w)

    def arithmetic(self, node: ast.AST, right: ast.AST, op: type, lf: Evaluator, rf: Evaluator,
                   where: str) -> Evaluator:
        """`lf op rf`, bounded: worked out now when both sides are constants, else in play."""
        fn = ARITH[op]
        lc, rc = const_of(lf), const_of(rf)
        divides = op in (ast.Div, ast.FloorDiv, ast.Mod)
        if divides and rc is not NO_VALUE and rc == 0:
            raise self.fail(right, f"division by zero in '{where}'", code="bad-expression")
        if lc is not NO_VALUE and rc is not NO_VALUE:
            value = fn(lc, rc)      # constants are within MAX_NUMBER, so this cannot overflow
            if not -MAX_NUMBER <= value <= MAX_NUMBER:
                raise self.fail(node, out_of_range(where), code="number-out-of-range")
            return const(value)
        return _bounded(fn, lf, rf, where, divides)

    def _Compare(self, node: ast.Compare) -> tuple[str, Evaluator]:
        operands = [node.left, *node.comparators]
        typed = [self.expr(o) for o in operands]
        checks = []
        for i, op in enumerate(node.ops):
            if type(op) not in COMPARE:
                raise self.fail(node, f"'{self.text_of(node)}': 'in', 'is' and the like are not allowed", code="not-allowed")
            (lt, lf), (rt, rf) = typed[i], typed[i + 1]
            if lt != rt:
                raise self.fail(operands[i + 1], f"cannot compare {lt} with {rt} in '{self.text_of(node)}'", code="type-mismatch")
            if lt == BOOL and type(op) not in (ast.Eq, ast.NotEq):
                raise self.fail(node, f"true/false values can only be compared with == or != in '{self.text_of(node)}'",
                                code="type-mismatch")
            self.check_role_literal(operands[i], operands[i + 1])
            checks.append((COMPARE[type(op)], lf, rf))
        if len(checks) == 1:
            cmp, lf, rf = checks[0]
            rc = const_of(rf)
            if rc is not NO_VALUE:
                return BOOL, lambda w: cmp(lf(w), rc)
            return BOOL, lambda w: cmp(lf(w), rf(w))
        return BOOL, lambda w: all(cmp(lf(w), rf(w)) for cmp, lf, rf in checks)

    def check_role_literal(self, a: ast.AST, b: ast.AST) -> None:
        """`role == "stalnn"` is a typo the loader can catch."""
        for x, y in ((a, b), (b, a)):
            if isinstance(x, ast.Name) and x.id == "role" and isinstance(y, ast.Constant) \
                    and isinstance(y.value, str) and y.value not in self.symbols.roles:
                raise self.fail(y, f"unknown role '{y.value}'{did_you_mean(y.value, self.symbols.roles)}",
                                code="unknown-reference")

    def _IfExp(self, node: ast.IfExp) -> tuple[str, Evaluator]:
        ct, cf = self.expr(node.test)
        self.need(node.test, ct, BOOL, "'if'")
        at, af = self.expr(node.body)
        bt, bf = self.expr(node.orelse)
        if at != bt:
            raise self.fail(node, f"both branches of '... if ... else ...' must have one type, not {at} and {bt}",
                            code="type-mismatch")
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
        consts = [const_of(a) for a in args]
        if all(c is not NO_VALUE for c in consts):
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

    def call_args(self, node: ast.Call, *, want_effect: bool) -> tuple[Fn, list[Evaluator]]:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.fail(node, "only the game's functions can be called, by name", code="not-allowed")
        name = func.id
        fn = FUNCTIONS.get(name)
        if fn is None:
            pool = EFFECT_NAMES if want_effect else QUERY_NAMES
            hint = did_you_mean(name, pool) or f" (functions: {', '.join(pool)})"
            raise self.fail(node, f"unknown function '{name}'{hint}", code="unknown-name")
        if want_effect and fn.returns is not None:
            raise self.fail(node, f"'{name}(...)' is a value, not an effect (effects: {', '.join(EFFECT_NAMES)})",
                            code="bad-call")
        if not want_effect and fn.returns is None:
            raise self.fail(node, f"'{name}(...)' is an effect and cannot be used in an expression", code="bad-call")
        if fn.random and not self.allow_random:
            raise self.fail(node, f"'{name}(...)' is random and can only be used in effects", code="bad-call")
        if node.keywords:
            raise self.fail(node, f"'{name}(...)' takes no keyword arguments", code="bad-call")
        n = len(node.args)
        lo = len(fn.args)
        hi = None if fn.variadic else lo + len(fn.optional)
        if n < lo or (hi is not None and n > hi):
            want = f"{lo}" if hi == lo else (f"{lo} or more" if hi is None else f"{lo} to {hi}")
            raise self.fail(node, f"'{name}(...)' takes {want} argument{'s' if want != '1' else ''}, not {n}", code="bad-call")
        kinds = list(fn.args) + list(fn.optional) + [fn.variadic] * max(0, n - lo - len(fn.optional))
        out: list[Evaluator] = []
        for i, (arg, kind) in enumerate(zip(node.args, kinds)):
            if kind in VALUE_KINDS:
                t, f = self.expr(arg)
                self.need(arg, t, kind, f"argument {i + 1} of '{name}'")
                out.append(f)
            else:
                out.append(self.id_arg(arg, kind, name, node.args))
                if kind == "office" and i > 0:          # the office an effect fills or empties
                    self.calls.add((f"{name}:office", arg.value))  # type: ignore[attr-defined]
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            self.calls.add((name, first.value))
        return fn, out

    def id_arg(self, arg: ast.AST, kind: str, fname: str, all_args: list[ast.expr]) -> Evaluator:
        if isinstance(arg, ast.Starred):
            raise self.fail(arg, "'*' unpacking is not allowed", code="not-allowed")
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise self.fail(arg, f"'{fname}(...)' needs a {kind} id in quotes, like {fname}(\"...\")", code="bad-call")
        value = arg.value
        if kind == "choice":
            event = all_args[0].value if isinstance(all_args[0], ast.Constant) else ""
            known = self.symbols.choices.get(event, set())
            if value not in known:
                raise self.fail(arg, f"event '{event}' has no choice '{value}'{did_you_mean(value, known)}",
                                code="unknown-reference")
        else:
            known = self.symbols.kind_names(kind)
            if value not in known:
                raise self.fail(arg, f"unknown {kind} '{value}'{did_you_mean(value, known)}", code="unknown-reference")
        return const(value)

    def need(self, node: ast.AST, got: str, want: str, what: str) -> None:
        if got != want:
            raise self.fail(node, f"{what} needs {want}, but '{self.text_of(node)}' is {got}", code="type-mismatch")

    # -- effects --------------------------------------------------------------------------
    def statement(self, node: ast.stmt) -> Action:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            fn, args = self.call_args(node.value, want_effect=True)
            if fn.method == "schedule" and len(args) == 2:
                self.check_delay(node.value.args[1], const_of(args[1]))
            return self.bind(fn.method, args)
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1:
                raise self.fail(node, "assign one thing at a time", code="bad-effect")
            setter, want = self.target(node.targets[0])
            t, f = self.expr(node.value)
            self.need(node.value, t, want, f"'{self.text_of(node.targets[0])}'")
            return lambda w: setter(w, f(w))
        if isinstance(node, ast.AugAssign):
            op = type(node.op)
            if op not in ARITH or op is ast.Pow:
                raise self.fail(node, f"'{OP_TEXT.get(op, '?')}=' is not allowed (use +=, -=, *=, /=, //= or %=)",
                                code="bad-effect")
            setter, want = self.target(node.target)
            before = set(self.reads)
            _getter_t, getter = self.expr(_as_load(node.target))
            self.reads = before             # what it changes is noted as set, not read
            if want != NUM:
                raise self.fail(node, f"'{self.text_of(node.target)}' is {want}: use '=' not '{OP_TEXT[op]}='", code="bad-effect")
            t, f = self.expr(node.value)
            self.need(node.value, t, NUM, f"'{OP_TEXT[op]}='")
            result = self.arithmetic(node, node.value, op, getter, f, self.text_of(node))
            return lambda w: setter(w, result(w))
        if isinstance(node, ast.If):
            self.statements += len(node.body) + len(node.orelse)
            if self.statements > MAX_STATEMENTS:
                raise self.fail(node, f"too many effects under one 'if' (more than {MAX_STATEMENTS})", code="bad-effect")
            ct, cond = self.expr(node.test)
            self.need(node.test, ct, BOOL, "'if'")
            body = [self.statement(s) for s in node.body]
            orelse = [self.statement(s) for s in node.orelse]

            def conditional(w: Any) -> None:
                for action in (body if cond(w) else orelse):
                    action(w)
            return conditional
        if type(node) in REFUSED:
            raise self.fail(node, REFUSED[type(node)], code="not-allowed")
        if isinstance(node, ast.Expr):
            raise self.fail(node, f"'{self.text_of(node.value)}' does nothing: an effect changes something "
                                  f"(like 'prestige += 5' or 'join(\"troika\")')", code="bad-effect")
        raise self.fail(node, f"'{type(node).__name__.lower()}' statements are not allowed in effects", code="not-allowed")

    def check_delay(self, node: ast.AST, delay: Any) -> None:
        """A constant delay of `schedule` that could never be met is a mistake found at load."""
        if delay is NO_VALUE:
            return
        if delay < 0 or delay != int(delay):
            raise self.fail(node, f"'schedule(...)' needs a whole number of turns from 0, not {self.text_of(node)}",
                            code="bad-call")
        turns = self.symbols.turns
        if turns is not None and delay > turns:
            raise self.fail(node, f"'schedule(...)' delay of {self.text_of(node)} turns is longer than the whole "
                                  f"scenario ({turns} turns): the event could never happen", code="bad-call")

    def target(self, node: ast.AST) -> tuple[Callable[[Any, Any], None], str]:
        if isinstance(node, ast.Name):
            if node.id in self.symbols.stats:
                return (lambda w, v, n=node.id: w.set_stat(n, v)), NUM
            if node.id in SPECIAL_NAMES:
                raise self.fail(node, f"'{node.id}' cannot be set", code="bad-effect")
            hint = did_you_mean(node.id, self.symbols.stats)
            if not hint and node.id in self.symbols.flags:
                hint = f" (did you mean 'flags.{node.id}'?)"
            raise self.fail(node, f"unknown stat '{node.id}'{hint}", code="unknown-reference")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "rel":
                if node.attr not in self.symbols.characters:
                    raise self.fail(node, f"unknown character '{node.attr}' in 'rel.{node.attr}'"
                                          f"{did_you_mean(node.attr, self.symbols.characters)}", code="unknown-reference")
                return (lambda w, v, c=node.attr: w.set_rel(c, v)), NUM
            if node.value.id == "flags":
                if node.attr.startswith("__"):
                    raise self.fail(node, f"'{node.attr}': names with double underscores are not allowed", code="not-allowed")
                kind = self.symbols.flags.get(node.attr, BOOL)
                self.sets.add(node.attr)
                return (lambda w, v, f=node.attr: w.set_flag(f, v)), kind
        raise self.fail(node, f"'{self.text_of(node)}' cannot be set (set a stat, rel.NAME or flags.NAME)", code="bad-effect")


def _bounded(fn: Callable[[Any, Any], Any], lf: Evaluator, rf: Evaluator, where: str,
             divides: bool) -> Evaluator:
    """An evaluator of `fn(lf, rf)` that stops, in plain words, at a zero divisor or a result
    out of range: the operands are always in range, so nothing can overflow on the way."""
    lo, hi = -MAX_NUMBER, MAX_NUMBER
    rc = const_of(rf)
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
    if rc is not NO_VALUE:
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


class Threshold(Row):
    """One test a condition is made of: a comparison, a true/false function or a flag read as true/false."""

    text: str               # as written
    test: Evaluator
    required: bool          # the condition cannot hold without it (it is joined to the rest by `and` alone)
    reads: frozenset[str]   # what it reads: "stat:NAME", "rel:NAME", "flag:NAME", "role", "date", "turn", "call:FUNCTION"


def thresholds(condition: Evaluator | None) -> tuple[Threshold, ...]:
    """The tests a compiled condition is made of, in the order written (none for a formula or a constant)."""
    return getattr(condition, "thresholds", ())


def _atoms(node: ast.AST, required: bool, out: list[tuple[ast.AST, bool]]) -> None:
    """The tests of a condition's and/or/not structure."""
    if isinstance(node, ast.BoolOp):
        for v in node.values:
            _atoms(v, required and isinstance(node.op, ast.And), out)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _atoms(node.operand, False, out)
    elif not isinstance(node, ast.Constant) and not (isinstance(node, ast.Name) and node.id in BOOL_NAMES):
        out.append((node, required))


def _reads(node: ast.AST, symbols: Symbols) -> frozenset[str]:
    found = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and (n.id in symbols.stats or n.id in ("role", "date", "turn")):
            found.add(f"stat:{n.id}" if n.id in symbols.stats else n.id)
        elif isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in ("rel", "flags"):
            found.add(f"{'rel' if n.value.id == 'rel' else 'flag'}:{n.attr}")
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
            found.add(f"call:{n.func.id}")
    return frozenset(found)


def compile_expression(src: str, symbols: Symbols, *, want: str | None = None, allow_random: bool = False,
                       noted: list[Mentions] | None = None) -> tuple[str, Evaluator]:
    """Compile a condition or formula; returns its type and an evaluator `f(world)`. What it names is
    added to `noted` when given."""
    lead = len(src) - len(src.lstrip())
    if lead:
        try:
            result = compile_expression(src[lead:], symbols, want=want, allow_random=allow_random, noted=noted)
        except ExpressionError as e:
            raise ExpressionError(e.message, e.offset + lead, code=e.code) from None
        if noted is not None:
            noted[-1] = noted[-1]._replace(text=src)
        return result
    tree, masked = parse(src, "eval")
    c = _Compiler(src, symbols, allow_random=allow_random, masked=masked)
    body = tree.body  # type: ignore[attr-defined]
    atoms: list[tuple[ast.AST, bool]] = []
    if want == BOOL:
        _atoms(body, True, atoms)
        c.atoms = {id(n): n for n, _ in atoms}
    try:
        t, f = c.expr(body)
    except RecursionError:
        raise ExpressionError("expression is nested too deeply") from None
    if want is not None and t != want:
        raise ExpressionError(f"'{src.strip()}' is {t}, but {want} is needed here", c.offset(body), code="type-mismatch")
    if atoms:
        f.thresholds = tuple(Threshold(c.text_of(n), c.tests[id(n)], required, _reads(n, symbols))  # type: ignore[attr-defined]
                             for n, required in atoms if id(n) in c.tests)
    if noted is not None:
        noted.append(c.noted(src))
    return t, f


def compile_effect(src: str, symbols: Symbols, noted: list[Mentions] | None = None) -> Action:
    """Compile one effect line into an action `f(world)`; what it names and does is added to `noted` when given."""
    tree, masked = parse(src, "exec")
    body = tree.body  # type: ignore[attr-defined]
    if not body:
        raise ExpressionError("effect is empty", 0, code="bad-effect")
    if len(body) != 1:
        raise ExpressionError("write one effect per line", 0, code="bad-effect")
    c = _Compiler(src, symbols, allow_random=True, masked=masked)
    try:
        action = c.statement(body[0])
    except RecursionError:
        raise ExpressionError("effect is nested too deeply") from None
    if noted is not None:
        noted.append(c.noted(src))
    return action
