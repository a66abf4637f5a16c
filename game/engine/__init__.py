"""The engine: game state, rules, turns and expressions. No terminal, no files."""

from game.engine.errors import GameError, ScenarioRuntimeError, SnapshotError
from game.engine.game import ChoiceView, EndingView, EventView, Game, Outcome, format_value

__all__ = [
    "ChoiceView", "EndingView", "EventView", "Game", "GameError", "Outcome",
    "ScenarioRuntimeError", "SnapshotError", "format_value",
]
