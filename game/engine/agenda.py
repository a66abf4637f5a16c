"""Which events and endings a role can meet, worked out once per scenario and role.

Kept beside the scenario, not in it: the model stays as the compiler built it, and every game
of the same scenario and role (a simulation plays thousands) shares one agenda.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date

from game.engine.model import Ending, Event, Scenario


@dataclass
class Agenda:
    """A role's events by priority (highest first) and its endings, with the events each turn can offer."""

    events: list[Event]                 # not follow-ups, highest priority first
    endings: list[Ending]               # highest priority first
    anytime: list[Ending]               # those that end the game as soon as they hold
    by_turn: dict[date, list[Event]] = field(default_factory=dict)   # turn start -> events whose window overlaps
    historic: frozenset[str] = frozenset()      # events with a choice marked historical
    cohesive: bool = False                      # whether any faction has a cohesion to keep

    def candidates(self, start: date, turn_end: date) -> list[Event]:
        """The events whose window overlaps the turn from `start` to `turn_end`."""
        found = self.by_turn.get(start)
        if found is None:
            found = self.by_turn[start] = [e for e in self.events if e.earliest <= turn_end and e.latest >= start]
        return found


_AGENDAS: weakref.WeakKeyDictionary[Scenario, dict[str, Agenda]] = weakref.WeakKeyDictionary()


def agenda(scenario: Scenario, role: str) -> Agenda:
    """The agenda of `role` in `scenario` (made on first use)."""
    per_role = _AGENDAS.setdefault(scenario, {})
    found = per_role.get(role)
    if found is None:
        character = scenario.roles[role].character
        events = [e for e in scenario.events.values()
                  if (e.roles is None or role in e.roles) and e.actor != character]
        endings = sorted((e for e in scenario.endings.values() if e.roles is None or role in e.roles),
                         key=lambda e: -e.priority)
        found = per_role[role] = Agenda(
            sorted((e for e in events if not e.follow_up), key=lambda e: -e.priority),
            endings, [e for e in endings if e.trigger == "anytime"],
            historic=frozenset(e.id for e in events if any(c.historical for c in e.choices)),
            cohesive=any(f.cohesion is not None for f in scenario.factions.values()))
    return found
