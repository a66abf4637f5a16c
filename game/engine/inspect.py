"""The writer's state inspector: a game's state now, why its current event came and why the others
did not, and a game jumped to a date or an event to try a scene.

The reasons are the turn loop's own: the inspector asks the game's predicates (`Game._barred`,
`Game._turn_candidates`, `Game._day_slate`) on a copy of the game as it stood before the pick,
and never re-states a rule of its own. Inspecting changes nothing in the game.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from game.engine.dates import DateError, parse_date
from game.engine.errors import GameError
from game.engine.game import Game
from game.engine.model import Event, Scenario
from game.engine.records import Status
from game.engine.rng import Rng
from game.engine.state import FLAG_LIMIT
from game.structs import struct

NEAR_TURNS = 3          # events whose window is this many turns from the current one are listed too
MAX_EXCERPT = 200      # a condition longer than this is shown cut, with an ellipsis
SEARCH_GAMES = 400      # a jump that the historical path misses tries at most this many departures from it

# What each verdict on an event means, as the inspector words it.
VERDICTS = {
    "chosen": "chosen",
    "not_open": "window not open yet",
    "closed": "window closed",
    "spread": "its spread put it later",
    "this_turn": "already came this turn",
    "once": "once only, already happened",
    "routine": "routine, and this turn already had a routine event or a set piece",
    "cooldown": "cooling down",
    "condition": "condition false",
    "error": "condition fails",
    "outranked": "outranked by priority",
    "lost_draw": "lost the weighted draw",
    "no_room": "no room this turn",
    "later_day": "comes later this turn",
    "waits": "may come: waits for the next pick of the turn",
    "turn_full": "the turn is full",
}


@struct(frozen=True)
class Considered:
    """One event the turn considered (or one near it), and why it came or did not."""

    event: str
    title: str
    earliest: date
    latest: date
    priority: int
    weight: float
    day: int | None
    spread: str                 # "first", "even", "last" or "weights"
    opens: date | None          # the turn its spread drew, where it has a spread
    once: bool
    routine: bool
    cooldown: int
    condition: str              # its source text ("" without one)
    condition_at: str           # where it was written, file:line:col
    verdict: str                # a key of VERDICTS
    reason: str                 # the verdict in full, with its figures

    @property
    def window(self) -> str:
        return f"{self.earliest.isoformat()} to {self.latest.isoformat()}"


@struct(frozen=True)
class Inspection:
    """The state of a game now, and the reasons of its current event."""

    date: date
    turn: int
    status: str
    current: str | None                         # the current event's id
    how: str                                    # how it came: "pick", "next", "schedule" ("" without one)
    why: tuple[str, ...]                        # why it came, a line for each reason
    chosen: Considered | None
    others: tuple[Considered, ...]              # the events considered this turn or near it, best first
    stats: tuple[tuple[str, str, int], ...]     # (id, name, value)
    flags: tuple[tuple[str, Any], ...]
    rel: tuple[tuple[str, str, int], ...]       # (character, name, value)
    ties: tuple[tuple[str, str, int], ...]      # (a, b, value) between characters other than the player
    factions: tuple[tuple[str, str, tuple[str, ...], int | None], ...]   # (id, name, members, cohesion)
    offices: tuple[tuple[str, str, tuple[str, ...]], ...]                # (id, name, holders)
    dead: tuple[str, ...]
    scheduled: tuple[tuple[date, str], ...]
    met: tuple[tuple[str, int], ...]
    ending: str = ""
    dead_end: str = ""

    def rows(self) -> list[tuple[str, str, str]]:
        """The state now as rows of a table: (what, name, value)."""
        rows = [("stat", sid, str(v)) for sid, _, v in self.stats]
        rows += [("relationship", f"rel.{c}", str(v)) for c, _, v in self.rel]
        rows += [("flag", k, word(v)) for k, v in self.flags]
        rows += [("faction", f, (", ".join(m) or "no members") + ("" if cohesion is None else f" (cohesion {cohesion})"))
                 for f, _, m, cohesion in self.factions]
        rows += [("office", o, ", ".join(h) or "vacant") for o, _, h in self.offices]
        rows += [("tie", f"{a} ~ {b}", str(v)) for a, b, v in self.ties]
        rows += [("dead", c, "") for c in self.dead]
        rows += [("scheduled", e, d.isoformat()) for d, e in self.scheduled]
        rows += [("met", e, str(n)) for e, n in self.met]
        return rows

    @property
    def no_event(self) -> str:
        """Why there is no current event, as a sentence ("" when there is one)."""
        if self.current is not None:
            return ""
        return f"No current event: {f'the game ended ({self.ending})' if self.ending else self.dead_end}."

    def lines(self) -> list[str]:
        """The whole inspection as lines of text."""
        out = [f"Turn {self.turn}, {self.date.isoformat()} ({self.status})"]
        if self.current is None:
            out.append(self.no_event)
        else:
            out.append(f"Current event: {self.current}")
            out += [f"  {w}" for w in self.why]
        if self.others:
            out.append("The others:")
            for c in self.others:
                out.append(f"  {c.event}: {c.reason}")
        out.append("Stats: " + (", ".join(f"{i}={v}" for i, _, v in self.stats) or "none"))
        out.append("Flags: " + (", ".join(f"{k}={word(v)}" for k, v in self.flags) or "none"))
        out.append("Relationships: " + (", ".join(f"rel.{c}={v}" for c, _, v in self.rel) or "none"))
        if self.ties:
            out.append("Ties: " + ", ".join(f"{a}~{b}={v}" for a, b, v in self.ties))
        for fid, _, members, cohesion in self.factions:
            keep = "" if cohesion is None else f" (cohesion {cohesion})"
            out.append(f"Faction {fid}{keep}: {', '.join(members) or 'no members'}")
        for oid, _, holders in self.offices:
            out.append(f"Office {oid}: {', '.join(holders) or 'vacant'}")
        out.append("Dead: " + (", ".join(self.dead) or "none"))
        out.append("Scheduled: " + (", ".join(f"{e} ({d.isoformat()})" for d, e in self.scheduled) or "none"))
        out.append("Met: " + (", ".join(f"{e}" + (f" x{n}" if n > 1 else "") for e, n in self.met) or "none"))
        return out


def word(value: Any) -> str:
    """A flag's value as the inspector writes it (and a setting takes it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- the inspection --------------------------------------------------------------------------------
