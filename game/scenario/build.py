"""Building the scenario model from checked YAML: each object by its declarations, then the rules
that tie one field to another or one object to the rest of the scenario.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from game.engine.agenda import window_turns
from game.engine.dates import days_in_month, format_month
from game.engine.fields import Kind, declared, word
from game.engine.model import (
    MAX_CHOICES,
    SPREADS,
    Aim,
    Bloc,
    Body,
    Chapter,
    ChapterFaction,
    ChapterRole,
    ChapterTie,
    Character,
    Choice,
    CodexEntry,
    Ending,
    Event,
    Lean,
    Office,
    OfficeTerm,
    Role,
    RoleStart,
    Scenario,
    SourceDef,
    StatDef,
    Vote,
    effect_targets,
)
from game.scenario.checker import Checker, Context, type_name, with_article
from game.scenario.expressions import did_you_mean
from game.scenario.expressions.parse import role_limits
from game.scenario.yamlsource import Loc, YList, YMap
from game.structs import struct

ID = re.compile(r"^[a-z][a-z0-9_]*$")
COUNTS = re.compile(r"\b(votes|majority)\s*\(\s*[\"']([a-z0-9_]+)")   # a body's count read by a formula
WHIP = re.compile(r"\b(whip)\s*\(")

# What a source of each kind must give besides its title: each tuple is "one of these".
SOURCE_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "book": (("author", "editor"),),
    "article": (("author",), ("in",)),
    "chapter": (("author",), ("in",)),
    "archive": (("archive",),),
    "web": (("url",),),
    "document": (("file",),),
}
FIELD_OF = {"in": "published_in"}



def document_path(folder: str, file: str) -> str:
    """Where the document a source names by `file:` is: a path inside the scenario's folder, by / or \\."""
    return os.path.join(folder, *file.replace("\\", "/").split("/"))

# The sections of content files, in order, with the model class of their objects.
SECTIONS: dict[str, type] = {d.key: d.spec.item for d in declared(Scenario)
                             if d.spec.kind is Kind.SECTION and d.spec.item is not None}
CONTENT_KINDS = tuple(SECTIONS)


@struct
class Item:
    """One raw object from a content file, with where it came from."""

    kind: str
    path: str
    data: YMap
    loc: Loc


def _historical_for_one_role(choices: list[Choice], roles: frozenset[str] | None) -> list[str]:
    """The choices marked historical that one role could meet together (empty if there are not two such): each
    role's real person made one decision, so an event may mark one choice for one role and another for another."""
    marked = [ch for ch in choices if ch.historical]

    def seen_by(ch: Choice) -> frozenset[str] | None:      # None: every role
        if ch.roles is None:
            return roles
        return ch.roles if roles is None else ch.roles & roles

    for i, a in enumerate(marked):
        for b in marked[i + 1:]:
            sa, sb = seen_by(a), seen_by(b)
            if sa is None or sb is None or sa & sb:
                return [ch.id for ch in marked]
    return []


