"""Restoring a game from snapshot data, checking every id and value against the scenario."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from game.engine.changes import valid_change
from game.engine.errors import SnapshotError
from game.engine.rng import Rng

RNG_MAX = (1 << 64) - 1
MAX_TURNS = 100_000

if TYPE_CHECKING:
    from game.engine.game import Game
    from game.scenario.model import Scenario


def _date(value: Any, what: str) -> date:
    if not isinstance(value, str):
        raise SnapshotError(f"{what} must be a date in text, not {type(value).__name__}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SnapshotError(f"{what} {value!r} is not a date") from None


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise SnapshotError(f"'{key}' must be a mapping")
    return value


def _ids(values: Any, known: Any, what: str, missing: list[str]) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SnapshotError(f"{what} must be a list of ids")
    for v in values:
        if v not in known:
            missing.append(f"{what} '{v}'")
    return values


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SnapshotError(f"{what} must be a whole number")
    return value


JOURNAL_TEXT = ("title", "choice_text", "outcome")


def _journal_entry(j: Any, n: int, scenario: Scenario, missing: list[str]) -> None:
    """Check one journal entry's shape; unknown events and choices go to `missing`."""
    what = f"journal entry {n}"
    if not isinstance(j, dict):
        raise SnapshotError(f"{what} is not a mapping")
    for key in ("event", "choice", "date", *JOURNAL_TEXT):
        if not isinstance(j.get(key), str):
            raise SnapshotError(f"{what} needs '{key}' as text")
    _int(j.get("turn"), f"the turn of {what}")
    _date(j["date"], f"the date of {what}")
    changes = j.get("changes")
    if not isinstance(changes, list) or not all(valid_change(c) for c in changes):
        raise SnapshotError(f"{what} has changes that are not recorded changes")
    e, c = j["event"], j["choice"]
    if e not in scenario.events:
        missing.append(f"event '{e}'")
    elif c not in {ch.id for ch in scenario.events[e].choices}:
        missing.append(f"choice '{e}.{c}'")


def _trace_entry(t: Any, n: int) -> None:
    what = f"trace entry {n}"
    if not isinstance(t, dict) or not isinstance(t.get("stats"), dict):
        raise SnapshotError(f"{what} needs 'stats' as a mapping")
    _int(t.get("turn"), f"the turn of {what}")
    _date(t.get("date"), f"the date of {what}")
    for s, v in t["stats"].items():
        _int(v, f"stat '{s}' in {what}")


