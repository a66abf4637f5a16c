"""A block of plain text (never markup) that redraws only when what it shows changes."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class TextBlock(Static):
    """Static text; `show` skips the redraw, and the layout it costs, when nothing changed."""

    def __init__(self, content: Content | str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(content, id=id, classes=classes, markup=False)
        self._shown: tuple[str, tuple[object, ...]] | None = None
        self.shown = Content(content) if isinstance(content, str) else content    # what it shows now

    def show(self, content: Content | str) -> None:
        """Show this text (a plain string or styled Content)."""
        content = Content(content) if isinstance(content, str) else content
        key = (content.plain, tuple(content.spans))
        if key != self._shown:
            self._shown = key
            self.shown = content
            self.update(content)
