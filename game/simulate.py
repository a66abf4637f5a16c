"""Random play-testing: many seeded games, the endings they reach, and where they go wrong.

On the model of ChoiceScript's randomtest: every run is reproducible from its seed and role.
"""

from __future__ import annotations

import heapq
import itertools
import math
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import field
from datetime import date
from typing import Any

from game.engine import Game, GameError, Status
from game.engine.agenda import agenda
from game.engine.inspect import before_start
from game.engine.model import Scenario
from game.engine.politics import support
from game.engine.rng import Rng
from game.scenario.expressions import thresholds
from game.scenario.graph import reachable_events
from game.structs import struct

MAX_CHOICES_PER_GAME = 10_000
SWEEP_LIMIT = 1_000          # the widest range of a stat whose every value a proof of unreachability tries

# How a simulated player picks among the choices open to it: the game, the ids open, the picker's
# own seeded generator (for a random pick and to break ties) -> the id chosen.
Policy = Callable[[Game, list[str], Rng], str]
POLICIES = ("random", "first", "last", "historical", "greedy:<stat>", "votes")


def _random(game: Game, options: list[str], picker: Rng) -> str:
    return options[picker.randint(0, len(options) - 1)]


def _historical(game: Game, options: list[str], picker: Rng) -> str:
    event = game.scenario.events[game.current_id or ""]
    marked = [c.id for c in event.choices if c.historical and c.id in options]
    return marked[0] if marked else options[0]


def _best(measure: Callable[[Game], float]) -> Policy:
    """The choice after which `measure` of the game is highest (ties broken by the picker)."""
    def pick(game: Game, options: list[str], picker: Rng) -> str:
        if len(options) == 1:
            return options[0]
        scores = []
        dice = picker.next_u64()       # the trials' own dice: a policy weighs odds, it does not see the real roll
        for option in options:
            trial = game.fork()
            trial.rng = Rng(dice)
            try:
                trial.choose(option)
            except GameError:
                scores.append(float("-inf"))
                continue
            scores.append(measure(trial))
        top = max(scores)
        best = [o for o, s in zip(options, scores) if s >= top - 1e-9]
        return best[picker.randint(0, len(best) - 1)]
    return pick


def policy(name: str, scenario: Scenario) -> Policy:
    """The policy a name gives (one of POLICIES); ValueError saying what is wrong otherwise."""
    fixed: dict[str, Policy] = {
        "random": _random, "first": lambda g, o, p: o[0], "last": lambda g, o, p: o[-1],
        "historical": _historical, "votes": _best(support),
    }
    if name in fixed:
        return fixed[name]
    if name.startswith("greedy:"):
        stat = name.split(":", 1)[1]
        if stat not in scenario.stats:
            raise ValueError(f"policy '{name}': no stat '{stat}' (stats: {', '.join(scenario.stats)})")
        return _best(lambda g: g.stats[stat])
    raise ValueError(f"no policy '{name}' (policies: {', '.join(POLICIES)})")


@struct
class Problem:
    """A dead end or an error, how often it happened, and a run that reproduces it."""

    kind: str
    message: str
    seed: int
    role: str
    count: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "seed": self.seed, "role": self.role, "count": self.count}


@struct
class Distribution:
    """Where one number stood over the runs still going at one turn."""

    n: int
    min: int
    p10: int
    median: int
    p90: int
    max: int

    @classmethod
    def of(cls, values: list[int]) -> Distribution:
        v = sorted(values)
        n = len(v)

        def rank(q: float) -> int:        # the value a share q of the runs are at or below
            return v[max(0, math.ceil(q * n) - 1)]
        return cls(n, v[0], rank(0.1), rank(0.5), rank(0.9), v[-1])

    def as_dict(self) -> dict[str, int]:
        return {"n": self.n, "min": self.min, "p10": self.p10, "median": self.median, "p90": self.p90, "max": self.max}


@struct
class Check:
    """One test of a condition, where it is written, and how many runs tested it and saw it pass."""

    where: str                  # "ending ID", "event ID", "choice EVENT.CHOICE", "choice EVENT.CHOICE shown"
    text: str
    test: Callable[[Any], Any]
    tested: int = 0
    passed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.where, "test": self.text, "tested": self.tested, "passed": self.passed,
                "share": round(self.passed / self.tested, 4) if self.tested else None}