def restore_into(cls: type[Game], scenario: Scenario, data: dict[str, Any]) -> Game:
    """Build a Game from snapshot data, or raise SnapshotError naming what does not fit."""
    from game.engine.game import FLAG_LIMIT, SNAPSHOT_FIELDS
    if not isinstance(data, dict):
        raise SnapshotError("the saved state is not a mapping")
    absent = [k for k in SNAPSHOT_FIELDS if k not in data]
    if absent:
        raise SnapshotError(f"the saved state lacks {', '.join(absent)}")
    if data["scenario"] != scenario.id:
        raise SnapshotError(f"the saved game is of scenario '{data['scenario']}', not '{scenario.id}'")
    role = data["role"]
    if not isinstance(role, str) or role not in scenario.roles:
        raise SnapshotError(f"role '{role}' no longer exists in scenario '{scenario.id}'")
    g = cls(scenario, role, _int(data["seed"], "'seed'"))
    missing: list[str] = []
    g.date = _date(data["date"], "'date'")
    g.turn = _int(data["turn"], "'turn'")
    if not 1 <= g.turn <= MAX_TURNS:
        raise SnapshotError(f"'turn' is {g.turn}, outside 1..{MAX_TURNS}")
    if not scenario.start <= g.date <= scenario.end:
        raise SnapshotError(f"date {g.date} is outside the scenario ({scenario.start} to {scenario.end})")
    stats = _mapping(data, "stats")
    for s, d in scenario.stats.items():
        v = stats.get(s, d.default)
        v = _int(v, f"stat '{s}'")
        if not d.min <= v <= d.max:
            raise SnapshotError(f"stat '{s}' is {v}, outside its range {d.min}..{d.max}")
        g.stats[s] = v
    missing += [f"stat '{s}'" for s in stats if s not in scenario.stats]
    rel = _mapping(data, "rel")
    for c in scenario.characters:
        v = _int(rel.get(c, scenario.characters[c].relationship.get(role, 0)), f"relationship with '{c}'")
        if not -100 <= v <= 100:
            raise SnapshotError(f"relationship with '{c}' is {v}, outside -100..100")
        g.rel[c] = v
    missing += [f"character '{c}'" for c in rel if c not in scenario.characters]
    flags = _mapping(data, "flags")
    g.flags = dict(scenario.flags)
    for f, v in flags.items():
        if f not in scenario.flags:
            missing.append(f"flag '{f}'")
        elif not isinstance(v, (bool, int, float)) or isinstance(v, bool) != isinstance(scenario.flags[f], bool):
            raise SnapshotError(f"flag '{f}' has a value of the wrong type")
        elif not isinstance(v, bool) and not -FLAG_LIMIT <= v <= FLAG_LIMIT:   # NaN fails this too
            raise SnapshotError(f"flag '{f}' is {v}, outside -{FLAG_LIMIT}..{FLAG_LIMIT}")
        else:
            g.flags[f] = v
    for f, members in _mapping(data, "factions").items():
        if f not in scenario.factions:
            missing.append(f"faction '{f}'")
            continue
        g.factions[f] = set(_ids(members, scenario.characters, "character", missing))
    for o, holders in _mapping(data, "offices").items():
        if o not in scenario.offices:
            missing.append(f"office '{o}'")
            continue
        g.offices[o] = list(_ids(holders, scenario.characters, "character", missing))
    g.dead = set(_ids(data["dead"], scenario.characters, "character", missing))
    met = _mapping(data, "met")
    for e, n in met.items():
        if e not in scenario.events:
            missing.append(f"event '{e}'")
        g.met[e] = _int(n, f"count of event '{e}'")
        if g.met[e] < 1:
            raise SnapshotError(f"count of event '{e}' is {g.met[e]}, not at least 1")
    g.fired_this_turn = _ids(data["fired_this_turn"], scenario.events, "event", missing)
    if not isinstance(data["scheduled"], list):
        raise SnapshotError("'scheduled' must be a list")
    for item in data["scheduled"]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
            raise SnapshotError("'scheduled' entries must be [date, event]")
        if item[1] not in scenario.events:
            missing.append(f"event '{item[1]}'")
        g.scheduled.append((_date(item[0], "a scheduled date"), item[1]))
    for key in ("current", "ending"):
        if data[key] is not None and not isinstance(data[key], str):
            raise SnapshotError(f"'{key}' must be an id or null")
    g.current_id = data["current"]
    if g.current_id is not None and g.current_id not in scenario.events:
        missing.append(f"event '{g.current_id}'")
    g.ending_id = data["ending"]
    if g.ending_id is not None and g.ending_id not in scenario.endings:
        missing.append(f"ending '{g.ending_id}'")
    g.status = data["status"]
    if g.status not in ("event", "ended", "dead_end"):
        raise SnapshotError(f"'status' {g.status!r} is not one of event, ended, dead_end")
    if g.status == "event" and g.current_id is None:
        raise SnapshotError("the game is in progress but no event is current")
    if g.status == "ended" and g.ending_id is None:
        raise SnapshotError("the game has ended but names no ending")
    if not isinstance(data["dead_end"], str):
        raise SnapshotError("'dead_end' must be text")
    g.dead_end = data["dead_end"]
    rng = _int(data["rng"], "'rng'")
    if not 0 <= rng <= RNG_MAX:
        raise SnapshotError(f"'rng' is {rng}, outside 0..{RNG_MAX}")
    g.rng = Rng(rng)
    g.unlocked = set(_ids(data["unlocked"], scenario.codex, "codex entry", missing))
    journal, trace = data["journal"], data["trace"]
    if not isinstance(journal, list):
        raise SnapshotError("'journal' must be a list of entries")
    if not isinstance(trace, list):
        raise SnapshotError("'trace' must be a list of entries")
    for n, j in enumerate(journal, 1):
        _journal_entry(j, n, scenario, missing)
        g.chosen.add((j["event"], j["choice"]))
    for n, t in enumerate(trace, 1):
        _trace_entry(t, n)
    g.journal = [dict(j) for j in journal]
    g.trace = [dict(t, stats=dict(t["stats"])) for t in trace]
    if missing:
        unique = list(dict.fromkeys(missing))
        raise SnapshotError("the scenario has changed and no longer has " + ", ".join(unique))
    return g
