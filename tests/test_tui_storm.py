"""The full-screen game survives any keys at any terminal size: each crash found, then a seeded storm of both."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest
from textual import events
from textual.command import CommandPalette
from textual.geometry import Size
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.widgets import DataTable

from game.engine import Game
from game.engine.model import Scenario
from game.saves import SaveStore
from game.tui.app import PolitburoApp
from game.tui.screens.codex import CodexScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.too_small import TooSmallScreen
from tests.conftest import FIXTURES
from tests.tui_helpers import SCENARIOS, app_at, first_open_key

# -- driving the app: keys as a terminal sends them, and waiting on the app's queues, not on the clock ---


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key`: a name such as "ctrl+p", or one character."""
    char = {"space": " ", "question_mark": "?"}.get(key, key if len(key) == 1 else None)
    return events.Key(key, char)


async def burst(pilot: Pilot[int], *keys: str) -> None:
    """Keys sent together, as a quick hand or a pasted line sends them, then the app left to settle."""
    for key in keys:
        pilot.app.post_message(key_event(key))
    await settle(pilot)


async def settle(pilot: Pilot[int]) -> None:
    """Let the app finish what it was given: every message handled, on every screen, and the frame drawn.

    Pilot.press waits for the process to fall idle by the clock (40 ms a key at least); this waits on the
    app's own queues instead, so thousands of keys take seconds and each meets the app in the same state.
    """
    app = pilot.app
    for _ in range(100):
        await pilot.pause(0)        # what the app and the top screen's widgets hold now is handled, the frame drawn
        if app.return_code is not None:
            return
        running = [worker for worker in app.workers if worker.is_running]
        if running:             # the command palette gathers its commands in one; a failure is the app's to report
            await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
        elif not any(waiting(node) for node in live_nodes(app)):
            return
    raise AssertionError("the app never came to rest")


def live_nodes(app: PolitburoApp) -> list[MessagePump]:
    """The app and every widget of every screen on the stack."""
    return [app, *(node for screen in app.screen_stack for node in screen.walk_children(with_self=True))]


def waiting(node: MessagePump) -> bool:
    """Whether a message waits in this node's queue (a key on its way up, a mount, a callback)."""
    return not node._message_queue.empty()


async def resize(pilot: Pilot[int], width: int, height: int) -> None:
    """Resize the terminal, then settle once the screen on top has the new size.

    The app passes a new size on to its screens after a short timer (to fold a window's drag into one
    resize); this waits for that on the app's own queues, where Pilot.resize_terminal waits for the clock.
    """
    app = pilot.app
    size = Size(width, height)
    app.post_message(events.Resize(size, size))
    for _ in range(1000):
        await settle(pilot)
        if app.return_code is not None or app.screen.size == size:
            return
    raise AssertionError(f"the screen never took the size {width}x{height}")


def stock_saves(folder: Path) -> None:
    """A saves folder with a game to load and two damaged files among the games the storm saves."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("good", "truncated", "other-scenario"):
        shutil.copy(FIXTURES / "saves" / f"{name}.json", folder / f"{name}.json")


def stack_names(app: PolitburoApp) -> list[str]:
    """The screens on the stack above Textual's own first one, by name."""
    return [type(s).__name__ for s in app.screen_stack[1:]]


# -- the two crashes first reported ------------------------------------------------------------------


async def test_palette_opened_again_under_the_too_small_cover(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, TooSmallScreen)        # the cover stays, and says what to do
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)        # the palette opened before is back, and works
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)
    assert app.return_code is None


async def test_codex_at_one_cell(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await pilot.resize_terminal(1, 1)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, CodexScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)
    assert app.return_code is None


# -- the terminal too small: the cover is all there is, and it keeps still ------------------------------


