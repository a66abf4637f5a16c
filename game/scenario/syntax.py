"""What a YAML syntax error means, in the writer's words and with the fix.

PyYAML (and libyaml, in words of its own) says where reading stopped and what it was doing:
"while parsing a block mapping ... did not find expected key". The writer needs to know
which line is wrong and what to write instead. The common mistakes are told apart here
from the error's marks and the lines of the file around them: a line indented unlike its
neighbours, a tab, a quote or bracket never closed, `key:value` without a space, and a
colon inside an unquoted value (`title: Note: this`).
"""

from __future__ import annotations

import re
from typing import Any

from game.structs import Row

_KEY = re.compile(r"""(?:-[ \t]+)*([A-Za-z_][\w-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)""")
_NO_SPACE = re.compile(r"(?:-[ \t]+)*([A-Za-z_][\w-]*):([^\s:].*)$")
_ITEM = re.compile(r"-(?:[ \t]|$)")
_DASH_NO_SPACE = re.compile(r"-([A-Za-z_][\w-]*:.*)$")
_BLOCK = re.compile(r"(?:^|[ \t])[|>][-+0-9]*[ \t]*(?:#.*)?$")    # a line that opens a `|` or `>` block
_SHOWN = 40        # a value longer than this is not repeated in full in a suggestion
_REACH = 200       # lines looked at on either side of an error (a file may have millions)


_KEY_START = re.compile(r"\s*(?:-\s+)?[\w.-]+\s*:(?:\s|$)")     # a line that begins with a key ("  next: ")

class Place(Row):
    """Where a syntax error is reported (1-based) and what it says."""

    line: int
    col: int
    message: str
    code: str = "yaml-syntax"     # the kind of mistake (game.scenario.codes)


