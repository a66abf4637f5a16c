"""Time within a game: the days events take place on, windows spread over their turns, and
`since()` and `date_of()`, which read when events happened (kept in saves, or taken from the
journal of an older save)."""

from __future__ import annotations

import calendar
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from game.engine import Game
from game.engine.agenda import agenda, opening, window_turns
from game.engine.dates import TurnLength
from game.engine.errors import SnapshotError
from game.engine.state import World
from game.saves.loading import restore_game
from game.saves.store import SaveStore
from game.scenario import check_scenario, load_scenario
from tests.conftest import FIXTURES, autumn_1925, month_event, scenario_files

# Something happens every month, so that no turn is empty of events; the tests add their own.
BASE = """\
characters:
  - {id: zinoviev, name: Grigory Zinoviev}
endings:
  - {id: over, title: Over, kind: historical, text: It is over., history: So it was., sources: [record]}
events:
  - id: routine_business
    title: Routine Business
    once: false
    priority: -100
    sources: [record]
    text: Papers.
    choices: [{id: sign, text: Sign them.}]
"""


def write(tmp_path: Path, events: str, per_turn: int = 3, name: str = "calendar") -> Path:
    return scenario_files(tmp_path, name, autumn_1925("calendar", "A Calendar", "Five months of dated business.", per_turn),
                          BASE + textwrap.indent(textwrap.dedent(events), "  "))


def event(eid: str, month: str = "1925-10", *, last: str = "", extra: str = "", text: str = "It happens.") -> str:
    return month_event(eid, month, last=last, extra=extra, text=text)


def play(g: Game) -> list[tuple[str, date, int]]:
    """Every event of a game to its end: (id, the date shown, turn)."""
    out = []
    while not g.ended:
        view = g.current()
        out.append((view.id, view.date, view.turn))
        g.choose(view.choices[0].id)
    return out


def in_month(path: list[tuple[str, date, int]], month: tuple[int, int]) -> list[str]:
    return [e for e, d, _ in path if (d.year, d.month) == month and e != "routine_business"]


# -- days -------------------------------------------------------------------------------------

def test_a_months_events_come_in_the_order_of_their_days_whatever_their_priority(tmp_path):
    folder = write(tmp_path, event("plenum", extra="day: 20\npriority: 5")
                   + event("letter", extra="day: 3")
                   + event("rumour", extra="priority: 1"))
    scenario = load_scenario(str(folder))
    for seed in range(8):
        path = play(Game.new(scenario, "zinoviev", seed))
        assert in_month(path, (1925, 10)) == ["rumour", "letter", "plenum"], seed
        shown = {e: d for e, d, _ in path}
        assert shown["letter"] == date(1925, 10, 3) and shown["plenum"] == date(1925, 10, 20)
        assert shown["rumour"] == date(1925, 10, 1)     # no day: the start of its turn


def test_priority_decides_which_events_a_crowded_turn_has_room_for(tmp_path):
    folder = write(tmp_path, event("congress", extra="day: 25\npriority: 10")
                   + event("speech", extra="day: 15\npriority: 5")
                   + event("errand", extra="day: 2"), per_turn=2)
    scenario = load_scenario(str(folder))
    for seed in range(8):
        path = play(Game.new(scenario, "zinoviev", seed))
        assert in_month(path, (1925, 10)) == ["speech", "congress"], seed
        assert "errand" not in [e for e, _, _ in path]      # its window was one crowded month


def test_among_events_of_one_day_the_highest_priority_and_then_weight_decide(tmp_path):
    folder = write(tmp_path, event("first_cable", extra="day: 9\npriority: 1")
                   + event("heavy", extra="day: 9\nweight: 1000")
                   + event("light", extra="day: 9\nweight: 0.001"), per_turn=3)
    scenario = load_scenario(str(folder))
    orders = {tuple(in_month(play(Game.new(scenario, "zinoviev", seed)), (1925, 10))) for seed in range(10)}
    assert orders == {("first_cable", "heavy", "light")}


def test_the_journal_and_the_view_show_the_day_and_a_short_month_its_last(tmp_path):
    folder = write(tmp_path, event("anniversary", "1925-10", last="1925-11", extra="day: 31\nonce: false"))
    scenario = load_scenario(str(folder))
    g = Game.new(scenario, "zinoviev", 1)
    play(g)
    dates = [j["date"] for j in g.journal if j["event"] == "anniversary"]
    assert dates == ["1925-10-31", "1925-11-30"]
    assert [t["date"] for t in g.trace][1:3] == ["1925-10-01", "1925-11-01"]   # the turns themselves start as ever


