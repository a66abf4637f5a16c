"""The player's standing as the faces show it: stats, allies, votes, alliances, offices, relationships.

Computed from the game's state on demand, so every face shows the same figures the rules use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import politics
from game.engine.views import AimLine
from game.structs import Row

if TYPE_CHECKING:
    from game.engine.game import Game


class StatLine(Row):
    """One stat with its range."""

    id: str
    name: str
    value: int
    min: int
    max: int
    description: str
    warning: str = ""           # said when the stat is at or below the scenario's warning level


class BodyLine(Row):
    """How a body would vote on a motion of the player's: `votes` firmly for of `seats`, and `wavering`
    votes that could go either way; or a percentage when `seats` is None."""

    id: str
    name: str
    votes: float
    seats: int | None
    majority: bool
    wavering: int = 0


class Group(Row):
    """A faction with two or more living members, or an office with its holders."""

    id: str
    name: str
    members: tuple[str, ...]        # names
    includes_player: bool


class Relation(Row):
    """The player's relationship with one figure."""

    id: str
    name: str
    value: int


class Standing(Row):
    """Everything the side panel and the plain `stats` command show."""

    stats: tuple[StatLine, ...]
    allies: tuple[str, ...]
    bodies: tuple[BodyLine, ...]         # those in being now (a body's 'from' and 'to')
    alliances: tuple[Group, ...]
    offices: tuple[Group, ...]
    player_offices: tuple[str, ...]
    relations: tuple[Relation, ...]
    aims: tuple[AimLine, ...] = ()


def standing(game: Game, relations: int = 8) -> Standing:
    """The player's standing now; `relations` strongest relationships with living figures."""
    s = game.scenario
    name = {c.id: c.name for c in s.characters.values()}
    warned = dict(game.warnings())
    stats = tuple(StatLine(sid, s.stats[sid].name, v, s.stats[sid].min, s.stats[sid].max,
                           " ".join(s.stats[sid].description.split()), warned.get(sid, ""))
                  for sid, v in game.stats.items())
    allies = tuple(sorted(name[c] for c in s.characters if game.ally(c)))
    bodies = []
    standing_now = [b for b in s.bodies.values() if b.stands_on(game.date)]   # not those yet to be elected, or replaced
    counts = politics.standings(game, {b.id for b in standing_now})
    for b in standing_now:
        if b.support is not None:
            bodies.append(BodyLine(b.id, b.name, game.votes(b.id), None, game.majority(b.id)))
            continue
        count = counts[b.id]
        firm = count.firm(politics.FOR)
        bodies.append(BodyLine(b.id, b.name, firm, count.seats, game.majority(b.id, firm),
                               sum(st.size for st in count.wavering)))
    alliances = tuple(Group(f, s.factions[f].name, tuple(sorted(name[m] for m in members)), game.player in members)
                      for f, members in game.factions.items() if len(members) >= 2)
    offices = tuple(Group(o, s.offices[o].name, tuple(name[h] for h in holders), game.player in holders)
                    for o, holders in game.offices.items() if holders)
    ranked = sorted((c for c, v in game.rel.items() if c != game.player and game.alive(c)),
                    key=lambda c: (-abs(game.rel[c]), name[c]))[:relations]
    return Standing(stats, allies, tuple(bodies), alliances, offices,
                    tuple(g.name for g in offices if g.includes_player),
                    tuple(Relation(c, name[c], game.rel[c]) for c in ranked),
                    tuple(game.aims()))
