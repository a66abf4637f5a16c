"""The play screen's story: the last outcome, the event's title and text, the count before its vote and its sources,
drawn as one scrolling block of lines.

One widget draws them all, each text in the look its component class gives it (the space above and below it, its
padding, a bar down its left edge, its colours). A turn that changes the texts redraws this one widget, and lays out
nothing: how tall the story is only sets how far it scrolls. A widget per text in a scrolling container would be
laid out, restyled and drawn one by one, with the container's own lines between them.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual._border import BORDER_CHARS
from textual.color import Color
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style as VisualStyle

from game.structs import struct
from game.tui.widgets.drawn import DrawnLines, SteadyScrollbars, line_segments, settled_size
from game.tui.widgets.hanging import Hanging, wrap
from game.tui.widgets.text_block import alike

Shown = Content | Hanging
Row = Strip | object        # a line as drawn, or what its strip is made from when it is first shown
BLOCKS = ("outcome", "event-title", "event-text", "whip", "event-sources")     # in the order they are drawn


class LinesView(SteadyScrollbars, DrawnLines, ScrollableContainer, can_focus=False):
    """A scrolling widget that draws every line it holds itself: `draw(width)` gives them all, kept until what it
    shows or its width changes, each made a strip when it is first shown (a line scrolled out of view costs only
    its wrapping). How many lines it holds only sets how far it scrolls: it never lays the screen out."""

    virtual_size: Reactive[Size] = settled_size()     # see Column; the scrollbar is told of it at once (settle)

    DEFAULT_CSS = """
    LinesView {
        overflow-y: scroll;     /* a scrollbar always there: the lines keep their width */
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._drawn: tuple[int, list[Row]] | None = None

    @property
    def is_container(self) -> bool:
        return False        # it has no children: the compositor asks it for its lines

    @property
    def is_scrollable(self) -> bool:
        return True

    @property
    def text_width(self) -> int:
        """The cells a line is drawn in: the widget less its padding and its scrollbar."""
        return self.scrollable_content_region.width

    def draw(self, width: int) -> list[Row]:
        """Every line, `width` cells wide: a strip, or what `make_row` makes one from when it is first shown."""
        raise NotImplementedError

    def make_row(self, row: object) -> Strip:
        """A line's strip, from what `draw` gave for it."""
        raise NotImplementedError

    def lines(self) -> list[Row]:
        """Every line at the width the widget has now (see `draw`)."""
        width = self.text_width
        if self._drawn is None or self._drawn[0] != width:
            self._drawn = (width, self.draw(width) if width > 0 else [])
        return self._drawn[1]

    def redraw(self) -> None:
        """What is shown changed: it is drawn again when next asked for its lines (`settle`, or the next frame)."""
        self._drawn = None
        self.refresh()

    def settle(self, resized: bool = False) -> None:
        """Draw what is shown now and tell the scrollbar how many lines there are (and, `resized`, how many it
        shows), with no layout asked for: called once what a turn shows is all set, so that the scrollbar is right
        in the same frame."""
        if not self.size.width:
            return      # not laid out yet: the layout settles it
        size = Size(self.text_width, len(self.lines()))
        if resized or size != self.virtual_size:
            self.virtual_size = size
            self._scroll_update(size)

    def notify_style_update(self) -> None:
        self._drawn = None
        super().notify_style_update()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # The layout gives it a size; how many lines it holds follows from its width, not from the layout.
        changed = self._size != size
        if changed:
            self._set_dirty()
            self._size = size
        inner = size - self.styles.gutter.totals
        resized = changed or inner != self._container_size
        if inner.width != self._container_size.width:
            self._drawn = None      # drawn again at the new width when next asked
        self._container_size = inner
        if resized:     # the scrollbar is redrawn only when there is something new for it to show
            self.settle(resized=True)
        return resized or inner != container_size

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh()

    def line(self, at: int) -> Strip:
        """The line at `at` (from the top of all the lines, not of the view), made a strip if it was not yet."""
        # The lines drawn are those at the width the widget has: a new size or style lets them go (`_size_updated`,
        # `notify_style_update`), so that a frame drawing its lines one by one does not work the width out for each.
        lines = self._drawn[1] if self._drawn is not None else self.lines()
        if at >= len(lines):
            return Strip.blank(self.text_width, self.rich_style)
        row = lines[at]
        if not isinstance(row, Strip):
            row = lines[at] = self.make_row(row)
        return row

    def render_line(self, y: int) -> Strip:
        return self.line(y + self.scroll_offset.y)


def _edge(border: tuple[str, Color]) -> str:
    """The character Textual draws a left border of this type with ("" for none)."""
    kind = border[0]
    return "" if kind in ("", "none", "hidden", "blank") else BORDER_CHARS[kind][1][0]     # type: ignore[index]


@struct(frozen=True)
class _Look:
    """How a block's lines are drawn: the segments to the left and right of its text, the text's width and style,
    the style of the cells the text leaves blank, and the lines above and below the text (margin and padding)."""

    left: tuple[Segment, ...]
    right: tuple[Segment, ...]
    inner: int
    style: VisualStyle
    fill: Style
    above: tuple[Strip, ...]
    below: tuple[Strip, ...]


@struct(frozen=True)
class _TextRow:
    """A line of a block's text, to be drawn in the block's look."""

    line: Content
    look: _Look
    y: int


class StoryView(LinesView):
    """The story above the choices: each of BLOCKS that has a text, in the look of its component class
    (story--outcome, story--event-title, ...)."""

    COMPONENT_CLASSES = {f"story--{name}" for name in BLOCKS}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.texts: dict[str, Shown] = {}
        self._spans: dict[str, tuple[int, int]] = {}     # each block's text: its first line and lines, as last drawn
        self._plain: list[str] = []                       # each line's text, as a selection reads it
        self._looks: dict[tuple[str, int, Style], _Look | None] = {}     # each block's look, by width and ground

    # -- what is shown -----------------------------------------------------------------------------
    def show(self, name: str, text: Shown | str) -> None:
        """Show `text` as the block `name` (an empty text hides the block)."""
        text = Content(text) if isinstance(text, str) else text
        if not alike(text, self.texts.get(name, Content())):
            self.texts[name] = text
            self.redraw()

    def shown(self, name: str) -> Shown:
        """What the block `name` shows (empty when it is hidden)."""
        return self.texts.get(name, Content())

    def showing(self, name: str) -> bool:
        """Whether the block `name` is drawn."""
        return bool(self.texts.get(name))

    def span(self, name: str) -> tuple[int, int]:
        """The first line and the number of lines of a block's text (inside its padding), as the story is drawn now."""
        self.lines()
        return self._spans.get(name, (0, 0))

    def block_region(self, name: str) -> Region:
        """Where a block's text is on the screen, as the story is scrolled now (empty when it is not drawn)."""
        first, height = self.span(name)
        box = self.scrollable_content_region
        return Region(box.x, box.y + first - self.scroll_offset.y, box.width, height) if height else Region()

    # -- drawing -------------------------------------------------------------------------------------
    def draw(self, width: int) -> list[Row]:
        base = self.rich_style
        selection = self.text_selection
        selected = self.screen.get_visual_style("screen--selection") if selection is not None else None
        rows: list[Row] = []
        plain: list[str] = []
        self._spans = {}

        def add(blank: tuple[Strip, ...]) -> None:
            rows.extend(blank)
            plain.extend([""] * len(blank))

        for name in BLOCKS:
            text = self.texts.get(name)
            if not text:
                continue
            look = self.look(name, width, base)
            if look is None:
                continue
            add(look.above)
            lines = wrap(text, look.inner)
            self._spans[name] = (len(rows), len(lines))
            for line in lines:
                y = len(rows)
                if selected is not None and selection is not None and (span := selection.get_span(y)) is not None:
                    start, end = span
                    line = line.stylize(selected, start, len(line) if end == -1 else end)
                rows.append(_TextRow(line, look, y))
                plain.append(line.plain)
            add(look.below)
        self._plain = plain
        return rows

    def look(self, name: str, width: int, base: Style) -> _Look | None:
        """How the block `name` is drawn at `width` cells over `base`, as its component class styles it (None when
        its margins, border and padding leave its text no room): worked out once until the styles change."""
        key = (name, width, base)
        if key in self._looks:
            return self._looks[key]
        styles = self.get_component_styles(f"story--{name}")
        margin, padding = styles.margin, styles.padding
        edge = _edge(styles.border_left)
        inner = width - margin.width - len(edge) - padding.width
        look = None
        if inner >= 1:
            style = self.get_visual_style(f"story--{name}")
            fill = VisualStyle(background=style.background).rich_style
            left = [Segment(" " * margin.left, base)]
            if edge:
                left.append(Segment(edge, fill + Style(color=styles.border_left[1].rich_color)))
            left.append(Segment(" " * padding.left, fill))
            right = (Segment(" " * padding.right, fill), Segment(" " * margin.right, base))
            blank_row = Strip([*left, Segment(" " * inner, fill), *right], width)
            look = _Look(tuple(s for s in left if s.text), tuple(s for s in right if s.text), inner, style, fill,
                         (Strip.blank(width, base),) * margin.top + (blank_row,) * padding.top,
                         (blank_row,) * padding.bottom + (Strip.blank(width, base),) * margin.bottom)
        self._looks[key] = look
        return look

    def notify_style_update(self) -> None:
        self._looks.clear()
        super().notify_style_update()

    def make_row(self, row: object) -> Strip:
        assert isinstance(row, _TextRow)
        look, line = row.look, row.line
        if line.cell_length > look.inner:
            line = line.truncate(look.inner)
        segments = [*look.left, *line_segments(line, look.style, self._get_style, 0, row.y)]
        if (rest := look.inner - line.cell_length) > 0:
            segments.append(Segment(" " * rest, look.fill))
        segments += look.right
        return Strip(segments)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected part of the story's text, as it is wrapped on the screen."""
        self.lines()
        return selection.extract("\n".join(self._plain)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.redraw()