async def test_over_the_cover_only_quitting_works(chapter: Scenario, saves_dir: Path) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        stack = list(app.screen_stack)
        assert isinstance(stack[-1], TooSmallScreen)
        await pilot.press("f1", "question_mark", "ctrl+p", "ctrl+s", "ctrl+o", "f5", "f9", "ctrl+t", "1", "j", "c")
        assert app.screen_stack == stack and app.theme == "politburo-paper"
        assert app.game is not None and app.game.journal == []
        assert not saves_dir.exists() or not any(saves_dir.iterdir())
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_palette_not_opened_twice_under_a_question(chapter: Scenario, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app = app_at(chapter, "trotsky", seed=1, saves_dir=str(blocker / "saves"))   # the autosave fails
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "ctrl+p")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.press("ctrl+q")                          # the choice is in no save: the game asks first
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, ConfirmScreen)
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1
        await pilot.press("n")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
    assert app.return_code is None


async def test_cover_at_one_cell_is_still(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        for width, height in ((1, 1), (2, 2), (3, 1)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            cover = app.screen
            assert isinstance(cover, TooSmallScreen)
            frames = set()
            for _ in range(12):             # each pause draws a frame: a scrollbar that comes and goes shows here
                await pilot.pause(0)
                frames.add((cover.show_vertical_scrollbar, cover.show_horizontal_scrollbar,
                            cover.query_one("#too-small-message").size))
            assert len(frames) == 1 and not any(frames.pop()[:2]), (width, height)


# -- keys faster than the screens: several arrive before the first is done with ------------------------


async def test_enter_twice_on_a_new_game(saves_dir: Path) -> None:
    app = PolitburoApp(scenarios_dir=SCENARIOS, seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "n")
        await burst(pilot, "enter", "enter")
        assert stack_names(app) == ["TitleScreen", "PlayScreen"]
        assert app.game is not None
        await burst(pilot, first_open_key(app.game))
        assert len(app.game.journal) == 1
    assert app.return_code is None


async def test_enter_twice_on_a_save_to_load(saves_dir: Path) -> None:
    stock_saves(saves_dir)
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "l")
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[e.name for e in app.screen.entries].index("good"))  # type: ignore[attr-defined]
        await burst(pilot, "enter", "enter")
        assert stack_names(app) == ["TitleScreen", "PlayScreen"]
        assert app.game is not None and app.game.scenario.id == "mini"
    assert app.return_code is None


async def test_enter_then_escape_on_the_scenarios() -> None:
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "s")
        await burst(pilot, "enter", "escape")
        assert stack_names(app)[0] == "TitleScreen"              # never a blank app without its title screen
        await burst(pilot, "escape", "escape")
        assert stack_names(app) == ["TitleScreen"]
        await burst(pilot, "n")
        assert isinstance(app.screen, NewGameScreen)


async def test_enter_twice_on_a_palette_command() -> None:
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "ctrl+p")
        await burst(pilot, *"new game", "enter", "enter")
        assert stack_names(app) == ["TitleScreen", "NewGameScreen"]     # run once; the title screen stays
        await burst(pilot, "escape", "ctrl+p")
        await burst(pilot, "enter", "enter")                            # the first command, picked twice
        assert stack_names(app)[0] == "TitleScreen" and len(app.screen_stack) == 3


@pytest.mark.parametrize("keys", [("enter", "f1", "1"), ("enter", "question_mark", "3")])
async def test_keys_on_their_way_as_a_save_is_loaded(saves_dir: Path, keys: tuple[str, ...]) -> None:
    stock_saves(saves_dir)
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "l")
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[e.name for e in app.screen.entries].index("good"))  # type: ignore[attr-defined]
        await burst(pilot, *keys)          # help opens over the list as the save loads, and a choice key follows
        assert stack_names(app) == ["TitleScreen", "PlayScreen"]
        assert app.game is not None and app.game.scenario.id == "mini"
    assert app.return_code is None


async def test_two_title_menu_items_picked_at_once(chapter: Scenario, saves_dir: Path) -> None:
    game = Game.new(chapter, "stalin", 1)
    game.choose(game.available_choices()[0].id)
    SaveStore(saves_dir).write(game, "in-progress")         # Continue has a game to resume
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await burst(pilot, "enter", "down", "enter")           # New game, and at once Continue
        assert stack_names(app) == ["TitleScreen", "NewGameScreen"]
    assert app.return_code is None


