"""The campaign's balance by role and chapter: `simulate` from the start and from each chapter a
role plays, with the figures the campaign is written to (events reached, routine share, the
role's historical ending, the most common ending), and the `historical` policy's ending.

Usage: python -m benchmarks.campaign_balance [PATH] [--runs N] [--seed S] [--role R] [--json]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import time

from game.scenario import load_scenario
from game.scenario.discovery import DEFAULT_SCENARIO, find_scenario
from game.simulate import simulate


def measure(scenario, role: str, chapter: str | None, runs: int, seed: int) -> dict:
    """The figures of `runs` random games of `role` begun at `chapter` (None: the role's first)."""
    started = time.perf_counter()
    d = simulate(scenario, runs, seed, role, chapter=chapter).as_dict()
    historical = f"{role[0]}_historical_{scenario.end.year}"
    shares = {e: n / runs for e, n in sorted(d["endings"].items(), key=lambda x: -x[1])}
    by_history = simulate(scenario, 50, seed, role, "historical", chapter=chapter).as_dict()
    return {
        "role": role, "chapter": chapter or "(start)", "runs": runs,
        "events": f"{d['events_reached']}/{d['events_total']}",
        "events_share": d["events_reached"] / max(1, d["events_total"]),
        "routine_share": d["routine_share"], "historical_ending": historical,
        "historical_share": shares.get(historical, 0.0), "top_share": max(shares.values(), default=0.0),
        "endings": shares, "dead_ends": sum(p["count"] for p in d["dead_ends"]),
        "errors": sum(p["count"] for p in d["errors"]), "median_length": d["length"]["median"],
        "historical_policy": by_history["endings"], "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("path", nargs="?", default=None)
    p.add_argument("--runs", type=int, default=5000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--role", default=None)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    scenario = load_scenario(a.path or find_scenario(DEFAULT_SCENARIO))
    rows = []
    for role in [a.role] if a.role else list(scenario.roles):
        starts = [None] + [ch.id for ch in scenario.chapters[1:] if ch.plays(role)]
        if scenario.first_chapter(role) is not scenario.chapters[0]:
            starts = starts[1:]
        for chapter in starts:
            row = measure(scenario, role, chapter, a.runs, a.seed)
            rows.append(row)
            if not a.json:
                top = ", ".join(f"{e} {100 * s:.1f}%" for e, s in list(row["endings"].items())[:12])
                print(f"{role:9} {row['chapter']:18} events {row['events']:>7} ({100 * row['events_share']:.0f}%)  "
                      f"routine {100 * row['routine_share']:.1f}%  historical {100 * row['historical_share']:.1f}%  "
                      f"top {100 * row['top_share']:.1f}%  dead ends {row['dead_ends']}  errors {row['errors']}  "
                      f"median {row['median_length']} choices  [{row['seconds']} s]")
                print(f"          endings: {top}")
                print(f"          historical policy: {row['historical_policy']}")
    if a.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
