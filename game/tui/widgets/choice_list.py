"""The numbered choices of an event: keys 1-9, arrows and Enter, or the mouse.

Nine fixed slots, filled and shown as an event needs them: updating them in place lays the
screen out once per turn, where rebuilding a list would lay it out several times.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message

from game.engine import ChoiceView
from game.engine.model import MAX_CHOICES
from game.tui.widgets.hanging import Hanging
from game.tui.widgets.text_block import TextBlock


class ChoiceItem(TextBlock):
    """One choice: its number, then its text and why it is closed when it is, their lines under the text."""

    def __init__(self, index: int) -> None:
        super().__init__(classes="choice")
        self.index = index

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.parent.pick(self.index + 1)  # type: ignore[union-attr]


class ChoiceList(VerticalScroll, can_focus=True):
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
        self.highlighted: int | None = None

    def compose(self) -> ComposeResult:
        for i in range(MAX_CHOICES):
            yield ChoiceItem(i)

    def on_mount(self) -> None:
        self.items: list[ChoiceItem] = list(self.query_children(ChoiceItem))

    def choice_at(self, number: int) -> ChoiceView | None:
        """The choice with this number (1-based), if the event has one."""
        return self.choices[number - 1] if 1 <= number <= len(self.choices) else None

    def show(self, choices: tuple[ChoiceView, ...]) -> None:
        """Show these choices and highlight the first open one."""
        self.choices = choices
        for item, choice in zip(self.items, (*choices, *([None] * MAX_CHOICES))):
            item.display = choice is not None
            if choice is None:
                continue
            text = " ".join(choice.text.split())
            if not choice.available and choice.reason:
                text = Content.assemble(text, (f"\nNot open to you: {' '.join(choice.reason.split())}", "italic"))
            item.show(Hanging([(Content.styled(f"{item.index + 1}. ", "bold"), text)]))
            item.set_class(not choice.available, "-unavailable")
        self.highlight(next((i for i, c in enumerate(choices) if c.available), None))
        if self.scroll_y:
            self.scroll_home(animate=False, immediate=True)

    def highlight(self, index: int | None) -> None:
        """Move the highlight to the choice at `index` (0-based)."""
        self.highlighted = index
        for item in self.items:
            item.set_class(item.index == index, "-highlight")
        if index is not None and self.max_scroll_y:
            self.scroll_to_widget(self.items[index], animate=False, immediate=True)

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
