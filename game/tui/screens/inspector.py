"""The writer's inspector (play --inspect, F12): the state now, why the current event came and why the
others did not, and a jump to a date or an event with settings, to try a scene."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from game.engine import GameError
from game.engine.inspect import Inspection, inspect, jump, parse_jump, word
from game.scenario.excerpt import expression_reader
from game.tui.screens.game_screen import GameScreen
from game.tui.widgets.key_bar import KeyBar


class InspectorScreen(GameScreen):
    """Tables of the game's state and of the reasons of its current event; a jump replaces the game in play."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="inspector_close")]

    def compose(self) -> ComposeResult:
        yield Static("The writer's inspector", classes="screen-title", markup=False)
        with VerticalScroll(id="inspector-body"):
            yield Static(id="inspector-why", markup=False)
            yield Static(Content.styled("Why not the others", "bold $text-primary"), classes="inspector-heading")
            yield DataTable(id="inspector-others", cursor_type="row", show_cursor=False)
            yield Static(Content.styled("The state now", "bold $text-primary"), classes="inspector-heading")
            yield DataTable(id="inspector-state", cursor_type="row", show_cursor=False)
        yield Static(id="inspector-error", markup=False)
        yield Input(placeholder="Jump: a date (1924-03) or an event id, then NAME=VALUE ... (Enter)", id="inspector-jump")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show(inspect(self.game, expression_reader()))
        self.query_one("#inspector-jump", Input).focus()

    def show(self, i: Inspection) -> None:
        """Fill the screen from an inspection."""
        head: list[str | tuple[str, str]] = [(f"Turn {i.turn}, {i.date.isoformat()}", "bold $text-primary")]
        if i.current is None:
            head += ["\n", f"No current event: {f'the game ended ({i.ending})' if i.ending else i.dead_end}."]
        else:
            title = i.chosen.title if i.chosen is not None else ""
            head += ["\n", ("Current event: ", "$text-muted"), (i.current, "bold"), (f" · {title}", "italic")]
            for line in i.why:
                head += ["\n", ("• ", "$text-primary"), line]
        self.query_one("#inspector-why", Static).update(Content.assemble(*head))
        others = self.query_one("#inspector-others", DataTable)
        others.add_columns("Event", "Priority", "Window", "Why not")
        for c in i.others:
            others.add_row(c.event, str(c.priority), c.window, c.reason, key=c.event)
        state = self.query_one("#inspector-state", DataTable)
        state.add_columns("What", "Name", "Value")
        rows: list[tuple[str, str, str]] = [("stat", sid, str(v)) for sid, _, v in i.stats]
        rows += [("relationship", f"rel.{c}", str(v)) for c, _, v in i.rel]
        rows += [("flag", k, word(v)) for k, v in i.flags]
        rows += [("faction", f, ", ".join(m) or "no members") for f, _, m, _ in i.factions]
        rows += [("office", o, ", ".join(h) or "vacant") for o, _, h in i.offices]
        rows += [("tie", f"{a} ~ {b}", str(v)) for a, b, v in i.ties]
        rows += [("dead", c, "") for c in i.dead]
        rows += [("scheduled", e, d.isoformat()) for d, e in i.scheduled]
        rows += [("met", e, str(n)) for e, n in i.met]
        for row in rows:
            state.add_row(*row)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Jump: a new game of this scenario, role and seed at the date or event typed, with its settings."""
        error = self.query_one("#inspector-error", Static)
        try:
            when, settings = parse_jump(event.value)
            game = jump(self.game.scenario, self.game.role, self.game.seed, when, settings)
        except GameError as e:
            error.update(Content.styled(f"Cannot jump: {e}", "$text-error"))
            return
        self.app.begin(game)        # type: ignore[attr-defined]
        self.app.notify(f"Jumped to turn {game.turn}, {game.date.isoformat()}"
                        + (f": event '{game.current_id}'." if game.current_id else "."), markup=False)

