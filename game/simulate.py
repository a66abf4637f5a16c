"""Random play-testing: many seeded games, the endings they reach, and where they go wrong.

On the model of ChoiceScript's randomtest: every run is reproducible from its seed and role.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.engine import Game, GameError, Status
from game.engine.model import Scenario
from game.engine.politics import support
from game.engine.rng import Rng

MAX_CHOICES_PER_GAME = 10_000

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


@dataclass
class Problem:
    """A dead end or an error, how often it happened, and a run that reproduces it."""

    kind: str
    message: str
    seed: int
    role: str
    count: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "seed": self.seed, "role": self.role, "count": self.count}


@dataclass
class Report:
    """What a batch of random games found."""

    scenario: str
    policy: str = "random"
    runs: int = 0
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
    lengths: list[int] = field(default_factory=list)
    routine_choices: int = 0

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
            "length": {"min": min(lengths), "max": max(lengths),
                       "mean": round(sum(lengths) / len(lengths), 2)},
        }


def simulate(scenario: Scenario, runs: int, seed: int = 0, role: str | None = None,
             policy_name: str = "random") -> Report:
    """Play `runs` games by a policy (see `policy`): run i uses seed `seed + i` and, without `role`,
    role i mod n."""
    pick = policy(policy_name, scenario)
    roles = [role] if role else list(scenario.roles)
    report = Report(scenario.id, policy=policy_name, runs=runs)
    for r in roles:
        for ev in scenario.events_for_role(r):
            if ev.id not in report.all_events:
                report.all_events.append(ev.id)
            report.all_choices.extend((ev.id, c.id) for c in ev.choices      # those the role is offered
                                      if (c.roles is None or r in c.roles) and (ev.id, c.id) not in report.all_choices)
        for en in scenario.endings.values():
            if (en.roles is None or r in en.roles) and en.id not in report.all_endings:
                report.all_endings.append(en.id)
    report.events_total = len(report.all_events)
    report.choices_total = len(report.all_choices)
    started = time.perf_counter()
    for i in range(runs):
        run_seed = seed + i
        run_role = roles[i % len(roles)]
        report.choices += _play_one(scenario, run_role, run_seed, report, pick)
    report.seconds = time.perf_counter() - started
    return report


def _play_one(scenario: Scenario, role: str, seed: int, report: Report, pick: Policy = _random) -> int:
    picker = Rng(seed ^ 0x5DEECE66D)
    made = 0
    game: Game | None = None
    try:
        game = Game.new(scenario, role, seed)
        while game.status == Status.EVENT:
            view = game.current()
            assert view is not None
            report.reached_events.add(view.id)
            options = [c.id for c in view.choices if c.available]
            chosen = pick(game, options, picker)
            report.reached_choices.add((view.id, chosen))
            if scenario.events[view.id].routine:
                report.routine_choices += 1
            game.choose(chosen)
            made += 1
            if made >= MAX_CHOICES_PER_GAME:
                report.note(report.errors, "error", f"no ending after {MAX_CHOICES_PER_GAME} choices", seed, role)
                return made
        if game.status == Status.DEAD_END:
            report.note(report.dead_ends, "dead end", game.dead_end, seed, role)
        else:
            report.endings[game.ending_id] += 1
    except GameError as e:
        report.note(report.errors, "error", str(e), seed, role)
    report.lengths.append(made)
    return made


def format_report(report: Report) -> str:
    """The report as text for a person."""
    d = report.as_dict()
    rate = f"{d['choices_per_second']:,} choices/s" if d["choices_per_second"] else "-"
    lines = [f"simulate {report.scenario}: {report.runs} runs ({report.policy}), {report.choices:,} choices "
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
        for p in table.values():
            lines.append(f"  {p.message} ({p.count}x; reproduce: simulate --runs 1 --seed {p.seed} --role {p.role})")
    length = d["length"]
    lines.append(f"Length: {length['min']} to {length['max']} choices per game (mean {length['mean']})")
    return "\n".join(lines)