@struct
class RoleReport:
    """What the runs of one role met, chose and reached; with balance, where its numbers stood."""

    role: str
    runs: int = 0
    events: Counter = field(default_factory=Counter)      # event -> runs that met it
    choices: Counter = field(default_factory=Counter)     # (event, choice) -> runs that made it
    endings: Counter = field(default_factory=Counter)     # ending -> runs that reached it
    held: Counter = field(default_factory=Counter)        # vote -> runs that held it
    carried: Counter = field(default_factory=Counter)     # vote -> runs in which its last count carried it
    dead_ends: int = 0
    errors: int = 0
    all_events: list[str] = field(default_factory=list)
    all_choices: list[tuple[str, str]] = field(default_factory=list)
    all_endings: list[str] = field(default_factory=list)
    votes: list[str] = field(default_factory=list)        # the votes its choices can hold
    # Balance: the numbers at the start of each turn, one row for each run still going.
    numbers: list[str] = field(default_factory=list)        # stat ids, then "rel.CHARACTER"
    own: str = ""                                           # the player's own relationship, left out
    rows: dict[int, list[tuple[int, ...]]] = field(default_factory=dict)
    months: list[str] = field(default_factory=list)         # the date each turn begins
    checks: list[Check] = field(default_factory=list)

    def balance(self) -> dict[str, list[tuple[str, Distribution]]]:
        """Each number's distribution at each turn a run reached."""
        out: dict[str, list[tuple[str, Distribution]]] = {name: [] for name in self.numbers if name != self.own}
        for turn in sorted(self.rows):
            columns = list(zip(*self.rows[turn]))
            for name, column in zip(self.numbers, columns):
                if name in out:
                    out[name].append((self.months[turn - 1], Distribution.of(list(column))))
        return out

    def as_dict(self, balance: bool) -> dict[str, Any]:
        d: dict[str, Any] = {
            "runs": self.runs,
            "events": {e: self.events[e] for e in self.all_events},
            "choices": {f"{e}.{c}": self.choices[(e, c)] for e, c in self.all_choices},
            "endings": {e: self.endings[e] for e in self.all_endings},
            "events_never_reached": [e for e in self.all_events if not self.events[e]],
            "choices_never_reached": [f"{e}.{c}" for e, c in self.all_choices if not self.choices[(e, c)]],
            "endings_never_reached": [e for e in self.all_endings if not self.endings[e]],
            "dead_ends": self.dead_ends,
            "errors": self.errors,
            "votes": {v: {"held": self.held[v], "carried": self.carried[v]} for v in self.votes},
        }
        if balance:
            d["balance"] = {name: [{"month": m, **dist.as_dict()} for m, dist in series]
                            for name, series in self.balance().items()}
            d["thresholds"] = [c.as_dict() for c in self.checks]
        return d


@struct
class Search:
    """The guided search for an ending random play never reached."""

    ending: str
    roles: list[str]
    role: str = ""
    seed: int = 0
    states: int = 0
    path: list[tuple[str, str, str]] | None = None       # (date, event, choice), when found
    unreachable: str = ""                                 # why it can never be reached, when proven
    exhausted: bool = False                               # whether it tried every state it kept, for each role

    def as_dict(self) -> dict[str, Any]:
        return {"ending": self.ending, "roles": self.roles, "found": self.path is not None,
                "role": self.role or None, "seed": self.seed, "states": self.states,
                "path": [{"date": d, "event": e, "choice": c} for d, e, c in self.path] if self.path is not None else None,
                "unreachable": self.unreachable or None, "exhausted": self.exhausted}


@struct
class Report:
    """What a batch of random games found."""

    scenario: str
    policy: str = "random"
    chapter: str = ""             # the chapter every game began at ("" the role's first)
    runs: int = 0
    seed: int = 0
    choices: int = 0
    seconds: float = 0.0
    endings: Counter = field(default_factory=Counter)
    events_total: int = 0
    choices_total: int = 0
    reached_events: set[str] = field(default_factory=set)
    reached_choices: set[tuple[str, str]] = field(default_factory=set)
    all_events: list[str] = field(default_factory=list)
    all_choices: list[tuple[str, str]] = field(default_factory=list)
    all_endings: list[str] = field(default_factory=list)
    dead_ends: dict[str, Problem] = field(default_factory=dict)
    errors: dict[str, Problem] = field(default_factory=dict)
    # Two events of one title met in one game: most often one story told twice (an event for all roles and
    # a role's own on the same day). Not a fault of play: reported, not counted against the scenario.
    repeats: dict[str, Problem] = field(default_factory=dict)
    lengths: list[int] = field(default_factory=list)
    # Chapter -> the choices each run made in it, for the runs that played it through (left it for
    # the next chapter, or reached the scenario's end in it).
    chapter_lengths: dict[str, list[int]] = field(default_factory=dict)
    routine_choices: int = 0
    roles: dict[str, RoleReport] = field(default_factory=dict)
    balanced: bool = False                  # whether the balance was kept
    stat_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    searches: list[Search] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.dead_ends and not self.errors

    def note(self, table: dict[str, Problem], kind: str, message: str, seed: int, role: str) -> None:
        if message in table:
            table[message].count += 1
        else:
            table[message] = Problem(kind, message, seed, role)

    def as_dict(self) -> dict[str, Any]:
        lengths = self.lengths or [0]
        return {
            "scenario": self.scenario,
            "policy": self.policy,
            "chapter": self.chapter,
            "runs": self.runs,
            "choices": self.choices,
            "routine_choices": self.routine_choices,
            "routine_share": round(self.routine_choices / self.choices, 4) if self.choices else 0.0,
            "seconds": round(self.seconds, 4),
            "choices_per_second": round(self.choices / self.seconds) if self.seconds else None,
            "endings": dict(sorted(self.endings.items())),
            "endings_never_reached": [e for e in self.all_endings if e not in self.endings],
            "events_total": self.events_total,
            "events_reached": len(self.reached_events),
            "events_never_reached": [e for e in self.all_events if e not in self.reached_events],
            "choices_total": self.choices_total,
            "choices_reached": len(self.reached_choices),
            "choices_never_reached": [f"{e}.{c}" for e, c in self.all_choices if (e, c) not in self.reached_choices],
            "dead_ends": [p.as_dict() for p in self.dead_ends.values()],
            "errors": [p.as_dict() for p in self.errors.values()],
            "titles_met_twice": [p.as_dict() for p in self.repeats.values()],
            "length": {"min": min(lengths), "max": max(lengths),
                       "mean": round(sum(lengths) / len(lengths), 2), "median": statistics.median(lengths)},
            "chapter_lengths": {c: {"runs": len(v), "min": min(v), "median": statistics.median(v)}
                                for c, v in self.chapter_lengths.items() if v},
            "roles": {r: rr.as_dict(self.balanced) for r, rr in self.roles.items()},
            "searches": [s.as_dict() for s in self.searches],
        }


