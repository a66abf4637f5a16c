"""What the faces are shown: the current event, its choices, an ending, what a choice did."""

from __future__ import annotations

from datetime import date
from typing import Any

from game.engine.dates import format_when
from game.engine.model import SourceRef
from game.engine.politics import Whip
from game.structs import Row


class ChoiceView(Row):
    """A choice as the player sees it."""

    id: str
    text: str
    available: bool
    reason: str = ""
    # In an event that shows its count before a vote: the count of each motion this choice, open now, puts whatever
    # the state (the same motion with other backing, or another one), as the choice puts it (after its own effects
    # before the vote); the event's own motion only where the choice moves its count. The count that decides.
    counts: tuple[Whip, ...] = ()


class EventView(Row):
    """The current event as the player sees it."""

    id: str
    title: str
    text: str
    date: date
    turn: int
    choices: tuple[ChoiceView, ...]
    sources: tuple[SourceRef, ...]
    actor: str = ""                  # the name of the rival whose move this is
    whip: Whip | None = None         # a set piece's count before the vote, where the player can know it
    vote: str = ""                   # the id of the vote a set piece stages


class EndingView(Row):
    """How the game ended."""

    id: str
    title: str
    text: str
    kind: str
    history: str
    sources: tuple[SourceRef, ...]


class AimLine(Row):
    """One of the role's aims or fears, and whether it holds now."""

    kind: str                   # "aim" or "fear"
    text: str
    holds: bool


class Departure(Row):
    """A decision where the player left what the real person did."""

    turn: int
    date: str                  # ISO date
    title: str
    choice_text: str
    first: bool                # the first departure of the game


class Outcome(Row):
    """What one choice did."""

    event: str
    choice: str
    text: str
    changes: tuple[list[Any], ...]     # see game.engine.changes; `Game.describe` words them
    ending: EndingView | None = None


def format_value(value: Any) -> str:
    """How a value appears in text: dates as months (with the day where it is not the first),
    whole numbers without decimals."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    if isinstance(value, date):
        return format_when(value)
    return str(value)