def test_without_a_dated_event_in_the_turn_the_choice_of_events_is_as_ever(tmp_path):
    """A day given to events changes nothing in the turns where none of them could come: the same events,
    drawn with the same random numbers."""
    crowd = "".join(event(f"e{i}", "1925-09", last="1925-12", extra=f"weight: {i + 1}")
                    for i in range(6))
    idle = "condition: 'turn > 99'"           # in every turn's window, never to come
    plain = load_scenario(str(write(tmp_path, crowd + event("late", "1926-01") + event("idle", "1925-09", last="1926-01",
                                                                                      extra=idle), name="plain")))
    dated = load_scenario(str(write(tmp_path, crowd + event("late", "1926-01", extra="day: 12")
                                    + event("idle", "1925-09", last="1926-01", extra=f"{idle}\nday: 3"), name="dated")))
    for seed in range(6):
        a, b = Game.new(plain, "zinoviev", seed), Game.new(dated, "zinoviev", seed)
        path_a, path_b = play(a), play(b)
        before = [p for p in path_a if p[1] < date(1926, 1, 1)]
        assert before == [p for p in path_b if p[1] < date(1926, 1, 1)]


# -- spread windows ----------------------------------------------------------------------------

def month_of(scenario, eid: str, seed: int) -> tuple[int, int]:
    path = play(Game.new(scenario, "zinoviev", seed))
    return next((d.year, d.month) for e, d, _ in path if e == eid)


@pytest.mark.parametrize(("spread", "months"), [
    ("first", {(1925, 10)}),
    ("last", {(1925, 11)}),
    ("even", {(1925, 10), (1925, 11)}),
    ("[0, 1]", {(1925, 11)}),
    ("[3, 0]", {(1925, 10)}),
])
def test_a_spread_window_opens_in_the_turn_drawn_for_each_game(tmp_path, spread, months):
    folder = write(tmp_path, event("strike", "1925-10", last="1925-11", extra=f"spread: {spread}"))
    scenario = load_scenario(str(folder))
    assert {month_of(scenario, "strike", seed) for seed in range(40)} == months


def test_an_even_spread_is_about_even_and_a_weighted_one_leans(tmp_path):
    turns = window_turns(date(1925, 1, 1), date(1925, 12, 31), TurnLength(), date(1925, 3, 1), date(1925, 6, 30))
    assert turns == [date(1925, m, 1) for m in (3, 4, 5, 6)]
    folder = write(tmp_path, event("strike", "1925-10", last="1925-11", extra="spread: even")
                   + event("lockout", "1925-10", last="1925-11", extra="spread: [1, 3]"))
    scenario = load_scenario(str(folder))
    ev, weighted = scenario.events["strike"], scenario.events["lockout"]
    window = [date(1925, 10, 1), date(1925, 11, 1)]
    even = sum(opening(ev, seed, window) == window[0] for seed in range(2000))
    leaning = sum(opening(weighted, seed, window) == window[1] for seed in range(2000))
    assert 900 < even < 1100 and 1400 < leaning < 1600


def test_the_draw_leaves_the_games_random_numbers_alone_and_a_restored_game_draws_it_again(tmp_path):
    folder = write(tmp_path, event("strike", "1925-10", last="1926-01", extra="spread: even"))
    scenario = load_scenario(str(folder))
    for seed in range(5):
        g = Game.new(scenario, "zinoviev", seed)
        g.choose("sign")
        back = Game.restore(scenario, g.snapshot())
        assert play(back) == play(g)
        assert g.rng.state == World(scenario, "zinoviev", seed).rng.state    # never a tie to roll for


# -- since() and date_of() ---------------------------------------------------------------------

TIMED = (event("ultimatum", "1925-10", extra="day: 17")
         + event("reminder", "1925-10", last="1925-12",
                 extra="condition: 'since(\"ultimatum\") >= 2 and date_of(\"ultimatum\") >= 1925-10-17'",
                 text='Sent {since("ultimatum")} months ago, on {date_of("ultimatum")}.')
         + event("too_soon", "1925-09", last="1925-12",
                 extra="condition: 'since(\"ultimatum\") == 0'"))


def test_since_and_date_of_read_when_an_event_last_happened(tmp_path):
    scenario = load_scenario(str(write(tmp_path, TIMED)))
    g = Game.new(scenario, "zinoviev", 1)
    assert g.since("ultimatum") == -1 and g.date_of("ultimatum") == scenario.start
    path = play(g)
    assert [(e, d) for e, d, _ in path if e != "routine_business"] == [
        ("ultimatum", date(1925, 10, 17)), ("too_soon", date(1925, 10, 1)), ("reminder", date(1925, 12, 1))]
    assert g.date_of("ultimatum") == date(1925, 10, 17) and g.since("ultimatum") == 3
    reminder = next(j for j in g.journal if j["event"] == "reminder")
    assert reminder["date"] == "1925-12-01"


