"""The ending's stats over time (StatCharts) draw what a row of Textual widgets per stat would: the name in its
place, Textual's sparkline, the figure right-aligned; the same cells and styles, in any theme."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Sparkline, Static

from game.tui.widgets.stat_charts import StatCharts

ROWS = [
    ("Prestige", [50, 55, 61, 58, 70, 72, 64]),
    ("Unity of the party behind the Central Committee line", [50, 50, 50]),    # a name that needs two lines
    ("Army", [90, 80, 60, 40, 20, 5]),
    ("Health", [70]),                                                          # a stat that never moved
    ("", [3, 1, 2]),                                                           # a stat the scenario left unnamed
    ("Apparatus", [-100, 100, -100, 100, 0, 12, 99, 3, 4, 50, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70]),
]

# The ending's rows as widgets: a name, a sparkline taking the rest, and the figure.
ROW_CSS = """
.chart { height: 1; margin: 1 0 0 0; }
.chart-name { width: 22; }
.chart-line { width: 1fr; height: 1; }
.chart-figure { width: 12; text-align: right; }
#charts { margin: 1 0 0 0; }
VerticalScroll { padding: 0 2; background: $surface; }
"""


class Charts(App[None]):
    CSS = ROW_CSS

    def __init__(self, as_widgets: bool) -> None:
        super().__init__()
        self.as_widgets = as_widgets

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Your standing over time")
            if not self.as_widgets:
                yield StatCharts(ROWS, id="charts")
                return
            for name, values in ROWS:
                with Horizontal(classes="chart"):
                    yield Static(name, classes="chart-name", markup=False)
                    yield Sparkline(values, classes="chart-line")
                    yield Static(f"{values[0]} → {values[-1]}", classes="chart-figure", markup=False)


async def cells(as_widgets: bool, size: tuple[int, int], theme: str) -> list[list[tuple[str, Any]]]:
    """Every cell of the screen, with its style."""
    app = Charts(as_widgets)
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await pilot.pause()
        update = app.screen._compositor.render_update(full=True)
        return [[(ch, segment.style) for strip in line for segment in strip for ch in segment.text]
                for line in update.strips]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("size", "theme"), [((100, 16), "textual-dark"), ((80, 16), "textual-light"),
                                             ((61, 16), "nord")])
async def test_the_charts_draw_what_a_row_of_widgets_per_stat_draws(size: tuple[int, int], theme: str) -> None:
    ours, theirs = await cells(False, size, theme), await cells(True, size, theme)
    prestige = "".join(ch for ch, _ in ours[2])
    assert prestige.startswith("  Prestige   ") and "▂▂▂" in prestige and prestige.rstrip().endswith("50 → 64")
    assert "".join(ch for ch, _ in ours[4]).startswith("  Unity of the party    ▁")
    assert ours == theirs


async def test_the_charts_take_the_new_colours_when_the_theme_changes() -> None:
    app = Charts(False)
    async with app.run_test(size=(90, 16)) as pilot:
        charts = app.query_one(StatCharts)
        before = charts.lines(charts.size.width)
        app.theme = "textual-light"
        await pilot.pause()
        after = charts.lines(charts.size.width)
        assert [s.text for s in before] == [s.text for s in after] and before != after
    assert await cells(False, (90, 16), "textual-light") == await cells(True, (90, 16), "textual-light")
