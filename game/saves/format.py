"""The save file format: what a save holds, how it is checked, and how older formats are read.

A save is one JSON object:

    format          "politburo-save", so a stray JSON file is never taken for a save
    format_version  this module's FORMAT_VERSION when written; older ones are migrated on reading
    game_version    the version of Politburo that wrote it
    scenario        {id, version, fingerprint} of the scenario played
    role            the role's id
    meta            what a list of saves shows: name, kind, saved_at (UTC), the in-game date,
                    turn, choices made, status, role and scenario names, a one-line summary; and
                    `game`, which playthrough the save is of (every save of one game shares it)
    state           the engine's complete state (`Game.snapshot()`): ids, never positions

Format 1 held the state with the scenario's id and version beside it and nothing to show in
a list; format 2 added `meta` and the scenario's fingerprint. `meta.game` came later, as an
optional field: a save without it is taken to be a game of its own.

Reading trusts nothing in the file: no number may run past MAX_DIGITS digits, `saved_at` must
fall in SAVED_FROM..SAVED_UNTIL (where every system can convert it to local time), the turn and
the count of choices must be in range, and the text `meta` holds is kept with its control
characters escaped, since it is only ever shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from game import __version__
from game.engine import Game, Status
from game.engine.dates import format_month
from game.engine.records import STATUSES
from game.engine.snapshot import LIMIT_TEXT, MAX_TURNS, NUMBER_LIMIT, SNAPSHOT_FIELDS
from game.engine.untrusted import clip, number, printable
from game.saves.errors import SaveError
from game.structs import struct

FORMAT = "politburo-save"
FORMAT_VERSION = 2
MAX_BYTES = 2 * 1024 * 1024          # a whole playthrough of the chapter is about 1/40 of this
KINDS = ("save", "quick", "auto")
MAX_DIGITS = 24                      # the longest number a save holds has 20 (the random state)
SAVED_FROM = datetime(1970, 1, 1, tzinfo=UTC)
SAVED_UNTIL = datetime(3000, 1, 1, tzinfo=UTC)     # Windows converts no later time to local time


@struct(frozen=True)
class SaveMeta:
    """What a list of saves shows, read from a save without loading its scenario."""

    name: str
    kind: str                 # save | quick | auto
    saved_at: datetime        # aware, UTC, in SAVED_FROM..SAVED_UNTIL
    scenario_id: str
    scenario_title: str
    scenario_version: str
    fingerprint: str          # "" when the save does not record one (format 1)
    role: str
    role_name: str
    date: date                # in the game
    turn: int
    choices: int
    status: str               # a Status value: event | ended | dead_end
    summary: str
    game_version: str
    game: str = ""            # which playthrough; "" in a save made before saves recorded it

    @property
    def in_progress(self) -> bool:
        return self.status == Status.EVENT


def summary_of(game: Game) -> str:
    """One line on where the game stands: the event waiting, or how it ended."""
    if game.status == Status.ENDED and game.ending_id is not None:
        return f"Ended: {game.title_of(game.scenario.endings[game.ending_id])}"
    if game.status == Status.DEAD_END:
        return "Stopped: the scenario could not go on"
    if game.current_id is not None:
        return game.title_of(game.scenario.events[game.current_id])
    return ""


def encode(game: Game, name: str, kind: str, saved_at: datetime) -> dict[str, Any]:
    """The save document of a game."""
    s = game.scenario
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "game_version": __version__,
        "scenario": {"id": s.id, "version": s.version, "fingerprint": s.fingerprint},
        "role": game.role,
        "meta": {
            "name": name,
            "kind": kind,
            "saved_at": saved_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "scenario_title": s.title,
            "role_name": s.roles[game.role].name,
            "date": game.date.isoformat(),
            "turn": game.turn,
            "choices": len(game.journal),
            "status": game.status.value,
            "summary": summary_of(game),
            "game": game.lineage,
        },
        "state": game.snapshot(),
    }


LINE = 100        # a list or mapping of plain values this short is written on one line


def dumps(doc: dict[str, Any]) -> bytes:
    """The file's bytes: indented, a value a line, short runs of plain values on one; diffs stay readable."""
    out: list[str] = []
    _emit(doc, "", out)
    out.append("\n")
    return "".join(out).encode("utf-8")


# One encoder, made once: for strings and plain runs it is libjson's C code, not a Python walk.
_compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode


