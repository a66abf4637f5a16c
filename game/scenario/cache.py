"""Opening a scenario for play from what an earlier check of the same files kept.

Checking the campaign whole (reading 2 MB of YAML, compiling some 5,000 expressions, building about
250,000 objects) takes about half a second: too long to wait for each time the game starts. So once a
scenario has been checked and found free of errors, `open_scenario` keeps the objects the check built in the
player's cache folder (game.paths.cache_folder: ~/.cache/politburo/scenarios on Linux, or where
$POLITBURO_CACHE says), as data, with what each compiled expression, effect and text was compiled from; and the
next time it opens the same files it makes the scenario from that, without the checker or the YAML reader: the
roles, characters, offices, bodies and the rest at once, their conditions and formulas compiled the first time
each is evaluated (Later, in game.engine.model); and each event, vote, ending, codex entry and timeline entry as
a Deferred object, whose text, conditions, sources and choices are made the first time the game reads one of
them. What is left to make, the full-screen game makes while the player reads (Scenario.not_built).

The cache is never trusted over the files. An opening compares their fingerprint (each file's path and bytes,
as Scenario.fingerprint) with the one the cache was made from; so does the code that checks them (its modules'
sizes and times). Any difference, a cache file that is torn, foreign or of another format, or one whose contents
do not add up to its checksum, and the scenario is checked in full again, as `check_scenario` does, and the cache
made anew. A cache file is data only (JSON): the objects it keeps are records of the model's own classes, named
from a fixed list (KEPT_CLASSES), and every expression is compiled from its text by the scenario compiler, the
same as in a full check.

To know the fingerprint, an opening reads and hashes every file (2 MB for the campaign), unless each file is, by
what the file system says of it, the very file the cache's fingerprint was worked out from: the same set of files,
each of the same size, modification and change times and file number as when it was read then, and written at
least SETTLED_NS before that reading. This is the test git makes of its index, and Python of its bytecode cache
(which asks less: size and modification time). A file written again, even to the same size with its old
modification time put back, has a new change time; one written within the file system's clock's resolution of the
reading is never taken on its times alone (the "racy" case), but read. A cache whose fingerprint was confirmed by
reading, from files whose times had changed (say, a checkout rewrote them unchanged), is given their new times.

Only play opens scenarios this way. `validate`, `simulate`, `graph` and the writer's inspector check
the files in full every time: they report warnings, or read every event's expressions and places.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import time
import types
import weakref
import zlib
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.digest import blake2b
from game.engine.dates import TurnLength
from game.engine.errors import ScenarioChangedError
from game.engine.model import (
    DEFERRED,
    Aim,
    Bloc,
    Body,
    Chapter,
    ChapterFaction,
    ChapterRole,
    ChapterTie,
    Character,
    Choice,
    Effect,
    Faction,
    Later,
    Lean,
    Mentions,
    Office,
    OfficeTerm,
    Place,
    Role,
    RoleStart,
    Scenario,
    SourceDef,
    SourceRef,
    StatDef,
)
from game.engine.template import Template
from game.paths import PACKAGE, cache_folder
from game.scenario.expressions import Symbols
from game.scenario.files import collector_held, file_digest_part, in_folder, read_bytes, scenario_files
from game.scenario.recompile import compiled_block, compiled_effect, compiled_expression, compiled_text

if TYPE_CHECKING:
    from game.scenario.diagnostics import Diagnostic
    from game.scenario.loader import Load
    from game.scenario.yamlsource import YMap

FORMAT = 7
MAGIC = "politburo-checked-scenario"
# A file written this long before it was read for a cache's fingerprint may be taken on its times since (see the
# module's note); two seconds cover the coarsest clocks file systems keep (FAT's).
SETTLED_NS = 2_000_000_000
# The sections whose objects are built on first use, and the fields of each there from the start (in this
# order in the cache).
AT_ONCE = {kind: tuple(f.name for f in fields(cls) if f.name not in cls.BUILT_LATER) for kind, cls in DEFERRED.items()}
_FROM_JSON = {
    "date": date.fromisoformat,
    "earliest": date.fromisoformat,
    "latest": date.fromisoformat,
    "roles": lambda v: None if v is None else frozenset(v),
    "unlocks": tuple,
    "links": tuple,
    "opponents": tuple,
    "absent": tuple,
    "spread": lambda v: v if isinstance(v, str) else tuple(v),
}


class CacheUnusable(Exception):
    """A cache file that cannot stand for its scenario's files (the files are then checked in full)."""


