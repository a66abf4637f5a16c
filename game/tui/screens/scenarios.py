"""The scenarios found, with what each is about; picking one starts a new game in it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from game.prose import reflow
from game.scenario.discovery import ScenarioInfo
from game.tui.screens.game_screen import PolitburoScreen
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.option_list import OptionList


class ScenariosScreen(PolitburoScreen[str]):
    """Every scenario in the project's folder and the one named on the command line; dismissed with the folder picked."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="scenarios_back")]

    def compose(self) -> ComposeResult:
        yield Static("Scenarios", classes="screen-title", markup=False)
        with Horizontal(classes="split"):
            yield OptionList(id="scenario-list")
            with VerticalScroll(id="scenario-detail", classes="detail"):
                yield Static(id="scenario-about", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.infos: list[ScenarioInfo] = self.politburo.session.scenario_infos()
        listing = self.query_one("#scenario-list", OptionList)
        listing.add_options([Option(Content(i.title), id=i.id) for i in self.infos])
        if self.infos:
            listing.highlighted = 0
            self.describe(self.infos[0])
        else:
            self.query_one("#scenario-about", Static).update("No scenarios were found.")
        listing.focus()

    def describe(self, info: ScenarioInfo) -> None:
        roles = ", ".join(name for _, name in info.roles)
        self.query_one("#scenario-about", Static).update(Content.assemble(
            (info.title, "bold $text-primary"), "\n\n", reflow(info.description), "\n\n",
            ("Roles: ", "bold"), roles, "\n\n", ("Enter starts a new game in this scenario.", "italic")))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.describe(self.infos[event.option_index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            # A pick that arrives once this screen is gone (Enter and Escape pressed together) must not
            # take away whatever screen is on top now: that would be the title screen.
            return
        self.dismiss(self.infos[event.option_index].path)
