"""Hostile save files: times and numbers out of range, pipes, Unicode twins, races, two games, escapes.

Anything may be in a saves folder. Each case is listed as damaged with its reason (the others
still listed), refused with one line where it is loaded, left as it is, and never reaches the
terminal raw. Whatever could block (a pipe) runs in a subprocess with a timeout, so a
regression fails instead of hanging the suite.
"""

from __future__ import annotations

import io
import json
import os
import select
import shutil
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList

from game.cli import main
from game.engine import Game
from game.engine.model import Scenario
from game.plain import PlainGame
from game.saves import Autosaver, SaveError, SaveStore, restore_game
from game.tui.app import PolitburoApp
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.saves import SavesScreen
from game.tui.screens.title import TitleScreen
from tests.conftest import FIXTURES, ROOT
from tests.tui_helpers import SCENARIOS, shown

SAVE_FIXTURES = FIXTURES / "saves"
SAVED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)          # when the fixtures say they were saved
RAW = ("\x1b", "\x07", "\x9b", "\u202e")                   # what the control-characters fixture hides
BUSY = ("another Politburo game running with this saves folder holds its autosaves; "
        "this game will be autosaved once that one ends")
TIMEOUT = 60          # seconds before a child that should have finished long ago is taken for hung


def played(scenario: Scenario, role: str, seed: int, choices: int) -> Game:
    g = Game.new(scenario, role, seed)
    for _ in range(choices):
        g.choose(g.available_choices()[0].id)
    return g


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def stock(folder: Path, *names: str) -> SaveStore:
    """A saves folder holding copies of the given fixtures."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SAVE_FIXTURES / f"{name}.json", folder / f"{name}.json")
    return SaveStore(folder)


def politburo(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The game's command line in a new process, which must finish within TIMEOUT."""
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, text=True, capture_output=True,
                          cwd=ROOT, timeout=TIMEOUT, check=False)


def json_text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1)


def good_doc() -> dict[str, Any]:
    return json.loads((SAVE_FIXTURES / "good.json").read_text())


# -- times a save cannot hold ------------------------------------------------------------------------

TIMES = [("saved-long-ago", "0001-01-01T00:00:00+05:00"), ("saved-far-ahead", "9999-12-31T23:59:59-05:00")]


@pytest.mark.parametrize("name, text", TIMES, ids=[t[0] for t in TIMES])
def test_a_save_time_out_of_range_is_refused_naming_the_field(saves_dir: Path, name: str, text: str) -> None:
    store = stock(saves_dir, name)
    path = saves_dir / f"{name}.json"
    before = fingerprint(path)
    with pytest.raises(SaveError) as caught:
        store.read(name)
    assert str(caught.value) == f"{path}: 'meta.saved_at' is '{text}', outside the years 1970 to 2999"
    assert fingerprint(path) == before


