"""Reading an expression's text: dates masked, parsed once with limits, flags and dates found."""

from __future__ import annotations

import ast
import contextlib
import functools
import re
import warnings
from datetime import date

from game.engine.dates import DateError, parse_date
from game.patterns import Pattern
from game.scenario.expressions.language import BOOL, BOOL_NAMES, FUNCTIONS, MAX_SOURCE, NUM, ExpressionError

# ---------------------------------------------------------------------------------------
# Date literals: `1925-01` would parse as a subtraction, so before parsing each date outside
# a string is replaced by an identifier of exactly the same length (columns stay true).

DATE_NAME = Pattern(r"^D(\d{4})(\d{2})(\d{2})?_?$")
_STRING_OR_DATE = Pattern(
    r"(\"(?:\\.|[^\"\\])*\"?|'(?:\\.|[^'\\])*'?)"          # a string literal: left alone
    r"|(?<![\w.])(\d{4})-(\d{2})(?:-(\d{2}))?(?![\w.])"   # a date: masked
)
_HAS_DATE = Pattern(r"\d{4}-\d{2}")


def _mask_date(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return m.group(1)
    y, mo, d = m.group(2), m.group(3), m.group(4)
    return f"D{y}{mo}{d}_" if d else f"D{y}{mo}"


def mask_dates(src: str) -> str:
    if not _HAS_DATE.search(src):
        return src
    return _STRING_OR_DATE.sub(_mask_date, src)


# ---------------------------------------------------------------------------------------
# Parsing with limits, shared by expressions and effects.

@functools.lru_cache(maxsize=8192)
def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts."""
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def node_offset(masked: str, starts: list[int], node: ast.AST) -> int:
    """The character where `node` starts in the text (Python counts columns in UTF-8 bytes)."""
    lineno = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0)
    start = starts[min(lineno, len(starts)) - 1]
    line = masked[start:].split("\n", 1)[0]
    return start + len(line.encode("utf-8")[:col].decode("utf-8", "ignore"))


@functools.lru_cache(maxsize=8192)
def parse(src: str, mode: str) -> tuple[ast.AST, str]:
    """Parse once per distinct text (trees are never modified after parsing)."""
    if not isinstance(src, str):
        raise ExpressionError("an expression must be text")
    if len(src) > MAX_SOURCE:
        raise ExpressionError(f"expression is too long ({len(src)} characters; the limit is {MAX_SOURCE})")
    if not src.strip():
        raise ExpressionError("expression is empty")
    if "\x00" in src:
        raise ExpressionError("expression contains a NUL character", src.index("\x00"))
    masked = mask_dates(src)
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
            hinted = syntax_hint(masked, mode)
            if hinted is not None:
                hint, offset = hinted
                msg = f"invalid syntax: {hint}"
        raise ExpressionError(f"{msg}", offset) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("expression cannot be read (too deep or malformed)") from None
    return tree, masked


# What a writer used to other languages (or to Python's own assignment) may write, and what the language
# has instead: each found outside quoted text is the likely cause of a syntax error, and named with it.
_FOREIGN = (
    (Pattern(r"&&"), "write 'and' for '&&'"),
    (Pattern(r"\|\|"), "write 'or' for '||'"),
    (Pattern(r"!(?!=)"), "write 'not' for '!'"),
)
_SINGLE_EQUALS = Pattern(r"(?<![=<>!])=(?!=)")
_QUOTED = Pattern(r"\"(?:\\.|[^\"\\])*\"?|'(?:\\.|[^'\\])*'?")
_ENDS_WITH_OPERATOR = Pattern(r"(==|!=|<=|>=|[-+*/%<>(,]|\b(?:and|or|not|in))\s*$")


def syntax_hint(src: str, mode: str) -> tuple[str, int] | None:
    """What to write instead, and where, for a syntax error whose cause is plain from the text: an operator of
    another language (`&&`, `||`, `!`), a single `=` in a condition, or an expression that stops after an operator."""
    plain = _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 1), src)   # quoted text left out
    for pattern, hint in _FOREIGN:
        found = pattern.search(plain)
        if found:
            return hint, found.start()
    if mode == "eval":
        found = _SINGLE_EQUALS.search(plain)
        if found:
            return "compare with '==' (a single '=' sets a flag, in an effect)", found.start()
    found = _ENDS_WITH_OPERATOR.search(plain)
    if found:
        return f"it ends after '{found.group(1)}': something must follow it", found.start(1)
    return None


def _syntax_offset(src: str, e: SyntaxError) -> int:
    lines = src.split("\n")
    lineno = max(1, min(e.lineno or 1, len(lines)))
    start = sum(len(line) + 1 for line in lines[:lineno - 1])
    col = max(0, (e.offset or 1) - 1)
    return min(start + col, len(src))


def effect_flag_writes(src: str, stats: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, str | None, int]]:
    """The flags an effect line sets, each with its type where the line shows it.

    Used before compiling so that reads of a flag anywhere know its type. Lines that do
    not parse yield nothing here; compiling them reports the problem.
    """
    if "flags" not in src:
        return []
    try:
        tree, masked = parse(src, "exec")
    except ExpressionError:
        return []
    starts = line_starts(masked)
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
                found.append((t.attr, NUM, node_offset(masked, starts, t)))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "flags":
                found.append((t.attr, _peek_type(node.value, stats), node_offset(masked, starts, t)))
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
        if node.id in BOOL_NAMES:
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
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
        returns = FUNCTIONS[node.func.id].returns
        return returns if returns in (NUM, BOOL) else None     # a flag holds true/false or a number
    return None


def literal_dates(src: str) -> list[tuple[date, int]]:
    """Dates written in an expression, with their offsets (for range checks)."""
    out = []
    masked = mask_dates(src)
    for m in re.finditer(r"D(\d{4})(\d{2})(\d{2})?_?", masked):
        if m.start() > 0 and (masked[m.start() - 1].isalnum() or masked[m.start() - 1] in "_."):
            continue
        y, mo, d = m.groups()
        with contextlib.suppress(DateError):
            out.append((parse_date(f"{y}-{mo}-{d}" if d else f"{y}-{mo}"), m.start()))
    return out


def role_limits(src: str, roles: set[str] | frozenset[str]) -> tuple[frozenset[str] | None, bool]:
    """The roles a condition limits itself to by its top-level tests of `role`, and whether
    anything else is left in it: `role == "stalin" and majority("politburo")` gives
    ({"stalin"}, True). A condition that does not test the role at its top gives (None, True)."""
    try:
        tree, _ = parse(src, "eval")
    except ExpressionError:
        return None, True
    body = tree.body  # type: ignore[attr-defined]
    parts = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else [body]
    limit: frozenset[str] | None = None
    rest = False
    for part in parts:
        found = _roles_of(part, roles)
        if found is None:
            rest = True
        else:
            limit = found if limit is None else limit & found
    return limit, rest


def _roles_of(node: ast.AST, roles: set[str] | frozenset[str]) -> frozenset[str] | None:
    """The roles for which `node` holds, when it only tests the role (`role == "x"`, `role != "x"`,
    or several such joined by `or`); None when it tests anything else."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        out: frozenset[str] = frozenset()
        for v in node.values:
            found = _roles_of(v, roles)
            if found is None:
                return None
            out |= found
        return out
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        a, b = node.left, node.comparators[0]
        if isinstance(b, ast.Name) and b.id == "role":
            a, b = b, a
        if isinstance(a, ast.Name) and a.id == "role" and isinstance(b, ast.Constant) and isinstance(b.value, str):
            if isinstance(node.ops[0], ast.Eq):
                return frozenset({b.value}) & frozenset(roles)
            return frozenset(roles) - {b.value}
    return None
