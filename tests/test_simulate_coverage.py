"""`simulate`: coverage counted per role, the balance of numbers and tests, votes, and the search for endings never reached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game
from game.scenario import load_scenario
from game.scenario.expressions import BOOL, NUM, Symbols, compile_expression, thresholds
from game.simulate import Distribution, ending_distance, ending_shares, format_report, never_holds, role_figures, simulate
from tests.conftest import mini_variant, scenario_files

CLUB_MANIFEST = """\
id: club
title: A Club
version: 1
description: Two members, one motion.
start: 1924-01
end: 1924-03
roles:
  - {id: a, name: Player A, character: a, bio: The sponsor.}
  - {id: b, name: Player B, character: b, bio: The opponent.}
sources:
  - {id: notes, title: Notes}
"""

# Role a either canvasses (prestige 90: the staff vote for the motion, which carries) or sulks (prestige 10:
# the staff vote against, and it falls); then the motion is put. Role b only reads the news.
CLUB = """\
stats:
  - {id: prestige, name: Prestige, default: 50}
offices:
  - {id: seat, name: Board member}
characters:
  - {id: a, name: Anna, offices: [{office: seat}]}
  - {id: b, name: Boris, offices: [{office: seat}]}
  - {id: c, name: Clara, offices: [{office: seat}], relationship: {a: 25, b: 0}}
bodies:
  - id: board
    name: The board
    members: seat
    blocs:
      - {id: staff, name: The staff, size: 4, leans: "prestige - 50"}
votes:
  - {id: motion, body: board, motion: That the board adopt the plan., sponsor: a, opponents: [b]}
events:
  - id: prep
    title: Preparations
    earliest: 1924-01
    latest: 1924-01
    roles: [a]
    sources: [notes]
    text: The board will meet.
    choices:
      - {id: boost, text: Canvass., effects: ["prestige = 90", "rel.c += 5"]}
      - {id: sink, text: Sulk., effects: ["prestige = 10"]}
  - id: news
    title: News
    earliest: 1924-01
    latest: 1924-01
    sources: [notes]
    text: The papers are out.
    choices:
      - {id: read, text: Read them.}
      - {id: leak, text: Leak a story., roles: [b]}
  - id: meeting
    title: The Meeting
    earliest: 1924-02
    latest: 1924-02
    roles: [a]
    sources: [notes]
    text: The board meets.
    choices:
      - {id: put, text: Put the motion., effects: ['hold("motion")']}
      - {id: press, text: Press it., condition: "prestige >= 50", unavailable: Nobody listens., effects: ['hold("motion")']}
  - id: rumour
    title: A Rumour
    earliest: 1924-02
    latest: 1924-03
    roles: [a]
    condition: "prestige >= 50"
    sources: [notes]
    text: They say you will carry it.
    choices:
      - {id: shrug, text: Shrug.}
endings:
  - {id: done, title: Done, kind: historical, text: It is done., history: So it was., sources: [notes]}
"""

SECRET_MANIFEST = """\
id: secret
title: A Secret
version: 1
description: Six turns, four doors each.
start: 1924-01
end: 1924-06
roles:
  - {id: p, name: Player, character: p, bio: The one who looks., start: {flags: {blessed: false}}}
sources:
  - {id: notes, title: Notes}
"""


def _secret() -> str:
    events = []
    for i in range(1, 7):
        events.append(f"""\
  - id: door{i}
    title: Door {i}
    earliest: 1924-0{i}
    latest: 1924-0{i}
    sources: [notes]
    text: Four doors.
    choices:
      - {{id: d1, text: One., effects: ["s += 1"]}}
      - {{id: d2, text: Two.}}
      - {{id: d3, text: Three.}}
      - {{id: d4, text: Four., effects: ["flags.k{i} = true"]}}
""")
    keys = " and ".join(f"flags.k{i}" for i in range(1, 7))
    return f"""\
stats:
  - {{id: s, name: Steps, default: 0}}
characters:
  - {{id: p, name: Pavel}}
events:
{''.join(events)}endings:
  - {{id: hidden, title: Hidden, kind: counterfactual, priority: 10, condition: "{keys}",
     text: Found., history: None., sources: [notes]}}
  - {{id: beyond, title: Beyond, kind: counterfactual, priority: 5, condition: "s > 100",
     text: Too far., history: None., sources: [notes]}}
  - {{id: blessed, title: Blessed, kind: counterfactual, priority: 4, condition: "flags.blessed",
     text: Born lucky., history: None., sources: [notes]}}
  - {{id: plain, title: Plain, kind: historical, text: Nothing found., history: None., sources: [notes]}}
  - {{id: after, title: After, kind: counterfactual, priority: -1, condition: "s >= 0",
     text: Never., history: None., sources: [notes]}}
