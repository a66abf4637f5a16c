"""Compiling text with `{...}` placeholders and `{if C: ... | elif C: ... | else: ...}` passages.

A passage is itself text with placeholders and passages. Inside a passage `|` begins the next
branch (`||` is a literal `|`) and `}` ends it; outside passages `|` is an ordinary character.
Spaces just inside a passage's ends are not part of it, and a passage that shows nothing leaves
no stray space beside the text around it.
"""

from __future__ import annotations

import re

from game.engine.model import Mentions
from game.engine.template import Evaluator, Passages, Template
from game.scenario.expressions.compiler import compile_expression
from game.scenario.expressions.language import BOOL, ExpressionError, Symbols
from game.structs import Row

MAX_DEPTH = 8          # passages within passages

_IF = re.compile(r"\s*if(?!\w)")
_ELIF = re.compile(r"\s*elif(?!\w)")
_ELSE = re.compile(r"\s*else(?!\w)")
_MISPLACED = re.compile(r"\s*(elif|else)(?!\w)")
_CLOSING = ",.;:!?)]"      # marks that follow a word without a space
_SPECIAL = re.compile(r"[{}]")          # what ends a run of plain text
_SPECIAL_IN = re.compile(r"[{}|]")     # in a passage, where `|` begins the next branch
_STRING = re.compile(r"\"(?:\\.|[^\"\\])*\"?|'(?:\\.|[^'\\])*'?")


def compile_template(text: str, symbols: Symbols, noted: list[Mentions] | None = None,
                     glued: list[Glued] | None = None) -> Template:
    """Compile `{...}` placeholders and `{if ...}` passages; `{{` and `}}` are literal braces. What each
    expression names is added to `noted` when given, in the order of the template's offsets; each passage
    that would show its words run into the text beside it is added to `glued`, when given."""
    reader = _Reader(text, symbols, noted)
    template, _ = reader.template(0, 0)
    if glued is not None:
        glued.extend(reader.glued)
    return template


class Glued(Row):
    """A passage whose words would meet the text beside it wrongly: 'Tomsky{if C: and you}' reads 'Tomskyand
    you', 'carries {if C:, by 12 votes}' reads 'carries , by 12 votes'. `offset` is where a space is missing or
    stray, `reads` the words as they would be shown, `fix` what to write instead."""

    offset: int
    reads: str
    fix: str