def simulate(scenario: Scenario, runs: int, seed: int = 0, role: str | None = None,
             policy_name: str = "random", *, balance: bool = False, search: int = 0,
             chapter: str | None = None, resume: Report | None = None) -> Report:
    """Play `runs` games by a policy (see `policy`): run i uses seed `seed + i` and, without `role`,
    role i mod n. With `balance`, keep where the numbers stood at each turn, how often each test of a
    condition passed; with `search` > 0, look for each ending never reached in up to that many states.
    With `chapter`, every game begins at that chapter of a campaign, and only what can still come
    after its start is counted: the events whose window reaches it, the endings of it and later.
    With `resume`, a report this function made of the same scenario, seed, role, policy and chapter,
    without balance or search: its games are kept, and play goes on from the next seed up to `runs`
    games in all (the report is that same one, grown), as though all had been played at once."""
    pick = policy(policy_name, scenario)
    begin = None
    if chapter is not None:
        begin = scenario.find_chapter(chapter)
        if begin is None:
            known = ", ".join(ch.id for ch in scenario.chapters) or "none"
            raise ValueError(f"no chapter '{chapter}' in scenario '{scenario.id}' (chapters: {known})")
    roles = [role] if role else [r for r in scenario.roles if begin is None or begin.plays(r)]
    if begin is not None and not (roles and all(begin.plays(r) for r in roles)):
        raise ValueError(f"role '{role}' does not play chapter '{chapter}'")
    if resume is not None:
        return _resume(scenario, resume, runs, seed, roles, policy_name, chapter, pick)
    over = {ch.id for ch in scenario.chapters if begin is not None and ch.start < begin.start}
    report = Report(scenario.id, policy=policy_name, chapter=chapter or "", runs=runs, seed=seed, balanced=balance,
                    stat_ranges={s.id: (s.min, s.max) for s in scenario.stats.values()})
    for r in roles:
        rr = report.roles[r] = RoleReport(r)
        # From a later chapter, the events still to come that its state lets the role reach: not those
        # that only an earlier turn of the story leads to.
        possible = reachable_events(scenario, r, begin) if begin is not None else None
        for ev in scenario.events_for_role(r):
            if possible is not None and (ev.latest < begin.start or ev.id not in possible):
                continue
            rr.all_events.append(ev.id)
            rr.all_choices.extend((ev.id, c.id) for c in ev.choices if c.roles is None or r in c.roles)  # those offered
            if ev.id not in report.all_events:
                report.all_events.append(ev.id)
        report.all_choices.extend(x for x in rr.all_choices if x not in report.all_choices)
        for en in scenario.endings.values():
            if (en.roles is None or r in en.roles) and en.chapter not in over:
                rr.all_endings.append(en.id)
                if en.id not in report.all_endings:
                    report.all_endings.append(en.id)
    report.all_endings.extend(e.id for e in scenario.endings.values() if e.roles is not None and not e.roles)
    for rr in report.roles.values():
        held = scenario.effect_targets("hold", set(rr.all_choices))
        rr.votes = [v for v in scenario.votes if v in held]
    report.events_total = len(report.all_events)
    report.choices_total = len(report.all_choices)
    probes = {r: _Probe(scenario, report.roles[r]) for r in roles} if balance else {}
    _play_runs(scenario, report, range(runs), pick, probes, chapter)
    if search > 0:
        report.searches = [search_ending(scenario, e, [r for r in roles if e in report.roles[r].all_endings], seed, search,
                                         chapter)
                           for e in report.all_endings if e not in report.endings]
    return report


def _play_runs(scenario: Scenario, report: Report, indices: range, pick: Policy, probes: dict[str, _Probe],
               chapter: str | None) -> None:
    """Play the runs of `indices` (run i: seed `report.seed + i`, role i mod n) into `report`."""
    roles = list(report.roles)
    started = time.perf_counter()
    for i in indices:
        run_role = roles[i % len(roles)]
        report.choices += _play_one(scenario, run_role, report.seed + i, report, pick, probes.get(run_role), chapter)
    report.seconds += time.perf_counter() - started
    for rr in report.roles.values():
        report.reached_events.update(rr.events)
        report.reached_choices.update(rr.choices)


