"""The keys of the current screen, on the bottom line; a click on one does what the key does."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.style import Style

from game.tui.widgets.text_block import TextBlock


class KeyBar(TextBlock):
    """A one-line list of the screen's shown bindings and the command palette.

    Lighter than Textual's Footer (one widget, not one per key), which matters for start-up; and, as a
    TextBlock, redrawn only when what it lists changes (the bindings are refreshed after every key).
    """

    auto_links: Reactive[bool] = Reactive(True)       # each entry is a link: a click on it runs its key
    FIXED_SIZE = True       # one line across the screen (the stylesheet)
    ALLOW_SELECT = False    # a bar, not text to select (as Textual's Footer)

    def __init__(self) -> None:
        super().__init__()
        self._listed: tuple[object, ...] = ()     # what the line was last made from: the same makes the same line

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.draw()

    def _bindings_changed(self, screen: Screen) -> None:
        self.draw()

    def draw(self, width: int | None = None) -> None:
        """List the shown bindings, each key once, in the order the screen's keys are defined; on a narrow
        screen closer together, and if still too long, the last give way (Help, which lists every key, stays)."""
        width = width or self.size.width or self.app.size.width
        bindings = self.screen.active_bindings.values()
        # The signal comes many times as a screen is put up and after each key, mostly with nothing changed.
        listed = (width, *((a.binding, a.enabled, type(a.node)) for a in bindings))
        if listed == self._listed:
            return
        self._listed = listed
        entries: list[tuple[Content, Content, bool]] = []       # key, description, whether it is Help
        seen: set[tuple[str, str]] = set()
        palette_key = "^p"
        for active in bindings:
            binding = active.binding
            if binding.action == "command_palette":
                palette_key = self.app.get_key_display(binding)
            if not binding.show or (binding.description, binding.action) in seen:
                continue
            seen.add((binding.description, binding.action))
            namespace = "app" if isinstance(active.node, App) else "screen" if isinstance(active.node, Screen) else None
            click = Style.from_meta({"@click": f"{namespace}.{binding.action}"}) if namespace else None
            key = Content.styled(self.app.get_key_display(binding), "bold $text-primary")
            label = Content.styled(binding.description, "" if active.enabled else "$text-disabled")
            # The description is the link: a link's own colours would drown the key's.
            entries.append((key, label.stylize(click) if click else label, binding.action.endswith("help")))
        palette = Content("Commands").stylize(Style.from_meta({"@click": "app.command_palette"}))
        entries.append((Content.styled(palette_key, "bold $text-primary"),
                        palette, False))
        self.show(fit(entries, width))

    def on_resize(self, event: events.Resize) -> None:
        self.draw(event.size.width)


def fit(entries: list[tuple[Content, Content, bool]], width: int) -> Content:
    """The key bar's line at `width` cells: as spaced as it fits, then dropping entries from the end, Help last."""
    kept = list(entries)
    while True:
        for gap in ("   ", "  ", " "):
            line = Content.assemble(" ", Content(gap).join(Content.assemble(k, " ", d) for k, d, _ in kept))
            if line.cell_length <= width:
                return line
        droppable = [i for i, (_, _, is_help) in enumerate(kept) if not is_help]
        if len(kept) <= 1 or not droppable:
            return line
        del kept[droppable[-1]]
