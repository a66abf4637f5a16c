"""Turn latency: from a choice's key to the next event fully rendered, headless, beside the engine alone.

Usage: python -m benchmarks.bench_turn [PATH] [--games N] [--size WxH] [--widgets]
Plays the chapter in the full-screen game under Textual's test driver (`run_test`, headless, notifications on),
roles trotsky, stalin and zinoviev in turn and seeds 1, 2, ..., always pressing the key of the first open
choice. For each choice it notes the time, presses the key, waits until the app is idle (`pilot.pause()`) and
checks that nothing is left to lay out or paint. After every frame it fingerprints the whole screen (the
fingerprinting's own time is taken out); the sample is the time from the key to the first frame that shows
the screen as it finally settles: the next event fully drawn. Textual often lays out once more after that
(a widget's size changed) without changing a cell; the time to that last frame is shown too. The key's own waits
(Textual's pilot sleeps at least 20 ms for idle after a key, and
again in pause) are not in the sample, since a player's terminal does not wait for them; their total is
shown apart. Headless Textual composes each frame but skips turning it into escape codes; the benchmark does
that itself, so the sample covers all the work of a frame but the write to the terminal.
The choice that ends a game opens the ending screen instead, a different measurement, shown apart.
A choice that ends a chapter opens its summary: timed apart too, then Enter goes on to the next event.
Then it replays the same games in the engine alone (`game.choose` and `game.current()`), and, for scale,
times the same key-to-frame in a plain Textual app that swaps a page of text and a side column per key (the
floor), measured before the first game and after each, as many presses as that game had turns. After each
game, for reference, the same screen in Textual's own widgets: a Static for each of the play screen's texts
(the bars, outcome, event, sources, choices and standing), in stock scrolling containers laid out as the play
screen is, showing the texts that game showed, turn by turn, each set anew at a key if it changed. It tells
what of a turn is Textual's cost for such a screen and what is the game's own. And the same texts again, drawn
by a single widget that wraps and draws every line itself, with no containers, borders, scrollbars, focus or
mouse (the hand-drawn screen): the least a screen showing them costs in Textual.
Autosave is on, as a player has it: each choice is saved once its frame is drawn, into a folder of its own.
Each game opens the scenario as `politburo play` does, from the checked-scenario cache (made once, before the
first game, in a folder of its own), anew: its events are built when the game first reads them, as a player's are.
With --widgets it also shows where Textual's time goes in a turn: layout and render up to the first complete frame
(after the choice handler), then over both frames, and each widget's own lines.
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import ClassVar, cast

from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from benchmarks.reference_screen import STORY, HandDrawnApp, Page, ReferenceScreenApp
from game.engine import Game
from game.engine.model import Scenario
from game.scenario import load_scenario
from game.scenario.cache import open_scenario
from game.tui.app import PolitburoApp
from game.tui.screens.chapter_end import ChapterEndScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.play import PlayScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.drawn import DrawnLines, SteadyScrollBar
from game.tui.widgets.hanging import Hanging
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.standing_panel import StandingPanel
from game.tui.widgets.status_bar import StatusBar

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROLES = ("trotsky", "stalin", "zinoviev")
TARGET_P95_MS = 30.0
MIN_SAMPLES = 300
MAX_SETTLE_PAUSES = 10
FLOOR_FIRST = 40          # floor presses before the first game
TARGET_FLOOR_RATIO = 2.0


@dataclass
class Figures:
    """Every sample of every game, in seconds."""

    drawn: list[float] = field(default_factory=list)       # key to the first frame that shows the next event as it settles
    turn: list[float] = field(default_factory=list)        # key to the last frame of the next event
    first: list[float] = field(default_factory=list)       # key to the first frame after it
    ending: list[float] = field(default_factory=list)      # key to the last frame of the ending screen
    interlude: list[float] = field(default_factory=list)   # key to the last frame of a chapter's summary
    segments: list[float] = field(default_factory=list)    # of `turn`: turning its frames into escape codes
    handler: list[float] = field(default_factory=list)     # of `turn`: the play screen's own handler of the choice
    cpu: list[float] = field(default_factory=list)         # process CPU time from the key until idle again
    frames: list[int] = field(default_factory=list)        # frames painted for each turn
    harness: list[float] = field(default_factory=list)     # press + pause as awaited, Textual's waits and all
    engine: list[float] = field(default_factory=list)      # game.choose + game.current(), the same choices
    pages: list[Page] = field(default_factory=list)        # each turn's texts as the play screen showed them
    unsettled: int = 0                                     # turns still busy after the first pause


class FrameClock:
    """Wrap an app's `_display` to note when each frame is composed, and render it as a terminal would."""

    def __init__(self, app: PolitburoApp) -> None:
        self.app = app
        self.times: list[float] = []
        self.drawn_at: list[float] = []     # the same moments on the clock itself, fingerprinting not taken out
        self.screens: list[int] = []        # a fingerprint of the whole screen after each frame
        self.segments = 0.0
        self.overhead = 0.0                 # time spent fingerprinting, taken out of every later time
        display = app._display

        def timed_display(screen: object, renderable: object) -> None:
            # Textual hands `_display` the frame the compositor made; inside a batch update, or with nothing
            # to draw, it drops it, and those are not frames.
            drawn = renderable is not None and not app._batch_count
            display(screen, renderable)  # type: ignore[arg-type]
            if drawn:
                if app.is_headless and hasattr(renderable, "render_segments"):
                    # What `_display` does for a real terminal, and headless skips: the same cost, in the
                    # same place in the event loop.
                    t = time.perf_counter()
                    renderable.render_segments(app.console)
                    self.segments += time.perf_counter() - t
                drawn_at = time.perf_counter()
                self.times.append(drawn_at - self.overhead)
                self.drawn_at.append(drawn_at)
                self.screens.append(self.fingerprint())
                self.overhead += time.perf_counter() - drawn_at

        app._display = timed_display  # type: ignore[method-assign]

    def fingerprint(self) -> int:
        """Every cell of the screen as it now stands, text and style (with its meta), hashed."""
        return hash(tuple(segment for line in self.app.screen._compositor.render_full_update().strips
                          for strip in line for segment in strip))

    def complete(self) -> float:
        """When the screen first looked as it does once settled: the next event fully drawn."""
        return self.times[self.complete_frame()]

    def complete_frame(self) -> int:
        """Which frame first showed the screen as it settled."""
        final = self.screens[-1]
        return self.screens.index(final)

    def reset(self) -> None:
        self.times.clear()
        self.drawn_at.clear()
        self.screens.clear()
        self.segments = 0.0
        self.overhead = 0.0


