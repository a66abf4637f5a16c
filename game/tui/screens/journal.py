"""The journal: every decision so far, with its date and consequences."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine import JournalEntry
from game.engine.dates import format_when
from game.engine.records import history_marks
from game.prose import reflow
from game.tui.screens import own_styles
from game.tui.screens.game_screen import GameScreen
from game.tui.widgets.hanging import BULLET, Hanging
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.text_block import TextBlock
from game.tui.widgets.vote_count import tally
from game.wording import HISTORY_LABEL


class JournalScreen(GameScreen):
    """Decisions in the order they were made; the newest at the bottom, in view."""

    DEFAULT_CSS = own_styles(__file__)

    BINDINGS = [
        Binding("escape,j", "app.pop_screen", "Back", id="journal_back"),
        Binding("home", "scroll('home')", "First", id="journal_first"),
        Binding("end", "scroll('end')", "Latest", id="journal_latest"),
    ]


    def compose(self) -> ComposeResult:
        count = len(self.game.journal)
        yield Static(f"Journal: {count} decision{'s' if count != 1 else ''}", classes="screen-title", markup=False)
        with VerticalScroll(id="journal-entries"):
            if not self.game.journal:
                yield Static("No decisions yet.", classes="journal-entry", markup=False)
            for j, mark in zip(self.game.journal, history_marks(self.game.journal)):
                yield TextBlock(self.entry(j, mark), classes=f"journal-entry -history-{mark or 'none'}")
        yield KeyBar()

    def entry(self, j: JournalEntry, mark: str = "") -> Hanging:
        """One decision; `mark` says how it stands to history ("first", "left", "kept" or "")."""
        parts: list[str | tuple[str, str] | Content] = [
            (format_when(date.fromisoformat(j["date"])), "bold $text-primary"), ("  ·  ", "$text-muted"),
            (j["title"], "bold"),
        ]
        if mark:
            style = "italic $text-muted" if mark == "kept" else "bold $text-warning"
            parts += [("  ·  ", "$text-muted"), (("= " if mark == "kept" else "≠ ") + HISTORY_LABEL[mark], style)]
        shown = Hanging([("", Content.assemble(*parts)),
                         (Content.styled("You chose: ", "$text-muted"), " ".join(j["choice_text"].split()))])
        if j["outcome"]:
            shown += Hanging([("", Content.styled(reflow(j["outcome"]), "italic"))])
        for change, text in self.game.describe_all(j["changes"]):
            shown += Hanging([(BULLET, text)])
            if change[0] == "vote":
                shown += tally(self.game.scenario, change)
        return shown

    def on_mount(self) -> None:
        entries = self.query_one("#journal-entries", VerticalScroll)
        entries.focus()
        self.call_after_refresh(entries.scroll_end, animate=False)

    def action_scroll(self, where: str) -> None:
        entries = self.query_one("#journal-entries", VerticalScroll)
        if where == "home":
            entries.scroll_home(animate=False)
        else:
            entries.scroll_end(animate=False)
