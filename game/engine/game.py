"""The game: state, the turn loop, and the one API every face uses.

`Game.new` starts a game, `current()` shows the event and its choices, `choose()` applies a
choice, `snapshot()`/`Game.restore()` turn the whole state into JSON-compatible data and
back. The same scenario, role, seed and choices always give the same game.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from game.engine.changes import describe
from game.engine.dates import format_month
from game.engine.errors import GameError, ScenarioRuntimeError
from game.engine.expressions import ExpressionFault
from game.engine.rng import Rng
from game.scenario.model import Choice, Event, Scenario, SourceRef

FLAG_LIMIT = 10**12

SNAPSHOT_FIELDS = (
    "scenario", "role", "seed", "date", "turn", "stats", "rel", "flags", "factions", "offices",
    "dead", "met", "fired_this_turn", "scheduled", "current", "ending", "status", "dead_end",
    "rng", "unlocked", "journal", "trace",
)


class ChoiceView(NamedTuple):
    """A choice as the player sees it."""

    id: str
    text: str
    available: bool
    reason: str = ""


class EventView(NamedTuple):
    """The current event as the player sees it."""

    id: str
    title: str
    text: str
    date: date
    turn: int
    choices: tuple[ChoiceView, ...]
    sources: tuple[SourceRef, ...]


class EndingView(NamedTuple):
    """How the game ended."""

    id: str
    title: str
    text: str
    kind: str
    history: str
    sources: tuple[SourceRef, ...]


class Outcome(NamedTuple):
    """What one choice did."""

    event: str
    choice: str
    text: str
    changes: tuple[list[Any], ...]     # see game.engine.changes; `Game.describe` words them
    ending: EndingView | None = None


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


def format_value(value: Any) -> str:
    """How a value appears in text: dates as months, whole numbers without decimals."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    if isinstance(value, date):
        return format_month(value)
    return str(value)


