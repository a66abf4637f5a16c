"""The writer's inspector (play --inspect, F12): the state now, why the current event came and why the
others did not, and a jump to a date or an event with settings, to try a scene."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from game.engine import Game, GameError
from game.engine.inspect import Inspection, inspect
from game.tui.screens import own_styles
from game.tui.screens.game_screen import GameScreen
from game.tui.widgets.hanging import BULLET, Hanging, Paragraph
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.text_block import TextBlock


class InspectorScreen(GameScreen):
    """Tables of the game's state and of the reasons of its current event; a jump replaces the game in play."""

    DEFAULT_CSS = own_styles(__file__)

    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="inspector_close")]

    def compose(self) -> ComposeResult:
        yield Static("The writer's inspector", classes="screen-title", markup=False)
        with VerticalScroll(id="inspector-body"):
            yield TextBlock(id="inspector-why")
            yield Static(Content.styled("Why not the others", "bold $text-primary"), classes="inspector-heading")
            yield DataTable(id="inspector-others", cursor_type="row", show_cursor=False)
            yield Static(Content.styled("The state now", "bold $text-primary"), classes="inspector-heading")
            yield DataTable(id="inspector-state", cursor_type="row", show_cursor=False)
        yield Static(id="inspector-error", markup=False)
        yield Input(placeholder="Jump: a date (YYYY-MM) or an event id, then NAME=VALUE ... (Enter)", id="inspector-jump")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show(inspect(self.game))
        self.query_one("#inspector-jump", Input).focus()

    def reloaded(self, game: Game) -> None:
        """The game in play, carried into the scenario as its files are now (play --watch): inspect it instead."""
        self.game = game
        self.show(inspect(game))

    def show(self, i: Inspection) -> None:
        """Fill the screen from an inspection."""
        head: list[Paragraph] = [("", Content.styled(f"Turn {i.turn}, {i.date.isoformat()}", "bold $text-primary"))]
        if i.current is None:
            head.append(("", i.no_event))
        else:
            title = i.chosen.title if i.chosen is not None else ""
            head.append((Content.styled("Current event: ", "$text-muted"),
                         Content.assemble((i.current, "bold"), (f" · {title}", "italic"))))
            head += [(BULLET, line) for line in i.why]
        self.query_one("#inspector-why", TextBlock).show(Hanging(head))
        others = self.query_one("#inspector-others", DataTable)
        others.clear(columns=True)
        others.add_columns("Event", "Priority", "Window", "Why not")
        for c in i.others:
            others.add_row(c.event, str(c.priority), c.window, c.reason, key=c.event)
        state = self.query_one("#inspector-state", DataTable)
        state.clear(columns=True)
        state.add_columns("What", "Name", "Value")
        for row in i.rows():
            state.add_row(*row)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Jump: a new game of this scenario, role and seed at the date or event typed, with its settings."""
        try:
            jumped = self.politburo.session.jump(event.value)
        except GameError as e:
            self.query_one("#inspector-error", Static).update(Content.styled(f"Cannot jump: {e}", "$text-error"))
            return
        self.politburo.begin(jumped.game)
        self.app.notify(jumped.message, markup=False)
