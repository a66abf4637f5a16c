"""The bases of the game's screens: what a screen may ask of the app, and a screen about one game."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar, cast

from textual import events
from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:     # the title screen is drawn before the engine is first needed
    from game.engine import Game, Outcome, ScenarioRuntimeError
    from game.session import Session

ResultType = TypeVar("ResultType")


class Politburo(Protocol):
    """The app as the game's screens call it: its session, and the ways from one screen to the next."""

    session: Session
    start_seed: int | None
    start_chapter: str | None

    def action_new_game(self) -> None: ...
    def action_load(self) -> None: ...
    def action_help(self) -> None: ...
    def continue_game(self) -> None: ...
    def load_save(self, name: str) -> bool: ...
    def save_as(self, name: str, kind: str = "save") -> bool: ...
    def new_game_in(self, path: str | None, chapter: str | None = None) -> None: ...
    def begin(self, game: Game) -> None: ...
    def autosave(self, game: Game | None = None) -> None: ...
    def show_interlude(self, game: Game, outcome: Outcome | None = None) -> None: ...
    def game_over(self, game: Game, outcome: Outcome | None = None) -> None: ...
    def scenario_failed(self, error: str | ScenarioRuntimeError) -> None: ...
    def back_to_title(self) -> None: ...
    def check_size(self, width: int | None = None, height: int | None = None) -> None: ...


# The smallest terminal the game is played in; in a smaller one a cover says so (TooSmallScreen).
MIN_WIDTH, MIN_HEIGHT = 80, 24


class PolitburoScreen(Screen[ResultType]):
    """A screen of the game, which may call on the app as `politburo`."""

    # A screen that covers the whole game (the terminal is too small): nothing but quitting gets past it.
    COVERS_GAME: ClassVar[bool] = False

    def post_message(self, message: Message) -> bool:
        if type(message) is events.ScreenResume and not self.is_mounted:
            # A screen shown before it is mounted styles each of its widgets as they are mounted, in the theme and
            # at the size it is shown in: Textual's restyling of them all again as it resumes is left out.
            message.refresh_styles = False
        return super().post_message(message)

    @property
    def politburo(self) -> Politburo:
        """The app this screen is shown in."""
        return cast("Politburo", self.app)


class GameScreen(PolitburoScreen[None]):
    """A screen about one game; it reads the game and never changes its rules."""

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