def test_since_and_date_of_in_text(tmp_path):
    scenario = load_scenario(str(write(tmp_path, TIMED)))
    g = Game.new(scenario, "zinoviev", 1)
    while g.current().id != "reminder":
        g.choose(g.current().choices[0].id)
    assert g.current().text == "Sent 2 months ago, on 17 October 1925."


def test_dates_survive_a_save_and_a_fork(tmp_path):
    scenario = load_scenario(str(write(tmp_path, TIMED)))
    g = Game.new(scenario, "zinoviev", 1)
    while "ultimatum" not in g.met_dates:
        g.choose(g.current().choices[0].id)
    data = g.snapshot()
    assert data["met_dates"]["ultimatum"] == "1925-10-17"
    assert Game.restore(scenario, data).met_dates == g.met_dates
    trial = g.fork()
    play(trial)
    assert "reminder" in trial.met_dates and "reminder" not in g.met_dates


def test_a_save_without_dates_takes_them_from_its_journal(tmp_path):
    scenario = load_scenario(str(write(tmp_path, TIMED)))
    g = Game.new(scenario, "zinoviev", 1)
    while g.current().id != "reminder":
        g.choose(g.current().choices[0].id)
    older = {k: v for k, v in g.snapshot().items() if k != "met_dates"}
    back = Game.restore(scenario, older)
    assert back.met_dates == g.met_dates       # the current event's date too
    assert back.since("ultimatum") == 2 and back.date_of("ultimatum") == date(1925, 10, 17)
    assert play(back) == play(g)


def test_a_game_saved_before_dates_were_kept_reads_since(tmp_path):
    folder = FIXTURES / "scenarios" / "format-1" / "succession-1924"
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "old.json").write_bytes((FIXTURES / "compat" / "chapter-before-votes.json").read_bytes())
    scenario = load_scenario(str(folder))
    game = restore_game(SaveStore(saves).read("old"), scenario).game
    for j in game.journal:
        assert game.met_dates[j["event"]] <= game.date
    last = game.journal[-1]
    assert game.date_of(last["event"]).isoformat() == last["date"]
    assert game.since(game.journal[0]["event"]) == game.turn - game.journal[0]["turn"]
    assert game.since(game.current_id) == 0


def test_a_broken_met_dates_is_refused(tmp_path):
    scenario = load_scenario(str(write(tmp_path, TIMED)))
    data = Game.new(scenario, "zinoviev", 1).snapshot()
    with pytest.raises(SnapshotError, match="'met_dates' must be a mapping"):
        Game.restore(scenario, {**data, "met_dates": []})
    with pytest.raises(SnapshotError, match="date of event 'routine_business'"):
        Game.restore(scenario, {**data, "met_dates": {"routine_business": "soon"}})
    with pytest.raises(SnapshotError, match="no longer has event 'gone'"):
        Game.restore(scenario, {**data, "met_dates": {"gone": "1925-09-01"}})


# -- what the loader refuses -------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "where", "message"), [
    ("day: 40", "day", "event 'bad': 'day' must be from 1 to 31, not 40"),
    ("day: 0", "day", "event 'bad': 'day' must be from 1 to 31, not 0"),
    ("day: 31", "day", "event 'bad': day 31 is not in November 1925, the one month of its window"),
    ("spread: evenly", "spread", "event 'bad': 'spread' must be first, even or last, or a list of weights, "
                                 "one for each turn of its window, not 'evenly' (did you mean 'even'?)"),
    ("spread: [1, 2, 3]", "spread", "event 'bad': 'spread' gives 3 weights, but its window has 1 turns "
                                    "(November 1925 to November 1925): give one for each"),
    ("spread: [0]", "spread", "event 'bad': 'spread' needs at least one weight above 0"),
    ("spread: {even: 1}", "spread", "event 'bad': 'spread' must be first, even or last, or a list of weights, "
                                    "one for each turn of its window, not a mapping"),
])
def test_a_wrong_day_or_spread_is_an_error_at_its_place(tmp_path, extra, where, message):
    folder = write(tmp_path, event("bad", "1925-11", extra=extra))
    scenario, diags = check_scenario(str(folder))
    assert scenario is None
    errors = [d for d in diags if d.severity == "error"]
    assert [d.message for d in errors] == [message]
    lines = (folder / "content.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{where}:"))
    assert (errors[0].line, errors[0].col) == (line, lines[line - 1].index(":") + 3)
    assert str(errors[0]).startswith(f"{folder / 'content.yaml'}:{line}:")


