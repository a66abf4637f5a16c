"""The political machine: votes counted from where members stand, ties between characters,
factions that follow them, rivals' moves, routine events kept in their place, history marked."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from game.engine import Game
from game.engine.errors import SnapshotError
from game.engine.politics import FOR, WAVERING, standing, whip
from game.scenario import check_scenario, load_scenario
from game.simulate import policy, simulate
from tests.conftest import BOARD, MINI, scenario_files

# The board: one motion, three members and a bloc (tests/fixtures/board), varied by the tests below.
MANIFEST = (BOARD / "scenario.yaml").read_text()
CONTENT = (BOARD / "content.yaml").read_text()


def board(tmp_path: Path, content: str = CONTENT, manifest: str = MANIFEST) -> Path:
    return scenario_files(tmp_path, "board", manifest, content)


@pytest.fixture
def scenario(tmp_path: Path):
    return load_scenario(str(board(tmp_path)))


def test_a_vote_is_won_or_lost_by_one_members_relationship(scenario):
    g = Game.new(scenario, "a", seed=3)
    assert g.current().id == "meeting"
    count = g.current().whip
    assert {s.who: s.side for s in count.stands} == {"a": FOR, "b": "against", "c": FOR, "staff": WAVERING}
    assert count.firm(FOR) == 2 and count.seats == 7
    # Clara's relationship with the player decides it: the staff split evenly (odds 0.5: 2 and 2).
    g.rel["c"] = -25
    lost = g.fork()
    lost.choose("put")
    assert not lost.passed("motion") and lost.results["motion"]["for"] == 3
    g.rel["c"] = 25
    g.choose("put")
    assert g.passed("motion") and g.results["motion"] == {"passed": True, "for": 4, "against": 3, "abstain": 0, "turn": 1}
    tally = g.journal[-1]["changes"][-1]
    assert tally[:7] == ["vote", "motion", "board", "carried", 4, 3, 0]
    assert ["c", "for", 1] in tally[7] and ["staff", "for", 2] in tally[7]
    assert g.describe(tally) == "The board votes on 'That the board adopt the plan': carried, 4 to 3, 0 abstaining"


def test_a_waverer_is_rolled_at_the_odds_shown(scenario):
    g = Game.new(scenario, "a", seed=1)
    g.rel["c"] = 10                           # stance 10: odds (10 + 20) / 40 = 0.75
    c = next(s for s in g.current().whip.stands if s.who == "c")
    assert c.side == WAVERING and c.odds == 0.75
    votes_for = 0
    for seed in range(400):
        trial = g.fork()
        trial.rng.state = seed * 7919
        trial.choose("put")
        votes_for += trial.results["motion"]["for"] == 4     # Anna, Clara and half the staff
    assert 0.65 < votes_for / 400 < 0.85


def test_a_blocs_leaning_follows_the_players_stats(scenario):
    g = Game.new(scenario, "a", seed=1)
    g.stats["prestige"] = 75                  # leans +25: firmly for
    assert next(s for s in whip(g, scenario.votes["motion"]).stands if s.who == "staff").side == FOR
    g.stats["prestige"] = 20
    assert next(s for s in whip(g, scenario.votes["motion"]).stands if s.who == "staff").odds == 0
    b = Game.new(scenario, "b", seed=1)       # the player opposes the motion: the staff's leaning counts against it
    b.stats["prestige"] = 75
    assert next(s for s in whip(b, scenario.votes["motion"]).stands if s.who == "staff").odds == 0


def test_the_players_standing_is_what_decides(scenario):
    g = Game.new(scenario, "a", seed=1)
    count = standing(g, "board")
    assert g.votes("board") == count.firm(FOR)
    assert g.majority("board") == (count.firm(FOR) * 2 > g.seats("board"))


def test_a_faction_breaks_because_two_other_characters_fall_out(scenario):
    g = Game.new(scenario, "a", seed=1)
    assert g.factions["club"] == {"a", "d", "e"}
    g.choose("wait")
    assert "quarrel" not in g.met and (g.ended or g.current().id != "quarrel")   # Anna's own move: never hers to meet
    b = Game.new(scenario, "b", seed=1)
    b.choose("wait")
    assert b.current().id == "quarrel"
    out = b.choose("side_d")
    # Dmitri and Elena now stand at -30; the club's cohesion is -10: Elena (mean (0 - 30) / 2 = -15) and
    # Dmitri (the same) both fall below; the first in order leaves, then the rest is judged again.
    assert ["tie", "d", "e", -80, -30] in out.changes
    assert ["left", "club", "d"] in out.changes
    assert b.factions["club"] == {"a", "e"}
    assert b.tie("d", "e") == -30 and b.tie("e", "d") == -30


def test_routine_events_come_one_a_turn_and_never_after_a_set_piece(scenario):
    g = Game.new(scenario, "b", seed=1)
    seen: list[tuple[int, str]] = []
    while not g.ended:
        view = g.current()
        seen.append((view.turn, view.id))
        g.choose(next(c.id for c in view.choices if c.available))
    by_turn: dict[int, list[str]] = {}
    for turn, eid in seen:
        by_turn.setdefault(turn, []).append(eid)
    routine = {"chores", "errand"}
    for ids in by_turn.values():
        assert sum(e in routine for e in ids) <= 1, ids
        if "meeting" in ids:
            assert not routine & set(ids[ids.index("meeting"):]), ids
    chores = [t for t, e in seen if e == "chores"]
    assert all(b - a > 1 for a, b in pairwise(chores))      # a cool-down of one turn


def test_history_is_marked_in_the_journal_and_the_departures(scenario):
    g = Game.new(scenario, "b", seed=1)
    g.choose("wait")                               # the real Boris put the motion
    g.choose("calm")                               # and calmed the quarrel
    assert [j.get("history") for j in g.journal] == ["left", "kept"]
    departures = g.departures()
    assert len(departures) == 1 and departures[0].first and departures[0].title == "The Meeting"


def test_a_real_decision_that_was_another_roles_is_neither_kept_nor_left(tmp_path: Path):
    # Calming the quarrel is marked as another role's real decision: Player B, offered only to take a side,
    # neither keeps nor leaves the record there, and his one departure is the meeting's.
    content = CONTENT.replace("{id: calm, text: Calm them., historical: true}",
                              "{id: calm, text: Calm them., historical: true, roles: [a]}")
    g = Game.new(load_scenario(str(board(tmp_path, content))), "b", seed=1)
    g.choose("wait")
    assert [c.id for c in g.current().choices] == ["side_d"]
    g.choose("side_d")
    assert [j.get("history") for j in g.journal] == ["left", None]
    assert [d.title for d in g.departures()] == ["The Meeting"]


def test_a_choice_is_chosen_for_its_own_effects_votes_and_outcome(tmp_path: Path):
    # The motion's lean, an effect after the vote and the outcome all read the choice being made as made.
    content = CONTENT.replace(
        "{id: put, text: Put the motion., historical: true, effects: ['hold(\"motion\")']}",
        "{id: put, text: Put the motion., historical: true, effects: ['hold(\"motion\")', "
        "'if chose(\"meeting\", \"put\"): prestige += 7'], "
        "outcome: '{\"Put.\" if chose(\"meeting\", \"put\") else \"Not put.\"}'}")
    lean = "    lean:\n      - {who: c, by: '300 if chose(\"meeting\", \"put\") else -300'}\n"
    content = content.replace("    sponsor: a\n", "    sponsor: a\n" + lean, 1)
    assert content.count("chose(") == 3
    g = Game.new(load_scenario(str(board(tmp_path, content))), "a", seed=1)
    before = g.stats["prestige"]
    out = g.choose("put")
    assert out.text == "Put." and g.stats["prestige"] == before + 7
    vote = next(c for c in g.journal[0]["changes"] if c[0] == "vote")
    assert ["c", "for", 1] in vote[7]       # Clara, pushed by the lean that reads the choice


def test_a_choice_that_moves_the_count_before_it_puts_the_motion_shows_the_count_it_puts(tmp_path: Path):
    # The staff lean by the sponsor's prestige: at 50 they waver; a choice that raises it to 80 before putting
    # the motion has them firm for it, and says so under its text. The count read there is the one that decides.
    content = CONTENT.replace(
        "{id: put, text: Put the motion., historical: true, effects: ['hold(\"motion\")']}",
        "{id: put, text: Put the motion., historical: true, effects: ['hold(\"motion\")']}\n"
        "      - {id: rally, text: Rally the staff first., effects: ['prestige += 30', 'hold(\"motion\")']}")
    g = Game.new(load_scenario(str(board(tmp_path, content))), "a", seed=1)
    view = g.current()
    staff = next(s for s in view.whip.stands if s.who == "staff")
    assert staff.side == WAVERING
    counts = {c.id: c.counts for c in view.choices}
    assert counts["put"] == ()                    # it puts the motion as the event's count has it
    (rally,) = counts["rally"]
    assert next(s for s in rally.stands if s.who == "staff").side == FOR and rally.firm(FOR) > view.whip.firm(FOR)
    assert g.stats["prestige"] == 50 and g.results == {}      # counted on a copy: the game is as it was
    g.choose("rally")
    vote = next(c for c in g.journal[0]["changes"] if c[0] == "vote")
    assert ["staff", "for", 4] in vote[7]           # firm, as the count under the choice said


def test_aims_fears_and_warnings(scenario):
    g = Game.new(scenario, "a", seed=1)
    assert g.aims() == [("aim", "Carry the motion", False), ("fear", "Lose the board", False)]
    assert g.warnings() == []
    g.stats["prestige"] = 20
    assert g.warnings() == [("prestige", "Your name is failing.")]


def test_politics_survive_a_save(scenario):
    g = Game.new(scenario, "b", seed=1)
    g.choose("put")
    g.choose("side_d")
    data = g.snapshot()
    back = Game.restore(scenario, data)
    assert back.ties == g.ties and back.results == g.results and back.last_turn == g.last_turn
    older = {k: v for k, v in data.items() if k not in ("ties", "results", "last_turn")}
    old = Game.restore(scenario, older)           # saves from before the political machine
    assert old.ties == scenario.ties and old.results == {}
    with pytest.raises(SnapshotError, match="tie between 'd' and 'e'"):
        Game.restore(scenario, {**data, "ties": [["d", "e", 500]]})
    with pytest.raises(SnapshotError, match="vote 'nope'"):
        Game.restore(scenario, {**data, "results": {"nope": {"passed": True, "for": 1, "against": 0,
                                                              "abstain": 0, "turn": 1}}})


def test_policies_pick_as_they_say(scenario):
    hist = policy("historical", scenario)
    g = Game.new(scenario, "b", seed=1)
    assert hist(g, ["wait", "put"], g.rng) == "put"
    with pytest.raises(ValueError, match="no stat 'fame'"):
        policy("greedy:fame", scenario)
    with pytest.raises(ValueError, match="no policy 'lucky'"):
        policy("lucky", scenario)
    report = simulate(scenario, 20, role="a", policy_name="votes")
    assert report.ok and report.policy == "votes"
    assert report.routine_choices <= report.choices


BAD = [
    ("a vote on a support body",
     ("    members: seat\n    blocs:", "    support: \"prestige\"\n    blocs:"),
     "body 'board' needs 'members' (an office) or 'blocs', or else 'support'"),
    ("a lean on a stranger", ("    opponents: [b]\n", "    opponents: [b]\n    lean: [{who: zed, by: \"5\"}]\n"),
     "vote 'motion': 'zed' is neither a character nor a bloc of body 'board'"),
    ("two historical choices", ("{id: wait, text: Wait.}", "{id: wait, text: Wait., historical: true}"),
     "event 'meeting' marks 2 choices historical for the same role (put, wait)"),
    ("two historical choices one role meets",
     ("{id: wait, text: Wait.}", "{id: wait, text: Wait., historical: true, roles: [a]}"),
     "event 'meeting' marks 2 choices historical for the same role (put, wait)"),
    ("a bloc named as a character", ("{id: staff, name: The staff", "{id: c, name: The staff"),
     "bloc id 'c' in body 'board' is also a character's id"),
    ("a tie written twice", ("{id: e, name: Elena, faction: club}", "{id: e, name: Elena, faction: club, ties: {d: 10}}"),
     "the tie between 'd' and 'e' is 50 in 'd' but 10 in 'e'"),
    ("an unknown vote", ("    vote: motion\n", "    vote: motoin\n"), "unknown vote 'motoin'"),
    ("a sponsor who opposes", ("    opponents: [b]\n", "    opponents: [a, b]\n"), "the sponsor 'a' cannot also oppose it"),
]


@pytest.mark.parametrize("case", BAD, ids=[b[0] for b in BAD])
def test_mistakes_are_named(case, tmp_path: Path):
    _, (old, new), message = case
    assert old in CONTENT
    _, diags = check_scenario(str(board(tmp_path, CONTENT.replace(old, new))))
    errors = [d for d in diags if d.severity == "error"]
    assert any(message in d.message for d in errors), [str(d) for d in diags]
    assert all(d.line > 0 for d in errors)


def test_each_role_may_have_its_own_historical_choice(tmp_path: Path):
    """The real person of each role made one decision: an event may mark one choice for one role and another for
    another, and each role's game is measured against its own."""
    content = CONTENT.replace("{id: put, text: Put the motion., historical: true,",
                              "{id: put, text: Put the motion., historical: true, roles: [a],").replace(
        "{id: wait, text: Wait.}", "{id: wait, text: Wait., historical: true, roles: [b]}")
    scenario, diags = check_scenario(str(board(tmp_path, content)))
    assert scenario is not None and not [d for d in diags if d.severity == "error"], [str(d) for d in diags]
    for role, choice in (("a", "put"), ("b", "wait")):
        g = Game.new(scenario, role, 1)
        assert g.current().id == "meeting"
        g.choose(choice)
        assert g.journal[-1]["history"] == "kept"


