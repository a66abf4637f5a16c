"""What the engine raises: one module, so every engine module can import it directly."""


class GameError(Exception):
    """A request the game cannot carry out (an unknown role, an unavailable choice...)."""


class ScenarioRuntimeError(GameError):
    """An expression failed during play; names the event, choice or ending involved."""


class ScenarioChangedError(ScenarioRuntimeError):
    """The scenario in play can no longer be built as the game began it: what was left to build on first use is
    neither whole in its checked cache nor the same in its files, which changed while the game ran. Nothing the
    scenario says is at fault; started again, the game reads the scenario anew."""


class SnapshotError(GameError):
    """A snapshot that does not fit this scenario."""


class ExpressionFault(Exception):
    """An expression that cannot be worked out in play (a division by zero, a number out of
    range), in plain words; the game adds where it was written."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EffectStepFault(Exception):
    """A step of an effect block failed: which step (`("then", 1)`, `("if",)`), its text, and why."""

    def __init__(self, step: tuple[object, ...], text: str, cause: BaseException) -> None:
        super().__init__(text)
        self.step = step
        self.text = text
        self.cause = cause