def test_a_wrong_weight_is_an_error_at_the_weight(tmp_path):
    folder = write(tmp_path, event("bad", "1925-10", last="1925-11", extra="spread: [1, -2]"))
    _, diags = check_scenario(str(folder))
    (error,) = [d for d in diags if d.severity == "error"]
    assert error.message == "event 'bad': each weight in 'spread' must be a number of at least 0, not -2"
    line = (folder / "content.yaml").read_text().splitlines()[error.line - 1]
    assert line[error.col - 1:].startswith("-2]")


def test_a_day_within_a_one_month_window_must_lie_within_it(tmp_path):
    late = event("bad", "1925-10-17", last="1925-10", extra="day: 5")
    _, diags = check_scenario(str(write(tmp_path, late)))
    assert [d.message for d in diags if d.severity == "error"] == [
        "event 'bad': day 5 is outside its window (1925-10-17 to 1925-10-31)"]
    fine = event("good", "1925-10-17", last="1925-10", extra="day: 17") + event("wide", "1925-09", last="1925-10",
                                                                                extra="day: 31")
    scenario, diags = check_scenario(str(write(tmp_path, fine, name="fine")))
    assert scenario is not None and not diags


def test_days_and_spreads_are_noted_in_the_agenda(tmp_path):
    folder = write(tmp_path, event("strike", "1925-10", last="1925-11", extra="spread: last\nday: 4"))
    scenario = load_scenario(str(folder))
    a = agenda(scenario, "zinoviev")
    assert a.dated and a.windows == {"strike": [date(1925, 10, 1), date(1925, 11, 1)]}
    assert a.openings(7) == {"strike": date(1925, 11, 1)}
    plain = load_scenario(str(write(tmp_path, event("strike"), name="plain")))
    p = agenda(plain, "zinoviev")
    assert not p.dated and p.windows == {} and p.openings(7) == {}


def test_the_faces_show_the_day_an_event_takes_place():
    from datetime import date

    from game.engine.dates import format_when
    from game.engine.views import format_value
    assert format_when(date(1925, 12, 18)) == "18 December 1925"
    assert format_when(date(1925, 12, 1)) == "December 1925"
    assert format_value(date(1925, 12, 18)) == "18 December 1925"


def stepped_window_turns(start: date, end: date, turn: TurnLength, earliest: date, latest: date) -> list[date]:
    """window_turns as the game steps through turns: every turn of the game, one after another, and then those of
    them that overlap the window."""
    starts = [start]
    while turn.advance(starts[-1]) <= end:
        starts.append(turn.advance(starts[-1]))
    return [d for d in starts if d <= latest and turn.advance(d) - timedelta(days=1) >= earliest]


def test_a_windows_turns_are_those_the_game_steps_through() -> None:
    """Passing over the turns before a window gives the turns stepping through every one gives, for turns of
    months, weeks and days, a start on any day (the 29th to the 31st included), windows before, across, after
    and outside the game, and windows of one day."""
    import random
    rng = random.Random(1924)
    lengths = [TurnLength(1, "month"), TurnLength(2, "month"), TurnLength(3, "month"), TurnLength(1, "week"),
               TurnLength(2, "week"), TurnLength(10, "day"), TurnLength(1, "day")]
    for _ in range(1000):
        turn = rng.choice(lengths)
        month = rng.randint(1, 12)
        start = date(1924, month, min(rng.choice([1, 15, 28, 29, 30, 31]), calendar.monthrange(1924, month)[1]))
        end = start + timedelta(days=rng.randint(0, 2200))
        earliest = start + timedelta(days=rng.randint(-400, 2600))
        latest = earliest + timedelta(days=rng.choice([0, 1, 20, 31, 45, 400, 3000]))
        assert window_turns(start, end, turn, earliest, latest) == \
               stepped_window_turns(start, end, turn, earliest, latest), (start, end, turn, earliest, latest)


def test_the_days_of_a_month_are_the_calendars() -> None:
    """Every month of every year a scenario can name (leap years by the Gregorian rules: 1900 was not one, 2000
    was), as the standard library's calendar counts them."""
    from game.engine.dates import days_in_month
    assert [days_in_month(year, month) for year in range(1, 10000) for month in range(1, 13)] == \
           [calendar.monthrange(year, month)[1] for year in range(1, 10000) for month in range(1, 13)]
