"""The characters a scenario's text may not hold (messages show them escaped, by game.engine.untrusted).

Scenario text reaches the player's terminal as written (plain mode prints it line by line),
so control characters (C0 other than tab and newline, DEL, C1) are refused in every string:
they can move the cursor, recolour the screen or retitle the window. The YAML reader refuses
them raw; double-quoted escapes ("\\e", "\\x1b", "\\N") are the way they would get in.

Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder the
text around them, so a title or a name could pass for another; they are refused in titles,
names and ids. The marks (U+200E, U+200F, U+061C) only settle the direction of neutral
characters such as punctuation beside right-to-left words, and stay allowed.
"""

from __future__ import annotations

import re

from game.engine.untrusted import BIDI_CONTROLS

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BIDI_CONTROL = re.compile(f"[{''.join(sorted(BIDI_CONTROLS))}]")


def code_point(ch: str) -> str:
    """`U+001B`: how a message names a character."""
    return f"U+{ord(ch):04X}"


def control_problem(text: str) -> str | None:
    """Why `text` cannot be shown to a player (its first control character), or None."""
    m = CONTROL.search(text)
    if m is None:
        return None
    return f"control character {code_point(m.group())} is not allowed in scenario text (only tab and newline are)"


def without_controls(text: str) -> str:
    """`text` with each control character replaced by U+FFFD, safe to quote in later messages."""
    return CONTROL.sub("\ufffd", text)


def bidi_problem(text: str, what: str) -> str | None:
    """Why `text` cannot be a title, name or id (its first bidirectional control), or None."""
    m = BIDI_CONTROL.search(text)
    if m is None:
        return None
    return (f"{what} holds the bidirectional control {code_point(m.group())}, which reorders the text "
            f"around it; titles, names and ids cannot hold one")
