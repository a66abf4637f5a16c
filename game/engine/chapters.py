"""Chapters of a campaign: beginning a game at one with its historical state, marking where each
began, and the summary shown at each chapter's end.

A chapter's start state is written in the manifest as what differs from the scenario's own
start; a game begun at the third chapter takes the second's and then the third's, in order. The
offices held are those of the record on the chapter's first day (the characters' terms), since
that is what "the historical state" means for offices; everything else is as written.
"""

from __future__ import annotations

import weakref
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from game.engine.changes import in_sentence
from game.engine.dates import format_month
from game.engine.views import Departure
from game.structs import Row

if TYPE_CHECKING:
    from game.engine.model import Chapter, Scenario
    from game.engine.state import World

# What a mark keeps of the world at a chapter's start, for the summary at its end.
MARK_FIELDS = ("chapter", "turn", "journal", "stats", "rel", "offices", "factions", "dead")
BIG_CHANGE = 15          # a relationship that moved this far in a chapter is worth a line

# Each scenario's record holders, by office and day, worked out once: every game of a simulation asks again.
_HOLDERS: weakref.WeakKeyDictionary[Scenario, dict[tuple[str, date], tuple[str, ...]]] = weakref.WeakKeyDictionary()


class ChapterSummary(Row):
    """What a chapter came to: the record's account, what changed in the player's game, and where
    the player left the record."""

    chapter: str
    title: str
    period: str                      # "January 1924 to January 1925"
    next_title: str                  # the chapter that follows ("" at the last)
    text: str                        # the chapter's `summary`, rendered for this game
    changes: tuple[str, ...]         # stats, offices, factions, deaths, relationships, one line each
    differences: tuple[str, ...]     # offices held otherwise than in the record at the chapter's end
    kept: int                        # decisions where the player did what the real person did
    departures: tuple[Departure, ...]


def departures_in(entries: Any) -> list[Departure]:
    """Each decision of these journal entries where the player left what the real person did, in
    order; the first of them marked."""
    out: list[Departure] = []
    for j in entries:
        if j.get("history") == "left":
            out.append(Departure(j["turn"], j["date"], j["title"], j["choice_text"], not out))
    return out


def on_record(w: World, office: str, when: Any) -> list[str]:
    """The record's holders of `office` on `when` who are alive in this game."""
    return [c for c in record_holders(w.scenario, office, when) if c not in w.dead]


def record_holders(scenario: Scenario, office: str, when: date) -> list[str]:
    """Who held `office` on `when` by the record (the characters' office terms)."""
    known = _HOLDERS.setdefault(scenario, {})
    found = known.get((office, when))
    if found is None:
        found = known[office, when] = tuple(c.id for c in scenario.characters.values()
                                            if any(t.office == office and t.held_on(when) for t in c.offices))
    return list(found)


def written_flags(scenario: Scenario, role: str, chapter: Chapter) -> dict[str, Any]:
    """The flags every chapter's written state sets, up to `chapter`, in order, for a game of `role`
    begun there (nothing for the first chapter, whose state is the scenario's own start)."""
    flags: dict[str, Any] = {}
    if chapter is scenario.chapters[0]:
        return flags
    for ch in scenario.chapters[1:]:
        flags.update(ch.flags)
        mine = ch.starting(role)
        if mine is not None:
            flags.update(mine.flags)
        if ch is chapter:
            break
    return flags


def enter(w: World, chapter: Chapter) -> None:
    """Put a new game's world at the start of `chapter`: every chapter's written state up to it, in
    order, over the scenario's own start, and the record's offices on its first day."""
    scenario = w.scenario
    w.flags.update(written_flags(scenario, w.role, chapter))
    for ch in scenario.chapters[1:]:
        for s, v in ch.stats.items():
            w.stats[s] = v
        for c in ch.dead:
            w.dead.add(c)
        for f in ch.factions:
            w.factions[f.faction] = set(f.members)
        for t in ch.ties:
            a, b = sorted(t.between)
            w.ties[(a, b)] = t.value
        w.unlocked.update(ch.unlocks)
        mine = ch.starting(w.role)
        if mine is not None:
            w.stats.update(mine.stats)
            w.rel.update(mine.relationship)
        if ch is chapter:
            break
    for members in w.factions.values():
        members -= w.dead
    for o in scenario.offices:
        w.offices[o] = on_record(w, o, chapter.start)
    w.date = chapter.start
    w.turn = scenario.turn.count(scenario.start, chapter.start)


def follow_record(w: World, chapter: Chapter) -> None:
    """At the start of `chapter`, each office that no effect of the role's events fills or empties
    takes the record's holders on the chapter's first day: history goes on where the role's story
    does not reach. The offices the story moves stay as the game left them."""
    scenario = w.scenario
    moved = scenario.offices_moved_by(w.role)
    for o in scenario.offices:
        if o not in moved:
            w.offices[o] = on_record(w, o, chapter.start)


def mark(w: World, chapter: Chapter) -> dict[str, Any]:
    """The world as it stands at the start of `chapter`, kept for its summary."""
    return {
        "chapter": chapter.id, "turn": w.turn, "journal": len(w.journal), "stats": dict(w.stats),
        "rel": dict(w.rel), "offices": {o: list(h) for o, h in w.offices.items() if h},
        "factions": {f: sorted(m) for f, m in w.factions.items() if m}, "dead": sorted(w.dead),
    }