def explain(text: str, e: Any) -> Place:
    """The writer's account of `e`, a yaml.MarkedYAMLError raised while reading `text`."""
    return _Reading(text, e).explain()


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _quoted(value: str) -> str:
    """`value` in quotes as YAML reads it back unchanged."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


class _Reading:
    """One error in one file: its marks, its words and the file's lines."""

    def __init__(self, text: str, e: Any) -> None:
        self.lines = [ln.rstrip("\r") for ln in text.split("\n")]
        self.problem = str(e.problem or "")
        self.context = str(e.context or "")
        pm, cm = e.problem_mark, e.context_mark
        self.pm = (pm.line, pm.column) if pm is not None else None
        self.cm = (cm.line, cm.column) if cm is not None else None
        at = (self.pm or self.cm or (0, 0))[0]
        self.lo = max(0, at - _REACH)                      # the lines looked at: lo to hi - 1
        self.hi = min(len(self.lines), at + _REACH + 1)

    # -- the lines ------------------------------------------------------------------------
    def line(self, i: int) -> str:
        return self.lines[i] if 0 <= i < len(self.lines) else ""

    def char(self, at: tuple[int, int] | None) -> str:
        if at is None:
            return ""
        text = self.line(at[0])
        return text[at[1]] if 0 <= at[1] < len(text) else ""

    @staticmethod
    def indent(text: str) -> int:
        return len(text) - len(text.lstrip(" "))

    @staticmethod
    def blank(text: str) -> bool:
        stripped = text.strip()
        return not stripped or stripped.startswith("#")

    def key_at(self, i: int) -> tuple[str, int] | None:
        """The key line i starts (after any '- '), and its column (0-based)."""
        text = self.line(i)
        at = self.indent(text)
        m = _KEY.match(text, at)
        if m is None:
            return None
        return m.group(1).strip("'\""), m.start(1)

    def is_item(self, i: int) -> bool:
        text = self.line(i)
        return _ITEM.match(text, self.indent(text)) is not None

    def above(self, i: int) -> list[int]:
        """The lines that enclose line i, nearest first: each indented less than all between it and i."""
        out, floor = [], None
        for j in range(i - 1, self.lo - 1, -1):
            text = self.line(j)
            if self.blank(text):
                continue
            ind = self.indent(text)
            if floor is None or ind < floor:
                out.append(j)
                floor = ind
                if ind == 0:
                    break
        return out

    def previous(self, i: int) -> int | None:
        """The nearest line above i that holds something."""
        for j in range(i - 1, self.lo - 1, -1):
            if not self.blank(self.line(j)):
                return j
        return None

    # -- the account ------------------------------------------------------------------------
    def explain(self) -> Place:
        p, c = self.problem, self.context
        for account in (self.tab, self.dash_without_space):
            found = account()
            if found:
                return found
        if "quoted scalar" in c and ("end of stream" in p or "document indicator" in p):
            return self.unclosed_quote(self.cm)
        if "escape" in p and self.pm is not None:
            return self.bad_escape()
        if "flow sequence" in c or "flow mapping" in c:
            found = self.unclosed_bracket()
            if found:
                return found
        if "mapping values are not allowed" in p:
            found = self.colon_in_value()
            if found:
                return found
        if "simple key" in c and "expected ':'" in p:
            found = self.no_colon()
            if found:
                return found
        if "cannot start any token" in p:
            found = self.bad_start()
            if found:
                return found
        if "undefined alias" in p and self.pm is not None:
            line, col = self.pm
            word = re.match(r"\*[^\s,\[\]{}]*", self.line(line)[col:])
            alias = word.group() if word else "*"
            return Place(line + 1, col + 1, f"'{alias}' reads as a reference to an anchor '&{alias[1:]}' that is not "
                                            f"defined; text that starts with '*' must be in quotes", "yaml-alias")
        if self.pm is not None and ("block mapping" in c or "block collection" in c or "block end" in p
                                    or "document start" in p):
            found = self.out_of_place()
            if found:
                return found
        return self.fallback()

    def fallback(self) -> Place:
        at = self.pm or self.cm or (0, 0)
        where = ""
        if self.context and self.cm is not None and self.cm != at:
            where = f" ({self.context} at line {self.cm[0] + 1})"
        return Place(at[0] + 1, at[1] + 1, f"YAML cannot read this — {self.problem or self.context}{where}", "yaml-syntax")

    def tab(self) -> Place | None:
        """A tab where YAML wants spaces."""
        at = self.pm
        if at is None:
            return None
        text = self.line(at[0])
        lead = text[:len(text) - len(text.lstrip(" \t"))]
        if "\t" in lead:
            col = lead.index("\t")
            return Place(at[0] + 1, col + 1, f"line {at[0] + 1} is indented with a tab: YAML indents with spaces only "
                                             f"(replace the tab with spaces)", "yaml-tab")
        if self.char(at) == "\t" or "tab" in self.problem:
            return Place(at[0] + 1, at[1] + 1, "a tab character here: YAML separates and indents with spaces only "
                                               "(replace it with a space)", "yaml-tab")
        return None

    def dash_without_space(self) -> Place | None:
        """`-id: a`: a list item needs a space after its dash."""
        lines = [at[0] for at in (self.cm, self.pm) if at is not None]
        for i in lines:
            text = self.line(i)
            m = _DASH_NO_SPACE.match(text, self.indent(text))
            if m:
                return Place(i + 1, self.indent(text) + 1,
                             f"a list item needs a space after its '-': write '- {m.group(1).strip()}'", "yaml-syntax")
        return None

    def unclosed_quote(self, at: tuple[int, int] | None) -> Place:
        at = at or self.pm or (0, 0)
        quote = self.char(at) or '"'
        return Place(at[0] + 1, at[1] + 1, f"the text that starts with {quote} here is never closed: end it with a "
                                           f"matching {quote} on the same line", "yaml-quote")

    def bad_escape(self) -> Place:
        line, col = self.pm  # type: ignore[misc]
        text = self.line(line)
        if col < len(text) and text[col] != "\\" and col > 0 and text[col - 1] == "\\":
            col -= 1
        escape = text[col:col + 2]
        return Place(line + 1, col + 1, f"'{escape}' is not an escape in double-quoted text: write '\\\\' for a "
                                        f"backslash, or put the text in single quotes", "yaml-quote")

    def unclosed_bracket(self) -> Place | None:
        """A '[' or '{' whose closing bracket never comes on its line."""
        if self.cm is None or self.pm is None:
            return None
        opener = self.char(self.cm)
        if not opener or opener not in "[{":
            return None
        closer = "]" if opener == "[" else "}"
        what = "list" if opener == "[" else "mapping"
        line, col = self.cm
        if opener == "{" and re.match(r"\{\s*if\b", self.line(line)[col:]):     # text: {if role == "a": ... }
            key = re.match(r"\s*(?:-\s+)?([^:\s]+)\s*:", self.line(line))
            name = f"the value of '{key.group(1)}'" if key else "a value"
            return Place(line + 1, col + 1, f"{name} begins with '{{if', which YAML reads as the start of a mapping: "
                                            f"put the whole value in quotes, or write it as a block after '|'",
                         "yaml-bracket")
        if self.pm[0] != line:
            rest = self.line(line)[col:]
            for quote in "\"'":
                if closer in rest and rest.count(quote) % 2:    # the closer is there, inside quotes left open
                    at = col + rest.rindex(quote)
                    return Place(line + 1, at + 1, f"the text that starts with {quote} here is never closed, so the "
                                                   f"'{closer}' after it is read as text: end it with a matching {quote}",
                                 "yaml-quote")
            return Place(line + 1, col + 1, f"the '{opener}' here is never closed: end the {what} with '{closer}' "
                                            f"on the same line", "yaml-bracket")
        return Place(self.pm[0] + 1, self.pm[1] + 1, f"in the {what} that starts at column {col + 1}, write ',' "
                                                     f"between items and '{closer}' at its end; put text with ':' "
                                                     f"or ',' in quotes", "yaml-bracket")

    def no_space_after_colon(self, i: int) -> Place | None:
        """`key:value`: YAML needs a space after the colon of a key."""
        text = self.line(i)
        m = _NO_SPACE.match(text, self.indent(text))
        if m is None:
            return None
        key, value = m.group(1), m.group(2).rstrip()
        return Place(i + 1, m.end(1) + 1, f"a space is missing after the ':' of '{key}': write '{key}: {value}'", "yaml-colon")

    def colon_in_value(self) -> Place | None:
        """`title: Note: this`, or a key indented under text as if it belonged to it."""
        if self.pm is None:
            return None
        line, col = self.pm
        text = self.line(line)
        found = self.no_space_after_colon(line)
        if found is not None:
            return found
        key = self.key_at(line)
        if key is not None and text.find(":", key[1]) < col:
            # The line's own key comes first: the colon is inside its value.
            return self.quote_the_value(line, col, key)
        if key is not None:
            prev = self.previous(line)
            if prev is not None:
                found = self.no_space_after_colon(prev)
                if found:
                    return found
            return self.misindented(line)
        # The colon is in a line that continues the value of a key above it: by mistake of
        # indentation, or in text that holds ': '.
        found = self.misindented(line)
        if found is not None:
            return found
        for j in self.above(line):
            owner = self.key_at(j)
            if owner is not None:
                return Place(line + 1, col + 1, f"the value of '{owner[0]}' (line {j + 1}) holds ': ' here, which "
                                                f"YAML takes for the start of a key: put the whole value in quotes", "yaml-colon")
        return None

    def quote_the_value(self, line: int, col: int, key: tuple[str, int]) -> Place:
        text = self.line(line)
        name, at = key
        start = text.index(":", at) + 1
        value = text[start:].strip()
        comment = re.search(r"\s#", value)
        if comment:
            value = value[:comment.start()].rstrip()
        if value[:1] in ("'", '"'):
            return Place(line + 1, col + 1, f"text follows the closing {value[0]} of '{name}' here: put the whole "
                                            f"value inside the quotes", "yaml-quote")
        nxt = line + 1
        continued = nxt < len(self.lines) and not self.blank(self.line(nxt)) and self.indent(self.line(nxt)) > at
        fix = ""
        if len(value) <= _SHOWN and not continued and value[:1] not in ("[", "{"):
            fix = f": {name}: {_quoted(value)}"
        return Place(line + 1, col + 1, f"the value of '{name}' holds ': ', which YAML takes for the start of another "
                                        f"key: put the whole value in quotes{fix}", "yaml-colon")

    def no_colon(self) -> Place | None:
        """A line YAML took for a key but which has no ':' after it."""
        if self.cm is None:
            return None
        i = self.cm[0]
        found = self.no_space_after_colon(i)
        if found:
            return found
        text = self.line(i)
        col = self.indent(text)
        prev = self.previous(i)
        if prev is not None and self.is_text(i) and self.is_text(prev) and self.indent(self.line(prev)) > col:
            return self.misindented(i)
        if prev is not None and self.key_at(prev) is not None and self.indent(text) <= self.key_at(prev)[1]:  # type: ignore[index]
            owner = self.key_at(prev)[0]  # type: ignore[index]
            return Place(i + 1, col + 1, f"line {i + 1} has no ':'; if it continues the text of '{owner}' above, "
                                         f"indent it further than '{owner}', else write 'key: value'", "yaml-colon")
        return Place(i + 1, col + 1, f"line {i + 1} has no ':' after its key: write 'key: value'", "yaml-colon")

    def bad_start(self) -> Place | None:
        """Text that begins with a character YAML keeps for itself."""
        if self.pm is None:
            return None
        ch = self.char(self.pm)
        if ch not in "@`%":
            return None
        line, col = self.pm
        text = self.line(line)
        key = self.key_at(line)
        value = text[col:].rstrip()
        fix = f": {key[0]}: {_quoted(value)}" if key is not None and len(value) <= _SHOWN else ""
        return Place(line + 1, col + 1, f"text cannot begin with '{ch}' in YAML: put it in quotes{fix}", "yaml-syntax")

    def out_of_place(self) -> Place | None:
        """Something YAML did not expect where it stands: a line indented unlike its neighbours,
        a stray bracket, or text after a closing quote."""
        line, col = self.pm  # type: ignore[misc]
        text = self.line(line)
        ch = self.char(self.pm)
        if col == self.indent(text) and ch:
            found = self.misindented(line)
            if found:
                return found
        if ch and ch in "]}":
            opener = "[" if ch == "]" else "{"
            return Place(line + 1, col + 1, f"this '{ch}' closes no '{opener}': remove it, or put the text in quotes",
                         "yaml-bracket")
        before = text[:col].rstrip()
        if before.endswith(("'", '"')):
            quote = before[-1]
            opening = self.opening_quote(line, len(before) - 1, quote)
            # Quoted text opened on an earlier line: left open there, if what this line holds before its quote
            # is a key (the file's next key read as part of the text); else it runs on over the lines, as YAML
            # allows, and the fault is what follows its closing quote here.
            if opening is not None and opening[0] < line and _KEY_START.match(before[:-1]):
                return self.unclosed_quote(opening)
            if quote == "'" and ch and ch.isalnum() and col == len(before):     # "'Lenin's pupil'"
                word = re.search(r"\w*$", before[:-1]).group() + "''" + re.match(r"\w*", text[col:]).group()  # type: ignore[union-attr]
                return Place(line + 1, col, f"this ' ends the text in single quotes, though it reads as an apostrophe: "
                                            f"write it twice ({word}), or put the whole text in double quotes",
                             "yaml-quote")
            return Place(line + 1, col + 1, f"text follows the closing {quote} here: put the whole value inside the "
                                            f"quotes, or begin it without a quote", "yaml-quote")
        return None

    def opening_quote(self, line: int, col: int, quote: str) -> tuple[int, int] | None:
        """Where the quoted text that closes at (line, col) was opened."""
        i, j = line, col - 1
        while i >= 0:      # one pass back: quoted text holds no unescaped quote of its kind
            text = self.line(i)
            while j >= 0:
                if text[j] == quote:
                    if quote == "'" and j > 0 and text[j - 1] == "'":
                        j -= 2
                        continue
                    if quote == '"' and j > 0 and text[j - 1] == "\\":
                        j -= 2
                        continue
                    return i, j
                j -= 1
            i -= 1
            j = len(self.line(i)) - 1
        return None

    def is_text(self, i: int) -> bool:
        """Line i is text: inside a `|` or `>` block, or a line that is neither a key nor a list item."""
        text = self.line(i)
        if self.key_at(i) is None and not self.is_item(i):
            return True
        floor = self.indent(text)
        for j in range(i - 1, self.lo - 1, -1):
            above = self.line(j)
            if self.blank(above) or self.indent(above) >= floor:
                continue
            if _BLOCK.search(above):
                # Inside the block only as deep as its first line, which sets its indentation.
                first = self.following_any(j)
                return first is not None and self.indent(text) >= self.indent(self.line(first))
            if self.key_at(j) is not None or self.is_item(j):
                return False
            floor = self.indent(above)
        return False

    def empty_key(self, i: int) -> str | None:
        """The key of line i when nothing follows it on its line (its value should be below it)."""
        key = self.key_at(i)
        if key is None:
            return None
        rest = self.line(i)[self.line(i).index(":", key[1]) + 1:].strip()
        return key[0] if not rest or rest.startswith("#") else None

    def plain_value(self, i: int) -> bool:
        """Line i is a key or list item with a value on the line itself (nothing can hang below it)."""
        text = self.line(i)
        key = self.key_at(i)
        if key is not None:
            rest = text[text.index(":", key[1]) + 1:].strip()
        elif self.is_item(i):
            rest = text.strip()[1:].strip()
        else:
            return False
        return bool(rest) and not rest.startswith("#") and not _BLOCK.search(text)

    def fit(self, i: int) -> tuple[int, int, str, bool] | None:
        """What line i's indentation should match: (indentation, line, "list" or "key", whether
        that list's items begin unlike line i), or None.

        For a list item, the list above whose items begin as it does (`- id:`), else the one
        nearest in indentation; for a key, the key above nearest in indentation. The nearer
        line wins a tie.
        """
        n = self.indent(self.line(i))
        item = self.is_item(i)
        first = self.key_at(i)
        if not item and first is None:
            return None     # text lines up with text, not with keys
        prev = self.previous(i)
        if prev is not None and self.indent(self.line(prev)) < n and \
                (self.empty_key(prev) is not None or _BLOCK.search(self.line(prev))):
            return n, prev, "list" if item else "key", False      # the first line under a key sets the indentation
        best: tuple[int, int, int] | None = None      # (unlike, distance, line)
        uses = 0
        for j in self.above(i):
            if item:
                if not self.is_item(j):
                    continue
                ind = self.indent(self.line(j))
                unlike = int(self.shape(j) != (first and first[0]))
            else:
                key = self.key_at(j)
                if key is None:
                    continue
                ind, unlike = key[1], 0
            score = (unlike, abs(ind - n), j)
            if best is None or score[:2] < best[:2]:
                best, uses = score, ind
        if best is None:
            return None
        return uses, best[2], "list" if item else "key", bool(best[0])

    def following(self, i: int) -> int | None:
        """The next line after i, past anything nested deeper than it, that holds something."""
        n = self.indent(self.line(i))
        for j in range(i + 1, self.hi):
            text = self.line(j)
            if not self.blank(text) and self.indent(text) <= n:
                return j
        return None

    def following_any(self, i: int) -> int | None:
        """The next line after i that holds something."""
        for j in range(i + 1, self.hi):
            if not self.blank(self.line(j)):
                return j
        return None

    def shape(self, i: int) -> str | None:
        """How a line begins: the key after its '- ', if any (`- id:` and `- id:` are alike)."""
        key = self.key_at(i)
        return key[0] if key is not None else None

    def level(self, i: int, like: str) -> int:
        """Line i's indentation as a line of kind `like` ("item", "key" or "text") lines up with others."""
        key = self.key_at(i)
        return key[1] if like == "key" and key is not None else self.indent(self.line(i))

    def kind(self, i: int) -> str:
        return "item" if self.is_item(i) else "text" if self.is_text(i) else "key"

    def odd_one_out(self, i: int) -> Place | None:
        """The line before i strays from lines that agree with i: that line is the one to move.

        Line i agrees with the line before the stray (its sibling), or with the line after it
        while the stray agrees with nothing before it.
        """
        j = self.previous(i)
        if j is None:
            return None
        like, n, shape = self.kind(i), self.level(i, self.kind(i)), self.shape(i)
        m = self.level(j, like)
        if self.lines_up(j, like, n, shape):
            return None
        k, after, nxt = self.previous(j), self.following(i), self.following_any(i)
        if self.lines_up(nxt, like, m):
            return None     # the line after i agrees with j: i is the stray
        j_like = self.kind(j)
        with_j = self.lines_up(k, j_like, self.level(j, j_like), self.shape(j))
        if not (self.lines_up(k, like, n, shape) or (self.lines_up(after, like, n, shape) and not with_j)):
            return None
        indent = self.indent(self.line(j))
        want = indent + n - m
        how = f"like line {i + 1}" if indent == m else f"so that its key lines up with line {i + 1}'s"
        return Place(j + 1, indent + 1, f"line {j + 1} is indented {_spaces(indent)}, unlike the lines around it: "
                                        f"indent it {_spaces(want)}, {how}", "yaml-indent")

    def lines_up(self, x: int | None, like: str, level: int, shape: str | bool | None = False) -> bool:
        """Line x, read as a line of kind `like` (see `level`), is at `level` (and, for a list
        item, begins with the key `shape`, when one is given)."""
        if x is None:
            return False
        if self.kind(x) != like and not (like == "key" and self.key_at(x) is not None):
            return False
        if like == "item" and shape is not False and self.shape(x) != shape:
            return False
        return self.level(x, like) == level

    def cut(self, i: int) -> Place | None:
        """A line shallower than i, between i and the lines it lines up with, ends their list or
        mapping before i: that line is the one to move (like `sources:` written at the margin)."""
        like, n, shape = self.kind(i), self.level(i, self.kind(i)), self.shape(i)
        x = next((x for x in self.above(i) if self.indent(self.line(x)) < self.indent(self.line(i))), None)
        if x is None:
            return None
        nxt = self.following_any(i)
        if self.key_at(x) is not None and self.lines_up(nxt, "key", self.level(x, "key")):
            return None     # what follows i lines up with x's keys: x holds it, and i is the stray
        for y in range(x - 1, self.lo - 1, -1):
            text = self.line(y)
            if self.blank(text) or self.indent(text) > self.indent(self.line(i)):
                continue
            if not self.lines_up(y, like, n, shape):
                return None
            break
        else:
            return None
        kind = self.kind(x)
        for z in range(x - 1, self.lo - 1, -1):
            if not self.blank(self.line(z)) and self.kind(z) == kind:
                indent, want = self.indent(self.line(x)), self.indent(self.line(z))
                if want == indent:
                    return None
                return Place(x + 1, indent + 1, f"line {x + 1} is indented {_spaces(indent)}, unlike the lines "
                                                f"around it: indent it {_spaces(want)}, like line {z + 1}", "yaml-indent")
        return None

    def value_start(self, i: int) -> int | None:
        """The line whose value, written on it, YAML read on into line i (nothing can hang below such a value)."""
        n = self.indent(self.line(i))
        for x in self.above(i):
            if self.indent(self.line(x)) < n:
                if not self.plain_value(x):
                    return None
                key = self.key_at(x)
                return x if n > (key[1] if key is not None else self.indent(self.line(x))) else None
        return None

    def strays(self, i: int, alike: bool = False) -> Place | None:
        """Line i is indented unlike what it belongs to (see `fit`); None if it fits (or, with
        `alike`, if no list above begins as it does)."""
        n = self.indent(self.line(i))
        found = self.fit(i)
        if found is None or found[0] == n or (alike and found[3]):
            return None
        uses, at, what, _ = found
        return Place(i + 1, n + 1, f"line {i + 1} is indented {_spaces(n)}; the {what} above it (line {at + 1}) "
                                   f"uses {uses}: line them up", "yaml-indent")

    def misindented(self, i: int) -> Place | None:
        """Line i, or a line before it, is indented unlike the text, list or mapping it belongs to."""
        n = self.indent(self.line(i))
        j = self.previous(i)
        if j is None:
            return self.strays(i)
        m = self.indent(self.line(j))
        start = self.value_start(i)
        if start is not None:
            # A value that YAML read on into this line: the line it starts on may be the stray.
            found = self.strays(start, alike=True)
            if found is not None:
                return found
        found = self.odd_one_out(i) or self.cut(i)
        if found is not None:
            return found
        if self.is_text(i) and self.is_text(j) and m > n:
            return Place(i + 1, n + 1, f"line {i + 1} is indented {_spaces(n)}; the text above it (line {j + 1}) "
                                       f"uses {m}: line them up", "yaml-indent")
        for x in self.above(i):
            # `effects:` with nothing under it, then a line that strayed, then lines where it belongs
            k, after = self.previous(x), self.following_any(x)
            owner = self.empty_key(k) if k is not None else None
            at, under = self.indent(self.line(x)), self.indent(self.line(k)) if k is not None else 0
            if owner is not None and after is not None and at <= under < self.indent(self.line(after)):
                want = self.indent(self.line(after))
                return Place(x + 1, at + 1, f"line {x + 1} is indented {_spaces(at)}, no deeper than '{owner}' "
                                            f"above it (line {k + 1}): indent it {_spaces(want)}, like line {after + 1}",
                                            "yaml-indent")
            if at < n:
                break
        return self.strays(i)
