"""Chapters of a campaign: beginning at one with its state, crossing into the next with a summary,
endings at a chapter's end, saves from before chapters, and what `validate` says of bad chapters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Game, GameError
from game.engine.records import Status
from game.saves.loading import restore_game
from game.saves.store import SaveStore
from game.scenario import check_scenario, load_scenario
from game.simulate import simulate
from tests.conftest import CHAPTER, FIXTURES, MINI


@pytest.fixture(scope="module")
def mini():
    scenario, diags = check_scenario(str(MINI))
    assert scenario is not None, diags
    return scenario


def variant(tmp_path: Path, old: str, new: str, file: str = "scenario.yaml") -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    text = (folder / file).read_text()
    assert old in text, old
    (folder / file).write_text(text.replace(old, new, 1))
    return folder


def problems(folder: Path) -> list[str]:
    _, diags = check_scenario(str(folder))
    return [str(d) for d in diags]


# -- beginning at a chapter ----------------------------------------------------------------

def test_a_game_begun_at_a_chapter_takes_its_state_and_the_records_offices(mini):
    g = Game.new(mini, "red", 1, chapter="last")
    assert g.date.isoformat() == "1924-03-01" and g.turn == 3 and g.began == "last"
    assert g.stats["unity"] == 40 and g.stats["prestige"] == 55
    assert g.flags["count"] == 2                       # the role's own flags come after the chapter's
    assert g.rel["green"] == 20
    assert g.factions["bloc"] == {"green", "red"}
    assert g.ties[("blue", "green")] == 10
    assert "bloc_entry" in g.unlocked
    assert sorted(g.offices["pb"]) == ["blue", "green", "red"] and g.offices["chief"] == ["red"]
    assert "opening" not in g.met                      # the first chapter's events were never met


def test_a_role_without_a_written_start_begins_a_chapter_as_the_scenario_starts_it(mini):
    g = Game.new(mini, "blue", 1, chapter="last")
    assert g.stats["prestige"] == 50 and g.stats["unity"] == 40 and g.flags["count"] == 1


def test_a_new_game_begins_at_the_first_chapter_the_role_plays(mini):
    g = Game.new(mini, "red", 1)
    assert g.began == "first" and g.date.isoformat() == "1924-01-01"


def test_an_unknown_chapter_or_one_the_role_does_not_play_is_refused(mini, tmp_path):
    with pytest.raises(GameError, match="no chapter 'later'"):
        Game.new(mini, "red", 1, chapter="later")
    only_red = variant(tmp_path, "    roles: [red, blue]\n", "    roles: [red]\n")
    scenario, _ = check_scenario(str(only_red))
    with pytest.raises(GameError, match="role 'blue' does not play chapter 'last'"):
        Game.new(scenario, "blue", 1, chapter="last")


def test_play_and_simulate_at_a_chapter_on_the_command_line(capsys):
    assert main(["play", "--plain", "--scenarios-dir", str(MINI.parent), "--scenario", "mini",
                 "--chapter", "later", "--role", "red"]) == 2
    assert capsys.readouterr().err == "politburo: no chapter 'later' (chapters: first, last)\n"
    assert main(["simulate", str(MINI), "--runs", "20", "--chapter", "last", "--role", "red"]) == 0
    out = capsys.readouterr().out
    assert "from chapter 'last'" in out
    assert "opening" not in out.split("Coverage")[0] or "never reached: event opening" not in out


def test_simulate_at_a_chapter_counts_only_what_can_still_come(mini):
    report = simulate(mini, 40, role="red", chapter="last")
    assert "opening" not in report.all_events           # its window closed before the chapter began
    assert report.dead_ends == {} and report.errors == {}
    with pytest.raises(ValueError, match="no chapter 'x'"):
        simulate(mini, 1, chapter="x")


# -- crossing from one chapter into the next -------------------------------------------------

def play_to_the_crossing(scenario, role="red", seed=1) -> Game:
    g = Game.new(scenario, role, seed)
    while not g.interlude:
        assert not g.ended, g.ending_id or g.dead_end
        g.choose(next(c.id for c in g.current().choices if c.available))
    return g


def test_crossing_into_the_next_chapter_leaves_its_summary_to_read(mini):
    g = play_to_the_crossing(mini)
    assert g.date.isoformat() == "1924-03-01" and g.interlude == "first"
    s = g.chapter_summary()
    assert s.title == "The First Months" and s.next_title == "The Last Month"
    assert s.period == "January 1924 to February 1924"
    assert s.text == ""                                # the first chapter has no summary written
    assert any(line.startswith("Prestige: ") for line in s.changes)
    assert s.kept == 0 and s.departures == ()
    g.close_chapter()
    assert g.chapter_summary() is None and g.chapter.id == "last"
    # The crossing kept no written state of the chapter: the game carries its own on.
    assert g.stats["unity"] == 50


def test_the_summary_says_what_changed_and_where_the_game_differs_from_the_record(mini):
    g = play_to_the_crossing(mini)
    g.interlude = "last"
    g.appoint("blue", "chief")
    g.join("bloc", "blue")
    s = g.chapter_summary()
    assert "Blue became Chief." in s.changes and "You ceased to be Chief." in s.changes
    assert "Blue joined the bloc." in s.changes      # the faction named mid-sentence
    assert "Chief: in the record you; in your game Blue." in s.differences
    assert s.text.startswith("The month ended.")


def test_a_change_the_record_dates_by_the_month_at_the_turn_of_the_chapters_is_no_difference(tmp_path):
    # The record: Red is Chief to February 1924, Blue from March, the next chapter's first month. As the first
    # chapter ends on the last day of February the game has made neither change, nor has it to have.
    folder = variant(tmp_path, "offices: [{office: pb, from: 1920-01}, {office: chief, from: 1920-01}]",
                     "offices: [{office: pb, from: 1920-01}, {office: chief, from: 1920-01, to: 1924-02}]", "content.yaml")
    content = folder / "content.yaml"
    text = content.read_text()
    old = "  - id: blue\n    name: Blue\n    offices: [{office: pb, from: 1920-01}]"
    assert old in text
    content.write_text(text.replace(old, old.replace("}]", "}, {office: chief, from: 1924-03}]")))
    g = play_to_the_crossing(load_scenario(str(folder)))
    assert g.offices["chief"] == ["red"]
    assert not [line for line in g.chapter_summary().differences if line.startswith("Chief")]
    g.appoint("blue", "chief")          # made within February, as the record may have it: no difference either
    assert not [line for line in g.chapter_summary().differences if line.startswith("Chief")]
    g.appoint("green", "chief")         # neither day's holder: a difference, beside the record as March begins
    assert "Chief: in the record Blue; in your game Green." in g.chapter_summary().differences


def test_an_unread_summary_and_the_chapters_marks_are_saved(mini):
    g = play_to_the_crossing(mini)
    again = Game.restore(mini, g.snapshot())
    assert again.interlude == "first" and again.began == "first"
    assert again.chapter_summary() == g.chapter_summary()
    assert [m["chapter"] for m in again.marks] == ["first", "last"]


def test_an_ending_of_a_chapter_is_checked_at_its_end_and_ends_the_game_there(tmp_path):
    folder = variant(tmp_path, "    priority: 5\n", "    priority: 5\n    chapter: first\n", "content.yaml")
    text = (folder / "content.yaml").read_text().replace('condition: "ally(\\"green\\") and prestige >= 60"',
                                                        "condition: \"true\"")
    (folder / "content.yaml").write_text(text)
    scenario, diags = check_scenario(str(folder))
    assert scenario is not None, diags
    g = Game.new(scenario, "red", 1)
    while not g.ended:
        g.choose(next(c.id for c in g.current().choices if c.available))
    assert g.ending_id == "triumph" and g.date.isoformat() == "1924-02-01"


# -- saves from before chapters ----------------------------------------------------------------

def test_a_save_at_an_ending_that_became_a_chapters_end_goes_on_into_that_chapter(mini):
    g = Game.new(mini, "red", 1)
    while g.date.month < 2:
        g.choose(next(c.id for c in g.current().choices if c.available))
    data = g.snapshot()
    for key in ("marks", "interlude"):
        del data[key]
    data.update(status="ended", ending="former_end", current=None)
    resumed = Game.restore(mini, data)
    assert resumed.status == Status.EVENT and resumed.ending_id is None
    assert resumed.interlude == "first" and resumed.date.isoformat() == "1924-03-01"
    assert resumed.current() is not None
    assert resumed.began == "first" and resumed.marks[0]["chapter"] == "first"


COMPAT = FIXTURES / "compat"


@pytest.fixture(scope="module")
def campaign():
    scenario, _ = check_scenario(str(CHAPTER))
    return scenario


def load_compat(tmp_path: Path, campaign, name: str):
    saves = tmp_path / "saves"
    saves.mkdir(exist_ok=True)
    shutil.copy(COMPAT / f"{name}.json", saves / f"{name}.json")
    return restore_game(SaveStore(saves).read(name), campaign)


def test_a_game_saved_in_the_middle_of_the_1924_chapter_loads_into_the_campaign(tmp_path, campaign):
    loaded = load_compat(tmp_path, campaign, "chapter-1924-trotsky-midgame")
    g = loaded.game
    assert g.status == Status.EVENT and g.date.isoformat() == "1924-04-01" and g.began == "succession"
    assert loaded.notes and "has changed since this game was saved" in loaded.notes[0]


@pytest.mark.parametrize("name, role", [("chapter-1924-trotsky-finished", "trotsky"),
                                        ("chapter-1924-stalin-finished", "stalin"),
                                        ("chapter-1924-zinoviev-finished", "zinoviev"),
                                        ("chapter-1924-zinoviev-broke-early", "zinoviev")])
def test_a_finished_game_of_the_1924_chapter_goes_on_into_1925(tmp_path, campaign, name, role):
    g = load_compat(tmp_path, campaign, name).game
    assert g.role == role
    assert g.ending_id is None and g.interlude == "succession"
    assert g.date.isoformat() >= "1925-02-01"
    summary = g.chapter_summary()
    assert summary.title == "The Succession" and summary.next_title == "Socialism in One Country"
    assert summary.kept + len(summary.departures) > 0       # the 1924 decisions are counted


# -- what validate says of bad chapters ------------------------------------------------------------

@pytest.mark.parametrize("old, new, said", [
    ('    start: "1924-03"\n', '    start: "1924-01"\n',
     "chapter 'last' starts (1924-01-01) no later than chapter 'first' before it (1924-01-01)"),
    ('    start: "1924-01"\n', '    start: "1924-02"\n',
     "the first chapter starts with the scenario (1924-01-01), not 1924-02-01"),
    ('    start: "1924-03"\n', '    start: "1924-03-15"\n',
     "chapter 'last' starts on 1924-03-15, which is not the first day of a turn"),
    ("    description: Where the game begins.\n", "    description: Where the game begins.\n    flags: {count: 3}\n",
     "the first chapter begins with the scenario's own start: 'flags' belongs to a later chapter"),
    ("    resumes: [former_end]\n", "    resumes: [quiet]\n", "ending 'quiet' still exists"),
    ("      - {between: [green, blue], value: 10}\n", "      - {between: [green], value: 10}\n",
     "a tie of chapter 'last' is between two characters, not green"),
    ("      - {role: red, stats: {prestige: 55}", "      - {role: red, stats: {unity: 55}",
     "stat 'unity' is global: role 'red' cannot start it elsewhere"),
    ("    stats: {unity: 40}\n", "    stats: {prestige: 40}\n", "stat 'prestige' belongs to each role: give it in 'role_start'"),
    ("    dead: []\n", "    dead: [grey, nobody]\n", "unknown character 'nobody'"),
])
def test_a_bad_chapter_is_one_line_naming_its_place(tmp_path, old, new, said):
    found = problems(variant(tmp_path, old, new))
    assert any(said in p for p in found), found
    assert all(":" in p.split(" ")[0] for p in found)       # file:line:col first


def test_an_anytime_ending_cannot_name_a_chapter(tmp_path):
    folder = variant(tmp_path, "    trigger: anytime\n", "    trigger: anytime\n    chapter: first\n", "content.yaml")
    found = problems(folder)
    assert any("ending 'crash' names chapter 'first', but an ending checked after every choice" in p for p in found), found


def test_an_ending_naming_an_unknown_chapter_is_refused(tmp_path):
    folder = variant(tmp_path, "    priority: 5\n", "    priority: 5\n    chapter: middle\n", "content.yaml")
    assert any("unknown chapter 'middle'" in p for p in problems(folder))


def test_an_office_the_story_never_moves_follows_the_record_into_the_next_chapter(tmp_path):
    folder = variant(tmp_path, "    offices: [{office: pb, from: 1920-01}]\n  - id: green",
                     "    offices: [{office: pb, from: 1920-01}]\n  - id: green", "content.yaml")
    text = (folder / "content.yaml").read_text().replace(
        "    faction: bloc\n    relationship: {red: 30, blue: -10}\n    offices: [{office: pb, from: 1920-01}]",
        "    faction: bloc\n    relationship: {red: 30, blue: -10}\n    offices: [{office: pb, from: 1920-01, to: 1924-02}]")
    (folder / "content.yaml").write_text(text)
    scenario, diags = check_scenario(str(folder))
    assert scenario is not None, diags
    g = play_to_the_crossing(scenario)
    assert sorted(g.offices["pb"]) == ["blue", "red"]            # Green's term ended with February
    assert "Green ceased to be Member of the Politburo." in g.chapter_summary().changes
