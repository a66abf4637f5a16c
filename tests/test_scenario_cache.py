"""The checked-scenario cache: play opens a scenario from it only when its files are the ones checked, and
the scenario it opens plays exactly as the one a full check builds."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from game.engine import Game, ScenarioChangedError, Status
from game.engine.model import DEFERRED, Deferred, Scenario
from game.engine.rng import Rng
from game.engine.template import Template
from game.scenario import cache
from game.scenario.cache import AT_ONCE, cache_file, open_scenario
from game.scenario.loader import check_scenario
from game.simulate import format_report, simulate
from tests.conftest import CHAPTER, MINI


@pytest.fixture()
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, empty."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLITBURO_CACHE", str(folder))
    return folder


def copy_of(folder: Path, tmp_path: Path) -> Path:
    to = tmp_path / folder.name
    shutil.copytree(folder, to)
    return to


def section(scenario: Scenario, kind: str) -> dict[str, Any]:
    """A section's objects by id (the timeline is a tuple, in date order)."""
    objects = getattr(scenario, kind)
    return objects if isinstance(objects, dict) else {x.id: x for x in objects}


def deferred_count(scenario: Scenario) -> int:
    return sum(isinstance(x, Deferred) for kind in DEFERRED for x in section(scenario, kind).values())


def opened_twice(path: Path) -> Scenario:
    """The scenario as the second opening has it: from the cache the first one made."""
    first, diags = open_scenario(str(path))
    assert first is not None and not [d for d in diags if d.severity == "error"]
    assert deferred_count(first) == 0, "the first opening checks the files in full"
    second, diags = open_scenario(str(path))
    assert second is not None and diags == []
    return second


