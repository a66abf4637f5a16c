"""Opening a scenario for play from what an earlier check of the same files kept.

Checking the campaign whole (reading 2 MB of YAML, compiling some 5,000 expressions, building about
250,000 objects) takes about half a second: too long to wait for each time the game starts. So once a
scenario has been checked and found free of errors, `open_scenario` keeps what the check read in the
player's cache folder (game.paths.cache_folder: ~/.cache/politburo/scenarios on Linux, or where
$POLITBURO_CACHE says), and the next time it opens the same files it builds the scenario from that:
the roles, characters, offices, bodies and the rest made directly from the objects the check built, kept as
data, their conditions and formulas compiled from their text the first time each is evaluated (Later, in
game.engine.model); and each event, vote, ending, codex entry and timeline entry as a Deferred object, whose
text, conditions, sources and choices are built from its YAML, as the check builds them, the first time the
game reads one of them. What is left to build, the full-screen game builds while the player reads
(Scenario.not_built).

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
import zlib
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any

from game.digest import blake2b
from game.engine.dates import TurnLength
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
    Faction,
    Later,
    Mentions,
    Office,
    OfficeTerm,
    Place,
    Role,
    RoleStart,
    Scenario,
    SourceDef,
    StatDef,
)
from game.engine.template import Template
from game.paths import PACKAGE, cache_folder
from game.scenario.build import SECTIONS, Builder
from game.scenario.checker import Context, compiled_expression, compiled_text
from game.scenario.diagnostics import Diagnostic
from game.scenario.expressions import Symbols
from game.scenario.loader import Load, collector_held, file_digest_part, in_folder, run_load, scenario_files
from game.scenario.yamlsource import YList, YMap, pack_loc

FORMAT = 6
MAGIC = "politburo-checked-scenario"
# A file written this long before it was read for a cache's fingerprint may be taken on its times since (see the
# module's note); two seconds cover the coarsest clocks file systems keep (FAT's).
SETTLED_NS = 2_000_000_000
# The sections whose objects are built on first use, and the fields of each there from the start (in this
# order in the cache).
DEFERRED_KINDS = tuple(DEFERRED)
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
    cached = _cache_bytes(where)
    header = _header(cached[0]) if cached is not None else None
    looked = time.time_ns()         # before the files are looked at: any write after this is seen (SETTLED_NS)
    stats = _stats(folder, files)
    if header is not None and stats is not None and _unchanged(header, stats):
        fingerprint = header["fingerprint"]
        raws: list[bytes] | None = None        # not read: the lines of a file are read if a message needs them
    else:
        raws = _read_all(files)
        if raws is None:        # a file that cannot be read: the full check says which, and why
            scenario, diags, _ = run_load(Load(folder, shown_root, files))
            return scenario, diags
        import hashlib  # only when the files are read (OpenSSL's hashes are a millisecond and a half to load)
        digest = hashlib.sha256()
        for file, raw in zip(files, raws):
            digest.update(file_digest_part(folder, file, raw))
        fingerprint = digest.hexdigest()
    kept = _main_part(cached, header, fingerprint) if cached is not None else None
    if kept is not None:
        try:
            opened = run_load(_Cached(folder, shown_root, files, kept, raws, fingerprint))[0]
        except (CacheUnusable, KeyError, IndexError, TypeError, ValueError, AttributeError):
            opened = None       # a cache of the right fingerprint but the wrong shape
        if opened is not None:
            if raws is not None and stats is not None and cached is not None and header is not None:
                _restamp(where, cached[0], header, stats, looked)     # confirmed by reading: their times are kept now
            return opened, []
    load = Load(folder, shown_root, files)
    scenario, diags, _ = run_load(load)
    if scenario is not None and scenario.fingerprint == fingerprint:   # unchanged while it was checked
        write_cache(where, scenario.fingerprint, load, scenario, stats, looked)
    return scenario, diags


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
# when they were read for the fingerprint (see the module's note), the length of the main part and a checksum
# (CRC-32) of all that follows it, which finds a file damaged on disk. Then the main part
# (JSON): the files, the names the scenario defines (Symbols), the objects built at once (see _kept) with the
# places of their expressions and what these name, and an index of the objects built on first use. Then those
# objects' YAML, each a JSON text of its own at the offset the index gives, read only when it is built; and last,
# as one JSON text, what the choices' effects call (see Scenario.calls_later), read when play asks.
def _main_part(cached: tuple[bytes, int], header: dict[str, Any] | None, fingerprint: str,
               ) -> tuple[dict[str, Any], memoryview] | None:
    """The main part of a cache file (given by its bytes and checksum, and its header as `_header` reads it) and
    the rest, if it was made from files of this fingerprint by this code and is whole; else None."""
    raw, crc = cached
    if header is None or header.get("fingerprint") != fingerprint or header.get("crc32") != crc:
        return None
    payload = memoryview(raw)[raw.find(b"\n") + 1:]
    try:
        main = json.loads(bytes(payload[:header["main"]]))
    except (ValueError, RecursionError):
        return None
    return (main, payload[header["main"]:]) if isinstance(main, dict) else None


def _cache_bytes(where: Path) -> tuple[bytes, int] | None:
    """A cache file's bytes and the checksum of all that follows its header line; None if it cannot be read."""
    try:
        with open(where, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    return raw, zlib.crc32(memoryview(raw)[raw.find(b"\n") + 1:])


def _header(raw: bytes) -> dict[str, Any] | None:
    """A cache file's header, if it is one this code wrote (else None)."""
    try:
        header = json.loads(raw[:max(0, raw.find(b"\n"))])
    except (ValueError, RecursionError):
        return None
    if (not isinstance(header, dict) or header.get("magic") != MAGIC or header.get("format") != FORMAT
            or header.get("code") != code_fingerprint() or not isinstance(header.get("main"), int)
            or not isinstance(header.get("fingerprint"), str)):
        return None
    return header


def write_cache(where: Path, fingerprint: str, load: Load, scenario: Scenario, stats: dict[str, list[int]] | None,
                looked: int) -> None:
    """Keep what `load` read, for `scenario` checked clean from files of `fingerprint` (`stats`: what the file
    system said of them at `looked`, before they were read). A cache that cannot be written is no loss: the
    scenario is checked in full next time too."""
    main, later = _contents(load, scenario)
    main_bytes = _json(main)
    payload = main_bytes + later
    _write(where, _header_line(fingerprint, len(main_bytes), zlib.crc32(payload), stats, looked) + payload)


def _header_line(fingerprint: str, main: int, crc: int, stats: dict[str, list[int]] | None, looked: int) -> bytes:
    return json.dumps({"magic": MAGIC, "format": FORMAT, "fingerprint": fingerprint, "code": code_fingerprint(),
                       "main": main, "crc32": crc, "looked": looked, "stats": stats}).encode() + b"\n"


def _restamp(where: Path, raw: bytes, header: dict[str, Any], stats: dict[str, list[int]], looked: int) -> None:
    """Give a cache (its bytes and header) whose fingerprint reading the files confirmed their times now, if it has
    others (the next opening need not read them); the rest of it as it was."""
    if header.get("stats") == stats:
        return
    cut = raw.find(b"\n") + 1
    _write(where, _header_line(header["fingerprint"], header["main"], header["crc32"], stats, looked) + raw[cut:])


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
    from game.scenario.yamlsource import decode, parse_yaml, read_bytes
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
    """What a clean load built and read: the main part of a cache file, and the YAML of the objects built later."""
    index = {load.shown(f): i for i, f in enumerate(load.files)}
    written = load.c.written
    later = bytearray()
    deferred: dict[str, list[Any]] = {}
    for kind, names in AT_ONCE.items():
        built = {x.id: x for x in scenario.objects_of(kind)}
        rows = deferred[kind] = []
        for it in load.items[kind]:
            oid = it.data["id"]
            _, id_loc = load.defined[kind][oid]
            text = _json(_tree(it.data))
            rows.append([oid, index[it.path], pack_loc(it.loc), pack_loc(id_loc),
                         [_json_value(getattr(built[oid], name)) for name in names], len(later), len(text)])
            later += text
    calls: dict[str, list[Any]] = {}       # event -> [choice, where in its effects, [function, argument]...]
    for site, m in scenario.mentions.items():
        if m.calls and site[0] == "choice" and site[3] == "effect":
            calls.setdefault(site[1], []).append([site[2], list(site[4:]), *sorted([fn, arg] for fn, arg in m.calls)])
    text = _json(calls)         # read when play first asks (see Scenario.calls_later)
    kept = {"symbols": _kept(load.sym, written),
            "scenario": {name: _kept(getattr(scenario, name), written) for name in KEPT_FIELDS},
            "places": _kept(_at_once(scenario.places), written), "mentions": _kept(_at_once(scenario.mentions), written)}
    main = {"files": [in_folder(f, load.folder) for f in load.files], "kept": kept, "deferred": deferred,
            "calls": [len(later), len(text)]}
    return main, bytes(later + text)


def _at_once(noted: dict[tuple[Any, ...], Any]) -> dict[tuple[Any, ...], Any]:
    """What was noted of the expressions of the objects built at once (their places, or what they name)."""
    return {site: x for site, x in noted.items() if site[0] not in BUILT_LATER_SITES}


# -- what is built at once, as data --------------------------------------------------------------
# The objects a scenario has from the start (its manifest's fields, roles, sources, chapters, stats, characters,
# offices, bodies, factions, ties) are kept as they were built, each value tagged by its type: ["t", ...] a tuple,
# ["s", ...] a set, ["f", ...] a frozen set, ["d", key, value, ...] a mapping, ["D", "1924-01-21"] a date,
# ["R", class, field, ...] a record of one of KEPT_CLASSES (by name, no other), ["X", text, type] a condition or
# formula (compiled from its text when first evaluated, see Later), ["P", text] a text (compiled as it is opened);
# other values as they are.
KEPT_CLASSES: dict[str, type] = {cls.__name__: cls for cls in (
    Aim, Bloc, Body, Chapter, ChapterFaction, ChapterRole, ChapterTie, Character, Faction, Mentions, Office,
    OfficeTerm, Place, Role, RoleStart, SourceDef, StatDef, Symbols, TurnLength)}
# Each kept class's fields, in order: a record's values follow its class's name in this order.
_KEPT_FIELDS = {cls: tuple(getattr(cls, "_fields", None) or (f.name for f in fields(cls) if f.init))
                for cls in KEPT_CLASSES.values()}
# The scenario's fields kept so; the rest are the sections built later (DEFERRED), what the compiler notes and
# what an opening makes itself.
KEPT_FIELDS = tuple(f.name for f in fields(Scenario) if f.name not in DEFERRED and f.name not in
                    ("blocs", "path", "fingerprint", "places", "mentions", "calls_later", "compiled_later"))
# The first part of the site (see Scenario.places) of every expression of an object built later.
BUILT_LATER_SITES = frozenset({"event", "choice", "vote", "ending"})


def _kept(v: Any, written: dict[int, tuple[str, str, str | None]]) -> Any:
    """A value built at once as data (see above); `written`: what each compiled expression and text was compiled
    from (Checker.written)."""
    t = type(v)
    if v is None or t in (str, int, float, bool):
        return v
    if t is tuple:
        return ["t", *(_kept(x, written) for x in v)]
    if t is set or t is frozenset:
        return ["s" if t is set else "f", *(_kept(x, written) for x in sorted(v))]
    if t is dict:
        out: list[Any] = ["d"]
        for k, x in v.items():
            out += [_kept(k, written), _kept(x, written)]
        return out
    if t is date:
        return ["D", v.isoformat()]
    if t is Template:
        if id(v) in written:
            return ["P", written[id(v)][1]]
        if len(v.parts) == 1 and type(v.parts[0]) is str:
            return ["P", v.parts[0]]
    elif t in _KEPT_FIELDS:
        return ["R", t.__name__, *(_kept(getattr(v, name), written) for name in _KEPT_FIELDS[t])]
    elif id(v) in written and written[id(v)][0] == "expression":
        _, text, want = written[id(v)]
        return ["X", text, want]
    raise TypeError(f"no kept form for {t.__name__}")


class _Unkept:
    """Values built from their kept form (see _kept): the conditions and formulas among them compiled when first
    evaluated, each against `symbols`."""

    def __init__(self, symbols: Any = None) -> None:
        self.symbols = symbols
        self.later: list[Later] = []

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
        if tag == "D":
            return date.fromisoformat(v[1])
        if tag == "s" or tag == "f":
            items = [x if type(x) is not list else self(x) for x in v[1:]]
            return set(items) if tag == "s" else frozenset(items)
        if tag == "X":
            later = Later(functools.partial(compiled_expression, v[1], self.symbols, v[2]))
            self.later.append(later)
            return later
        if tag == "P":
            return compiled_text(v[1], self.symbols)
        raise CacheUnusable(f"unknown tag {tag!r}")


def _json_value(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, frozenset):
        return sorted(v)
    if isinstance(v, tuple):
        return list(v)
    return v


def _tree(v: Any) -> Any:
    """Located YAML as JSON: ["M", loc, key, key's loc, value's loc, value, ...] for a mapping, ["L", loc,
    item's loc, item, ...] for a list, ["D", "1924-01-21"] for a date, other values as they are."""
    t = type(v)
    if t is YMap:
        out: list[Any] = ["M", pack_loc(v.loc)]
        for k, x in v.items():
            out += [k, pack_loc(v.key_locs[k]), pack_loc(v.locs[k]), _tree(x)]
        return out
    if t is YList:
        out = ["L", pack_loc(v.loc)]
        for x, loc in zip(v, v.locs):
            out += [pack_loc(loc), _tree(x)]
        return out
    if t is date:
        return ["D", v.isoformat()]
    if v is None or t in (str, int, float, bool):
        return v
    raise TypeError(f"no JSON form for {t.__name__}")


def _from_tree(v: Any) -> Any:
    """Located YAML from its JSON form (see _tree), its places left packed until asked for (see as_loc)."""
    if type(v) is not list:
        return v
    tag = v[0]
    if tag == "M":
        m = YMap(v[1])
        key_locs, locs = m.key_locs, m.locs
        for i in range(2, len(v), 4):
            k = v[i]
            key_locs[k] = v[i + 1]
            locs[k] = v[i + 2]
            m[k] = _from_tree(v[i + 3])
        return m
    if tag == "L":
        seq = YList(v[1])
        seq.locs = v[2::2]
        seq.extend(map(_from_tree, v[3::2]))
        return seq
    if tag == "D":
        return date.fromisoformat(v[1])
    raise CacheUnusable(f"unknown tag {tag!r}")


def _calls(kept: memoryview) -> dict[tuple[Any, ...], Mentions]:
    """What the choices' effects call, as the compiler noted it (what play asks before the events are built,
    see Scenario.calls_later), from the cache's later part."""
    out = {}
    for event, sites in json.loads(bytes(kept)).items():
        for choice, rest, *calls in sites:
            out["choice", event, choice, "effect", *rest] = Mentions("", calls=frozenset((fn, arg) for fn, arg in calls))
    return out


# -- the scenario built from it -----------------------------------------------------------------
class _Lines(dict):  # type: ignore[type-arg]
    """Each file's lines, split (and, if the opening did not read the file, read) when first asked for: only a
    deferred object's expressions written inside their line (not at its start) need them, to be placed."""

    def __init__(self, files: dict[str, str], raws: list[bytes] | None) -> None:
        super().__init__()
        self.files = files              # each file's path on disk, by the path messages show
        self.raws = dict(zip(files, raws)) if raws is not None else {}

    def get(self, path: str, default: Any = None) -> Any:
        if path not in self and path in self.files:
            raw = self.raws.get(path)
            if raw is None:
                try:
                    with open(self.files[path], "rb") as fh:
                        raw = fh.read()
                except OSError:
                    raw = b""
            self[path] = raw.decode("utf-8-sig", errors="replace").split("\n")
        return super().get(path, default)


class _Cached(Load):
    """A load that builds from a cache file instead of reading and checking the files again."""

    def __init__(self, folder: str, shown_root: str, files: list[str], kept: tuple[dict[str, Any], memoryview],
                 raws: list[bytes] | None, fingerprint: str) -> None:
        super().__init__(folder, shown_root, files)
        self.data, self.later = kept
        self.raws = raws
        self.fingerprint = fingerprint
        self.shown_files = [self.shown(f) for f in files]
        self.deferred = self.deferred_section

    def run(self) -> tuple[Scenario | None, list[Diagnostic]]:
        c, d, shown = self.c, self.data, self.shown_files
        if d["files"] != [in_folder(f, self.folder) for f in self.files]:
            raise CacheUnusable("made from other files")
        c.lines = _Lines(dict(zip(shown, self.files)), self.raws)
        kept = d["kept"]
        self.sym = symbols = _Unkept()(kept["symbols"])
        if type(symbols) is not Symbols:
            raise CacheUnusable("no symbols")
        unkept = _Unkept(symbols)
        made = {name: unkept(kept["scenario"][name]) for name in KEPT_FIELDS}
        c.places.update(unkept(kept["places"]))
        c.mentions.update(unkept(kept["mentions"]))
        for kind, rows in d["deferred"].items():
            for oid, i, _, id_loc, *_ in rows:
                self.defined[kind][oid] = (shown[i], id_loc)      # packed, as_loc reads it if a problem is told
        offset, length = d["calls"]
        if not (type(offset) is int and type(length) is int and 0 <= offset <= offset + length <= len(self.later)):
            raise CacheUnusable("no calls")
        roles, bodies = made["roles"], made["bodies"]
        ctx = Context(symbols, start=made["start"], end=made["end"], turn=made["turn"], sources=made["sources"],
                      role_characters={rid: role.character for rid, role in roles.items()})
        rest = Builder(c, ctx, self.items, self.defined, self.deferred).referring(bodies, made["characters"])
        blocs = {bloc.id: (body.id, bloc) for body in bodies.values() for bloc in body.blocs}
        scenario = Scenario(**made, **rest, blocs=blocs, path=self.folder, fingerprint=self.fingerprint,
                            places=c.places, mentions=c.mentions,
                            calls_later=functools.partial(_calls, self.later[offset:offset + length]),
                            compiled_later=tuple(unkept.later))
        if c.diags:
            raise CacheUnusable("does not build clean")
        return scenario, []

    def deferred_section(self, kind: str, build_one: Callable[[str, YMap], Any]) -> dict[str, Any] | None:
        """The objects of a section built on first use, each by `build_one` from its YAML in the cache (None for
        a section built at once)."""
        if kind not in DEFERRED:
            return None
        cls, names = DEFERRED[kind], AT_ONCE[kind]
        count = len(names)
        read = [(at, _FROM_JSON[n]) for at, n in enumerate(names) if n in _FROM_JSON]
        build, shown = functools.partial(self.build_kept, kind, build_one), self.shown_files
        make, later = cls.of, functools.partial
        out: dict[str, Any] = {}
        for oid, i, loc, _, at_once, offset, length in self.data["deferred"][kind]:
            if len(at_once) != count:
                raise CacheUnusable(f"{kind} '{oid}' lacks fields")
            for at, from_json in read:
                at_once[at] = from_json(at_once[at])
            out[oid] = make(names, at_once, later(build, oid, shown[i], loc, offset, length))
        return out

    def build_kept(self, kind: str, build_one: Callable[[str, YMap], Any], oid: str, path: str, loc: Any,
                   offset: int, length: int) -> Any:
        """One deferred object built by `build_one` from its YAML, kept at `offset` in the cache's later part."""
        c = self.c
        m = c.fields(path, _from_tree(json.loads(bytes(self.later[offset:offset + length]))), loc, SECTIONS[kind])
        before = len(c.diags)
        built = build_one(path, m)
        if any(x.severity == "error" for x in c.diags[before:]):
            raise CacheUnusable(f"{kind} '{oid}' no longer builds clean")
        return built
