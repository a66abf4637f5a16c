"""What the game's dialogs share: a box in the middle of a dimmed screen (a question, a new name, help)."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from game.tui.screens import own_styles

Answer = TypeVar("Answer")


class Dialog(ModalScreen[Answer]):
    """A dialog over the current screen. Its look (dialog.tcss) is added to the stylesheet when the first dialog
    is shown, as a screen's own styles are."""

    DEFAULT_CSS = own_styles(__file__)
