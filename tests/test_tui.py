"""The full-screen game driven by keys (Pilot), asserting on the engine's state."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.events import Key
from textual.geometry import Region
from textual.widgets import Input, OptionList

from game.engine import Game
from game.engine.model import Scenario
from game.saves import SaveStore
from game.scenario import load_scenario
from game.tui.app import PolitburoApp
from game.tui.screens.chapter_end import ChapterEndScreen
from game.tui.screens.codex import CodexScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.journal import JournalScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.play import PlayScreen
from game.tui.screens.standing import StandingScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.too_small import TooSmallScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.standing_panel import StandingLines, StandingPanel
from tests.conftest import CHAPTER, mini_variant
from tests.tui_helpers import (
    SCENARIOS,
    Terminal,
    app_at,
    at_choice,
    click_choice,
    first_open_key,
    screen_lines,
    shown,
    standing_section,
)


async def test_title_to_an_ending_with_keys_only(chapter: Scenario) -> None:
    app = PolitburoApp(seed=7)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n")
        assert isinstance(app.screen, NewGameScreen)
        await pilot.press("down", "enter")            # the second role: Stalin
        assert isinstance(app.screen, PlayScreen)
        game = app.game
        assert game is not None and game.role == "stalin" and game.seed == 7
        keys = []
        while isinstance(app.screen, PlayScreen):
            keys.append(first_open_key(game))
            await pilot.press(keys[-1])
        assert isinstance(app.screen, EndingScreen)
        assert game.status == "ended"
        # The same choices in the engine alone reach the same ending.
        replay = Game.new(chapter, "stalin", 7)
        for key in keys:
            replay.choose(replay.current().choices[int(key) - 1].id)  # type: ignore[union-attr]
        assert replay.ending_id == game.ending_id
        assert shown(app, "#ending-title") == game.ending().title  # type: ignore[union-attr]
        await pilot.press("t")
        assert isinstance(app.screen, TitleScreen)
        assert app.game is None


async def test_the_ending_lays_out_its_path_table_once(chapter: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ending's column keeps its width when its scrollbar comes, so the path against the record (the costliest
    text of the game to lay out) is laid out for one width only."""
    from game.tui.widgets.timeline_table import TimelineTable
    widths: list[int] = []
    lay_out = TimelineTable._lay_out
    monkeypatch.setattr(TimelineTable, "_lay_out", lambda table, width: widths.append(width) or lay_out(table, width))
    game = Game.new(chapter, "zinoviev", 1)
    while game.status == "event":
        game.choose(game.available_choices()[0].id)
    app = PolitburoApp(game=game)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen) and app.screen.query_one("#ending-scroll").max_scroll_y > 0
        assert len(widths) == 1


async def test_a_game_begun_at_once_puts_up_the_title_screen_when_its_ending_is_left(mini: Scenario) -> None:
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, EndingScreen):
            if isinstance(app.screen, ChapterEndScreen):     # a chapter's summary: go on
                await pilot.press("enter")
            else:
                assert isinstance(app.screen, PlayScreen)
                await pilot.press(first_open_key(app.game))  # type: ignore[arg-type]
        # Nothing beneath the ending is built while it is drawn...
        assert not any(isinstance(screen, (TitleScreen, PlayScreen)) for screen in app.screen_stack)
        await pilot.press("t")
        # ...and leaving it puts the title screen up, the game over.
        assert isinstance(app.screen, TitleScreen) and len(app.screen_stack) == 2 and app.game is None


async def test_arrows_and_enter_choose(mini: Scenario) -> None:
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter")             # the second choice: stand alone
        assert app.game.journal[-1]["choice"] == "alone"  # type: ignore[union-attr]


async def test_unavailable_choice_shows_its_reason_and_cannot_be_taken(mini: Scenario) -> None:
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        choices = app.screen.query_one(ChoiceList)
        assert choices.choices[2].id == "locked" and "choice-list--unavailable" in choices.lines.row_style(2)
        assert choices.rows[2].plain == "3. A door that stays shut.\nNot open to you: You lack the prestige."
        await pilot.press("3")
        assert app.game.journal == []  # type: ignore[union-attr]
        assert [n.message for n in app._notifications] == ["That is not open to you now: You lack the prestige."]
        app.clear_notifications()
        await click_choice(pilot, choices, 2)          # a click says the same, by the list's message
        assert app.game.journal == []  # type: ignore[union-attr]
        assert [n.message for n in app._notifications] == ["That is not open to you now: You lack the prestige."]


async def test_alliances_and_offices_changing_are_noticed(mini: Scenario) -> None:
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.screen.query_one("#notices").display
        await pilot.press("1")                         # join the bloc: an alliance forms
        assert app.screen.query_one("#notices").display
        assert shown(app, "#notices") == "Alliances: The bloc forms: Green, Red"
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")                         # stand alone
        while app.game.current().id != "reckoning":    # type: ignore[union-attr]
            await pilot.press("1")
        await pilot.press("1")
        assert shown(app, "#notices").splitlines() == ["Offices: Red is no longer Chief", "Offices: Blue becomes Chief"]
        await pilot.press("1")                         # a quiet month, the first chapter's last: its summary
        from game.tui.screens.chapter_end import ChapterEndScreen
        assert isinstance(app.screen, ChapterEndScreen)
        await pilot.press("enter")                     # then the next event, and the band goes
        assert not app.screen.query_one("#notices").display
        assert not app.screen.prose.showing("outcome")      # the summary showed the outcome: not again


async def test_one_factions_changes_make_one_notice(tmp_path: Path) -> None:
    joins = '          - join("bloc")\n'
    folder = mini_variant(tmp_path, "three", joins, joins + '          - join("bloc", "blue")\n')
    app = app_at(load_scenario(folder), "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")                         # the bloc forms, and Blue joins it at once
        assert shown(app, "#notices") == "Alliances: The bloc forms: Blue, Green, Red"


async def test_outcome_and_changes_shown_above_the_next_event(mini: Scenario) -> None:
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        outcome = shown(app, "#outcome")
        assert outcome.startswith("You are in the bloc.")
        assert "Prestige +10 (now 70)" in outcome
        assert shown(app, "#event-title") == "The Follow-up"


async def test_event_text_is_never_markup(mini: Scenario) -> None:
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert shown(app, "#event-text") == "It is January 1924. Prestige 60, votes 2. [bold]not markup[/bold] {literal}"
        svg = app.export_screenshot()
        assert "[bold]not" in svg.replace("&#160;", " ")


