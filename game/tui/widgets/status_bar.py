"""The line across the top of the play screen: where and when the player is."""

from __future__ import annotations

from datetime import date

from textual import events
from textual.content import Content

from game.engine.dates import format_when
from game.tui.widgets.text_block import TextBlock

SEP = ("  ·  ", "$text-muted")


class StatusBar(TextBlock):
    """The date, the turn and the role; never a clock. On a narrow screen the scenario's title, then the
    game's name, give way so that the date, turn and role are always whole."""

    FIXED_SIZE = True       # one line across the screen (the stylesheet)
    ALLOW_SELECT = False    # a bar, not text to select (as Textual's Footer)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.game_line: tuple[date, int, str, str] | None = None

    def show_game(self, when: date, turn: int, role: str, scenario: str) -> None:
        """Show the game's date, turn and role (and, where there is room, the scenario's title)."""
        self.game_line = (when, turn, role, scenario)
        self.draw(self.size.width or self.app.size.width)

    def draw(self, width: int) -> None:
        if self.game_line is None:
            return
        when, turn, role, scenario = self.game_line
        core = [(format_when(when), "bold"), SEP, f"Turn {turn}", SEP, (role, "bold $text-primary")]
        name = [(" POLITBURO ", "bold $text-primary"), "  "]
        for parts in ([*name, *core, SEP, (scenario, "$text-muted")], [*name, *core], [" ", *core]):
            line = Content.assemble(*parts)
            if line.cell_length <= width:
                break
        self.show(line)

    def on_resize(self, event: events.Resize) -> None:
        self.draw(event.size.width)