def open_scenario(path: str) -> tuple[Scenario | None, list[Diagnostic]]:
    """A scenario for play: from the cache if one was made from these very files, else checked in full (and
    then cached). Returns the scenario (None if it has errors) and, after a full check, every problem."""
    found = scenario_files(path)
    if isinstance(found, list):
        return None, found
    with collector_held():      # as a load is: decoding the cache makes as many small objects
        return _open(*found)


def _open(folder: str, shown_root: str, files: list[str]) -> tuple[Scenario | None, list[Diagnostic]]:
    where = cache_file(folder)
    cached = _CacheFile.open(where)
    try:
        looked = time.time_ns()         # before the files are looked at: any write after this is seen (SETTLED_NS)
        stats = _stats(folder, files)
        if cached is not None and stats is not None and _unchanged(cached.header, stats):
            fingerprint = cached.header["fingerprint"]
            read = False
        else:
            raws = _read_all(files)
            if raws is None:        # a file that cannot be read: the full check says which, and why
                return _checked(folder, shown_root, files)[:2]
            import hashlib  # only when the files are read (OpenSSL's hashes are a millisecond and a half to load)
            digest = hashlib.sha256()
            for file, raw in zip(files, raws):
                digest.update(file_digest_part(folder, file, raw))
            fingerprint, read = digest.hexdigest(), True
        main = cached.main_part(fingerprint) if cached is not None else None
        if cached is not None and main is not None:
            try:
                opened: Scenario | None = _Opening(folder, shown_root, files, cached, fingerprint).run(main)
            except (CacheUnusable, KeyError, IndexError, TypeError, ValueError, AttributeError):
                opened = None       # a cache of the right fingerprint but the wrong shape
            if opened is not None:
                if read and stats is not None:
                    cached.restamp(where, stats, looked)     # confirmed by reading: their times are kept now
                cached = None       # the scenario reads the rest of it as it builds (see _Opening)
                return opened, []
        scenario, diags, load = _checked(folder, shown_root, files)
        if scenario is not None and scenario.fingerprint == fingerprint:   # unchanged while it was checked
            write_cache(where, scenario.fingerprint, load, scenario, stats, looked)
        return scenario, diags
    finally:
        if cached is not None:
            cached.close()


def _checked(folder: str, shown_root: str, files: list[str]) -> tuple[Scenario | None, list[Diagnostic], Load]:
    """The scenario checked in full, as `check_scenario` does, with every problem and what the check read."""
    from game.scenario.loader import Load, run_load  # the checker: not needed to open from the cache
    return run_load(Load(folder, shown_root, files))


def _stats(folder: str, files: list[str]) -> dict[str, list[int]] | None:
    """What the file system says of each file: size, modification and change times, file number; by its path in
    the folder. None if a file cannot be looked at, and on Windows, where the "change time" is when the file was
    made, which writing it does not change: there the files are always read."""
    if os.name == "nt":
        return None
    out = {}
    try:
        for file in files:
            st = os.stat(file)
            out[in_folder(file, folder)] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    except OSError:
        return None
    return out


def _unchanged(header: dict[str, Any], stats: dict[str, list[int]]) -> bool:
    """Whether the files are, by their times, those the cache's fingerprint was worked out from, each written well
    before it was read then (see the module's note)."""
    looked = header.get("looked")
    if not isinstance(looked, int) or header.get("stats") != stats:
        return False
    return all(mtime < looked - SETTLED_NS and ctime < looked - SETTLED_NS for _, mtime, ctime, _ in stats.values())


