"""The writer's state inspector: why the current event came and why the others did not (the engine's
own reasons), jumping to a date or an event with settings, and both faces of it."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from game.engine import Game, GameError
from game.engine.inspect import apply_settings, before_start, inspect, jump, parse_settings
from game.scenario import load_scenario
from tests.conftest import autumn_1925, month_event, scenario_files

BASE = """\
characters:
  - {id: zinoviev, name: Grigory Zinoviev}
  - {id: kamenev, name: Lev Kamenev, relationship: {zinoviev: 40}}
stats:
  - {id: prestige, name: Prestige, default: 50}
endings:
  - {id: over, title: Over, kind: historical, text: It is over., history: So it was., sources: [record]}
events:
  - id: filler
    title: Filler
    once: false
    priority: -100
    sources: [record]
    text: Papers.
    choices: [{id: sign, text: Sign them., effects: ["flags.signed = true"]}]
"""


def event(eid: str, month: str = "1925-09", *, last: str = "", extra: str = "") -> str:
    return month_event(eid, month, last=last, extra=extra,
                       choices="[{id: go, text: Go on.}, {id: other, text: Do otherwise., historical: true}]")


def bench(tmp_path: Path, events: str, per_turn: int = 1) -> Game:
    manifest = autumn_1925("bench", "A Bench", "Five months of business for the inspector.", per_turn)
    folder = scenario_files(tmp_path, "bench", manifest,
                            BASE + textwrap.indent(textwrap.dedent(events), "  "))
    return Game.new(load_scenario(str(folder)), "zinoviev", 1)


def verdicts(g: Game) -> dict[str, str]:
    return {c.event: c.verdict for c in inspect(g).others}


def reasons(g: Game) -> dict[str, str]:
    return {c.event: c.reason for c in inspect(g).others}


# -- why the current event came, and why the others did not --------------------------------------

def test_the_chosen_event_is_explained_by_its_window_condition_priority_and_weight(tmp_path):
    g = bench(tmp_path, event("plenum", last="1925-10", extra="priority: 5\ncondition: prestige > 10"))
    i = inspect(g)
    assert i.current == "plenum" and i.how == "pick" and i.chosen is not None
    assert i.chosen.verdict == "chosen" and i.chosen.window == "1925-09-01 to 1925-10-31"
    why = "\n".join(i.why)
    assert "came by the turn's pick" in why
    assert "window 1925-09-01 to 1925-10-31; turn 1 runs 1925-09-01 to 1925-09-30" in why
    assert "condition holds: prestige > 10" in why
    assert "priority 5, the highest of those that may come" in why
    assert "once only" in why


def test_an_event_whose_window_is_not_open_yet_says_when_it_opens(tmp_path):
    g = bench(tmp_path, event("now") + event("later", "1925-11"))
    assert verdicts(g)["later"] == "not_open"
    assert reasons(g)["later"] == "window not open yet: it opens 1925-11-01"


def test_an_event_whose_condition_is_false_names_the_condition_as_written(tmp_path):
    gated = event("gated", extra='condition: "turn > 2 and alive(\\"kamenev\\")"')
    g = bench(tmp_path, event("now", extra="priority: -5") + gated)
    assert verdicts(g)["gated"] == "condition"
    assert reasons(g)["gated"] == 'condition false: turn > 2 and alive("kamenev")'
    assert inspect(g).current == "now"
    considered = {c.event: c for c in inspect(g).others}["gated"]
    assert considered.condition == 'turn > 2 and alive("kamenev")' and "content.yaml:" in considered.condition_at
    # The text is the scenario's as it was checked, whatever its file says since.
    content = tmp_path / "bench" / "content.yaml"
    content.write_text(content.read_text().replace("turn > 2", "turn > 3"))
    assert reasons(g)["gated"] == 'condition false: turn > 2 and alive("kamenev")'


def test_a_condition_written_over_several_lines_is_shown_on_one(tmp_path):
    gated = event("gated", extra='condition: |\n    (turn > 2\n       and alive("kamenev"))')
    g = bench(tmp_path, event("now", extra="priority: -5") + gated)
    assert reasons(g)["gated"] == 'condition false: (turn > 2 and alive("kamenev"))'


def test_an_event_of_lower_priority_is_outranked_by_the_one_chosen(tmp_path):
    g = bench(tmp_path, event("big", extra="priority: 10") + event("small", extra="priority: 5"))
    assert g.current_id == "big"
    assert verdicts(g)["small"] == "outranked"
    assert reasons(g)["small"] == "outranked by priority: 5 below 10 of 'big'"


def test_an_event_of_the_same_priority_lost_the_weighted_draw(tmp_path):
    g = bench(tmp_path, event("heads", extra="weight: 3") + event("tails", extra="weight: 1"))
    loser = "tails" if g.current_id == "heads" else "heads"
    assert verdicts(g)[loser] == "lost_draw"
    assert f"to '{g.current_id}'" in reasons(g)[loser] and "of 4" in reasons(g)[loser]
    assert "won the weighted draw" in "\n".join(inspect(g).why)


def test_a_once_only_event_that_already_happened_says_so(tmp_path):
    g = bench(tmp_path, event("plenum", last="1925-10", extra="priority: 5"))
    g.choose("go")          # October: plenum is still in its window, and the filler comes
    assert g.current_id == "filler"
    assert verdicts(g)["plenum"] == "once"
    assert reasons(g)["plenum"] == "once only, and it already happened (turn 1)"


def test_a_repeatable_event_cooling_down_says_from_which_turn_it_may_come(tmp_path):
    g = bench(tmp_path, event("session", last="1926-01", extra="once: false\ncooldown: 2\npriority: 5"))
    assert g.current_id == "session"
    g.choose("go")
    assert g.current_id == "filler"
    assert verdicts(g)["session"] == "cooldown"
    assert reasons(g)["session"] == "cooling down: came on turn 1, may come again from turn 4"


def test_a_routine_event_waits_while_the_turn_had_one_already(tmp_path):
    g = bench(tmp_path, event("errand", extra="routine: true\npriority: 5") + event("chore", extra="routine: true"),
              per_turn=3)
    assert g.current_id == "errand"
    g.choose("go")
    assert g.current_id == "filler"
    assert verdicts(g)["chore"] == "routine"
    assert verdicts(g)["errand"] == "this_turn"


def test_in_a_turn_with_days_the_reasons_are_room_and_day(tmp_path):
    g = bench(tmp_path, event("congress", extra="day: 25\npriority: 10") + event("speech", extra="day: 15\npriority: 5")
              + event("errand", extra="day: 2"), per_turn=2)
    assert g.current_id == "speech"
    assert verdicts(g)["congress"] == "later_day" and reasons(g)["congress"] == "comes later this turn (day 25)"
    assert verdicts(g)["errand"] == "no_room"
    assert "day 15 (1925-09-15)" in "\n".join(inspect(g).why)


def test_an_event_whose_spread_drew_a_later_turn_says_which(tmp_path):
    g = bench(tmp_path, event("late", last="1926-01", extra="spread: last") + event("now"))
    assert verdicts(g)["late"] == "spread"
    assert reasons(g)["late"] == "its spread (last) drew the turn of 1926-01-01 in its window (1925-09-01 to 1926-01-31)"


def test_a_followed_event_says_which_choice_led_to_it_and_the_others_wait(tmp_path):
    g = bench(tmp_path, """\
