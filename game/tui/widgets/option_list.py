"""Textual's OptionList, made safe to lay out however narrow the terminal is."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import OptionList as TextualOptionList


class OptionList(TextualOptionList):
    """A list of options that takes no height when it has no width for them, as every other widget does."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual 8.2.8 wraps each option at (width - the option's padding) cells without the check for no
        # width that Widget.get_content_height makes, and wrapping at zero cells raises ValueError
        # ("range() arg 3 must not be zero"). A pane squeezed to nothing, as the codex's links are at one
        # column, asks exactly that; a list with no room for text needs no lines.
        if width - self.get_component_styles("option-list--option").padding.width <= 0:
            return 0
        return super().get_content_height(container, viewport, width)
