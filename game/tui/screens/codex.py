"""The codex: people, bodies, terms and documents met so far, searchable, linked, with sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from game.engine import Game, codex_entries
from game.engine.model import CodexEntry
from game.prose import reflow
from game.tui.screens import own_styles
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.option_list import OptionList


class CodexScreen(Screen[None]):
    """Type to search; the list shows matching entries; an entry's links lead to others."""

    DEFAULT_CSS = own_styles(__file__)

    BINDINGS = [
        Binding("escape", "back", "Back", id="codex_back"),
        Binding("ctrl+f", "search", "Search", id="codex_search"),
    ]

    def __init__(self, game: Game, entry: str | None = None) -> None:
        super().__init__()
        self.game = game
        self.start_entry = entry
        self.shown: list[CodexEntry] = []
        self.links: list[str] = []
        self.current: CodexEntry | None = None
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Static(id="codex-title", classes="screen-title", markup=False)
        with Horizontal(classes="split"):
            with Vertical(id="codex-column"):
                yield Input(placeholder="Search the codex", id="codex-query")
                yield OptionList(id="codex-list")
            with VerticalScroll(id="codex-detail", classes="detail"):
                yield Static(id="codex-entry", markup=False)
                yield Static("See also", id="codex-links-title", classes="section-title", markup=False)
                yield OptionList(id="codex-links")
                yield Static(id="codex-sources", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        total = len(self.game.scenario.codex)
        known = len(self.game.unlocked & set(self.game.scenario.codex))
        self.query_one("#codex-title", Static).update(f"Codex: {known} of {total} entries found")
        self.fill("")
        if self.start_entry:
            self.open(self.start_entry)
        self.query_one("#codex-list", OptionList).focus()

    def fill(self, query: str) -> None:
        """List the unlocked entries matching the query."""
        self.query_text = query
        self.shown = codex_entries(self.game, query)
        listing = self.query_one("#codex-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(Content(e.title), id=e.id) for e in self.shown])
        if self.shown:
            listing.highlighted = 0
            self.show_entry(self.shown[0])
        else:
            self.current = None
            self.query_one("#codex-entry", Static).update(
                Content.styled(f"Nothing in your codex matches '{query}'." if query else "The codex is empty.", "italic"))
            self.query_one("#codex-links-title").display = False
            self.query_one("#codex-links").display = False
            self.query_one("#codex-sources", Static).update("")

    def show_entry(self, entry: CodexEntry) -> None:
        self.current = entry
        self.query_one("#codex-entry", Static).update(Content.assemble(
            (entry.title, "bold $text-primary"), ("  " + entry.kind, "$text-muted"), "\n\n", reflow(entry.text)))
        links = self.query_one("#codex-links", OptionList)
        links.clear_options()
        self.links = list(entry.links)
        codex = self.game.scenario.codex
        links.add_options([
            Option(codex[x].title if x in self.game.unlocked else Content.styled("(not yet found)", "italic"),
                   id=x, disabled=x not in self.game.unlocked)
            for x in self.links])
        links.highlighted = next((i for i, x in enumerate(self.links) if x in self.game.unlocked), None)
        links.display = self.query_one("#codex-links-title").display = bool(self.links)
        labels = [ref.label(self.game.scenario.sources) for ref in entry.sources]
        self.query_one("#codex-sources", Static).update(
            Content.assemble(("Sources", "bold"), *(("\n• " + label) for label in labels)))
        self.query_one("#codex-detail", VerticalScroll).scroll_home(animate=False)

    def open(self, entry_id: str) -> None:
        """Show an entry, clearing the search if it hides it."""
        if entry_id not in self.game.unlocked or entry_id not in self.game.scenario.codex:
            return
        if all(e.id != entry_id for e in self.shown):
            self.query_one("#codex-query", Input).value = ""
            self.fill("")
        listing = self.query_one("#codex-list", OptionList)
        listing.highlighted = next(i for i, e in enumerate(self.shown) if e.id == entry_id)
        self.show_entry(self.game.scenario.codex[entry_id])

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value != self.query_text:    # not the echo of a search cleared by `open`
            self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#codex-list", OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "codex-list" and event.option_index < len(self.shown):
            self.show_entry(self.shown[event.option_index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "codex-links" and event.option.id:
            self.open(event.option.id)
            self.query_one("#codex-list", OptionList).focus()
        elif event.option_list.id == "codex-list" and self.links:
            self.query_one("#codex-links", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#codex-query", Input).focus()

    def action_back(self) -> None:
        query = self.query_one("#codex-query", Input)
        if query.has_focus and query.value:
            query.value = ""
            return
        self.app.pop_screen()
