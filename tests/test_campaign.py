"""The campaign, 1924-1929: valid, grounded, playable from each chapter, and balanced as written."""

from __future__ import annotations

import pytest

from game.cli import main
from game.scenario import check_scenario, load_scenario
from game.simulate import role_figures, simulate
from tests.conftest import CHAPTER


def test_chapter_validates_cleanly(capsys):
    assert main(["validate", str(CHAPTER)]) == 0
    scenario, diags = check_scenario(str(CHAPTER))
    assert scenario is not None
    assert [str(d) for d in diags] == []          # not even a warning


ROLES = ("trotsky", "stalin", "zinoviev", "kamenev", "bukharin")
CHAPTERS = {"succession": ("1924-01-01", {"trotsky", "stalin", "zinoviev"}),
            "one_country": ("1925-02-01", set(ROLES)),
            "united_opposition": ("1926-04-01", set(ROLES)),
            "platform": ("1927-01-01", set(ROLES)),
            "the_turn": ("1928-01-01", set(ROLES)),
            "great_turn": ("1929-01-01", set(ROLES))}


def test_campaign_shape(chapter):
    assert set(chapter.roles) == set(ROLES)
    assert chapter.start.isoformat() == "1924-01-01" and chapter.end.isoformat() == "1929-12-31"
    assert {ch.id: (ch.start.isoformat(), set(chapter.roles) if ch.roles is None else set(ch.roles))
            for ch in chapter.chapters} == CHAPTERS
    for ev in chapter.events.values():
        assert ev.sources, ev.id
        assert len(ev.choices) >= 1, ev.id
    for en in chapter.endings.values():
        assert en.sources and en.history, en.id
    kinds = {e.kind for e in chapter.endings.values()}
    assert kinds == {"historical", "counterfactual"}


def test_the_campaign_has_its_events_endings_codex_and_timeline(chapter):
    assert len(chapter.events) >= 64 + 250                 # the 1924 chapter had 64
    assert len(chapter.endings) >= 35
    for role in ROLES:
        own = [e.id for e in chapter.endings.values() if e.roles is not None and role in e.roles]
        assert len(own) >= 7, (role, own)
        historical = chapter.endings[f"{role[0]}_historical_1929"]
        assert historical.kind == "historical" and historical.trigger == "end"
        assert historical.chapter in ("", "great_turn")                # checked at the campaign's end
    documents = [c for c in chapter.codex.values() if c.kind == "document"]
    assert len(chapter.codex) >= 100 and len(documents) >= 16
    assert len(chapter.timeline) >= 60
    months = {t.date.isoformat()[:7] for t in chapter.timeline}
    every = {f"{y}-{m:02d}" for y in range(1924, 1930) for m in range(1, 13)}
    assert every <= months, sorted(every - months)


def test_every_event_of_1927_to_1929_is_cited_to_the_periods_sources(chapter):
    late = [e for e in chapter.events.values() if e.earliest.isoformat() >= "1927-01-01"]
    assert len(late) >= 150
    for ev in late:
        assert ev.sources, ev.id
        assert all(ref.source in chapter.sources for ref in ev.sources), ev.id


def test_chapter_keeps_the_period_party_name(chapter):
    texts = []
    for ev in chapter.events.values():
        texts.append(ev.title)
        texts += [p for p in ev.text.parts if isinstance(p, str)]
    for en in chapter.endings.values():
        texts += [en.title, en.history]
    for entry in chapter.codex.values():
        texts.append(entry.text)
    offenders = [t for t in texts if "CPSU" in t and "1952" not in t]
    assert offenders == []


@pytest.fixture(scope="module")
def report(chapter):
    return simulate(chapter, runs=400, seed=1)


def test_simulate_400_runs_of_every_role_no_dead_ends_no_errors(report, chapter):
    assert report.dead_ends == {} and report.errors == {}


def test_simulate_is_reproducible(chapter):
    first, again = (simulate(chapter, runs=100, seed=1).as_dict() for _ in range(2))
    for d in (again, first):
        d.pop("seconds"), d.pop("choices_per_second")
    assert again == first


@pytest.mark.parametrize("role", ROLES)
def test_plain_play_of_the_campaign_reaches_an_ending(role):
    import subprocess
    import sys

    from tests.conftest import ROOT
    proc = subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--role", role, "--seed", "1"],
                          input="1\n2\n3\n4\n" * 250, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    first = "January 1924 | turn 1" if role in CHAPTERS["succession"][1] else "February 1925 | turn 14"
    assert f"== {first} |" in proc.stdout
    assert "=== THE END: " in proc.stdout and "What really happened:" in proc.stdout
    assert "Traceback" not in proc.stderr


