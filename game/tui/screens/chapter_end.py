"""The end of a chapter: what the record says of it, what changed in the player's game, where the game
differs from the record, and how the player's decisions stood to it; then on to the next chapter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from game.engine import Game, Outcome
from game.engine.chapters import ChapterSummary
from game.prose import reflow
from game.tui.screens import own_styles
from game.tui.screens.game_screen import GameScreen
from game.tui.screens.play import outcome_content
from game.tui.widgets.hanging import BULLET, Hanging
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.text_block import TextBlock
from game.wording import chapter_decisions, chapter_departure


def bullets(lines: tuple[str, ...], none: str) -> Content | Hanging:
    """One line for each item, or a sentence saying there is none."""
    if not lines:
        return Content.styled(none, "italic $text-muted")
    return Hanging((BULLET, line) for line in lines)


class ChapterEndScreen(GameScreen):
    """Shown between two chapters, over the next event; Enter (or Escape) goes on to the next chapter.

    The game has already crossed into the next chapter; going on marks the summary as read
    (`Game.close_chapter`) and autosaves, so that a game saved before it was read shows it again."""

    DEFAULT_CSS = own_styles(__file__)

    BINDINGS = [
        Binding("enter", "go_on", "Next chapter", key_display="Enter", id="chapter_next"),
        Binding("escape", "go_on", "Close the summary and go on", show=False, id="chapter_close"),
        Binding("j", "journal", "Journal", id="chapter_journal"),
        Binding("c", "codex", "Codex", id="chapter_codex"),
        Binding("ctrl+s", "app.save", "Save", id="chapter_save"),
        Binding("q", "app.quit", "Quit", id="chapter_quit"),
    ]

    def __init__(self, game: Game, outcome: Outcome | None = None) -> None:
        super().__init__(game)
        self.outcome = outcome      # the choice that ended the chapter, when it was just made
        summary = game.chapter_summary()
        assert summary is not None
        self.summary: ChapterSummary = summary

    def compose(self) -> ComposeResult:
        s = self.summary
        with VerticalScroll(id="chapter-scroll"):
            if self.outcome is not None:
                shown = outcome_content(self.game, self.outcome)
                if shown:
                    yield TextBlock(shown, id="chapter-outcome")
            yield Static(Content.styled(s.title, "bold $text-primary"), id="chapter-title", markup=False)
            yield Static(Content.styled(f"The end of a chapter: {s.period}.", "italic $text-accent"),
                         id="chapter-period", markup=False)
            if s.text:      # the record's account of the chapter, whatever the player's game made of it
                yield Static("In the record", classes="section-title", markup=False)
                yield Static(reflow(s.text), id="chapter-text", markup=False)
            yield Static("What changed", classes="section-title", markup=False)
            yield TextBlock(bullets(s.changes, "Nothing of note changed in your game."), id="chapter-changes")
            yield Static("Where your game differs from the record", classes="section-title", markup=False)
            yield TextBlock(bullets(s.differences, "The offices are held as they were in the record."),
                            id="chapter-differences")
            yield Static("Your decisions", classes="section-title", markup=False)
            yield TextBlock(self.decisions(), id="chapter-decisions")
            yield Button(self.onward(), id="next-chapter", variant="primary")
        yield KeyBar()

    def decisions(self) -> Hanging:
        """How the chapter's decisions stood to the record, then each departure, the first in bold."""
        s = self.summary
        return Hanging([("", Content.styled(chapter_decisions(s.kept, len(s.departures)), "italic")),
                        *((Content.styled("• ", "$text-warning"), Content.styled(chapter_departure(d), "bold" if d.first else ""))
                          for d in s.departures)])

    def onward(self) -> str:
        """The button's words: the next chapter by its title, or how the game ended."""
        if self.game.ended:
            return "Go on to how the game ended"
        if self.summary.next_title:
            return f"On to the next chapter: {self.summary.next_title}"
        return "Go on"

    def on_mount(self) -> None:
        self.query_one("#chapter-scroll", VerticalScroll).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next-chapter":
            event.stop()
            self.action_go_on()

    def action_go_on(self) -> None:
        """Mark the summary read, autosave, and show what comes next."""
        if not self.is_active:      # Enter pressed twice, or under a screen that came over it
            return
        self.game.close_chapter()
        self.politburo.autosave(self.game)
        self.dismiss(None)

    def action_journal(self) -> None:
        from game.tui.screens.journal import JournalScreen
        self.app.push_screen(JournalScreen(self.game))

    def action_codex(self) -> None:
        from game.tui.screens.codex import CodexScreen
        self.app.push_screen(CodexScreen(self.game))
