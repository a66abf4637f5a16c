"""Restoring a game from snapshot data, checking every id and value against the scenario."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from game.engine.errors import SnapshotError
from game.engine.rng import Rng

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


def restore_into(cls: type[Game], scenario: Scenario, data: dict[str, Any]) -> Game:
    """Build a Game from snapshot data, or raise SnapshotError naming what does not fit."""
    from game.engine.game import SNAPSHOT_FIELDS
    if not isinstance(data, dict):
        raise SnapshotError("the saved state is not a mapping")
    absent = [k for k in SNAPSHOT_FIELDS if k not in data]
    if absent:
        raise SnapshotError(f"the saved state lacks {', '.join(absent)}")
    if data["scenario"] != scenario.id:
        raise SnapshotError(f"the saved game is of scenario '{data['scenario']}', not '{scenario.id}'")
    role = data["role"]
    if role not in scenario.roles:
        raise SnapshotError(f"role '{role}' no longer exists in scenario '{scenario.id}'")
    g = cls(scenario, role, _int(data["seed"], "'seed'"))
    missing: list[str] = []
    g.date = _date(data["date"], "'date'")
    g.turn = _int(data["turn"], "'turn'")
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
    g.fired_this_turn = _ids(data["fired_this_turn"], scenario.events, "event", missing)
    if not isinstance(data["scheduled"], list):
        raise SnapshotError("'scheduled' must be a list")
    for item in data["scheduled"]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
            raise SnapshotError("'scheduled' entries must be [date, event]")
        if item[1] not in scenario.events:
            missing.append(f"event '{item[1]}'")
        g.scheduled.append((_date(item[0], "a scheduled date"), item[1]))
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
    g.dead_end = str(data["dead_end"])
    g.rng = Rng(_int(data["rng"], "'rng'"))
    g.unlocked = set(_ids(data["unlocked"], scenario.codex, "codex entry", missing))
    journal, trace = data["journal"], data["trace"]
    if not isinstance(journal, list) or not all(isinstance(j, dict) for j in journal):
        raise SnapshotError("'journal' must be a list of entries")
    if not isinstance(trace, list) or not all(isinstance(t, dict) for t in trace):
        raise SnapshotError("'trace' must be a list of entries")
    for j in journal:
        e, c = j.get("event"), j.get("choice")
        if not isinstance(e, str) or not isinstance(c, str):
            raise SnapshotError("each journal entry needs an event and a choice")
        if e not in scenario.events:
            missing.append(f"event '{e}'")
        elif c not in {ch.id for ch in scenario.events[e].choices}:
            missing.append(f"choice '{e}.{c}'")
        g.chosen.add((e, c))
    g.journal = [dict(j) for j in journal]
    g.trace = [dict(t) for t in trace]
    if missing:
        unique = list(dict.fromkeys(missing))
        raise SnapshotError("the scenario has changed and no longer has " + ", ".join(unique))
    return g
