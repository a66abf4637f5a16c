"""Validate time on a generated 10,000-event scenario, against PyYAML's CSafeLoader alone.

Usage: python -m benchmarks.bench_validate [--events N] [--repeat R]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import glob
import os
import tempfile
import time

import yaml

from benchmarks.generate import generate
from game.scenario import check_scenario

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = generate(os.path.join(tmp, "generated"), a.events)
        files = sorted(glob.glob(os.path.join(folder, "**", "*.yaml"), recursive=True))
        size = sum(os.path.getsize(f) for f in files)

        def parse_only() -> None:
            for f in files:
                with open(f, encoding="utf-8") as fh:
                    yaml.load(fh, Loader=Loader)

        def validate() -> None:
            scenario, diags = check_scenario(folder)
            assert scenario is not None, diags[:3]

        t_yaml = _best(parse_only, a.repeat)
        t_validate = _best(validate, a.repeat)
    print(f"scenario: {a.events} events in {len(files)} files, {size / 1e6:.1f} MB")
    print(f"yaml.{Loader.__name__} alone: {t_yaml:.3f} s")
    print(f"validate:                {t_validate:.3f} s  ({t_validate / t_yaml:.2f}x the parse alone)")


if __name__ == "__main__":
    main()
