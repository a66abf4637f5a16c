"""The player's whole standing, for narrow terminals and for every relationship."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from game.tui.screens import own_styles
from game.tui.screens.game_screen import GameScreen
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.standing_panel import StandingPanel


class StandingScreen(GameScreen):
    """Stats, votes, allies, alliances, every office and every relationship."""

    DEFAULT_CSS = own_styles(__file__)

    BINDINGS = [Binding("escape,s", "app.pop_screen", "Back", id="standing_back")]


    def compose(self) -> ComposeResult:
        yield Static("Your standing", classes="screen-title", markup=False)
        yield StandingPanel(relations=len(self.game.scenario.characters), full=True, id="standing-full")
        yield KeyBar()

    def on_mount(self) -> None:
        panel = self.query_one(StandingPanel)
        panel.show(self.game)
        panel.focus()
