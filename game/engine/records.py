"""What a game keeps of itself: its status, the journal of decisions and the trace of stats.

Entries stay plain JSON data (they go into saves as they are) and are typed for readers: a
key misspelt by any face is an error its checker finds.
"""

# No `from __future__ import annotations` here: a TypedDict's annotations written as text are each compiled
# (typing.ForwardRef) as its class is made, a tenth of a millisecond apiece; as types they cost nothing.
from enum import StrEnum
from typing import Any, NotRequired, TypedDict


class Status(StrEnum):
    """Where a game stands; the values are the ones saves hold."""

    EVENT = "event"          # an event waits for a choice
    ENDED = "ended"          # an ending was reached
    DEAD_END = "dead_end"    # the scenario left the game nowhere to go


STATUSES = tuple(s.value for s in Status)


class JournalEntry(TypedDict):
    """One decision: when, in which event, what was chosen (as the player saw it), and what it did."""

    turn: int
    date: str                  # ISO date
    event: str
    title: str
    choice: str
    choice_text: str
    outcome: str
    changes: list[list[Any]]   # see game.engine.changes
    history: NotRequired[str]  # where the event has a historical choice: "kept" to it or "left" it


class TracePoint(TypedDict):
    """The stats at the start of a turn."""

    turn: int
    date: str                  # ISO date
    stats: dict[str, int]


# The journal's text fields: shown to the player, so escaped when they come from a save.
JOURNAL_TEXT = ("title", "choice_text", "outcome")
HISTORY = ("kept", "left")


def history_marks(journal: list[JournalEntry]) -> list[str]:
    """How each decision stands to what the real person did: "kept", "left", "first" (the first
    "left") or "" (where the record does not say)."""
    marks, left = [], False
    for j in journal:
        mark = j.get("history", "")
        if mark == "left" and not left:
            mark, left = "first", True
        marks.append(mark)
    return marks
