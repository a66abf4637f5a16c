"""The player's path beside the record: month, what you did, what happened, in wrapped columns.

One widget that lays its columns out for its width, where a grid of cells would be dozens of
widgets to build when the game ends. A decision where the player left what the real person did
is marked ≠ (the first time, said in words), one where they kept to it =.
"""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from game.engine import TimelineRow
from game.engine.dates import format_month
from game.wording import HISTORY_LABEL

MONTH = 15
GAP = 2
BULLET = {"first": "≠", "left": "≠", "kept": "="}
STYLE = {"first": "bold $text-warning", "left": "$text-warning", "kept": ""}
LEGEND = "≠ where you left what really happened   = where you kept to it"


def _wrap(items: tuple[str, ...], width: int, marks: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Each item wrapped to `width`, behind its bullet or mark: (line, style)."""
    lines: list[tuple[str, str]] = []
    for item, mark in zip_longest(items, marks[:len(items)], fillvalue=""):
        text = " ".join(item.split())
        if mark == "first":
            text += f" ({HISTORY_LABEL[mark]})"
        wrapped = textwrap.wrap(f"{BULLET.get(mark, '•')} {text}", width, subsequent_indent="  ") or [""]
        lines += [(line, STYLE.get(mark, "")) for line in wrapped]
    return lines or [("—", "")]


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
            you, record = _wrap(row.you, column, row.marks), _wrap(row.history, column)
            for i, ((left, style), (right, _)) in enumerate(zip_longest(you, record, fillvalue=("", ""))):
                month = format_month(row.month) if i == 0 else ""
                lines.append(Content.assemble((f"{month:<{MONTH}}", "bold"), gap, (f"{left:<{column}}", style), gap,
                                              (right, "$text-muted")))
            lines.append(Content(""))
        if any(any(row.marks) for row in self.rows):
            lines += [Content.styled(line, "italic $text-muted") for line in textwrap.wrap(LEGEND, max(1, width))]
        return Content("\n").join(lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.layout_for(width).plain.split("\n"))

    def render(self) -> Content:
        return self.layout_for(self.content_region.width or self.size.width)
