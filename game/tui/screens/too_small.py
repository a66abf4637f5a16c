"""Shown instead of the game while the terminal is smaller than the game needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Static

from game.tui.screens import own_styles
from game.tui.screens.game_screen import MIN_HEIGHT, MIN_WIDTH, PolitburoScreen


class TooSmallScreen(PolitburoScreen[None]):
    """Says how big the terminal is and how big it must be; goes away when it is big enough."""

    DEFAULT_CSS = own_styles(__file__)
    COVERS_GAME = True

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message", markup=False)

    def on_mount(self) -> None:
        self.describe()

    def on_screen_resume(self) -> None:
        # Back on top after a dialog (ctrl+q) closed: the terminal may have grown meanwhile.
        self.app.call_after_refresh(self.politburo.check_size)

    def on_resize(self, event: Resize) -> None:
        self.describe(event.size.width, event.size.height)

    def describe(self, w: int | None = None, h: int | None = None) -> None:
        if w is None or h is None:
            w, h = self.app.size
        self.query_one("#too-small-message", Static).update(
            f"The terminal is {w}x{h}; Politburo needs at least {MIN_WIDTH}x{MIN_HEIGHT}. "
            f"Enlarge the window to go on, or press ctrl+q to quit.")
