"""The play screen's layout in Textual's own widgets, for the benchmarks to measure the game against.

A Static for each of the play screen's texts (the status and key bars, the outcome, the event's title, text and
sources, the choices and the standing) in stock scrolling containers, laid out as the play screen is. Given the
texts the game showed, turn by turn (`Page`, by the place each is shown in), it shows the first, and each press of
1 the next, each text set anew only if it changed: what such a screen costs as Textual builds it, with none of the
game's own code. And the same texts drawn by one widget that wraps and draws every line itself (HandDrawnApp):
how little a screen showing them can cost in Textual at all. It imports Textual and nothing of the game, so that
a process starting it (bench_startup) pays for Textual alone.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

Page = dict[str, Content]     # the play screen's texts after a turn, by the place they are shown in
STORY = ("outcome", "event-title", "event-text", "event-sources")   # the prose column's texts, in order
PLACES = ("status", "keys", *STORY, "choices", "standing")


class _PagesApp(App[None]):
    """An app that shows `pages` one after another: the first when it starts, the next at each press of 1."""

    BINDINGS: ClassVar = [("1", "turn", "Turn")]

    def __init__(self, pages: list[Page]) -> None:
        super().__init__()
        self.pages = pages
        self.n = 0

    def on_mount(self) -> None:
        self.action_turn()

    def action_turn(self) -> None:
        before = self.pages[(self.n - 1) % len(self.pages)] if self.n else {}
        self.show(self.pages[self.n % len(self.pages)], before)
        self.n += 1

    def show(self, page: Page, before: Page) -> None:
        """Show `page` in place of `before` (empty for the first)."""
        raise NotImplementedError


class ReferenceScreenApp(_PagesApp):
    """The play screen in Textual's own widgets, showing `pages` one after another (see the module)."""

    CSS = """
    #status, #keys { height: 1; }
    #status { dock: top; }
    #keys { dock: bottom; }
    #side { width: 36; padding: 0 1; }
    #prose { height: 1fr; padding: 0 1; }
    #prose > Static { margin-bottom: 1; }
    #choices { height: auto; max-height: 60%; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield Static(id="keys")
        with Horizontal():
            with Vertical():
                with VerticalScroll(id="prose"):
                    for name in STORY:
                        yield Static(id=name)
                with VerticalScroll(id="choices"):
                    yield Static(id="choices-text")
            with VerticalScroll(id="side"):
                yield Static(id="standing")

    def show(self, page: Page, before: Page) -> None:
        """Each text set anew only if it changed."""
        for name, text in page.items():
            was = before.get(name)
            if was is None or not (text.plain == was.plain and text.spans == was.spans):
                self.query_one(f"#{'choices-text' if name == 'choices' else name}", Static).update(text)
        self.query_one("#prose", VerticalScroll).scroll_home(animate=False, immediate=True)


SIDE = 36      # the standing's column, as wide as the play screen's


class _Canvas(Widget):
    """The whole screen as one widget that wraps and draws every line itself, the first time a frame asks for one."""

    DEFAULT_CSS = "_Canvas { width: 1fr; height: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.page: Page = {}
        self.lines: list[Strip] | None = None

    def show(self, page: Page) -> None:
        self.page, self.lines = page, None
        self.refresh()

    def on_resize(self) -> None:
        self.lines = None

    def render_line(self, y: int) -> Strip:
        if self.lines is None:
            self.lines = self.draw()
        return self.lines[y] if y < len(self.lines) else Strip.blank(self.size.width)

    def draw(self) -> list[Strip]:
        """The bars, the story over the choices, and the standing beside them, each text wrapped to its column."""
        width, height = self.size
        page, left, body = self.page, width - SIDE, max(0, height - 2)

        def wrapped(name: str, cells: int) -> list[Strip]:
            text = page.get(name) or Content()
            return [Strip(list(line.render_segments()), line.cell_length).adjust_cell_length(cells)
                    for line in text.wrap(max(1, cells))]

        story: list[Strip] = []
        for name in STORY:
            if page.get(name):
                story += [Strip.blank(left - 3), *wrapped(name, left - 3)]
        choices = wrapped("choices", left - 3)[: body * 6 // 10]
        story = story[: body - len(choices)]
        story += [Strip.blank(left - 3)] * (body - len(choices) - len(story)) + choices
        side = wrapped("standing", SIDE - 2)[:body]
        side += [Strip.blank(SIDE - 2)] * (body - len(side))
        gap, edge = Strip.blank(2), Strip.blank(1)
        rows = [Strip.join([gap, text, edge, edge, standing, edge]) for text, standing in zip(story, side)]
        return [*wrapped("status", width)[:1], *rows, *wrapped("keys", width)[:1]]


class HandDrawnApp(_PagesApp):
    """The same texts as ReferenceScreenApp, one page a key, drawn by a single widget of lines it wraps and draws
    itself: no containers, borders, scrollbars, focus or mouse, each frame one layer of whole lines. It tells how
    little a screen showing these texts can cost in Textual at all."""

    def compose(self) -> ComposeResult:
        yield _Canvas()

    def show(self, page: Page, before: Page) -> None:
        self.query_one(_Canvas).show(page)


def as_markup(page: Page) -> dict[str, str]:
    """A page as Textual markup, to hand to another process."""
    return {name: text.markup for name, text in page.items()}


def from_markup(texts: dict[str, str]) -> Page:
    """A page handed over by `as_markup`."""
    return {name: Content.from_markup(markup) for name, markup in texts.items()}
