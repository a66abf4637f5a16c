"""Chapters in the faces: the summary at a chapter's end (full screen and plain), a new game begun at a
chapter, and the chapters `politburo list` names. The mini scenario's chapter `last` begins in March 1924."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.engine.model import Scenario
from game.plain import PlainGame
from game.tui.app import PolitburoApp
from game.tui.screens.chapter_end import ChapterEndScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.title import TitleScreen
from tests.tui_helpers import SCENARIOS, app_at, first_open_key, shown

MARCH = date(1924, 3, 1)


async def play_to_the_crossing(app: PolitburoApp, pilot) -> Game:     # type: ignore[no-untyped-def]
    """Take the first open choice until a choice ends the first chapter."""
    game = app.game
    assert game is not None
    while isinstance(app.screen, PlayScreen):
        await pilot.press(first_open_key(game))
    await pilot.pause()
    return game


async def test_the_summary_comes_between_the_chapters_and_going_on_shows_the_next_event(
        mini: Scenario, saves_dir: Path) -> None:
    app = app_at(mini, "red", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        game = await play_to_the_crossing(app, pilot)
        assert isinstance(app.screen, ChapterEndScreen)
        assert game.interlude == "first" and game.date == MARCH
        assert shown(app, "#chapter-title") == "The First Months"
        assert "January 1924 to February 1924" in shown(app, "#chapter-period")
        assert "Prestige: 60 to" in shown(app, "#chapter-changes")
        assert "The bloc formed" in shown(app, "#chapter-changes")
        assert "offices are held as they were in the record" in shown(app, "#chapter-differences")
        assert "Prestige" in shown(app, "#chapter-outcome")         # what the choice that crossed did
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert game.interlude == "" and game.chapter is not None and game.chapter.id == "last"
        assert "Quiet Month" in shown(app, "#event-title")
    # The summary read is autosaved: the slot of the turn the chapter crossed into no longer holds it unread.
    saved = [json.loads(p.read_text())["state"] for p in saves_dir.glob("autosave-*.json")]
    assert [s["interlude"] for s in saved if s["turn"] == 3] == [""]


async def test_a_game_saved_before_the_summary_was_read_shows_it_first(mini: Scenario) -> None:
    app = app_at(mini, "red", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await play_to_the_crossing(app, pilot)
        assert isinstance(app.screen, ChapterEndScreen)
        await pilot.press("q")           # the choice that crossed is autosaved, its summary unread
    assert app.return_code == 0
    again = PolitburoApp(scenarios_dir=SCENARIOS)
    async with again.run_test(size=(100, 30)) as pilot:
        assert isinstance(again.screen, TitleScreen)
        again.continue_game()
        await pilot.pause()
        assert isinstance(again.screen, ChapterEndScreen)
        game = again.game
        assert game is not None and game.interlude == "first"
        assert "The Last Month" in str(again.screen.query_one("#next-chapter").label)   # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen) and game.interlude == ""


async def test_a_new_game_may_begin_at_a_later_chapter(mini: Scenario) -> None:
    app = PolitburoApp(seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        app.new_game_in(mini.path)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        assert screen.chapter() is not None and screen.chapter().id == "first"     # type: ignore[union-attr]
        assert "Where you begin: The First Months, January 1924" in shown(app, "#role-about")
        await pilot.press("tab", "down")
        assert "Where you begin: The Last Month, March 1924" in shown(app, "#role-about")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        game = app.game
        assert game is not None and game.role == "red" and game.seed == 5
        assert game.began == "last" and game.date == MARCH and game.turn == 3
        assert game.stats == {"prestige": 55, "unity": 40} and game.rel["green"] == 20
        assert game.factions["bloc"] == {"green", "red"}


async def test_the_chapter_offered_first_is_the_one_asked_for(mini: Scenario) -> None:
    app = PolitburoApp(scenario=mini, chapter="last", seed=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.game is not None and app.game.began == "last" and app.game.date == MARCH


async def test_a_role_that_begins_later_begins_at_its_first_chapter(chapter: Scenario) -> None:
    """Kamenev plays from 1925: his first chapter is the default, and the list offers only his chapters."""
    app = PolitburoApp(seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        app.new_game_in(chapter.path)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        names = [r.id for r in screen.roles]
        await pilot.press(*["down"] * names.index("kamenev"))
        first = chapter.first_chapter("kamenev")
        assert first is not None and screen.chapter().id == first.id    # type: ignore[union-attr]
        plays = [ch.id for ch in chapter.chapters if ch.plays("kamenev")]
        assert [ch.id for ch in screen.chapters] == plays
        assert screen.query_one("#chapter-list").display == (len(plays) > 1)
        assert f"Where you begin: {first.title}, " in shown(app, "#role-about")


def test_plain_mode_shows_the_summary_once_between_the_chapters(mini: Scenario) -> None:
    out = io.StringIO()
    status = PlainGame(Game.new(mini, "red", 1), io.StringIO("1\n1\n1\n1\n1\n"), out).run()
    text = out.getvalue()
    assert status == 0
    assert text.count("=== THE END OF A CHAPTER: The First Months (January 1924 to February 1924) ===") == 1
    assert "What changed:\n  - Prestige: 60 to" in text
    assert "Where your game differs from the record:" in text
    assert "Next chapter: The Last Month." in text
    assert text.index("=== THE END OF A CHAPTER") < text.index("== March 1924 | turn 3")
    assert "Chapter: The First Months, from January 1924." in text


def summarised(tmp_path: Path) -> Scenario:
    """The mini scenario with a summary written for its first chapter."""
    import shutil

    from game.scenario import load_scenario
    folder = tmp_path / "summarised"
    shutil.copytree(Path(SCENARIOS) / "mini", folder)
    manifest = folder / "scenario.yaml"
    manifest.write_text(manifest.read_text().replace(
        "    description: Where the game begins.\n",
        "    description: Where the game begins.\n    summary: The first months passed as the record has them.\n", 1))
    return load_scenario(str(folder))


async def test_a_chapters_summary_is_headed_as_the_record(tmp_path: Path) -> None:
    """The summary tells the chapter as the record has it, whatever the player did: it says so, on the screen and
    in plain mode."""
    scenario = summarised(tmp_path)
    out = io.StringIO()
    PlainGame(Game.new(scenario, "red", 1), io.StringIO("1\n1\n1\n1\n1\n"), out).run()
    assert "===\n\nIn the record:\n  The first months passed as the record has them.\n\nWhat changed:" in out.getvalue()
    app = app_at(scenario, "red", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await play_to_the_crossing(app, pilot)
        text = app.screen.query_one("#chapter-text")
        siblings = list(text.parent.children)       # type: ignore[union-attr]
        assert str(siblings[siblings.index(text) - 1].render()) == "In the record"
        assert shown(app, "#chapter-text") == "The first months passed as the record has them."


def test_plain_mode_puts_a_long_chapters_period_on_a_line_of_its_own(mini: Scenario) -> None:
    """A banner too long for the width is not broken inside the period's brackets."""
    out = io.StringIO()
    game = PlainGame(Game.new(mini, "red", 1), io.StringIO("1\n1\n1\n1\n1\n"), out)
    game.width = 60
    assert game.run() == 0
    assert "=== THE END OF A CHAPTER: The First Months ===\n(January 1924 to February 1924)\n" in out.getvalue()