- id: opening
  title: Opening
  earliest: 1925-09
  latest: 1925-09
  priority: 5
  sources: [record]
  text: It opens.
  choices: [{id: go, text: Go on., next: sequel}]
- id: sequel
  title: Sequel
  follow_up: true
  sources: [record]
  text: It follows.
  choices: [{id: go, text: Go on.}]
""", per_turn=3)
    g.choose("go")
    i = inspect(g)
    assert i.current == "sequel" and i.how == "next"
    assert i.why[0] == "came as the 'next' of choice 'opening.go'"
    assert {c.event: c.verdict for c in i.others}["filler"] == "waits"


def test_inspecting_changes_nothing_in_the_game(tmp_path, chapter):
    g = Game.new(chapter, "stalin", 5)
    twin = Game.new(chapter, "stalin", 5)
    for _ in range(12):
        before = g.snapshot()
        inspect(g)
        assert g.snapshot() == before
        choice = g.available_choices()[0].id
        g.choose(choice)
        twin.choose(choice)
        assert g.snapshot() == twin.snapshot()


@pytest.mark.parametrize("role", ["stalin", "trotsky", "zinoviev"])
def test_the_reasons_agree_with_the_pick_all_along_a_campaign(chapter, role):
    """On every event of a played game: the pick run again on the state the inspector rebuilt gives the
    current event (where no draw decided it), and the rivals of a draw had the chosen one's priority."""
    from game.engine.inspect import historical_choice
    g = Game.new(chapter, role, 11)
    seen = 0
    while not g.ended:
        i = inspect(g)
        assert i.chosen is not None and i.chosen.event == g.current_id
        if i.how == "pick":
            rivals = [c for c in i.others if c.verdict == "lost_draw"]
            assert all(c.priority == i.chosen.priority for c in rivals)
            assert all(c.priority <= i.chosen.priority for c in i.others if c.verdict == "outranked")
            if not rivals:
                b = before_start(g)
                picked = b._pick_event()
                assert picked is not None and picked.id == g.current_id
                seen += 1
        g.choose(historical_choice(g))
    assert seen > 5