def _resume(scenario: Scenario, report: Report, runs: int, seed: int, roles: list[str], policy_name: str,
            chapter: str | None, pick: Policy) -> Report:
    """`simulate`'s `resume`: `report` played on to `runs` games, once it is known to be of the same games
    (`roles`: those `simulate` was asked to play)."""
    same = (report.scenario == scenario.id and report.seed == seed and report.policy == policy_name
            and report.chapter == (chapter or "") and list(report.roles) == roles)
    if not same or report.balanced or report.searches:
        raise ValueError("a report can only be resumed by the games that made it: the same scenario, seed, role, "
                         "policy and chapter, without balance or search")
    if runs < report.runs:
        raise ValueError(f"the report has {report.runs} games already, more than {runs}")
    _play_runs(scenario, report, range(report.runs, runs), pick, {}, chapter)
    report.runs = runs
    return report


def _play_one(scenario: Scenario, role: str, seed: int, report: Report, pick: Policy = _random,
              probe: _Probe | None = None, chapter: str | None = None) -> int:
    picker = Rng(seed ^ 0x5DEECE66D)
    made = 0
    in_chapter: Counter = Counter()              # chapter id -> choices made in it
    game: Game | None = None
    trying: tuple[str, str] | None = None        # the choice being applied, counted even if it fails
    rr = report.roles[role]
    events = scenario.events
    titles: dict[str, tuple[str, date]] = {}    # each title met, with the event and the date it was first met
    try:
        game = Game.new(scenario, role, seed, chapter)
        if probe:
            probe.begin(game)
        while game.status == Status.EVENT:
            view = game.current(counts=False)       # every text rendered, as a player reads it; no counts shown
            assert view is not None
            options = [c.id for c in view.choices if c.available]
            trying = (view.id, pick(game, options, picker))
            if events[view.id].routine:
                report.routine_choices += 1
            else:
                first, when = titles.setdefault(view.title, (view.id, game.date))
                if first != view.id:
                    later = "in the same month" if (when.year, when.month) == (game.date.year, game.date.month) \
                        else "later"
                    report.note(report.repeats, "repeat", f"'{view.title}': event {first}, then event {view.id} {later}",
                                seed, role)
            if probe:
                probe.shown(game, view.id)
            here = game.chapter
            if here is not None:
                in_chapter[here.id] += 1
            game.choose(trying[1])
            trying = None
            made += 1
            if probe:
                probe.after(game)
            if made >= MAX_CHOICES_PER_GAME:
                report.note(report.errors, "error", f"no ending after {MAX_CHOICES_PER_GAME} choices", seed, role)
                rr.errors += 1
                return made
        if game.status == Status.DEAD_END:
            report.note(report.dead_ends, "dead end", game.dead_end, seed, role)
            rr.dead_ends += 1
        else:
            report.endings[game.ending_id] += 1
            rr.endings[game.ending_id] += 1
            _count_chapters(scenario, game, in_chapter, report)
    except GameError as e:
        report.note(report.errors, "error", str(e), seed, role)
        rr.errors += 1
    finally:
        rr.runs += 1
        if game is not None:
            rr.events.update(game.met.keys())
            rr.choices.update(game.chosen)
            if trying is not None and trying not in game.chosen:
                rr.choices[trying] += 1
            for v, result in game.results.items():
                rr.held[v] += 1
                if result.get("passed"):
                    rr.carried[v] += 1
            if probe:
                probe.end(game)
    report.lengths.append(made)
    return made


def _count_chapters(scenario: Scenario, game: Game, in_chapter: Counter, report: Report) -> None:
    """Add the choices of each chapter this finished game played through: every chapter it left, and
    the last one if the game ran to the scenario's end."""
    last = game.chapter
    through_end = game.ending_id is not None and scenario.endings[game.ending_id].trigger == "end"
    for ch in scenario.chapters:
        if ch.id in in_chapter and (ch is not last or through_end):
            report.chapter_lengths.setdefault(ch.id, []).append(in_chapter[ch.id])


