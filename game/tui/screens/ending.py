"""The end: the ending's text, the player's path beside the record, and the stats over time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Collapsible, Static

from game.engine import path_beside_history, record_after
from game.engine.dates import format_month
from game.prose import reflow
from game.tui.screens import own_styles
from game.tui.screens.game_screen import GameScreen
from game.tui.widgets.hanging import BULLET, Hanging
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.stat_charts import StatCharts
from game.tui.widgets.text_block import TextBlock
from game.tui.widgets.timeline_table import TimelineTable
from game.wording import departure, ending_label, kept_count, kept_summary


class EndingScreen(GameScreen):
    """Read from the top; Enter or t goes back to the title screen."""

    DEFAULT_CSS = own_styles(__file__)

    BINDINGS = [
        Binding("t", "title", "Title screen", id="ending_title"),
        Binding("j", "journal", "Journal", id="ending_journal"),
        Binding("c", "codex", "Codex", id="ending_codex"),
        Binding("q", "app.quit", "Quit", id="ending_quit"),
    ]


    def compose(self) -> ComposeResult:
        g = self.game
        e = g.ending()
        assert e is not None
        with VerticalScroll(id="ending-scroll"):
            yield Static(Content.styled(e.title, "bold $text-primary"), id="ending-title", markup=False)
            colour = "$text-warning" if e.kind == "counterfactual" else "$text-success"
            label = ending_label(e.kind, bool(g.departures()))
            yield Static(Content.styled(label, f"italic {colour}"), id="ending-kind", markup=False)
            yield Static(reflow(e.text), id="ending-text", markup=False)
            if e.history:
                yield Static("What really happened", classes="section-title", markup=False)
                yield Static(reflow(e.history), id="ending-history", markup=False)
            departures = self.departures()
            if departures is not None:
                yield Static("Where you left history", classes="section-title", markup=False)
                yield Static(departures, id="ending-departures", markup=False)
            yield Static("Your path beside the record", classes="section-title", markup=False)
            yield TimelineTable(path_beside_history(g), id="timeline")
            later = record_after(g)
            if later:       # a game that ended early: the rest of the record, folded away until asked for
                with Collapsible(title=f"The record after your game ended, to {format_month(later[-1].month)}",
                                 collapsed=True, id="record-after"):
                    yield TimelineTable(later, id="timeline-after")
            yield Static("Your standing over time", classes="section-title", markup=False)
            if g.scenario.stats:
                yield StatCharts([(stat.name, [t["stats"].get(sid, stat.default) for t in g.trace] + [g.stats[sid]])
                                  for sid, stat in g.scenario.stats.items()], id="charts")
            if e.sources:
                yield Static("Sources", classes="section-title", markup=False)
                yield TextBlock(Hanging((BULLET, ref.label(g.scenario.sources)) for ref in e.sources), id="ending-sources")
            yield Static(f"Played as {g.scenario.roles[g.role].name}, seed {g.seed}, "
                         f"{len(g.journal)} decisions, to {format_month(g.date)}.", id="ending-summary", markup=False)
            yield Button("Back to the title screen", id="to-title", variant="primary")
        yield KeyBar()

    def departures(self) -> Content | None:
        """Each decision where the player left what the real person did; None if the game met no such decision."""
        kept, marked = kept_count(self.game.journal)
        if not marked:
            return None
        lines = [Content.styled(departure(d), "bold" if d.first else "") for d in self.game.departures()]
        if not lines:
            return Content.styled(kept_summary(kept, marked), "italic")
        lines.append(Content.styled(kept_summary(kept, marked), "italic $text-muted"))
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        self.query_one("#ending-scroll", VerticalScroll).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "to-title":
            self.action_title()

    def action_title(self) -> None:
        self.politburo.back_to_title()

    def action_journal(self) -> None:
        from game.tui.screens.journal import JournalScreen
        self.app.push_screen(JournalScreen(self.game))

    def action_codex(self) -> None:
        from game.tui.screens.codex import CodexScreen
        self.app.push_screen(CodexScreen(self.game))