def cache_file(folder: str, kind: str = "scenarios") -> Path:
    """The cache file of the scenario in `folder` (or, with kind "manifests", of the manifest at that path): one
    for each place, named by a hash of its absolute path."""
    name = blake2b(os.fsencode(os.path.abspath(folder)), digest_size=12).hexdigest()
    return cache_folder() / kind / f"{name}.json"


@functools.cache
def code_fingerprint() -> str:
    """The code that checks and builds scenarios, as the sizes and times of its modules: a cache made by
    other code is not used."""
    found: list[tuple[tuple[str, ...], int, int]] = []     # (path's parts, size, time) of each module

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        with os.scandir(folder) as entries:     # a tenth of the time Path.rglob takes over these folders
            for entry in entries:
                if entry.is_dir():
                    walk(entry.path, (*parts, entry.name))
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    found.append(((*parts, entry.name), st.st_size, st.st_mtime_ns))

    for package in ("engine", "scenario"):
        walk(str(PACKAGE / package), (package,))
    h = blake2b(digest_size=16)
    for parts, size, mtime in sorted(found):
        h.update(f"{'/'.join(parts)}:{size}:{mtime}\n".encode())
    return h.hexdigest()


def _read_all(files: list[str]) -> list[bytes] | None:
    out = []
    for file in files:
        try:
            with open(file, "rb") as fh:
                out.append(fh.read())
        except OSError:
            return None
    return out


# -- the cache file -----------------------------------------------------------------------------
# A header line (JSON): what the cache is, the fingerprints it was made for, what the file system said of the files
# when they were read for the fingerprint (see the module's note), the length of the main part and its checksum
# (CRC-32), which finds a file damaged on disk. Then the main part (JSON): the files, the names the scenario defines
# (Symbols), the objects built at once (see _Keeper) with the places of their expressions and what these name, and
# an index of the objects built on first use, with the offset, length and checksum of each. Then those objects,
# each a JSON text of its own, read and checked only when it is built; and last, as one JSON text, what the choices'
# effects call (see Scenario.calls_later), read when play asks. An object whose text is not whole when it is read
# (the file damaged since it was opened) is built from the files instead, checked in full (_Opening.from_files).
MAX_HEADER = 1 << 20        # a header longer than this is not one the game wrote
HEADER_READ = 1 << 16       # read at a time until the header's end is found


class _CacheFile:
    """A cache file open for reading: its header at once, the rest as it is asked for."""

    def __init__(self, fh: Any, header: dict[str, Any], start: int, size: int) -> None:
        self.fh = fh
        self.header = header
        self.start = start          # where the main part begins
        self.size = size

    @classmethod
    def open(cls, where: Path) -> _CacheFile | None:
        """The cache file at `where`, if there is one this code wrote; else None."""
        try:
            # Unbuffered: each read is of the file as it is on disk then, not of a copy read ahead before.
            fh = open(where, "rb", buffering=0)  # noqa: SIM115 (kept open while the scenario is built: see _Opening)
        except OSError:
            return None
        try:
            first = fh.read(HEADER_READ)
            cut = first.find(b"\n")
            while cut < 0 and 0 < len(first) < MAX_HEADER:
                more = fh.read(HEADER_READ)
                if not more:
                    break
                first += more
                cut = first.find(b"\n")
            header = _header(first[:cut]) if cut >= 0 else None
            if header is not None:
                return cls(fh, header, cut + 1, os.fstat(fh.fileno()).st_size)
        except OSError:
            pass
        fh.close()
        return None

    def read(self, offset: int, length: int, crc: Any = None) -> bytes | None:
        """`length` bytes from `offset` (from the start of the main part), if they are there whole and, where
        `crc` is given, add up to it; else None."""
        if type(offset) is not int or type(length) is not int or offset < 0 or length < 0:
            return None
        parts, left = [], length
        try:
            self.fh.seek(self.start + offset)
            while left > 0:
                part = self.fh.read(left)
                if not part:
                    break
                parts.append(part)
                left -= len(part)
        except (OSError, ValueError):
            return None
        raw = b"".join(parts)
        if len(raw) != length or (crc is not None and zlib.crc32(raw) != crc):
            return None
        return raw

    @property
    def later(self) -> int:
        """Where what follows the main part begins (from the start of the main part)."""
        return self.header["main"]

    def main_part(self, fingerprint: str) -> dict[str, Any] | None:
        """The main part, if the cache was made from files of this fingerprint and it is whole; else None."""
        if self.header["fingerprint"] != fingerprint:
            return None
        raw = self.read(0, self.header["main"], self.header["crc32"])
        if raw is None:
            return None
        try:
            main = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        return main if isinstance(main, dict) else None

    def restamp(self, where: Path, stats: dict[str, list[int]], looked: int) -> None:
        """Give the cache, whose fingerprint reading the files confirmed, their times now, if it has others (the
        next opening need not read them); the rest of it as it was."""
        header = self.header
        if header.get("stats") == stats:
            return
        rest = self.read(0, self.size - self.start)
        if rest is not None:
            _write(where, _header_line(header["fingerprint"], header["main"], header["crc32"], stats, looked) + rest)

    def close(self) -> None:
        self.fh.close()


