"""Start-up probe for bench_startup: run one app until its first frame is painted, then exit.

Usage: python -m benchmarks.startup_probe bare|title|play|reference|hand
  bare       a bare Textual app showing one Label
  title      Politburo's title screen, as `python -m game` starts it
  play       Politburo straight into play, as `python -m game play --scenario succession-1924 --role trotsky --seed 1`
  reference  the play screen's first texts in Textual's own widgets, laid out as the play screen is, with none of
             the game's code (the texts from the JSON file STARTUP_PROBE_REFERENCE names)
  hand       the same texts drawn by one widget that wraps and draws every line itself (HandDrawnApp)

Meant to be run by benchmarks.bench_startup in a pseudo-terminal; by hand, run it in a real terminal.
Every kind exits the same way without any change to the game: when the app first imports Textual's app module
(each kind imports in its own order), `App.run` is wrapped so that it is given an auto_pilot, which Textual starts
once the app is ready (its first screen composed and mounted); the auto_pilot waits with `pilot.pause()` until
the app is idle, by when the first frame has been painted, then exits the app.
`App._display` is wrapped too, to note when frames are handed to the terminal and when every cell of the
screen has first been drawn (the first complete frame: a screen's first frame may draw only part of it).
When STARTUP_PROBE_FD names an inherited file descriptor, the probe writes these milestones there as one line
of `name=seconds` pairs on the CLOCK_MONOTONIC clock (which time.perf_counter reads on Linux), so the parent
can split the process's life into interpreter start, start-up, first frame and exit. With STARTUP_PROBE_SPLIT
set, the game's start-up is split further where it opens its scenario and begins its game (see SPLITS).
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from typing import Any

# Taken before anything of Textual or the game is imported: the end of the interpreter's own start.
_STARTED = time.perf_counter()

KINDS = ("bare", "title", "play", "reference", "hand")
# The game's command lines, as a player types them after `politburo` (or `python -m game`).
GAME_ARGS = {"title": [], "play": ["play", "--scenario", "succession-1924", "--role", "trotsky", "--seed", "1"]}
FD_ENV = "STARTUP_PROBE_FD"
MAX_PAUSES = 50
# With this set, the game's own start-up is also split at two of its steps, each noted as it is entered and
# left: opening the scenario and beginning the game. Each is wrapped where the game calls it; one renamed is
# left out of the figures rather than the probe broken.
SPLIT_ENV = "STARTUP_PROBE_SPLIT"
SPLITS = (("game.cli", "_load", "opening", "opened"), ("game.engine.game", "Game.new", "beginning", "begun"))
# The "reference" kind shows the play screen's first texts, as Textual markup in the JSON file this names, in
# Textual's own widgets (benchmarks.reference_screen): the play screen as Textual builds it, with no game.
REFERENCE_ENV = "STARTUP_PROBE_REFERENCE"


def _report(marks: dict[str, float]) -> None:
    """Write the milestones to the parent's pipe, if there is one."""
    fd = os.environ.get(FD_ENV)
    if fd:
        os.write(int(fd), (" ".join(f"{k}={v!r}" for k, v in marks.items()) + "\n").encode())


class _WhenImported:
    """A finder on sys.meta_path that hands one module's class to `patch` as soon as the module has run: the probe's
    wrappers go in when the app itself first imports Textual, so that every kind imports in its own order (the game
    opens its scenario before it imports Textual, and a probe that imported Textual first would change that)."""

    def __init__(self, module: str, name: str, patch: Callable[[Any], None]) -> None:
        self.module, self.name, self.patch = module, name, patch

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.module:
            return None
        sys.meta_path.remove(self)
        from importlib.machinery import PathFinder
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        run_module, patch, name = spec.loader.exec_module, self.patch, self.name

        def exec_module(module: Any) -> None:
            run_module(module)
            patch(getattr(module, name))

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install_probe() -> dict[str, float]:
    """Make every `App.run` stop after its first frame, and note when frames are painted (from when Textual's App is
    first imported, by whichever kind)."""
    marks: dict[str, float] = {"started": _STARTED}
    patch = functools.partial(_patch_app, marks)
    if "textual.app" in sys.modules:        # imported already (by whatever ran the probe): wrapped now
        patch(sys.modules["textual.app"].App)
    else:
        sys.meta_path.insert(0, _WhenImported("textual.app", "App", patch))
    return marks


