"""The player's path beside the record: month, what you did, what happened, in wrapped columns.

One widget that lays its columns out for its width, where a grid of cells would be dozens of
widgets to build when the game ends. A decision where the player left what the real person did
is marked ≠ (the first time, said in words), one where they kept to it =.
"""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from textual.content import Content, Span
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
        # Each row's month and texts, made safe to show once (as Content makes text): each width's layout then
        # only wraps and places them, and its text is made whole at once.
        self._texts = [(format_month(row.month), tuple(Content(x).plain for x in row.you), row.marks,
                        tuple(Content(x).plain for x in row.history)) for row in rows]
        self._marked = any(any(row.marks) for row in rows)      # the legend says what the marks mean
        self._yours = any(row.you for row in rows)      # no decisions (the record after an early end): no column for them
        self._laid_out: tuple[int, Content] | None = None      # the last width laid out for, and the text

    def layout_for(self, width: int) -> Content:
        """The table as text for a given width (kept for the width last asked for: the layout asks for its height
        and the render for its text, at the same width)."""
        if self._laid_out is None or self._laid_out[0] != width:
            self._laid_out = (width, self._lay_out(width))
        return self._laid_out[1]

    def _lay_out(self, width: int) -> Content:
        column = max(12, (width - MONTH - 2 * GAP) // 2)
        gap = " " * GAP
        parts: list[str] = []
        spans: list[Span] = []
        at = 0

        def add(text: str, style: str = "") -> None:
            nonlocal at
            parts.append(text)
            if style and text:
                spans.append(Span(at, at + len(text), style))
            at += len(text)

        if not self._yours:
            return self._record_only(width)
        add(f"{'Month':<{MONTH}}{gap}{'What you did':<{column}}{gap}What happened", "bold $text-primary")
        add("\n")
        add("─" * max(0, min(width, MONTH + 2 * GAP + 2 * column)), "$primary")
        for month, you, marks, history in self._texts:
            for i, ((left, style), (right, _)) in enumerate(zip_longest(_wrap(you, column, marks), _wrap(history, column),
                                                                        fillvalue=("", ""))):
                add("\n")
                add(f"{month if i == 0 else '':<{MONTH}}", "bold")
                add(gap)
                add(f"{left:<{column}}", style)
                add(gap)
                add(right, "$text-muted")
            add("\n")
        if self._marked:
            for line in textwrap.wrap(LEGEND, max(1, width)):
                add("\n")
                add(line, "italic $text-muted")
        return Content("".join(parts), spans, strip_control_codes=False)

    def _record_only(self, width: int) -> Content:
        """Month and what happened, the second column taking the width the first leaves."""
        column = max(12, width - MONTH - GAP)
        lines = [Content.styled(f"{'Month':<{MONTH}}{' ' * GAP}What happened", "bold $text-primary"),
                 Content.styled("─" * max(0, min(width, MONTH + GAP + column)), "$primary")]
        for month, _you, _marks, history in self._texts:
            for i, (text, _) in enumerate(_wrap(history, column)):
                lines.append(Content.assemble((f"{month if i == 0 else '':<{MONTH}}", "bold"), " " * GAP,
                                              (text, "$text-muted")))
            lines.append(Content(""))
        return Content("\n").join(lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.layout_for(width).plain.split("\n"))

    def render(self) -> Content:
        return self.layout_for(self.content_region.width or self.size.width)