class Game:
    """A game in progress. Expressions read and change it through its public attributes."""

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
        self.status = "event"            # event | ended | dead_end
        self.dead_end = ""
        self.unlocked: set[str] = set()
        self.journal: list[dict[str, Any]] = []
        self.trace: list[dict[str, Any]] = []
        self.chosen: set[tuple[str, str]] = set()
        self._changes: list[list[Any]] | None = None
        self._pending_end: str | None = None
        self._turn_end_for: date | None = None
        self._iso_for: date | None = None
        self._iso_text = ""
        self._turn_end_date = scenario.start
        tables = scenario.index.get(("role", role))
        if tables is None:
            events = [e for e in scenario.events.values() if e.roles is None or role in e.roles]
            endings = sorted((e for e in scenario.endings.values() if e.roles is None or role in e.roles),
                             key=lambda e: -e.priority)
            tables = scenario.index[("role", role)] = (
                sorted((e for e in events if not e.follow_up), key=lambda e: -e.priority),
                endings,
                [e for e in endings if e.trigger == "anytime"],
                {},   # turn start date -> the events whose window overlaps that turn
            )
        self._role_events, self._role_endings, self._anytime_endings, self._by_turn = tables
        self._before: dict[tuple[str, str], int] = {}
        self._available: tuple[bool, ...] | None = None
        self._choosing = ""          # `event.choice` while a choice and what follows it are applied

    # -- starting, saving and restoring ---------------------------------------------------
    @classmethod
    def new(cls, scenario: Scenario, role: str, seed: int = 0) -> Game:
        """A new game at the scenario's first turn, its first event ready."""
        g = cls(scenario, role, seed)
        r = scenario.roles[role]
        for s in scenario.stats.values():
            g.stats[s.id] = r.stats.get(s.id, s.default)
        for c in scenario.characters.values():
            g.rel[c.id] = c.relationship.get(role, 0)
            for f in c.factions:
                g.factions[f].add(c.id)
            for term in c.offices:
                if term.held_on(scenario.start):
                    g.offices[term.office].append(c.id)
        g.flags = dict(scenario.flags)
        g.flags.update(r.flags)
        g.unlocked = {e.id for e in scenario.codex.values() if e.unlocked}
        g._record_trace()
        g._advance()
        return g

    def snapshot(self) -> dict[str, Any]:
        """The complete state as JSON-compatible data (ids, never positions)."""
        return {
            "scenario": self.scenario.id,
            "role": self.role,
            "seed": self.seed,
            "date": self.date.isoformat(),
            "turn": self.turn,
            "stats": dict(self.stats),
            "rel": dict(self.rel),
            "flags": dict(self.flags),
            "factions": {f: sorted(m) for f, m in self.factions.items()},
            "offices": {o: list(h) for o, h in self.offices.items()},
            "dead": sorted(self.dead),
            "met": dict(self.met),
            "fired_this_turn": list(self.fired_this_turn),
            "scheduled": [[d.isoformat(), e] for d, e in self.scheduled],
            "current": self.current_id,
            "ending": self.ending_id,
            "status": self.status,
            "dead_end": self.dead_end,
            "rng": self.rng.state,
            "unlocked": sorted(self.unlocked),
            "journal": [dict(j) for j in self.journal],
            "trace": [dict(t) for t in self.trace],
        }

    @classmethod
    def restore(cls, scenario: Scenario, data: dict[str, Any]) -> Game:
        """A game from `snapshot()` data; SnapshotError names whatever does not fit."""
        from game.engine.snapshot import restore_into
        return restore_into(cls, scenario, data)

    # -- what the player sees -------------------------------------------------------------
    @property
    def ended(self) -> bool:
        return self.status != "event"

    def current(self) -> EventView | None:
        """The event waiting for a choice, with its choices; None once the game is over."""
        if self.status != "event" or self.current_id is None:
            return None
        ev = self.scenario.events[self.current_id]
        return EventView(ev.id, ev.title, self._render(ev.text, ("event", ev.id, "text"), f"text of event '{ev.id}'"),
                         self.date, self.turn,
                         tuple(self._choice_views(ev)), ev.sources)

    def ending(self) -> EndingView | None:
        """The ending reached, if any."""
        if self.ending_id is None:
            return None
        e = self.scenario.endings[self.ending_id]
        return EndingView(e.id, e.title, self._render(e.text, ("ending", e.id, "text"), f"text of ending '{e.id}'"),
                          e.kind, e.history, e.sources)

    def available_choices(self) -> list[Choice]:
        """The current event's choices whose conditions hold."""
        if self.status != "event" or self.current_id is None:
            return []
        ev = self.scenario.events[self.current_id]
        return [c for c, ok in zip(ev.choices, self._availability(ev)) if ok]

    def _availability(self, ev: Event) -> tuple[bool, ...]:
        """Which of the current event's choices are open (fixed until the next choice)."""
        if self._available is None:
            open_now = []
            for c in ev.choices:
                try:
                    open_now.append(c.condition is None or bool(c.condition(self)))
                except Exception as e:  # any failure is the scenario's, reported with its place
                    raise self._failed(e, ("choice", ev.id, c.id, "condition"),
                                       f"condition of choice '{ev.id}.{c.id}'") from None
            self._available = tuple(open_now)
        return self._available

    def _choice_views(self, ev: Event) -> list[ChoiceView]:
        out = []
        for c, ok in zip(ev.choices, self._availability(ev)):
            if ok or c.unavailable:
                out.append(ChoiceView(c.id, self._render(c.text, ("choice", ev.id, c.id, "text"),
                                                         f"text of choice '{ev.id}.{c.id}'"), ok,
                                      "" if ok else c.unavailable))
        return out


    def _render(self, template: Any, site: tuple[str, ...], subject: str) -> str:
        literal = template._literal
        if literal is not None:
            return literal
        try:
            return template.render(self, format_value)
        except Exception as e:
            raise self._failed(e, (*site, template.failing_placeholder(self)), subject) from None

    def _failed(self, e: BaseException, site: tuple[Any, ...], subject: str) -> ScenarioRuntimeError:
        """A failure of the expression at `site` as one line: where it was written, what it
        belongs to (and the choice that led to it), and why, in plain words."""
        place = self.scenario.places.get(site)
        where = f" ({place})" if place else ""
        if isinstance(e, ScenarioRuntimeError):     # a body's support, read by this expression
            return ScenarioRuntimeError(f"{e}; read by the {subject}{where}")
        after = f" (after choice '{self._choosing}')" if self._choosing and site[0] != "choice" else ""
        return ScenarioRuntimeError(f"{place or self.scenario.path}: {subject}{after}: {fault_reason(e)}")

    # -- playing --------------------------------------------------------------------------
    def choose(self, choice_id: str) -> Outcome:
        """Apply a choice of the current event, then move on to the next event or an ending."""
        if self.status != "event" or self.current_id is None:
            raise GameError("the game is over; there is nothing to choose")
        ev = self.scenario.events[self.current_id]
        for index, choice in enumerate(ev.choices):  # noqa: B007 - `index` is used after the loop
            if choice.id == choice_id:
                break
        else:
            raise GameError(f"event '{ev.id}' has no choice '{choice_id}'")
        if not self._availability(ev)[index]:
            raise GameError(f"choice '{choice_id}' is not available now")
        self._choosing = f"{ev.id}.{choice.id}"
        try:
            return self._apply(ev, choice)
        finally:
            self._choosing = ""

    def _apply(self, ev: Event, choice: Choice) -> Outcome:
        choice_text = self._render(choice.text, ("choice", ev.id, choice.id, "text"),
                                   f"text of choice '{ev.id}.{choice.id}'")   # as the player saw it
        self._before = {}
        self._changes = notes = []
        self._pending_end = None
        for i, (action, text) in enumerate(zip(choice.effects, choice.effect_texts)):
            try:
                action(self)
            except Exception as e:  # any failure is the scenario's, reported with its place
                self._changes = None
                raise self._failed(e, ("choice", ev.id, choice.id, "effect", i),
                                   f"effect '{text}' of choice '{ev.id}.{choice.id}'") from None
        self._changes = None
        changes = self._stat_changes() + notes
        outcome_text = self._render(choice.outcome, ("choice", ev.id, choice.id, "outcome"),
                                    f"outcome of choice '{ev.id}.{choice.id}'") if choice.outcome else ""
        self.chosen.add((ev.id, choice.id))
        self.journal.append({
            "turn": self.turn, "date": self._iso(), "event": ev.id, "title": ev.title,
            "choice": choice.id, "choice_text": choice_text,
            "outcome": outcome_text, "changes": changes,
        })
        self.current_id = None
        self._available = None
        ending = self._pending_end or self._find_ending(at_end=False)
        if ending:
            self._finish(ending)
        elif choice.next and self._can_follow(choice.next):
            self._start_event(self.scenario.events[choice.next])
        else:
            self._advance()
        return Outcome(ev.id, choice.id, outcome_text, tuple(changes), self.ending())

    def _stat_changes(self) -> list[list[Any]]:
        """Stats and relationships the last choice changed, in the order it changed them."""
        out = []
        for (kind, k), old in self._before.items():
            new = self.stats[k] if kind == "stat" else self.rel[k]
            if new != old:
                out.append([kind, k, new - old, new])
        return out

    def describe(self, change: list[Any]) -> str:
        """A recorded change in words."""
        return describe(self.scenario, change)

    def _can_follow(self, event_id: str) -> bool:
        ev = self.scenario.events[event_id]
        if ev.roles is not None and self.role not in ev.roles:
            return False
        if ev.once and event_id in self.met:
            return False
        return self._event_condition(ev)

    def _event_condition(self, ev: Event) -> bool:
        if ev.condition is None:
            return True
        try:
            return bool(ev.condition(self))
        except Exception as e:
            raise self._failed(e, ("event", ev.id, "condition"), f"condition of event '{ev.id}'") from None

    def _advance(self) -> None:
        """Find the next event, moving through turns as needed, or end the game."""
        while True:
            ev = self._pick_event()
            if ev is not None:
                self._start_event(ev)
                return
            if not self._next_turn():
                return

    def _start_event(self, ev: Event) -> None:
        self.current_id = ev.id
        self.met[ev.id] = self.met.get(ev.id, 0) + 1
        self.fired_this_turn.append(ev.id)
        self.unlocked.update(ev.unlocks)
        self._available = None
        if not any(self._availability(ev)):
            self.status = "dead_end"
            self.dead_end = f"event '{ev.id}' offers no available choice"

    def _turn_end(self) -> date:
        """The last day of the current turn (cached: it changes only with the date)."""
        if self._turn_end_for != self.date:
            self._turn_end_for = self.date
            self._turn_end_date = self.scenario.turn.advance(self.date) - timedelta(days=1)
        return self._turn_end_date

    def _pick_event(self) -> Event | None:
        if len(self.fired_this_turn) >= self.scenario.events_per_turn:
            return None
        # Scheduled events come first, in the order they were scheduled.
        if self.scheduled:
            turn_end = self._turn_end()
            while self.scheduled and self.scheduled[0][0] <= turn_end:
                _, eid = self.scheduled.pop(0)
                if eid not in self.fired_this_turn and self._can_follow(eid):
                    return self.scenario.events[eid]
        candidates = self._by_turn.get(self.date)
        if candidates is None:
            start, turn_end = self.date, self._turn_end()
            candidates = self._by_turn[start] = [
                e for e in self._role_events if e.earliest <= turn_end and e.latest >= start]
        fired, met = self.fired_this_turn, self.met
        best: list[Event] = []
        top = None
        for ev in candidates:       # sorted by priority, highest first
            if top is not None and ev.priority < top:
                break
            if ev.id in fired or (ev.once and ev.id in met):
                continue
            condition = ev.condition
            if condition is not None:
                try:
                    if not condition(self):
                        continue
                except Exception as e:  # any failure is the scenario's, reported with its place
                    raise self._failed(e, ("event", ev.id, "condition"), f"condition of event '{ev.id}'") from None
            top = ev.priority
            best.append(ev)
        if not best:
            return None
        if len(best) == 1:
            return best[0]
        return best[self.rng.weighted_index([e.weight for e in best])]

    def _next_turn(self) -> bool:
        """Move to the next turn; False when the game ended (or got stuck) instead."""
        nxt = self.scenario.turn.advance(self.date)
        if nxt > self.scenario.end:
            ending = self._find_ending(at_end=True)
            if ending:
                self._finish(ending)
            else:
                self.status = "dead_end"
                self.dead_end = "the last turn passed and no ending's condition holds"
            return False
        self.date = nxt
        self.turn += 1
        self.fired_this_turn = []
        self._record_trace()
        ending = self._find_ending(at_end=False)
        if ending:
            self._finish(ending)
            return False
        return True

    def _record_trace(self) -> None:
        self.trace.append({"turn": self.turn, "date": self._iso(), "stats": dict(self.stats)})

    def _iso(self) -> str:
        if self._iso_for != self.date:
            self._iso_for, self._iso_text = self.date, self.date.isoformat()
        return self._iso_text

    def _find_ending(self, *, at_end: bool) -> str | None:
        for e in (self._role_endings if at_end else self._anytime_endings):
            if e.condition is None:
                return e.id
            try:
                if e.condition(self):
                    return e.id
            except Exception as err:  # any failure is the scenario's, reported with its place
                raise self._failed(err, ("ending", e.id, "condition"), f"condition of ending '{e.id}'") from None
        return None

    def _finish(self, ending_id: str) -> None:
        self.ending_id = ending_id
        self.status = "ended"
        self.current_id = None

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
