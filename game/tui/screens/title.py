"""The title screen: the way into everything else."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

EMBLEM = """\
█▀█ █▀█ █   █ ▀█▀ █▄▄ █ █ █▀█ █▀█
█▀▀ █▄█ █▄▄ █  █  █▄█ █▄█ █▀▄ █▄█"""


class TitleScreen(Screen[None]):
    """New game, Continue, Load, Scenarios, Help, Quit."""

    AUTO_FOCUS = "#new_game"

    BINDINGS = [
        Binding("n", "new_game", "New game", id="title_new_game"),
        Binding("s", "scenarios", "Scenarios", id="title_scenarios"),
        Binding("q", "app.quit", "Quit", id="title_quit"),
        Binding("down", "app.focus_next", "Next", show=False, id="title_next"),
        Binding("up", "app.focus_previous", "Previous", show=False, id="title_previous"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(EMBLEM, id="emblem", markup=False)
            yield Static("Soviet high politics, 1924–1929", id="subtitle", markup=False)
            yield Static("January 1924. Lenin is dying, and the succession will be decided "
                         "in committee rooms: by votes, appointments and alliances.",
                         id="blurb", markup=False)
            with Center(), Vertical(id="menu"):
                yield Button("New game", id="new_game", variant="primary", compact=True)
                yield Button("Continue", id="continue", disabled=True, compact=True,
                             tooltip="Saved games are not in this version")
                yield Button("Load", id="load", disabled=True, compact=True,
                             tooltip="Saved games are not in this version")
                yield Button("Scenarios", id="scenarios", compact=True)
                yield Button("Help", id="help", compact=True)
                yield Button("Quit", id="quit", compact=True)
            yield Static("Saved games are not in this version: a game lasts until you leave it.",
                         id="saves-note", markup=False)
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = {"new_game": self.action_new_game, "scenarios": self.action_scenarios,
                  "help": self.app.action_help, "quit": self.app.action_quit}.get(event.button.id or "")
        if action is not None:
            event.stop()
            self.call_later(action)

    def action_new_game(self) -> None:
        self.app.action_new_game()  # type: ignore[attr-defined]

    def action_scenarios(self) -> None:
        from game.tui.screens.scenarios import ScenariosScreen
        self.app.push_screen(ScenariosScreen())
