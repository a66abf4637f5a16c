"""The political machine in both faces: the count before a vote and the tally after it, with the members
named; a rival's move; aims and fears; stat descriptions and warnings; where the player left history.

Played on the board (tests/fixtures/board): Anna moves a motion, Boris opposes it, Clara and the staff
(a bloc of four) decide it.
"""

from __future__ import annotations

import io
from pathlib import Path

from game.engine import Game, standing
from game.engine.model import Scenario
from game.engine.politics import AGAINST, FOR, Stand, Whip
from game.plain import PlainGame
from game.scenario import load_scenario
from game.tui.app import PolitburoApp
from game.tui.screens.ending import EndingScreen
from game.tui.screens.journal import JournalScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.standing import StandingScreen
from game.tui.widgets.choice_list import ChoiceList
from game.wording import choice_counts, count_line, count_totals, departure, needed, number, waverer
from tests.conftest import board_variant
from tests.tui_helpers import screen_lines, shown, standing_section

# Clara at +10 wavers (odds (10 + 20) / 40 = 75%, else abstains); the staff, leaning 0, split 2 for, 2 against.
COUNT = [
    "THE COUNT BEFORE THE VOTE  ·  The board",
    "That the board adopt the plan.",
    "Moved by Anna (you); opposed by Boris.",
    "",
    "For · 1 firm: Anna",
    "Against · 1 firm: Boris",
    "Wavering · 5",
    "  Clara — wavering, 75% for, else abstains",
    "  The staff (4) — splits about 2 for, 2 against",
    "",
    "For 1 firm · Against 1 firm · 5 wavering · 7 seats; 4 for carry it outright, fewer if some abstain",
    "Expected: about 3.8 of 7 for.",
]
# With seed 3 Clara's roll fails: she abstains, and the motion is lost on a tie.
TALLY = [
    "• The board votes on 'That the board adopt the plan': lost, 3 to 3, 1 abstaining",
    "  For 3: Anna, The staff (2)",
    "  Against 3: Boris, The staff (2)",
    "  Abstaining 1: Clara",
]


def wavering_clara(scenario: Scenario, role: str = "a", seed: int = 3, **stats: int) -> Game:
    """A new game on the board with Clara wavering toward the player."""
    g = Game.new(scenario, role, seed)
    g.rel["c"] = 10
    g.stats.update(stats)
    return g


def played_out(scenario: Scenario, *choices: str) -> Game:
    """Player B's game: these choices first, then the first open one to the end."""
    g = Game.new(scenario, "b", 1)
    for c in choices:
        g.choose(c)
    while not g.ended:
        g.choose(g.available_choices()[0].id)
    return g


# -- the count and the tally, full screen ----------------------------------------------------------
async def test_the_count_before_the_vote_and_the_tally_after_it_name_the_members(board_scenario: Scenario) -> None:
    game = wavering_clara(board_scenario)
    whip = game.current().whip  # type: ignore[union-attr]
    assert whip is not None and (whip.firm(FOR), whip.firm(AGAINST), whip.seats) == (1, 1, 7)
    assert round(whip.expected, 2) == 3.75
    app = PolitburoApp(game=game)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert shown(app, "#whip").splitlines() == COUNT
        assert shown(app, "#count-summary") == "The count  For 1 · Against 1 · Wavering 5 · 4 of 7 carry it outright"
        assert "Count" in shown(app, "KeyBar")
        await pilot.press("1")                                   # put the motion
        assert isinstance(app.screen, PlayScreen)
        assert not app.screen.prose.showing("whip")         # the next event stages no vote
        assert not app.screen.query_one("#count-summary").display
        assert "Count" not in shown(app, "KeyBar")
        assert shown(app, "#outcome").splitlines() == TALLY
        recorded = game.journal[-1]["changes"][-1]
        assert recorded[:7] == ["vote", "motion", "board", "lost", 3, 3, 1]
        assert ["c", "abstain", 1] in recorded[7]
        await pilot.press("j")
        assert isinstance(app.screen, JournalScreen)
        entry = app.screen.query(".journal-entry").first().visual.plain  # type: ignore[attr-defined]
        assert entry.splitlines() == ["January 1924  ·  The Meeting  ·  = as it happened", "You chose: Put the motion.",
                                      *TALLY]


