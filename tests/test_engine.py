"""The engine's rules, determinism and snapshots, on the small test scenario."""

from __future__ import annotations

import io
import json
import sys
from typing import Any, NamedTuple

import pytest

from game.cli import main
from game.engine import Game, GameError, ScenarioRuntimeError, SnapshotError
from game.engine.changes import describe_all
from game.engine.dates import TurnLength, add_months, parse_date
from game.engine.model import Scenario
from game.engine.rng import Rng
from game.scenario.loader import check_scenario
from tests.conftest import FIXTURES, mini_variant


def play(game: Game, picks: list[str]) -> Game:
    for pick in picks:
        game.choose(pick)
    return game


def test_new_game_starts_at_first_event_with_role_state(mini):
    g = Game.new(mini, "red", seed=1)
    view = g.current()
    assert view.id == "opening"
    assert view.date.isoformat() == "1924-01-01" and view.turn == 1
    assert g.stats == {"prestige": 60, "unity": 50}       # role start overrides the default
    assert g.rel["green"] == 30 and Game.new(mini, "blue").rel["green"] == -10
    assert g.offices["chief"] == ["red"]
    assert g.unlocked == {"green_entry", "bloc_entry"}      # unlocked at start + by the opening


def test_text_placeholders_and_literal_brackets(mini):
    text = Game.new(mini, "red", seed=1).current().text
    assert text == "It is January 1924. Prestige 60, votes 2. [bold]not markup[/bold] {literal}"


def test_unavailable_choice_is_shown_with_reason_and_refused(mini):
    g = Game.new(mini, "red", seed=1)
    locked = next(c for c in g.current().choices if c.id == "locked")
    assert not locked.available and locked.reason == "You lack the prestige."
    with pytest.raises(GameError, match="not available"):
        g.choose("locked")
    with pytest.raises(GameError, match="has no choice 'nope'"):
        g.choose("nope")


def test_choice_effects_factions_followups_and_outcome(mini):
    g = Game.new(mini, "red", seed=1)
    out = g.choose("ally")
    assert out.text == "You are in the bloc."
    words = [g.describe(c) for c in out.changes]
    assert "Prestige +10 (now 70)" in words and "The bloc forms: Green, Red" in words
    assert ["stat", "prestige", 10, 70] in out.changes and ["formed", "bloc", ["green", "red"]] in out.changes
    assert g.ally("green") and g.member("bloc") and g.flags["allied"] is True
    assert g.current().id == "followup"                     # `next:` follows at once
    assert g.current().text == "Green is an ally."
    assert g.votes("politburo") == 2 and g.majority("politburo")
    assert g.votes("congress") == 70


def test_schedule_and_offices_change_hands(mini):
    g = Game.new(mini, "red", seed=2)
    g.choose("alone")
    assert g.stats["unity"] == 45
    # the filler fills January; the reckoning was scheduled for February
    while g.current().id != "reckoning":
        g.choose(g.available_choices()[0].id)
    assert g.date.isoformat() == "1924-02-01"
    out = g.choose("ok")
    words = [g.describe(c) for c in out.changes]
    assert "Blue becomes Chief" in words and "Red is no longer Chief" in words
    assert g.offices["chief"] == ["blue"]                  # holders: 1 displaces the old holder


def test_game_reaches_an_ending_at_the_last_turn(mini):
    g = Game.new(mini, "red", seed=1)
    while not g.ended:
        g.choose(g.available_choices()[0].id)
    assert g.status == "ended" and g.ending().id == "triumph"
    assert g.ending().kind == "counterfactual"
    assert g.ending().text == f"You triumph with {g.stats['prestige']} prestige."
    assert g.current() is None
    with pytest.raises(GameError, match="over"):
        g.choose("wait")


def test_same_seed_and_choices_give_the_same_game(mini):
    a = Game.new(mini, "blue", seed=7)
    b = Game.new(mini, "blue", seed=7)
    while not a.ended:
        pick = a.available_choices()[-1].id
        a.choose(pick)
        b.choose(pick)
        assert a.snapshot() == b.snapshot()