def test_a_restored_game_is_explained_from_its_journal(tmp_path, chapter):
    g = jump(chapter, "stalin", 2, "1924-05")
    restored = Game.restore(chapter, g.snapshot())
    assert restored.arrival is None
    live, again = inspect(g), inspect(restored)
    assert (again.current, again.how, again.why) == (live.current, live.how, live.why)
    assert [(c.event, c.verdict) for c in again.others] == [(c.event, c.verdict) for c in live.others]


# -- jumping ------------------------------------------------------------------------------------------

def test_jumping_to_a_date_plays_the_historical_path_to_that_turn(chapter):
    g = jump(chapter, "stalin", 3, "1924-06")
    assert g.date.isoformat() == "1924-06-01" and g.current_id is not None
    assert all(j["date"] < "1924-06" for j in g.journal[:-1]) and g.journal
    again = jump(chapter, "stalin", 3, "1924-06-15")
    assert again.snapshot() == g.snapshot()


def test_jumping_to_an_event_stops_where_it_is_current(chapter):
    target = "new_politburo"
    g = jump(chapter, "stalin", 3, target)
    assert g.current_id == target
    assert Game.restore(chapter, g.snapshot()).snapshot() == g.snapshot()


def test_settings_apply_stats_flags_and_relationships(chapter):
    g = jump(chapter, "stalin", 3, "1924-03", parse_settings(["prestige=12", "ill=true", "files=2", "rel.trotsky=-90"]))
    assert (g.stats["prestige"], g.flags["ill"], g.flags["files"], g.rel["trotsky"]) == (12, True, 2, -90)
    assert g.date.isoformat() == "1924-03-01"
    assert Game.restore(chapter, g.snapshot()).snapshot() == g.snapshot()


