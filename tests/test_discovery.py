"""Where scenarios are found: --scenarios-dir, POLITBURO_SCENARIOS, the user's data folder, then the game's own."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.scenario.discovery import find_scenario, list_scenarios, scenario_folders
from tests.conftest import CHAPTER, MINI, ROOT


def mini_copy(base: Path, folder: str, title: str) -> Path:
    """A copy of the mini scenario in base/folder, told apart from others by its title."""
    target = base / folder
    shutil.copytree(MINI, target)
    manifest = target / "scenario.yaml"
    manifest.write_text(manifest.read_text().replace("title: A Small Test Scenario", f"title: {title}"))
    return target


def test_folders_are_looked_in_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_data: Path) -> None:
    monkeypatch.setenv("POLITBURO_SCENARIOS", os.pathsep.join([str(tmp_path / "one"), "", str(tmp_path / "two")]))
    folders = scenario_folders(str(tmp_path / "given"))
    assert [(f.path, f.origin) for f in folders] == [
        (str(tmp_path / "given"), "--scenarios-dir"),
        (str(tmp_path / "one"), "POLITBURO_SCENARIOS"),
        (str(tmp_path / "two"), "POLITBURO_SCENARIOS"),
        (str(user_data / "politburo" / "scenarios"), "user"),
        (str(ROOT / "scenarios"), "bundled"),
    ]


def test_a_folder_named_twice_is_looked_in_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLITBURO_SCENARIOS", os.pathsep.join([str(tmp_path), str(ROOT / "scenarios")]))
    folders = scenario_folders(str(tmp_path))
    assert [f.origin for f in folders] == ["--scenarios-dir", "POLITBURO_SCENARIOS", "user"]
    assert [f.path for f in folders].count(str(tmp_path)) == 1
    origins = {f.path: f.origin for f in folders}
    assert origins[str(tmp_path)] == "--scenarios-dir"
    assert origins[str(ROOT / "scenarios")] == "POLITBURO_SCENARIOS"     # named before the game's own place comes


def test_each_scenario_says_where_it_was_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_data: Path) -> None:
    mini_copy(tmp_path / "listed", "a", "From the variable")
    mini_copy(user_data / "politburo" / "scenarios", "b", "From the user folder")
    monkeypatch.setenv("POLITBURO_SCENARIOS", str(tmp_path / "listed"))
    infos = {i.title: i for i in list_scenarios()}
    assert infos["From the variable"].origin == "POLITBURO_SCENARIOS"
    assert infos["From the variable"].path == str(tmp_path / "listed" / "a")
    assert infos["The Succession, 1924-1929"].origin == "bundled"
    # The user folder's copy has the id 'mini' too: the variable's folder comes first and wins.
    assert "From the user folder" not in infos
    [shadowed] = infos["From the variable"].shadowed
    assert (shadowed.path, shadowed.origin) == (str(user_data / "politburo" / "scenarios" / "b"), "user")


def test_the_user_folder_is_found_under_xdg_data_home(user_data: Path) -> None:
    folder = mini_copy(user_data / "politburo" / "scenarios", "mine", "Mine")
    [info] = [i for i in list_scenarios() if i.id == "mini"]
    assert (info.path, info.origin, info.shadowed) == (str(folder), "user", ())


def test_missing_and_unreadable_folders_are_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("POLITBURO_SCENARIOS", os.pathsep.join([str(tmp_path / "nowhere"), str(tmp_path / "a-file")]))
    assert [i.id for i in list_scenarios()] == ["succession-1924"]


def test_a_scenario_in_a_listed_folder_is_listed_played_and_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    mini_copy(tmp_path / "mine", "my-folder", "My Own Scenario")
    monkeypatch.setenv("POLITBURO_SCENARIOS", str(tmp_path / "mine"))

    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "mini                     My Own Scenario" in out
    assert f"from: POLITBURO_SCENARIOS, {tmp_path / 'mine' / 'my-folder'}" in out
    assert main(["list", "--json"]) == 0
    listed = {i["id"]: i for i in json.loads(capsys.readouterr().out)}
    assert listed["mini"]["origin"] == "POLITBURO_SCENARIOS" and listed["mini"]["shadowed"] == []
    assert listed["succession-1924"]["origin"] == "bundled"

    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 10))
    assert main(["play", "--plain", "--scenario", "mini", "--role", "red", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "=== THE END: Triumph" in out

    assert main(["simulate", "mini", "--runs", "20", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["runs"] == 20 and not report["dead_ends"] and not report["errors"]


def test_two_scenarios_of_one_id_are_reported_and_the_first_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    first = mini_copy(tmp_path / "first", "mini", "The First")
    second = mini_copy(tmp_path / "second", "other-name", "The Second")
    monkeypatch.setenv("POLITBURO_SCENARIOS", os.pathsep.join([str(tmp_path / "first"), str(tmp_path / "second")]))
    assert find_scenario("mini") == str(first)

    assert main(["list"]) == 0
    captured = capsys.readouterr()
    assert "The First" in captured.out and "The Second" not in captured.out
    assert captured.err == (f"politburo: warning: two scenarios have the id 'mini': {first} (POLITBURO_SCENARIOS) "
                            f"is used, {second} (POLITBURO_SCENARIOS) is not\n")
    assert main(["list", "--json"]) == 0
    captured = capsys.readouterr()
    [mini] = [i for i in json.loads(captured.out) if i["id"] == "mini"]
    assert mini["path"] == str(first)
    assert mini["shadowed"] == [{"path": str(second), "origin": "POLITBURO_SCENARIOS"}]
    assert "two scenarios have the id 'mini'" in captured.err

    # --scenarios-dir comes before the variable: the second copy is used, and the first is now the one not used.
    assert main(["list", "--scenarios-dir", str(tmp_path / "second")]) == 0
    captured = capsys.readouterr()
    assert "The Second" in captured.out
    assert f"{second} (--scenarios-dir) is used, {first} (POLITBURO_SCENARIOS) is not" in captured.err


def test_where_names_each_folder_and_where_it_comes_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         user_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "listed").mkdir()
    monkeypatch.setenv("POLITBURO_SCENARIOS", str(tmp_path / "listed"))
    assert main(["where", "--scenarios-dir", str(tmp_path / "given")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        f"scenarios  {tmp_path / 'given'}  (--scenarios-dir, missing)",
        f"           {tmp_path / 'listed'}  (POLITBURO_SCENARIOS)",
        f"           {user_data / 'politburo' / 'scenarios'}  (user, not made yet)",
        f"           {ROOT / 'scenarios'}  (bundled)",
    ]
    assert main(["where", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"] == [str(tmp_path / "listed"), str(user_data / "politburo" / "scenarios"), str(ROOT / "scenarios")]
    assert data["scenario_folders"] == [
        {"path": str(tmp_path / "listed"), "origin": "POLITBURO_SCENARIOS", "exists": True},
        {"path": str(user_data / "politburo" / "scenarios"), "origin": "user", "exists": False},
        {"path": str(ROOT / "scenarios"), "origin": "bundled", "exists": True},
    ]


async def test_the_scenarios_screen_says_where_each_comes_from_and_which_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_data: Path) -> None:
    from textual.widgets import OptionList

    from game.tui.app import PolitburoApp
    from tests.tui_helpers import shown
    mini_copy(tmp_path / "listed", "mini", "Listed Mini")
    shutil.copytree(CHAPTER, user_data / "politburo" / "scenarios" / "succession-1924")
    monkeypatch.setenv("POLITBURO_SCENARIOS", str(tmp_path / "listed"))
    app = PolitburoApp()
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.press("s")
        listing = app.screen.query_one("#scenario-list", OptionList)
        labels = {listing.get_option_at_index(i).id: str(listing.get_option_at_index(i).prompt)
                  for i in range(listing.option_count)}
        assert labels == {"mini": "Listed Mini  POLITBURO_SCENARIOS", "succession-1924": "The Succession, 1924-1929  yours"}
        while listing.get_option_at_index(listing.highlighted or 0).id != "succession-1924":
            await pilot.press("down")
        about = " ".join(shown(app, "#scenario-about").split())
        assert f"From: your scenarios folder ({user_data / 'politburo' / 'scenarios' / 'succession-1924'})" in about
        assert (f"Not used: {ROOT / 'scenarios' / 'succession-1924'} (the game's own scenarios) has the same id; "
                f"this one was found first.") in about


async def test_the_new_game_screen_says_where_its_scenario_comes_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.tui.app import PolitburoApp
    from game.tui.screens.new_game import NewGameScreen
    from tests.tui_helpers import shown
    listed = mini_copy(tmp_path / "listed", "mini", "Listed Mini")
    monkeypatch.setenv("POLITBURO_SCENARIOS", str(tmp_path / "listed"))
    app = PolitburoApp()
    async with app.run_test(size=(120, 34)) as pilot:
        app.push_screen(NewGameScreen(str(listed)))
        await pilot.pause()
        assert shown(app, ".screen-title") == "New game: Listed Mini (from a folder POLITBURO_SCENARIOS names)"
        app.push_screen(NewGameScreen(str(CHAPTER)))
        await pilot.pause()
        assert shown(app, ".screen-title") == "New game: The Succession, 1924-1929"
