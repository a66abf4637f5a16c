"""A block of plain text (never markup) that redraws only when what it shows changes."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class TextBlock(Static):
    """Static text; `show` skips the redraw, and the layout it costs, when nothing changed."""

    def __init__(self, content: Content | str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(content, id=id, classes=classes, markup=False)
        self.shown = Content(content) if isinstance(content, str) else content    # what it shows now

    def show(self, content: Content | str) -> None:
        """Show this text (a plain string or styled Content)."""
        content = Content(content) if isinstance(content, str) else content
        shown = self.shown
        if content.plain != shown.plain or content.spans != shown.spans:
            self.shown = content
            self.update(content)