@pytest.mark.parametrize(("to", "settings", "message"), [
    ("1930-01", [], "1930-01-01 is outside the scenario (1924-01-01 to 1929-12-31)"),
    ("1924-13", [], "'1924-13': month 13 is not between 1 and 12"),
    ("no_such_event", [], "no event 'no_such_event' in scenario 'succession-1924'"),
    ("t_red_square", [], "event 't_red_square' is not one role 'stalin' can meet"),
    (None, ["prestige=500"], "prestige takes a whole number from 0 to 100, not 500"),
    (None, ["prestige=high"], "prestige takes a whole number from 0 to 100, not 'high'"),
    (None, ["ill=maybe"], "flag ill is true or false, not 'maybe'"),
    (None, ["rel.nobody=5"], "no character 'nobody' in rel.nobody"),
    (None, ["charisma=5"], "'charisma' is not a stat, a flag or rel.CHARACTER"),
    (None, ["prestige"], "'prestige' is not a setting: write NAME=VALUE"),
])
def test_a_bad_jump_or_setting_is_refused_in_one_line(chapter, to, settings, message):
    with pytest.raises(GameError) as e:
        jump(chapter, "stalin", 3, to, parse_settings(settings))
    assert message in str(e.value) and "\n" not in str(e.value)


def test_an_event_the_path_cannot_reach_is_refused_with_its_window(tmp_path):
    g = bench(tmp_path, event("never", "1925-10", extra="condition: turn > 50"))
    with pytest.raises(GameError) as e:
        jump(g.scenario, "zinoviev", 1, "never")
    assert str(e.value).startswith("event 'never' was not reached by the historical path")
    assert "its window is 1925-10-01 to 1925-10-31 and it has a condition" in str(e.value)


def test_an_event_off_the_historical_path_is_found_by_leaving_it_once(tmp_path):
    fork = event("fork", extra="priority: 5").replace("{id: go, text: Go on.}",
                                                       '{id: go, text: Go on., effects: ["flags.went = true"]}')
    g = bench(tmp_path, fork + event("reward", "1925-10", extra="condition: flags.went"))
    assert g.scenario.events["fork"].choices[1].historical       # history does not go
    found = jump(g.scenario, "zinoviev", 1, "reward")
    assert found.current_id == "reward" and found.journal[0]["choice"] == "go"


def test_settings_that_leave_the_current_event_without_a_choice_are_refused(tmp_path):
    g = bench(tmp_path, event("gate", extra="priority: 5").replace(
        "{id: go, text: Go on.}, {id: other, text: Do otherwise., historical: true}",
        "{id: go, text: Go on., condition: prestige > 10}"))
    with pytest.raises(GameError, match="offers no available choice"):
        apply_settings(g, {"prestige": "5"})


# -- the plain face and the command line -----------------------------------------------------------

def play_plain(game: Game, typed: str, *, inspecting: bool) -> str:
    import io

    from game.plain import PlainGame
    out = io.StringIO()
    PlainGame(game, io.StringIO(typed), out, inspect=inspecting).run()
    return out.getvalue()


def test_plain_inspect_and_jump_with_the_writers_tools_on(chapter):
    out = play_plain(Game.new(chapter, "stalin", 3), "help\ninspect\njump 1924-05 prestige=33\nstats\n"
                     "jump 1930-01\njump\nquit\n", inspecting=True)
    assert "The writer's tools (play --inspect):" in out and "jump WHEN [NAME=VALUE ...]" in out
    assert "Current event: s_conference_verdict\n  came by the turn's pick\n" in out
    assert "  s_death_at_gorki: outranked by priority: 90 below 100 of" in out
    assert "Jumped to turn 5, 1924-05-01: event 's_may_plenum'." in out
    assert "== May 1924 | turn 5 | Joseph Stalin ==" in out
    assert "Prestige" in out and "  33  (0..100)" in out
    assert "Cannot jump: 1930-01-01 is outside the scenario (1924-01-01 to 1929-12-31)" in out
    assert "Cannot jump: say where to jump: a date (YYYY-MM or YYYY-MM-DD) or an event id" in out


def test_plain_has_no_writers_tools_without_inspect(chapter):
    out = play_plain(Game.new(chapter, "stalin", 3), "help\ninspect\njump 1924-05\nquit\n", inspecting=False)
    assert "writer's tools" not in out and "inspect" not in out and "Jumped" not in out
    assert out.count("Type a number from 1 to") == 2