def test_snapshot_is_json_and_restores_exactly(mini):
    g = play(Game.new(mini, "red", seed=3), ["alone", "wait"])
    data = json.loads(json.dumps(g.snapshot()))
    h = Game.restore(mini, data)
    assert h.snapshot() == g.snapshot()
    assert h.current() == g.current()
    while not g.ended:
        pick = g.available_choices()[0].id
        assert [c.id for c in h.available_choices()] == [c.id for c in g.available_choices()]
        assert h.choose(pick) == g.choose(pick)
    assert h.snapshot() == g.snapshot()


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(scenario="other"), "of scenario 'other'"),
    (lambda d: d.update(role="nobody"), "role 'nobody' no longer exists"),
    (lambda d: d["met"].update(vanished_event=1), "no longer has event 'vanished_event'"),
    (lambda d: d["stats"].update(prestige=1000), "outside its range"),
    (lambda d: d.pop("journal"), "lacks journal"),
    (lambda d: d.update(date="1931-01-01"), "outside the scenario"),
    (lambda d: d.update(status="flying"), "'status'"),
])
def test_restore_refuses_what_does_not_fit(mini, mutate, message):
    data = Game.new(mini, "red", seed=1).snapshot()
    mutate(data)
    with pytest.raises(SnapshotError, match=message):
        Game.restore(mini, data)


def test_dead_end_when_no_choice_is_available(tmp_path):
    folder = mini_variant(tmp_path, "stuck",
                          "      - {id: wait, text: Wait., effects: [\"prestige += roll(-2, 2)\"]}",
                          "      - {id: wait, text: Wait., condition: \"prestige > 1000\"}")
    scenario, diags = check_scenario(str(folder))
    assert any("every choice of event 'filler' has a condition" in d.message and d.severity == "warning"
               for d in diags)
    g = Game.new(scenario, "blue", seed=1)
    while g.status == "event":
        g.choose(g.available_choices()[0].id)
    assert g.status == "dead_end" and "event 'filler' offers no available choice" in g.dead_end


def test_runtime_errors_name_the_place(tmp_path):
    folder = mini_variant(tmp_path, "div", 'effects: ["unity -= 5", "schedule(\\"reckoning\\", 1)"]',
                          'effects: ["unity = unity / (prestige - prestige)"]')
    scenario, _ = check_scenario(str(folder))
    g = Game.new(scenario, "red", seed=1)
    with pytest.raises(ScenarioRuntimeError) as exc:
        g.choose("alone")
    assert str(exc.value) == (f"{folder}/content.yaml:44:20: effect 'unity = unity / (prestige - prestige)' "
                              f"of choice 'opening.alone': division by zero in 'unity / (prestige - prestige)'")


def test_unknown_role_is_refused(mini):
    with pytest.raises(GameError, match="no role 'green'"):
        Game.new(mini, "green")


def test_rng_is_deterministic_and_serialisable():
    a, b = Rng(42), Rng(42)
    assert [a.next_u64() for _ in range(5)] == [b.next_u64() for _ in range(5)]
    c = Rng(a.state)
    assert c.random() == a.random()
    assert all(1 <= Rng(i).randint(1, 6) <= 6 for i in range(200))
    assert Rng(3).weighted_index([0, 0, 5]) == 2


def test_dates_and_turn_lengths():
    assert parse_date("1924-05", end_of_month=True).isoformat() == "1924-05-31"
    assert add_months(parse_date("1924-01-31"), 1).isoformat() == "1924-02-29"
    assert TurnLength.parse("2 weeks").advance(parse_date("1924-01-01")).isoformat() == "1924-01-15"
    assert str(TurnLength.parse("1 month")) == "1 month"
    with pytest.raises(ValueError):
        TurnLength.parse("fortnightly")


def test_changes_are_data_and_are_worded_on_demand(mini):
    from game.engine.changes import KINDS, describe
    cases = {
        "stat": (["stat", "prestige", -5, 55], "Prestige -5 (now 55)"),
        "rel": (["rel", "green", 10, 40], "Green: relationship +10 (now 40)"),
        "formed": (["formed", "bloc", ["red", "green"]], "The bloc forms: Green, Red"),
        "joined": (["joined", "bloc", "blue"], "Blue joins the bloc"),
        "left": (["left", "bloc", "blue"], "Blue leaves the bloc"),
        "broke": (["broke", "bloc"], "The bloc has broken up"),
        "appointed": (["appointed", "blue", "chief"], "Blue becomes Chief"),
        "removed": (["removed", "red", "chief"], "Red is no longer Chief"),
        "died": (["died", "green"], "Green dies"),
        "codex": (["codex", "bloc_entry"], "New in the codex: The bloc"),
        "tie": (["tie", "blue", "green", -5, -15], "Blue and Green: -5 (now -15)"),
        "vote": (["vote", "motion", "council", "carried", 4, 1, 0, [["green", "for", 1], ["delegates", "for", 3]]],
                 "Council votes on 'That the council thank the chief': carried, 4 to 1, 0 abstaining"),
    }
    assert set(cases) == set(KINDS)
    for change, words in cases.values():
        assert describe(mini, change) == words
    # a save written before an id was renamed still reads
    assert describe(mini, ["died", "trotsky"]) == "trotsky dies"
    assert describe(mini, ["stat", "army", 3, 40]) == "army +3 (now 40)"