def test_the_mini_scenario_stages_its_vote():
    scenario = load_scenario(str(MINI))
    g = Game.new(scenario, "red", seed=2)
    g._start_event(scenario.events["council_session"])
    assert g.current().whip is not None and g.current().actor == "Green"
    g.choose("put")
    assert g.passed("motion")


COUNTING_ITSELF = [
    ("a bloc", ('leans: "prestige - 50"', 'leans: "votes(\\"board\\") - 3"'), "body 'board' counts itself (board -> board)"),
    ("a bloc's whip", ('leans: "prestige - 50"', 'leans: "whip(\\"motion\\") - 3"'), "cannot read 'whip(...)'"),
    ("a lean", ("    opponents: [b]\n", "    opponents: [b]\n    lean: [{who: c, by: \"whip(\\\"motion\\\")\"}]\n"),
     "cannot read 'whip(...)'"),
]


@pytest.mark.parametrize("case", COUNTING_ITSELF, ids=[c[0] for c in COUNTING_ITSELF])
def test_a_count_cannot_read_a_count(case, tmp_path: Path):
    _, (old, new), message = case
    assert old in CONTENT
    _, diags = check_scenario(str(board(tmp_path, CONTENT.replace(old, new))))
    assert any(message in d.message and d.severity == "error" for d in diags), [str(d) for d in diags]