def _header(line: bytes) -> dict[str, Any] | None:
    """A cache file's header (its first line), if it is one this code wrote (else None)."""
    try:
        header = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if (not isinstance(header, dict) or header.get("magic") != MAGIC or header.get("format") != FORMAT
            or header.get("code") != code_fingerprint() or type(header.get("main")) is not int
            or type(header.get("crc32")) is not int or not isinstance(header.get("fingerprint"), str)):
        return None
    return header


def write_cache(where: Path, fingerprint: str, load: Load, scenario: Scenario, stats: dict[str, list[int]] | None,
                looked: int) -> None:
    """Keep what `load` read, for `scenario` checked clean from files of `fingerprint` (`stats`: what the file
    system said of them at `looked`, before they were read). A cache that cannot be written is no loss: the
    scenario is checked in full next time too."""
    main, later = _contents(load, scenario)
    main_bytes = _json(main)
    _write(where, _header_line(fingerprint, len(main_bytes), zlib.crc32(main_bytes), stats, looked) + main_bytes + later)


def _header_line(fingerprint: str, main: int, crc: int, stats: dict[str, list[int]] | None, looked: int) -> bytes:
    return json.dumps({"magic": MAGIC, "format": FORMAT, "fingerprint": fingerprint, "code": code_fingerprint(),
                       "main": main, "crc32": crc, "looked": looked, "stats": stats}).encode() + b"\n"


def _write(where: Path, data: bytes) -> None:
    """Write a cache file whole, or not at all (nothing is lost when it cannot be written)."""
    import tempfile
    tmp = None
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=where.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, where)      # readers see the old file or the new one, never a part of one
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


