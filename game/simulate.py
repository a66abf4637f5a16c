"""Random play-testing: many seeded games, the endings they reach, and where they go wrong.

On the model of ChoiceScript's randomtest: every run is reproducible from its seed and role.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from game.engine import Game, GameError, Status
from game.engine.model import Scenario
from game.engine.rng import Rng

MAX_CHOICES_PER_GAME = 10_000


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
            "runs": self.runs,
            "choices": self.choices,
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


def simulate(scenario: Scenario, runs: int, seed: int = 0, role: str | None = None) -> Report:
    """Play `runs` random games: run i uses seed `seed + i` and, without `role`, role i mod n."""
    roles = [role] if role else list(scenario.roles)
    report = Report(scenario.id, runs=runs)
    for r in roles:
        for ev in scenario.events_for_role(r):
            if ev.id not in report.all_events:
                report.all_events.append(ev.id)
                report.all_choices.extend((ev.id, c.id) for c in ev.choices)
        for en in scenario.endings.values():
            if (en.roles is None or r in en.roles) and en.id not in report.all_endings:
                report.all_endings.append(en.id)
    report.events_total = len(report.all_events)
    report.choices_total = len(report.all_choices)
    started = time.perf_counter()
    for i in range(runs):
        run_seed = seed + i
        run_role = roles[i % len(roles)]
        report.choices += _play_one(scenario, run_role, run_seed, report)
    report.seconds = time.perf_counter() - started
    return report


def _play_one(scenario: Scenario, role: str, seed: int, report: Report) -> int:
    picker = Rng(seed ^ 0x5DEECE66D)
    made = 0
    game: Game | None = None
    try:
        game = Game.new(scenario, role, seed)
        while game.status == Status.EVENT:
            view = game.current()
            assert view is not None
            report.reached_events.add(view.id)
            options = [c for c in view.choices if c.available]
            pick = options[picker.randint(0, len(options) - 1)]
            report.reached_choices.add((view.id, pick.id))
            game.choose(pick.id)
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
    lines = [f"simulate {report.scenario}: {report.runs} runs, {report.choices:,} choices "
             f"in {report.seconds:.2f} s ({rate})", "", "Endings:"]
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