# --- The political machine in the chapter (issue 12) -------------------------------------

# The set pieces each role meets when every choice is the real one, by month, from 1924 (or 1925,
# where the role begins) to the end of 1929, and how their counts come out: in 1924 the conference
# and the congress condemn the Opposition, the plenum keeps Stalin, the January plenum takes the
# army but not Trotsky's Politburo seat; in 1925 the split in the open and the 14th Congress carry
# the majority's line; in 1926 the plenums remove Zinoviev in July and Trotsky in October, and the
# 15th Conference condemns the bloc; in 1927 the April plenum keeps the China line, the August
# plenum gives the last warning, the October plenum expels Trotsky and Zinoviev from the Central
# Committee and the joint session of November from the party, and the 15th Congress declares the
# Opposition's views incompatible with membership; in 1928 the plenums of July and November keep the
# peace and then name the right deviation, and Zinoviev and Kamenev are readmitted; in 1929 the
# Politburo deports Trotsky, condemns the Bukharin group, and the plenums of April and November
# remove Bukharin from his posts. (Trotsky, ill and on his way south, meets the 1924 conference's
# verdict as news, not as a count; a Trotsky who keeps to the record is silent at the 14th
# Congress, whose vote he meets but does not move, and his motions of 1927 are lost.)
HISTORICAL_SET_PIECES = {
    "trotsky": ([("1924-05", "t_may_plenum"), ("1924-05", "t_thirteenth_congress"),
                 ("1925-01", "t_letter_15_january"), ("1925-01", "t_january_plenum"),
                 ("1925-12", "t25_fourteenth_congress"), ("1926-04", "t26_april_plenum"),
                 ("1926-07", "t26_july_plenum"), ("1926-10", "t26_october_plenum"),
                 ("1926-11", "t26_fifteenth_conference"),
                 ("1927-04", "t27_april_plenum"), ("1927-08", "t27_last_warning"), ("1927-10", "t27_october_plenum"),
                 ("1927-11", "t27_joint_session"), ("1929-01", "t29_politburo_decides")],
                {"congress_verdict": True, "remove_trotsky_away": False, "t_v_congress14": True, "t_v_april": False,
                 "t_v_july": True, "t_v_october": True, "t_v_conf15": True, "t_v27_china": False,
                 "t_v27_warning": False, "t_v27_october": True, "t_v27_expulsion": True, "t_v29_deport": True}),
    "stalin": ([("1924-01", "s_conference_verdict"), ("1924-05", "s_may_plenum"),
                ("1924-05", "s_thirteenth_congress"), ("1925-01", "s_january_plenum"),
                ("1925-10", "s_autumn_plenum"), ("1925-11", "s_curb_secretary"), ("1925-12", "s_one_man_leadership"),
                ("1926-04", "s_april_plenum"), ("1926-07", "s_july_plenum"), ("1926-10", "s_october_plenum"),
                ("1926-11", "s_fifteenth_conference"),
                ("1927-04", "s27_april_plenum"), ("1927-08", "s27_august_plenum"), ("1927-10", "s27_october_plenum"),
                ("1927-11", "s27_joint_session"), ("1927-12", "s27_congress"), ("1928-07", "s28_july_plenum"),
                ("1928-11", "s28_november_plenum"), ("1929-01", "s29_deportation"), ("1929-04", "s29_april_plenum"),
                ("1929-11", "s29_november_plenum")],
               {"conference_verdict": True, "keep_gensec": True, "congress_verdict": True,
                "remove_trotsky_s": False, "s_peasant_line": True, "s_curb_gensec": False, "s_congress_line": True,
                "s_april_line": True, "s_remove_zinoviev": True, "s_remove_trotsky": True, "s_opposition_bloc": True,
                "s27_china_line": True, "s27_last_warning": True, "s27_out_of_cc": True, "s27_out_of_party": True,
                "s27_incompatible": True, "s28_july": True, "s28_deviation": True, "s29_deport": True,
                "s29_april": True, "s29_remove_bukharin": True}),
    "zinoviev": ([("1924-01", "z_conference_verdict"), ("1924-05", "z_may_plenum"),
                  ("1924-05", "z_thirteenth_congress"), ("1925-01", "z_january_plenum"),
                  ("1925-04", "z_comintern_theses"), ("1925-10", "z_october_plenum_1925"), ("1925-12", "z_co_report"),
                  ("1926-04", "z_april_plenum"), ("1926-07", "z_july_plenum"), ("1926-10", "z_october_plenum_1926"),
                  ("1926-10", "z_fifteenth_conference"),
                  ("1927-08", "z27_august_plenum"), ("1927-10", "z27_october_plenum"), ("1927-11", "z27_joint_session"),
                  ("1927-12", "z27_fifteenth_congress"), ("1928-06", "z28_readmission"), ("1929-12", "z29_ask_for_work")],
                 {"conference_verdict": True, "decline_resignation": True, "congress_verdict": True,
                  "remove_trotsky_z": False, "z_c14_report": True, "z_apr26_amendments": False, "z_remove_z": True,
                  "z_comintern_unfit": True, "z_c15_bloc": True, "z27_last_warning": True, "z27_out_of_cc": True,
                  "z27_expel": True, "z27_congress_line": True, "z28_readmit": True}),
    "kamenev": ([("1925-12", "k_fourteenth_congress"), ("1926-07", "k_july_plenum"), ("1926-10", "k_october_plenum"),
                 ("1927-11", "k27_joint_session"), ("1927-12", "k27_congress"), ("1929-02", "k29_bukharin_group")],
                {"k_congress_report": True, "k_july_plenum": True, "k_october_plenum": True, "k27_cc_expulsion": True,
                 "k27_congress_expulsion": True, "k29_bukharin_group": True}),
    "bukharin": ([("1925-10", "b_autumn_plenum"), ("1925-12", "b_congress"), ("1926-07", "b_july_plenum"),
                  ("1926-10", "b_october_plenum"), ("1926-11", "b_conference_15"), ("1926-12", "b_check"),
                  ("1927-04", "b27_april_plenum"), ("1927-08", "b27_august_plenum"), ("1927-10", "b27_october_plenum"),
                  ("1927-12", "b27_congress"), ("1928-07", "b28_july_plenum"), ("1928-11", "b28_november_plenum"),
                  ("1929-01", "b29_deportation"), ("1929-04", "b29_april_plenum"), ("1929-11", "b29_november_plenum")],
                 {"b_autumn_line": True, "b_congress_line": True, "b_zinoviev_out": True, "b_trotsky_out": True,
                  "b_conference_line": True, "b27_china_line": True, "b27_warning": True, "b27_out_of_cc": True,
                  "b27_congress": True, "b28_july_line": True, "b28_right_deviation": True, "b29_deport": True,
                  "b29_april": True, "b29_out": True}),
}
# A motion of the Politburo alone (seven to nine votes) is close by nature; the others are not
# close calls that a waverer's roll could turn.


