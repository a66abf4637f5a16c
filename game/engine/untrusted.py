"""Text and numbers read from a file, made fit to show: nothing reaches a terminal raw, nothing huge in full.

A save is written by the game, but any program (or person) can edit it. Text from one may hold
control characters, escape sequences (which set a terminal's title, move its cursor, or worse),
characters that reverse the direction of what follows, or lone surrogates that cannot be printed
at all; a number may run to thousands of digits. Every face shows such values through these
functions, so each is made safe in one place.
"""

from __future__ import annotations

import sys
import unicodedata

# Characters that reorder the text around them (embeddings, overrides and isolates): shown escaped
# so a name cannot disguise what follows it. The marks (LRM, RLM) only nudge neutral characters.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Control characters (C0, DEL, C1), lone surrogates, and the line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
NUMBER_DIGITS = 15          # a whole number longer than this is described, not printed


def unsafe(c: str) -> bool:
    """A character that must not reach a terminal as it is."""
    return c in BIDI_CONTROLS or unicodedata.category(c) in _UNSAFE_CATEGORIES


def escape(c: str) -> str:
    """A character as a visible escape: `\\x1b`, `\\u202e`, `\\n`."""
    return repr(c)[1:-1]


def printable(text: str, lines: bool = False) -> str:
    """`text` with every unsafe character shown as an escape; with `lines`, newlines and tabs are kept."""
    if not any(unsafe(c) for c in text):
        return text
    keep = "\n\t" if lines else ""
    return "".join(escape(c) if unsafe(c) and c not in keep else c for c in text)


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
