"""The command palette: Textual's, made deaf to keys that reach it after it has closed."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.message import Message
from textual.widgets import Button, Input, OptionList


class PaletteScreen(CommandPalette):
    """Every command by name; a command runs once, however quickly Enter is pressed again."""

    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False, id="palette_page_down"),
        Binding("pageup", "page(-1)", "Previous page", show=False, id="palette_page_up"),
    ]

    def action_page(self, direction: int) -> None:
        """Move the highlight a page of commands down (1) or up (-1)."""
        commands = self.query_one(CommandList)
        # Textual 8.2.8 counts a page in the lines the list has drawn, and fails (KeyError) when a page key
        # comes before the first commands are drawn, as it does when pressed with ctrl+p at once.
        if not commands.scrollable_content_region:
            return
        if direction > 0:
            commands.action_page_down()
        else:
            commands.action_page_up()

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _closed_already(self, event: Message) -> None:
        # Textual 8.2.8's palette runs the chosen command and dismisses itself on each of these, even on
        # one that arrives after it has closed (Enter pressed twice): the second dismiss takes away the
        # screen beneath it, the title screen too, and then fails for want of any (ScreenStackError).
        # Stopping the message here keeps it from Textual's own handlers, which come after ours.
        if not self.is_active:
            event.prevent_default()
            event.stop()