@pytest.mark.parametrize("role", sorted(HISTORICAL_SET_PIECES))
def test_the_real_choices_meet_the_set_pieces_and_the_counts_come_out_as_they_did(chapter, role):
    """The historical path: the set pieces the record has, their results, the offices at the end of each chapter as
    the record has them, and the historical ending."""
    from game.engine import Game
    from game.engine.rng import Rng
    from game.simulate import policy

    pieces, results = HISTORICAL_SET_PIECES[role]
    pick = policy("historical", chapter)
    for seed in range(8):
        g, picker, staged = Game.new(chapter, role, seed), Rng(seed), []
        while not g.ended:
            # Every chapter ends with the offices as the record has them.
            summary = g.chapter_summary()
            assert summary is None or summary.differences == (), (seed, summary.title, summary.differences)
            g.close_chapter()
            view = g.current()
            if chapter.events[view.id].vote:
                staged.append((view.date.isoformat()[:7], view.id))
            g.choose(pick(g, [c.id for c in view.choices if c.available], picker))
        assert staged == pieces, seed
        assert {v: r["passed"] for v, r in g.results.items()} == results, seed
        assert g.ending_id == f"{role[0]}_historical_1929", seed
        close = {v: r for v, r in g.results.items()
                 if abs(r["for"] - r["against"]) < 10 and chapter.votes[v].body != "politburo"}
        assert close == {}, seed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("start", ["one_country", "united_opposition", "platform", "the_turn", "great_turn"])
