"""The benchmark's generated scenario stays valid, so the benchmark never rots."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate
from game.scenario import check_scenario


def test_generated_scenario_is_valid(tmp_path):
    scenario, diags = check_scenario(generate(str(tmp_path / "gen"), events=120, files=3))
    assert scenario is not None, [str(d) for d in diags[:5]]
    assert len(scenario.events) == 120


def test_bench_saves_runs_and_prints_its_figures(capsys, monkeypatch):
    import sys

    from benchmarks import bench_saves
    monkeypatch.setattr(sys, "argv", ["bench_saves", "--repeat", "3", "--seeds", "2", "--times", "2"])
    bench_saves.main()
    out = capsys.readouterr().out
    assert "save: median" in out and "load: median" in out and "the same journal x2" in out


async def played_pages(scenario):
    """The play screen's texts (as bench_turn takes them) after each of two turns of a game of the scenario's red,
    each showing the next event."""
    from benchmarks.bench_turn import page
    from game.tui.screens.play import PlayScreen
    from tests.tui_helpers import app_at, first_open_key

    app = app_at(scenario, "red")
    pages = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(2):
            await pilot.press(first_open_key(app.game))
            await pilot.pause()
            assert isinstance(app.screen, PlayScreen)
            pages.append(page(app.screen))
            titles = (pages[-1]["event-title"].plain, app.game.current().title)
            assert titles[0].startswith(titles[1]), titles
    return pages


async def test_bench_turns_reference_shows_the_texts_the_game_showed(mini):
    """The turn benchmark's reference (the play screen in Textual's own widgets) is shown each turn's texts as
    the game showed them, one turn per key."""
    from textual.widgets import Static

    from benchmarks.reference_screen import PLACES, ReferenceScreenApp, as_markup, from_markup
    from tests.tui_helpers import screen_lines

    pages = await played_pages(mini)
    standing = pages[0]["standing"].plain
    assert "YOUR POSITION" in standing and "RELATIONSHIPS" in standing
    assert pages[0]["choices"].plain.startswith("1. ")
    assert pages[0]["event-title"].plain != pages[1]["event-title"].plain
    assert set(pages[0]) == set(PLACES)
    handed = from_markup(as_markup(pages[0]))         # as bench_startup hands the first page to its probe
    assert {k: v.plain for k, v in handed.items()} == {k: v.plain for k, v in pages[0].items()}

    reference = ReferenceScreenApp(pages)
    async with reference.run_test(size=(100, 30)) as pilot:
        for shown in pages:
            await pilot.pause()
            for name in ("event-title", "event-text", "outcome", "keys", "status"):
                assert reference.query_one(f"#{name}", Static).visual.plain == shown[name].plain, name
            assert reference.query_one("#choices-text", Static).visual.plain == shown["choices"].plain
            assert any(shown["event-title"].plain in line for line in screen_lines(reference))
            await pilot.press("1")


async def test_bench_turns_hand_drawn_screen_draws_each_page_it_is_given(mini):
    """The hand-drawn screen (one widget drawing every line itself) shows each page's bars, event, choices and
    standing, and the next page at each key."""
    from benchmarks.reference_screen import HandDrawnApp
    from tests.tui_helpers import screen_lines

    pages = await played_pages(mini)
    drawn = HandDrawnApp(pages)
    async with drawn.run_test(size=(100, 30)) as pilot:
        for shown in pages:
            await pilot.pause()
            lines = screen_lines(drawn)
            assert len(lines) == 30
            assert lines[0].strip() == shown["status"].plain.strip()
            assert lines[-1].strip() == shown["keys"].plain.split("\n")[0].strip()
            assert any(shown["event-title"].plain in line[:64] for line in lines)
            assert any(line[:64].strip().startswith("1. ") for line in lines)
            assert any("YOUR POSITION" in line[64:] for line in lines)
            await pilot.press("1")


@pytest.mark.parametrize("kind", ["reference", "hand"])
def test_bench_startups_reference_starts_in_a_terminal_with_the_first_play_screens_texts(tmp_path, monkeypatch, kind):
    """bench_startup's reference and hand kinds: the first play screen's texts, handed over as markup, drawn by a
    process of its own in a pseudo-terminal (in Textual's widgets, or by one widget drawing every line itself),
    which reports its first complete frame."""
    import json

    from benchmarks.bench_startup import first_page, run_child
    from benchmarks.startup_probe import REFERENCE_ENV

    path = first_page(str(tmp_path))
    with open(path, encoding="utf-8") as fh:
        texts = json.load(fh)
    assert "January 1924" in texts["status"] and "YOUR POSITION" in texts["standing"]
    monkeypatch.setenv(REFERENCE_ENV, path)
    run = run_child(kind, str(tmp_path))
    assert 0 < run.marks["ready"] < run.marks["first_frame"] < run.exit_s
    assert b"January 1924" in run.output and b"YOUR POSITION" in run.output
    # Its fresh pages and CPU time, from the kernel's account of the child: an interpreter and Textual touch
    # thousands of pages and take some CPU, however fast the machine.
    assert run.faults > 1000 and run.user_s + run.system_s > 0


def test_bench_startup_measures_what_a_fresh_page_costs() -> None:
    """The price of a fresh page of memory, which bench_startup measures once a round, is measured on pages never
    touched before, each time: every page it writes to is one more page fault, and the price is some time."""
    import resource

    from benchmarks.bench_startup import PAGES, page_cost_us
    for _ in range(2):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        cost = page_cost_us()
        assert resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before >= PAGES
        assert cost > 0



def test_bench_startups_ratio_comes_with_the_interval_it_could_have_fallen_in():
    """The interval bench_startup gives each ratio of medians holds that ratio, is the same for the same runs, and is
    narrow where the runs agree and wide where they scatter."""
    import statistics

    from benchmarks.bench_startup import ratio_interval

    bare = [0.250 + 0.002 * i for i in range(30)]
    steady = [1.2 * t for t in bare]
    scattered = [1.2 * t * (0.6 if i % 3 == 0 else 1.4 if i % 3 == 1 else 1.0) for i, t in enumerate(bare)]
    low, high = ratio_interval(steady, bare)
    assert low <= statistics.median(steady) / statistics.median(bare) <= high
    assert (low, high) == ratio_interval(steady, bare)
    wide_low, wide_high = ratio_interval(scattered, bare)
    assert wide_high - wide_low > 2 * (high - low)