@pytest.mark.parametrize("changes, said", [
    ([["left", "bloc", "red"], ["left", "bloc", "green"], ["broke", "bloc"], ["stat", "prestige", 1, 56]],
     ["The bloc has broken up: Red and Green leave it", "Prestige +1 (now 56)"]),
    ([["left", "bloc", "red"], ["broke", "bloc"]], ["The bloc has broken up: Red leaves it"]),
    ([["stat", "prestige", 1, 56], ["formed", "bloc", ["red", "green"]], ["joined", "bloc", "blue"]],
     ["Prestige +1 (now 56)", "The bloc forms: Blue, Green, Red"]),
    ([["joined", "bloc", "blue"], ["rel", "green", 2, 22], ["joined", "bloc", "red"]],
     ["Blue and Red join the bloc", "Green: relationship +2 (now 22)"]),
    ([["left", "bloc", "blue"], ["left", "bloc", "red"], ["left", "bloc", "green"]],
     ["Blue, Red and Green leave the bloc"]),
    ([["joined", "bloc", "blue"]], ["Blue joins the bloc"]),
    # what does not go together is said one at a time
    ([["formed", "bloc", ["red", "green"]], ["broke", "bloc"]], ["The bloc forms: Green, Red", "The bloc has broken up"]),
    ([["joined", "bloc", "blue"], ["left", "bloc", "red"]], ["Blue joins the bloc", "Red leaves the bloc"]),
    ([["left", "gone", "ivan"], ["left", "gone", "blue"]], ["ivan and Blue leave gone"]),      # ids renamed since
    # a member who joined and was put out again in the same outcome is in it neither before nor after
    ([["formed", "bloc", ["red", "green", "blue"]], ["left", "bloc", "blue"]], ["The bloc forms: Green, Red"]),
    ([["joined", "bloc", "blue"], ["left", "bloc", "blue"], ["stat", "prestige", 1, 56]], ["Prestige +1 (now 56)"]),
    ([["joined", "bloc", "blue"], ["joined", "bloc", "red"], ["left", "bloc", "blue"]], ["Red joins the bloc"]),
])
def test_a_factions_changes_in_one_outcome_are_said_together(mini: Scenario, changes: list[list[Any]],
                                                               said: list[str]) -> None:
    out = describe_all(mini, changes)
    assert [text for _, text in out] == said
    assert all(any(c is change for c in changes) for change, _ in out)       # each with a change it stands for


def test_an_effect_on_the_players_own_relationship_with_themselves_does_nothing(tmp_path):
    """An event several roles meet may warm each of them to a character who is one of the players: played as that
    character, there is no relationship to change, and no change to report."""
    folder = mini_variant(tmp_path, "self", "          - prestige += 10\n          - flags.allied = true",
                          "          - prestige += 10\n          - rel.red += 5\n          - rel.green += 5\n"
                          "          - warm(\"red\", \"green\", 1)\n          - flags.allied = true")
    scenario, _ = check_scenario(str(folder))
    assert scenario is not None
    g = Game.new(scenario, "red", seed=1)
    before = dict(g.rel)
    outcome = g.choose("ally")
    assert g.rel["red"] == before["red"]
    assert g.rel["green"] == before["green"] + 6
    said = [text for _, text in g.describe_all(outcome.changes)]
    assert not any(text.startswith("Red") and "relationship" in text for text in said), said
    assert any(text.startswith("Green: relationship +6") for text in said), said


def test_journal_keeps_the_choice_as_the_player_saw_it(tmp_path):
    folder = mini_variant(tmp_path, "seen", "text: Join the bloc.", "text: Join the bloc at prestige {prestige}.")
    scenario, _ = check_scenario(str(folder))
    g = Game.new(scenario, "red", seed=1)
    assert g.current().choices[0].text == "Join the bloc at prestige 60."
    g.choose("ally")                                   # prestige += 10
    assert g.journal[-1]["choice_text"] == "Join the bloc at prestige 60."
    assert g.stats["prestige"] == 70


