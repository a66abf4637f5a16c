"""The engine: the scenario model, game state, rules and turns. No terminal, no files, no YAML.

This is the runtime side: it runs a scenario the compiler (`game.scenario`) has built and never
imports the compiler.
"""

from typing import TYPE_CHECKING, Any

from game.engine.errors import GameError, ScenarioChangedError, ScenarioRuntimeError, SnapshotError
from game.engine.game import Game
from game.engine.records import JournalEntry, Status, TracePoint
from game.engine.standing import Standing, standing
from game.engine.views import ChoiceView, EndingView, EventView, Outcome, format_value

if TYPE_CHECKING:
    from game.engine.codex import codex_entries
    from game.engine.timeline import TimelineRow, path_beside_history, record_after

# Names whose modules are imported when a name is first asked for: the codex and the timeline are read on their
# own screens and at the end, not before play's first frame.
_LATER = {"codex_entries": "game.engine.codex", "TimelineRow": "game.engine.timeline",
          "path_beside_history": "game.engine.timeline", "record_after": "game.engine.timeline"}


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "ChoiceView", "EndingView", "EventView", "Game", "GameError", "JournalEntry", "Outcome", "ScenarioChangedError",
    "ScenarioRuntimeError", "SnapshotError", "Standing", "Status", "TimelineRow", "TracePoint", "codex_entries",
    "format_value", "path_beside_history", "record_after", "standing",
]