class _Probe:
    """Keeps, for the runs of one role, where the numbers stood at each turn and which tests passed."""

    def __init__(self, scenario: Scenario, rr: RoleReport) -> None:
        self.scenario = scenario
        self.rr = rr
        rr.numbers = [*scenario.stats, *(f"rel.{c}" for c in scenario.characters)]
        rr.own = f"rel.{scenario.roles[rr.role].character}"
        months = []
        d = scenario.start
        while d <= scenario.end:
            months.append(d)
            d = scenario.turn.advance(d)
        rr.months = [m.isoformat() for m in months]
        checks: dict[tuple[str, str], int] = {}

        def add(where: str, condition: Any) -> list[int]:
            found = []
            for t in thresholds(condition):
                if t.reads <= {"role"}:
                    continue            # who the test is for, not a threshold
                key = (where, t.text)         # a test written twice in one condition is one threshold
                if key not in checks:
                    checks[key] = len(rr.checks)
                    rr.checks.append(Check(where, t.text, t.test))
                if checks[key] not in found:
                    found.append(checks[key])
            return found
        ag = agenda(scenario, rr.role)
        self.endings_now = [i for e in ag.anytime for i in add(f"ending {e.id}", e.condition)]
        self.endings_last = [i for e in ag.endings if e.trigger != "anytime" for i in add(f"ending {e.id}", e.condition)]
        self.by_condition = {e.id: found for e in ag.events if (found := add(f"event {e.id}", e.condition))}
        self.by_event: dict[str, list[int]] = {}
        for e in scenario.events_for_role(rr.role):
            self.by_event[e.id] = [i for c in e.choices if c.roles is None or rr.role in c.roles
                                   for cond, where in ((c.shown, f"choice {e.id}.{c.id} shown"),
                                                       (c.condition, f"choice {e.id}.{c.id}"))
                                   for i in add(where, cond)]
        self.tests = [c.test for c in rr.checks]
        self.turn = 0
        self.tested: set[int] = set()
        self.passed: set[int] = set()

    def test(self, game: Game, indices: list[int] | tuple[int, ...]) -> None:
        if not indices:
            return
        tests, tested, passed = self.tests, self.tested, self.passed
        for i in indices:
            if i in passed:
                continue            # a run counts once for each test it passed
            try:
                ok = tests[i](game)
            except Exception:  # a test that fails in play is the game's to report, not the count's
                continue
            tested.add(i)
            if ok:
                passed.add(i)

    def begin(self, game: Game) -> None:
        self.turn = 0
        self.tested, self.passed = set(), set()
        self.after(game)

    def after(self, game: Game) -> None:
        """After a choice (or at the start), where the game has just looked for the next event: the turns
        begun since, the events of the turn's window it could have picked, the endings that can end it now."""
        if game.turn > self.turn:
            row = (*game.stats.values(), *game.rel.values())
            for turn in range(self.turn + 1, game.turn + 1):
                self.rr.rows.setdefault(turn, []).append(row)
            self.turn = game.turn
        arrival = game.arrival
        if self.by_condition and game.current_id is not None and arrival is not None and arrival.how == "pick":
            # The game as it stood when the turn picked its event: it weighed the events its window and
            # spread let come, by priority, highest first, and stopped at the level of the one it picked.
            floor = self.scenario.events[game.current_id].priority
            weighed = []
            for e in game._turn_candidates():          # the same list before the event started
                if e.priority < floor:
                    break
                found = self.by_condition.get(e.id)
                if found:
                    weighed.append((e, found))
            before = before_start(game) if weighed else game
            for e, found in weighed:
                try:
                    bar = before._barred(e)
                except GameError:
                    continue
                if bar is None or bar == "condition":       # only its condition could keep it from coming
                    self.test(before, found)
        self.test(game, self.endings_now)

    def shown(self, game: Game, event: str) -> None:
        self.test(game, self.by_event.get(event, ()))

    def end(self, game: Game) -> None:
        if (game.status == Status.DEAD_END and game.current_id is None) or (
                game.status == Status.ENDED and self.scenario.endings[game.ending_id or ""].trigger != "anytime"):
            self.test(game, self.endings_last)        # the last turn passed: the endings were tested
        checks = self.rr.checks
        for i in self.tested:
            checks[i].tested += 1
        for i in self.passed:
            checks[i].passed += 1


# -- the guided search for an ending never reached ------------------------------------------

def _state(g: Game) -> tuple[Any, ...]:
    """Everything that decides what can happen next, but the dice. Mappings keep their order: two
    states alike but for the order things happened in may count as two, never two unlike as one."""
    return (g.turn, g.current_id, tuple(g.fired_this_turn), tuple(g.stats.values()), tuple(g.rel.values()),
            tuple(g.ties.items()), tuple(g.flags.items()), tuple(g.met.items()), frozenset(g.chosen),
            tuple((v, r.get("passed"), r.get("for")) for v, r in g.results.items()),
            tuple((f, frozenset(m)) for f, m in g.factions.items()), tuple((o, tuple(h)) for o, h in g.offices.items()),
            frozenset(g.dead), tuple(g.scheduled), frozenset(g.unlocked), tuple(g.last_turn.items()))


def _holds(test: Callable[[Any], Any], game: Game) -> bool:
    try:
        return bool(test(game))
    except Exception:  # a test that fails in play counts as not holding
        return False