def test_factions_break_and_characters_die(mini):
    g = Game.new(mini, "red", seed=1)
    g.choose("ally")                                    # the bloc forms: green and red
    g._changes = notes = []
    g.dies("green")
    assert ["died", "green"] in notes and ["broke", "bloc"] in notes
    # One man is no faction: the bloc has broken, and red, its last member, is in it no longer.
    assert not g.alive("green") and g.faction_size("bloc") == 0 and not g.member("bloc")
    assert "green" not in g.offices["pb"] and not g.ally("green")
    assert g.votes("politburo") == 1                    # red alone: blue's relationship is 0, under 20
    g._changes = None


def test_votes_count_allies_and_friends_above_the_threshold(mini):
    g = Game.new(mini, "blue", seed=1)                  # green: relationship -10, in no shared faction
    assert g.votes("politburo") == 1 and not g.majority("politburo")
    g.set_rel("green", 20)                              # the scenario's threshold is 20
    assert g.votes("politburo") == 2 and g.majority("politburo")
    g.set_rel("red", 25)
    assert g.votes("politburo") == 3


def test_leave_and_dissolve(mini):
    g = Game.new(mini, "red", seed=1)
    g._changes = notes = []
    g.form("bloc", "green", "red", "blue")
    g.leave("bloc", "blue")
    assert ["left", "bloc", "blue"] in notes and g.faction_size("bloc") == 2
    g.dissolve("bloc")
    assert ["broke", "bloc"] in notes and g.faction_size("bloc") == 0
    g._changes = None


def test_at_most_events_per_turn(tmp_path):
    folder = mini_variant(tmp_path, "cap", "stats:", "stats:")
    manifest = (folder / "scenario.yaml").read_text().replace("start: 1924-01", "events_per_turn: 1\nstart: 1924-01")
    (folder / "scenario.yaml").write_text(manifest)
    scenario, diags = check_scenario(str(folder))
    assert scenario is not None, diags
    g = Game.new(scenario, "blue", seed=1)
    g.choose("alone")
    assert g.date.isoformat() == "1924-02-01"          # one event, then the turn is over


def test_weights_decide_how_often_events_are_picked(tmp_path):
    old = "  - id: filler\n    title: Quiet Month\n"
    new = ("  - id: rare\n    title: Rare\n    once: false\n    priority: -1\n    weight: 1\n"
           "    sources: [notes]\n    text: Rare.\n    choices: [{id: ok, text: Ok.}]\n" + old + "    weight: 9\n")
    folder = mini_variant(tmp_path, "weights", old, new)
    scenario, diags = check_scenario(str(folder))
    assert scenario is not None, diags
    firsts = {"rare": 0, "filler": 0}
    for seed in range(400):
        g = Game.new(scenario, "blue", seed=seed)
        g.choose("alone")
        firsts[g.current().id] += 1
    assert 300 < firsts["filler"] < 400 and firsts["rare"] > 0   # about 9 to 1


# -- mistakes that only show in play: each named where it was written ------------------------
# Each folder under tests/fixtures/bad/runtime_* is the mini scenario with one line changed: it
# validates, and fails in play. Role red, seed 1; "2" is the opening's second choice (alone).

BAD = FIXTURES / "bad"


class Fault(NamedTuple):
    picks: list[str]    # the choices that lead to it (none: it fails as the game starts)
    line: int
    col: int
    at: bytes           # what the fixture's content.yaml has at line:col
    message: str        # after `path:line:col: `


