"""The campaign's politics decide: counted support changes where a game ends, the real people's
choices lead to what really happened. (Routine business staying in its place, and counted support
changing where games end, are measured from every start in tests/test_campaign.py.)"""

from __future__ import annotations

from collections import Counter

import pytest

from game.engine import Game
from game.engine.rng import Rng
from game.simulate import policy

ROLES = ("trotsky", "stalin", "zinoviev")
ALL_ROLES = (*ROLES, "kamenev", "bukharin")


def historical_path(chapter, role: str, seed: int) -> tuple[list[tuple[str, str]], str]:
    pick = policy("historical", chapter)
    picker = Rng(seed)
    g = Game.new(chapter, role, seed)
    path = []
    while not g.ended:
        view = g.current()
        if not chapter.events[view.id].routine:
            path.append((view.date.isoformat()[:7], view.id))
        g.choose(pick(g, [c.id for c in view.choices if c.available], picker))
    return path, g.ending_id or ""


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_real_choices_lead_to_what_really_happened(chapter, role):
    paths = {}
    for seed in range(12):
        path, ending = historical_path(chapter, role, seed)
        assert ending == f"{role[0]}_historical_{chapter.end.year}", (seed, path)
        paths[seed] = path
    # The dated sequence of 1924 does not depend on the seed: history is not a roll.
    if role in EXPECTED:
        assert all([p for p in path if p[0] < "1925-02"] == EXPECTED[role] for path in paths.values())
    # Nor do the role's own scenes met after it, but for those whose window is spread over several
    # months (which may come in a month too full for them). The world's news may be crowded out of a
    # full month, or follow a choice the real man never faced.
    def own(e: str) -> bool:
        ev = chapter.events[e]
        return ev.spread == "first" and ev.roles == frozenset({role})
    fixed = {frozenset(e for _, e in path if own(e)) for path in paths.values()}
    assert len(fixed) == 1, [sorted(x) for x in fixed]
    assert len(next(iter(fixed))) >= 40


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


# The dated sequence of events of 1924 (routine business aside) each role meets when every choice is
# the real one: the same for every seed.
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "trotsky": [
        ("1924-01", "t_conference_verdict"), ("1924-01", "t_telegram_at_tiflis"), ("1924-02", "rykov_premier"),
        ("1924-02", "t_empty_place"), ("1924-02", "t_sukhum"), ("1924-03", "t_enrolment"),
        ("1924-03", "t_krupskaya_letter"), ("1924-04", "t_court_kamenev"), ("1924-04", "t_revvoensovet"),
        ("1924-05", "t_may_plenum"), ("1924-05", "t_thirteenth_congress"), ("1924-06", "new_politburo"),
        ("1924-06", "t_closed_doors"), ("1924-06", "t_opposition_friends"),
        ("1924-07", "r_stalin_courts_right"), ("1924-07", "r_bukharin_smychka"),
        ("1924-07", "r_leningrad_grievance"), ("1924-08", "t_moscow_committee"), ("1924-09", "t_lessons_of_october"),
        ("1924-11", "t_literary_discussion"), ("1924-11", "r_friends_urge"), ("1924-12", "t_one_country"),
        ("1925-01", "t_letter_15_january"), ("1925-01", "t_january_plenum"),
    ],
    "stalin": [
        ("1924-01", "s_conference_verdict"), ("1924-01", "s_death_at_gorki"), ("1924-01", "s_funeral"),
        ("1924-02", "rykov_premier"), ("1924-02", "s_enrolment"), ("1924-03", "r_political_report"),
        ("1924-03", "s_army_cadres"), ("1924-04", "s_foundations"), ("1924-05", "s_may_plenum"),
        ("1924-05", "s_saved"), ("1924-05", "s_thirteenth_congress"), ("1924-06", "new_politburo"),
        ("1924-06", "s_the_seven"), ("1924-07", "r_zinoviev_and_the_seven"),
        ("1924-07", "s_zinoviev_leningrad"), ("1924-07", "r_bukharin_smychka"),
        ("1924-08", "s_moscow_secretary"), ("1924-08", "r_army_before_winter"), ("1924-09", "r_kamenev_moscow"),
        ("1924-10", "s_lessons_answer"), ("1924-11", "r_trotsky_silent"), ("1924-12", "s_one_country"),
        ("1925-01", "s_trotsky_letter"), ("1925-01", "r_leningrad_demands"), ("1925-01", "s_january_plenum"),
    ],
    "zinoviev": [
        ("1924-01", "z_conference_verdict"), ("1924-01", "z_lenin_dies_leningrad"),
        ("1924-02", "rykov_premier"), ("1924-02", "z_enrolment"), ("1924-03", "z_frunze"),
        ("1924-04", "r_foundations_lectures"), ("1924-05", "z_may_plenum"),
        ("1924-05", "z_thirteenth_congress"), ("1924-06", "new_politburo"), ("1924-06", "z_the_seven"),
        ("1924-07", "z_krupskaya"), ("1924-07", "r_stalin_courts_right"), ("1924-07", "r_bukharin_smychka"),
        ("1924-08", "z_moscow_committee"),
        ("1924-08", "r_secretariat_in_leningrad"), ("1924-08", "r_kamenev_counsel"),
        ("1924-10", "z_lessons_of_october"), ("1924-11", "r_trotsky_silent"), ("1924-12", "z_one_country"),
        ("1925-01", "z_trotsky_letter"), ("1925-01", "r_no_cutting_off"), ("1925-01", "z_january_plenum"),
    ],
}
