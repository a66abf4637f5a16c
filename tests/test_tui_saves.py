"""Saved games in the full-screen game (Pilot): Save and Load screens, Continue, quick keys."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList

from game.engine import Game
from game.engine.model import Scenario
from game.saves import SaveStore
from game.tui.app import PolitburoApp
from game.tui.screens.chapter_end import ChapterEndScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import RenameScreen, SavesScreen
from game.tui.screens.title import TitleScreen
from tests.conftest import FIXTURES, ROOT
from tests.tui_helpers import app_at, first_open_key, shown


def when(day: int) -> datetime:
    return datetime(2026, 1, day, 12, tzinfo=UTC)


def game_after(scenario: Scenario, role: str, seed: int, choices: int) -> Game:
    g = Game.new(scenario, role, seed)
    for _ in range(choices):
        g.choose(g.available_choices()[0].id)
    return g


def row_keys(app: PolitburoApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.coordinate_to_cell_key((r, 0)).row_key.value) for r in range(table.row_count)]


async def move_to(pilot, name: str) -> None:
    """Put the table's cursor on the save called `name`."""
    table = pilot.app.screen.query_one(DataTable)
    table.focus()
    table.move_cursor(row=row_keys(pilot.app).index(name))
    await pilot.pause()


# A fresh process: the title screen's Load, the save picked by name, then F5 at once. It prints the
# loaded game's state and the choices on screen.
LOADER = textwrap.dedent("""
    import asyncio, json, sys
    from textual.widgets import DataTable
    from game.tui.app import PolitburoApp

    async def main():
        app = PolitburoApp()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("l")
            table = app.screen.query_one(DataTable)
            names = [str(table.coordinate_to_cell_key((r, 0)).row_key.value) for r in range(table.row_count)]
            table.move_cursor(row=names.index(sys.argv[1]))
            await pilot.press("enter")
            await pilot.press("f5")
            view = app.game.current()
            print(json.dumps({"screen": type(app.screen).__name__, "state": app.game.snapshot(),
                              "choices": [[c.id, c.text, c.available] for c in view.choices]}))

    asyncio.run(main())
""")


