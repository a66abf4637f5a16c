"""The player's stats over a game, one line each: the stat's name, its course as a sparkline, where it began and ended.

One widget draws every line, where a row of name, sparkline and figure per stat would be a dozen and more
widgets to style and lay out as the ending screen opens. The sparkline is Textual's own, its bars and colours
as the Sparkline widget draws them, from the colours this widget's component classes give.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.renderables.sparkline import Sparkline
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widget import Widget

NAME = 22      # cells for a stat's name (its first line, if it needs more)
FIGURE = 12    # cells for where it began and ended, right-aligned


class StatCharts(Widget):
    """Each stat's line, a blank line between two."""

    COMPONENT_CLASSES = {
        "stat-charts--min",      # the colour of a stat's lowest values
        "stat-charts--max",      # the colour of its highest
    }

    DEFAULT_CSS = """
    StatCharts {
        height: auto;
    }
    StatCharts > .stat-charts--max {
        color: $primary;
    }
    StatCharts > .stat-charts--min {
        color: $primary 30%;
    }
    """

    def __init__(self, rows: Sequence[tuple[str, Sequence[int]]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = [(name, list(values)) for name, values in rows]
        self._drawn: tuple[int, list[Strip]] | None = None     # the lines at a width, until the styles change

    def notify_style_update(self) -> None:
        self._drawn = None
        super().notify_style_update()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(0, 2 * len(self.rows) - 1)

    def lines(self, width: int) -> list[Strip]:
        """Every line at `width` cells: a stat's line, then a blank one, and so on."""
        if self._drawn is None or self._drawn[0] != width:
            self._drawn = (width, self._draw(width))
        return self._drawn[1]

    def _draw(self, width: int) -> list[Strip]:
        # Where the name or the figure is shorter than its place, the rest is the panel's background, as it is
        # beside a text that does not fill its widget.
        blank = Style(background=self.visual_style.background).rich_style
        options = RenderOptions(self._get_style, self.styles)

        def text(content: Content) -> Strip:
            if not content.cell_length:      # (a stat a scenario left without a name)
                return Strip([], 0)
            return content.render_strips(content.cell_length, None, self.visual_style, options)[0]

        _, base = self.background_colors
        low = (base + self.get_component_styles("stat-charts--min").color).rich_color
        high = (base + self.get_component_styles("stat-charts--max").color).rich_color
        line = max(0, width - NAME - FIGURE)
        console = self.app.console
        out: list[Strip] = []
        for name, values in self.rows:
            if out:
                out.append(Strip.blank(width, blank))
            shown = Content(name).wrap(NAME)[0]
            figure = Content(f"{values[0]} → {values[-1]}" if values else "").wrap(FIGURE)[0]
            parts = [text(shown).extend_cell_length(NAME, blank)]
            if line:        # (a sparkline given no width takes the console's)
                bars = Sparkline(values, width=line, height=1, min_color=low, max_color=high)
                parts.append(Strip(Segment.apply_style(bars.__rich_console__(console, console.options), blank), line))
            parts += [Strip.blank(FIGURE - figure.cell_length, blank), text(figure)]
            out.append(Strip.join(parts).crop(0, width))
        return out

    def render_line(self, y: int) -> Strip:
        lines = self.lines(self.size.width)
        return lines[y] if y < len(lines) else Strip.blank(self.size.width, self.visual_style.rich_style)
