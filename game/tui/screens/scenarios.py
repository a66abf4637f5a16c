"""The scenarios found, with what each is about; picking one starts a new game in it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from game.prose import reflow
from game.scenario.discovery import FROM_GAME, FROM_OPTION, FROM_USER, FROM_VARIABLE, ScenarioInfo
from game.tui.screens import own_styles
from game.tui.screens.game_screen import PolitburoScreen
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.option_list import OptionList

# Where a scenario was found, as the detail pane says it; the list marks those that do not come with the game.
ORIGINS = {FROM_GAME: "the game's own scenarios", FROM_USER: "your scenarios folder",
           FROM_VARIABLE: "a folder POLITBURO_SCENARIOS names", FROM_OPTION: "the folder --scenarios-dir names"}
MARKS = {FROM_USER: "yours", FROM_VARIABLE: "POLITBURO_SCENARIOS", FROM_OPTION: "--scenarios-dir"}


class ScenariosScreen(PolitburoScreen[str]):
    """Every scenario found, with where it was found; dismissed with the folder picked."""

    DEFAULT_CSS = own_styles(__file__)

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
        listing.add_options([Option(self.label(i), id=i.id) for i in self.infos])
        if self.infos:
            listing.highlighted = 0
            self.describe(self.infos[0])
        else:
            self.query_one("#scenario-about", Static).update("No scenarios were found.")
        listing.focus()

    @staticmethod
    def label(info: ScenarioInfo) -> Content:
        """The scenario's title, and where it comes from unless it comes with the game."""
        mark = MARKS.get(info.origin)
        return Content.assemble(info.title, ("  " + mark, "$text-muted")) if mark else Content(info.title)

    def describe(self, info: ScenarioInfo) -> None:
        roles = ", ".join(name for _, name in info.roles)
        parts: list[str | tuple[str, str]] = [
            (info.title, "bold $text-primary"), "\n\n", reflow(info.description), "\n\n",
            ("Roles: ", "bold"), roles, "\n", ("From: ", "bold"), ORIGINS.get(info.origin, info.origin)]
        if info.origin != FROM_GAME:
            parts += [" (", info.path, ")"]
        for other in info.shadowed:
            parts += ["\n", ("Not used: ", "bold $text-warning"),
                      f"{other.path} ({ORIGINS.get(other.origin, other.origin)}) has the same id; this one was found first."]
        parts += ["\n\n", ("Enter starts a new game in this scenario.", "italic")]
        self.query_one("#scenario-about", Static).update(Content.assemble(*parts))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.describe(self.infos[event.option_index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            # A pick that arrives once this screen is gone (Enter and Escape pressed together) must not
            # take away whatever screen is on top now: that would be the title screen.
            return
        self.dismiss(self.infos[event.option_index].path)