def test_the_historical_path_from_each_chapter_reaches_the_historical_ending(chapter, role, start):
    report = simulate(chapter, 8, 0, role, "historical", chapter=start)
    assert dict(report.endings) == {f"{role[0]}_historical_1929": 8}


@pytest.mark.parametrize("role", ROLES)
def test_no_one_sits_in_the_politburo_as_member_and_candidate_at_once(chapter, role):
    """Whoever a choice makes a full member of the Politburo stops being a candidate, on every path random play
    takes (a member still listed as a candidate shows in the chapter's summary as a departure from the record)."""
    from game.engine import Game
    from game.engine.rng import Rng
    for seed in range(25):
        game, pick = Game.new(chapter, role, seed), Rng(seed)
        while game.status == "event":
            opened = [c for c in game.current().choices if c.available]
            choice = opened[pick.randint(0, len(opened) - 1)]
            game.choose(choice.id)
            both = set(game.offices["politburo_member"]) & set(game.offices["politburo_candidate"])
            assert not both, (seed, game.journal[-1]["event"], choice.id, both)


def test_the_bodies_are_counted_in_numbers_the_record_allows(chapter):
    game = __import__("game.engine", fromlist=["Game"]).Game.new(chapter, "stalin", 1)
    assert 48 <= game.seats("central_committee") <= 56          # about fifty full members
    assert game.seats("congress") == 100                          # a hundred seats for ~750 delegates
    for body in ("central_committee", "congress"):
        assert chapter.bodies[body].support is None and chapter.bodies[body].blocs
        assert "estimate" in chapter.bodies[body].description


def test_a_lobbied_kamenev_can_carry_the_testament_into_the_congress_hall(chapter):
    """The levers the player pulls before May move the count: without them Trotsky's motion to
    read Lenin's letter in session is lost; with Krupskaya, Kamenev and the moderates won, it can pass."""
    from game.engine import Game

    g = Game.new(chapter, "trotsky", 1)
    g.dies("lenin")
    before = g.whip_count("testament_open")
    g.set_flag("krupskaya_contact", True)
    g.set_flag("testament_warning", True)
    g.set_flag("kamenev_wavers", True)
    g.rel["kamenev"] = -10
    g.rel["rykov"] = -10
    g.cool("kamenev", "stalin", 10)
    after = g.whip_count("testament_open")
    assert before.expected * 2 < before.seats
    assert after.expected > before.expected + 8
    assert after.firm("against") * 2 < after.seats


def test_a_kamenev_who_signs_late_from_exile_waits_months_to_be_readmitted(chapter):
    """Kamenev refuses to sign in December 1927 and signs from exile in the summer: he is readmitted months later,
    as Zinoviev waited months after his own statement, and the Commission's scene says so."""
    from game.engine import Game

    g = Game.new(chapter, "kamenev", 0)
    signed = None
    while not g.ended:
        g.close_chapter()
        view = g.current()
        opened = [c.id for c in view.choices if c.available]
        if view.id == "k28_readmission":
            assert signed is not None and (view.date.year, view.date.month) >= (signed.year, signed.month + 2)
            assert "In the autumn the Control Commission readmits you" in view.text
        wanted = {"k27_capitulation": "refuse_to_sign", "k28_exile_offer": "sign_late"}.get(view.id)
        historical = [c.id for c in chapter.events[view.id].choices if c.historical and c.id in opened]
        pick = wanted if wanted in opened else (historical or opened)[0]
        if pick == "sign_late":
            signed = view.date
        g.choose(pick)
    assert signed is not None and g.flags["zk_readmitted"]


def starts_of(chapter):
    """Each (role, chapter) the campaign's balance is written to: the role's first start, and every
    later chapter it plays."""
    out = []
    for role in ROLES:
        first = chapter.first_chapter(role)
        out.append((role, None))
        out += [(role, ch.id) for ch in chapter.chapters if ch.plays(role) and ch is not first]
    return out


RUNS = 150
MORE_RUNS = 1000


def judged(whole):
    """Whether 150 runs' figures are enough to judge by: none of them misses its bound. Where one does, the
    figures are of 1000 runs (the first 150 among them). On 150 runs an ending's share is known to within
    about 4 points either way, and the median length to within a dozen choices or more, since games end
    either early, in 1925-1927, or late, in 1929, and the median lies near the gap between them: a figure
    that near its bound is told from a real miss on more runs. `whole`: the game is begun in 1924, and its
    median length counts."""
    return lambda f: (0.15 <= f["historical_share"] <= 0.6 and f["top_share"] <= 0.6
                      and (not whole or f["median_length"] >= 150))