class WidgetClock:
    """Time Textual's layout, its rendering, and each widget's own lines, over every frame of the timed turns."""

    def __init__(self) -> None:
        self.on = False
        self.installed = False
        self.phases: Counter[str] = Counter()
        self.widgets: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.spans: list[tuple[str, float, float]] = []      # this turn's layouts and renders: how long each took, when it ended
        self.first: dict[str, list[float]] = {}              # of each turn's first complete frame: each phase's time

    def install(self) -> None:
        """Wrap what is timed (the wrappers cost a little on every call: the breakdown is asked for apart)."""
        self.installed = True
        self.phases.clear()

        def timed(owner: type, name: str, record: Callable[[object, float], None]) -> None:
            original = getattr(owner, name)

            def wrapper(this: object, *args: object, **kwargs: object) -> object:
                if not self.on:
                    return original(this, *args, **kwargs)
                t = time.perf_counter()
                try:
                    return original(this, *args, **kwargs)
                finally:
                    record(this, time.perf_counter() - t)

            setattr(owner, name, wrapper)

        def phase(label: str) -> Callable[[object, float], None]:
            def record(_: object, elapsed: float) -> None:
                self.phases[label] += elapsed
                self.spans.append((label, elapsed, time.perf_counter()))
            return record

        def widget(this: object, elapsed: float) -> None:
            node = cast(Widget, this)
            label = f"{type(node).__name__}#{node.id}" if node.id else type(node).__name__
            self.widgets[label] += elapsed
            self.calls[label] += 1

        timed(Compositor, "reflow", phase("layout (Compositor.reflow)"))
        timed(Compositor, "render_update", phase("render (Compositor.render_update)"))
        # Every widget's own lines: Textual's way, and the game's widgets that draw theirs another way (which hand a
        # widget they cannot draw to Textual's: counted once, where it began).
        drawing: list[object] = []

        def outermost(this: object, elapsed: float) -> None:
            if not drawing:
                widget(this, elapsed)

        for owner in (Widget, DrawnLines, SteadyScrollBar):
            original = owner.__dict__["render_lines"]

            def render_lines(this: object, crop: object, original: Callable[..., object] = original) -> object:
                drawing.append(this)
                try:
                    return original(this, crop)
                finally:
                    drawing.pop()

            owner.render_lines = render_lines
            timed(owner, "render_lines", outermost)

    def begin_turn(self) -> None:
        """Start timing a turn: from its key on."""
        self.spans.clear()
        self.on = True

    def turn_drawn(self, drawn_at: float) -> None:
        """Note this turn's layouts and renders up to its first complete frame, drawn at `drawn_at`."""
        for label in self.phases:
            self.first.setdefault(label, []).append(sum(
                elapsed for what, elapsed, ended in self.spans if what == label and ended <= drawn_at))

    def report(self, turns: int, top: int = 10) -> list[str]:
        lines = ["  where the first complete frame's time goes, per turn (median ms; the handler above comes first):"]
        lines += [f"    {label:<40}{statistics.median(times) * 1000:7.2f} ms" for label, times in self.first.items()]
        lines.append(f"  where Textual's time goes, per turn, both frames ({turns} turns):")
        lines += [f"    {label:<40}{total / turns * 1000:7.2f} ms" for label, total in self.phases.items()]
        lines.append("    of the render, each widget's own lines (the most costly):")
        lines += [f"      {label:<38}{total / turns * 1000:7.2f} ms  {self.calls[label] / turns:4.1f} renders"
                  for label, total in self.widgets.most_common(top)]
        return lines


