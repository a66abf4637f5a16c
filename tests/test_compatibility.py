"""What writers and players made before the political machine keeps working: the 1924 chapter as it
was written before votes, blocs, ties, aims and history markers existed, and a game saved with it."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.engine import Game
from game.saves.loading import restore_game
from game.saves.store import SaveStore
from game.scenario import check_scenario
from game.simulate import simulate
from tests.conftest import FIXTURES

BEFORE_VOTES = FIXTURES / "scenarios" / "format-1" / "succession-1924"


def test_a_chapter_written_before_counted_votes_loads_unchanged():
    scenario, diags = check_scenario(str(BEFORE_VOTES))
    assert scenario is not None, [str(d) for d in diags]
    assert [d for d in diags if d.severity == "error"] == []
    assert not scenario.votes and all(b.blocs == () for b in scenario.bodies.values())
    report = simulate(scenario, runs=60, seed=3)
    assert report.ok and sum(report.endings.values()) == 60


def test_its_support_formulas_still_count_as_before():
    scenario, _ = check_scenario(str(BEFORE_VOTES))
    g = Game.new(scenario, "stalin", seed=1)
    apparatus, prestige = g.stats["apparatus"], g.stats["prestige"]
    assert g.votes("central_committee") == (apparatus * 3 + prestige * 2) // 5
    # The Politburo votes by its members: the player, faction partners and friends at the threshold.
    firm = [c for c in g.members("politburo") if c == g.player or g.ally(c) or g.rel[c] >= 20]
    assert g.votes("politburo") == len(firm)


def test_a_game_saved_before_counted_votes_loads_and_plays_on(tmp_path: Path):
    saves = tmp_path / "saves"
    saves.mkdir()
    shutil.copy(FIXTURES / "compat" / "chapter-before-votes.json", saves / "chapter-before-votes.json")
    scenario, _ = check_scenario(str(BEFORE_VOTES))
    loaded = restore_game(SaveStore(saves).read("chapter-before-votes"), scenario)
    game = loaded.game
    assert game.turn == 5 and len(game.journal) == 12 and game.results == {}
    assert game.ties == scenario.ties
    while not game.ended:
        view = game.current()
        game.choose(next(c.id for c in view.choices if c.available))
    assert game.ending() is not None
