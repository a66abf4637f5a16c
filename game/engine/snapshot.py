"""Restoring a game from snapshot data, checking every id and value against the scenario.

Every number must lie in a sane range: stats in their own range, relationships in -100..100,
flags within FLAG_LIMIT, turns in 1..MAX_TURNS, the seed below SEED_LIMIT in size, the random
generator's state in 0..RNG_MAX, and every other whole number (counts, the amounts in the
journal's changes, past values of stats the scenario no longer has) within NUMBER_LIMIT in size.
Text that is shown later (the journal's, a dead end's reason) is kept with its control
characters escaped, so it can never drive the terminal it is shown on.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from game.engine.changes import valid_change
from game.engine.chapters import MARK_FIELDS
from game.engine.errors import SnapshotError
from game.engine.model import Scenario
from game.engine.records import HISTORY, JOURNAL_TEXT, STATUSES, JournalEntry, Status, TracePoint
from game.engine.rng import SEED_LIMIT, Rng
from game.engine.state import FLAG_LIMIT, World
from game.engine.untrusted import clip, number, printable

RNG_MAX = (1 << 64) - 1
MAX_TURNS = 100_000
NUMBER_LIMIT = 10**15        # no count or change a game makes comes near this
LIMIT_TEXT = "10^15"

SNAPSHOT_FIELDS = (
    "scenario", "role", "seed", "date", "turn", "stats", "rel", "flags", "factions", "offices",
    "dead", "met", "fired_this_turn", "scheduled", "current", "ending", "status", "dead_end",
    "rng", "unlocked", "journal", "trace",
)
# Written since the political machine (issue 12); a save without them restores with the scenario's
# ties, no votes held and no cool-downs running. `met_dates` came later still: a save without it
# takes the dates from its journal.
LATER_FIELDS = ("ties", "results", "last_turn", "met_dates")
# Written since campaigns had chapters (issue 15): the world at each chapter's start (the first is
# the one the game began at), and a chapter summary not yet read. A save without them began at the
# first chapter.
CHAPTER_FIELDS = ("marks", "interlude")

W = TypeVar("W", bound=World)


def take(w: World) -> dict[str, Any]:
    """The complete state as JSON-compatible data (ids, never positions)."""
    return {
        "scenario": w.scenario.id,
        "role": w.role,
        "seed": w.seed,
        "date": w.date.isoformat(),
        "turn": w.turn,
        "stats": dict(w.stats),
        "rel": dict(w.rel),
        "flags": _set_flags(w),
        "factions": {f: sorted(m) for f, m in w.factions.items()},
        "offices": {o: list(h) for o, h in w.offices.items()},
        "dead": sorted(w.dead),
        "met": dict(w.met),
        "fired_this_turn": list(w.fired_this_turn),
        "scheduled": [[d.isoformat(), e] for d, e in w.scheduled],
        "current": w.current_id,
        "ending": w.ending_id,
        "status": w.status.value,
        "dead_end": w.dead_end,
        "rng": w.rng.state,
        "unlocked": sorted(w.unlocked),
        "journal": [dict(j) for j in w.journal],
        "trace": [dict(t) for t in w.trace],
        "ties": [[a, b, v] for (a, b), v in sorted(w.ties.items())],
        "results": {v: dict(r) for v, r in w.results.items()},
        "last_turn": dict(w.last_turn),
        "met_dates": {e: d.isoformat() for e, d in w.met_dates.items()},
        "marks": [dict(m) for m in w.marks],
        "interlude": w.interlude,
    }


def _set_flags(w: World) -> dict[str, Any]:
    """The flags that differ from the scenario's starting values: a restored game begins from those values and
    takes these over them, so a flag the game never changed need not be written (most of a campaign's are not)."""
    start = w.scenario.flags
    return {f: v for f, v in w.flags.items()
            if f not in start or v != start[f] or type(v) is not type(start[f])}


def _date(value: Any, what: str) -> date:
    if not isinstance(value, str):
        raise SnapshotError(f"{what} must be a date in text, not {type(value).__name__}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SnapshotError(f"{what} '{clip(value)}' is not a date") from None


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
            missing.append(f"{what} '{clip(v)}'")
    return values


def _int(value: Any, what: str, lo: int | None = None, hi: int | None = None, span: str = "") -> int:
    """A whole number; with bounds, one within lo..hi (`span` words the range, when not lo..hi)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SnapshotError(f"{what} must be a whole number")
    if lo is not None and hi is not None and not lo <= value <= hi:
        raise SnapshotError(f"{what} is {number(value)}, outside {span or f'{lo}..{hi}'}")
    return value


def _number_limit(scenario: Scenario) -> int:
    """The bound on amounts in the journal: NUMBER_LIMIT, or more for a scenario with vast stat ranges."""
    return max([NUMBER_LIMIT, *(2 * max(abs(d.min), abs(d.max)) for d in scenario.stats.values())])


def _shown(change: list[Any]) -> list[Any]:
    """A recorded change with its text escaped: an id the scenario lacks is shown as it is."""
    return [printable(v) if isinstance(v, str) else _shown(v) if isinstance(v, list) else v for v in change]


def _journal_entry(j: Any, n: int, scenario: Scenario, limit: int, missing: list[str]) -> JournalEntry:
    """One journal entry checked (amounts within ±limit), its text escaped; unknown events and choices go to `missing`."""
    what = f"journal entry {n}"
    if not isinstance(j, dict):
        raise SnapshotError(f"{what} is not a mapping")
    for key in ("event", "choice", "date", *JOURNAL_TEXT):
        if not isinstance(j.get(key), str):
            raise SnapshotError(f"{what} needs '{key}' as text")
    _int(j.get("turn"), f"the turn of {what}", 1, MAX_TURNS)
    _date(j["date"], f"the date of {what}")
    changes = j.get("changes")
    if not isinstance(changes, list) or not all(valid_change(c) for c in changes):
        raise SnapshotError(f"{what} has changes that are not recorded changes")
    for c in changes:
        for v in [*c[1:], *(row[2] for row in c[7])] if c[0] == "vote" else c[1:]:
            if isinstance(v, int):
                _int(v, f"a change in {what}", -limit, limit, f"±{LIMIT_TEXT if limit == NUMBER_LIMIT else limit}")
    if j.get("history", "kept") not in HISTORY:
        raise SnapshotError(f"{what} has 'history' other than {' or '.join(HISTORY)}")
    e, c = j["event"], j["choice"]
    if e not in scenario.events:
        missing.append(f"event '{clip(e)}'")
    elif c not in {ch.id for ch in scenario.events[e].choices}:
        missing.append(f"choice '{clip(e)}.{clip(c)}'")
    return JournalEntry(**dict(j, title=printable(j["title"]), choice_text=printable(j["choice_text"]),
                               outcome=printable(j["outcome"], lines=True), changes=[_shown(c) for c in changes]))


def _trace_entry(t: Any, n: int, scenario: Scenario) -> TracePoint:
    """One trace entry checked: each stat in its range (one the scenario no longer has, within NUMBER_LIMIT)."""
    what = f"trace entry {n}"
    if not isinstance(t, dict) or not isinstance(t.get("stats"), dict):
        raise SnapshotError(f"{what} needs 'stats' as a mapping")
    _int(t.get("turn"), f"the turn of {what}", 1, MAX_TURNS)
    _date(t.get("date"), f"the date of {what}")
    for s, v in t["stats"].items():
        d = scenario.stats.get(s)
        if d is not None:
            _int(v, f"stat '{s}' in {what}", d.min, d.max, f"its range {d.min}..{d.max}")
        else:
            _int(v, f"stat '{clip(s)}' in {what}", -NUMBER_LIMIT, NUMBER_LIMIT, f"±{LIMIT_TEXT}")
    return TracePoint(**dict(t, stats=dict(t["stats"])))


def restore_into(cls: type[W], scenario: Scenario, data: dict[str, Any]) -> W:
    """Build a game from snapshot data, or raise SnapshotError naming what does not fit.

    Every id the scenario no longer has is gathered in `missing` and named at the end, all at once.
    """
    g = cls(scenario, *_who(scenario, data))
    missing: list[str] = []
    _restore_time(g, data)
    _restore_numbers(g, data, missing)
    _restore_world(g, data, missing)
    _restore_flow(g, data, missing)
    _restore_records(g, data, missing)
    _restore_politics(g, data, missing)
    _restore_met_dates(g, data, missing)
    _restore_chapters(g, data, missing)
    if missing:
        unique = list(dict.fromkeys(missing))
        raise SnapshotError("the scenario has changed and no longer has " + ", ".join(unique))
    return g


def _who(scenario: Scenario, data: Any) -> tuple[str, int]:
    """The role and seed of a snapshot of this scenario with every field present."""
    if not isinstance(data, dict):
        raise SnapshotError("the saved state is not a mapping")
    absent = [k for k in SNAPSHOT_FIELDS if k not in data]
    if absent:
        raise SnapshotError(f"the saved state lacks {', '.join(absent)}")
    if data["scenario"] != scenario.id:
        raise SnapshotError(f"the saved game is of scenario '{clip(str(data['scenario']))}', not '{scenario.id}'")
    role = data["role"]
    if not isinstance(role, str) or role not in scenario.roles:
        raise SnapshotError(f"role '{clip(str(role))}' no longer exists in scenario '{scenario.id}'")
    seed = _int(data["seed"], "'seed'")
    if abs(seed) >= SEED_LIMIT:
        raise SnapshotError(f"'seed' is {number(seed)}; a seed has at most 18 digits")
    return role, seed


def _restore_time(g: World, data: dict[str, Any]) -> None:
    scenario = g.scenario
    g.date = _date(data["date"], "'date'")
    g.turn = _int(data["turn"], "'turn'", 1, MAX_TURNS)
    if not scenario.start <= g.date <= scenario.end:
        raise SnapshotError(f"date {g.date} is outside the scenario ({scenario.start} to {scenario.end})")


def _restore_numbers(g: World, data: dict[str, Any], missing: list[str]) -> None:
    """Stats, relationships and flags, each in its range and of its type."""
    scenario = g.scenario
    stats = _mapping(data, "stats")
    for s, d in scenario.stats.items():
        v = stats.get(s, d.default)
        g.stats[s] = _int(v, f"stat '{s}'", d.min, d.max, f"its range {d.min}..{d.max}")
    missing += [f"stat '{clip(s)}'" for s in stats if s not in scenario.stats]
    rel = _mapping(data, "rel")
    for c in scenario.characters:
        v = rel.get(c, scenario.characters[c].relationship.get(g.role, 0))
        g.rel[c] = _int(v, f"relationship with '{c}'", -100, 100)
    missing += [f"character '{clip(c)}'" for c in rel if c not in scenario.characters]
    g.flags = dict(scenario.flags)
    for f, v in _mapping(data, "flags").items():
        if f not in scenario.flags:
            missing.append(f"flag '{clip(f)}'")
        elif not isinstance(v, (bool, int, float)) or isinstance(v, bool) != isinstance(scenario.flags[f], bool):
            raise SnapshotError(f"flag '{f}' has a value of the wrong type")
        elif not isinstance(v, bool) and not -FLAG_LIMIT <= v <= FLAG_LIMIT:   # NaN fails this too
            raise SnapshotError(f"flag '{f}' is {number(v)}, outside -{FLAG_LIMIT}..{FLAG_LIMIT}")
        else:
            g.flags[f] = v


def _restore_world(g: World, data: dict[str, Any], missing: list[str]) -> None:
    """Who stands in which faction and office, and who is dead."""
    scenario = g.scenario
    for f, members in _mapping(data, "factions").items():
        if f not in scenario.factions:
            missing.append(f"faction '{clip(f)}'")
            continue
        g.factions[f] = set(_ids(members, scenario.characters, "character", missing))
    for o, holders in _mapping(data, "offices").items():
        if o not in scenario.offices:
            missing.append(f"office '{clip(o)}'")
            continue
        g.offices[o] = list(_ids(holders, scenario.characters, "character", missing))
    g.dead = set(_ids(data["dead"], scenario.characters, "character", missing))


def _restore_flow(g: World, data: dict[str, Any], missing: list[str]) -> None:
    """Events met and to come, the current event or the ending, and the game's status."""
    scenario = g.scenario
    for e, n in _mapping(data, "met").items():
        if e not in scenario.events:
            missing.append(f"event '{clip(e)}'")
        g.met[e] = _int(n, f"count of event '{clip(e)}'", 1, NUMBER_LIMIT, f"1..{LIMIT_TEXT}")
    g.fired_this_turn = _ids(data["fired_this_turn"], scenario.events, "event", missing)
    if not isinstance(data["scheduled"], list):
        raise SnapshotError("'scheduled' must be a list")
    for item in data["scheduled"]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
            raise SnapshotError("'scheduled' entries must be [date, event]")
        if item[1] not in scenario.events:
            missing.append(f"event '{clip(item[1])}'")
        g.scheduled.append((_date(item[0], "a scheduled date"), item[1]))
    for key, known, what in (("current", scenario.events, "event"), ("ending", scenario.endings, "ending")):
        if data[key] is not None and not isinstance(data[key], str):
            raise SnapshotError(f"'{key}' must be an id or null")
        if data[key] is not None and data[key] not in known:
            missing.append(f"{what} '{clip(data[key])}'")
    g.current_id, g.ending_id = data["current"], data["ending"]
    resumed = next((ch for ch in scenario.chapters if data["ending"] in ch.resumes), None)
    if resumed is not None and data["status"] == Status.ENDED.value:
        # A game saved at an ending that is now a chapter's end: it goes on into that chapter.
        missing.remove(f"ending '{clip(data['ending'])}'")
        g.ending_id, g.resuming = None, resumed.id
        data = {**data, "status": Status.EVENT.value, "current": None}
    if data["status"] not in STATUSES:
        raise SnapshotError(f"'status' {clip(repr(data['status']))} is not one of {', '.join(STATUSES)}")
    g.status = Status(data["status"])
    if g.status == Status.EVENT and g.current_id is None and not g.resuming:
        raise SnapshotError("the game is in progress but no event is current")
    if g.status == Status.ENDED and g.ending_id is None:
        raise SnapshotError("the game has ended but names no ending")
    if not isinstance(data["dead_end"], str):
        raise SnapshotError("'dead_end' must be text")
    g.dead_end = printable(data["dead_end"])


def _restore_records(g: World, data: dict[str, Any], missing: list[str]) -> None:
    """The random generator, the codex entries open, the journal and the trace, each entry checked."""
    g.rng = Rng(_int(data["rng"], "'rng'", 0, RNG_MAX, "0..2^64-1"))
    g.unlocked = set(_ids(data["unlocked"], g.scenario.codex, "codex entry", missing))
    journal, trace = data["journal"], data["trace"]
    if not isinstance(journal, list):
        raise SnapshotError("'journal' must be a list of entries")
    if not isinstance(trace, list):
        raise SnapshotError("'trace' must be a list of entries")
    limit = _number_limit(g.scenario)
    g.journal = [_journal_entry(j, n, g.scenario, limit, missing) for n, j in enumerate(journal, 1)]
    g.chosen.update((j["event"], j["choice"]) for j in g.journal)
    g.trace = [_trace_entry(t, n, g.scenario) for n, t in enumerate(trace, 1)]


def _restore_politics(g: World, data: dict[str, Any], missing: list[str]) -> None:
    """Ties between characters, the votes held and the cool-downs running (absent from older saves)."""
    scenario = g.scenario
    ties = data.get("ties", [])
    if not isinstance(ties, list):
        raise SnapshotError("'ties' must be a list of [character, character, number]")
    for item in ties:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], str)):
            raise SnapshotError("'ties' entries must be [character, character, number]")
        a, b, v = item
        _ids([a, b], scenario.characters, "character", missing)
        value = _int(v, f"the tie between '{clip(a)}' and '{clip(b)}'", -100, 100)
        if a != b:
            g.ties[(a, b) if a < b else (b, a)] = value
    results = data.get("results", {})
    if not isinstance(results, dict):
        raise SnapshotError("'results' must be a mapping")
    for v, r in results.items():
        if v not in scenario.votes:
            missing.append(f"vote '{clip(v)}'")
        if not isinstance(r, dict) or not isinstance(r.get("passed"), bool):
            raise SnapshotError(f"the result of vote '{clip(v)}' must say whether it passed")
        counts = {k: _int(r.get(k), f"'{k}' in the result of vote '{clip(v)}'", 0, NUMBER_LIMIT, f"0..{LIMIT_TEXT}")
                  for k in ("for", "against", "abstain")}
        turn = _int(r.get("turn"), f"the turn of vote '{clip(v)}'", 1, MAX_TURNS)
        g.results[v] = {"passed": r["passed"], **counts, "turn": turn}
    last = data.get("last_turn", {})
    if not isinstance(last, dict):
        raise SnapshotError("'last_turn' must be a mapping")
    for e, t in last.items():
        if e not in scenario.events:
            missing.append(f"event '{clip(e)}'")
        g.last_turn[e] = _int(t, f"the last turn of event '{clip(e)}'", 1, MAX_TURNS)


