"""The player's keymap file: any binding rebound by its id; a file that cannot be used is reported and ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.model import Scenario
from game.tui.app import PolitburoApp
from game.tui.keymap import binding_ids, keymap_path, read_keymap
from game.tui.screens.help import HelpScreen
from game.tui.screens.play import PlayScreen
from game.tui.widgets.key_bar import KeyBar
from tests.tui_helpers import app_at


def write_keymap(text: str) -> Path:
    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_keymap_lives_in_the_config_folder(tmp_path: Path) -> None:
    assert keymap_path() == tmp_path / "user-config" / "politburo" / "keymap.toml"


def test_every_binding_has_an_id_the_keymap_can_name() -> None:
    ids = binding_ids(PolitburoApp)
    assert {"choose_1", "choose_9", "play_quit", "quit", "help", "title_new_game", "choice_next",
            "command_palette", "unfold_outcome"} <= set(ids)


def test_a_keymap_is_read_with_its_keys() -> None:
    path = write_keymap('# my keys\nchoose_1 = "a"\nplay_quit = "x,ctrl+c"\n"journal" = "question_mark"\n')
    keymap = read_keymap(path, PolitburoApp)
    assert keymap.error is None
    assert keymap.keys == {"choose_1": "a", "play_quit": "x,ctrl+c", "journal": "question_mark"}


def test_no_keymap_file_is_no_keymap(tmp_path: Path) -> None:
    assert read_keymap(tmp_path / "nothing.toml", PolitburoApp).keys == {}


@pytest.mark.parametrize(("text", "where", "message"), [
    ('choose_1 = "a"\nplay_quit "x"\n', ":2:11", "expected '=' after a key"),
    ('choose_1 = "a"\n\nchose_2 = "b"\n', ":3:1", "no key binding is called 'chose_2' (did you mean 'choose_2'?)"),
    ('play_quit = 7\n', ":1:1", "the keys of 'play_quit' must be text in quotes"),
    ('play_quit = "ctl+x"\n', ":1:1", "'ctl' in 'ctl+x' is not a modifier"),
    ('play_quit = "x,,y"\n', ":1:1", "a key is missing between commas"),
    ('play_quit = ""\n', ":1:1", "no key is given"),
    ('play_quit = "leftarrow"\n', ":1:1", "'leftarrow' is not a key"),
    ('[keys]\nplay_quit = "x"\n', ":1:1", "'keys' is a table"),
])
def test_a_keymap_that_cannot_be_used_says_where_and_why(text: str, where: str, message: str) -> None:
    path = write_keymap(text)
    keymap = read_keymap(path, PolitburoApp)
    assert keymap.keys == {}
    assert keymap.error is not None and keymap.error.startswith(f"{path}{where}: ")
    assert message in keymap.error and "\n" not in keymap.error


def test_a_keymap_that_is_not_text_is_refused() -> None:
    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'play_quit = "\xff"\n')
    assert read_keymap(path, PolitburoApp).error == f"{path}: byte 14 is not UTF-8 text"


async def test_a_keymap_rebinds_the_choice_keys_and_the_quit_key(mini: Scenario) -> None:
    write_keymap("".join(f'choose_{n} = "{"abdefghik"[n - 1]}"\n' for n in range(1, 10)) + 'play_quit = "x"\n')
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app._notifications
        game = app.game
        assert game is not None
        await pilot.press("1")                       # the game's own key no longer chooses
        assert game.journal == []
        await pilot.press("b")                       # the second choice, by the player's key
        assert [e["choice"] for e in game.journal] == ["alone"]
        bar = app.screen.query_one(KeyBar).visual.plain      # type: ignore[attr-defined]
        assert " a Choose" in bar and " x Quit" in bar
        await pilot.press("q")                       # nor does the game's own quit key leave
        assert app.return_code is None and isinstance(app.screen, PlayScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#keys").visual)      # type: ignore[attr-defined]
        assert "make that choice: a, b, d, e, f, g, h, i, k" in keys and "  x " in keys
        await pilot.press("escape", "x")
    assert app.return_code == 0


@pytest.mark.parametrize("text", ['choose_1 = "a"\nplay_quit "x"\n', 'choose_1 = "a"\nplay_quti = "x"\n'])
async def test_a_broken_keymap_is_reported_and_the_games_own_keys_kept(mini: Scenario, text: str) -> None:
    path = write_keymap(text)
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and messages[0].startswith(f"{path}:2:")
        assert messages[0].endswith("The game's own keys are used.")
        game = app.game
        assert game is not None
        await pilot.press("a")
        assert game.journal == []
        await pilot.press("2")
        assert [e["choice"] for e in game.journal] == ["alone"]


def test_where_names_the_keymap_file(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from game.cli import main
    assert main(["where", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["keymap"] == str(keymap_path())
    assert main(["where"]) == 0
    assert f"keymap     {keymap_path()}  (none yet" in capsys.readouterr().out
    write_keymap('play_quit = "x"\n')
    assert main(["where"]) == 0
    assert f"keymap     {keymap_path()}  (yours)" in capsys.readouterr().out


async def test_the_readmes_keymap_is_read_and_used(mini: Scenario) -> None:
    from tests.conftest import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("# ~/.config/politburo/keymap.toml\n", 1)[1].split("```", 1)[0]
    path = write_keymap(example)
    keymap = read_keymap(path, PolitburoApp)
    assert keymap.error is None and keymap.keys["choose_2"] == "b"
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert not app._notifications         # no binding of the example takes another's key
        await pilot.press("b")
        assert [e["choice"] for e in app.game.journal] == ["alone"]  # type: ignore[union-attr]


async def test_a_key_the_keymap_gives_twice_on_one_screen_is_refused(mini: Scenario) -> None:
    path = write_keymap('# the key of the standing\nchoose_2 = "s"\n')
    assert read_keymap(path, PolitburoApp).error == (
        f"{path}:2:1: 's' is also the key of 'Standing' (standing) beside it; give that one "
        f"another key too, or 'choose_2' a key of its own")
    write_keymap('choose_2 = "s"\nstanding = "w"\n')           # both moved: no clash
    assert read_keymap(path, PolitburoApp).keys == {"choose_2": "s", "standing": "w"}
    write_keymap('choose_2 = "j,shift+j"\njournal = "J"\n')
    assert "is also the key of" not in (read_keymap(path, PolitburoApp).error or "")
    app = app_at(mini, "red")
    write_keymap('choose_2 = "s"\n')
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert [n.title for n in app._notifications] == ["Keymap not used"]
        await pilot.press("2")
        assert [e["choice"] for e in app.game.journal] == ["alone"]  # type: ignore[union-attr]
