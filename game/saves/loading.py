"""Turning a save back into a game, against the scenario as it is now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import Game, SnapshotError
from game.saves.errors import SaveError
from game.structs import Row

if TYPE_CHECKING:
    from game.engine.model import Scenario
    from game.saves.store import SaveFile


class LoadedGame(Row):
    """A restored game, and anything the player should know about it."""

    game: Game
    notes: tuple[str, ...]


def restore_game(save: SaveFile, scenario: Scenario) -> LoadedGame:
    """The game in `save`; SaveError if it is of another scenario or no longer fits this one."""
    meta = save.meta
    if meta.scenario_id != scenario.id:
        raise SaveError(f"is a game of scenario '{meta.scenario_id}', not of '{scenario.id}'", save.path)
    try:
        game = Game.restore(scenario, save.state)
    except SnapshotError as e:
        raise SaveError(str(e), save.path) from None
    game.lineage = meta.game
    notes = []
    if meta.fingerprint != scenario.fingerprint:
        then = f"version {meta.scenario_version}" if meta.scenario_version != scenario.version else "an earlier edit"
        notes.append(f"'{scenario.title}' has changed since this game was saved ({then}); "
                     f"the game goes on with the scenario as it is now")
    return LoadedGame(game, tuple(notes))