def inspect(game: Game) -> Inspection:
    """The state of `game` now, and why its current event came and the others did not."""
    s = game.scenario
    state = _state(game)
    if game.current_id is None:
        return Inspection(game.date, game.turn, game.status.value, None, "", (), None, (), **state,
                          ending=game.ending_id or "", dead_end=game.dead_end)
    before = before_start(game)
    how = _how(game)
    ev = s.events[game.current_id]
    verdicts = _verdicts(before, how, ev)
    chosen = verdicts.pop(ev.id, None) or _considered(before, ev, "chosen", "")
    why = _why(game, before, how, chosen, verdicts)
    return Inspection(game.date, game.turn, game.status.value, ev.id, how, tuple(why), chosen,
                      tuple(verdicts.values()), **state, dead_end=game.dead_end)


def _state(g: Game) -> dict[str, Any]:
    s = g.scenario
    chars = s.characters
    return {
        "stats": tuple((k, s.stats[k].name, v) for k, v in g.stats.items()),
        "flags": tuple(sorted(g.flags.items())),
        "rel": tuple((c, chars[c].name, v) for c, v in g.rel.items() if c != g.player),
        "ties": tuple((a, b, v) for (a, b), v in sorted(g.ties.items()) if g.player not in (a, b)),
        "factions": tuple((f.id, f.name, tuple(sorted(g.factions[f.id])), f.cohesion) for f in s.factions.values()),
        "offices": tuple((o.id, o.name, tuple(g.offices[o.id])) for o in s.offices.values()),
        "dead": tuple(sorted(g.dead)),
        "scheduled": tuple(g.scheduled),
        "met": tuple(g.met.items()),
    }


def _how(g: Game) -> str:
    """How the current event came; for a restored game (which keeps no arrival), worked out from the journal."""
    if g.arrival is not None:
        return g.arrival.how
    last = g.journal[-1] if g.journal else None
    if last is not None and last["turn"] == g.turn:
        prev = g.scenario.events.get(last["event"])
        if prev is not None and any(c.id == last["choice"] and c.next == g.current_id for c in prev.choices):
            return "next"
    return "schedule" if g.scenario.events[g.current_id or ""].follow_up else "pick"


