"""The campaign's balance by role and chapter: `simulate` from the start and from each chapter a
role plays, with the figures the campaign is written to (events reached, routine share, the
role's historical ending, the most common ending, the median length overall and in each chapter), the
`historical` policy's ending, and how far the `votes` policy's endings lie from random play's.

Usage: python -m benchmarks.campaign_balance [PATH] [--runs N] [--seed S] [--role R] [--json]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import time

from game.scenario import load_scenario
from game.scenario.discovery import DEFAULT_SCENARIO, find_scenario
from game.simulate import role_figures


def measure(scenario, role: str, chapter: str | None, runs: int, seed: int) -> dict:
    """`role_figures`, timed."""
    started = time.perf_counter()
    row = role_figures(scenario, role, chapter, runs, seed)
    row["seconds"] = round(time.perf_counter() - started, 1)
    return row


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
                events = f"{row['events_reached']}/{row['events_total']}"
                print(f"{role:9} {row['chapter']:18} events {events:>7} ({100 * row['events_share']:.0f}%)  "
                      f"routine {100 * row['routine_share']:.1f}%  historical {100 * row['historical_share']:.1f}%  "
                      f"top {100 * row['top_share']:.1f}%  dead ends {row['dead_ends']}  errors {row['errors']}  "
                      f"median {row['median_length']} choices  votes-vs-random {row['votes_distance']:.2f}  "
                      f"[{row['seconds']} s]")
                inside = ", ".join(f"{c} {m}" for c, m in row["chapter_medians"].items())
                print(f"          choices by chapter (median of runs that played it through): {inside}")
                print(f"          endings: {top}")
                print(f"          historical policy: {row['historical_policy']}")
    if a.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