def test_a_count_that_reads_itself_is_placed_where_the_formula_reads_it(tmp_path: Path):
    """The error points at the `votes(...)` in the bloc's leaning that reads the body's own count, not at the body."""
    content = CONTENT.replace('leans: "prestige - 50"', 'leans: "votes(\\"board\\") - 3"')
    path = board(tmp_path, content)
    _, diags = check_scenario(str(path))
    found = next(d for d in diags if "counts itself" in d.message)
    line = (path / "content.yaml").read_text().splitlines()[found.line - 1]
    assert line[found.col - 1:].startswith('votes(\\"board'), (found, line)


def test_a_lean_on_someone_who_never_votes_is_warned_of(tmp_path: Path):
    content = CONTENT.replace("    opponents: [b]\n", "    opponents: [b]\n    lean: [{who: d, by: \"10\"}]\n")
    _, diags = check_scenario(str(board(tmp_path, content)))
    assert any("'d' never sits in body 'board'" in d.message and d.severity == "warning" for d in diags)



@pytest.mark.parametrize("role", ["trotsky", "stalin", "bukharin"])
def test_standings_in_every_body_are_each_bodys_standing(chapter, role):
    """The standing panel counts every body on one motion, each character's stance worked out once: the same
    count, body by body, as counting each body alone, at every turn of a game."""
    from game.engine.politics import standings
    from game.engine.rng import Rng
    game, pick = Game.new(chapter, role, 4), Rng(4)
    counted = [b.id for b in chapter.bodies.values() if b.support is None]
    assert counted
    turns = 0
    while game.status == "event" and turns < 60:
        together = standings(game)
        assert list(together) == counted
        for body in counted:
            alone = standing(game, body)
            assert together[body] == alone
            assert game.majority(body, alone.firm(FOR)) == game.majority(body)
        options = [c.id for c in game.current().choices if c.available]
        game.choose(options[pick.randint(0, len(options) - 1)])
        turns += 1
    assert turns >= 30