# -- manifests ----------------------------------------------------------------------------------
# Finding a scenario by id reads the manifest of every scenario folder. What a listing needs of each manifest is
# kept beside the checked scenarios, keyed by the manifest's bytes and the code that reads it, so that finding
# the scenario to play needs no YAML parser when nothing changed.
def manifest_summary(path: str, summarize: Callable[[YMap], Any], *, kept: bool = True) -> Any:
    """What `summarize` makes (JSON data) of a manifest file's located data: from the cache when the file's bytes
    are the ones it was made from (and `kept`), else read (and kept). None when the file cannot be read as a
    YAML mapping."""
    raw, _ = read_bytes(path, path)
    if raw is None:
        return None
    digest = blake2b(raw).hexdigest()
    where = cache_file(path, "manifests")
    try:
        if kept:
            with open(where, "rb") as fh:
                told = json.loads(fh.read())
            if (isinstance(told, dict) and told.get("magic") == MAGIC and told.get("kind") == "manifest"
                    and told.get("format") == FORMAT and told.get("code") == code_fingerprint()
                    and told.get("blake2b") == digest and isinstance(told.get("summary"), dict)):
                return told["summary"]
    except (OSError, ValueError, RecursionError):
        pass        # none yet, or not one to use: the file is read
    from game.scenario.yamlsource import YMap, decode, parse_yaml  # only when the manifest must be read
    text, _ = decode(path, raw)
    if text is None:
        return None
    data, _ = parse_yaml(text, path)
    if not isinstance(data, YMap):
        return None
    made = summarize(data)
    _write(where, _json({"magic": MAGIC, "kind": "manifest", "format": FORMAT, "code": code_fingerprint(),
                         "blake2b": digest, "summary": made}))
    return made


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _contents(load: Load, scenario: Scenario) -> tuple[dict[str, Any], bytes]:
    """What a clean load built: the main part of a cache file, and what follows it (the objects built later, each with
    the places of its expressions and what these name; then what the choices' effects call)."""
    keep = _Keeper(load.c.written, load.c.blocks, {load.shown(f): i for i, f in enumerate(load.files)})
    noted: dict[tuple[str, str], tuple[dict[Any, Any], dict[Any, Any]]] = {}    # (section, id) -> places, mentions
    at_once: tuple[dict[Any, Any], dict[Any, Any]] = ({}, {})
    for k, kept in enumerate((scenario.places, scenario.mentions)):
        for site, x in kept.items():
            kind = LATER_SITES.get(site[0])
            (at_once if kind is None else noted.setdefault((kind, site[1]), ({}, {})))[k][site] = x
    later = bytearray()
    deferred: dict[str, list[Any]] = {}
    for kind, names in AT_ONCE.items():
        built_later = DEFERRED[kind].BUILT_LATER
        rows = deferred[kind] = []
        for x in scenario.objects_of(kind):         # in the scenario's order (the timeline's, by date)
            places, mentions = noted.get((kind, x.id), ({}, {}))
            text = _json([[keep(getattr(x, name)) for name in built_later], keep(places), keep(mentions)])
            rows.append([x.id, [_json_value(getattr(x, name)) for name in names], len(later), len(text),
                         zlib.crc32(text)])
            later += text
    calls: dict[str, list[Any]] = {}       # event -> [choice, where in its effects, [function, argument]...]
    for site, m in scenario.mentions.items():
        if m.calls and site[0] == "choice" and site[3] == "effect":
            calls.setdefault(site[1], []).append([site[2], list(site[4:]), *sorted([fn, arg] for fn, arg in m.calls)])
    text = _json(calls)         # read when play first asks (see Scenario.calls_later)
    main = {"files": [in_folder(f, load.folder) for f in load.files], "symbols": keep(load.sym),
            "scenario": {name: keep(getattr(scenario, name)) for name in KEPT_FIELDS},
            "places": keep(at_once[0]), "mentions": keep(at_once[1]), "deferred": deferred,
            "calls": [len(later), len(text), zlib.crc32(text)]}
    return main, bytes(later + text)


def _json_value(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, frozenset):
        return sorted(v)
    if isinstance(v, tuple):
        return list(v)
    return v


def _calls(kept: bytes) -> dict[tuple[Any, ...], Mentions]:
    """What the choices' effects call, as the compiler noted it (what play asks before the events are built,
    see Scenario.calls_later), from the cache's later part."""
    out = {}
    for event, sites in json.loads(kept).items():
        for choice, rest, *calls in sites:
            out["choice", event, choice, "effect", *rest] = Mentions("", calls=frozenset((fn, arg) for fn, arg in calls))
    return out