def before_start(g: Game) -> Game:
    """A copy of the game as it stood just before its current event started (the draw that picked it aside),
    to be read and never played: it shares with `g` all but what the start changed and the random generator."""
    b = copy.copy(g)
    b.met, b.last_turn, b.met_dates = dict(g.met), dict(g.last_turn), dict(g.met_dates)
    b.fired_this_turn, b.unlocked = list(g.fired_this_turn), set(g.unlocked)
    b.rng = Rng(g.rng.state)
    eid = g.current_id or ""
    n = b.met.get(eid, 0) - 1
    if n > 0:
        b.met[eid] = n
    else:
        b.met.pop(eid, None)
    if b.fired_this_turn and b.fired_this_turn[-1] == eid:
        b.fired_this_turn.pop()
    arrival = g.arrival
    if arrival is not None:
        last_turn, met_date = arrival.last_turn, arrival.met_date
        b.unlocked.difference_update(arrival.unlocked)
    else:       # a restored game: the journal holds when the event last came
        earlier = [j for j in g.journal if j["event"] == eid]
        last_turn = earlier[-1]["turn"] if earlier else None
        met_date = date.fromisoformat(earlier[-1]["date"]) if earlier else None
    for table, value in ((b.last_turn, last_turn), (b.met_dates, met_date)):
        if value is None:
            table.pop(eid, None)
        else:
            table[eid] = value      # type: ignore[index]
    b.current_id = None
    b._available = None
    return b


def _verdicts(b: Game, how: str, current: Event) -> dict[str, Considered]:
    """Each event the turn considered or nearly did, by id, with its verdict (the current one's too)."""
    s = b.scenario
    candidates = b._turn_candidates()
    near_from = s.turn.advance(b.date, -NEAR_TURNS)
    near_to = s.turn.advance(b.date, NEAR_TURNS + 1) - timedelta(days=1)
    bars: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    for ev in candidates:
        try:
            bars[ev.id] = b._barred(ev)
        except GameError as e:      # a condition that cannot be worked out: the game would stop on it
            bars[ev.id] = "error"
            errors[ev.id] = str(e)
    eligible = [ev for ev in candidates if bars[ev.id] is None]
    out: dict[str, Considered] = {}
    per_turn = s.events_per_turn
    if how != "pick":
        for ev in candidates:
            bar = bars[ev.id]
            if bar is None:
                verdict = "waits" if len(b.fired_this_turn) + 1 < per_turn else "turn_full"
                out[ev.id] = _considered(b, ev, verdict, _waits(current, how, verdict))
            else:
                out[ev.id] = _considered(b, ev, bar, _bar_reason(b, ev, bar, errors))
    else:
        _picked(b, current, candidates, eligible, bars, errors, out)
    turn_end = b._turn_end()
    for ev in b._agenda.events:
        if ev.id in out or not (ev.earliest <= near_to and ev.latest >= near_from):
            continue
        if ev.once and ev.id in b.met:
            out[ev.id] = _considered(b, ev, "once", _bar_reason(b, ev, "once", {}))
        elif ev.earliest > turn_end:
            out[ev.id] = _considered(b, ev, "not_open", f"window not open yet: it opens {ev.earliest.isoformat()}")
        elif ev.latest < b.date:
            out[ev.id] = _considered(b, ev, "closed", f"window closed on {ev.latest.isoformat()}")
        else:
            opens = (b._opens or {}).get(ev.id)
            when = opens.isoformat() if opens and opens != date.max else "no turn"
            out[ev.id] = _considered(b, ev, "spread", f"its spread ({_spread(ev)}) drew the turn of {when} "
                                                        f"in its window ({ev.earliest.isoformat()} to {ev.latest.isoformat()})")
    return out


