"""What `play --watch` costs: a look at the files with nothing changed (the TUI takes one every 0.5 s),
and a whole reload (the files read, the scenario checked, the game carried into it), on the campaign,
the guide's example and a generated scenario.

Usage: python -m benchmarks.bench_watch [--events N] [--repeat R]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable

from benchmarks.generate import generate
from game.scenario import load_scenario
from game.session import Session
from game.watch import Fingerprint

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = {"the campaign": os.path.join(ROOT, "scenarios", "succession-1924"),
           "the guide's example": os.path.join(ROOT, "docs", "example-scenario", "fourteenth-congress")}


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(name: str, folder: str, repeat: int) -> None:
    """Print the cost of a look and of a reload for the scenario in `folder`."""
    scenario = load_scenario(folder)
    session = Session(saving=False, scenario=scenario, one_scenario=True, watch=True)
    session.start(scenario, next(iter(scenario.roles)), 1)
    files = Fingerprint.take(folder).files
    size = sum(f.size for f in files.values())
    look = _median(session.check_for_changes, repeat * 100)
    first = _median(lambda: Fingerprint.take(folder), repeat)
    reload = _median(session.reload, repeat)
    print(f"{name}: {len(files)} files, {size / 1e3:.0f} kB")
    print(f"  a look, nothing changed:   {look * 1e6:8.0f} µs")
    print(f"  a first look (every hash): {first * 1e6:8.0f} µs")
    print(f"  a reload:                  {reload * 1e3:8.1f} ms")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--events", type=int, default=2000, help="events in the generated scenario")
    p.add_argument("--repeat", type=int, default=5)
    a = p.parse_args()
    for name, folder in BUNDLED.items():
        measure(name, folder, a.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        measure(f"a generated scenario of {a.events} events", generate(os.path.join(tmp, "generated"), a.events), a.repeat)


if __name__ == "__main__":
    main()
