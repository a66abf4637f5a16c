"""Text and numbers read from a file, made fit to show: nothing reaches a terminal raw, nothing huge in full.

A save is written by the game, but any program (or person) can edit it. Text from one may hold
control characters, escape sequences (which set a terminal's title, move its cursor, or worse),
characters that reverse the direction of what follows, or lone surrogates that cannot be printed
at all; a number may run to thousands of digits. Every face shows such values through these
functions, so each is made safe in one place.
"""

from __future__ import annotations

import functools
import re
import sys

# Characters that reorder the text around them (embeddings, overrides and isolates): shown escaped
# so a name cannot disguise what follows it. The marks (LRM, RLM) only nudge neutral characters.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters (C0, DEL, C1: Unicode's Cc), lone surrogates (Cs), the line and paragraph
# separators (Zl, Zp) and the bidirectional controls, each found by one pattern: a save's journal
# holds thousands of strings, and a scan in C keeps loading it fast.
_OTHERS = r"\ud800-\udfff\u2028\u2029" + "".join(f"\\u{ord(c):04x}" for c in sorted(BIDI_CONTROLS))
NUMBER_DIGITS = 15          # a whole number longer than this is described, not printed


@functools.cache
def _unsafe(lines: bool) -> re.Pattern[str]:
    """The unsafe characters; with `lines`, not tab and newline. Made when first needed (a class this wide
    takes a millisecond to compile, and a game need not show any text from a file before its first frame)."""
    if lines:
        return re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_OTHERS}]")
    return re.compile(rf"[\x00-\x1f\x7f-\x9f{_OTHERS}]")


def escape(c: str) -> str:
    """A character as a visible escape: `\\x1b`, `\\u202e`, `\\n`."""
    return repr(c)[1:-1]


def printable(text: str, lines: bool = False) -> str:
    """`text` with every unsafe character shown as an escape; with `lines`, newlines and tabs are kept."""
    pattern = _unsafe(lines)
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda m: escape(m.group()), text)


def clip(text: str, limit: int = 60) -> str:
    """`text`, escaped, and cut short (saying how long it was) when it is longer than `limit`."""
    shown = printable(text)
    if len(shown) <= limit:
        return shown
    return f"{shown[:limit]}… ({len(text)} characters)"


def number(value: int | float) -> str:
    """A number for a message: in full when short, otherwise how many digits it has."""
    if not isinstance(value, int) or abs(value) < 10 ** NUMBER_DIGITS:
        return str(value)
    sign = "negative " if value < 0 else ""
    try:
        return f"a {sign}{len(str(abs(value)))}-digit number"
    except ValueError:          # past Python's own limit on printing whole numbers
        return f"a {sign}number of more than {sys.get_int_max_str_digits()} digits"