def _picked(b: Game, current: Event, candidates: list[Event], eligible: list[Event], bars: dict[str, str | None],
            errors: dict[str, str], out: dict[str, Considered]) -> None:
    """The verdicts of the pick that chose `current`, as `Game._pick_event` made it."""
    best: list[Event]
    later: list[Event] = []
    untaken: list[Event] = []
    if b._by_days(candidates):
        taken, earliest, best = b._day_slate(eligible) if eligible else ([], [], [])
        untaken = [e for e in eligible if e not in taken]
        later = [e for e in taken if e not in earliest]
    else:
        top = eligible[0].priority if eligible else None
        best = [e for e in eligible if e.priority == top]
    total = sum(e.weight for e in best)
    for ev in candidates:
        bar = bars[ev.id]
        if bar is not None:
            out[ev.id] = _considered(b, ev, bar, _bar_reason(b, ev, bar, errors))
        elif ev is current:
            out[ev.id] = _considered(b, ev, "chosen", "")
        elif ev in untaken:
            room = b.scenario.events_per_turn - len(b.fired_this_turn)
            out[ev.id] = _considered(b, ev, "no_room", f"no room this turn: it has room for {room} more, taken by "
                                                          f"higher priority or earlier days")
        elif ev in later:
            out[ev.id] = _considered(b, ev, "later_day", f"comes later this turn (day {ev.day})")
        elif ev in best:
            out[ev.id] = _considered(b, ev, "lost_draw", f"lost the weighted draw: weight {_num(ev.weight)} "
                                                            f"of {_num(total)} to '{current.id}'")
        else:
            top_ev = best[0] if best else current
            out[ev.id] = _considered(b, ev, "outranked", f"outranked by priority: {ev.priority} below "
                                                            f"{top_ev.priority} of '{top_ev.id}'")


def _waits(current: Event, how: str, verdict: str) -> str:
    came = "followed the last choice" if how == "next" else "was scheduled"
    if verdict == "turn_full":
        return f"may come, but '{current.id}' {came} and filled the turn"
    return f"may come: '{current.id}' {came} and comes first; the turn picks again after it"


def _bar_reason(b: Game, ev: Event, bar: str, errors: dict[str, str]) -> str:
    if bar == "this_turn":
        return "already came this turn"
    if bar == "once":
        return f"once only, and it already happened (turn {b.last_turn.get(ev.id, '?')})"
    if bar == "routine":
        return "routine, and this turn already had a routine event or a set piece"
    if bar == "cooldown":
        last = b.last_turn[ev.id]
        return f"cooling down: came on turn {last}, may come again from turn {last + ev.cooldown + 1}"
    if bar == "condition":
        return "condition false"
    return f"condition fails: {errors.get(ev.id, '')}"


def _considered(b: Game, ev: Event, verdict: str, reason: str) -> Considered:
    site = ("event", ev.id, "condition")
    place = b.scenario.places.get(site) if ev.condition is not None else None
    mentions = b.scenario.mentions.get(site) if ev.condition is not None else None
    text = " ".join(mentions.text.split()) if mentions is not None else ""      # on one line, as written
    if len(text) > MAX_EXCERPT:
        text = text[:MAX_EXCERPT - 1] + "…"
    if verdict == "condition" and (text or place):
        reason = f"condition false: {text or 'at ' + str(place)}"
    opens = (b._opens or {}).get(ev.id)
    return Considered(ev.id, ev.title, ev.earliest, ev.latest, ev.priority, ev.weight, ev.day, _spread(ev),
                      opens if opens != date.max else None, ev.once, ev.routine, ev.cooldown, text,
                      str(place) if place else "", verdict, reason or VERDICTS[verdict])


def _spread(ev: Event) -> str:
    return ev.spread if isinstance(ev.spread, str) else "weights"


def _num(x: float) -> str:
    return f"{x:g}"


def _why(g: Game, b: Game, how: str, c: Considered, others: Mapping[str, Considered]) -> list[str]:
    """Why the current event came, a line for each reason."""
    s = g.scenario
    ev = s.events[c.event]
    out: list[str] = []
    if how == "next":
        last = g.journal[-1]
        out.append(f"came as the 'next' of choice '{last['event']}.{last['choice']}'")
    elif how == "schedule":
        out.append("came as scheduled (by schedule(...) in an earlier choice)")
    elif how == "pick":
        out.append("came by the turn's pick")
    out.append(f"window {c.window}; turn {b.turn} runs {b.date.isoformat()} to {b._turn_end().isoformat()}"
               + (f"; day {ev.day} ({b.day_date(ev.day).isoformat()})" if ev.day is not None else ""))
    if c.spread != "first" and c.opens is not None:
        out.append(f"spread {c.spread}: this game drew the turn of {c.opens.isoformat()}")
    if ev.condition is not None:
        out.append(f"condition holds: {c.condition or 'at ' + c.condition_at}")
    else:
        out.append("no condition")
    kinds = ["once only" if ev.once else "repeatable"]
    if ev.routine:
        kinds.append("routine")
    if ev.cooldown:
        kinds.append(f"cool-down {ev.cooldown} turns" + (f" (last came on turn {b.last_turn[ev.id]})"
                                                          if ev.id in b.last_turn else ""))
    out.append(", ".join(kinds))
    if how == "pick":
        rivals = [o for o in others.values() if o.verdict == "lost_draw"]
        below = [o for o in others.values() if o.verdict == "outranked"]
        line = f"priority {ev.priority}" + (", the highest of those that may come" if below or rivals else "")
        if rivals:
            total = ev.weight + sum(o.weight for o in rivals)
            line += (f"; won the weighted draw: weight {_num(ev.weight)} of {_num(total)} "
                     f"(against {', '.join(o.event for o in rivals)})")
        else:
            line += f"; weight {_num(ev.weight)}, no rival at its priority"
        out.append(line)
    else:
        out.append(f"priority {ev.priority}, weight {_num(ev.weight)} (a follow-up is not drawn)")
    return out


