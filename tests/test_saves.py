"""Saved games: the format, atomic writes, refusals, names, autosaves and the command line."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.engine import Game
from game.engine.model import Scenario
from game.saves import (
    AUTOSAVES,
    FORMAT_VERSION,
    Autosaver,
    SaveError,
    SaveStore,
    check_name,
    restore_game,
)
from game.saves.atomic import temp_files
from game.saves.format import MAX_BYTES, dumps, encode
from game.saves.locks import AUTOSAVE_LOCK
from tests.conftest import FIXTURES, ROOT, mini_variant

SAVE_FIXTURES = FIXTURES / "saves"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def played(scenario: Scenario, role: str, seed: int, choices: int | None = None) -> Game:
    """A game with the first open choice taken `choices` times (or to its end)."""
    g = Game.new(scenario, role, seed)
    n = 0
    while g.status == "event" and (choices is None or n < choices):
        g.choose(g.available_choices()[0].id)
        n += 1
    return g


@pytest.fixture
def fixtures(saves_dir: Path) -> SaveStore:
    """A saves folder holding a copy of every fixture save."""
    shutil.copytree(SAVE_FIXTURES, saves_dir)
    return SaveStore(saves_dir)


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# -- writing and reading back ------------------------------------------------------------------

def test_a_late_game_round_trips_exactly(chapter: Scenario, saves_dir: Path) -> None:
    g = played(chapter, "stalin", 5, choices=20)
    store = SaveStore(saves_dir)
    store.write(g, "late", now=WHEN)
    save = store.read("late")
    loaded = restore_game(save, chapter)
    assert loaded.notes == ()
    h = loaded.game
    assert h.snapshot() == g.snapshot()
    assert h.current() == g.current()
    while g.status == "event":          # the same choices from here give the same game, RNG included
        pick = g.available_choices()[0].id
        assert h.choose(pick) == g.choose(pick)
    assert h.snapshot() == g.snapshot()


def test_a_save_writes_only_the_flags_the_game_changed(chapter: Scenario, saves_dir: Path) -> None:
    g = played(chapter, "stalin", 5, choices=20)
    store = SaveStore(saves_dir)
    store.write(g, "late", now=WHEN)
    written = json.loads((saves_dir / "late.json").read_text())["state"]["flags"]
    changed = {f for f, v in g.flags.items() if v != chapter.flags[f]}
    assert changed and set(written) == changed
    # A save that wrote every flag, as saves did before, loads the same game.
    full = json.loads((saves_dir / "late.json").read_text())
    full["state"]["flags"] = dict(g.flags)
    (saves_dir / "full.json").write_text(json.dumps(full))
    assert restore_game(store.read("full"), chapter).game.flags == restore_game(store.read("late"), chapter).game.flags == g.flags


def test_saving_straight_after_loading_writes_the_same_state(chapter: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    store.write(played(chapter, "zinoviev", 2, choices=9), "first", now=WHEN)
    again = restore_game(store.read("first"), chapter).game
    store.write(again, "second", now=WHEN)
    first, second = (json.loads((saves_dir / f"{n}.json").read_text()) for n in ("first", "second"))
    assert first.pop("meta") | {"name": "x"} == second.pop("meta") | {"name": "x"}
    assert first == second


def test_the_file_is_readable_json_with_ids_and_metadata(chapter: Scenario, saves_dir: Path) -> None:
    g = played(chapter, "trotsky", 3, choices=4)
    SaveStore(saves_dir).write(g, "Before the congress", now=WHEN)
    text = (saves_dir / "Before the congress.json").read_text()
    doc = json.loads(text)
    assert doc["format"] == "politburo-save" and doc["format_version"] == FORMAT_VERSION
    assert doc["scenario"] == {"id": "succession-1924", "version": chapter.version, "fingerprint": chapter.fingerprint}
    assert doc["meta"]["name"] == "Before the congress" and doc["meta"]["saved_at"].startswith("2026-01-02T03:04:05")
    assert doc["meta"]["turn"] == g.turn and doc["meta"]["choices"] == 4 and doc["meta"]["summary"]
    assert doc["state"]["journal"][0]["event"] == g.journal[0]["event"]      # ids, not positions
    assert text.count("\n") > 100            # one value a line: two saves diff line by line


def test_an_ended_game_saves_and_says_how_it_ended(mini: Scenario, saves_dir: Path) -> None:
    g = played(mini, "red", 1)
    assert g.status == "ended"
    entry = SaveStore(saves_dir).write(g, "done")
    assert entry.meta is not None and entry.meta.summary.startswith("Ended: ")
    assert SaveStore(saves_dir).newest() is None          # Continue resumes games in progress only


def test_continue_passes_over_the_earlier_saves_of_a_game_that_has_ended(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    other = played(mini, "red", 2, choices=1)
    other.lineage = "b" * 32
    store.write(other, "another game", now=datetime(2026, 1, 1, tzinfo=UTC))
    g = Game.new(mini, "red", 1)
    g.lineage = "a" * 32
    g.choose(g.available_choices()[0].id)
    store.write(g, "before the end", now=datetime(2026, 1, 2, tzinfo=UTC))
    while g.status == "event":
        g.choose(g.available_choices()[0].id)
    store.write(g, "the end", now=datetime(2026, 1, 3, tzinfo=UTC))
    newest = store.newest()
    assert newest is not None and newest.name == "another game"      # not the earlier save of the ended game
    assert store.read("the end").meta.game == "a" * 32
    # Played on from the earlier save, the same playthrough is in progress again.
    store.write(restore_game(store.read("before the end"), mini).game, "played on", now=datetime(2026, 1, 4, tzinfo=UTC))
    newest = store.newest()
    assert newest is not None and newest.name == "played on"


def test_a_save_that_does_not_say_which_game_it_is_counts_as_a_game_of_its_own(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    store.write(played(mini, "red", 1, choices=1), "older", now=datetime(2026, 1, 1, tzinfo=UTC))
    doc = json.loads(store.path_of("older").read_text())
    del doc["meta"]["game"]
    store.path_of("older").write_text(json.dumps(doc))
    store.write(played(mini, "red", 1), "ended", now=datetime(2026, 1, 2, tzinfo=UTC))
    assert store.read("older").meta.game == ""
    newest = store.newest()
    assert newest is not None and newest.name == "older"


@pytest.mark.parametrize("value", ["not hex", "A" * 3, "0" * 65, 12])
def test_a_save_whose_game_is_not_an_id_is_refused(mini: Scenario, saves_dir: Path, value: object) -> None:
    store = SaveStore(saves_dir)
    store.write(played(mini, "red", 1, choices=1), "odd")
    doc = json.loads(store.path_of("odd").read_text())
    doc["meta"]["game"] = value
    store.path_of("odd").write_text(json.dumps(doc))
    with pytest.raises(SaveError, match=r"'meta\.game'"):
        store.read("odd")


def test_a_changed_scenario_loads_with_a_note_while_its_ids_remain(mini: Scenario, tmp_path: Path,
                                                                   saves_dir: Path) -> None:
    from game.scenario import load_scenario
    store = SaveStore(saves_dir)
    store.write(played(mini, "red", 1, choices=1), "before")
    edited = load_scenario(str(mini_variant(tmp_path, "mini", "The year began [quietly].", "The year began quietly.")))
    loaded = restore_game(store.read("before"), edited)
    assert loaded.game.current_id == "followup"
    assert len(loaded.notes) == 1 and "has changed since this game was saved" in loaded.notes[0]


# -- every refusal: a fixture each, the message, and the file untouched --------------------------

REFUSALS = [
    ("truncated", "truncated.json:51:11: the file ends too soon (truncated?)", ""),
    ("not-json", "not-json.json:1:1: not valid JSON: Expecting value", ""),
    ("syntax-error", "syntax-error.json:11:2: not valid JSON: Expecting ',' delimiter", ""),
    ("foreign", "foreign.json: not a Politburo save", ""),
    ("wrong-type", "wrong-type.json: 'meta.turn' must be a whole number, not str", ""),
    ("missing-field", "missing-field.json: 'role' is missing", ""),
    ("missing-state", "missing-state.json: the saved state lacks journal", ""),
    ("newer-version", "newer-version.json: saved by a newer Politburo (save format 99; this version reads "
                      "formats 1 to 2): update the game to load it", ""),
    ("other-scenario", "other-scenario.json: is a game of scenario 'other', not of 'mini'", ""),
    ("changed-scenario", "changed-scenario.json: the scenario has changed and no longer has event 'vanished', "
                         "codex entry 'lost-entry'", ""),
    ("out-of-range", "out-of-range.json: stat 'prestige' is 1000, outside its range 0..100", ""),
]


@pytest.mark.parametrize("name, message, also", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_refusal_names_the_file_and_the_fault_and_leaves_it_as_it_was(
        fixtures: SaveStore, mini: Scenario, name: str, message: str, also: str) -> None:
    path = fixtures.folder / f"{name}.json"
    before = fingerprint(path)
    with pytest.raises(SaveError) as caught:
        restore_game(fixtures.read(name), mini)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(str(fixtures.folder / "")) and message in text, text
    assert also in text
    assert fingerprint(path) == before


def test_a_file_over_the_size_limit_is_refused_unread(saves_dir: Path) -> None:
    saves_dir.mkdir()
    big = saves_dir / "huge.json"
    big.write_bytes(b'{"format": "politburo-save", "pad": "' + b"x" * MAX_BYTES + b'"}')
    with pytest.raises(SaveError, match=r"huge\.json: the file is over 2 MiB"):
        SaveStore(saves_dir).read("huge")


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b'{"format": "politburo-save", "x": NaN}', "NaN is not a number a save can hold"),
    (b'{"format": "politburo-save", "format": "politburo-save"}', "the key 'format' appears twice"),
    (b'{"format": "politburo-save", "n": 1' + b"0" * 5000 + b"}", "not a valid save"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"format": "politburo-\xff"}', "odd.json:1:23: not UTF-8 text"),
    (b'{"format": "politburo-save", "format_version": "2"}', "'format_version' must be a whole number"),
    (b'{"format": "politburo-save", "format_version": 0}', "'format_version' must be a whole number from 1"),
])
def test_odd_files_get_one_line_each(saves_dir: Path, data: bytes, message: str) -> None:
    saves_dir.mkdir()
    (saves_dir / "odd.json").write_bytes(data)
    with pytest.raises(SaveError) as caught:
        SaveStore(saves_dir).read("odd")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_an_older_format_is_migrated(fixtures: SaveStore, mini: Scenario) -> None:
    save = fixtures.read("format-1")
    assert save.read_version == 1
    assert save.meta.name == "format-1" and save.meta.turn == 1 and save.meta.choices == 1
    assert save.meta.saved_at == datetime(2025, 6, 1, 12, tzinfo=UTC)
    loaded = restore_game(save, mini)
    good = restore_game(fixtures.read("good"), mini).game
    assert loaded.game.snapshot() == good.snapshot()
    assert loaded.notes and "has changed" in loaded.notes[0]      # format 1 kept no fingerprint
    fixtures.write(loaded.game, "upgraded")
    assert json.loads((fixtures.folder / "upgraded.json").read_text())["format_version"] == FORMAT_VERSION


def test_the_list_shows_good_saves_beside_damaged_ones(fixtures: SaveStore) -> None:
    before = {p.name: fingerprint(p) for p in fixtures.folder.iterdir()}
    entries = {e.name: e for e in fixtures.entries()}
    assert set(entries) == {p.stem for p in SAVE_FIXTURES.glob("*.json")}
    for good in ("good", "format-1", "other-scenario", "changed-scenario", "out-of-range"):
        assert not entries[good].damaged, good     # these are refused only against a scenario
    for bad in ("truncated", "not-json", "foreign", "wrong-type", "newer-version"):
        assert entries[bad].damaged and entries[bad].problem, bad
    assert entries["syntax-error"].problem.startswith("line 11, column 2: not valid JSON")
    assert {p.name: fingerprint(p) for p in fixtures.folder.iterdir()} == before


def test_the_list_is_newest_first(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    g = Game.new(mini, "red", 1)
    for day, name in ((3, "b"), (1, "c"), (5, "a")):
        store.write(g, name, now=datetime(2026, 1, day, tzinfo=UTC))
    assert [e.name for e in store.entries()] == ["a", "b", "c"]
    assert store.newest().name == "a"  # type: ignore[union-attr]


@given(st.binary(max_size=400))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_are_a_save_or_a_save_error(saves_dir: Path, data: bytes) -> None:
    saves_dir.mkdir(exist_ok=True)
    (saves_dir / "any.json").write_bytes(data)
    try:
        SaveStore(saves_dir).read("any")
    except SaveError as e:
        assert "\n" not in str(e)


def _mutations() -> st.SearchStrategy:
    values = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                       st.text(max_size=8), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                                                  st.integers(), max_size=2))
    return st.lists(st.tuples(st.integers(0, 10_000), values, st.booleans()), min_size=1, max_size=3)


def _places(node: object) -> Iterator[tuple[Any, Any]]:
    """Every (container, key) in a JSON document, depth first."""
    keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else ()
    for k in keys:
        yield node, k
        yield from _places(node[k])  # type: ignore[index]


def _mutate(doc: object, steps: list[tuple[int, object, bool]]) -> object:
    """Replace (or delete) values found by walking the document with the given numbers."""
    for n, value, delete in steps:
        places = list(_places(doc))
        container, key = places[n % len(places)]
        if delete and isinstance(container, dict):
            del container[key]
        else:
            container[key] = value  # type: ignore[index]
    return doc


@given(_mutations())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_damage_to_a_save_is_refused_cleanly_or_loads_a_playable_game(mini: Scenario, saves_dir: Path,
                                                                        steps: list) -> None:
    doc = json.loads((SAVE_FIXTURES / "good.json").read_text())
    saves_dir.mkdir(exist_ok=True)
    (saves_dir / "hurt.json").write_text(json.dumps(_mutate(doc, steps)))
    store = SaveStore(saves_dir)
    try:
        g = restore_game(store.read("hurt"), mini).game
    except SaveError as e:
        assert "\n" not in str(e)
        return
    from game.engine import standing
    from game.engine.timeline import path_beside_history
    standing(g)
    path_beside_history(g)
    for j in g.journal:
        for change in j["changes"]:
            g.describe(change)
    if g.status == "event":
        g.current()


# -- names ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "../escape", "..", "a/b", "/etc/passwd", "a\\b", "..\\..\\x", "bad\x00name", "tab\there", "line\nbreak",
    ".hidden", "", "   ", "x" * 65, "con", "a:b", "what?", "dot.", "\u202eevil",
])
def test_unsafe_names_are_refused_everywhere(name: str, mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    g = Game.new(mini, "red", 1)
    store.write(g, "fine")
    for attempt in (lambda: check_name(name), lambda: store.write(g, name), lambda: store.read(name),
                    lambda: store.delete(name), lambda: store.rename("fine", name), lambda: store.path_of(name)):
        with pytest.raises(SaveError):
            attempt()
    assert sorted(os.listdir(saves_dir)) == ["fine.json"]
    assert not (saves_dir.parent / "escape.json").exists()


def test_names_of_the_games_own_slots_are_kept_for_them(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    g = Game.new(mini, "red", 1)
    for name in ("quicksave", "autosave-2", "Quicksave"):
        with pytest.raises(SaveError, match="kept for the game's own"):
            store.write(g, name)
    store.write(g, "quicksave", kind="quick")
    assert store.read("quicksave").meta.kind == "quick"


def test_ordinary_names_are_fine(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    g = Game.new(mini, "red", 1)
    for name in ("Before the 13th Congress", "Зиновьев, 1925", "v1.2", "  trimmed  "):
        store.write(g, name)
    assert {e.name for e in store.entries()} == {"Before the 13th Congress", "Зиновьев, 1925", "v1.2", "trimmed"}


# -- delete and rename ---------------------------------------------------------------------------

def test_rename_and_delete(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    g = Game.new(mini, "red", 1)
    store.write(g, "one")
    store.write(g, "two")
    with pytest.raises(SaveError, match="a save named 'two' already exists"):
        store.rename("one", "two")
    renamed = store.rename("one", "three")
    assert renamed.name == "three" and renamed.meta.name == "three"  # type: ignore[union-attr]
    assert restore_game(store.read("three"), mini).game.snapshot() == g.snapshot()
    store.delete("two")
    assert [e.name for e in store.entries()] == ["three"]
    with pytest.raises(SaveError, match="no save named 'two'"):
        store.delete("two")


def test_a_damaged_save_is_renamed_byte_for_byte(fixtures: SaveStore) -> None:
    data = (fixtures.folder / "truncated.json").read_bytes()
    fixtures.rename("truncated", "kept aside")
    assert (fixtures.folder / "kept aside.json").read_bytes() == data
    assert not (fixtures.folder / "truncated.json").exists()


def test_a_failed_write_keeps_the_old_save(mini: Scenario, saves_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SaveStore(saves_dir)
    store.write(played(mini, "red", 1, choices=1), "slot")
    before = (saves_dir / "slot.json").read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(SaveError, match=r"slot\.json: could not be written: No space left on device"):
        store.write(played(mini, "red", 1, choices=2), "slot")
    monkeypatch.undo()
    assert (saves_dir / "slot.json").read_bytes() == before
    assert sorted(os.listdir(saves_dir)) == ["slot.json"]        # no temporary file left behind


def test_temporary_files_left_by_a_dead_writer_are_swept_once_stale(mini: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    g = Game.new(mini, "red", 1)
    store.write(g, "slot")
    stale, fresh = saves_dir / ".slot.json.abc.tmp", saves_dir / ".slot.json.def.tmp"
    for tmp in (stale, fresh):
        tmp.write_bytes(b'{"half a save')
    os.utime(stale, (1, 1))
    assert [e.name for e in store.entries()] == ["slot"]
    store.write(g, "slot")
    assert not stale.exists() and fresh.exists()        # a fresh one may belong to a write under way


# -- killed mid-write ----------------------------------------------------------------------------

def test_a_slot_survives_being_killed_mid_write_again_and_again(chapter: Scenario, saves_dir: Path) -> None:
    """A child saves two different games over one slot, in a loop; it is killed at a random moment,
    200 times; each time the slot loads as one of the two games, whole."""
    store = SaveStore(saves_dir)
    games = [played(chapter, "stalin", 5, choices=3), played(chapter, "stalin", 5)]
    states = [json.dumps(g.snapshot(), sort_keys=True) for g in games]
    rng = random.Random(1924)
    kills = torn_writes = 0
    seen: set[str] = set()
    for _ in range(200):
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:                      # the child: save, say so once, and go on saving until killed
            try:
                os.close(ready_r)
                n = 0
                while True:
                    store.write(games[n % 2], "slot")
                    if n == 0:
                        os.write(ready_w, b"!")
                    n += 1
            finally:
                os._exit(1)
        os.close(ready_w)
        assert os.read(ready_r, 1) == b"!"
        os.close(ready_r)
        for _ in range(rng.randrange(0, 400_000)):    # a moment somewhere in the next writes (no clock involved)
            pass
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        kills += os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        left = temp_files(saves_dir / "slot.json")
        torn_writes += bool(left)      # killed between writing the temporary file and renaming it
        for tmp in left:
            tmp.unlink()
        state = json.dumps(restore_game(store.read("slot"), chapter).game.snapshot(), sort_keys=True)
        assert state in states
        seen.add(state)
    assert kills == 200
    assert torn_writes > 0 and len(seen) == 2      # some kills did land mid-write, and both games were kept
    assert [e.name for e in store.entries()] == ["slot"]


# -- autosaves -------------------------------------------------------------------------------------

def test_autosave_keeps_the_latest_state_of_each_of_the_last_three_turns(chapter: Scenario, saves_dir: Path) -> None:
    store = SaveStore(saves_dir)
    auto = Autosaver(store)
    g = Game.new(chapter, "trotsky", 4)
    latest: dict[int, str] = {}
    while g.status == "event":
        g.choose(g.available_choices()[0].id)
        assert auto.save(g) is None and auto.up_to_date(g)
        latest[g.turn] = json.dumps(g.snapshot(), sort_keys=True)
    kept = {store.read(name).meta.turn: json.dumps(store.read(name).state, sort_keys=True) for name in AUTOSAVES}
    last_three = sorted(latest)[-3:]
    assert sorted(kept) == last_three
    assert all(kept[t] == latest[t] for t in last_three)
    assert sorted(os.listdir(saves_dir)) == [AUTOSAVE_LOCK, *(f"{n}.json" for n in AUTOSAVES)]   # no stray files


def test_a_failing_autosave_says_so_and_the_game_goes_on(mini: Scenario, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    auto = Autosaver(SaveStore(blocker / "saves"))
    g = played(mini, "red", 1, choices=1)
    error = auto.save(g)
    assert error is not None and "could not be written" in str(error)
    assert not auto.up_to_date(g)


# -- the command line ------------------------------------------------------------------------------

def test_saves_list_delete_and_rename(fixtures: SaveStore, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: fingerprint(p) for p in fixtures.folder.iterdir()}
    assert main(["saves", "list"]) == 0
    out = capsys.readouterr().out
    assert "good" in out and "The Red Player, January 1924, turn 1: The Follow-up" in out
    assert "truncated                DAMAGED: line 51, column 11: the file ends too soon" in out
    assert main(["saves", "list", "--json"]) == 0
    listed = {e["name"]: e for e in json.loads(capsys.readouterr().out)}
    assert listed["good"]["damaged"] is False and listed["good"]["scenario"] == "mini"
    assert listed["foreign"]["damaged"] is True and "not a Politburo save" in listed["foreign"]["problem"]
    assert {p.name: fingerprint(p) for p in fixtures.folder.iterdir()} == before     # listing changed nothing
    assert main(["saves", "rename", "good", "better"]) == 0
    assert main(["saves", "delete", "better"]) == 0
    assert main(["saves", "delete", "better"]) == 1
    assert "no save named 'better'" in capsys.readouterr().err
    assert main(["saves", "delete", "../conftest"]) == 1
    assert "path separators" in capsys.readouterr().err


class _Terminal(io.StringIO):
    """Typed answers, as from a terminal."""

    def isatty(self) -> bool:
        return True


def test_saves_delete_asks_on_a_terminal_and_keeps_the_save_unless_told_yes(
        fixtures: SaveStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    kept = fingerprint(fixtures.path_of("good"))
    for answer in ("\n", "n\n", "no\n", "maybe\n", ""):        # Enter, no, anything else, or the input closed
        monkeypatch.setattr(sys, "stdin", _Terminal(answer))
        assert main(["saves", "delete", "good"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("good: The Red Player, January 1924, turn 1: The Follow-up\n"
                              "Delete 'good'? It cannot be undone. [y/N] ")
        assert out.rstrip().endswith("Nothing deleted.")
        assert fingerprint(fixtures.path_of("good")) == kept
    monkeypatch.setattr(sys, "stdin", _Terminal("damaged?\n"))
    assert main(["saves", "delete", "truncated"]) == 0
    assert capsys.readouterr().out.startswith("truncated: DAMAGED: line 51, column 11: the file ends too soon")
    assert fixtures.path_of("truncated").exists()
    monkeypatch.setattr(sys, "stdin", _Terminal("Y\n"))
    assert main(["saves", "delete", "good"]) == 0
    assert "Deleted 'good'." in capsys.readouterr().out
    assert not fixtures.path_of("good").exists()
    monkeypatch.setattr(sys, "stdin", _Terminal(""))      # --yes: not asked
    assert main(["saves", "delete", "--yes", "truncated"]) == 0
    assert capsys.readouterr().out == "Deleted 'truncated'.\n"
    assert main(["saves", "delete", "gone"]) == 1       # nothing to ask about: it says so
    assert "no save named 'gone'" in capsys.readouterr().err


def test_saves_dir_option_beats_the_environment(mini: Scenario, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "elsewhere"
    SaveStore(other).write(Game.new(mini, "red", 1), "there")
    assert main(["saves", "list"]) == 0
    assert "No saved games" in capsys.readouterr().out
    assert main(["saves", "list", "--saves-dir", str(other)]) == 0
    assert "there" in capsys.readouterr().out


def run_plain(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", "play", "--plain", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=120, check=False)


def test_plain_round_trip_in_new_processes(chapter: Scenario, saves_dir: Path) -> None:
    first = run_plain("--role", "stalin", "--seed", "3", stdin="1\n2\n1\nsave round trip\n")
    assert first.returncode == 0, first.stderr
    assert "Saved as 'round trip'" in first.stdout
    shown_before = first.stdout.rsplit("== ", 1)[1].split("> ")[0]      # the last event and its choices
    second = run_plain("--load", "round trip", stdin="save again\n1\n1\nsave after\n")
    assert second.returncode == 0, second.stderr
    assert "Loaded 'round trip'" in second.stdout
    assert second.stdout.split("== ", 1)[1].split("> ")[0] == shown_before
    store = SaveStore(saves_dir)
    assert store.read("again").state == store.read("round trip").state
    # The game went on exactly as the same choices in one process go.
    expected = Game.new(chapter, "stalin", 3)
    for n in (1, 2, 1, 1, 1):
        expected.choose(expected.current().choices[n - 1].id)  # type: ignore[union-attr]
    assert store.read("after").state == json.loads(json.dumps(expected.snapshot()))


def test_play_continue_resumes_the_newest_game_in_progress_not_autosave_1(saves_dir: Path) -> None:
    """The autosave slots rotate, so `autosave-1` is not always the newest: `play --continue` resumes what Continue
    on the title screen does; with no game in progress it says so and starts nothing."""
    none = run_plain("--continue", stdin="")
    assert none.returncode == 1 and "no game in progress to continue" in none.stderr, none.stderr
    first = run_plain("--role", "zinoviev", "--seed", "1", stdin="1\n1\n1\n1\n")
    assert first.returncode == 0, first.stderr
    store = SaveStore(saves_dir)
    newest = store.newest()
    assert newest is not None and newest.name != "autosave-1"
    resumed = run_plain("--continue", stdin="")
    assert resumed.returncode == 0, resumed.stderr
    assert f"Loaded '{newest.name}'" in resumed.stdout
    both = run_plain("--continue", "--load", "autosave-1", stdin="")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr


def test_plain_load_refusals(saves_dir: Path) -> None:
    shutil.copytree(SAVE_FIXTURES, saves_dir)
    result = run_plain("--role", "stalin", "--seed", "1", stdin="load truncated\nload good\nload ../x\nsaves\n")
    out = " ".join(result.stdout.split())                        # as one line, unwrapped from the width
    assert result.returncode == 0 and "Traceback" not in out + result.stderr
    assert f"Not loaded: {saves_dir / 'truncated.json'}:51:11:" in out
    assert "Not loaded: " in out and "is a game of scenario 'mini'; start it with 'politburo play --load good'" in out
    assert "Not loaded: a save name may not contain path separators" in out
    assert " good: The Red Player, January 1924, turn 1: The Follow-up" in out


@pytest.mark.parametrize("args, message, status", [
    (["--load", "truncated"], "truncated.json:51:11: the file ends too soon", 1),
    (["--load", "nothing"], "no save named 'nothing'", 1),
    (["--load", "good"], "is a game of scenario 'mini', which is not installed", 1),
    (["--load", "good", "--role", "red"], "leave out --role and --seed", 2),
    (["--load", "../../etc/passwd"], "path separators", 1),
    (["--load", "good", "--scenario", "succession-1924"], "is a game of scenario 'mini', not of 'succession-1924'", 1),
])
def test_play_load_refusals(saves_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str,
                            status: int) -> None:
    shutil.copytree(SAVE_FIXTURES, saves_dir)
    assert main(["play", "--plain", *args]) == status
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


def test_play_load_finds_the_scenario_of_the_save(saves_dir: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    shutil.copytree(SAVE_FIXTURES, saves_dir)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    assert main(["play", "--plain", "--load", "good", "--scenarios-dir", str(FIXTURES / "scenarios")]) == 0
    out = capsys.readouterr().out
    assert "A Small Test Scenario: you are The Red Player" in out and "THE FOLLOW-UP" in out


def test_encode_reads_back_as_its_own_metadata(mini: Scenario) -> None:
    doc = encode(played(mini, "blue", 2, choices=2), "x", "auto", WHEN)
    assert json.loads(dumps(doc)) == doc
