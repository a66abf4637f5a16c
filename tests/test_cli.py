"""The command line, through `main()` and through real processes."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from game.cli import COMMANDS, build_parser, main
from tests.conftest import CHAPTER, FIXTURES, MINI, ROOT, mini_variant

SCENARIOS = str(FIXTURES / "scenarios")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=60)


def test_plain_play_to_an_ending_with_typed_numbers():
    # mini, role red, seed 1: opening -> followup -> fillers until March, then the ending
    proc = run("play", "--plain", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--role", "red",
               "--seed", "1", stdin="1\n1\n1\n1\n1\n")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "== January 1924 | turn 1 | The Red Player ==" in out
    assert "  1. Join the bloc." in out and "  3. [unavailable] A door that stays shut. (You lack the prestige.)" in out
    assert "=== THE END: Triumph (counterfactual: this is not what happened) ===" in out
    assert "What really happened:" in out and "Traceback" not in proc.stderr


def test_plain_commands_and_end_of_input(capsys, monkeypatch):
    import io
    monkeypatch.setattr(sys, "stdin", io.StringIO("help\nstats\njournal\nnonsense\n9\n3\n"))
    status = main(["play", "--plain", "--scenarios-dir", SCENARIOS, "--scenario", "mini",
                   "--role", "red", "--seed", "1"])
    out = capsys.readouterr().out
    assert status == 0
    assert "journal      every decision so far" in out
    assert "Politburo: 2 of 3 votes firmly with you" in out
    assert "No decisions yet." in out
    assert "Type a number from 1 to 3, or 'help'." in out
    assert "That is not open to you now: You lack the prestige." in out
    assert out.rstrip().endswith("Goodbye.")


def test_plain_quit(capsys, monkeypatch):
    import io
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    assert main(["play", "--plain", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--role", "blue"]) == 0
    assert "Goodbye." in capsys.readouterr().out


def test_plain_asks_for_a_role_when_none_is_given(capsys, monkeypatch):
    import io
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\nquit\n"))
    assert main(["play", "--plain", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Choose your role:" in out and "you are The Blue Player" in out


def plain_lines(game, typed: str) -> list[str]:
    """What plain mode writes for a game given this input, as lines."""
    import io

    from game.plain import PlainGame
    out = io.StringIO()
    PlainGame(game, io.StringIO(typed), out).run()
    return out.getvalue().splitlines()


def unwrapped(lines: list[str], hang: str) -> list[str]:
    """Lines with each continuation (a line beginning with `hang`) joined to the line it continues."""
    joined: list[str] = []
    for line in lines:
        if line.startswith(hang) and joined:
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    return joined


def test_plain_ending_sets_the_path_beside_the_record(chapter, monkeypatch):
    # Stalin from the chapter of 1929, seed 1, the first choice each time: the game ends in December 1929.
    from game.engine import Game, path_beside_history
    from game.engine.dates import format_month
    from game.wording import HISTORY_LABEL
    monkeypatch.setenv("COLUMNS", "80")
    game = Game.new(chapter, "stalin", 1, "great_turn")
    lines = plain_lines(game, "1\n" * 200)
    assert game.ended and any(line.startswith("=== THE END: ") for line in lines)
    assert all(len(line) <= 80 for line in lines)
    table = lines[lines.index("Your path beside the record:") + 1:lines.index("Sources:")]
    # A month on a line of its own, then one entry a line (wrapped under its start): what you did, what happened.
    shown: dict[str, list[str]] = {}
    for line in unwrapped(table, "      "):
        if line.startswith("    "):
            shown[list(shown)[-1]].append(line.strip())
        elif line:
            shown[line.strip()] = []
    rows = path_beside_history(game)
    assert list(shown) == [format_month(row.month) for row in rows]
    for t in chapter.timeline:                              # every entry of the record, under its month
        assert f"History: {' '.join(t.text.split())}" in shown[format_month(t.date)]
    february = shown["February 1929"]
    assert any(entry.startswith("History: Trotsky, with his wife and elder son, landed at Constantinople")
               for entry in february)
    for row in rows:                                        # what you did, before what happened
        marks = row.marks or ("",) * len(row.you)
        yours = [f"You: {' '.join(you.split())}" + (f" ({HISTORY_LABEL[mark]})" if mark else "")
                 for you, mark in zip(row.you, marks)]
        assert shown[format_month(row.month)][:len(yours)] == yours
    decided = {format_month(row.month) for row in rows if row.you}
    assert {"January 1929", "December 1929"} <= decided and not any(m.endswith("1928") for m in decided)


def test_plain_stats_wrap_to_80_columns_without_breaking_a_name(chapter, monkeypatch):
    from game.engine import Game, standing
    monkeypatch.setenv("COLUMNS", "80")
    game = Game.new(chapter, "trotsky", 1)
    st = standing(game)
    assert "Chairman of the Revvoensovet" in st.player_offices
    lines = plain_lines(game, "stats\n")
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    block = lines[lines.index("Standing:") + 1:lines.index("Relationships:")]
    # Each office, ally and faction member stands whole on one line.
    names = [*st.player_offices, *st.allies, *(m for group in st.alliances for m in group.members)]
    for name in names:
        assert any(name in line for line in block), name
    # The offices: the label with the first of them, the rest on lines indented under the first.
    label = "  Your offices: "
    (offices,) = [line for line in unwrapped(block, " " * len(label)) if line.startswith(label)]
    assert offices == label + ", ".join(st.player_offices)
    assert f"{label}{st.player_offices[0]}," in block
    # No label stands on a line without its value, and no word is broken at its hyphen.
    assert [line for line in block if line.endswith(":")] == ["Factions:"]
    assert not any(line.endswith("-") for line in lines)


def test_play_refuses_unknown_scenario_and_role(capsys):
    assert main(["play", "--plain", "--scenario", "nowhere"]) == 1
    assert "no scenario 'nowhere'" in capsys.readouterr().err
    assert main(["play", "--plain", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--role", "x"]) == 2
    assert "no role 'x' (roles: red, blue)" in capsys.readouterr().err


def test_play_takes_a_role_in_capitals(capsys, monkeypatch):
    """Role ids are lower case: `--role Red` plays red rather than being refused."""
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main(["play", "--plain", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--role", "Red", "--seed", "1"]) == 0
    assert "you are " in capsys.readouterr().out


def test_list_json_names_scenarios_and_roles(capsys):
    assert main(["list", "--json", "--scenarios-dir", SCENARIOS]) == 0
    items = {i["id"]: i for i in json.loads(capsys.readouterr().out)}
    assert items["mini"]["title"] == "A Small Test Scenario"
    assert items["mini"]["roles"] == [{"id": "red", "name": "The Red Player"}, {"id": "blue", "name": "The Blue Player"}]
    assert "succession-1924" in items
    assert {r["id"] for r in items["succession-1924"]["roles"]} >= {"trotsky", "stalin"}


def test_list_text(capsys):
    assert main(["list", "--scenarios-dir", SCENARIOS]) == 0
    assert "A Small Test Scenario" in capsys.readouterr().out


def test_simulate_json_is_reproducible_apart_from_timings(capsys):
    def once() -> dict:
        assert main(["simulate", str(MINI), "--runs", "50", "--seed", "4", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        data.pop("seconds"), data.pop("choices_per_second")
        return data
    a, b = once(), once()
    assert a == b
    for key in ("runs", "choices", "endings", "events_total", "events_reached", "choices_total",
                "choices_reached", "dead_ends", "errors"):
        assert key in a
    assert a["runs"] == 50 and sum(a["endings"].values()) == 50
    assert a["events_total"] == 5 and a["choices_total"] == 8


def test_simulate_role_counts_only_that_role(capsys):
    assert main(["simulate", str(CHAPTER), "--runs", "20", "--role", "stalin", "--json", "--search", "0"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert main(["simulate", str(CHAPTER), "--runs", "20", "--json", "--search", "0"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert one["events_total"] < every["events_total"]


def test_simulate_reports_dead_ends_with_a_reproducing_seed(tmp_path, capsys):
    folder = mini_variant(tmp_path, "stuck", "  - id: quiet\n", "  - id: quiet\n    condition: \"prestige > 1000\"\n")
    assert main(["simulate", str(folder), "--runs", "40", "--seed", "0"]) == 1
    out = capsys.readouterr().out
    assert "the last turn passed and no ending's condition holds" in out
    assert "reproduce: simulate --runs 1 --seed" in out


def test_usage_errors_exit_2():
    proc = run("validate")
    assert proc.returncode == 2 and "error:" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("simulate", str(MINI), "--runs", "many")
    assert proc.returncode == 2
    proc = run("frobnicate")
    assert proc.returncode == 2


@pytest.mark.parametrize("entry", [["-m", "game"], ["-c", "from game.cli import main; raise SystemExit(main())"]])
def test_entry_points_agree(entry):
    proc = subprocess.run([sys.executable, *entry, "list", "--json", "--scenarios-dir", SCENARIOS],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and json.loads(proc.stdout)


@pytest.mark.parametrize("which", ["manifest", "content"])
def test_schema_command_prints_the_schema(capsys, which):
    assert main(["schema", which]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["$schema"].startswith("https://json-schema.org/")


def test_full_screen_play_refuses_bad_arguments_before_starting(capsys, monkeypatch):
    import game.tui.app as tui
    monkeypatch.setattr("game.cli._on_a_terminal", lambda: True)
    monkeypatch.setattr(tui.PolitburoApp, "run", lambda self: pytest.fail("the app must not start"))
    assert main(["play", "--scenario", "nowhere"]) == 1
    assert "no scenario 'nowhere'" in capsys.readouterr().err
    assert main(["play", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--role", "x"]) == 2
    assert "no role 'x' (roles: red, blue)" in capsys.readouterr().err


def test_full_screen_play_starts_the_app_with_the_game(monkeypatch):
    import game.tui.app as tui
    monkeypatch.setattr("game.cli._on_a_terminal", lambda: True)
    started = []
    monkeypatch.setattr(tui.PolitburoApp, "run", lambda self: started.append(self))
    assert main(["play", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--role", "blue", "--seed", "5"]) == 0
    assert main([]) == 0
    with_game, bare = started
    assert with_game.start_game.role == "blue" and with_game.start_game.seed == 5
    assert bare.start_game is None and bare.start_scenario is None


def test_play_without_a_terminal_plays_plain():
    proc = run("play", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--role", "red", "--seed", "1",
               stdin="1\n1\n1\n1\n1\n1\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("politburo: not a terminal; playing in plain mode (--plain)")
    assert "THE OPENING" in proc.stdout and "\x1b[" not in proc.stdout


def test_full_screen_play_holds_the_collector_until_the_app_lets_it_go(monkeypatch):
    """The cyclic collector waits while the full-screen game starts, and runs again however the start ends."""
    import gc

    import game.tui.app as tui
    monkeypatch.setattr("game.cli._on_a_terminal", lambda: True)
    seen = []

    def run(self):
        seen.append(gc.isenabled())
        raise OSError("no terminal after all")

    monkeypatch.setattr(tui.PolitburoApp, "run", run)
    assert gc.isenabled()
    with pytest.raises(OSError):
        main(["play", "--scenarios-dir", SCENARIOS, "--scenario", "mini", "--role", "blue", "--seed", "5"])
    assert seen == [False] and gc.isenabled()
    assert main(["play", "--scenarios-dir", SCENARIOS, "--scenario", "nowhere"]) == 1
    assert gc.isenabled()


@pytest.mark.parametrize("title, heading", [
    ("The VKP(b)", "THE VKP(b)"),                 # the party's name keeps its small (b)
    ("The OGPU's Ultimatum", "THE OGPU's ULTIMATUM"),
    ("Lenin's Widow", "LENIN'S WIDOW"),
    ("The Train to Alma-Ata", "THE TRAIN TO ALMA-ATA"),      # each part of a hyphenated word is a word
    ("The Declaration of the Eighty-Three", "THE DECLARATION OF THE EIGHTY-THREE"),
    ("The Ural-Siberian Method", "THE URAL-SIBERIAN METHOD"),
    ('The "Bukharin Group"', 'THE "BUKHARIN GROUP"'),      # a quotation mark is not the word's first letter
])
def test_plain_heads_an_event_in_capitals_but_leaves_abbreviations_as_written(title: str, heading: str) -> None:
    from game.plain import shouted
    assert shouted(title) == heading


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_a_parser_made_for_one_command_knows_it_as_the_whole_parser_does() -> None:
    """The command line builds only the parser of the command it names: that parser must be the whole one's."""
    whole = _commands(build_parser())
    assert list(whole) == list(COMMANDS)
    for name in COMMANDS:
        one = _commands(build_parser(name))
        assert list(one) == [name]
        assert one[name].format_help() == whole[name].format_help()


def test_a_command_line_with_no_command_or_an_unknown_one_is_read_by_the_whole_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["pla"])
    assert raised.value.code == 2
    assert "invalid choice: 'pla' (choose from 'play', 'validate'" in capsys.readouterr().err