# -- objects as data ------------------------------------------------------------------------------
# The objects the check built are kept as they are, each value tagged by its type: ["t", ...] a tuple, ["s", ...]
# a set, ["f", ...] a frozen set, ["d", key, value, ...] a mapping, ["D", "1924-01-21"] a date, ["R", class,
# field, ...] a record of one of KEPT_CLASSES (by name, no other), ["L", file, line, column] where an expression
# was written (the file by its place in the scenario's list); and what the compiler made, by the text it was made
# from: ["X", text, type] a condition or formula, ["E", text] an effect, ["B", test, then, else] an effect block,
# ["P", text] a text. Other values are as they are.
KEPT_CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    Aim, Bloc, Body, Chapter, ChapterFaction, ChapterRole, ChapterTie, Character, Choice, Effect, Faction, Lean,
    Mentions, Office, OfficeTerm, Role, RoleStart, SourceDef, SourceRef, StatDef, Symbols, TurnLength)}
# Each kept class's fields, in order: a record's values follow its class's name in this order.
_KEPT_FIELDS = {cls: tuple(getattr(cls, "_fields", None) or (f.name for f in fields(cls) if f.init))
                for cls in KEPT_CLASSES.values()}
# The scenario's own fields kept so; the rest are the sections built later (DEFERRED), the places of expressions and
# what they name (kept by the object they belong to), and what an opening makes itself.
KEPT_FIELDS = tuple(f.name for f in fields(Scenario) if f.name not in DEFERRED and f.name not in
                    ("blocs", "path", "fingerprint", "places", "mentions", "calls_later", "compiled_later"))
# The section of the object built later that an expression belongs to, by the first part of its site (see
# Scenario.places); the site's second part is the object's id.
LATER_SITES = {"event": "events", "choice": "events", "vote": "votes", "ending": "endings"}


class _Keeper:
    """Values as data (see above), given what each compiled expression, effect and text was compiled from, the
    effects of each block (Checker.written, Checker.blocks) and each file's place in the list, by its path."""

    def __init__(self, written: dict[int, tuple[str, str, str | None]],
                 blocks: dict[int, tuple[tuple[Effect, ...], tuple[Effect, ...]]], files: dict[str, int]) -> None:
        self.written = written
        self.blocks = blocks
        self.files = files

    def __call__(self, v: Any) -> Any:
        t = type(v)
        if v is None or t in (str, int, float, bool):
            return v
        if t is tuple:
            return ["t", *(self(x) for x in v)]
        if t is set or t is frozenset:
            return ["s" if t is set else "f", *(self(x) for x in sorted(v))]
        if t is dict:
            out: list[Any] = ["d"]
            for k, x in v.items():
                out += [self(k), self(x)]
            return out
        if t is date:
            return ["D", v.isoformat()]
        if t is Place:
            return ["L", self.files[v.path], v.line, v.col]
        if t in _KEPT_FIELDS:
            return ["R", t.__name__, *(self(getattr(v, name)) for name in _KEPT_FIELDS[t])]
        made = self.written.get(id(v))
        if made is not None:
            what, text, want = made
            if what == "expression":
                return ["X", text, want]
            if what == "effect":
                return ["E", text]
            if what == "block":
                then, orelse = self.blocks[id(v)]
                return ["B", text, self(then), self(orelse)]
            return ["P", text]
        if t is Template and len(v.parts) == 1 and type(v.parts[0]) is str:
            return ["P", v.parts[0]]
        raise TypeError(f"no kept form for {t.__name__}")


