"""Votes counted from where each member stands.

Every member of a body, and every bloc in it, takes a stance on a motion: a number from the ties
between that member and the motion's sponsor and opponents, the factions they share, and what
the scenario adds for that vote (a promise, an interest, the player's standing with a bloc). A
stance of at least FIRM is a vote for, of at most -FIRM a vote against; in between, the member
wavers, at odds that rise evenly from 0 to 1 across that band. Only a wavering character is left
to the game's seeded roll, at those odds; a wavering bloc splits by them. The count decides.

FIRM is the scenario's `vote_threshold`. The same arithmetic gives the whip count shown before a
vote, the tally after it, and the player's standing in each body (a motion of the player's own).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Protocol

from game.engine.model import Bloc, Body, Scenario, Vote
from game.engine.rng import Rng
from game.structs import struct


class World(Protocol):
    """What counting reads of a game's world (game.engine.state.World is one)."""

    scenario: Scenario
    player: str
    dead: set[str]
    rng: Rng
    factions: dict[str, set[str]]

    def tie(self, a: str, b: str) -> int: ...
    def members(self, body_id: str) -> list[str]: ...
    def votes(self, body_id: str) -> float: ...
    def bloc_leaning(self, body_id: str, bloc: Bloc) -> float: ...
    def vote_leans(self, vote: Vote) -> dict[str, float]: ...

FACTION_PULL = 40          # a shared faction's pull toward (or away from) a side
SPONSOR = 100              # the sponsor's stance; an opponent's is -SPONSOR

FOR, AGAINST, ABSTAIN, WAVERING = "for", "against", "abstain", "wavering"


@struct(frozen=True)
class Stand:
    """Where one member or bloc stands on a motion, before it is put."""

    who: str           # a character or bloc id
    name: str
    size: int          # votes cast: 1 for a character
    stance: int
    odds: float        # the chance of a vote for: 1 firm for, 0 firm against
    bloc: bool = False

    @property
    def side(self) -> str:
        if self.odds >= 1:
            return FOR
        if self.odds <= 0:
            return AGAINST
        return WAVERING

    @property
    def split(self) -> tuple[int, int]:
        """How a wavering bloc splits: (votes for, the rest), by its odds."""
        votes_for = round(self.size * self.odds)
        return votes_for, self.size - votes_for

    @property
    def otherwise(self) -> str:
        """What a waverer does when not voting for: abstain if leaning toward the motion, else vote against."""
        return ABSTAIN if self.stance > 0 else AGAINST


@struct(frozen=True)
class Whip:
    """The count before a vote: who stands where, and what to expect."""

    vote: str          # the vote's id ("" for the player's standing in a body)
    body: str
    motion: str
    stands: tuple[Stand, ...]

    @property
    def seats(self) -> int:
        return sum(s.size for s in self.stands)

    def firm(self, side: str) -> int:
        return sum(s.size for s in self.stands if s.side == side)

    @property
    def wavering(self) -> tuple[Stand, ...]:
        return tuple(s for s in self.stands if s.side == WAVERING)

    @property
    def expected(self) -> float:
        """The votes for to expect: each vote weighted by its odds."""
        return sum(s.size * s.odds for s in self.stands)


@struct(frozen=True)
class Tally:
    """How a vote went."""

    vote: str
    passed: bool
    votes_for: int
    against: int
    abstain: int
    how: tuple[tuple[str, str, int], ...]     # (member or bloc, for/against/abstain, votes)


def firm_threshold(w: World) -> int:
    return max(1, w.scenario.vote_threshold)


def odds(stance: float, firm: int) -> float:
    if stance >= firm:
        return 1.0
    if stance <= -firm:
        return 0.0
    return (stance + firm) / (2 * firm)


class Motion:
    """A motion's sides, worked out once for all the members who take a stance on it."""

    __slots__ = ("live", "opponents", "sponsor", "with_opponents", "with_sponsor")

    def __init__(self, w: World, sponsor: str, opponents: tuple[str, ...]) -> None:
        self.sponsor, self.opponents = sponsor, opponents
        self.live = [o for o in opponents if o not in w.dead]
        self.with_sponsor = faction_mates(w, sponsor)
        self.with_opponents = set().union(*(faction_mates(w, o) for o in self.live))


def faction_mates(w: World, c: str) -> set[str]:
    """Everyone who shares a faction with `c` (and `c`, where c is in one)."""
    return set().union(*(m for m in w.factions.values() if c in m))


def character_stance(w: World, m: str, motion: Motion, extra: float = 0) -> float:
    """Where character `m` stands on a motion."""
    if m == motion.sponsor:
        return SPONSOR
    if m in motion.opponents:
        return -SPONSOR
    stance = w.tie(m, motion.sponsor)
    if motion.live:     # a motion of the player's own, opposed by no one, has none (the standing, the votes policy)
        stance -= max(w.tie(m, o) for o in motion.live)
    if m in motion.with_sponsor:
        stance += FACTION_PULL
    if m in motion.with_opponents:
        stance -= FACTION_PULL
    return stance + extra