OUT_OF_RANGE = "'prestige * 1000000000000' is out of range (numbers in play stay between -10^12 and 10^12)"
RUNTIME: dict[str, Fault] = {
    "runtime_division_by_zero": Fault(
        ["alone"], 44, 20, b"unity = unity / (prestige - prestige)",
        "effect 'unity = unity / (prestige - prestige)' of choice 'opening.alone': "
        "division by zero in 'unity / (prestige - prestige)'"),
    # A float too large for Python (OverflowError) a step later: stopped at the first step out of range.
    "runtime_overflow": Fault(
        ["alone"], 44, 20, b"unity = (prestige",
        "effect 'unity = (prestige * 1000000000000 * 1000000000000) ** 16 / 3' of choice 'opening.alone': "
        + OUT_OF_RANGE),
    # A date past the year 9999 (ValueError) otherwise.
    "runtime_huge_schedule": Fault(
        ["alone"], 44, 20, b'schedule(\\"reckoning\\", 1000000000000 - prestige)',
        "effect 'schedule(\"reckoning\", 1000000000000 - prestige)' of choice 'opening.alone': "
        "'schedule(\"reckoning\", ...)' delay of 999999999940 turns is longer than the whole scenario (3 turns)"),
    # The choice is named (it once came out as 'opening.?').
    "runtime_choice_condition": Fault(
        [], 47, 21, b"prestige / (unity - 50)",
        "condition of choice 'opening.locked': division by zero in 'prestige / (unity - 50)'"),
    "runtime_ending_condition": Fault(
        ["alone"], 84, 17, b"prestige / (unity - 45)",
        "condition of ending 'crash' (after choice 'opening.alone'): division by zero in 'prestige / (unity - 45)'"),
    # A placeholder past Python's limit on printing whole numbers (4300 digits) otherwise.
    "runtime_huge_text": Fault(
        ["alone", "ok", "wait", "wait", "wait"], 61, 55, b"(prestige * 1000000000000",
        "text of event 'reckoning': " + OUT_OF_RANGE),
}
PYTHON_WORDS = ("Traceback", "sys.", "int too large", "Exceeds the limit", "integer division", "Overflow",
                "out of range: year", "is out of range\n", "float", "C int")


def located(case: str) -> str:
    f = RUNTIME[case]
    return f"{case}/content.yaml:{f.line}:{f.col}: {f.message}"


def test_every_runtime_fixture_is_played() -> None:
    assert {p.name for p in BAD.iterdir() if p.name.startswith("runtime_")} == set(RUNTIME)


@pytest.mark.parametrize("case", sorted(RUNTIME))
def test_runtime_positions_point_at_the_expression(case: str) -> None:
    f = RUNTIME[case]
    line = (BAD / case / "content.yaml").read_bytes().split(b"\n")[f.line - 1]
    assert line[f.col - 1:].startswith(f.at), line


@pytest.mark.parametrize("case", sorted(RUNTIME))
def test_runtime_errors_are_located_in_the_engine(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    scenario, diags = check_scenario(case)
    assert scenario is not None and diags == []
    with pytest.raises(ScenarioRuntimeError) as exc:
        g = Game.new(scenario, "red", seed=1)
        for pick in RUNTIME[case].picks:
            g.current()
            g.choose(pick)
        g.current()
    assert str(exc.value) == located(case)
    assert not any(words in str(exc.value) for words in PYTHON_WORDS)


@pytest.mark.parametrize("case", sorted(RUNTIME))
def test_runtime_errors_in_plain_play(case: str, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\n" + "1\n" * 10))
    assert main(["play", "--plain", "--scenario", case, "--role", "red", "--seed", "1"]) == 1
    out, err = capsys.readouterr()
    shown = (err if not RUNTIME[case].picks else out).splitlines()
    assert [line for line in shown if line.endswith(located(case))] == [shown[-1]]
    assert not any(words in out + err for words in PYTHON_WORDS)


@pytest.mark.parametrize("case", sorted(RUNTIME))
def test_simulate_reports_runtime_errors_with_a_seed_that_reproduces_them(
        case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["simulate", case, "--runs", "30", "--seed", "0", "--role", "red", "--json"]) == 1
    (error,) = json.loads(capsys.readouterr().out)["errors"]
    assert error["message"] == located(case) and error["role"] == "red"
    assert main(["simulate", case, "--runs", "1", "--seed", str(error["seed"]), "--role", "red"]) == 1
    out = capsys.readouterr().out
    assert f"  {located(case)} (1x; reproduce: simulate --runs 1 --seed {error['seed']} --role red)" in out.splitlines()


def test_a_bodys_support_failing_inside_a_condition_names_both(tmp_path):
    folder = mini_variant(tmp_path, "support", 'support: "prestige"', 'support: "100 / (unity - 50)"')
    content = folder / "content.yaml"
    content.write_text(content.read_text().replace('condition: "prestige > 99"', 'condition: "votes(\\"congress\\") > 5"'))
    scenario, diags = check_scenario(str(folder))
    assert scenario is not None, diags
    with pytest.raises(ScenarioRuntimeError) as exc:
        Game.new(scenario, "red", seed=1)
    assert str(exc.value) == (
        f"{folder}/content.yaml:9:46: support of body 'congress': division by zero in '100 / (unity - 50)'; "
        f"read by the condition of choice 'opening.locked' ({folder}/content.yaml:47:21)")
    lines = content.read_text().split("\n")
    assert lines[8][45:].startswith("100 / (unity - 50)") and lines[46][20:].startswith('votes(\\"congress')
