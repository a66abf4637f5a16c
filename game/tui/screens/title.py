"""The title screen: the way into everything else."""

from __future__ import annotations

from collections.abc import Callable
from inspect import isawaitable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from game.tui.screens import own_styles
from game.tui.screens.game_screen import PolitburoScreen
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.option_list import OptionList

EMBLEM = """\
█▀█ █▀█ █   █ ▀█▀ █▄▄ █ █ █▀█ █▀█
█▀▀ █▄█ █▄▄ █  █  █▄█ █▄█ █▀▄ █▄█"""


class TitleScreen(PolitburoScreen[None]):
    """New game, Continue, Load, Scenarios, Help, Quit."""

    DEFAULT_CSS = own_styles(__file__)

    AUTO_FOCUS = "#menu"

    BINDINGS = [
        Binding("n", "new_game", "New game", id="title_new_game"),
        Binding("c", "continue", "Continue", id="title_continue"),
        Binding("l", "load", "Load", id="title_load"),
        Binding("s", "scenarios", "Scenarios", id="title_scenarios"),
        Binding("q", "app.quit", "Quit", id="title_quit"),
    ]

    # (id, label); Continue and Load are enabled once the saves folder has been looked at.
    MENU = (("new_game", "New game"), ("continue", "Continue"), ("load", "Load"), ("scenarios", "Scenarios"),
            ("help", "Help"), ("quit", "Quit"))
    NEEDS_SAVES = frozenset({"continue", "load"})

    def compose(self) -> ComposeResult:
        masthead = Static(Content.assemble(
            (EMBLEM, "$primary"), "\n\n", ("Soviet high politics, 1924–1929", "bold"), "\n\n",
            ("January 1924. Lenin is dying, and the succession will be decided\n"
             "in committee rooms: by votes, appointments and alliances.", "italic"),
        ), id="masthead", markup=False)
        menu = OptionList(*(Option(label, id=key, disabled=key in self.NEEDS_SAVES) for key, label in self.MENU),
                          id="menu")
        yield Vertical(masthead, Center(menu), Static(" ", id="saves-note", markup=False), id="title-box")
        yield KeyBar()

    continuable = False
    loadable = False
    looked = False          # the saves folder has been read since the title last came up

    def on_screen_resume(self) -> None:
        # Each time the title comes back the saves may have changed. The folder is read after the
        # frame is drawn, so the first frame never waits for it; a key that comes sooner has it read first.
        self.looked = False
        self.call_after_refresh(self.look_at_saves)

    def on_key(self) -> None:
        self.look_at_saves()     # typed ahead: Continue and Load are to be what the saves make them

    def look_at_saves(self) -> None:
        """Show what the saves allow, unless that was done since the title last came up."""
        if not self.looked:
            self.show_saves()

    def show_saves(self) -> None:
        """Enable Continue and Load as the saves folder allows, and say what Continue would resume."""
        self.looked = True
        saves = self.politburo.session.saves
        entries = saves.entries()
        newest = saves.newest(entries)
        any_save = bool(entries)
        menu = self.query_one("#menu", OptionList)
        for key, enabled in (("continue", newest is not None), ("load", any_save)):
            if enabled:
                menu.enable_option(key)
            else:
                menu.disable_option(key)
        self.continuable = newest is not None
        self.loadable = any_save
        note = self.query_one("#saves-note", Static)
        if newest is not None and newest.meta is not None:
            from game.saves import describe
            note.update(f"Continue: {describe(newest.meta)}")
        elif any_save:
            note.update("No game in progress; Load has the saved ones.")
        else:
            note.update("Each choice is saved as you play: Continue resumes the game where you left it.")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (action == "continue" and not self.continuable) or (action == "load" and not self.loadable):
            return None          # shown greyed until there is a save to act on
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        action = {"new_game": self.action_new_game, "continue": self.action_continue, "load": self.action_load,
                  "scenarios": self.action_scenarios,
                  "help": self.politburo.action_help, "quit": self.app.action_quit}.get(event.option.id or "")
        if action is not None:
            event.stop()
            self.call_later(self._pick, action)

    async def _pick(self, action: Callable[[], object]) -> None:
        # Picks made together (Enter, Down, Enter) wait their turn here; once the first has opened its
        # screen the title is covered, and the next must not act under it: New game and Continue at once
        # would begin a game beneath the new-game screen.
        if self.is_active:
            result = action()
            if isawaitable(result):
                await result

    def action_new_game(self) -> None:
        self.politburo.action_new_game()

    def action_load(self) -> None:
        self.politburo.action_load()

    def action_continue(self) -> None:
        self.politburo.continue_game()

    def action_scenarios(self) -> None:
        from game.tui.screens.scenarios import ScenariosScreen
        self.app.push_screen(ScenariosScreen(), self.politburo.new_game_in)