def never_holds(scenario: Scenario, ending_id: str, role: str) -> str:
    """Why `ending_id` can never end a game of `role`, when that can be shown without playing; else empty."""
    ending = scenario.endings[ending_id]
    if ending.roles is not None and role not in ending.roles:
        return f"it is not an ending of role '{role}'"
    if ending_id in scenario.effect_targets("end"):
        return ""                   # an effect can end the game with it, whatever its condition
    ag = agenda(scenario, role)
    order = ag.anytime if ending.trigger == "anytime" else ag.at_chapter.get(ending.chapter, ag.endings)
    for e in order[:order.index(ending)]:
        if e.condition is None:
            return f"ending '{e.id}' always holds and is tested before it"
    variable = {f for site, m in scenario.mentions.items()     # the flags some effect line sets, in blocks too
                if m.sets and site[0] == "choice" and site[3] == "effect" for f in m.sets}
    try:
        start = Game.new(scenario, role, 0)
    except GameError:
        return ""
    for t in thresholds(ending.condition):
        if not t.required:
            continue
        fixed = {r for r in t.reads if r == "role" or (r.startswith("flag:") and r[5:] not in variable)}
        moving = t.reads - fixed
        if not moving:
            if not _holds(t.test, start):
                return f"it needs '{t.text}', which never holds for role '{role}'"
        elif len(moving) == 1:
            (name,) = moving
            kind, _, which = name.partition(":")
            if kind == "stat":
                lo, hi, table = scenario.stats[which].min, scenario.stats[which].max, "stats"
            elif kind == "rel":
                lo, hi, table = -100, 100, "rel"
            else:
                continue
            if hi - lo > SWEEP_LIMIT:
                continue            # too many values to try each: not proven either way
            trial = start.fork()
            values = getattr(trial, table)
            held = False
            for value in range(lo, hi + 1):
                values[which] = value
                if _holds(t.test, trial):
                    held = True
                    break
            if not held:
                shown = which if kind == "stat" else f"rel.{which}"
                return f"it needs '{t.text}', which no value of {shown} from {lo} to {hi} meets"
    return ""


def search_ending(scenario: Scenario, ending_id: str, roles: list[str], seed: int, budget: int,
                  chapter: str | None = None) -> Search:
    """A path to `ending_id`: a guided search over the choices of each of `roles` in turn, from the game
    of `seed`, each state visited once. It takes by turns the state where the fewest of the ending's tests
    fail and, among those, the furthest into the game; the same but the nearest to its start; and a
    dive of random choices from the start to an ending (seeded, so the search is the same every time)."""
    found = Search(ending_id, roles, seed=seed)
    if not roles:
        found.unreachable = "it is the ending of no role (its 'roles' is empty)"
        return found
    reasons = {r: never_holds(scenario, ending_id, r) for r in roles}
    if all(reasons.values()):
        found.unreachable = "; ".join(dict.fromkeys(reasons.values()))
        return found
    condition = scenario.endings[ending_id].condition
    tests = [t.test for t in thresholds(condition) if t.required] or [t.test for t in thresholds(condition)]
    every = True
    for role in (r for r in roles if not reasons[r]):
        if _search_role(scenario, ending_id, role, seed, budget, tests, found, chapter):
            break
        every = every and found.exhausted
    found.exhausted = found.path is None and every
    return found


def _search_role(scenario: Scenario, ending_id: str, role: str, seed: int, budget: int,
                 tests: list[Callable[[Any], Any]], found: Search, chapter: str | None = None) -> bool:
    """The search of `search_ending` for one role; True when it found the ending."""
    found.exhausted = False
    try:
        start = Game.new(scenario, role, seed, chapter)
    except GameError:
        return False
    found.states += 1
    if start.ending_id == ending_id:
        found.role, found.path = role, []
        return True
    if start.status != Status.EVENT:
        found.exhausted = True
        return False
    seen = {_state(start)}
    counter = itertools.count()
    first = (sum(1 for t in tests if not _holds(t, start)), 0, next(counter), start)
    deep, wide = [first], [first]
    expanded: set[int] = set()
    picker = Rng(seed ^ 0x5EA4C4)
    spent = 1

    def tried(game: Game, choice: str, depth: int) -> Game | None:
        """The game after `choice`, kept for later when it is a state not seen before; None if it cannot go on."""
        nonlocal spent
        spent += 1
        found.states += 1
        child = game.fork()
        try:
            child.choose(choice)
        except GameError:
            return None
        if child.ending_id == ending_id:
            found.role = role
            found.path = [(j["date"], j["event"], j["choice"]) for j in child.journal]
            return None
        if child.status != Status.EVENT:
            return None
        key = _state(child)
        if key not in seen:
            seen.add(key)
            d, m = sum(1 for t in tests if not _holds(t, child)), next(counter)
            heapq.heappush(deep, (d, -depth, m, child))
            heapq.heappush(wide, (d, depth, m, child))
        return child

    step = 0
    while spent < budget and found.path is None and (deep or wide):     # until every state kept was tried
        step += 1
        if step % 3 == 0:                                   # a dive
            game: Game | None = start
            depth = 0
            while game is not None and spent < budget:
                options = [c.id for c in game.available_choices()]
                depth += 1
                game = tried(game, options[picker.randint(0, len(options) - 1)], depth) if options else None
            continue
        frontier = (deep if step % 3 == 1 else wide) or deep or wide
        _, depth, n, game = heapq.heappop(frontier)
        if n in expanded:
            continue
        expanded.add(n)
        for choice in game.available_choices():
            tried(game, choice.id, abs(depth) + 1)
            if spent >= budget or found.path is not None:
                break
    found.exhausted = found.path is None and not deep and not wide
    return found.path is not None