def test_the_standing_lists_a_body_only_while_it_is_in_being(chapter):
    """The campaign's conference, congresses and Central Committees each stand for their months: a game in January
    1924 lists the 13th Conference, neither the congress of 1927 nor the committee it elected, and one in 1928 lists
    no body of 1924."""
    from game.engine.standing import standing as player_standing

    def listed(game: Game) -> set[str]:
        return {b.id for b in player_standing(game).bodies}
    game = Game.new(chapter, "stalin", 1)
    assert listed(game) == {"politburo", "central_committee", "conference_13"}
    late = next(c for c in chapter.chapters if c.start.year == 1928)
    game = Game.new(chapter, "stalin", 1, chapter=late.id)
    assert listed(game) == {"politburo", "congress_15", "cc_1928"}
    # Each month of the campaign has one congress and one Central Committee in being: no gap, no overlap.
    for year in range(chapter.start.year, chapter.end.year + 1):
        for month in range(1, 13):
            when = date(year, month, 1)
            standing_ids = {b.id for b in chapter.bodies.values() if b.stands_on(when)}
            assert len(standing_ids & {"conference_13", "congress", "congress_14", "congress_15"}) == 1, when
            assert len(standing_ids & {"central_committee", "cc_1926", "cc_1927", "cc_1928"}) == 1, when


