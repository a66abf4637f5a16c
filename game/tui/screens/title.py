"""The title screen: the way into everything else."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.key_bar import KeyBar

EMBLEM = """\
█▀█ █▀█ █   █ ▀█▀ █▄▄ █ █ █▀█ █▀█
█▀▀ █▄█ █▄▄ █  █  █▄█ █▄█ █▀▄ █▄█"""


class TitleScreen(Screen[None]):
    """New game, Continue, Load, Scenarios, Help, Quit."""

    AUTO_FOCUS = "#menu"

    BINDINGS = [
        Binding("n", "new_game", "New game", id="title_new_game"),
        Binding("s", "scenarios", "Scenarios", id="title_scenarios"),
        Binding("q", "app.quit", "Quit", id="title_quit"),
    ]

    # (id, label); Continue and Load wait for saved games, and are shown disabled until then.
    MENU = (("new_game", "New game"), ("continue", "Continue"), ("load", "Load"), ("scenarios", "Scenarios"),
            ("help", "Help"), ("quit", "Quit"))
    DISABLED = frozenset({"continue", "load"})

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(Content.assemble(
                (EMBLEM, "$primary"), "\n\n", ("Soviet high politics, 1924–1929", "bold"), "\n\n",
                ("January 1924. Lenin is dying, and the succession will be decided\n"
                 "in committee rooms: by votes, appointments and alliances.", "italic"),
            ), id="masthead", markup=False)
            with Center():
                yield OptionList(*(Option(label, id=key, disabled=key in self.DISABLED) for key, label in self.MENU),
                                 id="menu")
            yield Static("Saved games are not in this version: a game lasts until you leave it.",
                         id="saves-note", markup=False)
        yield KeyBar()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        action = {"new_game": self.action_new_game, "scenarios": self.action_scenarios,
                  "help": self.app.action_help, "quit": self.app.action_quit}.get(event.option.id or "")
        if action is not None:
            event.stop()
            self.call_later(action)

    def action_new_game(self) -> None:
        self.app.action_new_game()  # type: ignore[attr-defined]

    def action_scenarios(self) -> None:
        from game.tui.screens.scenarios import ScenariosScreen
        self.app.push_screen(ScenariosScreen())