@pytest.mark.parametrize("key", ["pagedown", "pageup"])
async def test_a_page_key_as_the_palette_opens(key: str) -> None:
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "ctrl+p", key)
        assert isinstance(app.screen, CommandPalette)
        await burst(pilot, *"help")
        await burst(pilot, key)                                         # once drawn, the keys work
        await burst(pilot, "enter")
        assert stack_names(app) == ["TitleScreen", "HelpScreen"]


@pytest.mark.parametrize("playing, keys", [(False, ("q", "l")), (False, ("q", "f1")), (True, ("q", "j")),
                                           (True, ("q", "ctrl+o")), (True, ("ctrl+q", "ctrl+p"))])
async def test_keys_right_after_quitting(chapter: Scenario, saves_dir: Path, playing: bool,
                                         keys: tuple[str, ...]) -> None:
    stock_saves(saves_dir)
    app = app_at(chapter, "trotsky", seed=1) if playing else PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await burst(pilot, *keys)
    assert app.return_code == 0


# -- the storm ------------------------------------------------------------------------------------
# Keys a player might press anywhere, each as often as it is listed: letters and digits (choices,
# screen keys, text in the search and name fields), what moves and picks, and every key the game binds.
# q and ctrl+q are in it: a clean quit ends one launch and the storm goes on in the next, as a player
# who starts the game again would.
STORM_KEYS = (
    [*"abcdefghijklmnoprstuvwxyz", *"0123456789" * 3, *"123" * 4]
    + ["escape"] * 8 + ["enter"] * 8 + ["down"] * 4 + ["up"] * 2 + ["tab", "shift+tab", "left", "right",
       "pageup", "pagedown", "home", "end", "space", "backspace", "delete", "question_mark", "f1", "f5", "f9",
       "ctrl+p", "ctrl+s", "ctrl+o", "ctrl+f", "ctrl+t", "ctrl+c", "q", "ctrl+q"]
)
# The game is played mostly at sizes it fits; one resize in four is to one it does not.
ROOMY = ((80, 24), (80, 24), (80, 24), (100, 30), (120, 40), (200, 60))
TOO_SMALL = ((1, 1), (2, 2), (40, 12), (79, 23), (80, 23), (79, 24))
RESIZE_EVERY = 25       # on average one action in this many is a resize
BURSTS = (1,) * 9 + (2, 3, 5)       # most keys one at a time, some together


class Start(NamedTuple):
    """Where a storm starts: the game the app plays (none, a new one, one at its end), keys, the screen."""

    name: str
    game: str | None
    keys: tuple[str, ...]
    screen: str
    size: tuple[int, int] = (100, 30)


# Every screen, reached by its own keys (or by the size of the terminal).
STARTS = (
    Start("title", None, (), "TitleScreen"),
    Start("new game", None, ("n",), "NewGameScreen"),
    Start("scenarios", None, ("s",), "ScenariosScreen"),
    Start("load", None, ("l",), "SavesScreen"),
    Start("help", None, ("f1",), "HelpScreen"),
    Start("delete question", None, ("l", "d"), "ConfirmScreen"),
    Start("rename", None, ("l", "r"), "RenameScreen"),
    Start("play", "new", (), "PlayScreen", (80, 24)),
    Start("journal", "new", ("j",), "JournalScreen"),
    Start("codex", "new", ("c",), "CodexScreen"),
    Start("standing", "new", ("s",), "StandingScreen"),
    Start("save", "new", ("ctrl+s",), "SavesScreen"),
    Start("palette", "new", ("ctrl+p",), "PaletteScreen"),
    Start("ending", "ended", (), "EndingScreen", (120, 40)),
    Start("too small", "new", (), "TooSmallScreen", (1, 1)),
)
# A hundred actions from each start: some 2,200 keys and 60 resizes in all, in about a minute on two
# cores. A longer or another storm is a variable away: POLITBURO_STORM_ACTIONS=1000 POLITBURO_STORM_SEED=7.
STORM_ACTIONS = int(os.environ.get("POLITBURO_STORM_ACTIONS", "100"))
STORM_SEED = int(os.environ.get("POLITBURO_STORM_SEED", "0"))