async def test_save_in_the_tui_and_load_it_in_a_new_process(chapter: Scenario, saves_dir: Path) -> None:
    app = app_at(chapter, "zinoviev", seed=4)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.press(first_open_key(app.game))  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SavesScreen) and app.screen.mode == "save"
        assert isinstance(app.focused, Input)
        await pilot.press(*"Before the plenum", "enter")
        assert isinstance(app.screen, PlayScreen)
        game = app.game
        assert game is not None
        choices = [[c.id, c.text, c.available] for c in game.current().choices]  # type: ignore[union-attr]
    result = subprocess.run([sys.executable, "-c", LOADER, "Before the plenum"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["screen"] == "PlayScreen"
    assert loaded["state"] == json.loads(json.dumps(game.snapshot()))
    assert loaded["choices"] == choices
    # Saving straight after loading (F5 in that process) wrote the same state.
    store = SaveStore(saves_dir)
    assert store.read("quicksave").state == store.read("Before the plenum").state


async def test_continue_resumes_the_newest_game_in_progress(chapter: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    older, newer = game_after(chapter, "stalin", 1, 2), game_after(chapter, "trotsky", 2, 5)
    store.write(older, "older", now=when(1))
    store.write(newer, "newer", now=when(2))
    ended = Game.new(chapter, "stalin", 3)
    while ended.status == "event":
        ended.choose(ended.available_choices()[0].id)
    store.write(ended, "finished", now=when(3))
    app = PolitburoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        assert not menu.get_option("continue").disabled and not menu.get_option("load").disabled
        assert "Leon Trotsky" in shown(app, "#saves-note")
        await pilot.press("c")
        assert isinstance(app.screen, PlayScreen)
        assert app.game.snapshot() == newer.snapshot()  # type: ignore[union-attr]


async def test_continue_after_an_ending_offers_the_titles_other_choices(chapter: Scenario, saves_dir: Path) -> None:
    whole = Game.new(chapter, "stalin", 3)
    while whole.status == "event":
        whole.choose(whole.available_choices()[0].id)
    game = game_after(chapter, "stalin", 3, len(whole.journal) - 3)     # three choices from its ending
    app = PolitburoApp(game=game)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.save_as("three from the end")
        while not isinstance(app.screen, EndingScreen):
            await pilot.press("enter" if isinstance(app.screen, ChapterEndScreen) else first_open_key(game))
            await pilot.pause()
        assert game.status == "ended" and len(SaveStore(saves_dir).entries()) >= 3    # the autosaves of its last turns
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one("#menu", OptionList)
        assert menu.get_option("continue").disabled and not menu.get_option("load").disabled
        assert shown(app, "#saves-note") == "No game in progress; Load has the saved ones."
        await pilot.press("c")
        assert isinstance(app.screen, TitleScreen) and app.game is None


async def test_continue_with_the_scenario_missing_says_so_and_stays(saves_dir: Path) -> None:
    shutil.copytree(FIXTURES / "saves", saves_dir)       # games of the test scenario, not installed here
    app = PolitburoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, TitleScreen)
        assert any("is a game of scenario 'mini', which is not installed" in n.message for n in app._notifications)


async def test_title_without_saves_greys_continue_and_load(saves_dir: Path) -> None:
    app = PolitburoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        assert menu.get_option("continue").disabled and menu.get_option("load").disabled
        await pilot.press("c", "l")
        assert isinstance(app.screen, TitleScreen)


async def test_the_load_screen_lists_damaged_saves_beside_good_ones(saves_dir: Path) -> None:
    shutil.copytree(FIXTURES / "saves", saves_dir)
    before = (saves_dir / "truncated.json").read_bytes()
    app = PolitburoApp(scenarios_dir=str(FIXTURES / "scenarios"))
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        assert isinstance(app.screen, SavesScreen)
        assert set(row_keys(app)) == {p.stem for p in (FIXTURES / "saves").glob("*.json")}
        await move_to(pilot, "truncated")
        assert "cannot be loaded: line 51, column 11: the file ends too soon" in shown(app, "#save-detail")
        await pilot.press("enter")
        assert isinstance(app.screen, SavesScreen)
        assert any("cannot be loaded" in n.message for n in app._notifications)
        await move_to(pilot, "changed-scenario")        # sound as a file, refused against the scenario
        await pilot.press("enter")
        assert isinstance(app.screen, SavesScreen)
        assert any("no longer has event 'vanished'" in n.message for n in app._notifications)
        await move_to(pilot, "good")
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.game.current_id == "followup"  # type: ignore[union-attr]
    assert (saves_dir / "truncated.json").read_bytes() == before


async def test_delete_and_rename_ask_first(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    g = Game.new(mini, "red", 1)
    store.write(g, "keep", now=when(2))
    store.write(g, "drop", now=when(1))
    app = PolitburoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await move_to(pilot, "drop")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert (saves_dir / "drop.json").exists()
        await pilot.press("d", "y")
        assert not (saves_dir / "drop.json").exists() and row_keys(app) == ["keep"]
        await pilot.press("r")
        assert isinstance(app.screen, RenameScreen)
        await pilot.press("ctrl+u", *"../elsewhere", "enter")
        assert isinstance(app.screen, RenameScreen)
        assert "path separators" in shown(app, "#detail")
        await pilot.press("escape")
        assert row_keys(app) == ["keep"]
        await pilot.press("r", "ctrl+u", *"Kept", "enter")
        assert isinstance(app.screen, SavesScreen) and row_keys(app) == ["Kept"]
    assert sorted(p.name for p in saves_dir.iterdir()) == ["Kept.json"]


async def test_saving_over_a_save_asks_first(chapter: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    store.write(Game.new(chapter, "stalin", 1), "slot")
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "ctrl+s", *"slot", "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert store.read("slot").meta.role == "stalin"
        await pilot.press("enter", "y")
        assert isinstance(app.screen, PlayScreen)
        assert store.read("slot").state == app.game.snapshot()  # type: ignore[union-attr]
        await pilot.press("ctrl+s", *"../slot", "enter")
        assert isinstance(app.screen, SavesScreen)
        assert any("path separators" in n.message for n in app._notifications)


async def test_quicksave_and_quickload(chapter: Scenario, saves_dir: Path) -> None:
    app = app_at(chapter, "stalin", seed=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f9")
        assert any("no quicksave yet" in n.message for n in app._notifications)
        await pilot.press("1", "f5")
        saved = app.game.snapshot()  # type: ignore[union-attr]
        await pilot.press(first_open_key(app.game), first_open_key(app.game))  # type: ignore[arg-type]
        await pilot.pause()
        assert app.game.snapshot() != saved  # type: ignore[union-attr]
        await pilot.press("f9")
        assert isinstance(app.screen, PlayScreen)
        assert app.game.snapshot() == saved  # type: ignore[union-attr]
    # Every choice was autosaved on the way: the latest is in the newest autosave.
    assert SaveStore(saves_dir).newest().meta.kind == "auto"  # type: ignore[union-attr]


async def test_each_choice_is_autosaved(chapter: Scenario, saves_dir: Path) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert SaveStore(saves_dir).read("autosave-1").state == app.game.snapshot()  # type: ignore[union-attr]


def test_load_screen_snapshot(snap_compare, mini: Scenario, saves_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import time
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = SaveStore(saves_dir)
    store.write(game_after(mini, "red", 1, 1), "Before the plenum", now=when(3))
    store.write(game_after(mini, "blue", 2, 2), "autosave-1", kind="auto", now=when(2))
    (saves_dir / "torn.json").write_text('{"format": "politburo-save", "format_version": 2, "role": ')
    os.utime(saves_dir / "torn.json", (when(1).timestamp(), when(1).timestamp()))
    try:
        assert snap_compare(PolitburoApp(), press=["l"], terminal_size=(100, 24))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
