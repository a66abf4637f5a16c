"""The play screen's layout in Textual's own widgets, for the benchmarks to measure the game against.

A Static for each of the play screen's texts (the status and key bars, the outcome, the event's title, text and
sources, the choices and the standing) in stock scrolling containers, laid out as the play screen is. Given the
texts the game showed, turn by turn (`Page`, by the place each is shown in), it shows the first, and each press of
1 the next, each text set anew only if it changed: what such a screen costs as Textual builds it, with none of the
game's own code. It imports Textual and nothing of the game, so that a process starting it (bench_startup) pays
for Textual alone.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

Page = dict[str, Content]     # the play screen's texts after a turn, by the place they are shown in
STORY = ("outcome", "event-title", "event-text", "event-sources")   # the prose column's texts, in order
PLACES = ("status", "keys", *STORY, "choices", "standing")


class ReferenceScreenApp(App[None]):
    """The play screen in Textual's own widgets, showing `pages` one after another (see the module)."""

    BINDINGS: ClassVar = [("1", "turn", "Turn")]
    CSS = """
    #status, #keys { height: 1; }
    #status { dock: top; }
    #keys { dock: bottom; }
    #side { width: 36; padding: 0 1; }
    #prose { height: 1fr; padding: 0 1; }
    #prose > Static { margin-bottom: 1; }
    #choices { height: auto; max-height: 60%; padding: 0 1; }
    """

    def __init__(self, pages: list[Page]) -> None:
        super().__init__()
        self.pages = pages
        self.n = 0

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

    def on_mount(self) -> None:
        self.action_turn()

    def action_turn(self) -> None:
        before = self.pages[(self.n - 1) % len(self.pages)] if self.n else {}
        texts = self.pages[self.n % len(self.pages)]
        self.n += 1
        for name, text in texts.items():
            was = before.get(name)
            if was is None or not (text.plain == was.plain and text.spans == was.spans):
                self.query_one(f"#{'choices-text' if name == 'choices' else name}", Static).update(text)
        self.query_one("#prose", VerticalScroll).scroll_home(animate=False, immediate=True)


def as_markup(page: Page) -> dict[str, str]:
    """A page as Textual markup, to hand to another process."""
    return {name: text.markup for name, text in page.items()}


def from_markup(texts: dict[str, str]) -> Page:
    """A page handed over by `as_markup`."""
    return {name: Content.from_markup(markup) for name, markup in texts.items()}
