"""The command palette: Textual's, made deaf to keys that reach it after it has closed."""

from __future__ import annotations

from textual import on
from textual.command import CommandPalette
from textual.message import Message
from textual.widgets import Button, Input, OptionList


class PaletteScreen(CommandPalette):
    """Every command by name; a command runs once, however quickly Enter is pressed again."""

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