"""


@pytest.fixture
def club(tmp_path: Path):
    return load_scenario(str(scenario_files(tmp_path, "club", CLUB_MANIFEST, CLUB)))


@pytest.fixture
def secret(tmp_path: Path):
    return load_scenario(str(scenario_files(tmp_path, "secret", SECRET_MANIFEST, _secret())))


def test_a_run_counts_only_for_the_role_it_plays(club):
    report = simulate(club, 200, seed=2)
    a, b = report.roles["a"], report.roles["b"]
    assert a.runs == b.runs == 100
    assert ("news", "leak") not in a.all_choices and ("news", "leak") in b.all_choices
    assert a.choices[("news", "leak")] == 0 and 0 < b.choices[("news", "leak")] < 100
    assert "prep" not in b.all_events and b.events["prep"] == 0 and a.events["prep"] == 100
    assert b.choices[("news", "read")] + b.choices[("news", "leak")] == 100
    d = report.as_dict()["roles"]
    assert "news.leak" not in d["a"]["choices"] and d["b"]["choices"]["news.leak"] == b.choices[("news", "leak")]


def test_hit_counts_add_up(club, tmp_path):
    report = simulate(club, 120, seed=5)
    for rr in report.roles.values():
        first = rr.all_events[0]
        assert rr.events[first] == rr.runs            # every run meets its first event
        assert sum(rr.endings.values()) == rr.runs - rr.dead_ends - rr.errors
    a = report.roles["a"]
    assert a.choices[("prep", "boost")] + a.choices[("prep", "sink")] == a.runs
    stuck = load_scenario(str(mini_variant(tmp_path, "stuck", "  - id: quiet\n",
                                           "  - id: quiet\n    condition: \"prestige > 1000\"\n")))
    report = simulate(stuck, 60, seed=0)
    dead = sum(p.count for p in report.dead_ends.values())
    assert dead > 0
    assert sum(rr.dead_ends for rr in report.roles.values()) == dead
    assert sum(sum(rr.endings.values()) for rr in report.roles.values()) == 60 - dead


def test_two_events_of_one_title_in_one_game_are_reported(mini, tmp_path):
    report = simulate(mini, 40, seed=0)
    assert report.repeats == {} and "met twice" not in format_report(report)
    twice = load_scenario(str(mini_variant(tmp_path, "twice", "    title: The Follow-up\n", "    title: The Opening\n")))
    report = simulate(twice, 40, seed=0)
    [(message, problem)] = report.repeats.items()
    assert message == "'The Opening': event opening, then event followup in the same month"
    assert problem.count == sum(rr.events["followup"] for rr in report.roles.values()) > 0    # every run meets the opening
    assert report.ok                                # a story told twice is not a fault of play
    text = format_report(report)
    assert f"Titles met twice in one game: 1\n  {message} ({problem.count}x; reproduce: simulate --runs 1 --seed " \
           f"{problem.seed} --role {problem.role})" in text
    assert report.as_dict()["titles_met_twice"] == [problem.as_dict()]


def test_percentiles_are_the_values_that_share_of_runs_are_at_or_below():
    assert Distribution.of(list(range(1, 11))) == Distribution(10, 1, 1, 5, 9, 10)
    assert Distribution.of([90] * 7 + [10] * 3) == Distribution(10, 10, 10, 90, 90, 90)
    assert Distribution.of([90] * 9 + [10]) == Distribution(10, 10, 10, 90, 90, 90)
    assert Distribution.of([90] * 91 + [10] * 9) == Distribution(100, 10, 90, 90, 90, 90)


def test_the_balance_follows_each_number_turn_by_turn(club):
    canvassing = simulate(club, 30, seed=1, role="a", policy_name="first", balance=True).roles["a"].balance()
    sulking = simulate(club, 30, seed=1, role="a", policy_name="last", balance=True).roles["a"].balance()
    assert [(m, d.as_dict()) for m, d in canvassing["prestige"]] == [
        ("1924-01-01", {"n": 30, "min": 50, "p10": 50, "median": 50, "p90": 50, "max": 50}),
        ("1924-02-01", {"n": 30, "min": 90, "p10": 90, "median": 90, "p90": 90, "max": 90}),
        ("1924-03-01", {"n": 30, "min": 90, "p10": 90, "median": 90, "p90": 90, "max": 90})]
    assert [d.median for _, d in canvassing["rel.c"]] == [25, 30, 30]
    assert [d.max for _, d in sulking["prestige"]] == [50, 10, 10]
    assert "rel.a" not in canvassing                 # the player's own character is left out
    mixed = simulate(club, 40, seed=3, role="a", balance=True).roles["a"]
    boosts = mixed.choices[("prep", "boost")]
    february = mixed.balance()["prestige"][1][1]
    assert 0 < boosts < 40 and february.n == 40 and february.min == 10 and february.max == 90
    assert sorted(v[0] for v in mixed.rows[2]) == [10] * (40 - boosts) + [90] * boosts


def test_a_thresholds_pass_share_is_counted_where_it_is_tested(club):
    rr = simulate(club, 80, seed=4, role="a", balance=True).roles["a"]
    check = next(c for c in rr.checks if c.where == "choice meeting.press")
    assert check.text == "prestige >= 50"
    assert check.tested == 80                                  # the meeting comes in every run
    assert check.passed == rr.choices[("prep", "boost")]       # only a canvasser's prestige reaches 50
    assert 0 < check.passed < 80
    rumour = next(c for c in rr.checks if c.where == "event rumour")
    assert rumour.text == "prestige >= 50"
    assert rumour.tested == 80 and rumour.passed == rr.choices[("prep", "boost")] == rr.events["rumour"]


def test_a_votes_carry_rate_follows_from_the_choices(club):
    report = simulate(club, 80, seed=6, balance=True)
    a, b = report.roles["a"], report.roles["b"]
    assert a.held["motion"] == 40                              # every run of a puts the motion
    assert a.carried["motion"] == a.choices[("prep", "boost")]  # and it carries when the staff are won
    assert b.held["motion"] == 0
    assert a.votes == ["motion"] and b.votes == []              # the votes each role's choices can hold
    d = report.as_dict()["roles"]["a"]["votes"]
    assert d == {"motion": {"held": 40, "carried": a.choices[("prep", "boost")]}}


def test_an_ending_random_play_misses_is_found_and_its_path_replays(secret):
    report = simulate(secret, 40, seed=7, search=20_000)
    assert "hidden" not in report.endings
    search = next(s for s in report.searches if s.ending == "hidden")
    assert search.path is not None and search.role == "p" and search.seed == 7
    assert [(e, c) for _, e, c in search.path] == [(f"door{i}", "d4") for i in range(1, 7)]
    assert search.states < 20_000
    game = Game.new(secret, "p", search.seed)
    for _, _, choice in search.path:
        game.choose(choice)
    assert game.ending_id == "hidden"
    again = simulate(secret, 40, seed=7, search=20_000)
    assert [s.as_dict() for s in again.searches] == [s.as_dict() for s in report.searches]


def test_an_ending_that_can_never_hold_is_reported_unreachable(secret):
    report = simulate(secret, 40, seed=7, search=20_000)
    by_id = {s.ending: s for s in report.searches}
    assert by_id["beyond"].unreachable == "it needs 's > 100', which no value of s from 0 to 100 meets"
    assert by_id["beyond"].path is None and by_id["beyond"].states == 0
    assert by_id["after"].unreachable == "ending 'plain' always holds and is tested before it"
    assert by_id["blessed"].unreachable == "it needs 'flags.blessed', which never holds for role 'p'"
    assert never_holds(secret, "hidden", "p") == ""
    small = simulate(secret, 40, seed=7, search=3)
    hidden = next(s for s in small.searches if s.ending == "hidden")
    assert hidden.path is None and not hidden.unreachable and hidden.states == 3


def test_a_stat_too_wide_to_try_value_by_value_proves_nothing(tmp_path):
    content = _secret().replace("endings:\n", "endings:\n  - {id: vast, title: Vast, kind: historical, "
                                               "condition: 'wide > 999999999', text: Vast., history: None., "
                                               "sources: [notes]}\n")
    content = content.replace("stats:\n", "stats:\n  - {id: wide, name: Wide, default: 0, max: 1000000000}\n")
    scenario = load_scenario(str(scenario_files(tmp_path, "vast", SECRET_MANIFEST, content)))
    assert never_holds(scenario, "vast", "p") == ""         # a billion values are not tried one by one
    vast = next(s for s in simulate(scenario, 5, seed=1, search=20).searches if s.ending == "vast")
    assert vast.path is None and not vast.unreachable and vast.states == 20


def test_an_events_condition_is_tested_as_it_stood_when_the_turn_picked(club, tmp_path):
    # The rumour's condition reads whether it has come: at the pick it has not, so that test never passes.
    folder = scenario_files(tmp_path, "club", CLUB_MANIFEST,
                            CLUB.replace('condition: "prestige >= 50"\n    sources', 'condition: \'prestige >= 50 and '
                                         'not met("rumour")\'\n    sources'))
    rr = simulate(load_scenario(str(folder)), 80, seed=4, role="a", balance=True).roles["a"]
    came = next(c for c in rr.checks if c.where == "event rumour" and c.text == 'met("rumour")')
    assert rr.events["rumour"] > 0
    assert came.passed == 0 and came.tested >= rr.events["rumour"]


def test_a_flag_set_inside_an_effect_block_is_one_that_may_change(tmp_path):
    content = _secret().replace("      - {id: d2, text: Two.}\n",
                                "      - {id: d2, text: Two., effects: [{if: 's > 2', then: ['flags.blessed = true']}]}\n", 1)
    scenario = load_scenario(str(scenario_files(tmp_path, "blocks", SECRET_MANIFEST, content)))
    assert never_holds(scenario, "blessed", "p") == ""          # not proven: a choice may set the flag


def test_an_ending_for_no_role_is_unreachable(tmp_path):
    content = _secret().replace("endings:\n", "endings:\n  - {id: nobody, title: Nobody, kind: historical, roles: [], "
                                               "text: None., history: None., sources: [notes]}\n")
    scenario = load_scenario(str(scenario_files(tmp_path, "nobody", SECRET_MANIFEST, content)))
    report = simulate(scenario, 10, seed=1, search=100)
    assert "nobody" in report.as_dict()["endings_never_reached"]
    nobody = next(s for s in report.searches if s.ending == "nobody")
    assert nobody.unreachable == "it is the ending of no role (its 'roles' is empty)" and nobody.roles == []


def test_the_text_shows_the_search_the_coverage_and_the_balance(secret, club, tmp_path, capsys):
    folder = scenario_files(tmp_path, "secret", SECRET_MANIFEST, _secret())
    assert main(["simulate", str(folder), "--runs", "40", "--seed", "7"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("  hidden: 6 choices as p, seed 7 (") for line in out)
    assert "    6. 1924-06-01 door6: d4" in out
    assert "  beyond: unreachable: it needs 's > 100', which no value of s from 0 to 100 meets" in out
    assert "  p: 40 runs; events 6 of 6, choices 24 of 24, endings 1 of 5" in out
    assert not any("Balance for" in line for line in out)
    folder = scenario_files(tmp_path, "club", CLUB_MANIFEST, CLUB)
    assert main(["simulate", str(folder), "--runs", "20", "--coverage", "--balance", "--role", "b"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("    event news") and line.rstrip().endswith("100.0%") for line in out)
    assert any(line.strip().startswith("leak") for line in out)
    assert "Balance for b (at the start of each turn, over the runs still going):" in out
    assert "    1924-01-01     20    50    50    50    50    50  [          |          ]" in out
    assert not any(line.startswith("  Votes") for line in out)       # role b has no choice that holds one
    assert main(["simulate", str(folder), "--runs", "20", "--balance", "--role", "a", "--policy", "first"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "    motion                           held     20 100.0%, carried     20 100.0% of those held" in out


def test_the_json_is_valid_and_the_same_for_the_same_seed(tmp_path, capsys):
    folder = scenario_files(tmp_path, "club", CLUB_MANIFEST, CLUB)
    outs = []
    for _ in range(2):
        assert main(["simulate", str(folder), "--runs", "30", "--seed", "3", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        data.pop("seconds")
        data.pop("choices_per_second")
        outs.append(data)
    assert outs[0] == outs[1]
    a = outs[0]["roles"]["a"]
    assert {"runs", "events", "choices", "endings", "balance", "thresholds", "votes"} <= set(a)
    assert a["balance"]["prestige"][0] == {"month": "1924-01-01", "n": 15, "min": 50, "p10": 50, "median": 50,
                                           "p90": 50, "max": 50}
    assert outs[0]["searches"] == []
    assert outs[0]["events_total"] == 4 and outs[0]["endings"] == {"done": 30}


def test_a_compiled_condition_keeps_its_tests():
    symbols = Symbols(stats={"prestige"}, characters={"c"}, bodies={"board"}, roles={"a"}, flags={"x": BOOL})
    _, condition = compile_expression(' prestige >= 50 and (flags.x or not majority("board")) and rel.c < -5 and true',
                                      symbols, want=BOOL)
    assert [(t.text, t.required, sorted(t.reads)) for t in thresholds(condition)] == [
        ("prestige >= 50", True, ["stat:prestige"]),
        ("flags.x", False, ["flag:x"]),
        ('majority("board")', False, ["call:majority"]),
        ("rel.c < -5", True, ["rel:c"])]

    class World:
        def __init__(self) -> None:
            self.stats, self.rel, self.flags = {"prestige": 60}, {"c": 0}, {"x": True}

        def majority(self, body: str) -> bool:
            return body == "board"

    assert [bool(t.test(World())) for t in thresholds(condition)] == [True, True, True, False]
    _, formula = compile_expression("prestige + 1", symbols, want=NUM)
    assert thresholds(formula) == ()


def test_search_zero_looks_for_nothing_and_a_negative_budget_is_a_usage_error(tmp_path, capsys):
    folder = scenario_files(tmp_path, "secret", SECRET_MANIFEST, _secret())
    assert main(["simulate", str(folder), "--runs", "5", "--search", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["searches"] == []
    assert main(["simulate", str(folder), "--runs", "5", "--search", "-1"]) == 2
    assert capsys.readouterr().err.strip() == "politburo: --search must be 0 or more"


def test_a_search_that_tried_every_state_it_kept_says_so(mini):
    report = simulate(mini, 50, seed=4, search=20_000)
    crash = next(s for s in report.searches if s.ending == "crash")
    assert crash.path is None and not crash.unreachable and crash.exhausted and crash.states < 20_000
    assert f"  crash: not found in {crash.states:,} states searched (every state the search kept was tried)" \
        in format_report(report).splitlines()
    assert not simulate(mini, 50, seed=4, search=20).searches[0].exhausted


def _played(report) -> dict:
    """A report as `as_dict` gives it, less how long the games took."""
    return {k: v for k, v in report.as_dict().items() if k not in ("seconds", "choices_per_second")}


@pytest.mark.parametrize("role", [None, "b"])
def test_a_resumed_report_is_the_one_played_at_once(club, role):
    begun = simulate(club, 30, 4, role)
    grown = simulate(club, 90, 4, role, resume=begun)
    assert grown is begun and grown.runs == 90
    assert _played(grown) == _played(simulate(club, 90, 4, role))
    assert _played(simulate(club, 90, 4, role, resume=grown)) == _played(simulate(club, 90, 4, role))   # nothing to add


@pytest.mark.parametrize("other", [{"seed": 5}, {"role": "a"}, {"role": None}, {"policy_name": "votes"}, {"runs": 10}])
def test_a_report_is_resumed_only_by_the_games_that_made_it(club, other):
    begun = simulate(club, 20, 4, "b")
    asked = {"runs": 40, "seed": 4, "role": "b", **other}
    with pytest.raises(ValueError):
        simulate(club, resume=begun, **asked)
    with pytest.raises(ValueError, match="without balance"):
        simulate(club, 40, 4, "b", resume=simulate(club, 20, 4, "b", balance=True))


@pytest.mark.parametrize("enough", [True, False])
def test_role_figures_go_on_to_more_runs_only_where_the_first_are_not_enough(mini, enough):
    f = role_figures(mini, "red", None, 20, seed=3, votes_runs=10, history_runs=5, more_runs=60,
                     enough=lambda figures: enough)
    runs = 20 if enough else 60
    assert f["ending_runs"] == runs
    assert f["endings"] == ending_shares(simulate(mini, runs, 3, "red").as_dict())
    assert f["events_reached"] == len(simulate(mini, 20, 3, "red").reached_events)      # of the first 20, always
    # The votes policy against the first 10 random games, whose endings are not shared as the 20's are.
    first, twenty, votes = (simulate(mini, n, 3, "red", policy) for n, policy in ((10, "random"), (20, "random"),
                                                                                   (10, "votes")))
    assert f["votes_distance"] == round(ending_distance(first.endings, 10, votes.endings, 10), 3) \
        != round(ending_distance(twenty.endings, 20, votes.endings, 10), 3)