def _restore_met_dates(g: World, data: dict[str, Any], missing: list[str]) -> None:
    """The date each event met last happened; a save from before they were kept takes them from its
    journal, and the current event's from the current date."""
    scenario = g.scenario
    if "met_dates" in data:
        dates = data["met_dates"]
        if not isinstance(dates, dict):
            raise SnapshotError("'met_dates' must be a mapping")
        for e, d in dates.items():
            if e not in scenario.events:
                missing.append(f"event '{clip(e)}'")
            g.met_dates[e] = _date(d, f"the date of event '{clip(e)}'")
        return
    for j in g.journal:
        if j["event"] in scenario.events:
            g.met_dates[j["event"]] = date.fromisoformat(j["date"])
    current = scenario.events.get(g.current_id or "")
    if current is not None:
        g.met_dates[current.id] = g.date if current.day is None else g.day_date(current.day)


def _restore_chapters(g: World, data: dict[str, Any], missing: list[str]) -> None:
    """The marks of the chapters' starts and a summary not yet read (absent from saves made before
    chapters: the game began at the first)."""
    scenario = g.scenario
    chapters = {ch.id for ch in scenario.chapters}
    interlude = data.get("interlude", "")
    if not isinstance(interlude, str):
        raise SnapshotError("'interlude' must be a chapter id")
    if interlude and interlude not in chapters:
        missing.append(f"chapter '{clip(interlude)}'")
    g.interlude = interlude
    marks = data.get("marks", [])
    if not isinstance(marks, list):
        raise SnapshotError("'marks' must be a list")
    for m in marks:
        if not isinstance(m, dict) or set(m) != set(MARK_FIELDS):
            raise SnapshotError(f"'marks' entries must have {', '.join(MARK_FIELDS)}")
        if m["chapter"] not in chapters:
            missing.append(f"chapter '{clip(str(m['chapter']))}'")
            continue
        numbers = [m["turn"], m["journal"], *(m["stats"].values() if isinstance(m["stats"], dict) else [None]),
                   *(m["rel"].values() if isinstance(m["rel"], dict) else [None])]
        for n in numbers:
            _int(n, "a number in 'marks'", -NUMBER_LIMIT, NUMBER_LIMIT, f"±{LIMIT_TEXT}")
        groups = [m["offices"], m["factions"]]
        if not all(isinstance(x, dict) and all(isinstance(v, list) and all(isinstance(i, str) for i in v)
                                                for v in x.values()) for x in groups) \
                or not (isinstance(m["dead"], list) and all(isinstance(i, str) for i in m["dead"])):
            raise SnapshotError("'marks' entries must list offices, factions and the dead by id")
        g.marks.append({"chapter": m["chapter"], "turn": m["turn"], "journal": m["journal"],
                        "stats": {k: v for k, v in m["stats"].items() if k in scenario.stats},
                        "rel": {k: v for k, v in m["rel"].items() if k in scenario.characters},
                        "offices": {k: [c for c in v if c in scenario.characters] for k, v in m["offices"].items()
                                    if k in scenario.offices},
                        "factions": {k: [c for c in v if c in scenario.characters] for k, v in m["factions"].items()
                                     if k in scenario.factions},
                        "dead": [c for c in m["dead"] if c in scenario.characters]})