def _patch_app(marks: dict[str, float], App: Any) -> None:
    """Wrap `App.run` and `App._display` (see the module's note)."""
    frames = 0
    painted = bytearray()        # one byte a cell of the top screen: has any frame drawn it yet?
    unpainted = -1
    painted_screen: object = None
    run = App.run
    display = App._display

    def timed_display(self: Any, screen: object, renderable: object) -> None:
        # `_display` is where a composed frame is turned into escape codes and handed to the driver's writer
        # thread; frames it drops (nothing to draw, inside a batch update) are not frames the user sees.
        nonlocal frames, unpainted, painted_screen
        painted_now = renderable is not None and not self._batch_count and not self.is_headless
        display(self, screen, renderable)  # type: ignore[arg-type]
        if not painted_now:
            return
        now = time.perf_counter()
        marks.setdefault("first_paint", now)
        marks["last_frame"] = now
        frames += 1
        # A frame may redraw only the regions that changed; a screen's first frame can be such a partial one
        # (one composed inside Textual's start-up batch is dropped there, and a later frame may redraw only part
        # of it), leaving the rest of the terminal blank until a later frame. The first frame that matters is
        # the one after which every cell of the screen has been drawn.
        width, height = self.size
        if screen is not painted_screen or len(painted) != width * height:
            painted_screen, painted[:], unpainted = screen, bytes(width * height), width * height
        region = getattr(renderable, "region", None)   # a LayoutUpdate: a whole region, all its lines
        spans = getattr(renderable, "spans", None)     # a ChopsUpdate: (y, x1, x2) runs, x2 exclusive
        if region is not None:
            spans = [(y, region.x, region.right) for y in range(region.y, region.bottom)]
        for y, x1, x2 in spans or ():
            if 0 <= y < height:
                start, end = y * width + max(0, x1), y * width + min(width, x2)
                if end > start:
                    unpainted -= painted[start:end].count(0)
                    painted[start:end] = b"\x01" * (end - start)
        if unpainted == 0:
            marks.setdefault("first_frame", now)

    async def auto_pilot(pilot: Any) -> None:
        # Textual calls the auto_pilot from its ready callback: after the app's Compose, Resize and Mount
        # events (so after on_mount pushed the first screen), but inside the batch update that holds back
        # painting. `pause()` waits until every widget of the screen has handled its pending messages and
        # the process has been idle a moment, by when the screen's update timer has painted it.
        marks["ready"] = time.perf_counter()
        await pilot.pause()
        for _ in range(MAX_PAUSES):
            # Idle yet not wholly drawn has not been seen; should it happen, waiting on is still "right after".
            if "first_frame" in marks:
                break
            await pilot.pause()
        marks["exit"] = time.perf_counter()
        marks["frames"] = frames
        _report(marks)
        pilot.app.exit()

    def run_with_probe(self: Any, *args: object, **kwargs: object) -> object:
        if kwargs.get("auto_pilot") is None:
            kwargs["auto_pilot"] = auto_pilot
        return run(self, *args, **kwargs)  # type: ignore[arg-type]

    App.run = run_with_probe
    App._display = timed_display


def install_split(marks: dict[str, float]) -> None:
    """Note when the game opens its scenario and begins its game (see SPLIT_ENV)."""
    import importlib

    for module, path, entered, left in SPLITS:
        try:
            owner: object = importlib.import_module(module)
        except ImportError:     # moved: left out, as a renamed step is
            continue
        *outer, name = path.split(".")
        for part in outer:
            owner = getattr(owner, part, None)
        held = getattr(owner, "__dict__", {}).get(name)
        function = held.__func__ if isinstance(held, classmethod) else held
        if not callable(function):
            continue

        def timed(*args: object, _function=function, _entered=entered, _left=left, **kwargs: object) -> object:
            marks.setdefault(_entered, time.perf_counter())
            try:
                return _function(*args, **kwargs)
            finally:
                marks.setdefault(_left, time.perf_counter())

        functools.update_wrapper(timed, function)
        setattr(owner, name, classmethod(timed) if isinstance(held, classmethod) else timed)


def run_bare() -> None:
    """A Textual app with one Label, started the way an app's own `python -m` entry would."""
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Hello from a bare Textual app")

    BareApp().run()


def run_reference(hand: bool = False) -> None:
    """The play screen's layout in Textual's own widgets, showing the texts the game's first screen shows; or with
    `hand`, those texts drawn by one widget that draws every line itself."""
    import json

    from benchmarks.reference_screen import HandDrawnApp, ReferenceScreenApp, from_markup

    with open(os.environ[REFERENCE_ENV], encoding="utf-8") as fh:
        page = from_markup(json.load(fh))
    (HandDrawnApp if hand else ReferenceScreenApp)([page]).run()


def run_game(kind: str) -> None:
    """Politburo exactly as `python -m game ARGS` runs it: its __main__ module, under the same argv."""
    import runpy

    sys.argv = ["politburo", *GAME_ARGS[kind]]
    runpy.run_module("game", run_name="__main__", alter_sys=True)


def main() -> None:
    kind = sys.argv[1] if len(sys.argv) == 2 else ""
    if kind not in KINDS:
        sys.exit(f"usage: python -m benchmarks.startup_probe {'|'.join(KINDS)}")
    marks = install_probe()
    if kind in GAME_ARGS and os.environ.get(SPLIT_ENV):
        install_split(marks)
    if kind == "bare":
        run_bare()
    elif kind in ("reference", "hand"):
        run_reference(hand=kind == "hand")
    else:
        run_game(kind)


if __name__ == "__main__":
    main()