def _emit(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict):
        keys: list[str] | None = [_compact(k) + ": " for k in value]
        children = list(value.values())
        opener, closer = "{", "}"
    elif isinstance(value, list):
        keys, children = None, value
        opener, closer = "[", "]"
    else:
        out.append(_compact(value))
        return
    if not children:
        out.append(opener + closer)
        return
    if not any(isinstance(c, (dict, list)) and c for c in children):
        flat = _compact(value)
        if len(flat) + len(indent) <= LINE:
            out.append(flat)
            return
    inner = indent + " "
    out.append(opener)
    for n, c in enumerate(children):
        out.append(("\n" if n == 0 else ",\n") + inner + (keys[n] if keys is not None else ""))
        if isinstance(c, (dict, list)):
            _emit(c, inner, out)
        else:
            out.append(_compact(c))
    out.append("\n" + indent + closer)


# -- reading ---------------------------------------------------------------------------------

def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a save can hold")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise ValueError(f"the key '{clip(twice)}' appears twice in one object")
    return out


class _TooLong(ValueError):
    """A number in the file with more digits than any save holds."""

    def __init__(self, digits: int) -> None:
        super().__init__(f"a number of {digits} digits (no number in a save has more than {MAX_DIGITS})")


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _TooLong(len(text.lstrip("-")))
    return int(text)


# A JSON string (skipped whole, so digits inside one are never taken for a number) or a whole number.
_INTS = re.compile(r'"(?:[^"\\]|\\.)*"|(?<![\w.+-])(-?\d+)(?![\w.])')


def _place(text: str, pos: int) -> tuple[int, int]:
    """The line and column of a position in the text."""
    return text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1


