"""A new game: the role, with each role's bio and starting position; in a campaign, the chapter to begin at;
and an optional seed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static
from textual.widgets.option_list import Option

from game.engine import Game, GameError
from game.engine.dates import format_month
from game.engine.model import Chapter, Role, Scenario
from game.prose import reflow
from game.scenario.discovery import FROM_GAME
from game.tui.screens import own_styles
from game.tui.screens.game_screen import PolitburoScreen
from game.tui.screens.scenarios import ORIGINS
from game.tui.widgets.hanging import BULLET, Hanging, Paragraph
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.option_list import OptionList
from game.tui.widgets.text_block import TextBlock


class NewGameScreen(PolitburoScreen[Game]):
    """Choose a role in one scenario; Enter on a role starts the game, and the screen is dismissed with it.

    In a campaign the game begins at the first chapter the role plays; a role that plays more than one
    is offered the chapters below the roles (Tab), and Enter on a chapter begins there."""

    DEFAULT_CSS = own_styles(__file__)

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="new_game_back"),
        Binding("ctrl+s", "begin", "Begin", id="new_game_begin"),
    ]

    def __init__(self, path: str, chapter: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.wanted = chapter           # the chapter to offer first (play --chapter), where the role plays it
        self.scenario: Scenario | None = None
        self.roles: list[Role] = []
        self.chapters: list[Chapter] = []       # those the highlighted role plays

    def compose(self) -> ComposeResult:
        yield Static("New game", classes="screen-title", markup=False)
        with Horizontal(classes="split"):
            with VerticalScroll(id="role-column", can_focus=False):     # scrolls in the smallest terminals
                yield Static("Choose your role", classes="section-title", markup=False)
                yield OptionList(id="role-list")
                yield Static("Begin at", id="chapter-heading", classes="section-title", markup=False)
                yield OptionList(id="chapter-list")
                yield Static("Seed (optional: the same seed and choices replay a game)",
                             classes="section-title", markup=False)
                yield Input(placeholder="random", id="seed", type="integer", max_length=18)
                yield Button("Begin", id="begin", variant="primary")
            with VerticalScroll(id="role-detail", classes="detail"):
                yield TextBlock(id="role-about")
        yield KeyBar()

    def on_mount(self) -> None:
        scenario, problems = self.politburo.session.load_scenario(self.path)
        about = self.query_one("#role-about", TextBlock)
        if scenario is None:
            self.query_one("#begin", Button).disabled = True
            about.show(Content.assemble(("This scenario cannot be played: it has errors.\n\n", "bold $text-error"),
                                        "\n".join(problems[:20]), "\n\nRun 'politburo validate' on it for the full list."))
            return
        self.scenario = scenario
        wanted = scenario.find_chapter(self.wanted)
        self.roles = [r for r in scenario.roles.values() if wanted is None or wanted.plays(r.id)]
        title = f"New game: {scenario.title}"
        found = next((i for i in self.politburo.session.scenario_infos() if i.path == self.path), None)
        if found is not None and found.origin != FROM_GAME:     # a writer should know which copy is played
            title += f" (from {ORIGINS[found.origin]})"
        self.query_one(".screen-title", Static).update(title)
        seed = self.politburo.start_seed
        if seed is not None:
            self.query_one("#seed", Input).value = str(seed)
        listing = self.query_one("#role-list", OptionList)
        listing.add_options([Option(Content(r.name), id=r.id) for r in self.roles])
        listing.highlighted = 0
        self.offer_chapters(self.roles[0])
        self.describe(self.roles[0])
        listing.focus()

    def offer_chapters(self, role: Role) -> None:
        """List the chapters `role` plays, keeping the one highlighted if the role plays it (else `wanted`,
        else the first); the list is shown only when there is a choice to make."""
        assert self.scenario is not None
        listing = self.query_one("#chapter-list", OptionList)
        before = self.chapter()
        self.chapters = [ch for ch in self.scenario.chapters if ch.plays(role.id)]
        ids = [ch.id for ch in self.chapters]
        keep = next((c for c in (before.id if before else None, self.wanted) if c in ids), None)
        listing.clear_options()
        listing.add_options([Option(Content.assemble(ch.title, "\n", (format_month(ch.start), "italic")), id=ch.id)
                             for ch in self.chapters])
        listing.highlighted = ids.index(keep) if keep else 0 if ids else None
        choosing = len(self.chapters) > 1
        listing.display = choosing
        self.query_one("#chapter-heading", Static).display = choosing

    def chapter(self) -> Chapter | None:
        """The chapter the game will begin at (None without chapters)."""
        if not self.chapters:
            return None
        return self.chapters[self.query_one("#chapter-list", OptionList).highlighted or 0]

    def describe(self, role: Role) -> None:
        assert self.scenario is not None
        blank = ("", "")
        about: list[Paragraph] = [("", Content.styled(role.name, "bold $text-primary")), blank, ("", reflow(role.bio))]
        if role.position:
            about += [blank, ("", Content.styled("Your position", "bold")), ("", reflow(role.position))]
        for heading, items in (("What you want", role.aims), ("What you fear", role.fears)):
            if items:
                about += [blank, ("", Content.styled(heading, "bold"))]
                about += [(BULLET, " ".join(aim.text.split())) for aim in items]
        chapter = self.chapter()
        if chapter is not None:
            about += [blank, ("", Content.styled(f"Where you begin: {chapter.title}, {format_month(chapter.start)}", "bold"))]
            if chapter.description:
                about.append(("", reflow(chapter.description)))
            about += [blank, ("", Content.styled(f"Enter begins the game as this role, at {chapter.title}.", "italic"))]
            if len(self.chapters) > 1:
                about.append(("", Content.styled("Tab goes to the chapters, to begin at another.", "italic $text-muted")))
        else:
            about += [blank, ("", Content.styled("Enter begins the game as this role.", "italic"))]
        self.query_one("#role-about", TextBlock).show(Hanging(about))

    def role(self) -> Role:
        """The highlighted role."""
        return self.roles[self.query_one("#role-list", OptionList).highlighted or 0]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if not self.roles:
            return
        if event.option_list.id == "role-list":
            self.offer_chapters(self.roles[event.option_index])
        self.describe(self.role())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_begin()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_begin()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "begin":
            self.action_begin()

    def action_begin(self) -> None:
        if self.scenario is None or not self.is_active:
            # Not once the screen is gone (Enter pressed twice), nor under another that came over it.
            return
        role = self.role()
        chapter = self.chapter()
        text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(text) if text else None
        except ValueError:
            self.notify("The seed must be a whole number.", severity="error", markup=False)
            return
        try:
            game = self.politburo.session.start(self.scenario, role.id, seed, chapter.id if chapter else None)
        except GameError as e:
            self.notify(f"The scenario failed to start: {e}", severity="error", markup=False)
            return
        self.dismiss(game)