class _Reader:
    """Reads one text, start to end, keeping where each expression starts (for messages in play)."""

    def __init__(self, text: str, symbols: Symbols, noted: list[Mentions] | None = None) -> None:
        self.text = text
        self.symbols = symbols
        self.offsets: list[int] = []
        self.noted = noted
        self.glued: list[Glued] = []

    def template(self, i: int, depth: int) -> tuple[Template, int]:
        """The text from `i` to its end or, inside a passage (depth > 0), to the `|` or `}` that ends
        the passage; and where it stopped."""
        text, n = self.text, len(self.text)
        first = len(self.offsets)
        parts: list[str | Evaluator | Passages] = []
        spans: dict[int, tuple[int, int]] = {}      # each passage's part: where its '{' and what follows its '}' are
        buf: list[str] = []
        special = _SPECIAL_IN if depth else _SPECIAL
        while i < n:
            ch = text[i]
            if ch == "{":
                if text.startswith("{{", i):
                    buf.append("{")
                    i += 2
                    continue
                if buf:
                    parts.append("".join(buf))
                    buf = []
                head = _IF.match(text, i + 1)
                if head:
                    start = i
                    passages, i = self.passages(i, head.end(), depth + 1)
                    spans[len(parts)] = (start, i)
                    parts.append(passages)
                else:
                    f, i = self.placeholder(i)
                    parts.append(f)
            elif ch == "}":
                if depth:
                    break           # the end of the passage
                if text.startswith("}}", i):
                    buf.append("}")
                    i += 2
                    continue
                raise ExpressionError("'}' without an opening '{' (write '}}' for a literal brace)", i, code="bad-template")
            elif ch == "|" and depth:
                if text.startswith("||", i):
                    buf.append("|")
                    i += 2
                    continue
                break               # the next branch
            else:               # plain text, up to the next brace (or bar, inside a passage), in one piece
                m = special.search(text, i)
                j = m.start() if m else n
                buf.append(text[i:j])
                i = j
        if buf:
            parts.append("".join(buf))
        if depth and parts and isinstance(parts[-1], str):
            parts[-1] = parts[-1].rstrip()
        for k, (start, end) in spans.items():
            self.glued.extend(_glued(parts, k, start, end))
        parts = _spaced(parts)
        if not parts:
            parts.append("")
        return Template(tuple(parts), tuple(self.offsets[first:])), i

    def placeholder(self, i: int) -> tuple[Evaluator, int]:
        """The placeholder whose `{` is at `i`, and where the text goes on after it."""
        text = self.text
        j = text.find("}", i + 1)
        if j < 0:
            raise ExpressionError("'{' without a closing '}' (write '{{' for a literal brace)", i, code="bad-template")
        inner = text[i + 1:j]
        misplaced = _MISPLACED.match(inner)
        if misplaced:
            word = misplaced.group(1)
            example = "elif CONDITION: ..." if word == "elif" else "else: ..."
            raise ExpressionError(f"'{word}' belongs inside an '{{if ...}}', after a '|': "
                                  f"{{if CONDITION: ... | {example}}}", i + 1 + misplaced.start(1), code="bad-template")
        try:
            _, f = compile_expression(_one_line(inner), self.symbols, noted=self.noted)
        except ExpressionError as e:
            raise ExpressionError(f"in placeholder '{{{inner}}}': {e.message}", i + 1 + e.offset, code=e.code) from None
        self.offsets.append(i + 1 + len(inner) - len(inner.lstrip()))
        return f, j + 1

    def passages(self, start: int, i: int, depth: int) -> tuple[Passages, int]:
        """The passages of the `{if` at `start`, whose condition begins at `i`; and where the text goes
        on after the closing `}`."""
        if depth > MAX_DEPTH:
            raise ExpressionError(f"passages are nested too deeply (more than {MAX_DEPTH} within each other)", start,
                                  code="bad-template")
        text, n = self.text, len(self.text)
        branches: list[tuple[Evaluator | None, Template]] = []
        word = "if"
        while True:
            if word == "else":
                condition = None
                i = _skip_spaces(text, i)
                if not text.startswith(":", i):
                    raise ExpressionError("'else' needs a ':' after it: {if CONDITION: ... | else: ...}", min(i, n),
                                          code="bad-template")
                i += 1
            else:
                condition, i = self.condition(start, i, word)
            passage, i = self.template(_skip_spaces(text, i), depth)
            branches.append((condition, passage))
            if i >= n:
                raise ExpressionError("'{if' without a closing '}' (write '{{' for a literal brace)", start, code="bad-template")
            if text[i] == "}":
                return Passages(tuple(branches)), i + 1
            # a '|': the next branch
            if word == "else":
                raise ExpressionError("'else' is the last branch of '{if ...}': nothing can follow it "
                                      "(write '||' for a literal '|')", i, code="bad-template")
            i += 1
            m = _ELIF.match(text, i) or _ELSE.match(text, i)
            if m is None:
                raise ExpressionError("after '|' in '{if ...}' comes 'elif CONDITION:' or 'else:' "
                                      "(write '||' for a literal '|')", _skip_spaces(text, i), code="bad-template")
            word = "elif" if m.group().strip() == "elif" else "else"
            i = m.end()

    def condition(self, start: int, i: int, word: str) -> tuple[Evaluator, int]:
        """The condition after `if` or `elif` at `i`, and where its passage begins (after the ':')."""
        text, n = self.text, len(self.text)
        j = i
        while j < n and text[j] not in ":|}":
            if text[j] in "\"'":
                j = _STRING.match(text, j).end()  # type: ignore[union-attr]
            else:
                j += 1
        if j >= n or text[j] != ":":
            raise ExpressionError(f"'{word}' needs a ':' after its condition: {{if CONDITION: ...}}", min(j, n),
                                  code="bad-template")
        src = text[i:j]
        try:
            _, f = compile_expression(_one_line(src), self.symbols, want=BOOL, noted=self.noted)
        except ExpressionError as e:
            raise ExpressionError(f"in condition '{src.strip()}': {e.message}", i + e.offset, code=e.code) from None
        self.offsets.append(i + len(src) - len(src.lstrip()))
        return f, j + 1