class _Unkept:
    """Values made from their kept form (see above), the files named by their paths as messages show them (`files`),
    the expressions compiled against `symbols`: now, or (with `later`) each condition and formula when first
    evaluated (see Later), as a scenario's roles' aims and its bodies' formulas are."""

    def __init__(self, files: list[str], symbols: Any = None, *, later: bool = False,
                 compiled: dict[tuple[str, ...], Any] | None = None) -> None:
        self.files = files
        self.symbols = symbols
        self.later: list[Later] | None = [] if later else None
        # What is compiled, by what it was compiled from: the same text, written again and again ("prestige += 5"),
        # is compiled once, as the checker compiles it once (Checker._compiled).
        self.compiled = {} if compiled is None else compiled

    def once(self, key: tuple[Any, ...], compile: Callable[[], Any]) -> Any:
        made = self.compiled.get(key)
        if made is None:
            made = self.compiled[key] = compile()
        return made

    def __call__(self, v: Any) -> Any:
        if type(v) is not list:
            return v
        tag = v[0]
        # Most values are text or numbers: each is taken as it is, without a call for it.
        if tag == "t":
            return tuple([x if type(x) is not list else self(x) for x in v[1:]])
        if tag == "d":
            return {k if type(k) is not list else self(k): x if type(x) is not list else self(x)
                    for k, x in zip(v[1::2], v[2::2])}
        if tag == "R":
            cls = KEPT_CLASSES[v[1]]
            names = _KEPT_FIELDS[cls]
            if len(v) != len(names) + 2:
                raise CacheUnusable(f"a {v[1]} of {len(v) - 2} fields")
            values = [x if type(x) is not list else self(x) for x in v[2:]]
            return cls(*values) if hasattr(cls, "_fields") else cls(**dict(zip(names, values)))
        if tag == "L":
            return Place(self.files[v[1]], v[2], v[3])
        if tag == "X":
            text, want, symbols = v[1], v[2], self.symbols
            if self.later is None:
                return self.once(("expression", text, want), lambda: compiled_expression(text, symbols, want))
            later = Later(functools.partial(compiled_expression, text, symbols, want))
            self.later.append(later)
            return later
        if tag == "E":
            return self.once(("effect", v[1]), lambda: compiled_effect(v[1], self.symbols))
        if tag == "B":
            return compiled_block(v[1], self.symbols, self(v[2]), self(v[3]))
        if tag == "P":
            return self.once(("text", v[1]), lambda: compiled_text(v[1], self.symbols))
        if tag == "D":
            return date.fromisoformat(v[1])
        if tag == "s" or tag == "f":
            items = [x if type(x) is not list else self(x) for x in v[1:]]
            return set(items) if tag == "s" else frozenset(items)
        raise CacheUnusable(f"unknown tag {tag!r}")


