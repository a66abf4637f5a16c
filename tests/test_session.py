"""The game controller both faces drive: scenarios checked once, games started, saved, loaded and autosaved."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.model import Scenario
from game.saves import SaveError, SaveStore
from game.session import AUTOSAVE_WORDS, Notice, Session
from tests.conftest import MINI


def first_open_choice(session: Session) -> str:
    assert session.game is not None
    view = session.game.current()
    assert view is not None
    return next(c.id for c in view.choices if c.available)


@pytest.mark.parametrize("cache", [True, False])
def test_a_scenario_is_opened_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool):
    import game.scenario
    import game.scenario.cache
    module, name = (game.scenario.cache, "open_scenario") if cache else (game.scenario, "check_scenario")
    calls = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda path: calls.append(path) or real(path))
    session = Session(saves_dir=str(tmp_path), cache=cache)
    first, problems = session.load_scenario(str(MINI))
    again, _ = session.load_scenario(str(MINI))
    assert first is again and first is not None and problems == []
    assert calls == [str(MINI)]


def test_a_broken_scenario_gives_its_errors(tmp_path: Path):
    session = Session(saves_dir=str(tmp_path))
    scenario, problems = session.load_scenario(str(MINI.parent.parent / "bad" / "missing_field"))
    assert scenario is None
    assert any("event 'reckoning' is missing 'text'" in p for p in problems)


def test_start_save_and_load(mini: Scenario, tmp_path: Path):
    session = Session(saves_dir=str(tmp_path))
    game = session.start(mini, "red", seed=7)
    assert session.game is game and not session.unsaved()
    game.choose(first_open_choice(session))
    assert session.unsaved()                            # a choice is in no save until the autosave runs
    assert session.autosave() is None                   # it works: nothing to tell
    assert not session.unsaved()
    entry = session.save("before")
    assert entry.name == "before"
    loaded = session.load("before")
    assert loaded.game is session.game and loaded.game is not game
    assert loaded.message.startswith("Loaded 'before': ")
    assert loaded.game.snapshot() == game.snapshot()


def test_continue_and_quickload_without_saves_give_nothing(tmp_path: Path):
    session = Session(saves_dir=str(tmp_path))
    assert session.continue_game() is None
    assert session.quickload() is None
    assert session.game is None


def test_continue_plays_the_newest_game_in_progress(mini: Scenario, tmp_path: Path):
    session = Session(saves_dir=str(tmp_path), scenario=mini)
    game = session.start(mini, "blue", seed=3)
    game.choose(first_open_choice(session))
    session.autosave()
    later = Session(saves_dir=str(tmp_path), scenario=mini)
    loaded = later.continue_game()
    assert loaded is not None and loaded.game.snapshot() == game.snapshot()


def test_saving_without_a_game_says_so(tmp_path: Path):
    with pytest.raises(SaveError, match="no game in play"):
        Session(saves_dir=str(tmp_path)).save("x")


def test_autosave_failure_is_told_once_and_its_recovery_once(mini: Scenario, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    session = Session(saves_dir=str(tmp_path))
    game = session.start(mini, "red", seed=1)
    real_write = SaveStore.write
    broken = {"on": True}

    def write(self, *args, **kwargs):
        if broken["on"]:
            raise SaveError("the disk is full", str(tmp_path))
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(SaveStore, "write", write)
    game.choose(first_open_choice(session))
    told = session.autosave()
    assert isinstance(told, Notice) and told.severity == "error"
    assert told.text == AUTOSAVE_WORDS.failed.text.format(error=session.autosave_error)
    assert session.unsaved()
    game.choose(first_open_choice(session))
    assert session.autosave() is None                   # still failing: not told again
    broken["on"] = False
    assert session.autosave() == AUTOSAVE_WORDS.recovered        # the choices still waiting are saved now
    assert session.autosave() is None and not session.unsaved()


def test_one_scenario_refuses_a_save_of_another(mini: Scenario, chapter: Scenario, tmp_path: Path):
    store = SaveStore(tmp_path)
    other = Session(store=store, scenario=chapter)
    other.start(chapter, next(iter(chapter.roles)), seed=1)
    other.save("campaign")
    session = Session(store=store, scenario=mini, one_scenario=True)
    with pytest.raises(SaveError, match="start it with 'politburo play --load campaign'"):
        session.load("campaign")