def test_a_body_that_ends_before_it_begins_is_an_error(tmp_path):
    content = CONTENT.replace("  - id: board\n", "  - id: board\n    from: 1924-03\n    to: 1924-02\n")
    assert content != CONTENT
    _, diags = check_scenario(str(board(tmp_path, content)))
    assert any(d.code == "date-order" and "body 'board' stands until" in d.message for d in diags), [str(d) for d in diags]


def test_members_absent_from_a_vote_are_left_out_of_its_count_and_its_tally(tmp_path: Path):
    """`absent` members take no seat in the count and cast no vote: the seats, and what carries the motion
    outright, are of those present."""
    from tests.conftest import board_variant
    present = load_scenario(str(BOARD))
    away = load_scenario(str(board_variant(tmp_path, "away", "    opponents: [b]\n",
                                           "    opponents: [b]\n    absent: [b]\n")))
    full, short = (Game.new(s, "a", 3).whip_count("motion") for s in (present, away))
    assert "b" in {s.who for s in full.stands} and "b" not in {s.who for s in short.stands}
    assert short.seats == full.seats - 1
    game = Game.new(away, "a", 3)
    game.hold("motion")
    result = game.results["motion"]
    assert result["for"] + result["against"] + result["abstain"] == short.seats      # b cast no vote


def test_a_vote_taken_in_a_hall_of_its_own_is_named_by_it(tmp_path: Path):
    """A party conference counted by the congress's delegations: the count before the vote and the result name the
    conference (`hall`), not the body whose seats it borrows."""
    import io

    from game.plain import PlainGame
    from tests.conftest import board_variant
    scenario = load_scenario(str(board_variant(tmp_path, "hall", "    opponents: [b]\n",
                                               "    opponents: [b]\n    hall: The Party Conference\n")))
    plain = load_scenario(str(BOARD))
    assert scenario.votes["motion"].hall_name(scenario.bodies) == "The Party Conference"
    assert plain.votes["motion"].hall_name(plain.bodies) == plain.bodies["board"].name    # no hall: the body
    game = Game.new(scenario, "a", 3)
    view = game.current()
    assert view is not None and view.whip is not None and view.whip.vote == "motion"     # the meeting stages it
    out = io.StringIO()
    PlainGame(game, io.StringIO(""), out).show_count(view)
    header = "THE COUNT BEFORE THE VOTE (The Party Conference): That the board adopt the plan."
    assert " ".join(out.getvalue().split()).startswith(header)
    outcome = game.choose(next(c.id for c in view.choices if c.available))
    said = [text for change, text in game.describe_all(outcome.changes) if change[0] == "vote"]
    assert said and all(text.startswith("The Party Conference votes on 'That the board adopt the plan'") for text in said)


def test_the_campaigns_stalin_counts_the_january_plenum_without_trotsky(chapter):
    """Stalin's January 1925 plenum says Trotsky is not in the hall: he is in none of its counts."""
    data = Game.new(chapter, "stalin", 1).snapshot()
    data["current"] = "s_january_plenum"
    game = Game.restore(chapter, data)
    view = game.current()
    assert view is not None and view.whip is not None
    for count in (view.whip, *(w for c in view.choices for w in c.counts)):
        assert "trotsky" not in {s.who for s in count.stands}, count.vote


def test_a_bloc_named_as_a_character_is_placed_at_the_blocs_id(tmp_path: Path):
    path = board(tmp_path, CONTENT.replace("{id: staff, name: The staff", "{id: c, name: The staff"))
    _, diags = check_scenario(str(path))
    found = next(d for d in diags if "is also a character's id" in d.message)
    line = (path / "content.yaml").read_text().splitlines()[found.line - 1]
    assert line[found.col - 1:].startswith("c, name: The staff"), (found, line)