def test_play_at_and_set_start_the_game_at_the_jumped_state():
    from tests.test_cli import run
    proc = run("play", "--plain", "--role", "stalin", "--seed", "3", "--at", "new_politburo", "--set", "prestige=12",
               "--set", "rel.trotsky=-90", stdin="stats\nquit\n")
    assert proc.returncode == 0, proc.stderr
    assert "== June 1924 | turn 6 | Joseph Stalin ==" in proc.stdout
    assert "  12  (0..100)" in proc.stdout and "-90" in proc.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--at", "1930-01"], "politburo: --at/--set: 1930-01-01 is outside the scenario (1924-01-01 to 1929-12-31)"),
    (["--set", "prestig=1"], "politburo: --at/--set: 'prestig' is not a stat, a flag or rel.CHARACTER; "
                             "did you mean 'prestige'?"),
    (["--set", "prestige"], "politburo: --at/--set: 'prestige' is not a setting: write NAME=VALUE"),
    (["--load", "somewhere", "--at", "1924-03"], "politburo: --at and --set start a new game; leave out --load"),
])
def test_a_bad_at_or_set_on_the_command_line_is_one_line(args, message):
    from tests.test_cli import run
    if "--load" not in args:
        args = ["--role", "stalin", *args]
    proc = run("play", "--plain", *args)
    assert proc.returncode == 2
    assert proc.stderr.startswith(message) and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


# -- the full-screen face -------------------------------------------------------------------------------

async def test_f12_does_nothing_without_inspect(chapter):
    from game.tui.screens.play import PlayScreen
    from tests.tui_helpers import app_at
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f12")
        assert isinstance(app.screen, PlayScreen)
        assert "f12" not in app.screen.active_bindings         # hidden from the key bar as well
        await pilot.press("f1")
        from tests.tui_helpers import shown
        assert "Inspector" not in shown(app, "#keys")