# -- jumping -------------------------------------------------------------------------------------------
def historical_choice(game: Game) -> str:
    """The choice the historical path takes: the one marked historical, else the first available."""
    options = [c.id for c in game.available_choices()]
    event = game.scenario.events[game.current_id or ""]
    marked = [c.id for c in event.choices if c.historical and c.id in options]
    return marked[0] if marked else options[0]


def jump(scenario: Scenario, role: str, seed: int, to: str | None = None,
         settings: Mapping[str, str] | None = None) -> Game:
    """A new game played by the historical path until the date `to` (YYYY-MM or YYYY-MM-DD) is reached
    or the event `to` is current, with `settings` (NAME=VALUE: a stat, a flag, rel.CHARACTER) applied.
    GameError, in one line, when it cannot be done. In a campaign the path begins at the start of the
    last chapter the role plays before the date or the event, with that chapter's historical state."""
    game = Game.new(scenario, role, seed, _chapter_before(scenario, role, to))
    if to:
        game = _to_date(game, to) if to[:1].isdigit() else _to_event(game, to)
    if settings:
        apply_settings(game, settings)
    return game


def _chapter_before(scenario: Scenario, role: str, to: str | None) -> str | None:
    """The chapter a jump to `to` begins at: the last the role plays that starts by then (None: the
    role's first, or a scenario without chapters)."""
    if not to or not scenario.chapters:
        return None
    if to[:1].isdigit():
        try:
            when = parse_date(to)
        except DateError:
            return None         # said by the jump itself
    elif to in scenario.events:
        when = scenario.events[to].earliest
    else:
        return None
    found = [ch.id for ch in scenario.chapters if ch.plays(role) and ch.start <= when]
    return found[-1] if found else None


def _to_date(game: Game, text: str) -> Game:
    s = game.scenario
    try:
        when = parse_date(text)
    except DateError as e:
        raise GameError(str(e)) from None
    if not s.start <= when <= s.end:
        raise GameError(f"{when.isoformat()} is outside the scenario ({s.start.isoformat()} to {s.end.isoformat()})")
    while game.status == Status.EVENT and game._turn_end() < when:
        game.choose(historical_choice(game))
    if game.status != Status.EVENT:
        raise GameError(f"the historical path {_ended(game)} on {game.date.isoformat()}, before {when.isoformat()}")
    return game


def _ended(game: Game) -> str:
    return f"ended (ending '{game.ending_id}')" if game.status == Status.ENDED else f"got stuck ({game.dead_end})"


def _to_event(game: Game, eid: str) -> Game:
    s = game.scenario
    ev = s.events.get(eid)
    if ev is None:
        raise GameError(f"no event '{eid}' in scenario '{s.id}' (a date is written like {s.start:%Y-%m} "
                        f"or {s.start.isoformat()})")
    if ev not in s.events_for_role(game.role):
        raise GameError(f"event '{eid}' is not one role '{game.role}' can meet")
    path: list[Game] = []       # the game before each decision of the historical path
    g = game
    while g.status == Status.EVENT and g.current_id != eid:
        path.append(g.fork())
        g.choose(historical_choice(g))
    if g.current_id == eid:
        return g
    # A bounded search: leave the historical path at one decision, then follow it again.
    tried = 0
    for point in path:
        if point.date > ev.latest:
            break
        hist = historical_choice(point)
        for c in point.available_choices():
            if c.id == hist:
                continue
            tried += 1
            if tried > SEARCH_GAMES:
                break
            h = point.fork()
            h.choose(c.id)
            while h.status == Status.EVENT and h.current_id != eid and h.date <= ev.latest:
                h.choose(historical_choice(h))
            if h.current_id == eid:
                return h
        if tried > SEARCH_GAMES:
            break
    raise GameError(f"event '{eid}' was not reached by the historical path (which {_ended(g)} on "
                    f"{g.date.isoformat()}), nor by leaving it at any one decision; its window is "
                    f"{ev.earliest.isoformat()} to {ev.latest.isoformat()}"
                    + ("" if ev.condition is None else " and it has a condition")
                    + (" (a follow-up: it comes only by 'next' or schedule(...))" if ev.follow_up else ""))


