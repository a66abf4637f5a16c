"""Live reload (`play --watch`): the files watched, the game carried into the changed scenario, both faces."""

from __future__ import annotations

import io
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.plain import PlainGame
from game.saves import SaveError, SaveStore
from game.scenario import load_scenario
from game.session import Session
from game.tui.app import PolitburoApp
from game.tui.screens.play import PlayScreen
from game.watch import Fingerprint, documents, summary, texts, what_changed
from tests.conftest import MINI, ROOT
from tests.tui_helpers import shown

EXAMPLE = ROOT / "docs" / "example-scenario" / "fourteenth-congress"
OPENING = "It is {date}."                    # the start of the mini scenario's first event's text
FOLLOWUP = "text: Green is"                  # the event the first choice of role red leads to


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the mini scenario to edit."""
    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def watched_game(folder: Path, role: str = "red", seed: int = 1, store: SaveStore | None = None) -> Session:
    """A session watching a game of the scenario in `folder`, as `play --watch` starts one."""
    scenario = load_scenario(str(folder))
    session = Session(store=store, saving=store is not None, scenario=scenario, one_scenario=True, watch=True)
    session.start(scenario, role, seed)
    return session


# -- the files watched ---------------------------------------------------------------------------

def test_the_fingerprint_sees_an_edit_a_new_file_and_a_deleted_one(folder: Path) -> None:
    first = Fingerprint.take(str(folder))
    assert not first.changes_to(first.now())
    edit(folder / "content.yaml", OPENING, "It is now {date}.")
    (folder / "more.yaml").write_text("events: []\n")
    (folder / "politics.yaml").unlink()
    (folder / "documents").mkdir()
    (folder / "documents" / "letter.md").write_text("A letter.\n")
    changes = first.changes_to(first.now())
    assert changes.edited == ("content.yaml",)
    assert changes.added == (os.path.join("documents", "letter.md"), "more.yaml")
    assert changes.removed == ("politics.yaml",)


def test_a_file_saved_again_with_the_same_content_is_no_change(folder: Path) -> None:
    content = folder / "content.yaml"
    first = Fingerprint.take(str(folder))
    content.write_text(content.read_text())
    os.utime(content, ns=(first.files["content.yaml"].mtime_ns + 10**9,) * 2)
    later = first.now()
    assert later.files["content.yaml"].mtime_ns != first.files["content.yaml"].mtime_ns
    assert not first.changes_to(later)


def test_an_edit_that_keeps_the_size_and_the_time_of_a_recent_file_is_seen(folder: Path) -> None:
    # Two saves within one tick of the file system's clock leave the same time: a file written
    # just now is read again at each look, so an edit of the same length is not missed.
    # (A time ahead of the clock is "just now" however long the test takes.)
    content = folder / "content.yaml"
    stamp = time.time_ns() + 3600 * 10**9
    os.utime(content, ns=(stamp, stamp))
    first = Fingerprint.take(str(folder))
    edit(content, "Join the bloc.", "Join the band.")
    os.utime(content, ns=(stamp, stamp))
    later = first.now()
    assert later.files["content.yaml"].mtime_ns == stamp and later.files["content.yaml"].size == first.files["content.yaml"].size
    assert first.changes_to(later).edited == ("content.yaml",)
    # An older file whose size and time have not moved is not read again (that is what makes a look cheap).
    os.utime(content, ns=(10**18, 10**18))
    settled = Fingerprint.take(str(folder))
    content.write_text(content.read_text().replace("Join the band.", "Join the bloc."))
    os.utime(content, ns=(10**18, 10**18))
    assert not settled.changes_to(settled.now())


def test_files_the_scenario_is_not_made_of_are_not_watched(folder: Path) -> None:
    first = Fingerprint.take(str(folder))
    (folder / ".content.yaml.swp").write_text("an editor's swap file")
    (folder / "content.yaml~").write_text("a backup")
    (folder / ".git").mkdir()
    (folder / ".git" / "index.yaml").write_text("x: 1\n")
    assert not first.changes_to(first.now())


def test_a_document_a_source_names_is_watched_whatever_its_kind(folder: Path) -> None:
    letter = folder / "letter.html"
    letter.write_text("<p>A letter.</p>")
    first = Fingerprint.take(str(folder)).watching([str(letter)])
    letter.write_text("<p>A longer letter.</p>")
    assert first.changes_to(first.now()).edited == ("letter.html",)


def test_a_document_named_with_either_slash_is_the_file_in_the_folder(folder: Path) -> None:
    # The checker takes `file: documents\\letter.md` as well as `documents/letter.md`: so does the watch.
    assert documents(str(folder), ["documents\\letter.md", "documents/letter.md", ""]) == (
        os.path.join(str(folder), "documents", "letter.md"),) * 2


def test_the_summary_counts_what_was_changed_added_and_removed() -> None:
    before = {"events": {"a": {"id": "a", "text": "A"}, "b": {"id": "b"}, "c": {"id": "c"}},
              "endings": {"e": {"id": "e"}}, "codex": {}}
    after = {"events": {"a": {"id": "a", "text": "A!"}, "b": {"id": "b", "title": "B"}, "c": {"id": "c"},
                        "d": {"id": "d"}},
             "endings": {}, "codex": {"x": {"id": "x"}, "y": {"id": "y"}}}
    assert summary(before, after) == "Reloaded: 2 events changed, 1 added; 1 ending removed; 2 codex entries added."
    assert summary(before, before) == "Reloaded: no event, ending or codex entry changed."


def test_what_is_written_is_compared_without_comments_or_layout(folder: Path) -> None:
    before = texts(str(folder))
    edit(folder / "content.yaml", "  - id: followup\n", "  # the follow-up\n  - id: followup   # after the opening\n")
    assert what_changed(before, texts(str(folder))) == "Reloaded: no event, ending or codex entry changed."


def test_an_object_moved_to_another_file_is_no_change(folder: Path) -> None:
    before = texts(str(folder))
    content = folder / "content.yaml"
    edit(content, "  - id: filler\n    title: Quiet Month\n    once: false\n    priority: -1\n    sources: [notes]\n"
                  "    text: Nothing much happens.\n    choices:\n      - {id: wait, text: Wait., "
                  "effects: [\"prestige += roll(-2, 2)\"]}\n", "")
    (folder / "filler.yaml").write_text("events:\n  - id: filler\n    title: Quiet Month\n    once: false\n"
                                        "    priority: -1\n    sources: [notes]\n    text: Nothing much happens.\n"
                                        "    choices:\n      - {id: wait, text: Wait., effects: [\"prestige += roll(-2, 2)\"]}\n")
    assert load_scenario(str(folder)).events["filler"].title == "Quiet Month"
    assert what_changed(before, texts(str(folder))) == "Reloaded: no event, ending or codex entry changed."


# -- reloading the scenario in play ----------------------------------------------------------------

def test_nothing_changed_nothing_reloaded(folder: Path) -> None:
    session = watched_game(folder)
    game = session.game
    assert session.check_for_changes() is None
    assert session.game is game


def test_an_edit_reloads_the_game_keeping_its_state(folder: Path) -> None:
    session = watched_game(folder)
    game = session.game
    assert game is not None
    game.choose("ally")
    assert game.current_id == "followup"
    edit(folder / "content.yaml", FOLLOWUP, "text: In the new text, Green is")
    reload = session.check_for_changes()
    assert reload is not None and reload.ok and reload.redraw
    assert reload.message == "Reloaded: 1 event changed."
    carried = session.game
    assert carried is reload.game and carried is not game and carried.scenario is reload.scenario
    assert carried.current().text == "In the new text, Green is an ally."  # type: ignore[union-attr]
    # Stats, flags, the journal, the random generator: all as they were.
    assert carried.snapshot() == game.snapshot()
    assert carried.flags["allied"] is True and len(carried.journal) == 1
    assert session.check_for_changes() is None          # each change is reloaded once


def test_an_edit_elsewhere_reloads_without_redrawing_the_event(folder: Path) -> None:
    session = watched_game(folder)
    edit(folder / "content.yaml", "text: Nothing much happens.", "text: Nothing at all happens.")
    reload = session.check_for_changes()
    assert reload is not None and reload.ok and not reload.redraw
    assert reload.message == "Reloaded: 1 event changed."


def test_a_broken_file_gives_its_errors_and_the_game_goes_on(folder: Path) -> None:
    session = watched_game(folder)
    game = session.game
    assert game is not None
    content = folder / "content.yaml"
    edit(content, "      - {id: ok, text: Good.", "      - {id: ok, text: Good., next: nowhere")
    reload = session.check_for_changes()
    assert reload is not None and not reload.ok
    assert reload.message == "Not reloaded: the scenario has 1 error; the game goes on as it was."
    assert len(reload.errors) == 1
    line, col, message = reload.errors[0].removeprefix(f"{content}:").split(":", 2)
    assert line.isdigit() and col.isdigit() and "'nowhere'" in message
    assert session.game is game
    assert session.check_for_changes() is None          # the errors are told once, not at every look
    game.choose("ally")                                 # the game goes on in the scenario as it was
    assert session.game is game and game.current_id == "followup"


def test_mending_the_file_reloads_the_game(folder: Path) -> None:
    session = watched_game(folder)
    content = folder / "content.yaml"
    text = content.read_text()
    content.write_text(text.replace("title: The Opening", "title: [The Opening"))
    broken = session.check_for_changes()
    assert broken is not None and not broken.ok and broken.errors
    content.write_text(text.replace("title: The Opening", "title: The Mended Opening"))
    mended = session.check_for_changes()
    assert mended is not None and mended.ok and mended.redraw
    assert mended.message == "Reloaded: 1 event changed."           # against the scenario in play
    assert session.game.current().title == "The Mended Opening"     # type: ignore[union-attr]


def test_a_removed_current_event_is_refused_and_the_game_kept(folder: Path) -> None:
    session = watched_game(folder)
    game = session.game
    assert game is not None and game.current_id == "opening"
    # Renamed: the scenario is valid, but the event in play is no longer in it.
    edit(folder / "content.yaml", "  - id: opening\n", "  - id: overture\n")
    reload = session.check_for_changes()
    assert reload is not None and not reload.ok and reload.errors == ()
    assert reload.message == ("Not reloaded: the scenario has changed and no longer has event 'opening'; "
                              "the game goes on as it was.")
    assert session.game is game
    edit(folder / "content.yaml", "  - id: overture\n", "  - id: opening\n")
    back = session.check_for_changes()
    assert back is not None and back.ok
    assert back.message == "Reloaded: no event, ending or codex entry changed."


def test_the_summary_of_a_reload_counts_each_kind(folder: Path) -> None:
    session = watched_game(folder)
    content = folder / "content.yaml"
    edit(content, "text: Nothing much happens.", "text: Nothing at all happens.")
    edit(content, "text: Alone, you face the reckoning.", "text: Alone, you face it.")
    edit(content, "  - id: filler\n", "  - id: interlude\n    title: Interlude\n    once: false\n    priority: -2\n"
                                      "    sources: [notes]\n    text: A pause.\n    choices:\n"
                                      "      - {id: wait, text: Wait.}\n  - id: filler\n")
    edit(content, "  - id: crash\n    title: Crash\n    trigger: anytime\n    condition: \"prestige < 10\"\n"
                  "    kind: historical\n    text: You crash.\n    history: It happened like this.\n    sources: [notes]\n", "")
    reload = session.check_for_changes()
    assert reload is not None and reload.ok, reload
    assert reload.message == "Reloaded: 2 events changed, 1 added; 1 ending removed."


def test_a_save_made_after_a_reload_loads_in_the_changed_scenario(folder: Path, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    session = watched_game(folder, store=store)
    game = session.game
    assert game is not None
    # A new event, met at once: the save names an event the scenario first checked does not have.
    edit(folder / "content.yaml", "        next: followup\n", "        next: aftermath\n")
    edit(folder / "content.yaml", "  - id: followup\n", "  - id: aftermath\n    title: The Aftermath\n"
                                                       "    follow_up: true\n    sources: [notes]\n"
                                                       "    text: After it.\n    choices:\n"
                                                       "      - {id: on, text: Go on.}\n  - id: followup\n")
    reload = session.check_for_changes()
    assert reload is not None and reload.ok, reload
    session.game.choose("ally")                                    # type: ignore[union-attr]
    assert session.game.current_id == "aftermath"                  # type: ignore[union-attr]
    session.save("after-reload")
    loaded = session.load("after-reload")
    assert loaded.game.current().title == "The Aftermath"          # type: ignore[union-attr]
    assert loaded.notes == ()                                      # it is a save of the scenario as it is
    # A fresh session, as a later 'play --load' is, loads it too.
    fresh = Session(store=store, scenario=load_scenario(str(folder)), one_scenario=True)
    assert fresh.load("after-reload").game.current_id == "aftermath"


def test_while_watching_a_scenario_changed_since_its_check_is_checked_again(folder: Path) -> None:
    session = Session(saving=False, watch=True)
    first, _ = session.load_scenario(str(folder))
    assert session.load_scenario(str(folder))[0] is first
    edit(folder / "content.yaml", "title: The Opening", "title: The New Opening")
    again, _ = session.load_scenario(str(folder))
    assert again is not first and again is not None and again.events["opening"].title == "The New Opening"
    # Without watching, a scenario is checked once.
    still = Session(saving=False)
    kept, _ = still.load_scenario(str(folder))
    edit(folder / "content.yaml", "title: The New Opening", "title: The Newer Opening")
    assert still.load_scenario(str(folder))[0] is kept


def test_while_watching_a_save_loads_in_the_scenario_as_its_files_are_now(folder: Path, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    scenario = load_scenario(str(folder))
    session = Session(store=store, scenario=scenario, watch=True)       # as the full-screen game has it
    session.start(scenario, "red", 1)
    session.save("before")
    session.leave()
    edit(folder / "content.yaml", "title: The Opening", "title: The New Opening")
    loaded = session.load("before")
    assert loaded.game.current().title == "The New Opening"          # type: ignore[union-attr]
    assert session.check_for_changes() is None                       # the loaded game's scenario is watched
    edit(folder / "content.yaml", "title: The New Opening", "title: [The New Opening")
    reload = session.check_for_changes()
    assert reload is not None and not reload.ok
    with pytest.raises(SaveError, match="which has errors: run 'politburo validate "):
        session.load("before")
    assert session.game is loaded.game


def test_without_watch_nothing_is_looked_at(folder: Path) -> None:
    scenario = load_scenario(str(folder))
    session = Session(saving=False, scenario=scenario, one_scenario=True)
    session.start(scenario, "red", 1)
    edit(folder / "content.yaml", OPENING, "It is now {date}.")
    assert session.check_for_changes() is None


# -- the full-screen game: the "Done when" ---------------------------------------------------

async def test_watch_in_the_full_screen_game(tmp_path: Path) -> None:
    folder = tmp_path / "fourteenth-congress"
    shutil.copytree(EXAMPLE, folder)
    events = folder / "events" / "autumn.yaml"
    scenario = load_scenario(str(folder))
    app = PolitburoApp(scenario=scenario, game=Game.new(scenario, "zinoviev", 1), watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.watch_timer is not None
        app.watch_timer.pause()             # the test looks when it wants: no waiting on the clock
        assert isinstance(app.screen, PlayScreen)
        assert shown(app, "#event-title") == "The Break in the Open"
        # An edit shows at once.
        edit(events, "title: The Break in the Open", "title: The Break Made Public")
        edit(events, "Since the September plenum the quarrel", "Since September the quarrel")
        reload = app.check_for_changes()
        await pilot.pause()
        assert reload is not None and reload.ok
        assert shown(app, "#event-title") == "The Break Made Public"
        assert shown(app, "#event-text").startswith("Since September the quarrel has been out in the open")
        assert any(n.message == "Reloaded: 1 event changed." for n in app._notifications)
        # A mistake shows its errors, with where they are, while the game goes on.
        text = events.read_text()
        events.write_text(text.replace("    title: Letters from the Provinces", "    title: [Letters from the Provinces"))
        reload = app.check_for_changes()
        await pilot.pause()
        assert reload is not None and not reload.ok
        band = shown(app, "#reload-errors")
        assert band.startswith("Not reloaded: the scenario has 1 error; the game goes on as it was.")
        assert f"{events}:" in band
        assert any(n.severity == "error" and f"{events}:" in n.message for n in app._notifications)
        journal = len(app.game.journal)     # type: ignore[union-attr]
        await pilot.press("2")
        assert len(app.game.journal) == journal + 1                   # type: ignore[union-attr]
        assert app.game.current_id == "provincial_letters"            # type: ignore[union-attr]
        assert shown(app, "#reload-errors").startswith("Not reloaded")   # the band stays until mended
        # Mended: the band goes, and play goes on in the mended scenario.
        events.write_text(text.replace("Letters from provincial committees", "Letters from the provincial committees"))
        reload = app.check_for_changes()
        await pilot.pause()
        assert reload is not None and reload.ok
        assert not app.screen.query("#reload-errors")
        assert shown(app, "#event-text").startswith("Letters from the provincial committees")
        await pilot.press("1")
        assert len(app.game.journal) == journal + 2                   # type: ignore[union-attr]


async def test_from_the_title_screen_the_scenario_of_the_game_chosen_is_watched(folder: Path) -> None:
    app = PolitburoApp(seed=1, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.watch_timer is not None
        app.watch_timer.pause()
        assert app.check_for_changes() is None                  # no game yet: nothing to watch
        app.new_game_in(str(folder))
        await pilot.pause()
        await pilot.press("enter")                              # the first role
        assert isinstance(app.screen, PlayScreen)
        edit(folder / "content.yaml", "title: The Opening", "title: The Chosen Opening")
        reload = app.check_for_changes()
        await pilot.pause()
        assert reload is not None and reload.ok
        assert shown(app, "#event-title") == "The Chosen Opening"


async def test_the_command_palette_reloads_while_watching(folder: Path) -> None:
    scenario = load_scenario(str(folder))
    app = PolitburoApp(scenario=scenario, game=Game.new(scenario, "red", 1), watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.watch_timer is not None
        app.watch_timer.pause()
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Reload scenario" in commands
        app.action_reload_scenario()
        await pilot.pause()
        assert any(n.message == "Reloaded: no event, ending or codex entry changed." for n in app._notifications)


async def test_without_watch_the_app_has_no_timer() -> None:
    scenario = load_scenario(str(MINI))
    app = PolitburoApp(scenario=scenario, game=Game.new(scenario, "red", 1))
    async with app.run_test(size=(100, 30)):
        assert not app.session.watching and app.watch_timer is None
        assert app.check_for_changes() is None
        assert "Reload scenario" not in [c.title for c in app.get_system_commands(app.screen)]


# -- the plain face -----------------------------------------------------------------------------------

class Typist(io.StringIO):
    """Input typed line by line; an action in the script is done just before the next line is read."""

    def __init__(self, script: list[str | Callable[[], None]]) -> None:
        super().__init__()
        self.script = list(script)

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        while self.script and callable(self.script[0]):
            self.script.pop(0)()         # type: ignore[operator]
        return self.script.pop(0) if self.script else ""   # type: ignore[return-value]


def test_watch_in_the_plain_game(folder: Path) -> None:
    content = folder / "content.yaml"
    text = content.read_text()
    scenario = load_scenario(str(folder))
    out = io.StringIO()
    typist = Typist([
        lambda: content.write_text(text.replace("It is {date}.", "It is now {date}.")), "help\n",
        lambda: content.write_text(text.replace("title: The Opening", "title: [The Opening")), "reload\n",
        lambda: content.write_text(text.replace("text: Green is", "text: Mended, Green is")), "1\n",
        "quit\n",
    ])
    assert PlainGame(Game.new(scenario, "red", 1), typist, out, watch=True).run() == 0
    said = out.getvalue()
    assert "  reload       check the scenario's files again now" in said
    # The edit: the summary, then the event shown again with its new text.
    after_edit = said.split("Reloaded: 1 event changed.\n", 1)[1]
    assert after_edit.lstrip().startswith("== January 1924 | turn 1 | The Red Player ==\nTHE OPENING")
    assert "It is now January 1924." in after_edit
    # The mistake: its error with file, line and column; the choice is still made.
    assert "Not reloaded: the scenario has 1 error; the game goes on as it was.\n" in said
    line = next(ln for ln in said.splitlines() if ln.startswith(f"  {content}:"))
    assert line.split(":")[1].isdigit() and line.split(":")[2].isdigit()
    assert "You are in the bloc." in said
    # Mended while the choice was typed: reloaded before the next prompt, the new event shown again as it now reads.
    chosen = said.split("You are in the bloc.", 1)[1]
    assert "\nGreen is an ally." in chosen
    mended = chosen.split("Reloaded: ", 1)[1]
    assert mended.startswith("2 events changed.\n")       # the opening as it was again, the follow-up
    assert "THE FOLLOW-UP\n\nMended, Green is an ally." in mended


def test_plain_without_watch_has_no_reload_command(folder: Path) -> None:
    scenario = load_scenario(str(folder))
    out = io.StringIO()
    PlainGame(Game.new(scenario, "red", 1), io.StringIO("help\nreload\nquit\n"), out).run()
    assert "reload" not in out.getvalue().split("Goodbye.")[0].split("Commands:")[1].split("The game is autosaved")[0]
    assert "Type a number from 1 to 3, or 'help'." in out.getvalue()


def test_play_watch_on_the_command_line(folder: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("reload\nquit\n"))
    assert main(["play", "--plain", "--watch", "--scenario", str(folder), "--role", "red", "--seed", "1"]) == 0
    assert "Reloaded: no event, ending or codex entry changed." in capsys.readouterr().out


def test_bench_watch_runs_and_prints_its_figures(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import bench_watch
    monkeypatch.setattr(sys, "argv", ["bench_watch", "--events", "20", "--repeat", "1"])
    bench_watch.main()
    out = capsys.readouterr().out
    assert out.count("a look, nothing changed:") == 3 and out.count("a reload:") == 3
