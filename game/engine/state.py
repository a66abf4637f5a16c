"""The world of a game: its state, and what expressions read and change.

Compiled expressions call these public methods and attributes by name (the compiler's table of
functions names them); the turn loop in `game.engine.game` builds on them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from game.engine import politics
from game.engine.dates import days_in_month
from game.engine.errors import ExpressionFault, GameError, ScenarioRuntimeError
from game.engine.model import MAX_NUMBER, Bloc, Scenario, Vote
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
        # Which playthrough this is, for the saves (every save of one game carries it): not part of the rules,
        # nor of the snapshot. Empty until the game controller gives it one.
        self.lineage = ""
        self.player = scenario.roles[role].character
        self.rng = Rng(seed * 0x2545F4914F6CDD1D + 0x1234567)
        self.date: date = scenario.start
        self.turn = 1
        self.stats: dict[str, int] = {}
        self.rel: dict[str, int] = {}
        self.ties: dict[tuple[str, str], int] = dict(scenario.ties)    # between characters, (a, b) with a < b
        self.results: dict[str, dict[str, Any]] = {}                   # vote -> its last count
        self.last_turn: dict[str, int] = {}                            # event -> the turn it last happened
        self.flags: dict[str, Any] = {}
        self.factions: dict[str, set[str]] = {f: set() for f in scenario.factions}
        self.offices: dict[str, list[str]] = {o: [] for o in scenario.offices}
        self.dead: set[str] = set()
        self.met: dict[str, int] = {}
        self.met_dates: dict[str, date] = {}                           # event -> the date it last happened
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
        self.marks: list[dict[str, Any]] = []    # the world at each chapter's start, for its summary
        self.interlude = ""              # a chapter just ended, whose summary the player has not yet seen
        self.resuming = ""               # restoring: the chapter a game saved at a former ending goes on into
        self._changes: list[list[Any]] | None = None     # what the choice being applied has changed so far
        self._before: dict[tuple[str, str], int] = {}    # stats and relationships as they were before it
        self._pending_end: str | None = None
        self._choosing = ""          # `event.choice` while a choice and what follows it are applied

    @property
    def began(self) -> str:
        """The chapter the game began at ("" without chapters): the first the game kept a mark of."""
        return self.marks[0]["chapter"] if self.marks else ""

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
    def shares_faction(self, a: str, b: str) -> bool:
        return any(a in m and b in m for m in self.factions.values())

    def ally(self, c: str) -> bool:
        return c != self.player and c not in self.dead and self.shares_faction(self.player, c)

    def tie(self, a: str, b: str) -> int:
        """The relationship between two characters; with the player's character, `rel`."""
        if a == b:
            return 100
        if a == self.player:
            return self.rel[b]
        if b == self.player:
            return self.rel[a]
        return self.ties.get((a, b) if a < b else (b, a), 0)

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
        """The player's votes in a body: its support formula, or the votes firmly for a motion of the
        player's own (the waverers are shown apart, with their odds)."""
        body = self.scenario.bodies[body_id]
        if body.support is not None:
            try:
                return max(0, min(100, body.support(self)))
            except Exception as e:  # any failure is the scenario's, reported with its place
                raise self._failed(e, ("body", body_id, "support"), f"support of body '{body_id}'") from None
        return politics.standing(self, body_id).firm(politics.FOR)

    def seats(self, body_id: str) -> int:
        """How many votes a counted body casts now."""
        return len(self.members(body_id)) + sum(b.size for b in self.scenario.bodies[body_id].blocs)

    def majority(self, body_id: str, firm: float | None = None) -> bool:
        """Whether the player has a majority in a body (`firm`: a counted body's votes firmly for, where they
        are counted already)."""
        body = self.scenario.bodies[body_id]
        if body.support is not None:
            return self.votes(body_id) > 50
        return (self.votes(body_id) if firm is None else firm) * 2 > self.seats(body_id)

    def bloc_leaning(self, body_id: str, bloc: Bloc) -> float:
        """How far a bloc leans toward the player, by its formula."""
        assert bloc.leans is not None
        try:
            return float(bloc.leans(self))
        except Exception as e:  # any failure is the scenario's, reported with its place
            raise self._failed(e, ("bloc", body_id, bloc.id, "leans"), f"leaning of bloc '{bloc.id}'") from None

    def vote_leans(self, vote: Vote) -> dict[str, float]:
        """What the vote adds to the stance of the members and blocs it names."""
        out: dict[str, float] = {}
        for i, lean in enumerate(vote.lean):
            assert lean.by is not None
            try:
                out[lean.who] = out.get(lean.who, 0) + float(lean.by(self))
            except Exception as e:  # any failure is the scenario's, reported with its place
                raise self._failed(e, ("vote", vote.id, "lean", i, "by"), f"lean on '{lean.who}' in vote '{vote.id}'") from None
        return out

    def whip_count(self, vote_id: str) -> politics.Whip:
        """Who stands where on a staged vote, now."""
        return politics.whip(self, self.scenario.votes[vote_id])

    def passed(self, v: str) -> bool:
        return bool(self.results.get(v, {}).get("passed", False))

    def held(self, v: str) -> bool:
        return v in self.results

    def tally(self, v: str) -> int:
        return int(self.results.get(v, {}).get("for", 0))

    def whip(self, v: str) -> int:
        return round(self.whip_count(v).expected)

    def met_event(self, e: str) -> bool:
        return e in self.met

    def day_date(self, day: int) -> date:
        """The current turn's date moved to `day` of its month (the month's last day, where it has fewer)."""
        d = self.date
        return d.replace(day=min(day, days_in_month(d.year, d.month)))

    def since(self, e: str) -> int:
        """Months from the month an event last happened to the current turn's: 0 in the same month,
        -1 if it has not happened."""
        d = self.met_dates.get(e)
        if d is None:
            return -1
        return (self.date.year - d.year) * 12 + self.date.month - d.month

    def date_of(self, e: str) -> date:
        """The date an event last happened (on its day, if it has one); the scenario's start if it has not."""
        return self.met_dates.get(e, self.scenario.start)

    def chose(self, e: str, c: str) -> bool:
        return (e, c) in self.chosen

    def is_unlocked(self, x: str) -> bool:
        return x in self.unlocked

    def name_of(self, c: str) -> str:
        """A character as running text names them: "you" for the player's own, else their short name."""
        return "you" if c == self.player else self.scenario.characters[c].short

    def name_at_start(self, c: str) -> str:
        """`name_of` at the start of a sentence: "You"."""
        return "You" if c == self.player else self.scenario.characters[c].short

    def possessive(self, c: str) -> str:
        """Whose: "your" for the player's own character, else the short name with "'s"."""
        return "your" if c == self.player else self.scenario.characters[c].short + "'s"

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
        """The player's relationship with `c`; with the player's own character there is none, and it is left as
        it is (an event that several roles meet may warm them all to a character who is one of the players)."""
        if c == self.player:
            return
        self._before.setdefault(("rel", c), self.rel[c])
        self.rel[c] = max(-100, min(100, round(value)))

    def set_tie(self, a: str, b: str, value: float) -> None:
        if a == b:
            return
        if self.player in (a, b):
            self.set_rel(b if a == self.player else a, value)
            return
        key = (a, b) if a < b else (b, a)
        self._before.setdefault(("tie", f"{key[0]} {key[1]}"), self.ties.get(key, 0))
        self.ties[key] = max(-100, min(100, round(value)))

    def warm(self, a: str, b: str, n: float) -> None:
        self.set_tie(a, b, self.tie(a, b) + n)

    def cool(self, a: str, b: str, n: float) -> None:
        self.set_tie(a, b, self.tie(a, b) - n)

    def hold(self, v: str) -> None:
        """Put a staged vote: count it now, and record the tally."""
        vote = self.scenario.votes[v]
        t = politics.count(self, vote)
        self.results[v] = {"passed": t.passed, "for": t.votes_for, "against": t.against,
                           "abstain": t.abstain, "turn": self.turn}
        self._note(*politics.tally_record(t, vote.body))

    def check_cohesion(self) -> None:
        """Members (never the player) whose mean tie with the rest of a faction has fallen below its
        cohesion leave it, the least attached first."""
        player = self.player
        for f in self.scenario.factions.values():
            if f.cohesion is None:
                continue
            members = self.factions[f.id]
            while len(members) >= 2:
                # Each pair's tie read once, for both of them (ties are whole numbers: the sums are exact).
                order = sorted(members)
                totals = dict.fromkeys(order, 0)
                for i, a in enumerate(order):
                    for b in order[i + 1:]:
                        t = self.tie(a, b)
                        totals[a] += t
                        totals[b] += t
                worst: tuple[float, str] | None = None
                for m in order:
                    if m == player:
                        continue
                    mean = totals[m] / (len(order) - 1)
                    if mean < f.cohesion and (worst is None or mean < worst[0]):
                        worst = (mean, m)
                if worst is None:
                    break
                self.leave(f.id, worst[1])

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
        self._break_if_alone(f)

    def _break_if_alone(self, f: str) -> None:
        """One man is no faction: a faction fallen to one member has broken, and he is in it no longer."""
        members = self.factions[f]
        if len(members) == 1:
            self._note("broke", f)
            members.clear()

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
                self._break_if_alone(f)

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