class Builder:
    """Builds the model's objects from the objects that registered cleanly, checking as it goes."""

    def __init__(self, c: Checker, ctx: Context, items: dict[str, list[Item]],
                 defined: dict[str, dict[str, tuple[str, Loc]]]) -> None:
        self.c = c
        self.ctx = ctx
        self.items = items
        self.defined = defined
        self.open_to_all: dict[tuple[str, str], bool] = {}   # (event, choice) -> open to every role offered it

    def objects(self, kind: str) -> list[tuple[Item, YMap]]:
        """The checked mappings of one section whose id registered cleanly."""
        out = []
        cls = SECTIONS[kind]
        for item in self.items[kind]:
            m = self.c.fields(item.path, item.data, item.loc, cls)
            if m is None:
                continue
            ident = m.get("id")
            if isinstance(ident, str) and self.defined[kind].get(ident, ("", None))[0] == item.path \
                    and self.defined[kind][ident][1] is m.locs["id"]:
                out.append((item, m))
        return out

    def plain(self, kind: str) -> dict[str, Any]:
        """A section whose objects are read by their declarations alone."""
        cls = SECTIONS[kind]
        return self.section(kind, lambda p, m: cls(**self.c.read(cls, p, m, self.ctx)))

    # -- stats --------------------------------------------------------------------------------
    def stats(self) -> dict[str, StatDef]:
        c = self.c
        out: dict[str, StatDef] = {}
        for item, m in self.objects("stats"):
            p = item.path
            v = c.read(StatDef, p, m, self.ctx)
            lo, hi = v["min"], v["max"]
            if hi <= lo:
                c.error(p, m.locs.get("max", m.loc), f"stat '{m['id']}': 'max' ({hi}) must be above 'min' ({lo})",
                        code="out-of-range")
                v["max"] = hi = lo + 1
            if v["default"] is None:
                v["default"] = lo
            elif not lo <= v["default"] <= hi:
                c.error(p, m.locs["default"], f"'default' must be from {lo} to {hi}, not {v['default']}", about=m,
                        code="out-of-range")
                v["default"] = lo
            if v["warn_below"] is not None and not lo <= v["warn_below"] <= hi:
                c.error(p, m.locs["warn_below"], f"'warn_below' must be from {lo} to {hi}, not {v['warn_below']}",
                        about=m, code="out-of-range")
                v["warn_below"] = None
            out[m["id"]] = StatDef(**v)
        return out

    # -- the content files ----------------------------------------------------------------------
    def content(self) -> dict[str, Any]:
        """Every section but the stats, checked against each other."""
        offices = self.plain("offices")
        factions = self.plain("factions")
        characters = {m["id"]: self.character(item.path, m) for item, m in self.objects("characters")}
        self.check_office_capacity(characters, offices)
        raw_bodies = {m["id"]: m for _, m in self.objects("bodies")}
        bodies = {m["id"]: self.body(item.path, m) for item, m in self.objects("bodies")}
        self.check_counts_end(bodies, raw_bodies)
        blocs = self.blocs(bodies, characters, raw_bodies)
        votes = self.section("votes", lambda p, m: self.vote(p, m, bodies, characters))
        events = self.section("events", self.event)
        endings = self.section("endings", self.ending)
        codex = self.plain("codex")
        self.check_codex_reachable(codex, events)
        self.check_follow_ups(events)
        self.check_bodies_stand(events, votes, bodies)
        timeline = sorted(self.plain("timeline").values(), key=lambda t: t.date)
        return dict(characters=characters, offices=offices, bodies=bodies, factions=factions, votes=votes,
                    events=events, endings=endings, codex=codex, timeline=tuple(timeline),
                    ties=self.ties(characters), blocs=blocs)

    def section(self, kind: str, build: Callable[[str, YMap], Any]) -> dict[str, Any]:
        """The objects of a section, each made by `build(path, mapping)`."""
        return {m["id"]: build(item.path, m) for item, m in self.objects(kind)}

    def objects_in(self, p: str, m: YMap, key: str, cls: type, prefix: tuple[Any, ...], label: str) -> tuple[Any, ...]:
        """A list of nested objects of `cls` under `key`, each read by its declarations; the
        expressions of the i-th are placed at (*prefix, i, field)."""
        c = self.c
        raw = m.get(key)
        if raw is None:
            return ()
        if not isinstance(raw, YList):
            c.error(p, m.locs[key], f"'{key}' must be a list, not {type_name(raw)}", about=m, code="wrong-type")
            return ()
        out = []
        for i, (entry, loc) in enumerate(zip(raw, raw.locs)):
            om = c.fields(p, entry, loc, cls, label)
            if om is None:
                continue
            out.append((om, cls(**c.read(cls, p, om, self.ctx, (*prefix, i)))))
        return tuple(out)

    def mapping(self, p: str, m: YMap, key: str, known: Any, what: str, where: str) -> dict[str, int]:
        """A mapping of ids to relationships (-100..100), each id checked against `known`."""
        c = self.c
        out: dict[str, int] = {}
        raw = m.get(key)
        if isinstance(raw, YMap):
            for k, value in raw.items():
                if not c.ref(p, raw.key_locs[k], k, known, what, where, m):
                    continue
                if isinstance(value, bool) or not isinstance(value, int) or not -100 <= value <= 100:
                    c.error(p, raw.locs[k], f"'{key}' for {what} '{k}' must be a whole number from -100 to 100, "
                                            f"not {value!r}", about=m, code="out-of-range")
                    continue
                out[k] = value
        elif raw is not None:
            c.error(p, m.locs[key], f"'{key}' must be a mapping of {what}: number, not {type_name(raw)}", about=m,
                    code="wrong-type")
        return out

    def character(self, p: str, m: YMap) -> Character:
        c = self.c
        v = c.read(Character, p, m, self.ctx)
        rel = self.mapping(p, m, "relationship", self.ctx.symbols.roles, "role", " in 'relationship'")
        ties = self.mapping(p, m, "ties", self.ctx.symbols.characters, "character", " in 'ties'")
        if m["id"] in ties:
            c.error(p, m.locs["ties"], f"character '{m['id']}' has a tie with itself", code="contradiction")
            del ties[m["id"]]
        return Character(**v, relationship=rel, ties=ties, offices=self.office_terms(p, m))

    def ties(self, characters: dict[str, Character]) -> dict[tuple[str, str], int]:
        """The tie between each pair of characters at the start: as either writes it in `ties`
        (the two must agree), else the mean of what each says of the other as a role in `relationship`."""
        out: dict[tuple[str, str], int] = {}
        role_character = self.ctx.role_characters
        said: dict[tuple[str, str], list[int]] = {}
        for ch in characters.values():
            for role, value in ch.relationship.items():
                other = role_character.get(role)
                if other and other != ch.id and other in characters:
                    said.setdefault(tuple(sorted((ch.id, other))), []).append(value)   # type: ignore[arg-type]
        for key, values in said.items():
            out[key] = round(sum(values) / len(values))
        written: dict[tuple[str, str], tuple[int, str]] = {}
        for ch in characters.values():
            for other, value in ch.ties.items():
                key = (ch.id, other) if ch.id < other else (other, ch.id)
                if key in written and written[key][0] != value:
                    path, loc = self.defined["characters"][ch.id]
                    self.c.error(path, loc, f"the tie between '{key[0]}' and '{key[1]}' is {written[key][0]} "
                                            f"in '{written[key][1]}' but {value} in '{ch.id}': write it once",
                                            code="contradiction")
                    continue
                written[key] = (value, ch.id)
                out[key] = value
        return {k: v for k, v in out.items() if v}

    def office_terms(self, p: str, m: YMap) -> tuple[OfficeTerm, ...]:
        c = self.c
        terms = []
        raw = m.get("offices")
        if isinstance(raw, YList):
            for entry, loc in zip(raw, raw.locs):
                om = c.fields(p, entry, loc, OfficeTerm, f"an office term of character '{m['id']}'")
                if om is None or om.get("office") is None:
                    continue
                v = c.read(OfficeTerm, p, om, self.ctx)
                if v["office"] not in self.ctx.symbols.offices:
                    continue
                if v["start"] and v["end"] and v["end"] < v["start"]:
                    c.error(p, om.locs["to"], f"it ends ({v['end']}) before it starts ({v['start']})", about=om,
                            code="date-order")
                terms.append(OfficeTerm(**v))
        elif raw is not None:
            c.error(p, m.locs["offices"], f"'offices' must be a list of terms, not {type_name(raw)}", about=m, code="wrong-type")
        return tuple(terms)

    def check_office_capacity(self, characters: dict[str, Character], offices: dict[str, Office]) -> None:
        start = self.ctx.start
        if start == date.min:
            return
        for office in offices.values():
            if office.holders is None:
                continue
            holders = [ch.id for ch in characters.values() if any(t.office == office.id and t.held_on(start) for t in ch.offices)]
            if len(holders) > office.holders:
                path, loc = self.defined["offices"][office.id]
                self.c.error(path, loc, f"office '{office.id}' allows {office.holders} holder(s) but "
                                        f"{len(holders)} hold it at the start: {', '.join(holders)}", code="too-many-holders")

    def body(self, p: str, m: YMap) -> Body:
        c = self.c
        bid = m["id"]
        v = c.read(Body, p, m, self.ctx, ("body", bid))
        read = self.objects_in(p, m, "blocs", Bloc, ("bloc", bid), f"a bloc of body '{bid}'")
        blocs = []
        for bm, bloc in read:
            self.no_whip_inside(p, bm, "leans", f"the leaning of a bloc of body '{bid}'")
            if not isinstance(bm.get("id"), str) or not ID.match(bm["id"]):
                if bm.get("id") is not None:
                    c.error(p, bm.locs["id"], f"bloc id {bm['id']!r} in body '{bid}' must be lower-case letters, "
                                              f"digits and underscores", code="bad-id")
                continue
            blocs.append(bloc)
        # A bloc's formula is placed by its id, not its position: ("bloc", body, bloc id, "leans").
        for i, bloc in enumerate(blocs):
            c.renote(("bloc", bid, i, "leans"), ("bloc", bid, bloc.id, "leans"))
        if v["start"] and v["end"] and v["end"] < v["start"]:
            c.error(p, m.locs["to"], f"body '{bid}' stands until {v['end']}, before it is first in being ({v['start']})",
                    about=m, code="date-order")
        counted = bool(v["members"]) or bool(blocs)
        if counted == (m.get("support") is not None):
            c.error(p, m.loc, f"body '{bid}' needs 'members' (an office) or 'blocs', or else 'support' "
                              f"(an expression), and not both", code="missing-field")
        return Body(**v, blocs=tuple(blocs))

    def no_whip_inside(self, p: str, m: YMap, key: str, what: str) -> None:
        """A formula read while a vote is counted cannot read a vote's count: it would count itself."""
        src = m.get(key)
        if isinstance(src, str):
            found = WHIP.search(src)
            if found:
                self.c.error(p, self.c.expr_loc(p, m.locs[key], src, found.start(1)),
                             f"{what} cannot read 'whip(...)': it is worked out while a vote is counted, "
                             f"so it would count itself; read stats, flags, ties, offices or another body's votes",
                             code="counts-itself")

    def check_counts_end(self, bodies: dict[str, Body], raw: dict[str, YMap]) -> None:
        """No body's count reads, through its support formula or its blocs' leanings, its own count."""
        reads: dict[str, set[str]] = {}
        for bid, m in raw.items():
            texts = [m.get("support")] + [b.get("leans") for b in (m.get("blocs") or []) if isinstance(b, YMap)]
            reads[bid] = {name for t in texts if isinstance(t, str) for _, name in COUNTS.findall(t)} & set(bodies)
        for start in sorted(reads):
            path, seen = [start], {start}
            stack = [(start, iter(sorted(reads[start])))]
            while stack:
                _, children = stack[-1]
                nxt = next(children, None)
                if nxt is None:
                    stack.pop()
                    path.pop()
                    continue
                if nxt == start:
                    where, loc = self.defined["bodies"][start]
                    loc = self.count_read_at(where, raw[start], path[1] if len(path) > 1 else start) or loc
                    chain = " -> ".join([*path, start])
                    self.c.error(where, loc, f"body '{start}' counts itself ({chain}): a body's support or its "
                                             f"blocs' leanings cannot read, even through another body, its own votes",
                                             code="counts-itself")
                    stack = []
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    path.append(nxt)
                    stack.append((nxt, iter(sorted(reads.get(nxt, ())))))

    def count_read_at(self, p: str, m: YMap, body: str) -> Any:
        """Where the support formula, or the first bloc's leaning, of the body `m` reads the count of `body`."""
        formulas = [(m, "support")] + [(b, "leans") for b in (m.get("blocs") or []) if isinstance(b, YMap)]
        for owner, key in formulas:
            src = owner.get(key)
            if isinstance(src, str):
                for found in COUNTS.finditer(src):
                    if found.group(2) == body:
                        return self.c.expr_loc(p, owner.locs[key], src, found.start())
        return None

    def blocs(self, bodies: dict[str, Body], characters: dict[str, Character],
              raw: dict[str, YMap]) -> dict[str, tuple[str, Bloc]]:
        """Every bloc by its id, which no other bloc or character may have."""
        out: dict[str, tuple[str, Bloc]] = {}
        for body in bodies.values():
            written = [b for b in (raw[body.id].get("blocs") or []) if isinstance(b, YMap)] if body.id in raw else []
            for bloc in body.blocs:
                clash = ("bloc of body '" + out[bloc.id][0] + "'") if bloc.id in out else \
                        "character" if bloc.id in characters else ""
                if clash:
                    path, loc = self.defined["bodies"][body.id]
                    at = next((b for b in written if b.get("id") == bloc.id), None)     # the bloc as written
                    loc = at.locs["id"] if at is not None and "id" in at.locs else loc
                    self.c.error(path, loc, f"bloc id '{bloc.id}' in body '{body.id}' is also a {clash}'s id; "
                                            f"a vote names members and blocs by id, so each must be unique", code="duplicate-id")
                    continue
                out[bloc.id] = (body.id, bloc)
        return out

    def vote(self, p: str, m: YMap, bodies: dict[str, Body], characters: dict[str, Character]) -> Vote:
        c = self.c
        vid = m["id"]
        v = c.read(Vote, p, m, self.ctx)
        leans = []
        body = bodies.get(v["body"])
        if body is not None and not body.counted:
            c.error(p, m.locs["body"], f"vote '{vid}': body '{body.id}' votes by a support formula; a staged "
                                       f"vote needs a body with 'members' or 'blocs'", code="uncounted-body")
        members = {ch.id for ch in characters.values() if body and any(t.office == body.members for t in ch.offices)}
        blocs = {b.id for b in body.blocs} if body else set()
        followed = {b.follows for b in body.blocs} if body else set()
        for lm, lean in self.objects_in(p, m, "lean", Lean, ("vote", vid, "lean"), f"a lean of vote '{vid}'"):
            self.no_whip_inside(p, lm, "by", f"a lean of vote '{vid}'")
            who = lean.who
            if not who:
                continue
            if body is not None and who not in blocs and who not in characters:
                known = sorted(blocs | members)
                c.error(p, lm.locs["who"], f"vote '{vid}': '{who}' is neither a character nor a bloc of body "
                                           f"'{body.id}'{did_you_mean(who, known)}", refers=("character",),
                                           code="unknown-reference")
                continue
            if who in characters and who not in members and who not in followed:
                c.error(p, lm.locs["who"], f"vote '{vid}': '{who}' never sits in body '{body.id if body else v['body']}' "
                                           f"and no bloc of it follows them, so this lean changes nothing",
                        refers=("office",), code="has-no-effect")
            leans.append(lean)
        if v["sponsor"] in v["opponents"]:
            c.error(p, m.locs["opponents"], f"vote '{vid}': the sponsor '{v['sponsor']}' cannot also oppose it",
                    code="contradiction")
        return Vote(**v, lean=tuple(leans))

    # -- events and their choices ---------------------------------------------------------------
    def event(self, p: str, m: YMap) -> Event:
        c, ctx = self.c, self.ctx
        eid = m["id"]
        v = c.read(Event, p, m, ctx, ("event", eid))
        v["heading"] = c.heading(p, m, ctx.symbols, ("event", eid))
        outside = ctx.start != date.min and any(
            m.get(key) is not None and not ctx.start <= v[key] <= ctx.end for key in ("earliest", "latest"))
        if v["latest"] < v["earliest"] and not outside:
            c.error(p, m.locs.get("latest", m.loc), f"'latest' ({v['latest']}) is before 'earliest' ({v['earliest']})",
                    about=m, code="date-order")
        self.check_day(p, m, eid, v)
        v["spread"] = self.spread(p, m, eid, v["earliest"], v["latest"])
        choices = []
        raw = m.get("choices")
        if isinstance(raw, YList):
            if not raw:
                c.error(p, m.locs["choices"], f"event '{eid}' has no choices", code="no-choice")
            elif len(raw) > MAX_CHOICES:
                c.error(p, m.locs["choices"], f"event '{eid}' has {len(raw)} choices; at most {MAX_CHOICES} "
                                              f"(players pick them with the keys 1 to {MAX_CHOICES})", code="too-many-choices")
            seen: set[str] = set()
            for entry, loc in zip(raw, raw.locs):
                ch = self.choice(p, entry, loc, eid, seen)
                if ch:
                    choices.append(ch)
            historical = _historical_for_one_role(choices, v.get("roles"))
            if historical:
                c.error(p, m.locs["choices"], f"event '{eid}' marks {len(historical)} choices historical for the same "
                                              f"role ({', '.join(historical)}); the real person took one",
                        code="several-historical")
            self.check_offered(p, m, v, choices)
        elif raw is not None:
            c.error(p, m.locs["choices"], f"'choices' must be a list, not {type_name(raw)}", about=m, code="wrong-type")
        return Event(**v, choices=tuple(choices))

    def check_day(self, p: str, m: YMap, eid: str, v: dict[str, Any]) -> None:
        """An event's day is a day of the month, and one of its window when the window is one month
        (in a longer window, a short month puts it on its last day)."""
        day = v["day"]
        if day is None:
            return
        if not 1 <= day <= 31:
            self.c.error(p, m.locs["day"], f"'day' must be from 1 to 31, not {day}", about=m, code="out-of-range")
            v["day"] = None
            return
        first, last = v["earliest"], v["latest"]
        if (first.year, first.month) != (last.year, last.month) or last < first:
            return
        if day > days_in_month(first.year, first.month):
            self.c.error(p, m.locs["day"], f"day {day} is not in {format_month(first)}, "
                                           f"the one month of its window", about=m, code="bad-date")
        elif not first.day <= day <= last.day:
            self.c.error(p, m.locs["day"], f"day {day} is outside its window ({first} to {last})", about=m, code="date-outside")

    def spread(self, p: str, m: YMap, eid: str, earliest: date, latest: date) -> str | tuple[float, ...]:
        """An event's spread: a word, or a weight for each turn of its window (one at least above 0)."""
        c, ctx = self.c, self.ctx
        raw = m.get("spread")
        if raw is None:
            return "first"
        if isinstance(raw, str) and raw in SPREADS:
            return raw
        if not isinstance(raw, YList):
            shown = f"'{raw}'" if isinstance(raw, str) else type_name(raw)
            hint = did_you_mean(raw, list(SPREADS)) if isinstance(raw, str) else ""
            c.error(p, m.locs["spread"], f"'spread' must be {', '.join(SPREADS[:-1])} or {SPREADS[-1]}, "
                                         f"or a list of weights, one for each turn of its window, not {shown}{hint}", about=m,
                                         code="bad-spread")
            return "first"
        weights = []
        for w, loc in zip(raw, raw.locs):
            if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 <= w < math.inf:
                shown = str(w) if isinstance(w, (int, float)) and not isinstance(w, bool) else type_name(w)
                c.error(p, loc, f"each weight in 'spread' must be a number of at least 0, not {shown}", about=m,
                        code="bad-spread")
                return "first"
            weights.append(float(w))
        if not any(w > 0 for w in weights):
            c.error(p, m.locs["spread"], "'spread' needs at least one weight above 0", about=m, code="bad-spread")
            return "first"
        if ctx.symbols.turns is not None:       # the scenario's dates and turn are sound
            turns = window_turns(ctx.start, ctx.end, ctx.turn, earliest, latest)
            if turns and len(weights) != len(turns):
                c.error(p, m.locs["spread"], f"'spread' gives {len(weights)} weights, but its window has "
                                             f"{len(turns)} turns ({format_month(turns[0])} to {format_month(turns[-1])}): "
                                             f"give one for each", about=m, code="bad-spread")
        return tuple(weights)

    def choice(self, p: str, entry: Any, loc: Loc, eid: str, seen: set[str]) -> Choice | None:
        c = self.c
        m = c.fields(p, entry, loc, Choice, f"a choice of event '{eid}'", f"choice '{eid}.{{id}}'")
        if m is None:
            return None
        cid = m.get("id")
        if not isinstance(cid, str) or not ID.match(cid):
            if cid is not None:
                c.error(p, m.locs["id"], f"choice id {cid!r} in event '{eid}' must be lower-case letters, digits "
                                         f"and underscores", code="bad-id")
            return None
        if cid in seen:
            c.error(p, m.locs["id"], f"duplicate choice id '{cid}' in event '{eid}'", code="duplicate-id")
            return None
        seen.add(cid)
        v = c.read(Choice, p, m, self.ctx, ("choice", eid, cid))
        if m.get("unavailable") is not None and m.get("condition") is None:
            c.error(p, m.locs["unavailable"], f"choice '{eid}.{cid}' has an 'unavailable' reason but no condition",
                    code="has-no-effect")
        # A condition's top-level tests of the role say who is offered the choice, not when it is open:
        # another role never sees it, greyed out or otherwise.
        condition = m.get("condition")
        open_always = v["condition"] is None
        if v["condition"] is not None and isinstance(condition, str):
            limit, rest = role_limits(condition, self.ctx.symbols.roles)
            if limit is not None:
                v["roles"] = limit if v["roles"] is None else v["roles"] & limit
                open_always = not rest
        self.open_to_all[(eid, cid)] = open_always and v["shown"] is None
        return Choice(**v)

    def check_offered(self, p: str, m: YMap, v: dict[str, Any], choices: list[Choice]) -> None:
        """Each role that can meet an event is offered a choice that is always open to it."""
        if not choices:
            return
        eid = v["id"]
        meets = sorted(r for r in (v["roles"] if v["roles"] is not None else self.ctx.symbols.roles)
                       if not v["actor"] or self.ctx.role_characters.get(r) != v["actor"])
        stuck = []
        for role in meets:
            offered = [ch for ch in choices if ch.roles is None or role in ch.roles]
            if not offered:
                self.c.error(p, m.locs["choices"], f"event '{eid}' offers role '{role}' no choice (its choices "
                                                   f"{', '.join(ch.id for ch in choices)} are for other roles)", code="no-choice")
            elif not any(self.open_to_all[(eid, ch.id)] for ch in offered):
                stuck.append(role)
        if not stuck:
            return
        if any(ch.roles is not None for ch in choices) and len(stuck) < len(self.ctx.symbols.roles):
            whose = " offered to role" + ("s " if len(stuck) > 1 else " ") + ", ".join(f"'{r}'" for r in stuck)
            self.c.error(p, m.locs["choices"], f"every choice of event '{eid}'{whose} has a condition: if none "
                                               f"holds the game is stuck; give one of them no condition",
                                               code="stuck-event")
        else:
            self.c.error(p, m.locs["choices"], f"every choice of event '{eid}' has a condition: if none holds "
                                               f"the game is stuck; give one choice no condition", code="stuck-event")

    def effect_targets(self, events: dict[str, Event], function: str) -> set[str]:
        """The ids that the effects of `events` pass first to `function`, as in `schedule("plenum")`."""
        return effect_targets(self.c.mentions, function, _Choices(events))

    def check_follow_ups(self, events: dict[str, Event]) -> None:
        targets = self.effect_targets(events, "schedule")
        targets.update(ch.next for ev in events.values() for ch in ev.choices if ch.next)
        for ev in events.values():
            if ev.follow_up and ev.id not in targets:
                path, loc = self.defined["events"][ev.id]
                self.c.error(path, loc, f"event '{ev.id}' is a follow-up but no choice leads to it "
                                        f"(by 'next' or 'schedule')", refers=("event",), code="unreachable")

    def check_bodies_stand(self, events: dict[str, Event], votes: dict[str, Vote], bodies: dict[str, Body]) -> None:
        """An event that stages a vote can only happen while the body that votes is in being (its 'from' and 'to')."""
        for ev in events.values():
            body = bodies.get(votes[ev.vote].body) if ev.vote in votes else None
            if body is None or (body.start is None and body.end is None):
                continue
            if not (body.stands_on(ev.earliest) and body.stands_on(ev.latest)):
                path, loc = self.defined["events"][ev.id]
                stands = f"from {format_month(body.start) if body.start else 'the start'} to " \
                         f"{format_month(body.end) if body.end else 'the end'}"
                self.c.error(path, loc, f"event '{ev.id}' stages vote '{ev.vote}' in body '{body.id}', which stands only "
                                        f"{stands}, but the event can happen from {format_month(ev.earliest)} to "
                                        f"{format_month(ev.latest)}: narrow its 'earliest' and 'latest', or widen the "
                                        f"body's 'from' and 'to'", refers=("event", "body"), code="body-not-standing")

    def check_codex_reachable(self, codex: dict[str, CodexEntry], events: dict[str, Event]) -> None:
        reachable = {e for e, entry in codex.items() if entry.unlocked}
        reachable.update(x for ev in events.values() for x in ev.unlocks)
        reachable.update(self.effect_targets(events, "unlock"))
        reachable.update(x for entry in codex.values() for x in entry.links)
        for cid in codex:
            if cid not in reachable:
                path, loc = self.defined["codex"][cid]
                self.c.error(path, loc, f"codex entry '{cid}' is never unlocked and nothing links to it",
                             refers=("event", "codex entry"), code="unreachable")

    # -- endings ---------------------------------------------------------------------------------
    def ending(self, p: str, m: YMap) -> Ending:
        """An ending, its title compiled where it has placeholders."""
        eid = m["id"]
        v = self.c.read(Ending, p, m, self.ctx, ("ending", eid))
        return Ending(**v, heading=self.c.heading(p, m, self.ctx.symbols, ("ending", eid)))

    # -- the manifest's lists -------------------------------------------------------------------
    def sources(self, path: str, manifest: YMap, folder: str) -> dict[str, SourceDef]:
        c = self.c
        out: dict[str, SourceDef] = {}
        raw = manifest.get("sources")
        if raw is None:
            return out
        if not isinstance(raw, YList) or not raw:
            c.error(path, manifest.locs["sources"], "'sources' must be a list of at least one source", code="wrong-type")
            return out
        for item, loc in zip(raw, raw.locs):
            m = c.fields(path, item, loc, SourceDef)
            if m is None or m.get("id") is None:
                continue
            sid = m["id"]
            if not isinstance(sid, str) or not ID.match(sid):
                c.error(path, m.locs["id"], f"source id {sid!r} must be lower-case letters, digits and underscores",
                        code="bad-id")
                continue
            if sid in out:
                c.error(path, m.locs["id"], f"duplicate source id '{sid}'", code="duplicate-id")
                continue
            source = out[sid] = SourceDef(**c.read(SourceDef, path, m, self.ctx))
            self.check_source(path, m, source, folder)
        return out

    def check_source(self, path: str, m: YMap, s: SourceDef, folder: str) -> None:
        """What a work of its kind needs for a reader to find it; a shipped file is in the folder."""
        c = self.c
        need = SOURCE_NEEDS.get(s.kind, ())
        for keys_ in need:
            if not any(getattr(s, FIELD_OF.get(k, k)) for k in keys_):
                c.error(path, m.locs["kind"], f"source '{s.id}' is {with_article(s.kind)}: give its "
                                              f"{' or '.join(repr(k) for k in keys_)}", code="bad-source")
        if s.url and not re.match(r"^https?://", s.url):
            c.error(path, m.locs["url"], f"source '{s.id}': 'url' must be an address starting http:// or https://",
                    code="bad-source")
        if s.file:
            parts = s.file.replace("\\", "/").split("/")
            if s.file.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", s.file) or ".." in parts:
                c.error(path, m.locs["file"], f"source '{s.id}': 'file' names a document in the scenario's folder, "
                                              f"by a path inside it, not '{s.file}'", code="bad-source")
            elif s.kind == "document" and not os.path.isfile(document_path(folder, s.file)):
                c.error(path, m.locs["file"], f"source '{s.id}': the scenario ships no file '{s.file}' "
                                              f"(a 'document' source is a file in the scenario's folder)", code="bad-source")

    def chapters(self, path: str, raw: list[tuple[YMap, Loc]], stats: dict[str, StatDef], roles: dict[str, Role],
                 content: dict[str, Any]) -> tuple[Chapter, ...]:
        """The manifest's chapters in order, each with the state a game begun there starts from."""
        c, ctx = self.c, self.ctx
        out: list[Chapter] = []
        for m, _ in raw:
            cid = m["id"]
            v = c.read(Chapter, path, m, ctx, ("chapter", cid))
            factions = tuple(f for _, f in self.objects_in(path, m, "factions", ChapterFaction, ("chapter", cid, "factions"),
                                                            f"a faction of chapter '{cid}'"))
            ties = []
            for tm, tie in self.objects_in(path, m, "ties", ChapterTie, ("chapter", cid, "ties"), f"a tie of chapter '{cid}'"):
                written = tm.get("between")
                if len(tie.between) != 2 and isinstance(written, YList) and len(written) == 2:
                    continue            # a character it names is unknown: said already
                if len(tie.between) != 2 or tie.between[0] == tie.between[1]:
                    c.error(path, tm.locs["between"], f"a tie of chapter '{cid}' is between two characters, "
                                                      f"not {', '.join(tie.between) or 'none'}", code="contradiction")
                else:
                    ties.append(tie)
            starts: list[ChapterRole] = []
            rs = m.get("role_start")
            if rs is not None and not isinstance(rs, YList):
                c.error(path, m.locs["role_start"], f"'role_start' must be a list, not {type_name(rs)}", about=m,
                        code="wrong-type")
            for entry, loc in zip(rs if isinstance(rs, YList) else (), rs.locs if isinstance(rs, YList) else ()):
                rm = c.fields(path, entry, loc, ChapterRole, f"a role start of chapter '{cid}'")
                if rm is None:
                    continue
                rv = c.read(ChapterRole, path, rm, ctx)
                rid = rv["role"]
                if not rid:
                    continue
                if any(r.role == rid for r in starts):
                    c.error(path, rm.locs["role"], f"chapter '{cid}' gives role '{rid}' two starts", code="duplicate-id")
                    continue
                if v["roles"] is not None and rid not in v["roles"]:
                    c.error(path, rm.locs["role"], f"role '{rid}' does not play chapter '{cid}' (its 'roles' leave it out)",
                            code="contradiction")
                flags = rm.get("flags")
                starts.append(ChapterRole(role=rid, stats=self.stat_values(path, rm, stats, rid) if rid in roles else {},
                                          flags=dict(flags) if isinstance(flags, YMap) else {},
                                          relationship=self.mapping(path, rm, "relationship", ctx.symbols.characters,
                                                                    "character", " in 'relationship'")))
            global_stats: dict[str, int] = {}
            sm = m.get("stats")
            if isinstance(sm, YMap):
                for sid, value in sm.items():
                    if not c.ref(path, sm.key_locs[sid], sid, stats, "stat", f" in chapter '{cid}'"):
                        continue
                    sd = stats[sid]
                    if sd.scope != "global":
                        c.error(path, sm.key_locs[sid], f"stat '{sid}' belongs to each role: give it in 'role_start'",
                                code="contradiction")
                    elif isinstance(value, bool) or not isinstance(value, int) or not sd.min <= value <= sd.max:
                        c.error(path, sm.locs[sid], f"stat '{sid}' must be a whole number in {sd.min}..{sd.max}, "
                                                    f"not {value!r}", about=m, code="out-of-range")
                    else:
                        global_stats[sid] = value
            elif sm is not None:
                c.error(path, m.locs["stats"], f"'stats' must be a mapping of stat: value, not {type_name(sm)}", about=m,
                        code="wrong-type")
            flags = m.get("flags")
            resumes = m.get("resumes")
            names: list[str] = []
            if isinstance(resumes, YList):
                for r, loc in zip(resumes, resumes.locs):
                    if not isinstance(r, str) or not ID.match(r):
                        c.error(path, loc, f"'resumes' lists ending ids, not {r!r}", about=m, code="bad-id")
                    elif r in content["endings"]:
                        c.error(path, loc, f"ending '{r}' still exists: 'resumes' names endings an earlier version "
                                           f"had, so that games saved there go on", about=m, code="contradiction")
                    else:
                        names.append(r)
            elif resumes is not None:
                c.error(path, m.locs["resumes"], f"'resumes' must be a list of ending ids, not {type_name(resumes)}",
                        about=m, code="wrong-type")
            chapter = Chapter(**v, stats=global_stats, flags=dict(flags) if isinstance(flags, YMap) else {},
                              factions=factions, ties=tuple(ties), role_start=tuple(starts), resumes=tuple(names))
            if chapter.start is None:       # said already
                continue
            if out and chapter.start <= out[-1].start:
                c.error(path, m.locs["start"], f"chapter '{cid}' starts ({chapter.start}) no later than chapter "
                                               f"'{out[-1].id}' before it ({out[-1].start}): chapters go in date order",
                        code="date-order")
                continue
            if not out:
                if ctx.start != date.min and chapter.start != ctx.start:
                    c.error(path, m.locs["start"], f"the first chapter starts with the scenario ({ctx.start}), "
                                                   f"not {chapter.start}", code="contradiction")
                state = [k for k in ("stats", "flags", "factions", "ties", "dead", "unlocks", "role_start", "resumes")
                         if m.get(k) is not None]
                if state:
                    c.error(path, m.locs[state[0]], f"the first chapter begins with the scenario's own start: "
                                                    f"'{state[0]}' belongs to a later chapter", code="contradiction")
            elif ctx.start != date.min and not self.on_a_turn(chapter.start):
                c.error(path, m.locs["start"], f"chapter '{cid}' starts on {chapter.start}, which is not the first "
                                               f"day of a turn", code="bad-date")
            out.append(chapter)
        if out:
            for rid in roles:
                if not any(ch.plays(rid) for ch in out):
                    c.error(path, raw[0][0].locs.get("roles", raw[0][1]) if raw else None,
                            f"role '{rid}' plays no chapter", code="contradiction")
            for r in {r for ch in out for r in ch.resumes}:
                if sum(r in ch.resumes for ch in out) > 1:
                    c.error(path, raw[0][1], f"ending '{r}' is resumed by two chapters", code="contradiction")
            if out[0].resumes:
                c.error(path, raw[0][1], "the first chapter cannot resume a game", code="contradiction")
        for e in content["endings"].values():
            if e.chapter and e.trigger != "end":
                where, loc = self.defined["endings"][e.id]
                c.error(where, loc, f"ending '{e.id}' names chapter '{e.chapter}', but an ending checked after every "
                                    f"choice (trigger: anytime) has no chapter's end", code="contradiction")
        return tuple(out)

    def on_a_turn(self, d: date) -> bool:
        """Whether a game's turns begin on `d`."""
        t = self.ctx.start
        while t < d:
            t = self.ctx.turn.advance(t)
        return t == d

    def roles(self, path: str, roles_raw: list[tuple[YMap, Loc]], stats: dict[str, StatDef]) -> dict[str, Role]:
        c = self.c
        out: dict[str, Role] = {}
        for m, _ in roles_raw:
            rid = m["id"]
            v = c.read(Role, path, m, self.ctx)
            start_stats: dict[str, int] = {}
            start_flags: dict[str, Any] = {}
            start = m.get("start")
            if start is not None:
                sm = c.fields(path, start, m.locs["start"], RoleStart, f"start of role '{rid}'")
                if sm is not None:
                    start_stats = self.stat_values(path, sm, stats, rid)
                    flags = sm.get("flags")
                    if isinstance(flags, YMap):
                        start_flags = dict(flags)
                    elif flags is not None:
                        c.error(path, sm.locs["flags"], f"'flags' must be a mapping, not {type_name(flags)}", about=sm,
                                code="wrong-type")
            aims = tuple(a for _, a in self.objects_in(path, m, "aims", Aim, ("aim", rid, "aims"), f"an aim of role '{rid}'"))
            fears = tuple(a for _, a in self.objects_in(path, m, "fears", Aim, ("aim", rid, "fears"), f"a fear of role '{rid}'"))
            out[rid] = Role(**v, start=RoleStart(stats=start_stats, flags=start_flags), aims=aims, fears=fears)
            self.ctx.role_characters[rid] = v["character"]
        return out

    def stat_values(self, path: str, sm: YMap, stats: dict[str, StatDef], rid: str) -> dict[str, int]:
        c = self.c
        raw = sm.get("stats")
        out: dict[str, int] = {}
        if raw is None:
            return out
        if not isinstance(raw, YMap):
            c.error(path, sm.locs["stats"], f"'stats' must be a mapping of stat: value, not {type_name(raw)}", about=sm,
                    code="wrong-type")
            return out
        for sid, value in raw.items():
            if not c.ref(path, raw.key_locs[sid], sid, stats, "stat", f" in the start of role '{rid}'"):
                continue
            sd = stats[sid]
            if sd.scope == "global":
                c.error(path, raw.key_locs[sid], f"stat '{sid}' is global: role '{rid}' cannot start it elsewhere",
                        code="contradiction")
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                c.error(path, raw.locs[sid], f"stat '{sid}' must start as a whole number, not {type_name(value)}",
                        about=sm, code="wrong-type")
            elif not sd.min <= value <= sd.max:
                c.error(path, raw.locs[sid], f"stat '{sid}' starts at {value}, outside its range {sd.min}..{sd.max}",
                        about=sm, code="out-of-range")
            else:
                out[sid] = value
        return out


def kind_word(kind: str) -> str:
    """What an object of a section is called: "event", "codex entry"."""
    return word(SECTIONS[kind])


class _Choices:
    """The (event, choice) pairs of `events`, asked one at a time, without listing them all."""

    def __init__(self, events: dict[str, Event]) -> None:
        self.events = events

    def __contains__(self, pair: tuple[str, str]) -> bool:
        ev = self.events.get(pair[0])
        return ev is not None and any(ch.id == pair[1] for ch in ev.choices)
