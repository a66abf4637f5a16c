"""A block of plain text (never markup) that redraws only when what it shows changes."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.selection import Selection
from textual.widgets import Static

from game.tui.widgets.column import settled_size
from game.tui.widgets.hanging import Hanging

Shown = Content | Hanging


def alike(a: Shown, b: Shown) -> bool:
    """Whether two texts look alike: the same text in the same styles, wrapped the same way."""
    if isinstance(a, Content) and isinstance(b, Content):
        return a.plain == b.plain and a.spans == b.spans
    return isinstance(a, Hanging) and isinstance(b, Hanging) and a == b


class TextBlock(Static):
    """Static text, or a list whose lines hang under their marks (Hanging); `show` skips the redraw, and the
    layout it costs, when nothing changed."""

    virtual_size: Reactive[Size] = settled_size()     # see Column

    # A block whose size its styles fix (a bar one line high, across the screen) is not laid out again when its
    # text changes: only redrawn.
    FIXED_SIZE = False

    # Its text has no links (only the key bar's has, and it says so): no link styles are worked out at every draw.
    auto_links: Reactive[bool] = Reactive(False)

    def __init__(self, content: Shown | str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(content, id=id, classes=classes, markup=False)
        self.shown: Shown = Content(content) if isinstance(content, str) else content    # what it shows now

    def show(self, content: Shown | str) -> None:
        """Show this text (a plain string, styled Content, or a Hanging list)."""
        content = Content(content) if isinstance(content, str) else content
        if not alike(content, self.shown):
            self.shown = content
            self.update(content, layout=not self.FIXED_SIZE)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text; a Hanging list's as it is wrapped on screen, where the selection was made."""
        shown = self.shown
        if isinstance(shown, Hanging):
            return selection.extract(shown.at(self.content_size.width).plain), "\n"
        return super().get_selection(selection)