async def test_v_brings_the_count_into_view_at_80x24(board_scenario: Scenario) -> None:
    app = PolitburoApp(game=wavering_clara(board_scenario))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        prose = screen.prose
        assert not prose.region.contains_region(prose.block_region("whip"))     # the aims and the event come first
        await pilot.press("v")
        await pilot.pause()
        assert prose.scroll_y > 0
        assert prose.region.contains_region(prose.block_region("whip"))         # the whole count in view
        await pilot.press("1")
        assert len(app.game.journal) == 1  # type: ignore[union-attr]


async def test_a_secret_ballot_is_not_counted_beforehand(tmp_path: Path) -> None:
    scenario = load_scenario(str(board_variant(tmp_path, "secret", "    opponents: [b]\n",
                                               "    opponents: [b]\n    secret: true\n")))
    game = Game.new(scenario, "a", 3)
    assert game.current().whip is None and game.current().vote == "motion"  # type: ignore[union-attr]
    app = PolitburoApp(game=game)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        count = shown(app, "#whip")
        assert count.endswith("The ballot is secret: the count cannot be known before the vote.")
        assert shown(app, "#count-summary") == "Secret ballot: no count before the vote."
        assert "For ·" not in count
        await pilot.press("1")
        outcome = shown(app, "#outcome").splitlines()
        assert "  For 4" in outcome and "  A secret ballot: who voted how is not known." in outcome  # the totals only
        assert not any("Anna" in line for line in outcome)


async def test_a_rivals_move_is_named_in_the_title(board_scenario: Scenario) -> None:
    app = PolitburoApp(game=Game.new(board_scenario, "b", 1))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")                                   # Boris waits; Anna moves next
        assert app.game.current().id == "quarrel"  # type: ignore[union-attr]
        assert shown(app, "#event-title") == "A Quarrel  ·  Anna's move"
        await pilot.press("1")                                   # side with Dmitri: a tie cools
        assert "• Dmitri and Elena: -80 (now -30)" in shown(app, "#outcome").splitlines()