def format_report(report: Report, coverage: bool = False) -> str:
    """The report as text for a person: with `coverage`, each role's events, choices and endings with
    the runs that met them; the balance when the report kept it."""
    d = report.as_dict()
    rate = f"{d['choices_per_second']:,} choices/s" if d["choices_per_second"] else "-"
    begun = f", from chapter '{report.chapter}'" if report.chapter else ""
    lines = [f"simulate {report.scenario}: {report.runs} runs ({report.policy}{begun}), {report.choices:,} choices "
             f"in {report.seconds:.2f} s ({rate})",
             f"Routine events: {report.routine_choices:,} of the choices ({100 * d['routine_share']:.1f}%)",
             "", "Endings:"]
    for ending, n in sorted(report.endings.items(), key=lambda x: (-x[1], x[0])):
        lines.append(f"  {ending:<32} {n:>7}  {100 * n / max(1, report.runs):5.1f}%")
    for ending in d["endings_never_reached"]:
        lines.append(f"  {ending:<32} {'never':>7}")
    lines.append("")
    lines.append(f"Events reached: {d['events_reached']} of {d['events_total']}")
    for e in d["events_never_reached"]:
        lines.append(f"  never reached: event {e}")
    lines.append(f"Choices reached: {d['choices_reached']} of {d['choices_total']}")
    for c in d["choices_never_reached"]:
        lines.append(f"  never reached: choice {c}")
    lines.append("")
    for title, table in (("Dead ends", report.dead_ends), ("Errors", report.errors)):
        if not table:
            lines.append(f"{title}: none")
            continue
        lines.append(f"{title}: {sum(p.count for p in table.values())}")
        lines += [_reproduced(p, report) for p in table.values()]
    if report.repeats:
        lines.append(f"Titles met twice in one game: {len(report.repeats)}")
        lines += [_reproduced(p, report) for p in report.repeats.values()]
    length = d["length"]
    lines.append(f"Length: {length['min']} to {length['max']} choices per game (mean {length['mean']}, "
                 f"median {length['median']})")
    for ch, figures in d["chapter_lengths"].items():
        lines.append(f"  in chapter {ch}: median {figures['median']} choices, at least {figures['min']} "
                     f"({figures['runs']} runs played it through)")
    lines += _format_searches(report)
    lines += _format_roles(report, coverage)
    return "\n".join(lines)


def _reproduced(p: Problem, report: Report) -> str:
    """A problem, how often it came, and the run that shows it again."""
    at = f" --chapter {report.chapter}" if report.chapter else ""
    return f"  {p.message} ({p.count}x; reproduce: simulate --runs 1 --seed {p.seed} --role {p.role}{at})"


def _share(n: int, of: int) -> str:
    return f"{100 * n / of:5.1f}%" if of else "    -"


def _format_searches(report: Report) -> list[str]:
    if not report.searches:
        return []
    lines = ["", "Endings never reached, searched for:"]
    for s in report.searches:
        if s.unreachable:
            lines.append(f"  {s.ending}: unreachable: {s.unreachable}")
        elif s.path is None:
            left = " (every state the search kept was tried)" if s.exhausted else ""
            lines.append(f"  {s.ending}: not found in {s.states:,} states searched{left}")
        else:
            lines.append(f"  {s.ending}: {len(s.path)} choices as {s.role}, seed {s.seed} ({s.states:,} states searched):")
            lines += [f"    {i}. {date} {event}: {choice}" for i, (date, event, choice) in enumerate(s.path, 1)]
    return lines


def _format_roles(report: Report, coverage: bool) -> list[str]:
    lines = ["", "Coverage by role (runs that met each event, made each choice, reached each ending):"]
    for rr in report.roles.values():
        met = sum(1 for e in rr.all_events if rr.events[e])
        made = sum(1 for c in rr.all_choices if rr.choices[c])
        ended = sum(1 for e in rr.all_endings if rr.endings[e])
        lines.append(f"  {rr.role}: {rr.runs} runs; events {met} of {len(rr.all_events)}, choices {made} of "
                     f"{len(rr.all_choices)}, endings {ended} of {len(rr.all_endings)}")
        if not coverage:
            continue
        for e in rr.all_events:
            lines.append(f"    {'event ' + e:<46} {rr.events[e]:>7}  {_share(rr.events[e], rr.runs)}"
                         f"{'' if rr.events[e] else '  never'}")
            for ev, c in rr.all_choices:
                if ev == e:
                    n = rr.choices[(ev, c)]
                    lines.append(f"      {c:<44} {n:>7}  {_share(n, rr.runs)}{'' if n else '  never'}")
        for e in rr.all_endings:
            n = rr.endings[e]
            lines.append(f"    {'ending ' + e:<46} {n:>7}  {_share(n, rr.runs)}{'' if n else '  never'}")
    if report.balanced:
        lines += _format_balance(report)
    return lines


def _strip(dist: Distribution, lo: int, hi: int, width: int = 21) -> str:
    """The spread on the number's range: '-' from min to max, '=' from p10 to p90, '|' the median."""
    def at(v: int) -> int:
        return round((v - lo) * (width - 1) / (hi - lo)) if hi > lo else 0
    cells = [" "] * width
    for i in range(at(dist.min), at(dist.max) + 1):
        cells[i] = "-"
    for i in range(at(dist.p10), at(dist.p90) + 1):
        cells[i] = "="
    cells[at(dist.median)] = "|"
    return "[" + "".join(cells) + "]"


