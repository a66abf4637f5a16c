"""The line across the top of the play screen: where and when the player is."""

from __future__ import annotations

from datetime import date

from textual.content import Content

from game.engine.dates import format_when
from game.tui.widgets.text_block import TextBlock


class StatusBar(TextBlock):
    """The date, the turn and the role; never a clock."""

    def show_game(self, when: date, turn: int, role: str, scenario: str) -> None:
        """Show the game's date, turn and role."""
        self.show(Content.assemble(
            (" POLITBURO ", "bold $text-primary"), "  ",
            (format_when(when), "bold"), ("  ·  ", "$text-muted"),
            f"Turn {turn}", ("  ·  ", "$text-muted"),
            (role, "bold $text-primary"), ("  ·  ", "$text-muted"),
            (scenario, "$text-muted"),
        ))
