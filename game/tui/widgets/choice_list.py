"""The numbered choices of an event: keys 1-9, arrows and Enter, or the mouse."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine import ChoiceView


class ChoiceList(OptionList):
    """An event's choices; unavailable ones are shown greyed with the reason, and cannot be picked."""

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

    def show(self, choices: tuple[ChoiceView, ...]) -> None:
        """Replace the choices and highlight the first open one."""
        self.choices = choices
        options = []
        for n, c in enumerate(choices, 1):
            if c.available:
                prompt = Content.assemble((f"{n}. ", "bold"), " ".join(c.text.split()))
            else:
                reason = f"\nNot open to you: {' '.join(c.reason.split())}" if c.reason else ""
                prompt = Content.assemble((f"{n}. ", "bold"), " ".join(c.text.split()), (reason, "italic"))
            options.append(Option(prompt, id=c.id, disabled=not c.available))
        self.clear_options()
        self.add_options(options)
        first = next((i for i, c in enumerate(choices) if c.available), None)
        self.highlighted = first
        self.scroll_home(animate=False)

    def pick(self, number: int) -> None:
        """Pick the choice with this number (1-based), as the key of that number does."""
        if not 1 <= number <= len(self.choices):
            return
        choice = self.choices[number - 1]
        if choice.available:
            self.highlighted = number - 1
            self.post_message(self.ChoiceMade(choice.id))
        else:
            self.post_message(self.UnavailablePicked(choice))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.ChoiceMade(event.option.id))
