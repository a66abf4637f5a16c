"""Simulate throughput: playthroughs of a scenario by a policy (random unless told), text rendered as a player sees it.

Usage: python -m benchmarks.bench_simulate [PATH] [--runs N] [--seed S] [--balance] [--policy P]
`--policy votes` times the policy that tries every open choice and counts the player's support after each (the
campaign's balance tests play it from every start). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from game.scenario import load_scenario
from game.scenario.discovery import DEFAULT_SCENARIO, find_scenario
from game.simulate import policy, simulate


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("path", nargs="?", default=None)
    p.add_argument("--runs", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--balance", action="store_true", help="keep the balance too, as `simulate --balance` does")
    p.add_argument("--policy", default="random", help="the policy that picks each choice (as `simulate --policy`)")
    a = p.parse_args()
    path = a.path or find_scenario(DEFAULT_SCENARIO)
    t = time.perf_counter()
    scenario = load_scenario(path)
    load_s = time.perf_counter() - t
    rates = []
    try:
        policy(a.policy, scenario)
    except ValueError as e:
        p.error(str(e))
    for _ in range(a.repeat):
        report = simulate(scenario, a.runs, a.seed, policy_name=a.policy, balance=a.balance)
        rates.append(report.choices / report.seconds)
    print(f"scenario: {scenario.id} ({len(scenario.events)} events), loaded in {load_s * 1000:.0f} ms")
    print(f"simulate{' --balance' if a.balance else ''} --policy {a.policy}: {report.runs} runs, {report.choices} choices "
          f"({report.choices / report.runs:.1f} per game), {a.repeat} repeats: "
          f"best {max(rates):,.0f} choices/s, median {statistics.median(rates):,.0f} choices/s")


if __name__ == "__main__":
    main()