class _Typed(io.StringIO):
    """Lines typed at a terminal."""

    def isatty(self) -> bool:
        return True


def test_plain_mode_lets_a_player_at_a_terminal_look_back_after_the_ending(mini: Scenario, tmp_path: Path) -> None:
    from game.saves import SaveStore
    store = SaveStore(tmp_path)
    store.write(Game.new(mini, "red", 1), "early")
    out = io.StringIO()
    typed = "1\n" * 5 + "journal\nstats\nwhat\nsaves\nload early\nquit\n"
    assert PlainGame(Game.new(mini, "red", 1), _Typed(typed), out, store).run() == 0
    text = out.getvalue()
    after = text[text.index("=== THE END: "):]
    assert "The game is over. Type 'journal' or 'stats' to look back on it, 'load NAME'" in after   # no 'record':
    assert "'record'" not in text     # the game ran to the scenario's end, and the record with it
    assert "\n1924-03  Quiet Month: Wait.\n" in after and "\nStats:\n  Prestige " in after    # journal, stats
    assert "Type 'journal', 'stats', 'saves' or 'load NAME', or press Enter to leave." in after
    assert "early" in after[after.index("Type 'journal', 'stats'"):]
    assert "== January 1924 | turn 1 | The Red Player ==" in after     # the saved game, played on until 'quit'
    # Input that is not a terminal (a script) ends with the ending, as it did.
    out = io.StringIO()
    assert PlainGame(Game.new(mini, "red", 1), io.StringIO(typed), out, store).run() == 0
    assert "The game is over." not in out.getvalue() and out.getvalue().rstrip().endswith(
        text[:text.index("The game is over.")].rstrip().splitlines()[-1])