class HandlerClock:
    """Time the play screen's handler of a choice (the engine's move, then the widgets updated), if it has one."""

    NAME = "make_choice"

    def __init__(self) -> None:
        self.total = 0.0
        handler = PlayScreen.__dict__.get(self.NAME)
        if handler is None:  # renamed: the figure is left out rather than the benchmark broken
            self.available = False
            return
        self.available = True

        def timed(screen: PlayScreen, choice_id: str) -> object:
            t = time.perf_counter()
            try:
                return handler(screen, choice_id)
            finally:
                self.total += time.perf_counter() - t

        # Both a number key and a choice message end in this method, so the wrapper sees every choice.
        setattr(PlayScreen, self.NAME, timed)


def _settled(app: PolitburoApp) -> bool:
    """Nothing left for the top screen to lay out, repaint or recompose (Textual keeps these private)."""
    screen = app.screen
    return not (screen._layout_required or screen._repaint_required or screen._scroll_required
                or screen._recompose_required or screen._dirty_widgets)


def _first_open_key(game: Game) -> str:
    view = game.current()
    assert view is not None
    return str(next(n for n, c in enumerate(view.choices, 1) if c.available))


async def play_tui(scenario: Scenario, role: str, seed: int, size: tuple[int, int], figures: Figures,
                   handler: HandlerClock) -> list[str]:
    """One game in the full-screen app, timing every choice; the choice ids made, for the engine replay."""
    game = Game.new(scenario, role, seed)
    # Each choice is autosaved (after its frame is drawn), into a folder of the benchmark's own.
    app = PolitburoApp(game=game, saves_dir=SAVES.name)
    chosen: list[str] = []
    async with app.run_test(size=size, notifications=True) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        while game.status == "event":
            key = _first_open_key(game)
            view = game.current()
            assert view is not None
            chosen.append(view.choices[int(key) - 1].id)
            # A toast from the last turn would time out (8 s) in some later sample and paint a frame then.
            app.clear_notifications()
            await pilot.pause()
            clock.reset()
            handler.total = 0.0
            WIDGETS.begin_turn()
            cpu = time.process_time()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            harness = time.perf_counter() - start
            cpu = time.process_time() - cpu
            WIDGETS.on = False
            if not _settled(app):
                figures.unsettled += 1
                for _ in range(MAX_SETTLE_PAUSES):
                    await pilot.pause()
                    if _settled(app):
                        break
            if not clock.times:
                raise RuntimeError(f"{role} seed {seed}: no frame after key {key} at event {view.id}")
            latency = clock.times[-1] - start
            if isinstance(app.screen, ChapterEndScreen):
                # The choice ended a chapter: its summary comes first, a screen of its own, timed apart.
                figures.interlude.append(latency)
                await pilot.press("enter")
                await pilot.pause()
                if not isinstance(app.screen, PlayScreen):
                    raise RuntimeError(f"{role} seed {seed}: Enter on a chapter's summary did not go on to play")
            elif game.status == "event":
                shown = app.screen.prose.shown("event-title").plain if isinstance(app.screen, PlayScreen) else ""
                now = game.current()
                if now is None or not shown.startswith(now.title):   # a rival's move adds its actor
                    raise RuntimeError(f"{role} seed {seed}: key {key} at {view.id} did not show the next event")
                figures.drawn.append(clock.complete() - start)
                figures.pages.append(page(app.screen))
                if WIDGETS.installed:
                    WIDGETS.turn_drawn(clock.drawn_at[clock.complete_frame()])
                figures.turn.append(latency)
                figures.first.append(clock.times[0] - start)
                figures.segments.append(clock.segments)
                figures.frames.append(len(clock.times))
                figures.harness.append(harness)
                figures.cpu.append(cpu)
                if handler.available:
                    figures.handler.append(handler.total)
            else:
                if not isinstance(app.screen, EndingScreen):
                    raise RuntimeError(f"{role} seed {seed}: the game ended ({game.status}) without its ending screen")
                figures.ending.append(latency)
    return chosen