def first_app(game: str | None, chapter: Scenario, mini: Scenario) -> PolitburoApp:
    """The app a storm starts in: at the title, in a new game of the chapter, or at the end of a short one."""
    if game == "new":
        return PolitburoApp(game=Game.new(chapter, "stalin", 7), scenarios_dir=SCENARIOS)
    if game == "ended":
        ended = Game.new(mini, "red", 7)
        while ended.status == "event":
            ended.choose(ended.available_choices()[-1].id)
            ended.close_chapter()       # as the game does once the summary of a chapter is read
        return PolitburoApp(game=ended, scenarios_dir=SCENARIOS)
    return PolitburoApp(scenarios_dir=SCENARIOS, seed=7)


async def storm(seed: int, app: PolitburoApp, opening: tuple[str, ...], size: tuple[int, int],
                actions: int) -> Counter[str]:
    """`actions` random keys and resizes from where `opening` leads; a clean quit starts the game again.

    Returns how often each screen was on top. The last launch must still answer its keys at the end.
    """
    rng = random.Random(seed)
    seen: Counter[str] = Counter()
    done = 0
    trail: list[str] = []
    while True:
        try:
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                for key in opening:
                    await burst(pilot, key)
                seen[type(app.screen).__name__] += 1
                while done < actions and app.return_code is None:
                    done += 1
                    if rng.randrange(RESIZE_EVERY) == 0:
                        size = rng.choice(TOO_SMALL if rng.randrange(4) == 0 else ROOMY)
                        trail.append(f"{size[0]}x{size[1]}")
                        await resize(pilot, *size)
                    else:
                        keys = [rng.choice(STORM_KEYS) for _ in range(rng.choice(BURSTS))]
                        trail.append("+".join(keys))
                        await burst(pilot, *keys)
                    if app.return_code is None:
                        seen[type(app.screen).__name__] += 1
                if app.return_code is None:
                    await still_answers(pilot)
                    return seen
        except BaseException as e:
            e.add_note(f"key storm, seed {seed}, action {done}; the last actions: {' '.join(trail[-40:])}")
            raise
        assert app.return_code == 0, (seed, done, trail[-40:])
        seen["quit"] += 1
        app, opening, size = PolitburoApp(scenarios_dir=SCENARIOS, seed=rng.randrange(1000)), (), rng.choice(ROOMY)


async def still_answers(pilot: Pilot[int]) -> None:
    """The app, after the storm, at a size it fits: Escape leads back, help opens and closes, the game goes on."""
    app = pilot.app
    await resize(pilot, 100, 30)
    for _ in range(8):
        if isinstance(app.screen, (TitleScreen, PlayScreen, EndingScreen)):
            break
        await burst(pilot, "escape")
    base = app.screen
    assert isinstance(base, (TitleScreen, PlayScreen, EndingScreen)), stack_names(app)
    await burst(pilot, "f1")
    assert isinstance(app.screen, HelpScreen)
    await burst(pilot, "escape")
    assert app.screen is base
    if isinstance(base, PlayScreen):
        game = base.game
        made = len(game.journal)
        await burst(pilot, first_open_key(game))
        assert len(game.journal) == made + 1
    elif isinstance(base, EndingScreen):
        await burst(pilot, "t")
        assert isinstance(app.screen, TitleScreen) and app.game is None
    else:
        await burst(pilot, "n")
        assert isinstance(app.screen, NewGameScreen)


@pytest.mark.parametrize("start", STARTS, ids=[start.name for start in STARTS])
async def test_key_storm(start: Start, chapter: Scenario, mini: Scenario, saves_dir: Path) -> None:
    stock_saves(saves_dir)
    seed = 1000 * STORM_SEED + STARTS.index(start) + 1
    seen = await storm(seed, first_app(start.game, chapter, mini), start.keys, start.size, STORM_ACTIONS)
    assert seen[start.screen] >= 1, seen      # the storm began where it was meant to
