"""The scenario model: what a checked scenario is, with stable string ids everywhere.

Built only by the loader, after every name, type and reference has been checked, so the
engine never meets an unknown id during play.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from game.engine.dates import TurnLength
from game.engine.template import Template

Evaluator = Callable[[Any], Any]
Action = Callable[[Any], None]


class Place(NamedTuple):
    """Where an expression was written: shown as `path:line:col` when it fails in play."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


# Numbers in play (constants, results, flags) stay within this either way.
MAX_NUMBER = 10**12

# An event offers at most this many choices: the player picks them with the keys 1 to 9.
MAX_CHOICES = 9


@dataclass(frozen=True)
class SourceDef:
    """A work the scenario cites."""

    id: str
    title: str
    url: str = ""
    file: str = ""


@dataclass(frozen=True)
class SourceRef:
    """A citation of a source, with a section or page where useful."""

    source: str
    section: str = ""

    def label(self, sources: dict[str, SourceDef]) -> str:
        title = sources[self.source].title if self.source in sources else self.source
        return f"{title}, {self.section}" if self.section else title


@dataclass(frozen=True)
class StatDef:
    """A number the game tracks, kept within its range."""

    id: str
    name: str
    min: int
    max: int
    default: int
    scope: str = "role"
    description: str = ""


@dataclass(frozen=True)
class Role:
    """A part the player can take."""

    id: str
    name: str
    character: str
    bio: str
    position: str
    stats: dict[str, int] = field(default_factory=dict)
    flags: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OfficeTerm:
    """One office held from one date to another (either end may be open)."""

    office: str
    start: date | None
    end: date | None

    def held_on(self, d: date) -> bool:
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)


@dataclass(frozen=True)
class Character:
    """A person in the game."""

    id: str
    name: str
    bio: str = ""
    factions: tuple[str, ...] = ()
    relationship: dict[str, int] = field(default_factory=dict)
    offices: tuple[OfficeTerm, ...] = ()
    codex: str = ""


@dataclass(frozen=True)
class Office:
    """A post that characters hold."""

    id: str
    name: str
    holders: int | None = None
    description: str = ""


@dataclass(frozen=True, eq=False)
class Body:
    """A body that votes: by its members (holders of an office) or by a support formula."""

    id: str
    name: str
    members: str = ""                   # office id
    support: Evaluator | None = None    # percentage backing the player
    description: str = ""


@dataclass(frozen=True)
class Faction:
    """An alliance, bloc or opposition; it exists while it has two or more members."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True, eq=False)
class Choice:
    """One thing the player may do in an event."""

    id: str
    text: Template
    condition: Evaluator | None
    unavailable: str
    effects: tuple[Action, ...]
    effect_texts: tuple[str, ...]
    outcome: Template | None
    next: str


@dataclass(frozen=True, eq=False)
class Event:
    """Something that happens, with the choices it offers."""

    id: str
    title: str
    text: Template
    earliest: date
    latest: date
    roles: frozenset[str] | None
    condition: Evaluator | None
    priority: int
    weight: float
    once: bool
    choices: tuple[Choice, ...]
    sources: tuple[SourceRef, ...]
    unlocks: tuple[str, ...] = ()
    follow_up: bool = False      # happens only through `next:` or `schedule(...)`

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(choice_id)


@dataclass(frozen=True, eq=False)
class Ending:
    """How a game ends, and what really happened."""

    id: str
    title: str
    text: Template
    condition: Evaluator | None
    priority: int
    trigger: str            # "end" or "anytime"
    kind: str               # "historical" or "counterfactual"
    roles: frozenset[str] | None
    history: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class CodexEntry:
    """A person, body, term or document the player can read about."""

    id: str
    title: str
    kind: str
    text: str
    sources: tuple[SourceRef, ...]
    links: tuple[str, ...] = ()
    unlocked: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    """Something that happened in history, set beside the player's path when the game ends."""

    id: str
    date: date
    text: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, eq=False)
class Scenario:
    """A whole checked scenario."""

    id: str
    title: str
    version: str
    description: str
    authors: tuple[str, ...]
    start: date
    end: date
    turn: TurnLength
    events_per_turn: int
    vote_threshold: int
    roles: dict[str, Role]
    sources: dict[str, SourceDef]
    stats: dict[str, StatDef]
    characters: dict[str, Character]
    offices: dict[str, Office]
    bodies: dict[str, Body]
    factions: dict[str, Faction]
    events: dict[str, Event]
    endings: dict[str, Ending]
    codex: dict[str, CodexEntry]
    flags: dict[str, Any]          # every flag some effect sets, with its default
    timeline: tuple[TimelineEntry, ...] = ()   # in date order
    path: str = ""
    fingerprint: str = ""
    turns: int = 1                 # how many turns from start to end
    # Where each expression was written, by what it belongs to: ("choice", event, choice,
    # "effect", index), ("event", event, "text", placeholder), ("body", body, "support")...
    places: dict[tuple[Any, ...], Place] = field(default_factory=dict, repr=False)

    def events_for_role(self, role: str) -> list[Event]:
        """The events a role can meet."""
        return [e for e in self.events.values() if e.roles is None or role in e.roles]
