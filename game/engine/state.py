"""The world of a game: its state, and what expressions read and change.

Compiled expressions call these public methods and attributes by name (the compiler's table of
functions names them); the turn loop in `game.engine.game` builds on them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from game.engine.errors import ExpressionFault, GameError, ScenarioRuntimeError
from game.engine.model import MAX_NUMBER, Scenario
from game.engine.records import JournalEntry, Status, TracePoint
from game.engine.rng import Rng

FLAG_LIMIT = MAX_NUMBER      # numbers in flags stay bounded, so no scenario can grow them without limit


def fault_reason(e: BaseException) -> str:
    """Why an expression failed in play, in plain words (never Python's own)."""
    if isinstance(e, ExpressionFault):
        return e.reason
    if isinstance(e, ZeroDivisionError):
        return "division by zero"
    if isinstance(e, RecursionError):
        return "it is nested too deeply to work out"
    if isinstance(e, (ArithmeticError, ValueError, MemoryError)):
        return "a number out of range"
    return f"it cannot be worked out ({type(e).__name__})"


class World:
    """The state of one game of one scenario, role and seed. Expressions read and change it through
    its public attributes and methods."""

    def __init__(self, scenario: Scenario, role: str, seed: int) -> None:
        if role not in scenario.roles:
            raise GameError(f"no role '{role}' in scenario '{scenario.id}' (roles: {', '.join(scenario.roles)})")
        self.scenario = scenario
        self.role = role
        self.seed = seed
        self.player = scenario.roles[role].character
        self.rng = Rng(seed * 0x2545F4914F6CDD1D + 0x1234567)
        self.date: date = scenario.start
        self.turn = 1
        self.stats: dict[str, int] = {}
        self.rel: dict[str, int] = {}
        self.flags: dict[str, Any] = {}
        self.factions: dict[str, set[str]] = {f: set() for f in scenario.factions}
        self.offices: dict[str, list[str]] = {o: [] for o in scenario.offices}
        self.dead: set[str] = set()
        self.met: dict[str, int] = {}
        self.fired_this_turn: list[str] = []
        self.scheduled: list[tuple[date, str]] = []
        self.current_id: str | None = None
        self.ending_id: str | None = None
        self.status = Status.EVENT
        self.dead_end = ""
        self.unlocked: set[str] = set()
        self.journal: list[JournalEntry] = []
        self.trace: list[TracePoint] = []
        self.chosen: set[tuple[str, str]] = set()
        self._changes: list[list[Any]] | None = None     # what the choice being applied has changed so far
        self._before: dict[tuple[str, str], int] = {}    # stats and relationships as they were before it
        self._pending_end: str | None = None
        self._choosing = ""          # `event.choice` while a choice and what follows it are applied

    @property
    def ended(self) -> bool:
        return self.status != Status.EVENT

    def _failed(self, e: BaseException, site: tuple[Any, ...], subject: str) -> ScenarioRuntimeError:
        """A failure of the expression at `site` as one line: where it was written, what it
        belongs to (and the choice that led to it), and why, in plain words."""
        place = self.scenario.places.get(site)
        where = f" ({place})" if place else ""
        if isinstance(e, ScenarioRuntimeError):     # a body's support, read by this expression
            return ScenarioRuntimeError(f"{e}; read by the {subject}{where}")
        after = f" (after choice '{self._choosing}')" if self._choosing and site[0] != "choice" else ""
        return ScenarioRuntimeError(f"{place or self.scenario.path}: {subject}{after}: {fault_reason(e)}")

    # -- the world that expressions read --------------------------------------------------
    def _shares_faction(self, a: str, b: str) -> bool:
        return any(a in m and b in m for m in self.factions.values())

    def ally(self, c: str) -> bool:
        return c != self.player and c not in self.dead and self._shares_faction(self.player, c)

    def member(self, f: str, c: str | None = None) -> bool:
        return (c or self.player) in self.factions[f]

    def faction_size(self, f: str) -> int:
        return len(self.factions[f])

    def holds(self, c: str, office: str) -> bool:
        return c in self.offices[office]

    def alive(self, c: str) -> bool:
        return c not in self.dead

    def members(self, body_id: str) -> list[str]:
        """The living members of a body that votes by its members (empty for a support body)."""
        body = self.scenario.bodies[body_id]
        return [c for c in self.offices.get(body.members, []) if c not in self.dead]

    def votes(self, body_id: str) -> float:
        body = self.scenario.bodies[body_id]
        if body.support is not None:
            try:
                return max(0, min(100, body.support(self)))
            except Exception as e:  # any failure is the scenario's, reported with its place
                raise self._failed(e, ("body", body_id, "support"), f"support of body '{body_id}'") from None
        threshold = self.scenario.vote_threshold
        return sum(1 for c in self.members(body_id)
                   if c == self.player or self._shares_faction(self.player, c) or self.rel.get(c, 0) >= threshold)

    def majority(self, body_id: str) -> bool:
        body = self.scenario.bodies[body_id]
        if body.support is not None:
            return self.votes(body_id) > 50
        return self.votes(body_id) * 2 > len(self.members(body_id))

    def met_event(self, e: str) -> bool:
        return e in self.met

    def chose(self, e: str, c: str) -> bool:
        return (e, c) in self.chosen

    def is_unlocked(self, x: str) -> bool:
        return x in self.unlocked

    def chance(self, percent: float) -> bool:
        return self.rng.random() * 100 < percent

    def roll(self, lo: float, hi: float) -> int:
        return self.rng.randint(int(lo), int(hi))

    # -- and change -----------------------------------------------------------------------
    def _note(self, *change: Any) -> None:
        if self._changes is not None:
            self._changes.append(list(change))

    def set_stat(self, s: str, value: float) -> None:
        d = self.scenario.stats[s]
        self._before.setdefault(("stat", s), self.stats[s])
        self.stats[s] = max(d.min, min(d.max, round(value)))

    def set_rel(self, c: str, value: float) -> None:
        self._before.setdefault(("rel", c), self.rel[c])
        self.rel[c] = max(-100, min(100, round(value)))

    def set_flag(self, f: str, value: Any) -> None:
        if not isinstance(value, bool):
            # Numbers in flags stay bounded, so no scenario can grow them without limit.
            value = max(-FLAG_LIMIT, min(FLAG_LIMIT, value))
        self.flags[f] = value

    def join(self, f: str, c: str | None = None) -> None:
        who = c or self.player
        members = self.factions[f]
        if who in self.dead or who in members:
            return
        members.add(who)
        if len(members) == 2:
            self._note("formed", f, sorted(members))
        else:
            self._note("joined", f, who)

    def leave(self, f: str, c: str | None = None) -> None:
        who = c or self.player
        members = self.factions[f]
        if who not in members:
            return
        members.discard(who)
        self._note("left", f, who)
        if len(members) == 1:
            self._note("broke", f)

    def form(self, f: str, *members: str) -> None:
        self.factions[f] = {m for m in members if m not in self.dead}
        self._note("formed", f, sorted(self.factions[f]))

    def dissolve(self, f: str) -> None:
        if len(self.factions[f]) >= 2:
            self._note("broke", f)
        self.factions[f] = set()

    def appoint(self, c: str, office: str) -> None:
        holders = self.offices[office]
        if c in self.dead or c in holders:
            return
        limit = self.scenario.offices[office].holders
        while limit is not None and len(holders) >= limit:
            self._note("removed", holders.pop(0), office)
        holders.append(c)
        self._note("appointed", c, office)

    def dismiss(self, c: str, office: str) -> None:
        holders = self.offices[office]
        if c in holders:
            holders.remove(c)
            self._note("removed", c, office)

    def dies(self, c: str) -> None:
        if c in self.dead:
            return
        self.dead.add(c)
        self._note("died", c)
        for _office, holders in self.offices.items():
            if c in holders:
                holders.remove(c)
        for f, members in self.factions.items():
            if c in members:
                members.discard(c)
                if len(members) == 1:
                    self._note("broke", f)

    def unlock(self, x: str) -> None:
        if x not in self.unlocked:
            self.unlocked.add(x)
            self._note("codex", x)

    def schedule(self, e: str, turns: float = 1) -> None:
        delay = max(0, int(turns))
        if delay > self.scenario.turns:     # could never happen, and far enough would overflow
            raise ExpressionFault(f"'schedule(\"{e}\", ...)' delay of {delay} turns is longer than the whole "
                                  f"scenario ({self.scenario.turns} turns)")
        due = self.scenario.turn.advance(self.date, delay)
        self.scheduled.append((due, e))
        self.scheduled.sort(key=lambda x: x[0])

    def end(self, ending: str) -> None:
        if self._pending_end is None:
            self._pending_end = ending