def parse(data: bytes, path: str) -> dict[str, Any]:
    """The JSON object in a save file's bytes; SaveError (with line and column where known) if not."""
    if len(data) > MAX_BYTES:
        raise SaveError(f"the file is over {MAX_BYTES // (1024 * 1024)} MiB; saves are far smaller", path)
    if not data.strip():
        raise SaveError("the file is empty", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise SaveError("not UTF-8 text: not a Politburo save", path, line, col) from None
    try:
        doc = json.loads(text, parse_constant=_no_constant, parse_int=_whole_number, object_pairs_hook=_unique_keys)
    except _TooLong as e:
        at = next((m.start(1) for m in _INTS.finditer(text) if m.group(1) and len(m.group(1).lstrip("-")) > MAX_DIGITS),
                  None)
        line, col = _place(text, at) if at is not None else (None, None)
        raise SaveError(f"not a valid save: {e}", path, line, col) from None
    except json.JSONDecodeError as e:
        reason = "the file ends too soon (truncated?)" if e.pos >= len(text.rstrip()) else f"not valid JSON: {e.msg}"
        raise SaveError(reason, path, e.lineno, e.colno) from None
    except (ValueError, RecursionError) as e:   # NaN, a duplicate key, digits beyond Python's limit, deep nesting
        reason = str(e) if not isinstance(e, RecursionError) else "nested too deeply"
        raise SaveError(f"not a valid save: {reason}", path) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SaveError("not a Politburo save (no \"format\": \"politburo-save\")", path)
    return doc


def _migrate_1(doc: dict[str, Any], name: str) -> dict[str, Any]:
    """Format 1 to 2: the scenario becomes {id, version, fingerprint}; `meta` is made from the state."""
    state = doc.get("state")
    if not isinstance(state, dict):
        raise SaveError("'state' must be a mapping")
    journal = state.get("journal")
    return {
        "format": FORMAT,
        "format_version": 2,
        "game_version": doc.get("game_version"),
        "scenario": {"id": doc.get("scenario"), "version": doc.get("scenario_version"), "fingerprint": ""},
        "role": doc.get("role"),
        "meta": {
            "name": name,
            "kind": "save",
            "saved_at": doc.get("saved_at"),
            "scenario_title": doc.get("scenario"),
            "role_name": doc.get("role"),
            "date": state.get("date"),
            "turn": state.get("turn"),
            "choices": len(journal) if isinstance(journal, list) else 0,
            "status": state.get("status"),
            "summary": "",
        },
        "state": state,
    }


# MIGRATIONS[n] turns a format-n document into format n+1; reading runs the chain up to FORMAT_VERSION.
MIGRATIONS: dict[int, Callable[[dict[str, Any], str], dict[str, Any]]] = {1: _migrate_1}


def upgrade(doc: dict[str, Any], name: str, path: str) -> dict[str, Any]:
    """The document in the current format, through the chain of migrations."""
    version = doc.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        shown = number(version) if isinstance(version, int) and not isinstance(version, bool) else clip(repr(version))
        raise SaveError(f"'format_version' must be a whole number from 1, not {shown}", path)
    if version > FORMAT_VERSION:
        raise SaveError(f"saved by a newer Politburo (save format {number(version)}; this version reads formats "
                        f"1 to {FORMAT_VERSION}): update the game to load it", path)
    try:
        while version < FORMAT_VERSION:
            doc = MIGRATIONS[version](doc, name)
            version += 1
    except SaveError as e:
        raise SaveError(f"cannot be read as save format {version}: {e.reason}", path) from None
    return doc


def _field(mapping: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str, path: str) -> Any:
    value = mapping.get(key)
    if key not in mapping:
        raise SaveError(f"'{where}{key}' is missing", path)
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        names = " or ".join(t.__name__ for t in (kind if isinstance(kind, tuple) else (kind,)))
        wording = {"str": "text", "int": "a whole number", "dict": "a mapping"}
        raise SaveError(f"'{where}{key}' must be {wording.get(names, names)}, not {type(value).__name__}", path)
    return value


def read_meta(doc: dict[str, Any], path: str) -> SaveMeta:
    """Check a current-format document's envelope and metadata; SaveError names the first fault."""
    game_version = _field(doc, "game_version", str, "", path)
    scenario = _field(doc, "scenario", dict, "", path)
    sid = _field(scenario, "id", str, "scenario.", path)
    version = _field(scenario, "version", str, "scenario.", path)
    fingerprint = _field(scenario, "fingerprint", str, "scenario.", path)
    role = _field(doc, "role", str, "", path)
    meta = _field(doc, "meta", dict, "", path)
    state = _field(doc, "state", dict, "", path)
    name = _field(meta, "name", str, "meta.", path)
    kind = _field(meta, "kind", str, "meta.", path)
    if kind not in KINDS:
        raise SaveError(f"'meta.kind' is {clip(repr(kind))}, not one of {', '.join(KINDS)}", path)
    saved_at = _saved_at(_field(meta, "saved_at", str, "meta.", path), path)
    day_text = _field(meta, "date", str, "meta.", path)
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise SaveError(f"'meta.date' '{clip(day_text)}' is not a date", path) from None
    turn = _field(meta, "turn", int, "meta.", path)
    choices = _field(meta, "choices", int, "meta.", path)
    if not 1 <= turn <= MAX_TURNS:
        raise SaveError(f"'meta.turn' is {number(turn)}, outside 1..{MAX_TURNS}", path)
    if not 0 <= choices <= NUMBER_LIMIT:
        raise SaveError(f"'meta.choices' is {number(choices)}, outside 0..{LIMIT_TEXT}", path)
    status = _field(meta, "status", str, "meta.", path)
    if status not in STATUSES:
        raise SaveError(f"'meta.status' is {clip(repr(status))}, not one of {', '.join(STATUSES)}", path)
    absent = [k for k in SNAPSHOT_FIELDS if k not in state]
    if absent:
        raise SaveError(f"the saved state lacks {', '.join(absent)}", path)
    if state["scenario"] != sid or state["role"] != role:
        raise SaveError("the saved state is of another scenario or role than the save says", path)
    # What is only shown is kept escaped; ids are compared with the scenario's, and kept as they are.
    return SaveMeta(
        name=printable(name), kind=kind, saved_at=saved_at, scenario_id=sid,
        scenario_title=printable(_field(meta, "scenario_title", str, "meta.", path)),
        scenario_version=printable(version), fingerprint=fingerprint, role=role,
        role_name=printable(_field(meta, "role_name", str, "meta.", path)), date=day, turn=turn, choices=choices,
        status=status, summary=printable(_field(meta, "summary", str, "meta.", path)),
        game_version=printable(game_version), game=_lineage(meta, path))


GAME_ID = re.compile(r"[0-9a-f]{1,64}")


def _lineage(meta: dict[str, Any], path: str) -> str:
    """`meta.game`, optional: which playthrough the save is of (hexadecimal digits), "" where it is not recorded."""
    if "game" not in meta:
        return ""
    value = _field(meta, "game", str, "meta.", path)
    if value and not GAME_ID.fullmatch(value):
        raise SaveError(f"'meta.game' is {clip(repr(value))}, not up to 64 hexadecimal digits", path)
    return value


def _saved_at(text: str, path: str) -> datetime:
    """`meta.saved_at` as an aware UTC time, refused unless every system can show it in local time."""
    try:
        saved_at = datetime.fromisoformat(text)
    except ValueError:
        raise SaveError(f"'meta.saved_at' '{clip(text)}' is not a date and time", path) from None
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=UTC)
    try:
        saved_at = saved_at.astimezone(UTC)
    except OverflowError:      # an offset that carries it past year 1 or 9999
        saved_at = SAVED_UNTIL
    if not SAVED_FROM <= saved_at < SAVED_UNTIL:
        raise SaveError(f"'meta.saved_at' is '{clip(text)}', outside the years {SAVED_FROM.year} to "
                        f"{SAVED_UNTIL.year - 1}", path)
    return saved_at


def describe(meta: SaveMeta) -> str:
    """A save in one line: who, when in the game, and where it stands."""
    where = f"{meta.role_name}, {format_month(meta.date)}, turn {meta.turn}"
    return f"{where}: {meta.summary}" if meta.summary else where
