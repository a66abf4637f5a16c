"""The keys of the current screen, on the bottom line; a click on one does what the key does."""

from __future__ import annotations

from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Static


class KeyBar(Static):
    """A one-line list of the screen's shown bindings and the command palette.

    Lighter than Textual's Footer (one widget, not one per key), which matters for start-up.
    """

    def __init__(self) -> None:
        super().__init__(markup=False)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.draw()

    def _bindings_changed(self, screen: Screen) -> None:
        self.draw()

    def draw(self) -> None:
        """List the shown bindings, each key once, in the order the screen's keys are defined."""
        parts: list[Content] = []
        seen: set[tuple[str, str]] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or (binding.description, binding.action) in seen:
                continue
            seen.add((binding.description, binding.action))
            namespace = "app" if isinstance(active.node, App) else "screen" if isinstance(active.node, Screen) else None
            click = Style.from_meta({"@click": f"{namespace}.{binding.action}"}) if namespace else None
            key = (f" {self.app.get_key_display(binding)} ", "bold $text-primary")
            label = (f"{binding.description} ", "" if active.enabled else "$text-disabled")
            # The description is the link: a link's own colours would drown the key's.
            text = Content.assemble(label)
            parts.append(Content.assemble(key, text.stylize(click) if click else text))
        palette = Content("Commands ").stylize(Style.from_meta({"@click": "app.command_palette"}))
        parts.append(Content.assemble((" ^p ", "bold $text-primary"), palette))
        self.update(Content(" ").join(parts))