def _stances(w: World, body: Body, sponsor: str, opponents: tuple[str, ...] = (),
             leans: dict[str, float] | None = None, motion: Motion | None = None,
             known: dict[str, float] | None = None) -> list[tuple[str, str, int, int, bool]]:
    """(who, name, votes, stance, is a bloc) for every member and bloc of a counted body on a motion.
    Several bodies counted on one motion without leans may share its `motion` and the stances `known`."""
    leans = leans or {}
    motion = motion or Motion(w, sponsor, opponents)
    side = 1 if w.player == sponsor else -1 if w.player in opponents else 0
    names = w.scenario.characters
    known = {} if known is None or leans else known

    def stance_of(m: str) -> float:
        if m not in known:
            known[m] = character_stance(w, m, motion, leans.get(m, 0))
        return known[m]

    out = [(m, names[m].name, 1, round(stance_of(m)), False) for m in w.members(body.id)]
    for b in body.blocs:
        stance = 0.0
        if b.follows and b.follows not in w.dead:
            stance = stance_of(b.follows)
        if b.leans is not None and side:
            stance += side * max(-100, min(100, w.bloc_leaning(body.id, b)))
        out.append((b.id, b.name, b.size, round(stance + leans.get(b.id, 0)), True))
    return out


def stands(w: World, body: Body, sponsor: str, opponents: tuple[str, ...] = (),
           leans: dict[str, float] | None = None, motion: Motion | None = None,
           known: dict[str, float] | None = None) -> tuple[Stand, ...]:
    """Every member and bloc of a counted body, with its stance on the motion (`motion` and `known`: as for
    `_stances`)."""
    firm = firm_threshold(w)
    return tuple(Stand(who, name, size, s, odds(s, firm), bloc=bloc)
                 for who, name, size, s, bloc in _stances(w, body, sponsor, opponents, leans, motion, known))


def whip(w: World, vote: Vote) -> Whip:
    """The count of a staged vote as it stands now (its absent members left out: they do not vote)."""
    counted = stands(w, w.scenario.bodies[vote.body], vote.sponsor, vote.opponents, w.vote_leans(vote))
    if vote.absent:
        counted = tuple(s for s in counted if s.bloc or s.who not in vote.absent)
    return Whip(vote.id, vote.body, vote.motion, counted)


def standing(w: World, body_id: str) -> Whip:
    """The player's standing in a counted body: the count of a motion of the player's own, opposed by no one."""
    return Whip("", body_id, "", stands(w, w.scenario.bodies[body_id], w.player))


def standings(w: World, bodies: Collection[str] | None = None) -> dict[str, Whip]:
    """`standing` in every counted body (or in those of `bodies`), by body: one motion, each character's stance on
    it worked out once."""
    motion, known = Motion(w, w.player, ()), {}
    return {b.id: Whip("", b.id, "", stands(w, b, w.player, motion=motion, known=known))
            for b in w.scenario.bodies.values() if b.support is None and (bodies is None or b.id in bodies)}


def support(w: World) -> float:
    """The player's counted support across every body: in each, the share of its votes to expect for
    a motion of the player's own (a support formula's percentage, for a body that has one), summed."""
    total = 0.0
    firm = firm_threshold(w)
    motion, known = Motion(w, w.player, ()), {}
    for body in w.scenario.bodies.values():
        if body.support is not None:
            total += w.votes(body.id) / 100
            continue
        counted = _stances(w, body, w.player, motion=motion, known=known)
        seats = sum(size for _, _, size, _, _ in counted)
        if seats:
            total += sum(size * odds(s, firm) for _, _, size, s, _ in counted) / seats
    return total


def count(w: World, vote: Vote) -> Tally:
    """Put the motion: firm members vote as they stand, wavering characters at their odds (the seeded
    roll), wavering blocs split by theirs."""
    totals = {FOR: 0, AGAINST: 0, ABSTAIN: 0}
    how = []
    for s in whip(w, vote).stands:
        side = s.side
        if side != WAVERING:
            how.append((s.who, side, s.size))
            totals[side] += s.size
        elif not s.bloc:
            voted = FOR if w.rng.random() < s.odds else s.otherwise
            how.append((s.who, voted, 1))
            totals[voted] += 1
        else:
            n_for, rest = s.split
            if n_for:
                how.append((s.who, FOR, n_for))
                totals[FOR] += n_for
            if rest:
                how.append((s.who, s.otherwise, rest))
                totals[s.otherwise] += rest
    return Tally(vote.id, totals[FOR] > totals[AGAINST], totals[FOR], totals[AGAINST], totals[ABSTAIN], tuple(how))


def tally_record(t: Tally, body: str) -> list[Any]:
    """A tally as a recorded change: ["vote", vote, body, carried|lost, for, against, abstaining,
    [member or bloc, side, votes]...]."""
    return ["vote", t.vote, body, "carried" if t.passed else "lost", t.votes_for, t.against, t.abstain,
            [[who, side, n] for who, side, n in t.how]]
