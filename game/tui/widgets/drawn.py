"""Widgets that draw their own finished lines, and scrollbars drawn again only when they change.

Textual passes every line a widget renders through its style cache, which works out the widget's border, outline,
padding, tint and opacity for that line anew whenever the widget is redrawn. The play screen's story, choices and
standing draw each of their lines whole, in their own colours, and have none of these but padding: `DrawnLines` puts
the padding around their lines itself, and keeps each finished line until Textual marks it dirty, in the same
place Textual keeps it (the widget's style cache), so that a refresh of part of the widget redraws that part only.

A scrollbar is redrawn by Textual each time the widget it scrolls is laid out or told its size, though nothing
about it changed; `SteadyScrollBar` draws again only when what it shows (its length, the window, its position,
its colours) did; a change of its own size, set as the screen is laid out, asks for no further layout.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

# The two mixins below come before a widget class among its bases. They are not widgets themselves: Textual takes a
# widget's default styles and CSS type names from its first base that is one, which must stay the widget it extends.
_Mixin = Widget if TYPE_CHECKING else object


def line_segments(line: Content, style: Style, get_style: Callable[[str | Style], Style], x: int,
                  y: int, *, marked: bool = True) -> list[Segment]:
    """A line of text's segments, as Textual draws a line of Content: each run in its style over `style`, each cell
    marked with where it is in the text (for the mouse to select it), from column `x` of line `y`. A widget whose
    text cannot be selected (`marked` False: a bar, a list of choices) has its runs in their styles alone."""
    segments = []
    for text, run in line.render(style, end="", parse_style=get_style):
        segments.append(Segment(text, offset_style(style + run, x, y) if marked else plain_style(style + run)))
        x += len(text)
    return segments


@lru_cache(maxsize=1024)
def plain_style(style: Style) -> RichStyle:
    """`style` as Rich draws it, with no place in the text: for text that cannot be selected. Making a style with its
    place costs several times as much (its meta is serialized), and the key bar has some thirty runs."""
    return style.rich_style


@lru_cache(maxsize=8192)
def offset_style(style: Style, x: int, y: int) -> RichStyle:
    """`style` for a run of text beginning at column `x` of line `y` (Textual's `rich_style_with_offset`). A line
    in the same place and style as one drawn before (each event's text, a choice, a line of the standing, turn after
    turn) takes the style made for that one, rather than a new one."""
    return style.rich_style_with_offset(x, y)


class DrawnLines(_Mixin):
    """For a widget whose `render_line` gives each line of its content whole, in its own colours. Drawn here with its
    padding and background, as Textual's style cache would draw it, while the widget has no border, outline, tint
    or opacity (with any of those, Textual draws it)."""

    def plainly_boxed(self) -> bool:
        """Whether the widget has nothing around its lines but padding and its background."""
        styles = self.styles
        return (not any(edge for edge, _ in styles.border) and not any(edge for edge, _ in styles.outline)
                and not styles.tint.a and self.opacity == 1.0 and styles.text_opacity == 1.0
                and (not styles.has_rule("hatch") or styles.hatch == "none"))

    _rendered: tuple[object, list[Strip], list[Strip]] | None = None     # what was asked for last, what was kept, what was given

    def render_lines(self, crop: Region) -> list[Strip]:
        cache = self._styles_cache      # Textual's own record of which lines are drawn and which are dirty
        # Asked again for the same lines with none of them drawn again since (every frame asks every widget the
        # screen's changes reach): the same lines, with nothing worked out again.
        filters = self.get_line_filters()
        key = (crop, filters, self.hover_style if self.auto_links else None)
        rendered = self._rendered
        if rendered is not None and rendered[0] == key and not cache._dirty_lines.intersection(crop.line_range):
            kept = cache._cache
            if all(kept.get(y) is strip for y, strip in zip(crop.line_range, rendered[1], strict=True)):
                return rendered[2]
        if not self.plainly_boxed():
            self._rendered = None
            return super().render_lines(crop)
        size = self.region.size
        width, height = size
        if width != cache._width:
            cache.clear()
            cache._width = width
        base_background, background = self.background_colors
        inner = Style(background=base_background + background).rich_style
        top, right, bottom, left = self.styles.padding
        content_width, content_height = self.content_region.size
        kept, dirty = cache._cache, cache._dirty_lines
        strips: list[Strip] = []
        for y in crop.line_range:
            strip = None if y in dirty else kept.get(y)
            if strip is None:
                if y < top or y >= height - bottom:
                    strip = Strip([Segment(" " * width, inner)], width)
                else:
                    # The line, cut or filled to the content's width, with the padding either side: one strip.
                    at = y - top
                    line = self.render_line(at) if at < content_height else Strip([], 0)
                    cells = line.cell_length
                    if cells == width and not (left or right):
                        strip = line        # a whole line already: kept as it is, with what was made of it
                    else:
                        segments = [Segment(" " * left, inner)] if left else []
                        segments += line if cells <= content_width else line.crop(0, content_width)
                        if cells < content_width:
                            segments.append(Segment(" " * (content_width - cells), inner))
                        if right:
                            segments.append(Segment(" " * right, inner))
                        strip = Strip(segments, width)
                kept[y] = strip
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        dirty.difference_update(crop.line_range)
        drawn = [kept[y] for y in crop.line_range]
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        if self.auto_links:     # the link under the mouse, in its hover style
            hover = self.hover_style
            if hover._link_id and hover._meta and "@click" in hover.meta and (link_style := self.link_style_hover):
                strips = [strip.style_links(hover.link_id, link_style) for strip in strips]
        self._rendered = (key, drawn, strips)
        return strips


class SteadyBox(_Mixin):
    """For a container with no text of its own: its own lines (its background, padding and border, under what it
    holds) follow from its size and styles alone. Textual draws them, and the lines of the last few sizes and looks
    are kept by what they were drawn from, so that a box made taller or shorter by a turn, to a size it had before,
    draws none of them again.

    Every row between its top and bottom edges (border and padding) is the same row: Textual draws one of them and
    the edges, not each row anew (a row of a bordered box costs about as much to draw as a line of text)."""

    KEPT = 8

    _boxes: dict[object, list[Strip]] | None = None

    def box_key(self, crop: Region) -> object | None:
        """What the container's own lines in `crop` are drawn from (None: drawn every time, as Textual does)."""
        styles = self.styles
        if (not self.is_container or self.border_title or self.border_subtitle or styles.keyline[0] != "none"
                or (styles.has_rule("hatch") and styles.hatch != "none")):
            return None
        # The content's size as well as the box's: a scrollbar that comes or goes narrows or widens it.
        return (crop, self.region.size, self.content_region.size, styles.border, styles.outline, styles.padding,
                self.background_colors, styles.tint, self.opacity, styles.text_opacity, tuple(self.get_line_filters()))

    def render_lines(self, crop: Region) -> list[Strip]:
        key = self.box_key(crop)
        if key is None:
            return super().render_lines(crop)      # type: ignore[misc]
        boxes = self._boxes
        if boxes is None:
            boxes = self._boxes = {}
        lines = boxes.get(key)
        if lines is None:
            lines = self.draw_box(crop)
            if len(boxes) >= self.KEPT:
                del boxes[next(iter(boxes))]
            boxes[key] = lines
        return lines

    def draw_box(self, crop: Region) -> list[Strip]:
        """The container's own lines in `crop`, as Textual draws them: each row of its top and bottom edges, and one
        of the rows between, repeated. A container that draws something of its own (Widget.render overridden) has
        every row drawn."""
        if type(self).render is not Widget.render:
            return super().render_lines(crop)      # type: ignore[misc]
        gutter = self.styles.gutter
        first, last = gutter.top, self.region.height - gutter.bottom       # the rows between the edges
        lines: list[Strip] = []
        between: Strip | None = None
        for y in crop.line_range:
            if first <= y < last:
                if between is None:
                    between = super().render_lines(Region(crop.x, y, crop.width, 1))[0]  # type: ignore[misc]
                lines.append(between)
            else:
                lines += super().render_lines(Region(crop.x, y, crop.width, 1))  # type: ignore[misc]
        return lines


def settled_size() -> Reactive[Size]:
    """A widget's virtual size that neither lays the screen out again nor repaints when it changes: the layout
    that set it has placed everything already, and a widget whose size it changed is drawn anew all the same.
    Textual's own would ask for a second layout, a frame after the first, every time a turn changes how tall a
    text is, and that layout would change nothing on the screen."""
    return Reactive(Size(0, 0), layout=False, repaint=False)


class SteadyScrollBar(ScrollBar):
    """A scrollbar that keeps its lines while what it shows is the same.

    Its virtual size is its own size, set as the screen is laid out; Textual's would ask for one more layout each
    time a bar's size changes, after the frame the first layout drew, and that layout would change nothing."""

    virtual_size: Reactive[Size] = settled_size()

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._drawn: tuple[object, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        bar = self.render()
        if not isinstance(bar, ScrollBarRender) or not self.vertical:
            return super().render_lines(crop)
        # What the bar is drawn from: its length, window, position and colours (ScrollBar.render works them out,
        # hovered or grabbed), the part of it asked for, and the filters the app puts every line through.
        filters = tuple(self.get_line_filters())
        key = (crop, self.region.size, vars(bar), filters)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self.draw_bar(bar, crop, filters))
        return self._drawn[1]

    def draw_bar(self, bar: ScrollBarRender, crop: Region, filters: tuple[LineFilter, ...]) -> list[Strip]:
        """The bar's lines in `crop`, as Textual draws them: the bar's cells (with what a click on each does) in the
        scrollbar widget's own style."""
        width, height = self.region.size
        style = bar.style if isinstance(bar.style, RichStyle) else RichStyle.parse(bar.style)
        cells = bar.render_bar(size=height, window_size=bar.window_size, virtual_size=bar.virtual_size,
                               position=bar.position, vertical=True, thickness=width,
                               back_color=style.bgcolor or RichColor.parse("#555555"),
                               bar_color=style.color or RichColor.parse("bright_magenta"))
        base = self.visual_style.rich_style
        _, background = self.background_colors
        strips = []
        made: dict[Segment, Strip] = {}     # a bar has a few kinds of cell (the track above and below, the thumb)
        for y, cell in enumerate(cells.segments):
            if y in crop.line_range:
                strip = made.get(cell)
                if strip is None:
                    strip = Strip([Segment(cell.text, base + cell.style)], width)
                    for line_filter in filters:
                        strip = strip.apply_filter(line_filter, background)
                    made[cell] = strip
                strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips


class SteadyScrollbars(_Mixin):
    """For a scrolling widget: its vertical scrollbar is a SteadyScrollBar."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            self._vertical_scrollbar = bar = SteadyScrollBar(vertical=True, name="vertical",
                                                              thickness=self.scrollbar_size_vertical)
            bar.display = False
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar
