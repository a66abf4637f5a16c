"""The engine: the scenario model, game state, rules and turns. No terminal, no files, no YAML.

This is the runtime side: it runs a scenario the compiler (`game.scenario`) has built and never
imports the compiler.
"""

from game.engine.codex import codex_entries
from game.engine.errors import GameError, ScenarioChangedError, ScenarioRuntimeError, SnapshotError
from game.engine.game import Game
from game.engine.records import JournalEntry, Status, TracePoint
from game.engine.standing import Standing, standing
from game.engine.timeline import TimelineRow, path_beside_history, record_after
from game.engine.views import ChoiceView, EndingView, EventView, Outcome, format_value

__all__ = [
    "ChoiceView", "EndingView", "EventView", "Game", "GameError", "JournalEntry", "Outcome", "ScenarioChangedError",
    "ScenarioRuntimeError", "SnapshotError", "Standing", "Status", "TimelineRow", "TracePoint", "codex_entries",
    "format_value", "path_beside_history", "record_after", "standing",
]