def _one_line(src: str) -> str:
    """An expression as written across the lines of a text block: each line break is a space
    (the same length, so positions in it stay true)."""
    return src.replace("\n", " ") if "\n" in src else src


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


_WORD_END = re.compile(r"(\w+[,.;:!?)\]\"”’]*)\Z")
_WORD_START = re.compile(r"\A\w+")
_SPACE_END = re.compile(r"(\w+) +\Z")
_MARK_START = re.compile(r"\A[,.;:!?]")
_OPENING_START = re.compile(r"\A[(\[“‘]\S*")      # an opening bracket or quote, and the word it opens


def _glued(parts: list[str | Evaluator | Passages], k: int, start: int, end: int) -> list[Glued]:
    """Where the passage `parts[k]` would meet the text beside it wrongly. A word (or a mark that closes a
    clause) written against the '{if' and a passage that begins with a word and goes on after it ('and you'),
    or the same after the '}': the words meet without a space. A passage of one piece of a word ('vote{if C: s}')
    is an ending, and is left as written. And a space before the '{if' of a passage that begins with a mark
    (', by 12 votes'): the mark would stand apart from its word. A passage that opens a bracket or a quote
    ('(by some accounts)') is a word of its own: written against the word before it, the two meet."""
    passages = parts[k]
    assert isinstance(passages, Passages)
    prev = parts[k - 1] if k else None
    nxt = parts[k + 1] if k + 1 < len(parts) else None
    out: list[Glued] = []
    before = _WORD_END.search(prev) if isinstance(prev, str) else None
    spaced = _SPACE_END.search(prev) if isinstance(prev, str) else None
    after = _WORD_START.search(nxt) if isinstance(nxt, str) else None
    for _, passage in passages.branches:
        first, last = passage.parts[0], passage.parts[-1]
        if before and isinstance(first, str) and (m := re.match(r"[^\W\d_]\w*", first)) \
                and (first[m.end():m.end() + 1].isspace() or not before.group(1)[-1].isalnum()):
            out.append(Glued(start, f"{before.group(1)}{m.group()}", "put a space before its '{if'"))
            before = None
        if before and before.group(1)[-1].isalnum() and isinstance(first, str) and (m := _OPENING_START.match(first)):
            out.append(Glued(start, f"{before.group(1)}{m.group()}", "put a space before its '{if'"))
            before = None
        if spaced and isinstance(first, str) and (m := _MARK_START.match(first)):
            out.append(Glued(start, f"{spaced.group(1)} {m.group()}", "take out the space before its '{if'"))
            spaced = None
        if after and isinstance(last, str) and (m := re.search(r"(\s|\A)(\w+[,.;:!?)\]\"”’]*)\Z", last)) \
                and (m.group(1) or not m.group(2)[-1].isalnum()) and after.group()[:1].isalpha():
            out.append(Glued(end, f"{m.group(2)}{after.group()}", "put a space after its '}'"))
            after = None
    return out


def _spaced(parts: list[str | Evaluator | Passages]) -> list[str | Evaluator | Passages]:
    """The parts, each passage given the space it takes away with it when it shows nothing: the one
    before it when text ends after it or goes on with a space or a mark that closes a clause, else the
    one after it when text starts before it (or a line does) and goes on with a space."""
    for k, p in enumerate(parts):
        if not isinstance(p, Passages):
            continue
        prev = parts[k - 1] if k else None
        nxt = parts[k + 1] if k + 1 < len(parts) else None
        if isinstance(prev, str) and prev.endswith(" ") and (nxt is None or (isinstance(nxt, str) and (
                nxt[:1].isspace() or nxt[:1] in _CLOSING))):
            parts[k - 1] = prev[:-1]
            parts[k] = Passages(p.branches, before=" ")
        elif (prev is None or (isinstance(prev, str) and prev.endswith("\n"))) and isinstance(nxt, str) \
                and nxt.startswith(" "):
            parts[k + 1] = nxt[1:]
            parts[k] = Passages(p.branches, after=" ")
    return [p for p in parts if p != ""]