def early_end(tmp_path: Path) -> Scenario:
    """The mini scenario with an ending that comes after the first choice: the record goes on for a month more."""
    from game.scenario import load_scenario
    from tests.conftest import mini_variant
    return load_scenario(str(mini_variant(tmp_path, "early", "condition: \"prestige < 10\"", "condition: \"prestige < 90\"")))


def test_a_game_that_ends_early_leaves_the_record_after_it_apart(tmp_path: Path) -> None:
    from game.engine import path_beside_history, record_after
    scenario = early_end(tmp_path)
    game = Game.new(scenario, "red", 1)
    game.choose(game.available_choices()[0].id)
    assert game.ended and game.ending_id == "crash"
    assert [row.month for row in path_beside_history(game)] == [date(1924, 1, 1)]
    assert [(row.month, row.you, row.history) for row in record_after(game)] == [
        (date(1924, 2, 1), (), ("The plenum met.",))]
    # A script reads the rest of the record under its own heading; a player at a terminal asks for it.
    out = io.StringIO()
    PlainGame(Game.new(scenario, "red", 1), io.StringIO("1\n"), out).run()
    assert "\nThe record after your game ended:\n  February 1924\n    History: The plenum met.\n" in out.getvalue()
    out = io.StringIO()
    PlainGame(Game.new(scenario, "red", 1), _Typed("1\nrecord\n\n"), out).run()
    text = " ".join(out.getvalue().split())
    told = text.index("The record goes on to February 1924: type 'record' after the ending to read it.")
    assert told < text.index("The game is over. Type 'journal' or 'stats' to look back on it, 'record' for what")
    assert text.index("The game is over.") < text.index("The record after your game ended: February 1924 History:")


async def test_the_ending_screen_folds_the_record_after_an_early_end(tmp_path: Path) -> None:
    from textual.widgets import Collapsible

    from game.tui.widgets.timeline_table import TimelineTable
    game = Game.new(early_end(tmp_path), "red", 1)
    game.choose(game.available_choices()[0].id)
    app = PolitburoApp(game=game)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        folded = app.screen.query_one("#record-after", Collapsible)
        assert folded.collapsed and folded.title == "The record after your game ended, to February 1924"
        table = app.screen.query_one("#timeline", TimelineTable)
        assert "The plenum met." not in table.layout_for(90).plain and "The year began" in table.layout_for(90).plain
        after = app.screen.query_one("#timeline-after", TimelineTable).layout_for(90).plain
        assert "The plenum met." in after and "What you did" not in after    # no decisions: no column for them


def test_plain_mode_shows_a_summary_left_unread_in_a_save(mini: Scenario) -> None:
    game = Game.new(mini, "red", 1)
    while not game.interlude:
        game.choose(game.available_choices()[0].id)
    loaded = Game.restore(mini, json.loads(json.dumps(game.snapshot())))
    assert loaded.interlude == "first"
    out = io.StringIO()
    PlainGame(loaded, io.StringIO(""), out).run()
    text = out.getvalue()
    assert "=== THE END OF A CHAPTER: The First Months" in text and loaded.interlude == ""
    assert text.index("=== THE END OF A CHAPTER") < text.index("== March 1924")


def test_plain_play_at_a_chapter_starts_there(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    status = main(["play", "--plain", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--chapter", "last",
                   "--role", "red", "--seed", "1"])
    out = capsys.readouterr().out
    assert status == 0
    assert "Chapter: The Last Month, from March 1924." in out
    assert "== March 1924 | turn 3 | The Red Player ==" in out and "January 1924 |" not in out
    assert "THE END OF A CHAPTER" not in out


def test_list_names_the_chapters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json", "--scenarios-dir", SCENARIOS]) == 0
    items = {i["id"]: i for i in json.loads(capsys.readouterr().out)}
    mini = items["mini"]
    assert {"id", "title", "path", "origin", "roles", "shadowed"} <= set(mini)     # the keys there before
    assert mini["chapters"] == [
        {"id": "first", "title": "The First Months", "start": "1924-01", "roles": ["red", "blue"]},
        {"id": "last", "title": "The Last Month", "start": "1924-03", "roles": ["red", "blue"]},
    ]
    campaign = {c["id"]: c for c in items["succession-1924"]["chapters"]}
    assert "kamenev" not in campaign["succession"]["roles"] and "kamenev" in campaign["one_country"]["roles"]
    assert main(["list", "--scenarios-dir", SCENARIOS]) == 0
    text = capsys.readouterr().out
    assert "chapters: first (1924-01): The First Months; roles red, blue" in text
    assert "last (1924-03): The Last Month; roles red, blue" in text