async def test_f12_opens_the_inspector_and_a_jump_from_it_replaces_the_game(chapter):
    from textual.widgets import DataTable

    from game.tui.app import PolitburoApp
    from game.tui.screens.inspector import InspectorScreen
    from game.tui.screens.play import PlayScreen
    from tests.tui_helpers import shown
    app = PolitburoApp(game=Game.new(chapter, "trotsky", 1), inspect=True)
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.game
        await pilot.press("f12")
        assert isinstance(app.screen, InspectorScreen)
        why = shown(app, "#inspector-why")
        assert "Current event: t_conference_verdict" in why and "came by the turn's pick" in why
        assert "priority 100, the highest of those that may come" in why
        others = app.screen.query_one("#inspector-others", DataTable)
        assert others.get_row("t_telegram_at_tiflis")[-1] == "outranked by priority: 90 below 100 of 't_conference_verdict'"
        await pilot.press(*"1930-01", "enter")
        assert isinstance(app.screen, InspectorScreen)
        assert shown(app, "#inspector-error").startswith("Cannot jump: 1930-01-01 is outside the scenario")
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen) and app.game is first
        await pilot.press("f12")
        await pilot.press(*"1924-06 prestige=12", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.game is not first
        assert app.game.date.isoformat() == "1924-06-01" and app.game.stats["prestige"] == 12
        assert app.session.game is app.game and app.screen.game is app.game
        assert "f12" in app.screen.active_bindings
        await pilot.press("f1")
        assert re.search(r"^\s+f12\s+Inspector  inspector$", shown(app, "#keys"), re.M)    # its keys, what it does, its id


async def test_the_inspector_follows_a_reload_and_jumps_in_the_scenario_as_it_is_now(tmp_path):
    import shutil

    from game.scenario import load_scenario
    from game.tui.app import PolitburoApp
    from game.tui.screens.inspector import InspectorScreen
    from tests.conftest import ROOT
    from tests.tui_helpers import shown
    folder = tmp_path / "fourteenth-congress"
    shutil.copytree(ROOT / "docs" / "example-scenario" / "fourteenth-congress", folder)
    events = folder / "events" / "autumn.yaml"
    scenario = load_scenario(str(folder))
    app = PolitburoApp(scenario=scenario, game=Game.new(scenario, "zinoviev", 1), inspect=True, watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        app.watch_timer.pause()             # the test looks when it wants
        await pilot.press("f12")
        assert isinstance(app.screen, InspectorScreen)
        events.write_text(events.read_text().replace("title: The Break in the Open", "title: The Break Made Public"))
        assert app.check_for_changes().ok
        await pilot.pause()
        assert app.screen.game is app.session.game                  # the inspector reads the game carried over
        assert "The Break Made Public" in shown(app, "#inspector-why")
        await pilot.press(*"1925-10", "enter")
        await pilot.pause()
        assert app.game.scenario is app.session.game.scenario
        assert app.game.scenario.events["z_september_plenum"].title == "The Break Made Public"
        assert app.check_for_changes() is None                      # nothing is left to reload


async def test_the_palette_offers_the_inspector_only_with_inspect(chapter):
    from game.tui.app import PolitburoApp
    for inspecting in (True, False):
        app = PolitburoApp(game=Game.new(chapter, "trotsky", 1), inspect=inspecting)
        async with app.run_test(size=(100, 30)):
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert ("Inspector" in titles) is inspecting


def test_the_state_rows_give_each_factions_cohesion(chapter):
    game = Game.new(chapter, "zinoviev", 1)
    rows = inspect(game).rows()
    factions = [r for r in rows if r[0] == "faction"]
    assert factions and all("(cohesion " in value for _, name, value in factions
                            if chapter.factions[name].cohesion is not None)
    assert [r for r in rows if r[0] == "stat"] == [("stat", s, str(game.stats[s])) for s in chapter.stats]


def test_inspector_screen(snap_compare, chapter) -> None:
    from game.tui.app import PolitburoApp
    assert snap_compare(PolitburoApp(game=Game.new(chapter, "trotsky", 1), inspect=True), press=["f12"],
                        terminal_size=(100, 30))


def test_the_guide_shows_what_inspect_prints(monkeypatch):
    """The guide's sample is the plain face's `inspect` at 80 columns, as its comment says how to get it."""
    from game.cli import main
    from tests.conftest import ROOT
    guide = (ROOT / "docs" / "scenario-guide.md").read_text()
    start = guide.index("<!-- inspect-sample:")
    sample = guide[guide.index("```\n", start) + 4:guide.index("\n```", start)]
    import io
    import sys
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys, "stdin", io.StringIO("inspect\nquit\n"))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["play", "--plain", "--scenarios-dir", str(ROOT / "docs" / "example-scenario"), "--scenario",
                 "fourteenth-congress", "--role", "zinoviev", "--seed", "1", "--inspect", "--at", "1925-11"]) == 0
    assert sample in out.getvalue()


def test_full_screen_play_starts_at_the_jumped_state_with_the_inspector(monkeypatch):
    import game.tui.app as tui
    from game.cli import main
    monkeypatch.setattr("game.cli._on_a_terminal", lambda: True)
    started: list[tui.PolitburoApp] = []
    monkeypatch.setattr(tui.PolitburoApp, "run", lambda self: started.append(self))
    assert main(["play", "--role", "stalin", "--seed", "3", "--at", "1924-06", "--set", "prestige=12", "--inspect"]) == 0
    assert main(["play", "--role", "stalin", "--seed", "3"]) == 0
    jumped, usual = started
    assert jumped.inspecting and jumped.start_game.date.isoformat() == "1924-06-01"
    assert jumped.start_game.stats["prestige"] == 12
    assert not usual.inspecting and usual.start_game.turn == 1


def test_full_screen_play_at_needs_a_role_when_there_are_several(monkeypatch, capsys):
    from game.cli import main
    monkeypatch.setattr("game.cli._on_a_terminal", lambda: True)
    assert main(["play", "--at", "1924-06"]) == 2
    roles = "trotsky, stalin, zinoviev, kamenev, bukharin"
    assert capsys.readouterr().err == f"politburo: --at and --set need --role (roles: {roles})\n"