def first_mark(w: World) -> dict[str, Any]:
    """The mark of a game saved before chapters were kept: its first chapter, from the scenario's start."""
    scenario = w.scenario
    stats = dict(w.trace[0]["stats"]) if w.trace else dict(w.stats)
    return {
        "chapter": scenario.chapters[0].id, "turn": 1, "journal": 0, "stats": stats,
        "rel": {c.id: c.relationship.get(w.role, 0) for c in scenario.characters.values()},
        "offices": {o: h for o in scenario.offices if (h := record_holders(scenario, o, scenario.start))},
        "factions": {f: sorted(c.id for c in scenario.characters.values() if f in c.factions)
                     for f in scenario.factions if any(f in c.factions for c in scenario.characters.values())},
        "dead": [],
    }


def summary(w: World, chapter: Chapter, text: str) -> ChapterSummary:
    """The summary of `chapter` as the game stands at its end."""
    scenario = w.scenario
    m = next((x for x in w.marks if x["chapter"] == chapter.id), None) or first_mark(w)
    end = scenario.chapter_end(chapter)
    later = [ch for ch in scenario.chapters if ch.start > chapter.start]
    period = f"{format_month(chapter.start)} to {format_month(end)}"
    entries = w.journal[m["journal"]:]
    kept = sum(1 for j in entries if j.get("history") == "kept")
    departures = departures_in(entries)
    return ChapterSummary(chapter.id, chapter.title, period, later[0].title if later else "", text,
                          tuple(_changes(w, m)), tuple(_differences(w, end)), kept, tuple(departures))


def _name(w: World, c: str, first: bool = True) -> str:
    if c == w.player:
        return "You" if first else "you"
    ch = w.scenario.characters.get(c)
    return ch.name if ch else c


def _changes(w: World, m: dict[str, Any]) -> list[str]:
    scenario = w.scenario
    out = []
    for s in scenario.stats.values():
        before, now = m["stats"].get(s.id), w.stats.get(s.id)
        if before is not None and now is not None and before != now:
            out.append(f"{s.name}: {before} to {now}")
    for c in sorted(set(w.dead) - set(m["dead"])):
        out.append(f"{_name(w, c)} died.")
    for o, office in scenario.offices.items():
        before, now = set(m["offices"].get(o, ())), set(w.offices.get(o, ()))
        for c in sorted(now - before):
            out.append(f"{_name(w, c)} became {office.name}.")
        for c in sorted(before - now):
            if c not in w.dead:
                out.append(f"{_name(w, c)} ceased to be {office.name}.")
    for f, faction in scenario.factions.items():
        before, now = set(m["factions"].get(f, ())), set(w.factions.get(f, ()))
        if len(before) < 2 <= len(now):
            out.append(f"{faction.name} formed: {', '.join(_name(w, c, False) for c in sorted(now))}.")
        elif len(now) < 2 <= len(before):
            out.append(f"{faction.name} broke apart.")
        elif len(now) >= 2:
            for c in sorted(now - before):
                out.append(f"{_name(w, c)} joined {in_sentence(faction.name)}.")
            for c in sorted(before - now - set(w.dead)):
                out.append(f"{_name(w, c)} left {in_sentence(faction.name)}.")
    moved = sorted(((w.rel[c] - v, c) for c, v in m["rel"].items()
                    if c in w.rel and c not in w.dead and abs(w.rel[c] - v) >= BIG_CHANGE),
                   key=lambda x: (-abs(x[0]), x[1]))
    for delta, c in moved[:5]:
        way = "warmed to you" if delta > 0 else "cooled towards you"
        out.append(f"{_name(w, c)} {way} ({m['rel'][c]:+d} to {w.rel[c]:+d}).")
    return out


def _differences(w: World, end: date) -> list[str]:
    """Offices held as the chapter ends (on `end`, its last day) otherwise than in the record, both on that day and
    on the next, as the record has them then. A change the record dates only by its month, at the turn of the
    chapters, is either side of the line: a term "from" the next chapter's first month has begun on its first day,
    one "to" this chapter's last month runs to its last day, and the game makes either change in that month."""
    scenario = w.scenario
    after = end + timedelta(days=1)
    out = []
    for o, office in scenario.offices.items():
        now = set(w.offices.get(o, ()))
        record = set(record_holders(scenario, o, after))
        if now in (record, set(record_holders(scenario, o, end))):
            continue
        said_record = ", ".join(_name(w, c, False) for c in sorted(record)) or "no one"
        said_now = ", ".join(_name(w, c, False) for c in sorted(now)) or "no one"
        if len(record | now) <= 3:      # the Politburo's lists are shown as who is in or out
            out.append(f"{office.name}: in the record {said_record}; in your game {said_now}.")
        else:
            extra = sorted(now - record)
            missing = sorted(record - now)
            parts = []
            if extra:
                parts.append("also " + ", ".join(_name(w, c, False) for c in extra))
            if missing:
                parts.append("without " + ", ".join(_name(w, c, False) for c in missing))
            out.append(f"{office.name}: unlike the record, {'; '.join(parts)}.")
    return out