def test_saves_list_shows_them_damaged_and_every_other_save(saves_dir: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    stock(saves_dir, "good", "saved-long-ago", "saved-far-ahead")
    assert main(["saves", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for name, text in TIMES:
        assert f"{name:<24} DAMAGED: 'meta.saved_at' is '{text}', outside the years 1970 to 2999" in lines
    local = SAVED.astimezone().strftime("%Y-%m-%d %H:%M")
    assert f"{'good':<24} {local}  The Red Player, January 1924, turn 1: The Follow-up  [A Small Test Scenario]" in lines
    assert main(["saves", "list", "--json"]) == 0
    listed = {e["name"]: e for e in json.loads(capsys.readouterr().out)}
    assert listed["saved-long-ago"]["damaged"] is True
    assert listed["saved-long-ago"]["problem"] == ("'meta.saved_at' is '0001-01-01T00:00:00+05:00', "
                                                   "outside the years 1970 to 2999")
    assert listed["good"]["saved_at"] == "2026-01-02T03:04:05+00:00"


def test_a_damaged_file_with_a_strange_time_is_placed_within_the_range(saves_dir: Path) -> None:
    store = stock(saves_dir, "truncated")
    os.utime(saves_dir / "truncated.json", (-2**31, -2**31))      # 1901: before any save could be made
    (entry,) = store.entries()
    assert entry.damaged and entry.when == datetime(1970, 1, 1, tzinfo=UTC)


async def test_the_full_screen_game_starts_beside_them(saves_dir: Path) -> None:
    stock(saves_dir, "good", "saved-long-ago", "saved-far-ahead")
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one("#menu", OptionList)
        assert not menu.get_option("continue").disabled and not menu.get_option("load").disabled
        await pilot.press("l")
        assert isinstance(app.screen, SavesScreen)
        table = app.screen.query_one(DataTable)
        names = [str(table.coordinate_to_cell_key((r, 0)).row_key.value) for r in range(table.row_count)]
        assert sorted(names) == ["good", "saved-far-ahead", "saved-long-ago"]
        table.move_cursor(row=names.index("saved-long-ago"))
        await pilot.pause()
        assert ("cannot be loaded: 'meta.saved_at' is '0001-01-01T00:00:00+05:00', outside the years 1970 to 2999"
                in shown(app, "#save-detail"))
        table.move_cursor(row=names.index("good"))
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen) and app.game.current_id == "followup"  # type: ignore[union-attr]


async def test_a_game_loaded_from_the_command_line_starts_beside_them(mini: Scenario, saves_dir: Path) -> None:
    store = stock(saves_dir, "good", "saved-long-ago", "saved-far-ahead")
    game = restore_game(store.read("good"), mini).game       # as `play --load good` hands it to the app
    app = PolitburoApp(game=game, scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        app.back_to_title()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "The Red Player, January 1924, turn 1: The Follow-up" in shown(app, "#saves-note")


# -- pipes and other files that are not files ------------------------------------------------------

NOT_REGULAR = "not a regular file (a pipe, a device or a folder): not a save"


@pytest.fixture
def pipe(saves_dir: Path) -> Path:
    """A saves folder with a good save and a pipe named like one."""
    stock(saves_dir, "good")
    os.mkfifo(saves_dir / "pipe.json")
    return saves_dir / "pipe.json"


def test_loading_a_pipe_is_refused_at_once(pipe: Path) -> None:
    result = politburo("play", "--plain", "--load", "pipe")
    assert result.returncode == 1
    assert result.stderr == f"politburo: {pipe}: {NOT_REGULAR}\n"


def test_renaming_a_pipe_is_refused_at_once(pipe: Path) -> None:
    result = politburo("saves", "rename", "pipe", "other")
    assert result.returncode == 1
    assert result.stderr == f"politburo: {pipe}: {NOT_REGULAR}\n"
    assert sorted(p.name for p in pipe.parent.iterdir()) == ["good.json", "pipe.json"]


def test_a_pipe_is_listed_as_damaged_and_can_be_deleted(pipe: Path) -> None:
    listed = politburo("saves", "list")
    assert listed.returncode == 0, listed.stderr
    assert f"{'pipe':<24} DAMAGED: {NOT_REGULAR}" in listed.stdout.splitlines()
    assert "The Red Player, January 1924, turn 1: The Follow-up" in listed.stdout
    plain = politburo("play", "--plain", "--role", "red", "--scenarios-dir", SCENARIOS, "--scenario", "mini",
                      stdin="load pipe\nsaves\n")
    assert any(line.endswith(f"Not loaded: {pipe}: {NOT_REGULAR}") for line in plain.stdout.splitlines())   # one line
    assert f" pipe: DAMAGED: {NOT_REGULAR}" in " ".join(plain.stdout.split())     # the list, wrapped to the width
    deleted = politburo("saves", "delete", "pipe")
    assert (deleted.returncode, deleted.stdout) == (0, "Deleted 'pipe'.\n")
    assert not os.path.lexists(pipe)


def test_a_folder_named_like_a_save_is_listed_as_damaged(saves_dir: Path) -> None:
    store = stock(saves_dir, "good")
    (saves_dir / "folder.json").mkdir()
    entries = {e.name: e for e in store.entries()}
    assert entries["folder"].damaged and entries["folder"].problem == NOT_REGULAR
    assert not entries["good"].damaged


# -- numbers out of any sane range ---------------------------------------------------------------------

NUMBERS = [
    ("huge-number", ":79:13: not a valid save: a number of 4000 digits (no number in a save has more than 24)"),
    ("journal-out-of-range", ": the turn of journal entry 1 is a 21-digit number, outside 1..100000"),
    ("trace-out-of-range", ": stat 'prestige' in trace entry 1 is a 19-digit number, outside its range 0..100"),
]


@pytest.mark.parametrize("name, message", NUMBERS, ids=[n[0] for n in NUMBERS])
def test_a_number_out_of_range_is_refused_naming_where(mini: Scenario, saves_dir: Path, name: str,
                                                       message: str) -> None:
    store = stock(saves_dir, name)
    path = saves_dir / f"{name}.json"
    before = fingerprint(path)
    with pytest.raises(SaveError) as caught:
        restore_game(store.read(name), mini)
    assert str(caught.value) == f"{path}{message}"
    assert fingerprint(path) == before


def _set(doc: dict[str, Any], where: str, value: object) -> None:
    *path, last = where.split("/")
    node: Any = doc
    for key in path:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value


BIG = 10**23 + 7        # 24 digits: as long as a number in a save may be, far beyond any range


@pytest.mark.parametrize("where, value, message", [
    ("meta/turn", BIG, "'meta.turn' is a 24-digit number, outside 1..100000"),
    ("meta/choices", -BIG, "'meta.choices' is a negative 24-digit number, outside 0..10^15"),
    ("format_version", BIG, "saved by a newer Politburo (save format a 24-digit number; this version reads formats "
                            "1 to 2): update the game to load it"),
    ("state/seed", BIG, "'seed' is a 24-digit number; a seed has at most 18 digits"),
    ("state/turn", BIG, "'turn' is a 24-digit number, outside 1..100000"),
    ("state/stats/prestige", BIG, "stat 'prestige' is a 24-digit number, outside its range 0..100"),
    ("state/rel/green", -BIG, "relationship with 'green' is a negative 24-digit number, outside -100..100"),
    ("state/rng", -BIG, "'rng' is a negative 24-digit number, outside 0..2^64-1"),
    ("state/met/opening", BIG, "count of event 'opening' is a 24-digit number, outside 1..10^15"),
    ("state/journal/0/changes/0/2", BIG, "a change in journal entry 1 is a 24-digit number, outside ±10^15"),
    ("state/trace/0/turn", 0, "the turn of trace entry 1 is 0, outside 1..100000"),
    ("state/trace/0/stats/gone", BIG, "stat 'gone' in trace entry 1 is a 24-digit number, outside ±10^15"),
])
def test_every_number_read_from_a_save_has_a_range_and_is_never_shown_in_full(
        mini: Scenario, saves_dir: Path, where: str, value: int, message: str) -> None:
    doc = good_doc()
    _set(doc, where, value)
    saves_dir.mkdir()
    (saves_dir / "n.json").write_text(json_text(doc))
    with pytest.raises(SaveError) as caught:
        restore_game(SaveStore(saves_dir).read("n"), mini)
    assert str(caught.value) == f"{saves_dir / 'n.json'}: {message}"


def test_the_command_line_takes_no_seed_a_save_could_not_keep(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--plain", "--seed", str(10**18)]) == 2
    assert capsys.readouterr().err == "politburo: --seed has at most 18 digits\n"


# -- one name, however it is spelt -------------------------------------------------------------------

COMPOSED, DECOMPOSED = "caf\u00e9", "cafe\u0301"


def test_two_spellings_of_a_name_are_one_save(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    first, second = played(mini, "red", 1, 1), played(mini, "blue", 2, 2)
    store.write(first, COMPOSED)
    store.write(second, DECOMPOSED)
    assert [p.name for p in saves_dir.iterdir()] == [f"{COMPOSED}.json"]
    assert [e.name for e in store.entries()] == [COMPOSED]
    for name in (COMPOSED, DECOMPOSED):
        assert store.read(name).state == json.loads(json.dumps(second.snapshot()))
    assert store.rename(COMPOSED, DECOMPOSED).name == COMPOSED           # the same name: nothing to do
    assert [p.name for p in saves_dir.iterdir()] == [f"{COMPOSED}.json"]


def test_a_file_named_in_another_form_is_found_under_its_composed_name(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    store.write(played(mini, "red", 1, 1), "elsewhere")
    os.rename(saves_dir / "elsewhere.json", saves_dir / f"{DECOMPOSED}.json")     # as another system spells it
    assert [e.name for e in store.entries()] == [COMPOSED]
    assert store.read(COMPOSED).meta.role == store.read(DECOMPOSED).meta.role == "red"
    store.write(played(mini, "blue", 2, 1), COMPOSED)                            # saving over it replaces it
    assert [p.name for p in saves_dir.iterdir()] == [f"{COMPOSED}.json"]
    assert store.read(DECOMPOSED).meta.role == "blue"
    store.delete(DECOMPOSED)
    assert list(saves_dir.iterdir()) == []


# -- two processes changing one save at once ---------------------------------------------------------

def race(folder: Path, *actions: Any) -> list[str]:
    """Run the actions at the same moment, each in a thread with a store of its own; what each said."""
    start = threading.Barrier(len(actions))
    said = [""] * len(actions)

    def run(n: int) -> None:
        store = SaveStore(folder)
        start.wait()
        try:
            actions[n](store)
            said[n] = "done"
        except SaveError as e:
            said[n] = str(e)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(actions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return said


def test_two_renames_of_one_save_at_once_leave_one_copy(mini: Scenario, tmp_path: Path) -> None:
    g = played(mini, "red", 1, 1)
    for run in range(100):
        folder = tmp_path / f"run-{run}"
        SaveStore(folder).write(g, "a")
        said = race(folder, lambda s: s.rename("a", "b"), lambda s: s.rename("a", "c"))
        files = os.listdir(folder)
        assert len(files) == 1 and files[0] in ("b.json", "c.json"), (run, files, said)
        winner = 0 if files == ["b.json"] else 1
        assert said[winner] == "done" and said[1 - winner] == "no save named 'a'", said


def test_a_rename_and_a_delete_at_once_leave_no_copy_behind(mini: Scenario, tmp_path: Path) -> None:
    g = played(mini, "red", 1, 1)
    for run in range(100):
        folder = tmp_path / f"run-{run}"
        SaveStore(folder).write(g, "a")
        said = race(folder, lambda s: s.rename("a", "b"), lambda s: s.delete("a"))
        files = os.listdir(folder)
        if said[0] == "done":        # renamed first: the delete finds nothing
            assert files == ["b.json"] and said[1] == "no save named 'a'", (run, files, said)
        else:                        # deleted first: nothing is left to rename
            assert files == [] and said == ["no save named 'a'", "done"], (run, files, said)


def test_a_write_and_a_rename_at_once_lose_neither(mini: Scenario, tmp_path: Path) -> None:
    old, new = played(mini, "red", 1, 1), played(mini, "blue", 2, 2)
    new_state = json.loads(json.dumps(new.snapshot()))
    for run in range(100):
        folder = tmp_path / f"run-{run}"
        SaveStore(folder).write(old, "a")
        said = race(folder, lambda s: s.rename("a", "b"), lambda s: s.write(new, "a"))
        assert said == ["done", "done"]
        store = SaveStore(folder)
        states = {e.name: store.read(e.name).state for e in store.entries()}
        assert new_state in states.values(), (run, sorted(states))     # the write is never lost


# -- saving over a save in plain mode asks first -----------------------------------------------------

@pytest.mark.parametrize("answer, replaced", [("y\n", True), ("yes\n", True), ("n\n", False), ("\n", False),
                                              ("later\n", False), ("", False)])
def test_plain_save_over_a_save_asks_first(mini: Scenario, saves_dir: Path, answer: str, replaced: bool) -> None:
    store = SaveStore(saves_dir)
    store.write(played(mini, "red", 1, 1), "slot")
    before = fingerprint(saves_dir / "slot.json")
    game = played(mini, "blue", 2, 1)
    out = io.StringIO()
    plain = PlainGame(game, io.StringIO("save slot\n" + answer), out, store)
    assert plain.prompt(game.current()) is False             # input ends after the answer  # type: ignore[arg-type]
    text = out.getvalue()
    assert "A save named 'slot' already exists. Overwrite it? [y/N] " in text
    if replaced:
        assert f"Saved as 'slot' in {saves_dir}." in " ".join(text.split())     # wrapped to the width
        assert store.read("slot").state == json.loads(json.dumps(game.snapshot()))
    else:
        assert "Not saved: 'slot' is kept as it was." in text
        assert fingerprint(saves_dir / "slot.json") == before


def test_plain_save_under_a_new_name_asks_nothing(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    store.write(played(mini, "red", 1, 1), COMPOSED)
    game = played(mini, "blue", 2, 1)
    out = io.StringIO()
    PlainGame(game, io.StringIO(f"save fresh\nsave {DECOMPOSED}\nn\n"), out, store).prompt(game.current())  # type: ignore[arg-type]
    text = out.getvalue()
    assert f"Saved as 'fresh' in {saves_dir}." in " ".join(text.split())       # wrapped to the width
    assert text.count("Overwrite it?") == 1 and f"A save named '{COMPOSED}' already exists." in text


# -- two games at once -----------------------------------------------------------------------------------

def test_a_second_game_is_not_autosaved_over_the_first_and_says_so(chapter: Scenario, saves_dir: Path) -> None:
    first = Autosaver(SaveStore(saves_dir))
    assert first.save(played(chapter, "stalin", 1, 1)) is None
    before = {p.name: fingerprint(p) for p in saves_dir.glob("autosave-*.json")}
    second = politburo("play", "--plain", "--role", "trotsky", "--seed", "2", stdin="1\n1\nsave mine too\n")
    assert second.returncode == 0, second.stderr
    notice = f"Not autosaved: {BUSY}. Type 'save NAME' to keep this game."
    assert sum(line.endswith(notice) for line in second.stdout.splitlines()) == 1 and "Autosave" not in second.stdout
    assert {p.name: fingerprint(p) for p in saves_dir.glob("autosave-*.json")} == before
    assert SaveStore(saves_dir).read("mine too").meta.role == "trotsky"


def wait_for_prompts(child: subprocess.Popen[bytes], count: int) -> str:
    """The child's output up to its `count`-th prompt; fails (rather than hangs) if it never comes."""
    out = b""
    fd = child.stdout.fileno()  # type: ignore[union-attr]
    while out.count(b"> ") < count:
        ready, _, _ = select.select([fd], [], [], TIMEOUT)
        chunk = os.read(fd, 65536) if ready else b""
        if not chunk:
            child.kill()
            pytest.fail(f"no prompt from the game: {out.decode(errors='replace')}")
        out += chunk
    return out.decode()


@pytest.fixture
def first_game(saves_dir: Path) -> Any:
    """Another game, in a process of its own, that has made a choice (and so holds the autosaves)."""
    child = subprocess.Popen([sys.executable, "-m", "game", "play", "--plain", "--role", "stalin", "--seed", "1"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)
    try:
        wait_for_prompts(child, 1)
        child.stdin.write(b"1\n")  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
        wait_for_prompts(child, 1)
        assert (saves_dir / "autosave-1.json").exists()
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(TIMEOUT)


def test_the_slots_are_taken_at_a_later_choice_once_free(chapter: Scenario, saves_dir: Path, first_game: Any) -> None:
    store = SaveStore(saves_dir)
    auto = Autosaver(store)
    g = played(chapter, "trotsky", 3, 1)
    error = auto.save(g)
    assert error is not None and str(error) == BUSY
    assert not auto.up_to_date(g)
    assert store.read("autosave-1").meta.role == "stalin"
    first_game.stdin.close()                          # its player leaves; the process ends
    assert first_game.wait(TIMEOUT) == 0
    g.choose(g.available_choices()[0].id)
    assert auto.save(g) is None and auto.up_to_date(g)
    assert auto.error is None and store.read(auto.slot).meta.role == "trotsky"  # type: ignore[arg-type]


async def test_the_full_screen_game_says_so_and_asks_before_quitting(chapter: Scenario, saves_dir: Path,
                                                                     first_game: Any) -> None:
    app = PolitburoApp(game=Game.new(chapter, "zinoviev", 4))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        failed = [n for n in app._notifications if n.title == "Autosave failed"]
        assert [n.message for n in failed] == [f"{BUSY}. The game goes on; try saving under a name (ctrl+s)."]
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.return_code is None
    assert SaveStore(saves_dir).read("autosave-1").meta.role == "stalin"


# -- nothing from a save reaches the terminal raw -----------------------------------------------------

SUMMARY = "\\x1b]2;PWNED\\x07"
ROLE = "The Red \\u202ePlayer"


def test_saves_list_shows_text_from_a_save_escaped(saves_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stock(saves_dir, "control-characters")
    assert main(["saves", "list"]) == 0
    out = capsys.readouterr().out
    local = SAVED.astimezone().strftime("%Y-%m-%d %H:%M")
    assert out == (f"{'control-characters':<24} {local}  {ROLE}, January 1924, turn 1: {SUMMARY}  "
                   f"[A Small Test Scenario]\n")
    # --json says what the list shows: the same escaped text, so a script echoing it is safe too.
    assert main(["saves", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in RAW)
    (entry,) = json.loads(out)
    assert (entry["summary"], entry["role_name"]) == (SUMMARY, ROLE)


def test_plain_play_shows_text_from_a_save_escaped(saves_dir: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    stock(saves_dir, "control-characters")
    monkeypatch.setattr(sys, "stdin", io.StringIO("journal\nsaves\n"))
    assert main(["play", "--plain", "--load", "control-characters", "--scenarios-dir", SCENARIOS]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in RAW)
    assert f"Loaded 'control-characters': {ROLE}, January 1924, turn 1: {SUMMARY}." in out
    assert "1924-01  The Opening: Join\\x9b31m the bloc." in out
    assert f" control-characters: {ROLE}, January 1924, turn 1: {SUMMARY}" in " ".join(out.split())   # wrapped


def test_restored_text_is_escaped_wherever_it_is_shown(mini: Scenario) -> None:
    state = good_doc()["state"]
    state["journal"][0]["outcome"] = "Two lines,\nand a bell\x07."
    state["journal"][0]["changes"].append(["stat", "\x1b[2Jgone", 1, 2])
    state.update(status="dead_end", current=None, dead_end="\u202eoops")
    g = Game.restore(mini, state)
    assert g.journal[0]["outcome"] == "Two lines,\nand a bell\\x07."
    assert g.describe(g.journal[0]["changes"][-1]) == "\\x1b[2Jgone +1 (now 2)"
    assert g.dead_end == "\\u202eoops"


async def test_the_load_screen_shows_text_from_a_save_escaped(saves_dir: Path) -> None:
    stock(saves_dir, "control-characters", "good")
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(140, 34)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        table = app.screen.query_one(DataTable)
        cells = [str(c) for r in range(table.row_count) for c in table.get_row_at(r)]
        assert not any(c in cell for cell in cells for c in RAW)
        assert ROLE in cells and SUMMARY in cells
        row = next(r for r in range(table.row_count)
                   if table.coordinate_to_cell_key((r, 0)).row_key.value == "control-characters")
        table.move_cursor(row=row)
        await pilot.pause()
        detail = shown(app, "#save-detail")
        assert f"{ROLE}, January 1924, turn 1: {SUMMARY}" in detail and not any(c in detail for c in RAW)
