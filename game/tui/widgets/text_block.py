"""A block of plain text (never markup) that redraws only when what it shows changes, and draws again only what
it has not shown lately."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widgets import Static

from game.tui.widgets.drawn import DrawnLines, line_segments, settled_size
from game.tui.widgets.hanging import Hanging, placed_lines

Shown = Content | Hanging


def text_key(text: Shown) -> object:
    """What makes two texts look alike (see `alike`), as a key."""
    return text.key if isinstance(text, Hanging) else (text.plain, tuple(text.spans))


def alike(a: Shown, b: Shown) -> bool:
    """Whether two texts look alike: the same text in the same styles, wrapped the same way."""
    return isinstance(a, Hanging) == isinstance(b, Hanging) and text_key(a) == text_key(b)


class TextBlock(DrawnLines, Static):
    """Static text, or a list whose lines hang under their marks (Hanging); `show` skips the redraw, and the
    layout it costs, when nothing changed."""

    virtual_size: Reactive[Size] = settled_size()     # see Column

    # A block whose size its styles fix (a bar one line high, across the screen) is not laid out again when its
    # text changes: only redrawn.
    FIXED_SIZE = False

    KEPT = 4        # the texts whose lines are kept: a bar goes back and forth between a few

    # Its text has no links (only the key bar's has, and it says so): no link styles are worked out at every draw.
    auto_links: Reactive[bool] = Reactive(False)

    def __init__(self, content: Shown | str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(content, id=id, classes=classes, markup=False)
        self.shown: Shown = Content(content) if isinstance(content, str) else content    # what it shows now
        self._shown_key = text_key(self.shown)
        self._kept: dict[tuple[object, object], list[Strip]] = {}     # lines drawn lately, by text and size

    def show(self, content: Shown | str) -> None:
        """Show this text (a plain string, styled Content, or a Hanging list)."""
        content = Content(content) if isinstance(content, str) else content
        if not alike(content, self.shown):
            self.shown, self._shown_key = content, text_key(content)
            self.update(content, layout=not self.FIXED_SIZE)

    def render_line(self, y: int) -> Strip:
        """A line of the text, drawn as Textual draws a widget's content; the lines of the last few texts are kept
        (the key bar, say, shows one of a few lines after every choice). Text being selected is drawn anew."""
        if self.text_selection is not None:
            return super().render_line(y)
        key = (self._shown_key, self.size)
        lines = self._kept.get(key)
        if lines is None:
            lines = self.text_lines()
            if len(self._kept) >= self.KEPT:
                del self._kept[next(iter(self._kept))]
            self._kept[key] = lines
        return lines[y] if y < len(lines) else Strip.blank(self.size.width, self.visual_style.rich_style)

    def text_lines(self) -> list[Strip]:
        """The text's lines, drawn anew."""
        lines = self.drawn_lines()
        if lines is None:
            lines = Visual.to_strips(self, visualize(self, self.render()), self.size.width, self.size.height,
                                     self.visual_style)
        return lines

    def drawn_lines(self) -> list[Strip] | None:
        """The text's lines as Textual draws them (`Visual.to_strips`), each wrapped line in its styles, marked with
        where it is in the text (for the mouse to select it) and, in a bar of links, in the link style: worked out
        here for text wrapped to the left (nearly every block's), None for any other (Textual draws it)."""
        styles = self.styles
        if (type(self).render is not Static.render      # a block that renders something other than what it shows
                or styles.text_align not in ("left", "start") or styles.text_overflow != "fold"
                or styles.text_wrap != "wrap" or styles.line_pad or styles.content_align != ("left", "top")):
            return None
        width, height = self.size
        if not width:
            return []
        shown = self.shown
        if isinstance(shown, Hanging):      # drawn as its wrapped lines, one under another
            placed = [(line, 0, y) for y, line in enumerate(shown.wrap(width))]
        elif (found := placed_lines(shown, width)) is not None:
            placed = found
        else:
            return None
        if any(line.cell_length > width for line, _, _ in placed):
            return None     # a line longer than the width, which Textual folds
        style, get_style = self.visual_style, self._get_style
        marked = self.allow_select
        lines = [Strip(line_segments(line, style, get_style, x, y, marked=marked), line.cell_length)
                 for line, x, y in placed[:height]]
        if self.auto_links and not self.screen._selecting:
            link_style = self.link_style
            lines = [line._apply_link_style(link_style) for line in lines]
        return lines

    def notify_style_update(self) -> None:
        self._kept.clear()
        super().notify_style_update()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text; a Hanging list's as it is wrapped on screen, where the selection was made."""
        shown = self.shown
        if isinstance(shown, Hanging):
            return selection.extract(shown.at(self.content_size.width).plain), "\n"
        return super().get_selection(selection)