@pytest.mark.parametrize("role, start", starts_of(load_scenario(str(CHAPTER))),
                         ids=lambda x: x or "start")
def test_random_play_from_each_start_meets_the_campaigns_balance(chapter, role, start):
    """The issue's figures, on 150 runs, or 1000 where a share or the median length misses its bound on 150
    (benchmarks/campaign_balance gives them on 5000): no dead ends or errors, most of the role's events
    reached, little routine, the historical ending neither rare nor certain, no ending dominant, counted
    votes deciding where games end, and chapters long enough to play: at least 20 choices in each, and a
    median of 150 in a game begun in 1924."""
    whole = start is None and chapter.first_chapter(role) is chapter.chapters[0]
    f = role_figures(chapter, role, start, RUNS, votes_runs=40, history_runs=10, more_runs=MORE_RUNS,
                     enough=judged(whole))
    assert f["dead_ends"] == 0 and f["errors"] == 0
    assert f["events_share"] >= 0.9, f["events_reached"]
    assert f["routine_share"] <= 0.15
    assert 0.15 <= f["historical_share"] <= 0.6, f["endings"]
    assert f["top_share"] <= 0.6, f["endings"]
    assert f["historical_policy"] == {f["historical_ending"]: 10}
    assert f["votes_distance"] >= 0.3, f["endings"]
    assert all(m >= 20 for m in f["chapter_medians"].values()), f["chapter_medians"]
    if whole:
        assert f["median_length"] >= 150


@pytest.mark.parametrize("october, november, said", [
    ("vote_trotsky_out", "vote_expulsion",
     "voted with the majority when Trotsky was put out of the Central Committee, voted for his expulsion"),
    ("vote_against_expulsion", "abstain_expulsion",
     "voted, nearly alone, against putting Trotsky out of the Central Committee, abstained when he was expelled"),
    (None, None, "in time, and kept your card"),
])
def test_zinovievs_survivor_ending_tells_how_he_voted_on_trotsky(chapter, october, november, said):
    """The ending of a Zinoviev never expelled says how he voted when Trotsky was put out, as he did vote."""
    from game.engine import Game
    from game.engine.game import format_value
    from game.prose import reflow
    game = Game.new(chapter, "zinoviev", 1)
    for event, choice in (("z27_october_outside", october), ("z27_expulsion_outside", november)):
        if choice:
            game.chosen.add((event, choice))
    text = " ".join(reflow(chapter.endings["z_loyal_survivor"].text.render(game, format_value)).split())
    assert said in text, text


def test_bukharin_meets_the_platform_of_1927_once(chapter):
    """Bukharin decides on printing the Opposition's platform in his own event; the world's account of the same
    session, and of a secret press his printing made needless, do not follow it."""
    from game.engine import Game
    from game.engine.rng import Rng
    for seed in range(20):
        game, pick, met = Game.new(chapter, "bukharin", seed, "platform"), Rng(seed), set()
        while game.status == "event" and game.date.year < 1928:
            view = game.current()
            opened = [c for c in view.choices if c.available]
            game.choose(opened[pick.randint(0, len(opened) - 1)].id)
            met.add(view.id)
        assert not {"b27_platform", "w27_platform_news"} <= met, seed
        if game.chose("b27_platform", "print_with_a_reply"):
            assert "w27_press_news" not in met, seed


def test_moving_the_april_amendments_jointly_makes_a_bloc_that_votes_together(chapter):
    """Trotsky who moves the April 1926 amendments with Zinoviev and Kamenev has them in the bloc after the vote,
    and Zinoviev, who moved them, votes for them, however the three stood before."""
    from game.engine import Game
    data = Game.new(chapter, "trotsky", 7, "united_opposition").snapshot()
    data["current"] = "t26_april_plenum"
    data["rel"]["zinoviev"], data["rel"]["kamenev"] = -100, -60
    game = Game.restore(chapter, data)
    game.choose("move_jointly")
    assert {"trotsky", "zinoviev", "kamenev"} <= set(game.factions["united_opposition"])
    vote = next(c for c in game.journal[-1]["changes"] if c[0] == "vote")
    assert ["zinoviev", "for", 1] in [list(h) for h in vote[7]], vote