class _Floor(App[None]):
    """The least a screen like the play screen could cost: a page of text and a side column, swapped per key."""

    BINDINGS: ClassVar = [("1", "swap", "Swap")]

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.texts = texts
        self.n = 0

    def compose(self) -> ComposeResult:
        with Horizontal():
            with VerticalScroll():
                yield Static(id="page", markup=False)
            with VerticalScroll():
                yield Static(id="side", markup=False)

    def action_swap(self) -> None:
        self.n += 1
        self.query_one("#page", Static).update(self.texts[self.n % len(self.texts)])
        self.query_one("#side", Static).update(self.texts[(self.n * 7) % len(self.texts)][:300])


async def floor(scenario: Scenario, size: tuple[int, int], presses: int) -> list[float]:
    """Key to first frame in `_Floor`, with the scenario's codex texts: Textual's own cost on this machine."""
    return await _key_to_frame(_Floor([entry.text for entry in scenario.codex.values()]), size, presses)


async def _key_to_frame(app: App[None], size: tuple[int, int], presses: int) -> list[float]:
    """Key 1 to the first complete frame, `presses` times, in `app` run headless at `size`."""
    out: list[float] = []
    async with app.run_test(size=size) as pilot:
        clock = FrameClock(app)  # type: ignore[arg-type]
        await pilot.pause()
        for _ in range(presses):
            await pilot.pause()
            clock.reset()
            start = time.perf_counter()
            await pilot.press("1")
            await pilot.pause()
            out.append(clock.complete() - start)
    return out


def _text(shown: Content | Hanging) -> Content:
    """A text as Textual's Static takes it: a list's paragraphs one to a line, each after its mark."""
    if isinstance(shown, Hanging):
        return Content("\n").join(mark + body for mark, body in shown.paragraphs)
    return shown


