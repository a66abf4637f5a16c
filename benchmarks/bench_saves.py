"""Save and load times, and file size, of a late-game state: the longest playthrough of the campaign
(1924 to 1929, every role).

Usage: python -m benchmarks.bench_saves [--repeat N] [--seeds S] [--times K]

`save` is the whole of `SaveStore.write`: the snapshot, the JSON, the temporary file, fsync,
the rename and the folder's fsync. `load` is `SaveStore.read` and `restore_game`: reading,
parsing, checking and rebuilding the game (the scenario is already loaded, as it is in play).
`--times K` also measures a state whose journal and trace are K times as long, for scenarios
longer than the campaign. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from game.engine import Game
from game.saves import SaveStore, restore_game
from game.saves.format import dumps, encode
from game.scenario import load_scenario

CAMPAIGN = Path(__file__).resolve().parents[1] / "scenarios" / "succession-1924"


def longest_playthrough(seeds: int) -> Game:
    """The finished game with the longest journal over the roles and the first `seeds` seeds."""
    scenario = load_scenario(str(CAMPAIGN))
    best: Game | None = None
    for role in scenario.roles:
        for seed in range(seeds):
            g = Game.new(scenario, role, seed)
            while g.status == "event":
                g.choose(g.available_choices()[g.rng.randint(0, len(g.available_choices()) - 1)].id)
            if best is None or len(g.journal) > len(best.journal):
                best = g
    assert best is not None
    return best


def stretched(game: Game, times: int) -> Game:
    """The same game with its journal and trace repeated: the size of a longer scenario's late game."""
    g = Game.restore(game.scenario, game.snapshot())
    g.journal = game.journal * times
    g.trace = game.trace * times
    return g


def measure(game: Game, repeat: int, folder: str) -> dict[str, float]:
    store = SaveStore(folder)
    saves, loads, texts = [], [], []
    for _ in range(repeat):
        t = time.perf_counter()
        dumps(encode(game, "late", "save", datetime.now(UTC)))
        texts.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.write(game, "late")
        saves.append(time.perf_counter() - t)
        t = time.perf_counter()
        loaded = restore_game(store.read("late"), game.scenario).game
        loads.append(time.perf_counter() - t)
    assert loaded.snapshot() == game.snapshot()
    q = lambda xs: statistics.quantiles(xs, n=20)[-1]
    return {"text_median": statistics.median(texts), "save_median": statistics.median(saves), "save_p95": q(saves),
            "load_median": statistics.median(loads), "load_p95": q(loads),
            "size": os.path.getsize(os.path.join(folder, "late.json"))}


def report(label: str, game: Game, figures: dict[str, float]) -> None:
    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"{label}: {len(game.journal)} choices, {len(game.trace)} turns traced, "
          f"file {figures['size'] / 1024:.1f} KB (target <= 100 KB)")
    print(f"  save: median {ms(figures['save_median'])}, p95 {ms(figures['save_p95'])}  (target <= 20 ms); "
          f"of the median, {ms(figures['text_median'])} makes the text, the rest is the disk")
    print(f"  load: median {ms(figures['load_median'])}, p95 {ms(figures['load_p95'])}  (target <= 20 ms)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--repeat", type=int, default=200)
    p.add_argument("--seeds", type=int, default=200, help="seeds per role searched for the longest playthrough")
    p.add_argument("--times", type=int, default=5, help="also measure a journal this many times as long")
    a = p.parse_args()
    game = longest_playthrough(a.seeds)
    with tempfile.TemporaryDirectory() as tmp:
        report(f"campaign, longest of {a.seeds * len(game.scenario.roles)} playthroughs ({game.role})",
               game, measure(game, a.repeat, tmp))
        if a.times > 1:
            long_game = stretched(game, a.times)
            report(f"the same journal x{a.times}", long_game, measure(long_game, a.repeat, tmp))
    print(f"saves folder on: {tempfile.gettempdir()} (fsync costs depend on the disk)")


if __name__ == "__main__":
    main()
