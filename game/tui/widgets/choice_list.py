"""The numbered choices of an event: keys 1-9, arrows and Enter, or the mouse.

The choices are drawn by one widget as one block of lines, each choice its rows with its own look
(highlighted, under the mouse, closed): a new event, or the highlight moving, redraws that one widget,
where a widget per choice would be restyled, laid out and drawn one by one.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from game.engine import ChoiceView
from game.engine.politics import Whip
from game.tui.widgets.column import Column
from game.tui.widgets.drawn import DrawnLines, line_segments, settled_size
from game.tui.widgets.hanging import Hanging, stacked
from game.wording import choice_counts


def choice_text(number: int, choice: ChoiceView, shown: Whip | None = None) -> Hanging:
    """A choice as it is listed: its number, then its text, why it is closed when it is, and the count of any motion
    it puts otherwise than the event's count (`shown`) has it, under the text."""
    text: Content | str = " ".join(choice.text.split())
    if not choice.available and choice.reason:
        text = Content.assemble(text, (f"\nNot open to you: {' '.join(choice.reason.split())}", "italic"))
    for line in choice_counts(choice.counts, shown):
        text = Content.assemble(text, (f"\n{line}", "italic"))
    return Hanging([(Content.styled(f"{number}. ", "bold"), text)])


class ChoiceLines(DrawnLines, Widget):
    """The choices as one block of lines: each choice's rows in the look its state gives it, from the component
    classes below (the list's CSS sets them)."""

    virtual_size: Reactive[Size] = settled_size()     # see Column
    ALLOW_SELECT = False    # a choice is picked, not selected as text: as Textual's OptionList

    COMPONENT_CLASSES = {
        "choice-list--choice",          # every choice: its padding
        "choice-list--unavailable",     # a choice not open now
        "choice-list--hover",           # the choice under the mouse
        "choice-list--highlight",       # the highlighted choice, the list not focused
        "choice-list--current",         # the highlighted choice in the focused list
    }

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Hanging] = []       # each choice as it is listed
        self.open: list[bool] = []          # whether each can be made now
        self.highlighted: int | None = None
        self.hover: int | None = None
        self.focused = False
        self._drawn: tuple[int, list[Strip]] | None = None     # the lines at a width, until something changes

    # -- what is shown -----------------------------------------------------------------------
    def set(self, **state: object) -> None:
        """Change what is shown (rows, open, highlighted, hover, focused); a change redraws the lines, and new rows
        that take more or fewer lines lay the list out again."""
        changed = {k: v for k, v in state.items() if getattr(self, k) != v}
        if not changed:
            return
        inner = self.size.width - self.padding.width if self.size.width else 0     # 0: not laid out yet
        before = self.heights(inner) if "rows" in changed and inner > 0 else None
        for key, value in changed.items():
            setattr(self, key, value)
        self._drawn = None
        self.refresh(layout="rows" in changed and (before is None or sum(before) != sum(self.heights(inner))))

    def notify_style_update(self) -> None:
        self._drawn = None
        super().notify_style_update()

    @property
    def padding(self) -> Spacing:
        """The cells around each choice's text (its left and right are taken by the choice's own colour)."""
        return self.get_component_styles("choice-list--choice").padding

    def heights(self, width: int) -> list[int]:
        """Each choice's lines, at `width` cells for the text."""
        width = max(1, width)
        return [len(row.wrap(width)) for row in self.rows]

    def spans(self) -> list[tuple[int, int]]:
        """The first line and the number of lines of each choice, as the widget is laid out now."""
        return stacked(self.heights(self.size.width - self.padding.width))

    def span(self, index: int) -> tuple[int, int]:
        """The first line and the number of lines of the choice at `index`, as the widget is laid out now."""
        return self.spans()[index]

    def row_at(self, y: int) -> int | None:
        """The choice on line `y` of the widget, if any."""
        return next((index for index, (first, height) in enumerate(self.spans()) if first <= y < first + height), None)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        inner = width - self.padding.width
        return sum(self.heights(inner)) if inner > 0 else 0

    # -- drawing -----------------------------------------------------------------------------------
    def row_style(self, index: int) -> tuple[str, ...]:
        """The component classes of the choice at `index`, in the order they apply."""
        classes = ["choice-list--choice"]
        if not self.open[index]:
            classes.append("choice-list--unavailable")
        if index == self.highlighted:
            classes.append("choice-list--current" if self.focused else "choice-list--highlight")
        elif index == self.hover:
            classes.append("choice-list--hover")
        return tuple(classes)

    def lines(self, width: int) -> list[Strip]:
        if self._drawn is None or self._drawn[0] != width:
            spacing = self.padding
            inner = width - spacing.width
            strips: list[Strip] = []
            # Each wrapped line of a choice drawn as Textual draws a line of text, between the row's padding, as one
            # strip. No selection and no links: the whole list is one target for the mouse.
            get_style, marked = self._get_style, self.allow_select
            for index, row in enumerate(self.rows if inner > 0 else ()):    # no room for text: no lines
                style = self.get_visual_style(*self.row_style(index))
                blank = VisualStyle(background=style.background).rich_style     # the padding: the row's colour only
                left = [Segment(" " * spacing.left, blank)] if spacing.left else []
                right = [Segment(" " * spacing.right, blank)] if spacing.right else []
                for y, line in enumerate(row.wrap(inner)):
                    segments = [*left, *line_segments(line, style, get_style, 0, y, marked=marked)]
                    if (rest := inner - line.cell_length) > 0:
                        segments.append(Segment(" " * rest, blank))
                    strips.append(Strip(segments + right, width))
            self._drawn = (width, strips)
        return self._drawn[1]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self.lines(width)
        return lines[y] if y < len(lines) else Strip.blank(width, self.visual_style.rich_style)

    # -- the mouse ----------------------------------------------------------------------------------
    def on_mouse_move(self, event: events.MouseMove) -> None:
        at = event.get_content_offset(self)
        self.set(hover=None if at is None else self.row_at(at.y))

    def on_leave(self, event: events.Leave) -> None:
        self.set(hover=None)

    def on_click(self, event: events.Click) -> None:
        at = event.get_content_offset(self)
        index = None if at is None else self.row_at(at.y)
        if index is not None:
            event.stop()
            self.parent.pick(index + 1)  # type: ignore[union-attr]


