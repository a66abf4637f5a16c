"""Which events and endings a role can meet, worked out once per scenario and role.

Kept beside the scenario, not in it: the model stays as the compiler built it, and every game
of the same scenario and role (a simulation plays thousands) shares one agenda.
"""

from __future__ import annotations

import weakref
from dataclasses import field
from datetime import date, timedelta

from game.digest import blake2b
from game.engine.dates import TurnLength
from game.engine.model import Ending, Event, Scenario
from game.structs import struct


@struct
class Agenda:
    """A role's events by priority (highest first) and its endings, with the events each turn can offer."""

    events: list[Event]                 # not follow-ups, highest priority first
    endings: list[Ending]               # highest priority first
    anytime: list[Ending]               # those that end the game as soon as they hold
    by_turn: dict[date, list[Event]] = field(default_factory=dict)   # turn start -> events whose window overlaps
    historic: frozenset[str] = frozenset()      # events with a choice marked historical
    cohesive: bool = False                      # whether any faction has a cohesion to keep
    dated: bool = False                         # whether any of the events has a day
    windows: dict[str, list[date]] = field(default_factory=dict)   # event with a spread -> its window's turns
    at_chapter: dict[str, list[Ending]] = field(default_factory=dict)   # chapter -> endings checked at its end

    def candidates(self, start: date, turn_end: date) -> list[Event]:
        """The events whose window overlaps the turn from `start` to `turn_end`."""
        found = self.by_turn.get(start)
        if found is None:
            found = self.by_turn[start] = [e for e in self.events if e.earliest <= turn_end and e.latest >= start]
        return found

    def openings(self, seed: int) -> dict[str, date]:
        """The turn from which each event with a spread may come, in the game of `seed`."""
        return {e.id: opening(e, seed, self.windows[e.id]) for e in self.events if e.id in self.windows}


def window_turns(start: date, end: date, turn: TurnLength, earliest: date, latest: date) -> list[date]:
    """The starts of the turns from `start` to `end` that overlap the window from `earliest` to `latest`."""
    out = []
    d = start
    if earliest > start and (turn.unit != "month" or start.day <= 28):
        # The turns that end before the window opens are passed over in one step: the last one to begin by then
        # is the first that may overlap it. (Months from a day after the 28th are stepped through one by one, as
        # the game steps: a shorter month moves the day, and every month after keeps the new day.)
        d = turn.advance(start, turn.count(start, min(earliest, end)) - 1)
    while d <= end and d <= latest:
        nxt = turn.advance(d)
        if nxt - timedelta(days=1) >= earliest:
            out.append(d)
        d = nxt
    return out


def opening(ev: Event, seed: int, turns: list[date]) -> date:
    """The turn of its window from which `ev` may come in the game of `seed`.

    Drawn from the seed and the event's id, never from the game's generator: a game's random
    stream stays what it was, and a restored game draws the same turn again.
    """
    if not turns:
        return date.max
    spread = ev.spread
    if spread == "first":
        return turns[0]
    if spread == "last":
        return turns[-1]
    weights = [1.0] * len(turns) if spread == "even" else list(spread)
    digest = blake2b(f"{seed}:{ev.id}".encode(), digest_size=8).digest()
    point = int.from_bytes(digest, "big") / 2**64 * sum(weights)
    for d, w in zip(turns, weights):
        if point < w:
            return d
        point -= w
    return next(d for d, w in zip(reversed(turns), reversed(weights)) if w > 0)     # rounding at the very top


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
        last = scenario.chapters[-1].id if scenario.chapters else ""
        at_chapter: dict[str, list[Ending]] = {}
        for e in endings:
            if e.chapter and e.chapter != last:
                at_chapter.setdefault(e.chapter, []).append(e)
        endings = [e for e in endings if not e.chapter or e.chapter == last]
        picked = sorted((e for e in events if not e.follow_up), key=lambda e: -e.priority)
        found = per_role[role] = Agenda(
            picked, endings, [e for e in endings if e.trigger == "anytime"],
            historic=frozenset(e.id for e in events if e.historic),
            cohesive=any(f.cohesion is not None for f in scenario.factions.values()),
            dated=any(e.day is not None for e in picked),
            windows={e.id: window_turns(scenario.start, scenario.end, scenario.turn, e.earliest, e.latest)
                     for e in picked if e.spread != "first"},
            at_chapter=at_chapter)
    return found
