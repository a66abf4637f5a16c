"""SVG snapshots of the screens a player sees most (pytest-textual-snapshot).

After a deliberate change of look, run `python -m pytest tests/test_snapshots.py --snapshot-update -n 0`
and look at the new files in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from game.engine import Game
from game.engine.model import Scenario
from game.tui.app import PolitburoApp
from tests.tui_helpers import app_at


def finished(scenario: Scenario, role: str, seed: int) -> Game:
    """A game played to its end, always taking the first open choice."""
    g = Game.new(scenario, role, seed)
    while g.status == "event":
        g.choose(g.available_choices()[0].id)
    return g


def test_title_screen(snap_compare) -> None:
    assert snap_compare(PolitburoApp(), terminal_size=(80, 24))


def test_play_screen(snap_compare, chapter: Scenario) -> None:
    assert snap_compare(app_at(chapter, "trotsky", seed=1), press=["1"], terminal_size=(120, 34))


def test_codex_screen(snap_compare, chapter: Scenario) -> None:
    assert snap_compare(app_at(chapter, "trotsky", seed=1), press=["c", "ctrl+f", *"party", "enter"], terminal_size=(100, 30))


def test_ending_screen(snap_compare, chapter: Scenario) -> None:
    assert snap_compare(PolitburoApp(game=finished(chapter, "zinoviev", 1)), terminal_size=(110, 48))


def board_game(scenario: Scenario, **stats: int) -> PolitburoApp:
    """The board's vote about to be put, Clara wavering toward the player."""
    g = Game.new(scenario, "a", 3)
    g.rel["c"] = 10
    g.stats.update(stats)
    return PolitburoApp(game=g)


def test_vote_count_screen(snap_compare, board_scenario: Scenario) -> None:
    """The count before a vote, a stat at its warning level, the aims before the first decision."""
    assert snap_compare(board_game(board_scenario, prestige=20), terminal_size=(120, 34))


def test_vote_tally_screen(snap_compare, board_scenario: Scenario) -> None:
    """Who voted how, above the next event, in the smallest terminal the game plays in."""
    assert snap_compare(board_game(board_scenario), press=["1"], terminal_size=(80, 24))


def test_chapter_end_screen(snap_compare, mini: Scenario) -> None:
    """The summary of a chapter, after the outcome of the choice that ended it, in the smallest terminal."""
    assert snap_compare(app_at(mini, "red", seed=1), press=["1", "1", "1", "1"], terminal_size=(80, 24))


def test_new_game_chapter_choice(snap_compare, mini: Scenario) -> None:
    """The chapters a role plays, below the roles, the later one highlighted."""
    assert snap_compare(PolitburoApp(scenario=mini, seed=1), press=["tab", "down"], terminal_size=(100, 30))


def test_folded_outcome_screen(snap_compare, chapter: Scenario) -> None:
    """After the Conference's vote at 80x24: the outcome folded so that the next event's title and text stay in view."""
    assert snap_compare(app_at(chapter, "stalin", seed=1), press=["1"], terminal_size=(80, 24))