class ChoiceList(Column, can_focus=True):
    """An event's choices; unavailable ones are greyed with the reason, and cannot be picked."""

    BINDINGS = [
        Binding("up", "move(-1)", "Previous choice", show=False, id="choice_previous"),
        Binding("down", "move(1)", "Next choice", show=False, id="choice_next"),
        Binding("enter", "select", "Make the highlighted choice", show=False, id="choice_select"),
    ]

    class ChoiceMade(Message):
        """The player picked an available choice."""

        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    class UnavailablePicked(Message):
        """The player asked for a choice that is not open now."""

        def __init__(self, choice: ChoiceView) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices: tuple[ChoiceView, ...] = ()
        self.shown: Whip | None = None     # the count the event shows: a choice's own count is told from it
        self.lines = ChoiceLines()

    def compose(self) -> ComposeResult:
        yield self.lines

    @property
    def highlighted(self) -> int | None:
        """The highlighted choice (0-based), if any."""
        return self.lines.highlighted

    @property
    def rows(self) -> list[Hanging]:
        """The choices as they are listed."""
        return self.lines.rows

    def lines_at(self, width: int) -> int:
        """How many lines the choices take with `width` cells for their text."""
        return sum(self.lines.heights(width))

    def row_region(self, index: int) -> Region:
        """Where the text of the choice at `index` is on the screen (inside its padding), as the list is scrolled now."""
        first, height = self.lines.span(index)
        box, padding = self.lines.content_region, self.lines.padding
        return Region(box.x + padding.left, box.y + first, box.width - padding.width, height)

    def on_focus(self) -> None:
        self.lines.set(focused=True)

    def on_blur(self) -> None:
        self.lines.set(focused=False)

    def choice_at(self, number: int) -> ChoiceView | None:
        """The choice with this number (1-based), if the event has one."""
        return self.choices[number - 1] if 1 <= number <= len(self.choices) else None

    def show(self, choices: tuple[ChoiceView, ...], shown: Whip | None = None) -> None:
        """Show these choices and highlight the first open one (`shown`: the count the event shows, if any)."""
        if choices != self.choices or shown != self.shown:
            self.choices, self.shown = choices, shown
            self.lines.set(rows=[choice_text(n, c, shown) for n, c in enumerate(choices, 1)],
                           open=[c.available for c in choices])
        self.highlight(next((i for i, c in enumerate(choices) if c.available), None))
        if self.scroll_y:
            self.scroll_home(animate=False, immediate=True)

    def highlight(self, index: int | None) -> None:
        """Move the highlight to the choice at `index` (0-based)."""
        self.lines.set(highlighted=index)
        if index is not None and self.max_scroll_y:
            first, height = self.lines.span(index)
            self.scroll_to_region(Region(0, first, self.lines.size.width, height), animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        open_ = [i for i, c in enumerate(self.choices) if c.available]
        if not open_:
            return
        if self.highlighted not in open_:
            self.highlight(open_[0])
            return
        at = open_.index(self.highlighted)
        self.highlight(open_[max(0, min(len(open_) - 1, at + step))])

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.pick(self.highlighted + 1)

    def take(self, number: int) -> ChoiceView | None:
        """The choice with this number (1-based), highlighted if it is open; None if the event has no such choice."""
        choice = self.choice_at(number)
        if choice is not None and choice.available:
            self.highlight(number - 1)
        return choice

    def pick(self, number: int) -> None:
        """Pick the choice with this number (1-based), as Enter or a click on it does: a message says which."""
        choice = self.take(number)
        if choice is not None:
            self.post_message(self.ChoiceMade(choice.id) if choice.available else self.UnavailablePicked(choice))
