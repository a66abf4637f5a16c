"""The engine: game state, rules, turns and expressions. No terminal, no files."""

from game.engine.codex import codex_entries
from game.engine.errors import GameError, ScenarioRuntimeError, SnapshotError
from game.engine.game import ChoiceView, EndingView, EventView, Game, Outcome, format_value
from game.engine.standing import Standing, standing
from game.engine.timeline import TimelineRow, path_beside_history

__all__ = [
    "ChoiceView", "EndingView", "EventView", "Game", "GameError", "Outcome",
    "ScenarioRuntimeError", "SnapshotError", "Standing", "TimelineRow", "codex_entries", "format_value",
    "path_beside_history", "standing",
]