async def test_brackets_everywhere_stay_literal(tmp_path: Path) -> None:
    folder = mini_variant(tmp_path, "brackets", "text: Join the bloc.", "text: \"[red]Join[/red] the [bloc].\"")
    scenario = load_scenario(str(folder))
    app = app_at(scenario, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ChoiceList).rows[0].plain == "1. [red]Join[/red] the [bloc]."
        await pilot.press("j")
        await pilot.press("escape")
        await pilot.press("1")
        await pilot.press("j")
        assert "[red]Join[/red] the [bloc]." in app.export_screenshot().replace("&#160;", " ")


async def test_journal_lists_every_decision(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.press(first_open_key(app.game))  # type: ignore[arg-type]
        await pilot.press("j")
        assert isinstance(app.screen, JournalScreen)
        entries = [w.visual.plain for w in app.screen.query(".journal-entry")]  # type: ignore[attr-defined]
        assert len(entries) == 3
        for entry, j in zip(entries, app.game.journal):  # type: ignore[union-attr]
            assert entry.startswith("January 1924  ·  " + j["title"]) or j["title"] in entry
            assert " ".join(j["choice_text"].split()) in entry
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_codex_search_and_links(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CodexScreen)
        listing = screen.query_one("#codex-list", OptionList)
        unlocked = app.game.unlocked  # type: ignore[union-attr]
        assert listing.option_count == len(unlocked)
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, Input)
        await pilot.press(*"testament")
        found = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert found and all("testament" in (chapter.codex[i].title + chapter.codex[i].text).lower() for i in found)
        await pilot.press("enter")                    # to the list
        entry = screen.current
        assert entry is not None and shown(app, "#codex-entry").startswith(entry.title)
        # Follow the first link that leads to an unlocked entry.
        target = next((x for x in entry.links if x in unlocked), None)
        if target is not None:
            await pilot.press("enter")                # to the links
            links = screen.query_one("#codex-links", OptionList)
            assert links.highlighted is not None
            while links.get_option_at_index(links.highlighted).id != target:
                await pilot.press("down")
            await pilot.press("enter")
            assert screen.current is not None and screen.current.id == target
        await pilot.press("ctrl+f", "escape")         # escape clears the search first
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


async def test_codex_search_with_no_match(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "ctrl+f", *"zzzz")
        assert app.screen.query_one("#codex-list", OptionList).option_count == 0
        assert shown(app, "#codex-entry") == "Nothing in your codex matches 'zzzz'."