# -- aims, warnings, standing ----------------------------------------------------------------------
async def test_aims_are_shown_before_the_first_decision_and_in_the_new_game_screen(board_scenario: Scenario) -> None:
    app = PolitburoApp(game=Game.new(board_scenario, "a", 3))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert shown(app, "#outcome").splitlines() == [
            "What you want", "· Carry the motion", "What you fear", "· Lose the board",
            "Your standing (s) shows how each stands as the game goes on."]
        await pilot.press("2")
        assert "Carry the motion" not in shown(app, "#outcome")
    app = PolitburoApp(scenario=board_scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        about = shown(app, "#role-about")
        assert "What you want\n• Carry the motion" in about and "What you fear\n• Lose the board" in about


async def test_a_low_stat_is_warned_about_and_the_standing_says_what_each_stat_means(board_scenario: Scenario) -> None:
    game = wavering_clara(board_scenario, prestige=20)          # at its warning level
    app = PolitburoApp(game=game)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#warnings").display
        assert shown(app, "#warnings") == "⚠ Prestige 20: Your name is failing."
        assert standing_section(app, "stats").splitlines()[-1] == "⚠ Your name is failing."
        body = standing(game).bodies[0]
        assert standing_section(app, "votes").splitlines()[1] == (
            f"The board: {int(body.votes)} of {body.seats} firm, {body.wavering} wavering  minority")
        assert standing_section(app, "aims").splitlines() == [
            "AIMS AND FEARS", "You want", "· Carry the motion  not yet", "You fear", "· Lose the board  not yet"]
        await pilot.press("s")
        assert isinstance(app.screen, StandingScreen)
        stats = standing_section(app, "stats")
        assert "What your name is worth on the board; the staff lean toward a name that counts." in stats
        await pilot.press("escape")
        game.stats["prestige"] = 60
        await pilot.press("2")                                    # the next event: the warning is gone
        assert not app.screen.query_one("#warnings").display


async def test_an_aim_that_holds_and_a_fear_that_comes_true(board_scenario: Scenario) -> None:
    game = Game.new(board_scenario, "a", 3)                      # Clara firmly for: the motion carries
    game.choose("put")
    game.dead.add("a")                                           # the fear: Anna is gone
    app = PolitburoApp(game=game)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.pause()
        assert standing_section(app, "aims").splitlines()[1:] == [
            "You want", "✓ Carry the motion  holds", "You fear", "⚠ Lose the board  it is happening"]


# -- history ------------------------------------------------------------------------------------------
async def test_the_journal_and_the_ending_mark_where_the_player_left_history(board_scenario: Scenario) -> None:
    game = played_out(board_scenario, "wait", "side_d")        # the real Boris put the motion and calmed them
    app = PolitburoApp(game=game)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        # The record's ending, reached by a path that left the record, is not "what happened" without a word more.
        assert shown(app, "#ending-kind") == ("A historical ending, by another road: this is, in substance, how it "
                                              "ended, though your path left the record on the way.")
        assert shown(app, "#ending-departures").splitlines() == [
            "You first left history in January 1924: The Meeting — Wait.",
            "Again in January 1924: A Quarrel — Side with Dmitri.",
            "You kept to history in 0 of the 2 decisions where the record says what was done."]
        table = app.screen.query_one("#timeline").render().plain  # type: ignore[attr-defined]
        assert "≠ The Meeting: Wait. (first departure" in table and "≠ A Quarrel: Side with Dmitri." in table
        assert "• Chores: Do it." in table and "≠ where you left what really happened" in table
        await pilot.press("j")
        entries = [e.visual.plain.splitlines()[0] for e in app.screen.query(".journal-entry")]  # type: ignore[attr-defined]
        assert entries[:2] == ["January 1924  ·  The Meeting  ·  ≠ first departure from history",
                               "January 1924  ·  A Quarrel  ·  ≠ left history"]
        assert app.screen.query(".journal-entry").first().has_class("-history-first")


async def test_an_ending_that_kept_to_history_says_so(board_scenario: Scenario) -> None:
    app = PolitburoApp(game=played_out(board_scenario, "put", "calm"))
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert shown(app, "#ending-kind") == "A historical ending: this is, in substance, what happened."
        assert shown(app, "#ending-departures") == (
            "You kept to history at every decision where the record says what was done (2).")
        table = app.screen.query_one("#timeline").render().plain  # type: ignore[attr-defined]
        assert "= The Meeting: Put the motion." in table and "= A Quarrel: Calm them." in table
        assert "(first departure" not in table


# -- plain mode ------------------------------------------------------------------------------------
def plain(game: Game, typed: str) -> str:
    out = io.StringIO()
    PlainGame(game, io.StringIO(typed), out).run()
    return out.getvalue()


def test_plain_mode_shows_the_count_before_the_vote_and_the_tally_after_it(board_scenario: Scenario) -> None:
    out = plain(wavering_clara(board_scenario), "1\n")
    count = """\
THE COUNT BEFORE THE VOTE (The board): That the board adopt the plan.
  Moved by Anna (you); opposed by Boris.
  For, 1 firm: Anna
  Against, 1 firm: Boris
  Wavering, 5:
    Clara — wavering, 75% for, else abstains
    The staff (4) — splits about 2 for, 2 against
  For 1 firm · Against 1 firm · 5 wavering · 7 seats; 4 for carry it outright,
    fewer if some abstain.
  Expected: about 3.8 of 7 for.

  1. Put the motion.
  2. Wait.
"""
    assert count in out
    tally = """\
  * The board votes on 'That the board adopt the plan': lost, 3 to 3, 1
    abstaining
      For 3: Anna, The staff (2)
      Against 3: Boris, The staff (2)
      Abstaining 1: Clara
"""
    assert tally in out and out.index(count) < out.index(tally)


def test_plain_mode_shows_aims_warnings_a_rivals_move_and_a_secret_ballot(board_scenario: Scenario,
                                                                          tmp_path: Path) -> None:
    out = plain(wavering_clara(board_scenario, prestige=15), "stats\n2\n")
    assert "Your aims:\n  [not yet] Carry the motion\nYour fears:\n  [not yet] Lose the board\n" in out
    assert "== January 1924 | turn 1 | Player A ==\n! Warning: Prestige 15: Your name is failing.\nTHE MEETING\n" in out
    assert "  Prestige                   15  (0..100)\n      What your name is worth on the board;" in out
    assert "      ! Warning: Your name is failing.\n" in out
    assert "  The board: 1 of 7 votes firmly with you, 2 wavering\n" in out
    out = plain(Game.new(board_scenario, "b", 1), "2\n")
    assert "A QUARREL (Anna's move)\n" in out
    scenario = load_scenario(str(board_variant(tmp_path, "secret", "    opponents: [b]\n",
                                               "    opponents: [b]\n    secret: true\n")))
    out = plain(Game.new(scenario, "a", 3), "1\n")
    assert "  The ballot is secret: the count cannot be known before the vote.\n\n  1. Put the motion." in out
    assert "      For 4\n" in out and "      A secret ballot: who voted how is not known.\n" in out
    assert "Anna, Clara" not in out


def test_plain_mode_marks_history_in_the_journal_and_at_the_end(board_scenario: Scenario) -> None:
    out = plain(Game.new(board_scenario, "b", 1), "2\n1\njournal\n1\n1\n1\n")
    assert "1924-01  The Meeting: Wait. (first departure from history)\n" in out
    assert "1924-01  A Quarrel: Side with Dmitri. (left history)\n" in out
    assert "=== THE END: Done (historical, by another road: this is how it ended) ===" in out
    assert ("Where you left history:\n"
            "  You first left history in January 1924: The Meeting — Wait.\n"
            "  Again in January 1924: A Quarrel — Side with Dmitri.\n") in out
    assert ("Your path beside the record:\n  January 1924\n"
            "    You: The Meeting: Wait. (first departure from history)\n"
            "    You: A Quarrel: Side with Dmitri. (left history)\n") in out


# -- the words themselves ----------------------------------------------------------------------------
def test_the_words_carry_the_engines_figures() -> None:
    stands = (Stand("k", "Kamenev", 1, 6, 0.65), Stand("z", "Zinoviev", 1, -30, 0.0),
              Stand("s", "The secretaries", 14, -4, 0.4, bloc=True), Stand("t", "Trotsky", 1, 100, 1.0))
    whip = Whip("v", "cc", "A motion.", stands)
    assert waverer(stands[0]) == "Kamenev — wavering, 65% for, else abstains"
    assert waverer(stands[2]) == "The secretaries (14) — splits about 6 for, 8 against"
    assert needed(whip) == 9 == whip.seats // 2 + 1
    assert count_totals(whip) == ("For 1 firm · Against 1 firm · 15 wavering · 17 seats; "
                                  "9 for carry it outright, fewer if some abstain")
    assert count_line(whip) == "For 1 · Against 1 · Wavering 15 · 9 of 17 carry it outright"
    assert (number(7.25), number(7.0), number(6.96)) == ("7.2", "7", "7")
    from game.engine.views import Departure
    assert departure(Departure(3, "1924-05-01", "The Plenum", "Speak.", True)) == (
        "You first left history in May 1924: The Plenum — Speak.")
    assert departure(Departure(5, "1924-07-01", "The Congress", "Walk  out.", False)) == (
        "Again in July 1924: The Congress — Walk out.")


def at_event(scenario: Scenario, role: str, event: str, seed: int = 1) -> Game:
    """A new game of `role` put at `event`."""
    data = Game.new(scenario, role, seed).snapshot()
    data["current"] = event
    return Game.restore(scenario, data)


def test_a_choice_that_puts_the_motion_otherwise_shows_its_own_count(chapter: Scenario) -> None:
    """At the January 1925 plenum Stalin's count is of the motion he opposes; backing it, or standing aside, puts the
    same motion with other backing, and each of those choices carries the count that then decides it. The choice that
    holds the event's own vote, and a closed one, carry none."""
    game = at_event(chapter, "stalin", "s_january_plenum")
    view = game.current()
    assert view is not None and view.whip is not None and view.vote == "remove_trotsky_s"
    counts = {c.id: c.counts for c in view.choices}
    assert [w.vote for w in counts["agree_expulsion"]] == ["remove_trotsky_with_stalin"]
    assert [w.vote for w in counts["stand_aside"]] == ["remove_trotsky_aside"]
    assert counts["refuse_expulsion"] == ()
    assert all(c.counts == () for c in view.choices if not c.available)
    shown = counts["agree_expulsion"][0]
    assert shown.firm(FOR) != view.whip.firm(FOR)         # Stalin's backing moves the count
    game.choose("agree_expulsion")
    result = game.results["remove_trotsky_with_stalin"]
    wavering = sum(s.size for s in shown.wavering)
    assert shown.firm(FOR) <= result["for"] <= shown.firm(FOR) + wavering
    assert shown.firm(AGAINST) <= result["against"] <= shown.firm(AGAINST) + wavering


async def test_the_choice_list_and_plain_mode_show_a_choices_own_count(chapter: Scenario) -> None:
    game = at_event(chapter, "stalin", "s_january_plenum")
    view = game.current()
    assert view is not None
    own = next(c for c in view.choices if c.id == "agree_expulsion").counts[0]
    line = f"Its count: For {own.firm(FOR)} · Against {own.firm(AGAINST)} · Wavering {sum(s.size for s in own.wavering)}"
    app = PolitburoApp(game=at_event(chapter, "stalin", "s_january_plenum"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        listed = app.screen.query_one(ChoiceList).rows[0].plain
        assert listed.startswith("1. Give Zinoviev what he wants") and listed.endswith(f"\n{line}"), listed
        assert any(line in screen_line for screen_line in screen_lines(app))      # drawn, within the list's box
    out = plain(at_event(chapter, "stalin", "s_january_plenum"), "q\n")
    assert f"     {line}\n" in out
    # A choice that puts another motion names it.
    data = at_event(chapter, "stalin", "s_may_plenum")
    assert any(t.startswith("Its count, on \u201c") for c in data.current().choices  # type: ignore[union-attr]
               for t in choice_counts(c.counts, data.current().whip))  # type: ignore[union-attr]


def test_plain_mode_says_a_standing_warning_once_and_again_only_when_it_worsens(board_scenario: Scenario) -> None:
    """A stat at its warning level is said before the event where it first is, not before every event after; it is
    said again when the stat falls further, and `stats` shows it whenever asked."""
    game = wavering_clara(board_scenario, prestige=15)
    out = plain(game, "2\nstats\n1\n")
    assert out.count("! Warning: Prestige 15") == 1, out
    assert "      ! Warning: Your name is failing.\n" in out          # in the stats, as asked
    game = wavering_clara(board_scenario, prestige=15)
    shown = PlainGame(game, io.StringIO(""), io.StringIO())
    shown.warned = {"prestige": 20}                                  # said when it stood higher
    shown.show_event(game.current())                                 # type: ignore[arg-type]
    assert "! Warning: Prestige 15" in shown.out.getvalue()          # type: ignore[attr-defined]


def test_a_choice_that_puts_two_motions_names_each_count() -> None:
    """Beside another count, even the event's own motion is named: the player must know which count is which."""
    from game.engine.politics import Whip
    from game.wording import choice_counts
    shown = Whip("plan", "board", "That the board adopt the plan.", ())
    same = Whip("plan", "board", "That the board adopt the plan.", ())
    other = Whip("delay", "board", "That the plan be delayed.", ())
    assert choice_counts((same,), shown)[0].startswith("Its count: For 0")
    assert [line.split(":")[0] for line in choice_counts((other, same), shown)] == [
        "Its count, on \u201cThat the plan be delayed\u201d", "Its count, on \u201cThat the board adopt the plan\u201d"]
