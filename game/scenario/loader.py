"""Loading and checking a scenario folder, reporting every problem like a compiler.

The loader does all the checking (names, types, references, dates), so the engine only
executes. Problems are collected, not raised one at a time: `check_scenario` returns them
all, each as `path:line:col: message`. It reads in two passes: the first gathers every file's
objects and their ids (so references may point forward, or into another file), the second
builds the model (game.scenario.build), each field as the model declares it.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import replace
from datetime import date
from typing import Any

from game.engine.dates import DateError, TurnLength
from game.engine.fields import keys, word
from game.engine.model import SCENARIO_ID, Chapter, Role, Scenario
from game.scenario.build import CONTENT_KINDS, ID, Builder, Item, kind_word
from game.scenario.charset import bidi_problem
from game.scenario.checker import Checker, Context, effect_lines, space_hint, type_name
from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.expressions import BOOL, NUM, Symbols, did_you_mean, effect_flag_writes
from game.scenario.files import (
    MANIFEST,
    collector_held,
    file_digest_part,
    find_files,
    in_folder,
    read_bytes,
    scenario_files,
)
from game.scenario.yamlsource import Loc, YList, YMap, as_loc, decode, parse_yaml

SCENARIO_ID_PATTERN = re.compile(SCENARIO_ID)
TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.M)
EVERYTHING = "*"    # lost: content of any kind may be missing

__all__ = ["CONTENT_KINDS", "MANIFEST", "check_scenario", "collector_held", "file_digest_part", "find_files", "in_folder",
           "load_scenario", "scenario_files"]


def check_scenario(path: str) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load and check a scenario folder; returns the scenario (if valid) and every problem."""
    found = scenario_files(path)
    if isinstance(found, list):
        return None, found
    scenario, diags, _ = run_load(Load(*found))
    return scenario, diags


def run_load(load: Load) -> tuple[Scenario | None, list[Diagnostic], Load]:
    """Run one load, the cyclic garbage collector held off while it builds."""
    with collector_held():
        scenario, diags = load.run()
        return scenario, diags, load


def load_scenario(path: str) -> Scenario:
    """Load a scenario or raise ScenarioError with every problem found."""
    scenario, diags = check_scenario(path)
    if scenario is None:
        raise ScenarioError([d for d in diags if d.severity == "error"] or diags)
    return scenario