def page(screen: PlayScreen) -> Page:
    """The play screen's texts as a turn left them: the bars, the story, the choices and the standing."""
    texts = {name: screen.prose.shown(name) for name in STORY}
    texts["status"] = screen.query_one(StatusBar).shown
    texts["keys"] = screen.query_one(KeyBar).shown
    texts["choices"] = Hanging(p for row in screen.query_one(ChoiceList).rows for p in row.paragraphs)
    sections = screen.query_one(StandingPanel).lines.sections.values()
    texts["standing"] = Hanging(p for section in sections for p in (*section.paragraphs, ("", "")))
    return {name: _text(text) for name, text in texts.items()}


async def reference(pages: list[Page], size: tuple[int, int]) -> list[float]:
    """Key to first frame in the reference screen, once for each of `pages` after the first."""
    return await _key_to_frame(ReferenceScreenApp(pages), size, len(pages) - 1)


async def hand_drawn(pages: list[Page], size: tuple[int, int]) -> list[float]:
    """Key to first frame in the hand-drawn screen, once for each of `pages` after the first."""
    return await _key_to_frame(HandDrawnApp(pages), size, len(pages) - 1)


def replay_engine(scenario: Scenario, role: str, seed: int, chosen: list[str], figures: Figures) -> None:
    """The same game in the engine alone: every choice but the last (as in the TUI figures), timed."""
    game = Game.new(scenario, role, seed)
    for choice_id in chosen:
        start = time.perf_counter()
        game.choose(choice_id)
        game.current()
        elapsed = time.perf_counter() - start
        if game.status == "event":
            figures.engine.append(elapsed)


def _quantile(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method, so it never lies beyond the samples)."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def _line(label: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"  {label:<34}{len(ms):6d}{statistics.median(ms):9.2f}{_quantile(ms, 95):9.2f}"
            f"{_quantile(ms, 99):9.2f}{max(ms):9.2f}")


SAVES = tempfile.TemporaryDirectory(prefix="bench-turn-saves-")
CACHE = tempfile.TemporaryDirectory(prefix="bench-turn-cache-")


def opened(path: str) -> Scenario:
    """The scenario as `politburo play` opens it: from the checked-scenario cache."""
    scenario, diags = open_scenario(path)
    if scenario is None:
        raise SystemExit("\n".join(str(d) for d in diags))
    return scenario
