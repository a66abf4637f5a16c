"""Helpers for the full-screen game's tests: apps on the fixtures, and plain text of a screen."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import ControlType
from textual.widgets import Static

from game.engine import Game
from game.engine.model import Scenario
from game.tui.app import PolitburoApp
from game.tui.screens.play import PlayScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.standing_panel import StandingPanel
from game.tui.widgets.story import BLOCKS
from tests.conftest import FIXTURES

SCENARIOS = str(FIXTURES / "scenarios")


def app_at(scenario: Scenario, role: str, seed: int = 1, **kw: Any) -> PolitburoApp:
    """The app playing a new game."""
    return PolitburoApp(game=Game.new(scenario, role, seed), **kw)


def first_open_key(game: Game) -> str:
    """The number key of the first choice open now."""
    view = game.current()
    assert view is not None
    return str(next(i for i, c in enumerate(view.choices, 1) if c.available))


def shown(app: PolitburoApp, selector: str) -> str:
    """The plain text a Static shows, or (`#outcome`, `#event-title`, ...) a block of the play screen's story."""
    name = selector.removeprefix("#")
    if name in BLOCKS and isinstance(app.screen, PlayScreen):
        return app.screen.prose.shown(name).plain
    visual = app.screen.query_one(selector, Static).visual
    return getattr(visual, "plain", str(visual))


def standing_section(app: PolitburoApp, key: str) -> str:
    """The text of one section of the screen's standing panel (its heading, then its lines unwrapped)."""
    return app.screen.query_one(StandingPanel).section(key)


def screen_lines(app: PolitburoApp) -> list[str]:
    """The text of every line of the screen as it is drawn now."""
    update = app.screen._compositor.render_update(full=True)
    return ["".join(segment.text for segment in strip) for strip in update.strips]  # type: ignore[attr-defined]


def at_choice(choices: ChoiceList, index: int) -> dict[str, Any]:
    """Where the text of the choice at `index` (0-based) begins, as the pilot's click and hover take it."""
    row, lines = choices.row_region(index), choices.lines.region
    return {"widget": choices.lines, "offset": (row.x - lines.x, row.y - lines.y)}


async def click_choice(pilot: Any, choices: ChoiceList, index: int) -> None:
    """Click on the text of the choice at `index` (0-based) where the list shows it."""
    await pilot.click(**at_choice(choices, index))



Cells = dict[tuple[int, int], tuple[str, object]]     # (x, y) -> the character there and its style


def update_cells(update: Any, console: Any, cells: Cells | None = None) -> Cells:
    """The cells a frame the app hands its driver draws, over `cells` (a terminal's screen before it)."""
    cells = {} if cells is None else cells
    x = y = 0
    for segment in update.__rich_console__(console, console.options):
        if segment.control:
            for code in segment.control:
                if code[0] == ControlType.CURSOR_MOVE_TO:
                    x, y = code[1], code[2]
            continue
        if segment.text == "\n":       # between lines; a move to where the next one begins follows
            continue
        for character in segment.text:
            cells[x, y] = (character, segment.style)
            x += cell_len(character)
    return cells


class Terminal:
    """What a terminal shows of the app: each frame handed to the driver, drawn over the ones before it."""

    def __init__(self, app: PolitburoApp) -> None:
        self.cells: Cells = {}
        display = app._display

        def shown(screen: Any, update: Any) -> None:
            display(screen, update)
            if update is not None and screen is app.screen and not app._batch_count:
                update_cells(update, app.console, self.cells)
        app._display = shown  # type: ignore[method-assign]
        self.app = app

    def afresh(self) -> Cells:
        """The screen drawn from nothing: every widget's lines made again, none kept from an earlier frame."""
        screen = self.app.screen
        for widget in [screen, *screen._compositor.visible_widgets]:      # scrollbars too
            widget._styles_cache.clear()
        return update_cells(screen._compositor.render_update(full=True), self.app.console)