class Load:
    """One run of the loader over one scenario folder."""

    def __init__(self, folder: str, shown_root: str, files: list[str]) -> None:
        self.folder = folder
        self.shown_root = shown_root
        self.files = files
        self.c = Checker()
        self.sym = Symbols()
        self.items: dict[str, list[Item]] = {k: [] for k in CONTENT_KINDS}
        # Where each object is defined: its file and its id's place, as cheaply kept as the YAML's (see as_loc).
        self.defined: dict[str, dict[str, tuple[str, Any]]] = {k: {} for k in CONTENT_KINDS}
        self.fingerprint = ""      # the files' fingerprint (Scenario.fingerprint), once they are read (run)
        # The kinds of object (as messages call them) that content which could not be read may
        # have defined; problems that name one of them are held back (Diagnostic.follows).
        self.lost: set[str] = set()
        self.manifest_data: Any = None      # the manifest as read

    def shown(self, file: str) -> str:
        return os.path.join(self.shown_root, in_folder(file, self.folder))


    def run(self) -> tuple[Scenario | None, list[Diagnostic]]:
        c = self.c
        manifest_data: Any = None
        manifest_path = self.shown(self.files[0])
        import hashlib  # here, not at start-up: an opening from the cache need not load OpenSSL's hashes
        digest = hashlib.sha256()
        for file in self.files:
            shown = self.shown(file)
            raw, diags = read_bytes(file, shown)
            text = None
            if raw is not None:
                digest.update(file_digest_part(self.folder, file, raw))
                text, diags = decode(shown, raw)
            data = None
            if text is not None:
                self.c.lines[shown] = text.split("\n")
                data, diags = parse_yaml(text, shown)
            if data is None and diags:
                c.diags.extend(replace(d, unread=True) for d in diags)
                self.lose_file(file == self.files[0], text)
                continue
            c.diags.extend(diags)
            if file == self.files[0]:
                manifest_data = self.manifest_data = data
            else:
                self.collect(shown, data)
        self.fingerprint = digest.hexdigest()
        if manifest_data is None:
            if not any(d.path == manifest_path for d in c.diags):
                c.error(manifest_path, Loc(1, 1), "the manifest is empty", code="empty-manifest")
                self.lose_file(True, None)      # its roles, sources and flags: what names them follows from this
            manifest = None
        else:
            manifest = c.fields(manifest_path, manifest_data, Loc(1, 1), Scenario)
        self.register()
        roles_raw = self.register_roles(manifest_path, manifest) if manifest is not None else []
        if manifest is not None and not roles_raw:
            self.lost |= {"role", "flag"}       # no role could be read: what names one follows from that
        chapters_raw = self.register_chapters(manifest_path, manifest) if manifest is not None else []
        self.collect_flags(roles_raw, chapters_raw)
        scenario = self.build(manifest_path, manifest, roles_raw, chapters_raw)
        errors = [d for d in c.diags if d.severity == "error"]
        return (None if errors else scenario), sorted(self.follow_ons(c.diags))

    # -- what was lost, and the problems that may follow from it ------------------------------
    @staticmethod
    def kinds_of(section: str) -> set[str]:
        """What the objects of a section are called in messages, and the flags its effects set."""
        return {kind_word(section)} | ({"flag"} if section == "events" else set())

    def lose_file(self, manifest: bool, text: str | None) -> None:
        """A file could not be read: whatever its top-level keys say it held is lost (anything, if they say nothing)."""
        if manifest:
            self.lost |= {"role", "source", "flag"}
            return
        sections = {m.group(1) for m in TOP_KEY.finditer(text or "")} & set(CONTENT_KINDS)
        if not sections:
            self.lost.add(EVERYTHING)
        for section in sections:
            self.lost |= self.kinds_of(section)

    def lose_section(self, key: str) -> None:
        """A section under a name that is not a section's: lost is what it most likely is."""
        close = difflib.get_close_matches(key, CONTENT_KINDS, n=1, cutoff=0.7)
        if close:
            self.lost |= self.kinds_of(close[0])
        elif key == "roles":
            self.lost |= {"role", "flag"}
        elif key == "sources":
            self.lost.add("source")
        elif key not in keys(Scenario):
            self.lost.add(EVERYTHING)

    def follow_ons(self, diags: list[Diagnostic]) -> list[Diagnostic]:
        """Every problem, those that name what may have been lost marked as follow-ons."""
        lost = self.lost
        if not lost:
            return diags
        return [replace(d, follows=True) if d.refers and (EVERYTHING in lost or lost.intersection(d.refers)) else d
                for d in diags]

    # -- pass 1: gather objects and their ids ---------------------------------------------
    def collect(self, path: str, data: Any) -> None:
        c = self.c
        if data is None:
            # Most often a file whose content was lost or not yet written: said, so that
            # its events are not missed in silence.
            c.error(path, Loc(1, 1), f"the file is empty: it adds nothing to the scenario "
                                     f"(sections are {', '.join(CONTENT_KINDS)})", code="empty-file")
            return
        if not isinstance(data, YMap):
            c.error(path, getattr(data, "loc", Loc(1, 1)),
                    f"a content file must be a mapping with keys like {', '.join(CONTENT_KINDS)}{space_hint(data)}",
                    unread=True, code="wrong-type")
            self.lost.add(EVERYTHING)
            return
        for key, value in data.items():
            if key not in CONTENT_KINDS:
                hint = did_you_mean(key, list(CONTENT_KINDS))
                extra = " (the manifest's fields belong in scenario.yaml)" if key in keys(Scenario) else ""
                c.error(path, data.key_locs[key], f"unknown section '{key}'{hint}{extra}; "
                                                  f"sections are {', '.join(CONTENT_KINDS)}", unread=True, code="unknown-section")
                self.lose_section(key)
                continue
            if value is None:
                c.error(path, data.key_locs[key], f"'{key}' is empty: nothing follows it "
                                                  f"(write '{key}: []' if that is meant)", code="empty-section")
                continue
            if not isinstance(value, YList):
                c.error(path, data.locs[key], f"'{key}' must be a list, not {type_name(value)}", unread=True, code="wrong-type")
                self.lost |= self.kinds_of(key)
                continue
            for item, loc in zip(value, value.locs):
                self.items[key].append(Item(key, path, item, loc))

    def register(self) -> None:
        c = self.c
        for kind, items in self.items.items():
            what = kind_word(kind)
            for item in items:
                m = item.data
                if not isinstance(m, YMap):
                    continue
                ident = m.get("id")
                if ident is None:
                    continue
                if not isinstance(ident, str) or not ID.match(ident):
                    c.error(item.path, m.locs["id"], f"{what} id {ident!r} must be lower-case letters, "
                                                     f"digits and underscores, starting with a letter", code="bad-id")
                    continue
                seen = self.defined[kind].get(ident)
                if seen:
                    c.error(item.path, m.locs["id"], f"duplicate {what} id '{ident}' "
                                                     f"(first defined at {seen[0]}:{as_loc(seen[1]).line})", code="duplicate-id")
                    continue
                self.defined[kind][ident] = (item.path, m.locs["id"])
                if kind == "events":
                    self.sym.choices[ident] = self.choice_ids(item)
        s = self.sym
        s.stats = set(self.defined["stats"])
        s.characters = set(self.defined["characters"])
        s.offices = set(self.defined["offices"])
        s.bodies = set(self.defined["bodies"])
        s.votes = set(self.defined["votes"])
        s.factions = set(self.defined["factions"])
        s.events = set(self.defined["events"])
        s.endings = set(self.defined["endings"])
        s.codex = set(self.defined["codex"])

    def choice_ids(self, item: Item) -> set[str]:
        choices = item.data.get("choices")
        out: set[str] = set()
        if isinstance(choices, YList):
            for ch in choices:
                if isinstance(ch, YMap) and isinstance(ch.get("id"), str):
                    out.add(ch["id"])
        return out

    def register_roles(self, path: str, manifest: YMap) -> list[tuple[YMap, Loc]]:
        """The manifest's roles, each a mapping with a new id; their ids become known to references."""
        out = self.register_list(path, manifest, "roles", Role)
        self.sym.roles = {m["id"] for m, _ in out}
        return out

    def register_chapters(self, path: str, manifest: YMap) -> list[tuple[YMap, Loc]]:
        """The manifest's chapters, each a mapping with a new id; their ids become known to references."""
        out = self.register_list(path, manifest, "chapters", Chapter)
        self.sym.chapters = {m["id"] for m, _ in out}
        return out

    def register_list(self, path: str, manifest: YMap, key: str, cls: type) -> list[tuple[YMap, Loc]]:
        """The objects of a manifest list (roles, chapters) with well-formed ids seen once, and where each is."""
        c = self.c
        raw = manifest.get(key)
        out: list[tuple[YMap, Loc]] = []
        what = word(cls)
        if raw is None:
            return out
        if not isinstance(raw, YList) or not raw:
            c.error(path, manifest.locs[key], f"'{key}' must be a list of at least one {what}", code="wrong-type")
            return out
        seen: dict[str, Loc] = {}
        for item, loc in zip(raw, raw.locs):
            m = c.fields(path, item, loc, cls)
            if m is None:
                continue
            ident = m.get("id")
            if not isinstance(ident, str) or not ID.match(ident):
                if ident is not None:
                    c.error(path, m.locs["id"], f"{what} id {ident!r} must be lower-case letters, digits and underscores",
                            code="bad-id")
                continue
            if ident in seen:
                c.error(path, m.locs["id"], f"duplicate {what} id '{ident}' (first defined at line {as_loc(seen[ident]).line})",
                        code="duplicate-id")
                continue
            seen[ident] = m.locs["id"]
            out.append((m, loc))
        return out

    def collect_flags(self, roles_raw: list[tuple[YMap, Loc]], chapters_raw: list[tuple[YMap, Loc]] = ()) -> None:
        """Every flag some effect sets (or a role starts with), with its type."""
        c = self.c
        types: dict[str, tuple[str, str, Loc]] = {}

        def note(flag: str, kind: str | None, path: str, loc: Loc) -> None:
            if kind is None:
                kind = types[flag][0] if flag in types else BOOL
            if flag in types and types[flag][0] != kind:
                first = types[flag]
                c.error(path, loc, f"flag '{flag}' is set to {kind} here but to {first[0]} at {first[1]}:{as_loc(first[2]).line}",
                        code="flag-type")
                return
            types.setdefault(flag, (kind, path, loc))

        def starting(flags: Any, whose: str) -> None:
            if not isinstance(flags, YMap):
                return
            for flag, value in flags.items():
                kind = BOOL if isinstance(value, bool) else NUM if isinstance(value, (int, float)) else None
                if kind is None:
                    c.error(self.shown(self.files[0]), flags.locs[flag],
                            f"flag '{flag}' in {whose} must start as true/false or a number", code="flag-type")
                    continue
                note(flag, kind, self.shown(self.files[0]), flags.locs[flag])

        for m, _ in roles_raw:
            start = m.get("start")
            starting(start.get("flags") if isinstance(start, YMap) else None, f"the start of role '{m.get('id')}'")
        for m, _ in chapters_raw:
            starting(m.get("flags"), f"chapter '{m.get('id')}'")
            rs = m.get("role_start")
            for r in rs if isinstance(rs, YList) else ():
                if isinstance(r, YMap):
                    starting(r.get("flags"), f"chapter '{m.get('id')}' for role '{r.get('role')}'")
        for item in self.items["events"]:
            choices = item.data.get("choices") if isinstance(item.data, YMap) else None
            if not isinstance(choices, YList):
                continue
            for ch in choices:
                for src, loc in effect_lines(ch.get("effects") if isinstance(ch, YMap) else None):
                    for flag, kind, offset in effect_flag_writes(src, self.sym.stats):
                        note(flag, kind, item.path, c.expr_loc(item.path, loc, src, offset))
        self.sym.flags = {flag: t[0] for flag, t in types.items()}

    # -- pass 2: build the model ----------------------------------------------------------
    def build(self, path: str, manifest: YMap | None, roles_raw: list[tuple[YMap, Loc]],
              chapters_raw: list[tuple[YMap, Loc]] = ()) -> Scenario | None:
        c = self.c
        ctx = Context(self.sym)
        builder = Builder(c, ctx, self.items, self.defined)
        stats = builder.stats()
        if manifest is None:
            builder.content()
            return None
        v = c.read(Scenario, path, manifest, ctx)
        v["id"] = sid = c.text(path, manifest, "id")
        if sid and not SCENARIO_ID_PATTERN.match(sid):
            c.error(path, manifest.locs["id"], f"scenario id '{sid}' must be lower-case letters, digits, '-' and '_'",
                    code="bad-id")
        start, end_month = v["start"], v["end"]
        turn, turns = self.turns(path, manifest, start, end_month)
        self.sym.turns = turns
        ctx.start, ctx.end = start or date.min, end_month or date.max
        ctx.turn = turn
        ctx.sources = sources = builder.sources(path, manifest, self.folder)
        roles = builder.roles(path, roles_raw, stats)
        content = builder.content()
        chapters = builder.chapters(path, chapters_raw, stats, roles, content)
        authors = self.authors(path, manifest)
        if start is None or end_month is None:
            return None
        return Scenario(
            **v, authors=authors, turn=turn, roles=roles, sources=sources, stats=stats, **content, chapters=chapters,
            flags={f: (False if t == BOOL else 0) for f, t in self.sym.flags.items()},
            path=self.folder, fingerprint=self.fingerprint, turns=turns or 1, places=c.places,
            mentions=c.mentions,
        )

    def turns(self, path: str, manifest: YMap, start: date | None, end: date | None) -> tuple[TurnLength, int | None]:
        """The length of a turn, and how many turns the scenario has (None while the dates are wrong)."""
        c = self.c
        turn = TurnLength()
        if manifest.get("turn") is not None:
            try:
                turn = TurnLength.parse(str(manifest["turn"]))
            except DateError as e:
                c.error(path, manifest.locs["turn"], f"'turn': {e}", code="bad-date")
            except ValueError:      # more digits than Python reads as a number
                c.error(path, manifest.locs["turn"], "'turn' is far too long", code="bad-date")
        turns: int | None = None
        if start and end and end < start:
            c.error(path, manifest.locs["end"], f"'end' ({end}) is before 'start' ({start})", code="date-order")
        elif start and end:
            try:    # the game moves one turn past the end before it ends
                turn.advance(end)
                turns = turn.count(start, end)
            except (OverflowError, ValueError):
                c.error(path, manifest.locs["turn" if "turn" in manifest else "end"],
                        f"one turn of {turn} after 'end' ({end}) runs past the year 9999", code="bad-date")
        return turn, turns

    def authors(self, path: str, manifest: YMap) -> tuple[str, ...]:
        """The authors' names: a list, or one name alone."""
        c = self.c
        raw = manifest.get("authors")
        names: list[tuple[str, Loc]] = []
        if isinstance(raw, str):
            names = [(raw, manifest.locs["authors"])]
        elif isinstance(raw, YList):
            for a, loc in zip(raw, raw.locs):
                if isinstance(a, (str, int, float)) and not isinstance(a, bool):
                    names.append((str(a), loc))
                else:
                    c.error(path, loc, f"'authors' must list names, not {type_name(a)}", code="wrong-type")
        elif raw is not None:
            c.error(path, manifest.locs["authors"], f"'authors' must be a list of names, not {type_name(raw)}", code="wrong-type")
        for name, loc in names:
            problem = bidi_problem(name, "an author's name")
            if problem:
                c.error(path, loc, problem, code="bad-character")
        return tuple(name for name, _ in names)
