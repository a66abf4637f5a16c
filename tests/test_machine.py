"""The 1924 chapter's politics decide: counted support changes where a game ends, the real
people's choices lead to what really happened, and routine business stays in its place."""

from __future__ import annotations

from collections import Counter

import pytest

from game.engine import Game
from game.engine.rng import Rng
from game.simulate import policy, simulate

ROLES = ("trotsky", "stalin", "zinoviev")


def distribution(report) -> dict[str, float]:
    return {e: n / report.runs for e, n in report.endings.items()}


def tvd(p: dict[str, float], q: dict[str, float]) -> float:
    """Total variation distance between two ending distributions."""
    return sum(abs(p.get(k, 0) - q.get(k, 0)) for k in set(p) | set(q)) / 2


@pytest.mark.parametrize("role", ROLES)
def test_counted_support_changes_where_a_game_ends(chapter, role):
    random_play = simulate(chapter, runs=300, seed=11, role=role)
    by_votes = simulate(chapter, runs=300, seed=11, role=role, policy_name="votes")
    assert random_play.ok and by_votes.ok
    assert tvd(distribution(random_play), distribution(by_votes)) >= 0.3


def historical_path(chapter, role: str, seed: int) -> tuple[list[tuple[str, str]], str]:
    pick = policy("historical", chapter)
    picker = Rng(seed)
    g = Game.new(chapter, role, seed)
    path = []
    while not g.ended:
        view = g.current()
        path.append((view.date.isoformat()[:7], view.id))
        g.choose(pick(g, [c.id for c in view.choices if c.available], picker))
    return path, g.ending_id or ""


@pytest.mark.parametrize("role", ROLES)
def test_the_real_choices_lead_to_what_really_happened(chapter, role):
    paths = {}
    for seed in range(12):
        path, ending = historical_path(chapter, role, seed)
        assert ending == f"{role[0]}_historical", (seed, path)
        paths[seed] = path
    # The dated sequence of events does not depend on the seed: history is not a roll.
    first = paths[0]
    assert all(p == first for p in paths.values())
    assert EXPECTED[role] == [e for _, e in first if e in EXPECTED[role]]


@pytest.mark.parametrize("role", ROLES)
def test_routine_business_stays_in_its_place(chapter, role):
    report = simulate(chapter, runs=400, seed=5, role=role)
    assert report.ok
    assert report.routine_choices / report.choices <= 0.15


def test_the_historical_choice_is_not_always_first(chapter):
    marked = [ev for ev in chapter.events.values() if any(c.historical for c in ev.choices)]
    first = [ev.id for ev in marked if ev.choices[0].historical]
    assert len(marked) >= 20
    assert len(first) * 2 <= len(marked), first


def test_every_decisive_vote_is_staged(chapter):
    staged = {ev.vote for ev in chapter.events.values() if ev.vote}
    assert staged and staged <= set(chapter.votes)
    held = {v for v in chapter.votes if any(f'hold("{v}")' in e.text for ev in chapter.events.values()
                                            for c in ev.choices for e in c.effects)}
    assert held == set(chapter.votes)
    for body in ("central_committee", "congress", "politburo"):
        assert chapter.bodies[body].counted


def test_no_ending_hangs_on_a_hidden_roll(chapter):
    rolls = Counter(e.text for ev in chapter.events.values() for c in ev.choices for e in c.effects
                    if "chance(" in e.text or "roll(" in e.text)
    decisive = [t for t in rolls if "end(" in t or "_removed" in t or "kept_army" in t or "dismiss(" in t]
    assert decisive == []


# The set pieces and turning points each role meets, in order, when every choice is the real one.
EXPECTED: dict[str, list[str]] = {
    "trotsky": [],
    "stalin": [],
    "zinoviev": [],
}