# -- the scenario built from it -----------------------------------------------------------------
class _Opening:
    """A scenario made from a cache file (its main part, read; the file, open for the rest) instead of reading and
    checking its files again."""

    def __init__(self, folder: str, shown_root: str, files: list[str], file: _CacheFile, fingerprint: str) -> None:
        self.folder = folder
        self.shown_root = shown_root
        self.files = files
        self.file = file
        weakref.finalize(self, file.close)     # once every object is built, nothing more is read from it
        self.later_size = file.size - file.start - file.later     # what follows the main part, in bytes
        self.calls_at: list[int] = []           # where what the choices' effects call is kept (see `calls`)
        self.fingerprint = fingerprint
        self.shown_files = [os.path.join(shown_root, in_folder(f, folder)) for f in files]
        # Where each expression was written and what it names: those of the objects built at once, and of each
        # object built later as it is built.
        self.places: dict[tuple[Any, ...], Place] = {}
        self.mentions: dict[tuple[Any, ...], Mentions] = {}
        self.checked: Scenario | None = None
        self.compiled: dict[tuple[str, ...], Any] = {}     # see _Unkept

    def run(self, d: dict[str, Any]) -> Scenario:
        """The scenario, from the cache file's main part `d`."""
        if d["files"] != [in_folder(f, self.folder) for f in self.files]:
            raise CacheUnusable("made from other files")
        symbols = _Unkept(self.shown_files)(d["symbols"])
        if type(symbols) is not Symbols:
            raise CacheUnusable("no symbols")
        unkept = _Unkept(self.shown_files, symbols, later=True)
        made = {name: unkept(d["scenario"][name]) for name in KEPT_FIELDS}
        self.places.update(unkept(d["places"]))
        self.mentions.update(unkept(d["mentions"]))
        if not self.within(*d["calls"]):
            raise CacheUnusable("no calls")
        self.calls_at = d["calls"]
        sections: dict[str, Any] = {kind: self.deferred_section(kind, d["deferred"][kind], symbols) for kind in DEFERRED}
        sections["timeline"] = tuple(sections["timeline"].values())     # kept in date order
        blocs = {bloc.id: (body.id, bloc) for body in made["bodies"].values() for bloc in body.blocs}
        return Scenario(**made, **sections, blocs=blocs, path=self.folder, fingerprint=self.fingerprint,
                        places=self.places, mentions=self.mentions, calls_later=self.calls,
                        compiled_later=tuple(unkept.later or ()))

    def within(self, offset: Any, length: Any, crc: Any) -> bool:
        """Whether an index entry names a part of what follows the main part, with a checksum."""
        return (type(offset) is int and type(length) is int and type(crc) is int
                and 0 <= offset <= offset + length <= self.later_size)

    def deferred_section(self, kind: str, rows: list[Any], symbols: Symbols) -> dict[str, Any]:
        """The objects of a section built on first use, each from its row of the index (`rows`) and what the cache
        keeps at the offset it gives."""
        cls, names = DEFERRED[kind], AT_ONCE[kind]
        count = len(names)
        read = [(at, _FROM_JSON[n]) for at, n in enumerate(names) if n in _FROM_JSON]
        build = functools.partial(self.build_kept, kind, symbols)
        make, later = cls.of, functools.partial
        out: dict[str, Any] = {}
        for oid, at_once, offset, length, crc in rows:
            if len(at_once) != count or not self.within(offset, length, crc):
                raise CacheUnusable(f"{kind} '{oid}' is not whole")
            for at, from_json in read:
                at_once[at] = from_json(at_once[at])
            out[oid] = make(names, at_once, later(build, oid, offset, length, crc))
        return out

    def build_kept(self, kind: str, symbols: Symbols, oid: str, offset: int, length: int, crc: int) -> Any:
        """What one object of `kind` has built later, kept at `offset` after the cache's main part; the places of
        its expressions and what they name noted with the scenario's."""
        raw = self.file.read(self.file.later + offset, length, crc)
        names = DEFERRED[kind].BUILT_LATER
        try:
            if raw is None:
                raise CacheUnusable("not whole")
            values, places, mentions = json.loads(raw)
            if len(values) != len(names):
                raise CacheUnusable("an object's fields are not whole")
            unkept = _Unkept(self.shown_files, symbols, compiled=self.compiled)
            built = types.SimpleNamespace(**{name: unkept(v) for name, v in zip(names, values)})
            noted = unkept(places), unkept(mentions)
        except (CacheUnusable, KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError):
            return self.from_files(kind, oid)
        self.places.update(noted[0])
        self.mentions.update(noted[1])
        return built

    def calls(self) -> dict[tuple[Any, ...], Mentions]:
        """What the choices' effects call (see Scenario.calls_later)."""
        offset, length, crc = self.calls_at
        raw = self.file.read(self.file.later + offset, length, crc)
        if raw is not None:
            try:
                return _calls(raw)
            except (KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError):
                pass
        full = self.checked_in_full()
        return {site: m for site, m in full.mentions.items() if m.calls and site[0] == "choice"}

    def from_files(self, kind: str, oid: str) -> Any:
        """One object of `kind` as the full check of the files builds it, with the places of its expressions and what
        they name: for an object the cache file no longer holds whole (damaged on disk since it was opened)."""
        full = self.checked_in_full()
        for mine, theirs in ((self.places, full.places), (self.mentions, full.mentions)):
            mine.update((site, x) for site, x in theirs.items() if LATER_SITES.get(site[0]) == kind and site[1] == oid)
        return next(x for x in full.objects_of(kind) if x.id == oid)

    def checked_in_full(self) -> Scenario:
        """The scenario checked in full from its files (once), which must be the files the game began with."""
        if self.checked is None:
            scenario = _checked(self.folder, self.shown_root, self.files)[0]
            if scenario is None or scenario.fingerprint != self.fingerprint:
                raise ScenarioChangedError(f"the checked-scenario cache of {self.shown_root} was damaged while the "
                                           f"game ran, and its files have changed since it began")
            self.checked = scenario
        return self.checked