def _format_balance(report: Report) -> list[str]:
    scenario_stats = report.stat_ranges
    lines: list[str] = []
    for rr in report.roles.values():
        lines += ["", f"Balance for {rr.role} (at the start of each turn, over the runs still going):"]
        for name, series in rr.balance().items():
            lo, hi = scenario_stats.get(name, (-100, 100))
            lines.append(f"  {name} ({lo} to {hi})")
            lines.append(f"    {'turn':<10} {'n':>6} {'min':>5} {'p10':>5} {'med':>5} {'p90':>5} {'max':>5}")
            for month, dist in series:
                lines.append(f"    {month:<10} {dist.n:>6} {dist.min:>5} {dist.p10:>5} {dist.median:>5} {dist.p90:>5} "
                             f"{dist.max:>5}  {_strip(dist, lo, hi)}")
        lines.append(f"  Thresholds (runs that passed each test, of the runs that tested it, for {rr.role}):")
        for c in rr.checks:
            lines.append(f"    {_share(c.passed, c.tested)} {c.passed:>6} of {c.tested:<6} {c.where}: {c.text}")
        if rr.votes:
            lines.append(f"  Votes (runs that held each, and in which it carried, for {rr.role}):")
            for v in rr.votes:
                lines.append(f"    {v:<32} held {rr.held[v]:>6} {_share(rr.held[v], rr.runs)}, "
                             f"carried {rr.carried[v]:>6} {_share(rr.carried[v], rr.held[v])} of those held")
    return lines


def ending_distance(a: Counter, a_runs: int, b: Counter, b_runs: int) -> float:
    """Total variation distance between the endings `a` of `a_runs` games and `b` of `b_runs`: 0 when
    they end alike, 1 when they never end the same way."""
    p = {e: n / max(1, a_runs) for e, n in a.items()}
    q = {e: n / max(1, b_runs) for e, n in b.items()}
    return sum(abs(p.get(k, 0) - q.get(k, 0)) for k in set(p) | set(q)) / 2


def ending_shares(report: dict[str, Any]) -> dict[str, float]:
    """Each ending's share of a report's runs (`Report.as_dict()`), the commonest first."""
    return {e: n / report["runs"] for e, n in sorted(report["endings"].items(), key=lambda x: -x[1])}


def role_figures(scenario: Scenario, role: str, chapter: str | None, runs: int, seed: int = 1,
                 votes_runs: int | None = None, history_runs: int = 50, *, more_runs: int = 0,
                 enough: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
    """The figures a campaign is written to, for `runs` random games of `role` begun at `chapter` (None:
    the role's first): events reached, the routine share, each ending's share, the role's historical
    ending (`<r>_historical_<last year>`), dead ends, errors, the median length overall and within each
    chapter played through; what the `historical` policy reaches from the same start; and how far the
    `votes` policy's endings lie from random play's (total variation, on `votes_runs` games of each,
    by default as many as `runs`, at most 200); the `historical` policy plays `history_runs` games (at
    most `runs`). With `more_runs`, where `enough` says the figures of `runs` games are not enough to
    judge by, random play goes on to `more_runs` games (the first `runs` among them), and the endings,
    their shares and the median length are those of all of them (`ending_runs` says how many)."""
    n = min(runs, 200) if votes_runs is None else votes_runs
    # The votes policy's `n` games are measured against the first `n` random games: those of `played`, kept as
    # they stood after `n`, where there are that many.
    played = simulate(scenario, min(n, runs), seed, role, chapter=chapter)
    random_endings = Counter(played.endings) if n <= runs else simulate(scenario, n, seed, role, chapter=chapter).endings
    played = simulate(scenario, runs, seed, role, chapter=chapter, resume=played)
    by_votes = simulate(scenario, n, seed, role, "votes", chapter=chapter)
    by_history = simulate(scenario, min(runs, history_runs), seed, role, "historical", chapter=chapter).as_dict()
    d = played.as_dict()
    historical = f"{role[0]}_historical_{scenario.end.year}"
    figures = {
        "role": role, "chapter": chapter or "(start)", "runs": runs,
        "events_reached": d["events_reached"], "events_total": d["events_total"],
        "events_share": d["events_reached"] / max(1, d["events_total"]),
        "routine_share": d["routine_share"], "historical_ending": historical,
        "dead_ends": sum(p["count"] for p in d["dead_ends"]),
        "errors": sum(p["count"] for p in d["errors"]),
        "chapter_medians": {c: f["median"] for c, f in d["chapter_lengths"].items()},
        "historical_policy": by_history["endings"],
        "votes_distance": round(ending_distance(random_endings, n, by_votes.endings, by_votes.runs), 3),
        **_ending_figures(d, historical),
    }
    if more_runs > runs and enough is not None and not enough(figures):
        played = simulate(scenario, more_runs, seed, role, chapter=chapter, resume=played)
        figures.update(_ending_figures(played.as_dict(), historical))
    return figures


def _ending_figures(d: dict[str, Any], historical: str) -> dict[str, Any]:
    """Of `role_figures`: those of a report's endings (`Report.as_dict()`) and its median length."""
    shares = ending_shares(d)
    return {"ending_runs": d["runs"], "endings": shares, "historical_share": shares.get(historical, 0.0),
            "top_share": max(shares.values(), default=0.0), "median_length": d["length"]["median"]}
