"""What the engine raises: one module, so every engine module can import it directly."""


class GameError(Exception):
    """A request the game cannot carry out (an unknown role, an unavailable choice...)."""


class ScenarioRuntimeError(GameError):
    """An expression failed during play; names the event, choice or ending involved."""


class SnapshotError(GameError):
    """A snapshot that does not fit this scenario."""