async def test_help_lists_every_key(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = shown(app, "#keys")
        from game.tui.screens.chapter_end import ChapterEndScreen
        from game.tui.screens.scenarios import ScenariosScreen
        for screen in (PolitburoApp, PlayScreen, TitleScreen, JournalScreen, CodexScreen, EndingScreen, NewGameScreen,
                       StandingScreen, ScenariosScreen, ChapterEndScreen):
            for b in screen.BINDINGS:
                if b.id in {f"choose_{n}" for n in range(2, 10)} | {"inspector"}:  # type: ignore[union-attr]
                    continue        # the writer's inspector is listed with play --inspect only
                assert re.search(rf"^\s+{re.escape(b.key_display or b.key.split(',')[0].replace('question_mark', '?'))}\b",  # type: ignore[union-attr]
                                 text, re.M), (screen.__name__, b)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


def test_every_binding_has_an_id() -> None:
    from game.tui.screens.chapter_end import ChapterEndScreen
    from game.tui.screens.confirm import ConfirmScreen as Confirm
    from game.tui.screens.scenarios import ScenariosScreen
    screens = (PolitburoApp, PlayScreen, TitleScreen, JournalScreen, CodexScreen, EndingScreen, NewGameScreen,
               HelpScreen, Confirm, StandingScreen, ScenariosScreen, ChapterEndScreen)
    ids = [b.id for s in screens for b in s.BINDINGS]  # type: ignore[union-attr]
    assert all(ids) and len(ids) == len(set(ids))


async def test_quit_mid_game_leaves_at_once_because_the_choice_is_autosaved(chapter: Scenario, saves_dir: Path) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.press("q")
    assert app.return_code == 0 and not app.is_running
    assert (saves_dir / "autosave-1.json").is_file()


def unwritable_saves(tmp_path: Path) -> str:
    """A saves folder that cannot be made: its parent is a file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    return str(blocker / "saves")


async def test_quit_asks_first_when_the_autosave_failed(chapter: Scenario, tmp_path: Path) -> None:
    app = app_at(chapter, "trotsky", seed=1, saves_dir=unwritable_saves(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert any("Autosave failed" in (n.title or "") for n in app._notifications)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "autosave failed" in shown(app, "#detail")
        await pilot.press("n")
        assert isinstance(app.screen, PlayScreen) and app.is_running
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
    assert app.return_code == 0


async def test_quit_before_any_decision_needs_no_confirmation() -> None:
    app = PolitburoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
    assert app.return_code == 0 and not app.is_running


async def test_a_turn_redraws_the_standing_sections_that_changed_and_keeps_the_rest(chapter: Scenario) -> None:
    game = Game.new(chapter, "trotsky", 1)
    app = PolitburoApp(game=game)

    def shown_box(lines: StandingLines) -> Region:
        """Where the panel's lines are on the screen, as far as the panel shows them."""
        return lines.content_region.intersection(app.screen.query_one("#side", StandingPanel).scrollable_content_region)

    def on_screen(lines: StandingLines) -> list[str]:
        """The panel's lines as the screen shows them."""
        box = shown_box(lines)
        return [row[box.x:box.right].rstrip() for row in screen_lines(app)[box.y:box.bottom]]

    def expected(lines: StandingLines) -> list[str]:
        """Every section wrapped to the panel's width, a blank line below each, as a fresh panel draws them."""
        out: list[str] = []
        for text in lines.sections.values():
            out += [line.plain.rstrip() for line in text.wrap(lines.size.width)] + [""] * lines.gap
        return out[:shown_box(lines).height]

    def heading_colour(lines: StandingLines) -> object:
        return next(iter(lines.render_line(0))).style.color
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.pause()
        lines = app.screen.query_one("#side", StandingPanel).lines
        assert list(lines.sections) == ["stats", "aims", "votes", "alliances", "relations"]
        assert on_screen(lines) == expected(lines)
        kept = kept_count = redrawn = lines_kept = fewer = 0
        refreshed: list[Region] = []
        refresh = lines.refresh
        lines.refresh = lambda *regions, **kw: (refreshed.extend(regions), refresh(*regions, **kw))[1]  # type: ignore[method-assign]
        for _ in range(6):
            before, drawn = dict(lines.sections), dict(lines._drawn)
            line_strips = {key: dict(by_text) for key, (_, by_text) in lines._lines.items()}
            refreshed.clear()
            await pilot.press(first_open_key(game))
            await pilot.pause()
            assert on_screen(lines) == expected(lines)          # the sections that changed are drawn anew
            # ... of those, only the lines that changed, when the sections keep their heights
            changed = sum(len(text.wrap(lines.size.width)) for key, text in lines.sections.items() if before.get(key) != text)
            fewer += bool(refreshed) and all(r.height == 1 for r in refreshed) and len(refreshed) < changed
            for key, text in lines.sections.items():
                if key in drawn and before.get(key) == text:
                    kept_count += 1
                    kept += lines._drawn.get(key) is drawn[key]     # an unchanged section's lines are not drawn again
                elif key in drawn:
                    redrawn += 1
                    # ... and in one that changed, a line that reads and looks as before is the line drawn before
                    for line, strip in lines._lines[key][1].items():
                        if line in line_strips.get(key, {}):
                            assert strip is line_strips[key][line]
                            lines_kept += 1
        assert kept_count and kept == kept_count and redrawn and lines_kept and fewer
        paper = heading_colour(lines)
        await pilot.press("ctrl+t")                              # the other theme: every section in its colours
        await pilot.pause()
        assert heading_colour(lines) != paper


async def test_a_screen_s_own_styles_are_read_when_it_is_first_shown(chapter: Scenario) -> None:
    """Begun straight into play, the game has read no other screen's styles; the codex's come with the codex."""
    def read(app: PolitburoApp) -> set[str]:
        return {name.removesuffix(".DEFAULT_CSS") for _, name in app.stylesheet.source if name.endswith("Screen.DEFAULT_CSS")}
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert read(app) <= {"Screen", "ModalScreen"}          # Textual's own, not the game's
        await pilot.press("c")
        assert isinstance(app.screen, CodexScreen) and "CodexScreen" in read(app)


def test_every_styles_file_beside_a_screen_is_that_screen_s_own() -> None:
    import importlib
    import inspect

    from textual.screen import Screen
    folder = Path(__file__).parents[1] / "game" / "tui" / "screens"
    for sheet in sorted(folder.glob("*.tcss")):
        module = importlib.import_module(f"game.tui.screens.{sheet.stem}")
        owners = [c for _, c in inspect.getmembers(module, inspect.isclass)
                  if issubclass(c, Screen) and c.__module__ == module.__name__ and "DEFAULT_CSS" in c.__dict__]
        assert [c.DEFAULT_CSS for c in owners] == [sheet.read_text(encoding="utf-8")], sheet.name


async def test_narrow_terminal_keeps_standing_a_key_away(chapter: Scenario) -> None:
    app = app_at(chapter, "zinoviev", seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query_one("#side").display
        await pilot.press("s")
        assert isinstance(app.screen, StandingScreen)
        assert "Politburo:" in standing_section(app, "votes")
        others = [c for c in chapter.characters if c != app.game.player and app.game.alive(c)]  # type: ignore[union-attr]
        assert len(standing_section(app, "relations").splitlines()) == 1 + len(others)     # the heading, then each
        await pilot.press("escape")
    app = app_at(chapter, "zinoviev", seed=2)
    async with app.run_test(size=(120, 30)):
        side = app.screen.query_one("#side")
        assert side.display and side.region.width > 0
        assert "Politburo:" in standing_section(app, "votes")


async def test_every_choice_of_the_biggest_event_is_visible_at_80x24(chapter: Scenario) -> None:
    def offered(e, role):
        return [c for c in e.choices if c.roles is None or role in c.roles]

    def at(e, role):
        data = Game.new(chapter, role, 1).snapshot()
        data["current"] = e.id
        return Game.restore(chapter, data)
    # The events with the most choices a role can be offered, and of those the one that shows most
    # of them in a new game (some are shown only after earlier choices).
    candidates = sorted(((e, r) for e in chapter.events.values() for r in sorted(e.roles or chapter.roles)),
                        key=lambda x: -len(offered(*x)))[:12]
    game = max((at(*c) for c in candidates), key=lambda g: len(g.current().choices))  # type: ignore[union-attr]
    app = PolitburoApp(game=game)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        assert len(choices.rows) == len(game.current().choices) >= 4  # type: ignore[union-attr]
        assert choices.max_scroll_y == 0                     # nothing hidden inside the list
        footer = app.screen.query_one("KeyBar").region
        assert choices.region.y >= 1 and choices.region.bottom <= footer.y <= app.screen.region.bottom
        for i, (row, choice) in enumerate(zip(choices.rows, game.current().choices)):  # type: ignore[union-attr]
            assert choices.region.contains_region(choices.row_region(i)), choices.row_region(i)
            assert " ".join(choice.text.split()) in row.plain
            assert " ".join(choice.reason.split()) in row.plain


async def test_nine_long_choices_stay_visible_at_80x24(tmp_path: Path) -> None:
    long = "a long and winding choice that runs on over more than one line of a narrow terminal, " * 2
    extra = "".join(f"      - {{id: c{n}, text: \"{n}: {long}\"}}\n" for n in range(6))
    folder = mini_variant(tmp_path, "nine", "      - id: locked\n", extra + "      - id: locked\n")
    scenario = load_scenario(str(folder))
    app = app_at(scenario, "red")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        assert len(choices.rows) == 9
        assert choices.region.bottom <= app.screen.query_one("KeyBar").region.y
        await pilot.press("down", "down", "down", "down", "down", "down", "down")
        assert choices.highlighted == 7                              # the last open one; the list scrolled to it
        assert choices.scroll_y > 0 and choices.scrollable_content_region.contains_region(choices.row_region(7))
        assert app.screen.query_one("#prose").region.height >= 3     # the prose scrolls, still there
        await pilot.press("9")                                        # the last is reachable by key
        assert app.game.journal == []  # type: ignore[union-attr]   # it is the locked one
        await pilot.press("8")
        assert app.game.journal[-1]["choice"] == "c5"  # type: ignore[union-attr]


async def test_a_long_choice_wraps_under_its_text_at_any_width(tmp_path: Path) -> None:
    long = "a long and winding choice that runs on over more than one line of a narrow terminal"
    choice = f"      - {{id: long, text: \"{long}\"}}\n"
    folder = mini_variant(tmp_path, "long", "      - id: locked\n", choice + "      - id: locked\n")
    app = app_at(load_scenario(str(folder)), "red")

    def rows(index: int) -> list[str]:
        box = app.screen.query_one(ChoiceList).row_region(index)
        return [line[box.x:box.right].rstrip() for line in screen_lines(app)[box.y:box.bottom]]
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((80, 24), (130, 40), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            listed = len(app.screen.query_one(ChoiceList).rows)
            long_rows, locked_rows = rows(listed - 2), rows(listed - 1)
            mark = f"{listed - 1}. "
            assert long_rows[0].startswith(mark) and len(long_rows) >= 2, (size, long_rows)
            for row in long_rows[1:]:
                assert row.startswith(" " * len(mark)) and row[len(mark)] != " ", (size, long_rows)
            assert " ".join(row.strip() for row in long_rows) == mark + long
            assert locked_rows[1] == " " * len(mark) + "Not open to you: You lack the prestige."


async def test_too_small_terminal_says_so_and_recovers(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert shown(app, "#too-small-message").startswith("The terminal is 60x20; Politburo needs at least 80x24.")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("1")
        assert len(app.game.journal) == 1  # type: ignore[union-attr]


async def test_theme_toggles_between_paper_and_night() -> None:
    app = PolitburoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme == "politburo-paper"
        await pilot.press("ctrl+t")
        assert app.theme == "politburo-night"
        await pilot.press("ctrl+t")
        assert app.theme == "politburo-paper"


async def test_command_palette_carries_the_game_commands(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for name in ("New game", "Journal", "Codex", "Standing", "Save game", "Load game", "Quicksave", "Quickload",
                     "Leave game", "Help", "Light or dark", "Quit"):
            assert name in titles


async def test_palette_journal_command_opens_the_journal(chapter: Scenario) -> None:
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"journal")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)


async def test_scenarios_screen_starts_a_new_game() -> None:
    app = PolitburoApp(scenarios_dir=SCENARIOS, seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        listing = app.screen.query_one("#scenario-list", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert "mini" in ids and "succession-1924" in ids
        while listing.get_option_at_index(listing.highlighted or 0).id != "mini":
            await pilot.press("down")
        await pilot.press("enter")
        assert isinstance(app.screen, NewGameScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, PlayScreen)
        assert app.game.scenario.id == "mini" and app.game.seed == 3  # type: ignore[union-attr]


async def test_a_broken_scenario_cannot_be_started_and_says_why(tmp_path: Path) -> None:
    folder = mini_variant(tmp_path, "broken", "name: Prestige", "nme: Prestige")
    app = PolitburoApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(NewGameScreen(str(folder)))
        await pilot.pause()
        text = shown(app, "#role-about")
        assert text.startswith("This scenario cannot be played: it has errors.")
        assert re.search(r"content\.yaml:2:\d+: .*'nme'", text)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NewGameScreen)


async def test_seed_must_be_a_number(mini: Scenario) -> None:
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(NewGameScreen(mini.path))
        await pilot.pause()
        app.screen.query_one("#seed", Input).value = "12"
        await pilot.press("ctrl+s")
        assert app.game is not None and app.game.seed == 12


def test_chapter_path_is_the_default_scenario() -> None:
    from game.scenario.discovery import DEFAULT_SCENARIO, find_scenario
    assert Path(find_scenario(DEFAULT_SCENARIO) or "").resolve() == CHAPTER.resolve()


async def test_a_scenario_failing_during_play_goes_back_to_the_title_with_a_message(tmp_path: Path) -> None:
    folder = mini_variant(tmp_path, "fails", "text: Good.", "text: \"{100 / (prestige - 70)}\"")
    scenario = load_scenario(str(folder))
    app = app_at(scenario, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")                 # prestige becomes 70; the next event's choice text divides by zero
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and app.game is None
        [note] = [n for n in app._notifications if n.title == "The scenario failed"]
        assert note.message.startswith(f"{folder}/content.yaml:55:26: text of choice 'followup.ok': division by zero")


CHANGED = "the checked-scenario cache of scenarios/mini was damaged while the game ran, and its files have changed"


def _changed_under_the_game(game: Game, choice_id: str) -> None:
    """What a choice meets when what it leads to can no longer be built as the game began (see game.scenario.cache)."""
    from game.engine import ScenarioChangedError
    raise ScenarioChangedError(CHANGED)


async def test_a_scenario_changed_under_the_game_goes_back_to_the_title_not_called_a_fault(mini: Scenario,
                                                                                            monkeypatch) -> None:
    """The scenario could not be built further as the game began it: back to the title, with a message that says
    what happened and what to do, and does not call the scenario faulty."""
    app = app_at(mini, "red")
    monkeypatch.setattr(Game, "choose", _changed_under_the_game)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and app.game is None
        assert not [n for n in app._notifications if n.title == "The scenario failed"]
        [note] = [n for n in app._notifications if n.title == "The scenario changed"]
        assert note.message == f"{CHANGED}. Start the game again, or load a save: the scenario is read anew from its files."


def test_plain_mode_says_the_scenario_changed_under_the_game(mini: Scenario, monkeypatch) -> None:
    import io

    from game.plain import PlainGame
    monkeypatch.setattr(Game, "choose", _changed_under_the_game)
    out = io.StringIO()
    assert PlainGame(Game.new(mini, "red", 1), io.StringIO("1\n"), out).run() == 1
    last = out.getvalue().splitlines()[-1]      # after the prompt the choice was typed at
    assert last.endswith(f"error: the scenario changed during play: {CHANGED}; start the game again, or load a save")
    assert "fault" not in out.getvalue()


async def test_quit_question_over_a_too_small_terminal(chapter: Scenario, tmp_path: Path) -> None:
    app = app_at(chapter, "trotsky", seed=1, saves_dir=unwritable_saves(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert sum(isinstance(s, TooSmallScreen) for s in app.screen_stack) == 0


async def test_a_click_makes_a_choice(mini: Scenario) -> None:
    app = app_at(mini, "red")
    async with app.run_test(size=(100, 30)) as pilot:
        await click_choice(pilot, app.screen.query_one(ChoiceList), 1)
        assert app.game.journal[-1]["choice"] == "alone"  # type: ignore[union-attr]


async def test_the_highlight_and_the_mouse_show_on_the_choices(mini: Scenario) -> None:
    app = app_at(mini, "red")

    def background(choices: ChoiceList, index: int) -> object:
        """The background of the first cell of the choice at `index`, as it is drawn now."""
        row, lines = choices.row_region(index), choices.lines
        strip = lines.render_line(row.y - lines.content_region.y)
        return next(iter(strip)).style.bgcolor
    async with app.run_test(size=(100, 30)) as pilot:
        choices = app.screen.query_one(ChoiceList)
        assert choices.has_focus and "choice-list--current" in choices.lines.row_style(0)
        focused, plain = background(choices, 0), background(choices, 1)
        assert focused != plain
        app.screen.set_focus(None)                     # the list without the keys: the highlight dims
        await pilot.pause()
        assert "choice-list--highlight" in choices.lines.row_style(0)
        assert background(choices, 0) not in (focused, plain)
        await pilot.hover(**at_choice(choices, 1))
        assert choices.lines.hover == 1 and "choice-list--hover" in choices.lines.row_style(1)
        assert background(choices, 1) not in (focused, plain)
        await pilot.hover("#status")
        assert choices.lines.hover is None and background(choices, 1) == plain
        assert "choice-list--unavailable" in choices.lines.row_style(2)   # the closed one stays greyed
        await pilot.press("ctrl+t")                    # the other theme: every choice in its colours
        await pilot.pause()
        assert background(choices, 1) != plain and background(choices, 0) != focused


async def test_the_key_bar_lists_the_screen_keys_and_a_click_runs_one(chapter: Scenario) -> None:
    from game.tui.widgets.key_bar import KeyBar
    app = app_at(chapter, "trotsky", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.screen.query_one(KeyBar)
        text = bar.visual.plain  # type: ignore[attr-defined]
        for shown_key in ("1-9 Choose", "j Journal", "c Codex", "s Standing", "q Quit", "f1 Help", "^p Commands"):
            assert shown_key in text
        journal = text.index("Journal") + 1

        def reversed_at(x: int) -> bool:
            """Whether the key bar's cell at `x` is drawn reversed, as a link under the mouse is."""
            strip = app.screen._compositor.render_update(full=True).strips[bar.region.y]  # type: ignore[attr-defined]
            cells = [segment.style for s in strip for segment in s for _ in segment.text]
            return bool(cells[bar.region.x + x] and cells[bar.region.x + x].reverse)
        assert not reversed_at(journal)
        await pilot.hover(bar, offset=(journal, 0))      # an entry is a link: under the mouse it stands out
        await pilot.pause()
        assert reversed_at(journal)
        await pilot.click(bar, offset=(journal, 0))
        assert isinstance(app.screen, JournalScreen)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_after_each_choice_the_next_events_title_is_in_view(chapter: Scenario, size: tuple[int, int]) -> None:
    game = Game.new(chapter, "zinoviev", 1)
    app = PolitburoApp(game=game)
    folded = checked = 0
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        while game.status == "event" and checked < 30:
            if isinstance(app.screen, ChapterEndScreen):
                await pilot.press("enter")
                continue
            await pilot.press(first_open_key(game))
            await pilot.pause()
            if not isinstance(app.screen, PlayScreen):
                continue
            lines = screen_lines(app)
            title = game.current().title  # type: ignore[union-attr]
            at = next((n for n, line in enumerate(lines) if line.strip().startswith(title)), None)
            assert at is not None, "\n".join(lines)
            # The title's line, then a blank one, then the first line of the event's text.
            first_words = " ".join(game.current().text.split()[:3])  # type: ignore[union-attr]
            assert first_words in lines[at + 2], "\n".join(lines)
            folded += app.screen.folded
            checked += 1
            notices = [line.strip() for line in lines if line.strip().startswith(("Offices: ", "Alliances: "))]
            outcome = shown(app, "#outcome")
            assert not any(n.split(": ", 1)[1] in outcome for n in notices)      # each notice once
    assert checked >= 20
    if size == (80, 24):
        assert folded        # the small screen had outcomes to fold


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("role", ["stalin", "trotsky", "zinoviev"])
async def test_before_the_first_choice_the_first_events_text_is_in_view(chapter: Scenario, role: str,
                                                                        size: tuple[int, int]) -> None:
    game = Game.new(chapter, role, 1)
    app = PolitburoApp(game=game)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        view = game.current()
        assert view is not None
        at = next((n for n, line in enumerate(lines) if line.strip().startswith(view.title)), None)
        assert at is not None, "\n".join(lines)
        assert " ".join(view.text.split()[:3]) in lines[at + 2], "\n".join(lines)
        play = app.screen
        assert isinstance(play, PlayScreen)
        aims = shown(app, "#outcome")
        folded = play.folded
        assert aims.startswith("You want: ") == folded
        if folded:         # run on in a paragraph each, cut to the room, and `o` shows them whole
            assert aims.endswith("o shows all your aims and fears")
            await pilot.press("o")
            await pilot.pause()
            whole = shown(app, "#outcome")
            assert not play.folded and whole.startswith("What you want\n") and "What you fear" in whole
    if size == (80, 24):
        assert folded           # the small screen had no room for the aims whole


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 40)], ids=["narrow", "side", "very-wide"])
async def test_the_first_frame_is_folded_to_the_room_the_layout_then_gives(chapter: Scenario,
                                                                           size: tuple[int, int]) -> None:
    # The room above the event is worked out from the styles before the first layout: the same as the layout's.
    app = PolitburoApp(game=Game.new(chapter, "stalin", 1))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert play.estimated_story_size() == play.story_size()


async def test_a_resized_screen_folds_the_aims_again(chapter: Scenario) -> None:
    app = PolitburoApp(game=Game.new(chapter, "stalin", 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.folded
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert not play.folded and shown(app, "#outcome").startswith("What you want\n")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert play.folded and shown(app, "#outcome").startswith("You want: ")


async def test_a_folded_outcome_unfolds_with_o(chapter: Scenario) -> None:
    game = Game.new(chapter, "stalin", 1)
    app = PolitburoApp(game=game)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(first_open_key(game))          # the Conference's vote, and who voted how: too long here
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.folded
        folded = shown(app, "#outcome")
        assert "votes on" in folded and folded.endswith("o shows the whole outcome") and "\n  For " not in folded
        await pilot.press("o")
        await pilot.pause()
        whole = shown(app, "#outcome")
        assert not play.folded and "\n  For " in whole and "o shows the whole outcome" not in whole
        await pilot.press(first_open_key(game))          # the next choice folds again where it must
        await pilot.pause()
        assert "o shows the whole outcome" not in shown(app, "#outcome") or play.folded


async def test_the_standing_hidden_on_a_narrow_screen_is_up_to_date_when_it_widens(chapter: Scenario) -> None:
    game = Game.new(chapter, "trotsky", 1)
    app = PolitburoApp(game=game)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and not play.side.display
        before = standing_section(app, "stats")
        for _ in range(3):
            await pilot.press(first_open_key(game))
            await pilot.pause()
        assert play.side_stale and standing_section(app, "stats") == before      # not worked out while hidden
        await pilot.resize_terminal(120, 34)
        await pilot.pause()
        await pilot.pause()
        health = f"{game.stats['health']:>3}"
        assert play.side.display and not play.side_stale
        assert any(line.startswith("Health") and line.endswith(health) for line in standing_section(app, "stats").splitlines())


@pytest.mark.parametrize("start", ["title", "game"])
async def test_the_app_lets_the_collector_go_once_its_first_frame_is_up(mini: Scenario, start: str) -> None:
    """`politburo play` holds the cyclic collector off while the app starts; the app's first frame lets it go,
    with what the app and the game are built of frozen out of its sight."""
    import gc
    gc.disable()
    try:
        app = PolitburoApp(game=Game.new(mini, "red", 1) if start == "game" else None)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()


async def test_a_turn_holds_the_collector_until_its_frame_is_drawn(mini: Scenario, monkeypatch) -> None:
    """The cyclic collector does not run inside a turn (it would keep the next event back); once the frame is
    drawn it runs again, and a key lets it go too should no frame come."""
    import gc
    game = Game.new(mini, "red", 1)
    app = PolitburoApp(game=game)
    seen: list[bool] = []
    choose = game.choose

    def watched(choice_id: str):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return choose(choice_id)

    monkeypatch.setattr(game, "choose", watched)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        await pilot.press(first_open_key(game))
        await pilot.pause()
        assert seen == [False] and gc.isenabled()
        with monkeypatch.context() as m:
            m.setattr(app, "call_after_refresh", lambda *a, **k: True)      # as if no frame were to come
            app.hold_collector()
            assert not gc.isenabled()
            await pilot.press("left")       # the next key lets it go
            assert gc.isenabled()
    gc.enable()


@pytest.mark.parametrize("start", ["title", "game"])
async def test_the_first_screen_is_drawn_once_the_app_runs_not_in_its_start_up_batch(
        mini: Scenario, monkeypatch, start: str) -> None:
    """Textual starts an app inside a batch that holds every frame back. The first screen is put up after it, so
    its first composed frame is the one shown, not one thrown away and drawn again a timer tick later."""
    composed: list[tuple[str, int]] = []
    display = PolitburoApp._display

    def noted(self: PolitburoApp, screen: object, renderable: object) -> None:
        if renderable is not None:
            composed.append((type(screen).__name__, self._batch_count))
        display(self, screen, renderable)  # type: ignore[arg-type]

    monkeypatch.setattr(PolitburoApp, "_display", noted)
    app = PolitburoApp(game=Game.new(mini, "red", 1)) if start == "game" else PolitburoApp(scenarios_dir=SCENARIOS)
    first = PlayScreen if start == "game" else TitleScreen
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, first)
    frames = [batched for name, batched in composed if name == first.__name__]
    assert frames and frames[0] == 0, composed


def type_ahead(monkeypatch: pytest.MonkeyPatch, keys: str, *, at: str = "on_mount") -> None:
    """Have the app find `keys` waiting as it starts, as when a player types before it is up: in its queue ahead
    of everything its start puts there (at="on_mount"), or just behind its first screen, put up but not yet
    mounted (at="open_first_screen")."""
    original = getattr(PolitburoApp, at)

    def typed(self: PolitburoApp) -> None:
        first = self._first_screen is None      # open_first_screen acts only once
        if at == "on_mount":
            for key in keys:
                self.post_message(Key(key, key))
        original(self)
        if at != "on_mount" and first:
            for key in keys:
                self.post_message(Key(key, key))

    monkeypatch.setattr(PolitburoApp, at, typed)


@pytest.mark.parametrize("at", ["on_mount", "open_first_screen"])
@pytest.mark.parametrize("start", ["game", "title"])
async def test_keys_typed_ahead_of_the_first_screen_wait_for_it(mini: Scenario, monkeypatch, at: str,
                                                                start: str) -> None:
    type_ahead(monkeypatch, first_open_key(Game.new(mini, "red", 1)) if start == "game" else "n", at=at)
    app = PolitburoApp(game=Game.new(mini, "red", 1)) if start == "game" else PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if start == "game":
            assert isinstance(app.screen, PlayScreen)
            assert app.game is not None and len(app.game.journal) == 1       # the choice key was taken
        else:
            assert isinstance(app.screen, NewGameScreen) and isinstance(app.screen_stack[1], TitleScreen)


async def test_continue_typed_ahead_of_the_title_screen_reads_the_saves_first(mini: Scenario, saves_dir: Path,
                                                                              monkeypatch) -> None:
    game = Game.new(mini, "red", 1)
    game.choose(game.available_choices()[0].id)
    SaveStore(saves_dir).write(game, "in-progress")
    type_ahead(monkeypatch, "c")
    app = PolitburoApp(scenarios_dir=SCENARIOS)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.game is not None and len(app.game.journal) == 1


async def test_a_game_started_at_once_puts_the_title_screen_up_when_the_player_goes_back(mini: Scenario) -> None:
    """A game begun straight away is the app's first screen, with no title screen (nor any other) beneath it; going
    back puts the title screen up, drawn whole, its menu in hand and its saves read, and the game's screen is gone."""
    game = Game.new(mini, "red", 1)
    app = PolitburoApp(game=game)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen_stack == [app.screen]
        assert not any(isinstance(s, TitleScreen) for s in app.screen_stack)
        await pilot.press(first_open_key(game))
        await pilot.pause()
        app.back_to_title()
        await pilot.pause()
        title = app.screen
        assert isinstance(title, TitleScreen) and len(app.screen_stack) == 2
        assert not any(isinstance(s, PlayScreen) for s in app.screen_stack)
        assert app.focused is title.query_one("#menu", OptionList)
        assert shown(app, "#saves-note").startswith("Continue: ")     # the game just left, autosaved
        assert not title.query_one("#menu", OptionList).get_option("continue").disabled
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_a_screen_first_shown_is_styled_as_a_full_restyle_would(chapter: Scenario, size: tuple[int, int]) -> None:
    # A game screen first shown leaves out Textual's restyling of its widgets on resuming (they were styled as they
    # were mounted): what each widget's styles come to must be the same as after that restyling.
    app = app_at(chapter, "trotsky")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen) and isinstance(screen.focused, ChoiceList)

        def styles() -> dict[str, str]:
            return {f"{i} {type(n).__name__}#{n.id}": n.styles.css for i, n in enumerate(screen.walk_children())}

        first = styles()
        app.update_styles(screen)
        assert styles() == first
        await pilot.press("s" if size[0] < 100 else "j")     # a screen over it, first shown too
        assert app.screen is not screen
        over = app.screen
        shown_first = {n: n.styles.css for n in over.walk_children(with_self=True)}
        app.update_styles(over)
        assert {n: n.styles.css for n in over.walk_children(with_self=True)} == shown_first


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (120, 34)])
async def test_what_the_terminal_shows_after_each_turn_is_the_screen_drawn_afresh(chapter: Scenario,
                                                                                  size: tuple[int, int]) -> None:
    """Each turn redraws only what changed (a section of the standing, the story, the choices; never the columns'
    own lines for a change of height): the frames, one over another, add up to the screen drawn from nothing."""
    game = Game.new(chapter, "trotsky", 1)
    app = PolitburoApp(game=game)
    terminal = Terminal(app)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert terminal.cells == terminal.afresh()
        for turn in range(14):
            await pilot.press(first_open_key(game))
            await pilot.pause()
            if not isinstance(app.screen, PlayScreen):
                break
            if turn == 6:
                app.screen.query_one("#side", StandingPanel).scroll_end(animate=False, immediate=True)
                await pilot.pause()
            assert terminal.cells == terminal.afresh(), turn


async def test_a_turn_does_not_draw_the_play_columns_own_lines_again(chapter: Scenario,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The story's height changes every turn; the standing's and the choices' columns' own lines (background,
    padding) do not, and are drawn again only when the column itself changes size."""
    from textual._styles_cache import StylesCache

    from game.tui.widgets.column import Column
    game = Game.new(chapter, "trotsky", 1)
    app = PolitburoApp(game=game)
    cleared: list[str] = []
    clear = StylesCache.clear
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        columns = {column.id: column for column in app.screen.query(Column)}
        assert set(columns) == {"side", "choices"}
        caches = {id(column._styles_cache): name for name, column in columns.items()}
        monkeypatch.setattr(StylesCache, "clear", lambda cache: (cleared.append(caches.get(id(cache), "")), clear(cache)))
        heights, kept = set(), 0
        for _ in range(8):
            sizes = {name: column.size for name, column in columns.items()}
            cleared.clear()
            await pilot.press(first_open_key(game))
            await pilot.pause()
            heights.add(app.screen.prose.virtual_size.height)
            for name, column in columns.items():
                if column.size == sizes[name]:
                    assert name not in cleared, name
                    kept += 1
        assert len(heights) > 1 and kept           # the story took more or fewer lines; columns kept their size


async def test_a_text_the_layout_resizes_asks_for_no_second_layout(chapter: Scenario,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A turn changes how tall the outcome, the event, the choices and the standing are, and how long their
    scrollbars. The layout that sizes them has already placed everything: none of them asks for the screen to be
    laid out again because its size changed (Textual's default would, a frame later, and that layout would change
    nothing)."""
    from textual.widget import Widget

    from game.tui.widgets.choice_list import ChoiceLines
    from game.tui.widgets.drawn import SteadyScrollBar
    from game.tui.widgets.standing_panel import StandingLines
    from game.tui.widgets.text_block import TextBlock
    bars: set[Widget] = set()       # the scrollbars whose (virtual) size a turn changed
    game = Game.new(chapter, "trotsky", 1)
    app = PolitburoApp(game=game)
    resizing: list[Widget] = []
    asked: list[str] = []
    size_updated, refresh = Widget._size_updated, Widget.refresh

    def sized(widget: Widget, size: object, virtual_size: object, *args: object, **kwargs: object) -> bool:
        if isinstance(widget, SteadyScrollBar) and widget.size and widget.virtual_size != virtual_size:
            bars.add(widget)
        resizing.append(widget)
        try:
            return size_updated(widget, size, virtual_size, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            resizing.pop()

    def refreshed(widget: Widget, *regions: object, layout: bool = False, **kwargs: object) -> Widget:
        if (layout and resizing and resizing[-1] is widget
                and isinstance(widget, (TextBlock, ChoiceLines, StandingLines, SteadyScrollBar))):
            asked.append(f"{type(widget).__name__}#{widget.id}")
        return refresh(widget, *regions, layout=layout, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Widget, "_size_updated", sized)
    monkeypatch.setattr(Widget, "refresh", refreshed)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        resized = 0
        for _ in range(8):
            sizes = {w: w.size for w in app.screen.query("TextBlock, ChoiceLines, StandingLines")}
            await pilot.press(first_open_key(game))
            await pilot.pause()
            resized += sum(w.size != size for w, size in sizes.items())
        assert resized and bars         # the turns did change the texts' sizes, and their scrollbars'
        assert asked == []


async def test_the_story_is_one_widget_that_scrolls_and_lays_nothing_out(chapter: Scenario,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The outcome, the event and its sources are drawn by the story alone: a turn asks for no layout on its
    account, the scrollbar knows how tall the new story is in the same frame, and its text can be selected."""
    from textual.geometry import Offset
    from textual.selection import Selection
    from textual.widget import Widget

    from game.tui.widgets.story import StoryView
    game = Game.new(chapter, "trotsky", 1)
    app = PolitburoApp(game=game)
    asked: list[bool] = []
    refresh = Widget.refresh

    def refreshed(widget: Widget, *regions: object, layout: bool = False, **kwargs: object) -> Widget:
        if isinstance(widget, StoryView):
            asked.append(layout)
        return refresh(widget, *regions, layout=layout, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Widget, "refresh", refreshed)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        story = app.screen.query_one(StoryView)
        asked.clear()       # its scrollbar, put up as it was mounted, laid it out once
        for _ in range(4):
            await pilot.press(first_open_key(game))
            await pilot.pause()
            view = game.current()
            assert view is not None and story.shown("event-title").plain.startswith(view.title)
            assert story.virtual_size.height == len(story.lines()) > story.size.height     # it scrolls
            assert story.vertical_scrollbar.window_virtual_size == len(story.lines())
        assert asked and not any(asked)
        first, height = story.span("event-title")
        assert height == 1 and story.line(first).text.strip().startswith(view.title)
        whole, _ = story.get_selection(Selection(Offset(0, 0), None)) or ("", "")
        assert view.title in whole and "Sources: " in whole
        await pilot.press("pagedown")
        await pilot.pause()
        assert story.scroll_y > 0


def _cells(strips: list) -> list[list[tuple[str, object]]]:
    """Each line's cells: its character and its style (with what the mouse reads from it)."""
    return [[(char, segment.style) for segment in strip for char in segment.text] for strip in strips]


def _unplaced(strips: list) -> list[list[tuple[str, object, object, object]]]:
    """Each line's cells as `_cells` gives them, but for the place in the text the mouse would select from, which
    Textual marks on every cell and a widget that cannot be selected leaves out: its character, its look, its link
    and its meta but that place."""
    def unplaced(style: Any) -> tuple[object, object, object]:
        if style is None:
            return None, None, None
        return style.clear_meta_and_links(), style.link, {k: v for k, v in style.meta.items() if k != "offset"}
    return [[(char, *unplaced(segment.style)) for segment in strip for char in segment.text] for strip in strips]


def _placed(strips: list) -> bool:
    """Whether any cell is marked with its place in the text (for the mouse to select it)."""
    return any(segment.style is not None and "offset" in segment.style.meta for strip in strips for segment in strip)


async def test_widgets_that_draw_their_own_lines_draw_what_textual_would(chapter: Scenario) -> None:
    """The story, choices, standing and bars put their padding around their lines themselves, the bars keep the lines
    of texts they showed lately, the scrollbars draw their own cells and the boxes keep their lines for the sizes
    they had lately: every cell is as Textual would draw it."""
    from textual.scrollbar import ScrollBar
    from textual.widget import Widget

    from game.tui.widgets.drawn import DrawnLines, SteadyBox, SteadyScrollBar
    from game.tui.widgets.text_block import TextBlock
    game = Game.new(chapter, "trotsky", 1)
    app = PolitburoApp(game=game)
    async with app.run_test(size=(120, 34)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press(first_open_key(game))
            await pilot.pause()
            widgets = [w for w in app.screen.query("*") if isinstance(w, DrawnLines) and w.display and w.region]
            assert {type(w).__name__ for w in widgets} >= {"StoryView", "ChoiceLines", "StandingLines", "StatusBar",
                                                            "KeyBar"}
            for widget in widgets:
                crop = widget.region.size.region
                widget.refresh()
                textual = Widget.render_lines(widget, crop)
                widget.refresh()
                assert _cells(widget.render_lines(crop)) == _cells(textual), type(widget).__name__
                if isinstance(widget, TextBlock):
                    assert widget.drawn_lines() is not None     # drawn by the block itself, not by Textual
                    widget.refresh()
                    mine = [widget.render_line(y) for y in range(widget.size.height)]
                    textual = [Widget.render_line(widget, y) for y in range(widget.size.height)]
                    if widget.allow_select:
                        assert _cells(mine) == _cells(textual), type(widget).__name__
                    else:       # a bar: the same cells, with no places in the text to select from
                        assert _unplaced(mine) == _unplaced(textual) and not _placed(mine), type(widget).__name__
            boxes = [w for w in app.screen.query("*") if isinstance(w, SteadyBox) and w.display and w.region]
            assert {type(w).__name__ for w in boxes} >= {"ChoiceList", "StandingPanel"}
            for box in boxes:
                crop = box.region.size.region
                kept = box.render_lines(crop)
                assert box.render_lines(crop) is kept       # drawn from the same: not drawn again
                box.refresh()
                assert _cells(kept) == _cells(Widget.render_lines(box, crop)), type(box).__name__
            bars = [w.vertical_scrollbar for w in app.screen.query("*")
                    if isinstance(w._vertical_scrollbar, SteadyScrollBar) and w.show_vertical_scrollbar]
            assert len(bars) >= 2       # the story's and the standing's
            for bar in bars:
                crop = bar.region.size.region
                bar.refresh()
                assert _cells(bar.draw_bar(bar.render(), crop, tuple(bar.get_line_filters()))) == \
                    _cells(ScrollBar.render_lines(bar, crop))
        # The choices' box drawn in another colour once they lose the focus, and in the first again when they have it.
        choices = app.screen.query_one("#choices", SteadyBox)
        crop = choices.region.size.region
        focused = _cells(choices.render_lines(crop))
        for focus in (None, choices, None):
            app.screen.set_focus(focus)
            await pilot.pause()
            drawn_now = _cells(choices.render_lines(crop))
            assert (drawn_now == focused) == (focus is choices)
            choices.refresh()
            assert drawn_now == _cells(Widget.render_lines(choices, crop))
        # A text of several paragraphs, wrapped, in styles that run across its lines: each line is where Textual puts
        # it in the text (for the mouse to select it), as well as in its styles.
        band = app.screen.query_one("#notices", TextBlock)
        band.display = True
        band.show(Content.assemble(("A first paragraph, long enough to wrap onto a second line at the width the band ", "bold"),
                                   ("has beside the standing, in a style that runs on across the break\n", "italic"),
                                   "and a second paragraph after a newline, as long as the first or longer than it is, "
                                   "with its own lines, which begin at the start of this paragraph, not of the text."))
        await pilot.pause()
        assert band.size.height > 3
        drawn = band.drawn_lines()
        assert drawn is not None and _cells(drawn) == _cells([Widget.render_line(band, y) for y in range(band.size.height)])


async def test_lines_are_drawn_again_only_when_they_change(chapter: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """A scrollbar keeps its lines while it shows the same; a bar keeps the lines of the texts it showed lately; the
    story makes strips only of the lines shown, and of the others as they are scrolled into view."""
    from textual.strip import Strip

    from game.tui.widgets.status_bar import StatusBar
    from game.tui.widgets.story import StoryView
    from game.tui.widgets.text_block import TextBlock
    game = Game.new(chapter, "trotsky", 1)
    app = PolitburoApp(game=game)
    drawn: list[str] = []
    text_lines = TextBlock.text_lines

    def counted(widget: TextBlock) -> list[Strip]:
        if isinstance(widget, StatusBar):
            drawn.append(widget.shown.plain)
        return text_lines(widget)

    monkeypatch.setattr(TextBlock, "text_lines", counted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(first_open_key(game))
        await pilot.pause()
        story = app.screen.query_one(StoryView)
        rows = story.lines()
        assert len(rows) > story.size.height
        assert all(isinstance(row, Strip) for row in rows[:story.size.height])
        first, height = story.span("event-sources")       # the last text, out of view
        assert first > story.size.height and not any(isinstance(row, Strip) for row in rows[first:first + height])
        bar = story.vertical_scrollbar
        crop = bar.region.size.region
        lines = bar.render_lines(crop)
        assert bar.render_lines(crop) is lines
        view = story.region.size.region
        shown = story.render_lines(view)
        assert story.render_lines(view) is shown        # asked again with nothing changed: nothing drawn again
        await pilot.press("pagedown")
        await pilot.pause()
        assert story.scroll_y > 0 and bar.render_lines(crop) is not lines
        assert story.render_lines(view) is not shown
        assert _cells(story.render_lines(view)) != _cells(shown)
        assert all(isinstance(row, Strip) for row in rows[:story.size.height + round(story.scroll_y)])
        assert story.lines() is rows            # scrolled, not drawn again

        status = app.screen.query_one(StatusBar)
        before, drawn[:] = status.shown, []
        status.show("Another line")
        status.render_lines(status.region.size.region)
        status.show(before)
        status.render_lines(status.region.size.region)
        assert drawn == ["Another line"]        # the line shown before was kept
