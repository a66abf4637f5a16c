"""The game: the turn loop, and the one API every face uses.

`Game.new` starts a game, `current()` shows the event and its choices, `choose()` applies a
choice, `snapshot()`/`Game.restore()` turn the whole state into JSON-compatible data and
back. The same scenario, role, seed and choices always give the same game.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from game.engine.agenda import agenda
from game.engine.changes import describe, describe_all
from game.engine.chapters import ChapterSummary, departures_in, enter, first_mark, follow_record, mark, summary
from game.engine.errors import EffectStepFault, GameError
from game.engine.model import Chapter, Choice, Ending, Event, Scenario
from game.engine.politics import Whip
from game.engine.records import JournalEntry, Status, TracePoint
from game.engine.rng import Rng
from game.engine.state import World
from game.engine.views import AimLine, ChoiceView, Departure, EndingView, EventView, Outcome, format_value
from game.patterns import Pattern
from game.structs import Row

__all__ = ["ChapterSummary", "ChoiceView", "Departure", "EndingView", "EventView", "Game", "Outcome", "format_value"]

EVENT, ENDED, DEAD_END = Status.EVENT, Status.ENDED, Status.DEAD_END     # read once: the turn loop tests them often

# What can keep an event the turn could offer from coming now (`Game._barred`).
BARS = ("this_turn", "once", "routine", "cooldown", "condition")


class Arrival(Row):
    """How the current event came ("pick", "next" or "schedule"), and what its start replaced: the turn
    and date it last came, and the codex entries it unlocked anew. Not saved: a restored game has none."""

    how: str
    last_turn: int | None
    met_date: date | None
    unlocked: tuple[str, ...]


HOLD = Pattern(r"""\bhold\(\s*["']([a-z0-9_]+)["']\s*\)""")


def votes_put(choice: Choice) -> tuple[str, ...]:
    """The votes a choice puts whatever the state (`hold("v")` in an effect line that is not an `if`), in the order it
    puts them. One put only under a condition is left out: its count may not be the one that decides."""
    return tuple(dict.fromkeys(v for effect in choice.effects if not effect.text.lstrip().startswith("if ")
                               for v in HOLD.findall(effect.text)))


class Game(World):
    """A game in progress: the world, and the turns that move it on."""

    def __init__(self, scenario: Scenario, role: str, seed: int) -> None:
        super().__init__(scenario, role, seed)
        self._agenda = agenda(scenario, role)
        self._by_turn = self._agenda.by_turn
        self._dated = self._agenda.dated
        self._opens = self._agenda.openings(seed) if self._agenda.windows else None
        if self._opens:
            self._by_turn = {}      # this game's own: which events a turn offers depends on its draws
        self._available: tuple[bool, ...] | None = None
        self._turn_end_for: date | None = None
        self._turn_end_date = scenario.start
        self._iso_for: date | None = None
        self._iso_text = ""
        self.arrival: Arrival | None = None     # how the current event came (kept for the writer's inspector)
        self._chapter_starts = {ch.start: ch for ch in scenario.chapters[1:]}

    # -- starting, saving and restoring ---------------------------------------------------
    @classmethod
    def new(cls, scenario: Scenario, role: str, seed: int = 0, chapter: str | None = None) -> Game:
        """A new game at the scenario's first turn, its first event ready; in a campaign, at the start
        of `chapter` (by default the first the role plays), with that chapter's historical state."""
        g = cls(scenario, role, seed)
        r = scenario.roles[role]
        begin = None
        if scenario.chapters:
            if chapter is None:
                begin = scenario.first_chapter(role)
            else:
                begin = scenario.find_chapter(chapter)
                if begin is None:
                    raise GameError(f"no chapter '{chapter}' in scenario '{scenario.id}' "
                                    f"(chapters: {', '.join(ch.id for ch in scenario.chapters)})")
            if begin is None or not begin.plays(role):
                plays = [ch.id for ch in scenario.chapters if ch.plays(role)]
                raise GameError(f"role '{role}' does not play chapter '{chapter}' (it plays {', '.join(plays)})")
        elif chapter is not None:
            raise GameError(f"scenario '{scenario.id}' has no chapters")
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
        if begin is not None:
            if begin is not scenario.chapters[0]:
                enter(g, begin)
            g.marks.append(mark(g, begin))
        g._record_trace()
        g._advance()
        return g

    def fork(self) -> Game:
        """An independent copy of the game as it stands, to try a choice on without touching this one."""
        g = copy.copy(self)
        g.stats, g.rel, g.ties, g.flags = dict(self.stats), dict(self.rel), dict(self.ties), dict(self.flags)
        g.results, g.last_turn, g.met = dict(self.results), dict(self.last_turn), dict(self.met)
        g.met_dates = dict(self.met_dates)
        g.factions = {f: set(m) for f, m in self.factions.items()}
        g.offices = {o: list(h) for o, h in self.offices.items()}
        g.dead, g.unlocked, g.chosen = set(self.dead), set(self.unlocked), set(self.chosen)
        g.fired_this_turn, g.scheduled = list(self.fired_this_turn), list(self.scheduled)
        g.journal, g.trace = list(self.journal), list(self.trace)
        g.marks = list(self.marks)
        g.rng = Rng(self.rng.state)
        return g

    def snapshot(self) -> dict[str, Any]:
        """The complete state as JSON-compatible data (ids, never positions)."""
        from game.engine.snapshot import take  # not needed until the first save: imported then
        return take(self)

    @classmethod
    def restore(cls, scenario: Scenario, data: dict[str, Any]) -> Game:
        """A game from `snapshot()` data; SnapshotError names whatever does not fit. A game saved at an
        ending that a later version turned into a chapter's end (`resumes`) goes on into that chapter."""
        from game.engine.snapshot import restore_into
        g = restore_into(cls, scenario, data)
        if scenario.chapters and not g.marks:
            g.marks.append(first_mark(g))
        if g.resuming:
            chapter = scenario.chapter(g.resuming)
            g.resuming = ""
            g._cross_into(chapter)
            if not g.ended:
                g._advance()
        return g

    # -- what the player sees -------------------------------------------------------------
    def current(self, counts: bool = True) -> EventView | None:
        """The event waiting for a choice, with its choices; None once the game is over. `counts`: the count under
        each choice that puts a motion (tried on a copy of the game), which a caller that shows no counts (the
        simulator) need not pay for."""
        if self.status != EVENT or self.current_id is None:
            return None
        ev = self.scenario.events[self.current_id]
        vote = self.scenario.votes[ev.vote] if ev.vote else None
        whip = self.whip_count(vote.id) if vote and not vote.secret else None
        return EventView(ev.id, self.title_of(ev), self._render(ev.text, ("event", ev.id, "text"), f"text of event '{ev.id}'"),
                         self.date if ev.day is None else self.day_date(ev.day), self.turn,
                         tuple(self._choice_views(ev, whip if counts else None)), ev.sources,
                         actor=self.scenario.characters[ev.actor].name if ev.actor else "",
                         whip=whip, vote=ev.vote)

    def departures(self) -> list[Departure]:
        """Each decision where the player left what the real person did, in order."""
        return departures_in(self.journal)

    def aims(self) -> list[AimLine]:
        """The role's aims and fears, each with whether it holds now."""
        role = self.scenario.roles[self.role]
        out = []
        for kind, items in (("aim", role.aims), ("fear", role.fears)):
            for i, a in enumerate(items):
                holds = False
                if a.test is not None:
                    try:
                        holds = bool(a.test(self))
                    except Exception as e:  # any failure is the scenario's, reported with its place
                        raise self._failed(e, ("aim", self.role, f"{kind}s", i, "test"),
                                           f"test of {kind} {i + 1} of role '{self.role}'") from None
                out.append(AimLine(kind, a.text.strip(), holds))
        return out

    def warnings(self) -> list[tuple[str, str]]:
        """The stats at or below the level where the scenario warns: (stat, warning)."""
        return [(s.id, s.warning.strip() or f"{s.name} is at {self.stats[s.id]}.")
                for s in self.scenario.stats.values()
                if s.warn_below is not None and self.stats[s.id] <= s.warn_below]

    def ending(self) -> EndingView | None:
        """The ending reached, if any."""
        if self.ending_id is None:
            return None
        e = self.scenario.endings[self.ending_id]
        return EndingView(e.id, self.title_of(e), self._render(e.text, ("ending", e.id, "text"), f"text of ending '{e.id}'"),
                          e.kind, e.history, e.sources)

    def chapter_summary(self) -> ChapterSummary | None:
        """The summary of the chapter that has just ended, while the player has not yet seen it."""
        if not self.interlude:
            return None
        chapter = self.scenario.chapter(self.interlude)
        text = ""
        if chapter.summary is not None:
            text = self._render(chapter.summary, ("chapter", chapter.id, "summary"), f"summary of chapter '{chapter.id}'")
        return summary(self, chapter, text)

    def close_chapter(self) -> None:
        """The player has read the summary of the chapter that ended."""
        self.interlude = ""

    @property
    def progress(self) -> tuple[int, str]:
        """How far the player has come, as a save must keep up with it: the choices made, and the chapter whose
        summary is still to be read ("" if none)."""
        return len(self.journal), self.interlude

    @property
    def chapter(self) -> Chapter | None:
        """The chapter the game is in (None without chapters)."""
        return self.scenario.chapter_of(self.date)

    def available_choices(self) -> list[Choice]:
        """The current event's choices whose conditions hold."""
        if self.status != EVENT or self.current_id is None:
            return []
        ev = self.scenario.events[self.current_id]
        return [c for c, ok in zip(ev.choices, self._availability(ev)) if ok]

    def _availability(self, ev: Event) -> tuple[bool, ...]:
        """Which of the current event's choices are open (fixed until the next choice)."""
        if self._available is None:
            self._available = tuple(self._offered(ev, c) and self._open(ev, c) for c in ev.choices)
        return self._available

    def _offered(self, ev: Event, c: Choice) -> bool:
        """Whether the player is offered a choice at all: its roles, and its `shown` condition."""
        if c.roles is not None and self.role not in c.roles:
            return False
        return c.shown is None or self._test(c.shown, ("choice", ev.id, c.id, "shown"),
                                             f"'shown' condition of choice '{ev.id}.{c.id}'")

    def _open(self, ev: Event, c: Choice) -> bool:
        return c.condition is None or self._test(c.condition, ("choice", ev.id, c.id, "condition"),
                                                 f"condition of choice '{ev.id}.{c.id}'")

    def _test(self, condition: Any, site: tuple[str, ...], subject: str) -> bool:
        try:
            return bool(condition(self))
        except Exception as e:  # any failure is the scenario's, reported with its place
            raise self._failed(e, site, subject) from None

    def _choice_views(self, ev: Event, whip: Whip | None) -> list[ChoiceView]:
        """The choices shown; with the event's count before its vote (`whip`), each open one's counts beside it."""
        out = []
        votes = self.scenario.votes
        shown = whip.stands if whip is not None else ()
        for c, ok in zip(ev.choices, self._availability(ev)):
            if ok or (c.unavailable and self._offered(ev, c)):
                counts: tuple[Whip, ...] = ()
                if whip is not None and ok:
                    # Each motion the choice puts, counted as the choice puts it; the event's own motion only where
                    # the choice moves its count before putting it.
                    put = ((v, self._count_as_put(ev, c, v)) for v in votes_put(c) if not votes[v].secret)
                    counts = tuple(w for v, w in put if v != ev.vote or w.stands != shown)
                out.append(ChoiceView(c.id, self._render(c.text, ("choice", ev.id, c.id, "text"),
                                                         f"text of choice '{ev.id}.{c.id}'"), ok,
                                      "" if ok else c.unavailable, counts))
        return out

    def _count_as_put(self, ev: Event, c: Choice, v: str) -> Whip:
        """The count of vote `v` as choice `c` puts it: after the choice's effects that come before its `hold` (a
        stat raised, a tie warmed, a faction joined, a flag a lean reads), tried on a copy of the game. So the count
        the player reads under the choice is the count that decides."""
        first = next(i for i, effect in enumerate(c.effects) if v in HOLD.findall(effect.text))
        if first == 0:
            return self.whip_count(v)
        trial = self.fork()
        trial._begin_choice(ev, c)
        try:
            for run, _text in c.effects[:first]:
                run(trial)
        except Exception:       # the scenario's fault, reported with its place when the choice is made
            return self.whip_count(v)
        return trial.whip_count(v)

    def title_of(self, thing: Event | Ending) -> str:
        """An event's or ending's title as the player reads it now."""
        heading = thing.heading
        if heading is None:
            return thing.title
        kind = thing.WORD
        return self._render(heading, (kind, thing.id, "title"), f"title of {kind} '{thing.id}'")

    def _render(self, template: Any, site: tuple[str, ...], subject: str) -> str:
        literal = template._literal
        if literal is not None:
            return literal
        try:
            return template.render(self, format_value)
        except Exception as e:
            raise self._failed(e, (*site, template.failing_placeholder(self)), subject) from None

    # -- playing --------------------------------------------------------------------------
    def choose(self, choice_id: str) -> Outcome:
        """Apply a choice of the current event, then move on to the next event or an ending."""
        if self.status != EVENT or self.current_id is None:
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
        # A decision is measured against the record only where the real one was this role's to make: an event
        # whose historical choice belongs to another role (the player's is a part it did not play) is neither.
        on_record = ev.id in self._agenda.historic and any(
            c.historical and (c.roles is None or self.role in c.roles) for c in ev.choices)
        title = self.title_of(ev)
        made = (ev.id, choice.id)
        again = made in self.chosen
        notes = self._begin_choice(ev, choice)
        for i, (run, text) in enumerate(choice.effects):
            try:
                run(self)
            except Exception as e:  # any failure is the scenario's, reported with its place
                if not again:
                    self.chosen.discard(made)
                self._changes = None
                site: tuple[Any, ...] = ("choice", ev.id, choice.id, "effect", i)
                while isinstance(e, EffectStepFault):       # a step of an effect block
                    site, text, e = (*site, *e.step), e.text, e.cause
                raise self._failed(e, site, f"effect '{text}' of choice '{ev.id}.{choice.id}'") from None
        if self._agenda.cohesive:
            self.check_cohesion()
        self._changes = None
        changes = self._stat_changes() + notes
        outcome_text = self._render(choice.outcome, ("choice", ev.id, choice.id, "outcome"),
                                    f"outcome of choice '{ev.id}.{choice.id}'") if choice.outcome else ""
        entry: JournalEntry = {
            "turn": self.turn, "date": self._iso(), "event": ev.id, "title": title, "choice": choice.id,
            "choice_text": choice_text, "outcome": outcome_text, "changes": changes}
        if ev.day is not None:
            entry["date"] = self.day_date(ev.day).isoformat()
        if on_record:
            entry["history"] = "kept" if choice.historical else "left"
        self.journal.append(entry)
        self.current_id = None
        self._available = None
        ending = self._pending_end or self._find_ending(at_end=False)
        if ending:
            self._finish(ending)
        elif choice.next and self._can_follow(choice.next):
            self._start_event(self.scenario.events[choice.next], "next")
        else:
            self._advance()
        return Outcome(ev.id, choice.id, outcome_text, tuple(changes), self.ending())

    def _begin_choice(self, ev: Event, choice: Choice) -> list[list[Any]]:
        """Ready the world for a choice's effects: nothing changed yet, no ending pending, and the choice made, so
        that its own effects, the votes they hold and its outcome read `chose` as true. The list the changes go to."""
        self._before = {}
        self._changes = notes = []
        self._pending_end = None
        self.chosen.add((ev.id, choice.id))
        return notes

    def _stat_changes(self) -> list[list[Any]]:
        """Stats and relationships the last choice changed, in the order it changed them."""
        out = []
        for (kind, k), old in self._before.items():
            if kind == "tie":
                a, b = k.split(" ")
                new = self.ties.get((a, b), 0)
                if new != old:
                    out.append([kind, a, b, new - old, new])
                continue
            new = self.stats[k] if kind == "stat" else self.rel[k]
            if new != old:
                out.append([kind, k, new - old, new])
        return out

    def describe(self, change: list[Any]) -> str:
        """A recorded change in words."""
        return describe(self.scenario, change)

    def describe_all(self, changes: list[list[Any]]) -> list[tuple[list[Any], str]]:
        """Recorded changes in words, a faction's changes in one outcome said together (see changes.describe_all)."""
        return describe_all(self.scenario, changes)

    def _can_follow(self, event_id: str) -> bool:
        ev = self.scenario.events[event_id]
        if ev.roles is not None and self.role not in ev.roles:
            return False
        if ev.once and event_id in self.met:
            return False
        if ev.actor == self.player:
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
            ev, how = self._next_event()
            if ev is not None:
                self._start_event(ev, how)
                return
            if not self._next_turn():
                return

    def _start_event(self, ev: Event, how: str = "pick") -> None:
        self.arrival = Arrival(how, self.last_turn.get(ev.id), self.met_dates.get(ev.id),
                               tuple(u for u in ev.unlocks if u not in self.unlocked))
        self.current_id = ev.id
        self.met[ev.id] = self.met.get(ev.id, 0) + 1
        self.last_turn[ev.id] = self.turn
        self.met_dates[ev.id] = self.date if ev.day is None else self.day_date(ev.day)
        self.fired_this_turn.append(ev.id)
        self.unlocked.update(ev.unlocks)
        self._available = None
        if not any(self._availability(ev)):
            self.status = DEAD_END
            self.dead_end = f"event '{ev.id}' offers no available choice"

    def _turn_end(self) -> date:
        """The last day of the current turn (cached: it changes only with the date)."""
        if self._turn_end_for != self.date:
            self._turn_end_for = self.date
            self._turn_end_date = self.scenario.turn.advance(self.date) - timedelta(days=1)
        return self._turn_end_date

    def _next_event(self) -> tuple[Event | None, str]:
        """The event to start now, if the turn has room for one, and how it comes: "schedule" or "pick"."""
        if len(self.fired_this_turn) >= self.scenario.events_per_turn:
            return None, "pick"
        # Scheduled events come first, in the order they were scheduled.
        if self.scheduled:
            turn_end = self._turn_end()
            while self.scheduled and self.scheduled[0][0] <= turn_end:
                _, eid = self.scheduled.pop(0)
                if eid not in self.fired_this_turn and self._can_follow(eid):
                    return self.scenario.events[eid], "schedule"
        return self._pick_event(), "pick"

    def _pick_event(self) -> Event | None:
        """The turn's pick among the events its window, spread and rules let come now (None: none may)."""
        candidates = self._turn_candidates()
        if self._by_days(candidates):
            return self._pick_by_day(candidates)
        barred = self._barred
        best: list[Event] = []
        top = None
        for ev in candidates:       # sorted by priority, highest first
            if top is not None and ev.priority < top:
                break
            if barred(ev) is None:
                top = ev.priority
                best.append(ev)
        return self._draw(best)

    def _draw(self, best: list[Event]) -> Event | None:
        """The one of `best` the game takes: the only one, or one drawn by weight."""
        if not best:
            return None
        if len(best) == 1:
            return best[0]
        return best[self.rng.weighted_index([e.weight for e in best])]

    def _turn_candidates(self) -> list[Event]:
        """The events whose window (and spread) lets them come this turn, highest priority first."""
        candidates = self._by_turn.get(self.date)
        return self._candidates() if candidates is None else candidates

    def _by_days(self, candidates: list[Event]) -> bool:
        """Whether this turn's events are picked by their days (`_pick_by_day`)."""
        return self._dated and any(ev.day is not None for ev in candidates)

    def _candidates(self) -> list[Event]:
        """The events this turn may offer (by window, and by this game's draws for spread windows)."""
        found = self._agenda.candidates(self.date, self._turn_end())
        opens = self._opens
        if opens:
            found = self._by_turn[self.date] = [e for e in found if opens.get(e.id, self.date) <= self.date]
        return found

    def _pick_by_day(self, candidates: list[Event]) -> Event | None:
        """The next event of a turn whose events have days: priority decides which events the turn has
        room for, and the day their order; among those of the earliest day, the usual rule. When none
        that could come now has a day, the usual rule alone, as in `_pick_event`."""
        eligible = [ev for ev in candidates if self._eligible(ev)]      # every priority, highest first
        if not eligible:
            return None
        return self._draw(self._day_slate(eligible)[2])

    def _day_slate(self, eligible: list[Event]) -> tuple[list[Event], list[Event], list[Event]]:
        """Of the events that may come now in a turn with days: those the turn has room for, those of
        them on the earliest day, and those of these at the highest priority (one is drawn from them)."""
        taken = eligible
        if any(e.day is not None for e in eligible):
            room = self.scenario.events_per_turn - len(self.fired_this_turn)
            # A stable sort: among equal priority and day, the order of the scenario's files.
            taken = sorted(eligible, key=lambda e: (-e.priority, e.day or 0))[:room]
        first = min(e.day or 0 for e in taken)
        earliest = [e for e in taken if (e.day or 0) == first]
        top = earliest[0].priority
        return taken, earliest, [e for e in earliest if e.priority == top]

    def _eligible(self, ev: Event) -> bool:
        """Whether the game may pick `ev` now (its window aside): the rules of `_pick_event`'s loop."""
        return self._barred(ev) is None

    def _barred(self, ev: Event) -> str | None:
        """Why the game may not pick `ev` now, its window aside, as one of BARS; None when it may.
        The pick asks this of each event, and so does the writer's inspector (`game.engine.inspect`)."""
        if ev.id in self.fired_this_turn:
            return "this_turn"
        if ev.once and ev.id in self.met:
            return "once"
        if ev.routine and not self._quiet_turn():
            return "routine"
        if ev.cooldown and ev.id in self.last_turn and self.turn - self.last_turn[ev.id] <= ev.cooldown:
            return "cooldown"
        if not self._event_condition(ev):
            return "condition"
        return None

    def _quiet_turn(self) -> bool:
        """Whether a routine event may come now: none has, and no set piece, this turn."""
        events = self.scenario.events
        return not any(events[e].routine or events[e].vote for e in self.fired_this_turn)

    def _next_turn(self) -> bool:
        """Move to the next turn; False when the game ended (or got stuck) instead."""
        nxt = self.scenario.turn.advance(self.date)
        if nxt > self.scenario.end:
            ending = self._find_ending(at_end=True)
            if ending:
                self._finish(ending)
            else:
                self.status = DEAD_END
                self.dead_end = "the last turn passed and no ending's condition holds"
            return False
        crossing = self._chapter_starts.get(nxt)
        if crossing is not None:
            ending = self._find_chapter_ending(self.scenario.chapter_of(self.date))
            if ending:
                self._finish(ending)
                return False
            if not crossing.plays(self.role):
                self.status = DEAD_END
                self.dead_end = (f"chapter '{self.scenario.chapter_of(self.date).id}' ended, role '{self.role}' does "
                                 f"not play chapter '{crossing.id}', and no ending of the chapter holds")
                return False
            self._cross_into(crossing)
            return not self.ended
        self.date = nxt
        self.turn += 1
        self.fired_this_turn = []
        self._record_trace()
        ending = self._find_ending(at_end=False)
        if ending:
            self._finish(ending)
            return False
        return True

    def _cross_into(self, chapter: Chapter) -> None:
        """Begin `chapter` at its first turn: the one before it ended with no ending, so its summary waits."""
        before = self.scenario.chapter_of(self.date)
        ended = before if before is not None and before is not chapter else None
        if ended is not None:
            follow_record(self, chapter)
        self.date = chapter.start
        self.turn = self.scenario.turn.count(self.scenario.start, chapter.start)
        self.fired_this_turn = []
        self.interlude = ended.id if ended is not None else ""
        self.marks = [m for m in self.marks if m["chapter"] != chapter.id] + [mark(self, chapter)]
        self._record_trace()
        ending = self._find_ending(at_end=False)
        if ending:
            self._finish(ending)

    def _find_chapter_ending(self, chapter: Chapter | None) -> str | None:
        """The first ending of `chapter`'s end whose condition holds."""
        return None if chapter is None else self._first_holding(self._agenda.at_chapter.get(chapter.id, ()))

    def _record_trace(self) -> None:
        point: TracePoint = {"turn": self.turn, "date": self._iso(), "stats": dict(self.stats)}
        self.trace.append(point)

    def _iso(self) -> str:
        if self._iso_for != self.date:
            self._iso_for, self._iso_text = self.date, self.date.isoformat()
        return self._iso_text

    def _find_ending(self, *, at_end: bool) -> str | None:
        agenda = self._agenda
        return self._first_holding(agenda.endings if at_end else agenda.anytime)

    def _first_holding(self, endings: Any) -> str | None:
        """The first of `endings` (in order) whose condition holds, or that has none."""
        for e in endings:
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
        self.status = ENDED
        self.current_id = None