@pytest.fixture(scope="module")
def from_cache(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLITBURO_CACHE", str(tmp_path_factory.mktemp("cache")))
        return opened_twice(CHAPTER)


# -- the same scenario ----------------------------------------------------------------------------
def shape(v: Any) -> Any:
    """A value with its compiled expressions left out (they are compared by what they do, in play, and by
    what the compiler noted of them, in `mentions`), comparable with ==."""
    if isinstance(v, Template):
        return ("template", tuple(shape(p) for p in v.parts), v.offsets)
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        cls = next(c for c in type(v).__mro__ if c.__module__ == "game.engine.model" and not issubclass(c, Deferred)) \
            if isinstance(v, Deferred) else type(v)
        return (cls.__name__, tuple((f.name, shape(getattr(v, f.name))) for f in dataclasses.fields(v)))
    if isinstance(v, tuple):
        return tuple(shape(x) for x in v)
    if isinstance(v, dict):
        return tuple((k, shape(x)) for k, x in v.items())
    if callable(v):
        return "compiled"
    return v


def test_a_scenario_from_the_cache_is_the_one_the_check_builds(chapter, from_cache):
    assert deferred_count(from_cache) == sum(len(getattr(chapter, kind)) for kind in DEFERRED)
    assert {"events", "votes", "endings", "codex", "timeline"} <= set(DEFERRED)
    assert from_cache.fingerprint == chapter.fingerprint
    for kind in ("roles", "sources", "chapters", "stats", "characters", "offices", "bodies", "factions",
                 "flags", "ties", "blocs"):
        assert shape(getattr(from_cache, kind)) == shape(getattr(chapter, kind)), kind
    for kind, names in AT_ONCE.items():
        full, deferred = section(chapter, kind), section(from_cache, kind)
        assert list(deferred) == list(full), f"{kind} in the same order"
        for oid, obj in deferred.items():
            # What the game reads before building an object is there, of the same type and value...
            assert not obj.built
            for name in names:
                assert getattr(obj, name) == getattr(full[oid], name), f"{kind} {oid}.{name}"
            # ...and the rest, once built, is what the full check built.
            assert shape(obj) == shape(full[oid]), f"{kind} {oid}"
            assert obj.built
    # Every expression placed where it was written, and noted as the compiler read it: those of what is built at
    # once when they are compiled, as they are when first evaluated.
    assert from_cache.compiled_later
    for x in from_cache.compiled_later:
        x.complete()
    assert from_cache.places == chapter.places
    assert from_cache.mentions == chapter.mentions


def test_what_play_asks_before_building_is_answered_without_building(chapter, tmp_path, own_cache):
    opened = opened_twice(CHAPTER)
    assert opened.compiled_later and not any(x.built for x in opened.compiled_later), "compiled when first evaluated"
    for role in opened.roles:
        assert opened.offices_moved_by(role) == chapter.offices_moved_by(role)
    game = Game.new(opened, "trotsky", 1)
    assert game.current() is not None
    checked = Game.new(chapter, "trotsky", 1)
    for rid, role in opened.roles.items():      # compiled when first evaluated, each holds as the checked one does
        kept = chapter.roles[rid]
        for aim, same in zip((*role.aims, *role.fears), (*kept.aims, *kept.fears), strict=True):
            assert bool(aim.test(game)) == bool(same.test(checked)), (rid, aim.text)
    assert all(x.test.built for r in opened.roles.values() for x in (*r.aims, *r.fears) if x.test is not None)
    built = sum(x.built for x in opened.events.values())
    assert 0 < built < len(opened.events) / 10, "only the events the first turn weighs are built"
    assert not any(x.built for kind in ("codex", "timeline") for x in section(opened, kind).values()), \
        "the codex and the timeline are not read before the player opens them"


def test_the_places_of_expressions_name_the_files_as_the_game_is_run(tmp_path, own_cache, monkeypatch):
    """Where an expression was written is told as a full check run from the same folder tells it, whichever folder
    the game that made the cache was run from."""
    folder = copy_of(CHAPTER, tmp_path)
    monkeypatch.chdir(tmp_path)
    assert opened_twice(Path(folder.name)).places["aim", "trotsky", "aims", 0, "test"].path.startswith(folder.name)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    opened, _ = open_scenario(str(folder))
    assert deferred_count(opened) > 0
    for x in (*opened.compiled_later, *(x for kind in DEFERRED for x in section(opened, kind).values())):
        x.complete()
    checked, _ = check_scenario(str(folder))
    assert checked is not None and opened.places == checked.places


@pytest.mark.parametrize("role", ["trotsky", "stalin", "bukharin"])
def test_games_from_the_cache_play_as_games_of_the_checked_scenario(chapter, from_cache, role):
    for seed in (3, 11):
        games = [Game.new(s, role, seed) for s in (chapter, from_cache)]
        picker = Rng(seed)
        steps = 0
        while games[0].status == Status.EVENT:
            views = [g.current() for g in games]
            assert views[0] == views[1]
            options = [c.id for c in views[0].choices if c.available]
            pick = options[picker.randint(0, len(options) - 1)]
            outcomes = [g.choose(pick) for g in games]
            assert outcomes[0] == outcomes[1]
            steps += 1
        assert games[1].status == games[0].status and games[1].ending_id == games[0].ending_id
        assert games[1].snapshot() == games[0].snapshot()
        assert steps > 20


def test_simulation_over_the_cache_reports_as_over_the_checked_scenario(chapter, from_cache):
    def report(scenario: Scenario) -> str:     # without how long it took
        return re.sub(r" in [0-9.]+ s \([0-9,]+ choices/s\)", "", format_report(simulate(scenario, 24, seed=5)))

    assert report(from_cache) == report(chapter)


# -- never trusted over the files -----------------------------------------------------------------
def test_a_changed_file_is_checked_again(tmp_path, own_cache):
    folder = copy_of(MINI, tmp_path)
    opened_twice(folder)
    content = next(p for p in sorted(folder.glob("*.yaml")) if p.name != "scenario.yaml")
    text = content.read_text()
    first_title = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    content.write_text(text.replace(first_title, first_title.rstrip() + " (revised)", 1))
    changed, _ = open_scenario(str(folder))
    assert changed is not None and deferred_count(changed) == 0, "checked in full, not opened from the cache"
    assert any(x.title.endswith("(revised)") for kind in ("events", "endings") for x in getattr(changed, kind).values()) \
        or "(revised)" in changed.title
    again, _ = open_scenario(str(folder))
    assert deferred_count(again) > 0, "and cached anew"


def age(folder: Path, seconds: int = 3600) -> None:
    """Give every file of a scenario a modification time `seconds` back (their change time becomes now)."""
    import os
    import time
    then = time.time_ns() - seconds * 1_000_000_000
    for file in folder.rglob("*.yaml"):
        os.utime(file, ns=(then, then))


def reading_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times an opening reads the scenario's files (one entry a reading)."""
    read: list[int] = []
    real = cache._read_all

    def counted(files: list[str]) -> list[bytes] | None:
        read.append(len(files))
        return real(files)

    monkeypatch.setattr(cache, "_read_all", counted)
    return read


on_windows = pytest.mark.skipif(sys.platform == "win32", reason="Windows files have no change time: always read there")


@on_windows
def test_files_unchanged_since_they_were_read_are_not_read_again(tmp_path, own_cache, monkeypatch):
    """Files the file system says are the ones the cache's fingerprint was worked out from (same sizes, times and
    numbers, each written well before that reading) are taken as they are, unread; the scenario is the same."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    folder = copy_of(MINI, tmp_path)
    age(folder)
    checked = opened_twice(folder)
    read = reading_counted(monkeypatch)
    again, diags = open_scenario(str(folder))
    assert read == [] and diags == []
    assert again is not None and deferred_count(again) > 0 and again.fingerprint == checked.fingerprint
    assert shape(again) == shape(checked)


def test_a_file_written_again_with_its_old_time_put_back_is_read(tmp_path, own_cache, monkeypatch):
    """Same size, same modification time, other bytes: the change time gives it away, and the file is read."""
    import os
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    folder = copy_of(MINI, tmp_path)
    age(folder)
    opened_twice(folder)
    content = next(p for p in sorted(folder.glob("*.yaml")) if p.name != "scenario.yaml")
    st = content.stat()
    text = content.read_text()
    first_title = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    at = first_title.index("title:") + len("title:")
    at += next(i for i, ch in enumerate(first_title[at:]) if ch.isascii() and ch.isalpha())
    flipped = first_title[:at] + first_title[at].swapcase() + first_title[at + 1:]     # one letter's case
    changed = text.replace(first_title, flipped, 1)
    assert len(changed.encode()) == st.st_size and changed != text
    content.write_text(changed)
    os.utime(content, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert content.stat().st_mtime_ns == st.st_mtime_ns and content.stat().st_size == st.st_size
    read = reading_counted(monkeypatch)
    scenario, _ = open_scenario(str(folder))
    assert read, "read, not taken on its times"
    assert scenario is not None and deferred_count(scenario) == 0, "checked in full: the bytes are not the ones cached"
    assert any(x.title == flipped.split("title:", 1)[1].strip().strip("'\"")
               for kind in ("events", "endings") for x in getattr(scenario, kind).values()) \
        or scenario.title in flipped


def test_files_written_just_before_they_were_read_are_read_each_time(tmp_path, own_cache, monkeypatch):
    """A file written within the file system's clock's resolution of its reading (the racy case) could change
    again unseen by its times: until a reading comes after it has settled, it is read."""
    folder = copy_of(MINI, tmp_path)        # written just now
    opened_twice(folder)
    read = reading_counted(monkeypatch)
    scenario, _ = open_scenario(str(folder))
    assert read and scenario is not None and deferred_count(scenario) > 0


@on_windows
def test_files_rewritten_unchanged_are_read_once_then_taken_on_their_new_times(tmp_path, own_cache, monkeypatch):
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    folder = copy_of(MINI, tmp_path)
    age(folder)
    opened_twice(folder)
    age(folder, 60)             # as a checkout that writes every file again, unchanged
    read = reading_counted(monkeypatch)
    first, _ = open_scenario(str(folder))
    assert len(read) == 1 and first is not None and deferred_count(first) > 0, "read, and opened from the cache"
    second, _ = open_scenario(str(folder))
    assert len(read) == 1 and second is not None and deferred_count(second) > 0, "the new times were kept"


def test_a_scenario_with_errors_is_never_opened_from_an_old_cache(tmp_path, own_cache):
    folder = copy_of(MINI, tmp_path)
    opened_twice(folder)
    manifest = folder / "scenario.yaml"
    manifest.write_text(manifest.read_text() + "\nnot_a_field: 1\n")
    scenario, diags = open_scenario(str(folder))
    assert scenario is None
    assert any("not_a_field" in d.message and d.path.endswith("scenario.yaml") and d.line for d in diags)


def test_a_file_added_or_removed_is_checked_again(tmp_path, own_cache):
    folder = copy_of(MINI, tmp_path)
    opened_twice(folder)
    (folder / "more.yaml").write_text("codex: []\n")
    scenario, _ = open_scenario(str(folder))
    assert scenario is not None and deferred_count(scenario) == 0
    (folder / "more.yaml").unlink()
    scenario, _ = open_scenario(str(folder))
    assert scenario is not None and deferred_count(scenario) == 0


def test_a_cache_made_by_other_code_is_not_used(tmp_path, own_cache, monkeypatch):
    folder = copy_of(MINI, tmp_path)
    opened_twice(folder)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the game")
    scenario, _ = open_scenario(str(folder))
    assert scenario is not None and deferred_count(scenario) == 0


def test_the_code_fingerprint_follows_every_module_of_the_engine_and_the_compiler(tmp_path, monkeypatch):
    """Any module of game/engine or game/scenario, at any depth, that is added, grows or is written again gives the
    code another fingerprint; files that are not modules do not."""
    import os
    for name in ("engine/game.py", "scenario/build.py", "scenario/expressions/compiler.py", "other/ui.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    monkeypatch.setattr(cache, "PACKAGE", tmp_path)

    def fingerprint() -> str:
        cache.code_fingerprint.cache_clear()
        return cache.code_fingerprint()

    seen = [fingerprint()]
    (tmp_path / "scenario/expressions/notes.txt").write_text("not a module")
    (tmp_path / "other/ui.py").write_text("x = 2\n")
    assert fingerprint() == seen[0]
    (tmp_path / "scenario/expressions/compiler.py").write_text("x = 22\n")     # grows
    seen.append(fingerprint())
    st = (tmp_path / "engine/game.py").stat()
    os.utime(tmp_path / "engine/game.py", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))     # written again
    seen.append(fingerprint())
    (tmp_path / "scenario/expressions/more.py").write_text("")      # added
    seen.append(fingerprint())
    assert len(set(seen)) == len(seen) == 4
    cache.code_fingerprint.cache_clear()


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage", "foreign json", "a byte changed",
                                    "wrong shape", "calls out of range", "a record of another class",
                                    "a record short of a field", "a folder"])
def test_a_damaged_cache_is_ignored_and_made_again(tmp_path, own_cache, damage):
    folder = copy_of(MINI, tmp_path)
    opened_twice(folder)
    where = cache_file(str(folder))
    raw = where.read_bytes()
    head, _, payload = raw.partition(b"\n")
    if damage == "empty":
        where.write_bytes(b"")
    elif damage == "truncated":
        where.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        where.write_bytes(b"\x00\xff" * 100)
    elif damage == "foreign json":
        where.write_text(json.dumps({"scenario": "mine"}))
    elif damage == "a byte changed":       # in the main part, read as the scenario opens
        at = json.loads(head)["main"] // 2
        where.write_bytes(head + b"\n" + payload[:at] + bytes([payload[at] ^ 1]) + payload[at + 1:])
    elif damage == "wrong shape":       # whole and matching, but not what the game writes
        header = json.loads(head)
        body = json.dumps({"files": 1}).encode()
        header.update(main=len(body), crc32=zlib.crc32(body))
        where.write_bytes(json.dumps(header).encode() + b"\n" + body)
    elif damage in ("calls out of range", "a record of another class", "a record short of a field"):
        # whole and matching, but its calls are not where it says, or what it keeps is not a record it may make
        header = json.loads(head)
        main = json.loads(payload[:header["main"]])
        role = main["scenario"]["roles"][2]
        assert role[:2] == ["R", "Role"]
        if damage == "calls out of range":
            main["calls"] = [len(payload), 10, 0]
        elif damage == "a record of another class":
            role[1] = "Event"
        else:
            role.pop()
        body = json.dumps(main).encode()
        rest = payload[header["main"]:]
        header.update(main=len(body), crc32=zlib.crc32(body))
        where.write_bytes(json.dumps(header).encode() + b"\n" + body + rest)
    else:
        where.unlink()
        where.mkdir()
    scenario, diags = open_scenario(str(folder))
    assert scenario is not None and not [d for d in diags if d.severity == "error"]
    assert deferred_count(scenario) == 0
    if damage != "a folder":
        again, _ = open_scenario(str(folder))
        assert deferred_count(again) > 0, "made again"


def damage_first_event(folder: Path, *, also_the_calls: bool = False) -> str:
    """Damage, in place (the very file an opening holds open), the first event kept in the cache of the scenario in
    `folder`, and with `also_the_calls` what the choices' effects call (the file's last part); the event's id."""
    where = cache_file(str(folder))
    head, _, payload = where.read_bytes().partition(b"\n")
    main_end = len(head) + 1 + json.loads(head)["main"]
    oid, _, offset, length, _ = json.loads(payload[:json.loads(head)["main"]])["deferred"]["events"][0]
    with open(where, "r+b") as fh:
        for at in (main_end + offset + length // 2, *([len(head) + len(payload) - 4] if also_the_calls else [])):
            fh.seek(at)
            byte = fh.read(1)
            fh.seek(at)
            fh.write(bytes([byte[0] ^ 0x20]))
    return oid


def test_what_the_cache_no_longer_holds_whole_once_the_game_has_begun_is_built_from_the_files(chapter, tmp_path,
                                                                                                own_cache, monkeypatch):
    """The objects built later are read from the cache file as they are built, each checked against its checksum: one
    damaged on disk after the scenario was opened, and what the choices' effects call, come from a full check of the
    files, the same as the cache would have given."""
    folder = copy_of(CHAPTER, tmp_path)
    opened_twice(folder)
    opened, _ = open_scenario(str(folder))
    oid = damage_first_event(folder, also_the_calls=True)
    checks = []
    real = cache._checked
    monkeypatch.setattr(cache, "_checked", lambda *args: checks.append(args) or real(*args))
    event = opened.events[oid]
    assert not event.built
    assert shape(event) == shape(chapter.events[oid]) and event.built
    for role in opened.roles:
        assert opened.offices_moved_by(role) == chapter.offices_moved_by(role)
    assert len(checks) == 1, "checked in full once, for the event and the calls"
    for x in (*opened.compiled_later, *(x for kind in DEFERRED for x in section(opened, kind).values())):
        x.complete()
    checked, _ = check_scenario(str(folder))
    assert checked is not None and opened.places == checked.places and opened.mentions == checked.mentions


def test_an_object_neither_the_cache_nor_the_files_can_give_is_reported_as_a_changed_scenario(tmp_path, own_cache):
    """Damaged on disk after the scenario was opened, with its files changed since: the object is the game's no
    longer, and building it raises the error play reports as a scenario changed under the game (and goes back to
    the title), not a crash and not a fault in the scenario."""
    folder = copy_of(MINI, tmp_path)
    opened_twice(folder)
    opened, _ = open_scenario(str(folder))
    oid = damage_first_event(folder)
    content = next(p for p in folder.rglob("*.yaml") if p.name != "scenario.yaml")
    content.write_text(content.read_text() + "\n# edited since\n")
    with pytest.raises(ScenarioChangedError, match="damaged while the game ran"):
        _ = opened.events[oid].text


def test_a_cache_that_cannot_be_written_loses_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("POLITBURO_CACHE", str(blocker / "cache"))     # a folder that cannot be made
    folder = copy_of(MINI, tmp_path)
    for _ in range(2):
        scenario, _ = open_scenario(str(folder))
        assert scenario is not None and deferred_count(scenario) == 0
    assert not list(tmp_path.rglob("*.tmp"))


def test_the_cache_is_data(tmp_path, own_cache):
    folder = copy_of(MINI, tmp_path)
    opened_twice(folder)
    head, _, payload = cache_file(str(folder)).read_bytes().partition(b"\n")
    header = json.loads(head)
    assert header["magic"] == cache.MAGIC
    assert isinstance(json.loads(payload[: header["main"]]), dict)


def test_where_names_the_cache_folder(own_cache, capsys):
    from game.cli import main
    assert main(["where", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cache"] == str(own_cache)
    assert main(["where"]) == 0
    assert f"cache      {own_cache}  (checked scenarios" in capsys.readouterr().out


async def test_the_full_screen_game_builds_the_rest_while_the_player_reads(tmp_path, own_cache, monkeypatch):
    """What a scenario opened from the cache leaves for first use, the app builds a slice at a time after the
    first frame (each slice is what its timer runs); a checked scenario has nothing left, and no timer starts."""
    from game.tui import app as tui
    from game.tui.app import PolitburoApp
    monkeypatch.setattr(tui, "WARM_EVERY", 3600.0)      # the slices are run here, not by the clock
    opened = opened_twice(copy_of(MINI, tmp_path))
    waiting = len(opened.not_built())
    assert waiting == deferred_count(opened) + len(opened.compiled_later) and deferred_count(opened) > 0
    app = PolitburoApp(game=Game.new(opened, "red", 1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.warming is not None
        assert 0 < len(opened.not_built()) < waiting      # the first event is built, as the first frame shows it
        left = len(opened.not_built())
        app.hold_collector()        # as a turn does until its frame is drawn: no slice keeps the frame back
        app.warm()
        assert len(opened.not_built()) == left
        await pilot.pause()
        slices = 0
        while app.warming is not None:
            app.warm()
            slices += 1
        assert opened.not_built() == [] and slices >= 1
        assert all(x.built for kind in DEFERRED for x in section(opened, kind).values())
        assert all(x.built for x in opened.compiled_later)
        app.start_warming(opened)
        assert app.warming is None


async def test_a_checked_scenario_has_nothing_to_build_later(chapter):
    from game.tui.app import PolitburoApp
    assert chapter.not_built() == []
    app = PolitburoApp(game=Game.new(chapter, "trotsky", 1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.warming is None


# -- manifests ------------------------------------------------------------------------------------
def test_finding_a_scenario_reads_its_manifest_from_the_cache_while_unchanged(tmp_path, own_cache, monkeypatch):
    from game.scenario import discovery, yamlsource
    from game.scenario.yamlsource import read_yaml_file
    folder = copy_of(MINI, tmp_path / "scenarios")
    manifest = folder / "scenario.yaml"
    first = discovery.list_scenarios(str(folder.parent))
    assert [i.id for i in first if i.path == str(folder)] == ["mini"]
    kept = list((own_cache / "manifests").glob("*.json"))
    assert len(kept) == len(first) and all(json.loads(k.read_text())["kind"] == "manifest" for k in kept)

    def refuse(*args, **kwargs):
        raise AssertionError("the manifest was parsed again")

    parsed = read_yaml_file(str(manifest))[0]
    with monkeypatch.context() as m:
        m.setattr(yamlsource, "parse_yaml", refuse)
        assert discovery.list_scenarios(str(folder.parent)) == first
        kept_summary = cache.manifest_summary(str(manifest), discovery.summary)
    assert kept_summary == discovery.summary(parsed)
    assert kept_summary["id"] == "mini" and kept_summary["roles"]
    # Any change to its bytes, and the manifest is read again.
    manifest.write_text(manifest.read_text().replace("id: mini", "id: mini_renamed", 1))
    assert discovery.find_scenario("mini_renamed", str(folder.parent)) == str(folder)
    assert discovery.find_scenario("mini", str(folder.parent)) == str(folder)      # by its folder's name


@pytest.mark.parametrize("damage", ["torn", "foreign", "other code", "other bytes", "not a mapping", "wrong shape"])
def test_a_manifest_cache_that_cannot_be_used_is_read_again(tmp_path, own_cache, damage):
    from game.scenario import discovery
    folder = copy_of(MINI, tmp_path)
    manifest = str(folder / "scenario.yaml")
    expected = cache.manifest_summary(manifest, discovery.summary)
    listed = discovery.list_scenarios(str(tmp_path))
    where = next((own_cache / "manifests").glob("*.json"))
    kept = json.loads(where.read_text())
    if damage == "torn":
        where.write_text(where.read_text()[:100])
    elif damage == "foreign":
        where.write_text(json.dumps({"id": "mini"}))
    elif damage == "other code":
        where.write_text(json.dumps({**kept, "code": "0" * 32}))
    elif damage == "other bytes":
        where.write_text(json.dumps({**kept, "blake2b": "0" * 128, "summary": {**expected, "id": "other"}}))
    elif damage == "not a mapping":
        where.write_text(json.dumps({**kept, "summary": ["L", 4097]}))
    else:
        where.write_text(json.dumps({**kept, "summary": {**expected, "roles": [["red"]]}}))
    assert discovery.list_scenarios(str(tmp_path)) == listed
    assert json.loads(where.read_text())["summary"] == kept["summary"], "made again"
    assert cache.manifest_summary(manifest, discovery.summary) == expected


def test_a_manifest_that_cannot_be_read_is_not_cached(tmp_path, own_cache):
    folder = copy_of(MINI, tmp_path)
    manifest = folder / "scenario.yaml"
    manifest.write_text("id: [unclosed\n")
    from game.scenario import discovery
    assert cache.manifest_summary(str(manifest), discovery.summary) is None
    assert not (own_cache / "manifests").exists() or not list((own_cache / "manifests").glob("*.json"))


def test_a_file_is_named_in_its_folder_as_relpath_names_it(monkeypatch):
    """The fingerprint and the messages name each file by its path in the scenario's folder, cut from the path the
    folder was walked from: the name `os.path.relpath` gives, however the folder was written."""
    import os

    from game.scenario.loader import find_files, in_folder
    root = Path(CHAPTER).resolve().parent
    monkeypatch.chdir(root)
    name = Path(CHAPTER).resolve().name
    for folder in (name, f"{name}/", f"./{name}", f"../{root.name}/{name}", str(root / name), ".", Path(name)):
        files = find_files(folder)
        assert files and [in_folder(f, folder) for f in files] == [os.path.relpath(f, folder) for f in files], folder
    for file, folder in (("a/./b.yaml", "a"), ("a/../a/b.yaml", "a"), ("x/b.yaml", "a"), ("ab/c.yaml", "a")):
        assert in_folder(file, folder) == os.path.relpath(file, folder)