WIDGETS = WidgetClock()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", nargs="?", default=os.path.join(ROOT, "scenarios", "succession-1924"))
    p.add_argument("--games", type=int, default=6,
                   help="games of the campaign to play, the roles in turn (default 6: two of each role, 400+ samples)")
    p.add_argument("--size", default="100x30", help="terminal size, WIDTHxHEIGHT (default 100x30)")
    p.add_argument("--widgets", action="store_true",
                   help="also time Textual's layout and render and each widget's lines (the timing slows every turn a little)")
    a = p.parse_args()
    if a.widgets:
        WIDGETS.install()
    width, _, height = a.size.partition("x")
    size = (int(width), int(height))
    t = time.perf_counter()
    os.environ["POLITBURO_CACHE"] = CACHE.name
    scenario = load_scenario(a.path)
    open_scenario(a.path)      # makes the cache each game opens the scenario from, as a player's second start finds it
    figures = Figures()
    handler = HandlerClock()
    games = [(ROLES[i % len(ROLES)], i // len(ROLES) + 1) for i in range(a.games)]
    floor_times: list[float] = []
    reference_times: list[float] = []
    hand_times: list[float] = []
    # The floor is measured between the games, in as many presses as the game before it had turns, so that
    # the machine's noise falls on both alike.
    floor_times += asyncio.run(floor(scenario, size, FLOOR_FIRST))
    for role, seed in games:
        before = len(figures.drawn)
        chosen = asyncio.run(play_tui(opened(a.path), role, seed, size, figures, handler))
        replay_engine(opened(a.path), role, seed, chosen, figures)
        reference_times += asyncio.run(reference(figures.pages[before:], size))
        hand_times += asyncio.run(hand_drawn(figures.pages[before:], size))
        floor_times += asyncio.run(floor(scenario, size, max(FLOOR_FIRST, len(figures.drawn) - before)))
    took = time.perf_counter() - t

    print(f"Textual {version('textual')}; scenario {scenario.id}; {len(games)} games "
          f"({', '.join(sorted({r for r, _ in games}))}; seeds 1-{games[-1][1]}), first open choice; "
          f"headless {size[0]}x{size[1]}")
    print(f"  {'ms':<34}{'count':>6}{'median':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    print(_line("choice key to next event drawn", figures.drawn))
    print(_line("  first frame after the key", figures.first))
    print(_line("  last frame (nothing left to do)", figures.turn))
    print(_line("choice key to a chapter's summary", figures.interlude))
    print(_line("choice key to ending screen", figures.ending))
    print("  where a turn's time goes:")
    print(_line("  engine alone (choose+current)", figures.engine))
    if figures.handler:
        print(_line("  play screen's choice handler", figures.handler))
    print(_line("  frames to escape codes", figures.segments))
    if WIDGETS.installed:
        print("\n".join(WIDGETS.report(len(figures.turn) + len(figures.interlude) + len(figures.ending))))
    print(_line("  process CPU, key to idle", figures.cpu))
    print(_line("press + pause, as awaited", figures.harness))
    print(_line("floor: plain Textual, text swapped", floor_times))
    print(_line("the play screen in Textual's widgets", reference_times))
    print(_line("the same texts, hand-drawn", hand_times))
    p95 = _quantile(figures.drawn, 95) * 1000
    floor95 = _quantile(floor_times, 95) * 1000
    ratio = p95 / floor95
    print(f"turn against the floor: p50 {statistics.median(figures.drawn) / statistics.median(floor_times):.2f}x, "
          f"p95 {ratio:.2f}x, p99 {_quantile(figures.drawn, 99) / _quantile(floor_times, 99):.2f}x")
    print(f"target: p95 at most {TARGET_P95_MS:.0f} ms: {'met' if p95 <= TARGET_P95_MS else 'missed'} ({p95:.1f} ms); "
          f"p95 at most {TARGET_FLOOR_RATIO:.0f}x the floor's: {'met' if ratio <= TARGET_FLOOR_RATIO else 'missed'} "
          f"({ratio:.2f}x)")
    print(f"the same texts in Textual's own widgets against the floor: p50 "
          f"{statistics.median(reference_times) / statistics.median(floor_times):.2f}x, "
          f"p95 {_quantile(reference_times, 95) * 1000 / floor95:.2f}x; the turn against them: p50 "
          f"{statistics.median(figures.drawn) / statistics.median(reference_times):.2f}x, "
          f"p95 {p95 / (_quantile(reference_times, 95) * 1000):.2f}x")
    print(f"the hand-drawn screen against the floor: p50 {statistics.median(hand_times) / statistics.median(floor_times):.2f}x, "
          f"p95 {_quantile(hand_times, 95) * 1000 / floor95:.2f}x; the turn against it: p50 "
          f"{statistics.median(figures.drawn) / statistics.median(hand_times):.2f}x, "
          f"p95 {p95 / (_quantile(hand_times, 95) * 1000):.2f}x")
    engine_share = statistics.median(figures.engine) / statistics.median(figures.turn)
    print(f"engine's share of the median turn: {engine_share:.2%}; frames per turn: median "
          f"{statistics.median(figures.frames):.0f}, max {max(figures.frames)}; "
          f"turns still busy after the first pause: {figures.unsettled}")
    if len(figures.turn) < MIN_SAMPLES:
        print(f"note: {len(figures.turn)} samples, fewer than {MIN_SAMPLES}; raise --games")
    print(f"benchmark took {took:.1f} s")


if __name__ == "__main__":
    main()