def parse_jump(text: str) -> tuple[str | None, dict[str, str]]:
    """What a face's jump command says: `WHEN NAME=VALUE ...`, WHEN left out to keep the start; GameError
    when it says nothing."""
    words = text.split()
    when = words.pop(0) if words and "=" not in words[0] else None
    if when is None and not words:
        raise GameError("say where to jump: a date (YYYY-MM or YYYY-MM-DD) or an event id, then any NAME=VALUE settings")
    return when, parse_settings(words)


def parse_settings(items: list[str]) -> dict[str, str]:
    """NAME=VALUE items as a mapping; GameError for one without '='."""
    out: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise GameError(f"'{item}' is not a setting: write NAME=VALUE (a stat, a flag, or rel.CHARACTER)")
        out[name.strip()] = value.strip()
    return out


def apply_settings(game: Game, settings: Mapping[str, str]) -> None:
    """Set stats, flags and relationships (`stat=N`, `flag=VALUE`, `rel.CHARACTER=N`) on `game`; every
    setting is checked before any is applied. GameError, in one line, names the first that does not fit."""
    s = game.scenario
    changes: list[tuple[dict[str, Any], str, Any]] = []
    for name, value in settings.items():
        if name.startswith("rel."):
            c = name[4:]
            if c not in game.rel or c == game.player:
                close = difflib.get_close_matches(c, [k for k in game.rel if k != game.player], n=1)
                raise GameError(f"no character '{c}' in rel.{c}" + (f"; did you mean 'rel.{close[0]}'?" if close else ""))
            changes.append((game.rel, c, _whole(name, value, -100, 100)))
        elif name in s.stats:
            st = s.stats[name]
            changes.append((game.stats, name, _whole(name, value, st.min, st.max)))
        elif name.removeprefix("flags.") in s.flags:
            f = name.removeprefix("flags.")
            changes.append((game.flags, f, _flag(f, value, s.flags[f])))
        else:
            close = difflib.get_close_matches(name, [*s.stats, *s.flags, *(f"rel.{c}" for c in game.rel)], n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (stats: {', '.join(s.stats) or 'none'})"
            raise GameError(f"'{name}' is not a stat, a flag or rel.CHARACTER{hint}")
    for table, key, v in changes:
        table[key] = v
    if game.current_id is not None:
        game._available = None
        if not any(game._availability(s.events[game.current_id])):
            raise GameError(f"with these settings event '{game.current_id}' offers no available choice")


def _whole(name: str, text: str, lo: int, hi: int) -> int:
    try:
        n = int(text)
    except ValueError:
        raise GameError(f"{name} takes a whole number from {lo} to {hi}, not '{text}'") from None
    if not lo <= n <= hi:
        raise GameError(f"{name} takes a whole number from {lo} to {hi}, not {n}")
    return n


def _flag(name: str, text: str, default: Any) -> Any:
    if isinstance(default, bool):
        word = text.lower()
        if word in ("true", "yes", "on", "1"):
            return True
        if word in ("false", "no", "off", "0"):
            return False
        raise GameError(f"flag {name} is true or false, not '{text}'")
    if isinstance(default, (int, float)):
        try:
            n = int(text) if isinstance(default, int) else float(text)
        except ValueError:
            raise GameError(f"flag {name} takes a {'whole ' if isinstance(default, int) else ''}number, not '{text}'") from None
        if abs(n) > FLAG_LIMIT:
            raise GameError(f"flag {name} takes a number from {-FLAG_LIMIT} to {FLAG_LIMIT}, not {text}")
        return n
    return text
