"""The player's path beside the record: month, what you did, what happened, in wrapped columns.

One widget that lays its columns out for its width, where a grid of cells would be dozens of
widgets to build when the game ends.
"""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from game.engine import TimelineRow
from game.engine.dates import format_month

MONTH = 15
GAP = 2


def _wrap(items: tuple[str, ...], width: int) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += textwrap.wrap("• " + " ".join(item.split()), width, subsequent_indent="  ") or [""]
    return lines or ["—"]


class TimelineTable(Widget):
    """Three columns, each row a month; the columns share the width that there is."""

    DEFAULT_CSS = "TimelineTable { height: auto; }"

    def __init__(self, rows: list[TimelineRow], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows

    def layout_for(self, width: int) -> Content:
        """The table as text for a given width."""
        column = max(12, (width - MONTH - 2 * GAP) // 2)
        gap = " " * GAP
        head = Content.assemble((f"{'Month':<{MONTH}}{gap}{'What you did':<{column}}{gap}What happened", "bold $text-primary"))
        lines = [head, Content.styled("─" * max(0, min(width, MONTH + 2 * GAP + 2 * column)), "$primary")]
        for row in self.rows:
            you, record = _wrap(row.you, column), _wrap(row.history, column)
            for i, (left, right) in enumerate(zip_longest(you, record, fillvalue="")):
                month = format_month(row.month) if i == 0 else ""
                lines.append(Content.assemble((f"{month:<{MONTH}}", "bold"), gap, f"{left:<{column}}", gap,
                                              (right, "$text-muted")))
            lines.append(Content(""))
        return Content("\n").join(lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.layout_for(width).plain.split("\n"))

    def render(self) -> Content:
        return self.layout_for(self.content_region.width or self.size.width)
