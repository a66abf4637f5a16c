"""The engine and scenario loading never import Textual (nor Rich)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CHECK = """
import sys
import game.engine, game.scenario, game.scenario.loader, game.scenario.discovery
import game.engine.snapshot, game.simulate, game.plain, game.cli
from game.scenario import load_scenario
from game.engine import Game
g = Game.new(load_scenario("tests/fixtures/scenarios/mini"), "red", 1)
g.choose("ally")
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(",".join(bad))
"""


def test_engine_and_loader_import_without_textual():
    proc = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_loader_never_evaluates_or_unpickles():
    for path in (ROOT / "game").rglob("*.py"):
        text = path.read_text()
        for word in ("eval(", "exec(", "pickle", "yaml.load(", "yaml.unsafe", "FullLoader", "UnsafeLoader"):
            assert word not in text.replace("literal_eval", ""), f"{path.name} mentions {word}"


OPEN_FOR_PLAY = """
import sys
from game.cli import _load
from game.engine import Game
scenario = _load("mini", "tests/fixtures/scenarios", cached=True)
assert Game.new(scenario, "red", 1).current() is not None
checking = ("yaml", "game.scenario.yamlsource", "game.scenario.loader", "game.scenario.checker", "game.scenario.build")
print(scenario.id, ",".join(m for m in checking if m in sys.modules) or "none")
"""


def test_a_scenario_opened_from_the_cache_needs_neither_yaml_nor_the_checker(tmp_path):
    """Found by id and opened for play from the cache (its manifest's and its own), a scenario unchanged since
    the last time needs nothing of PyYAML, nor the loader, the checker or the builder, to begin a game and build its
    first event: the first time reads and checks the files, the second only reads the cache."""
    import os
    env = {**os.environ, "POLITBURO_CACHE": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", OPEN_FOR_PLAY], capture_output=True, text=True, cwd=ROOT,
                           timeout=60, env=env) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert [r.stdout.split() for r in runs] == [
        ["mini", "yaml,game.scenario.yamlsource,game.scenario.loader,game.scenario.checker,game.scenario.build"],
        ["mini", "none"]]


FIRST_FRAME = """
import asyncio, os, sys
from game.cli import _load
from game.engine import Game
from game.tui.app import PolitburoApp
scenario = _load("mini", "tests/fixtures/scenarios", cached=True)
game = Game.new(scenario, "red", 1)
app = PolitburoApp(game=game, saves_dir=sys.argv[1])
async def main():
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = "game.saves" in sys.modules
        screens = [m for m in ("game.tui.screens.title", "game.tui.screens.palette", "game.engine.snapshot",
                               "game.scenario.syntax", "game.tui.screens.too_small", "game.engine.codex",
                               "game.engine.timeline") if m in sys.modules]
        await pilot.press("1")
        await pilot.pause()
        print(before, "game.saves" in sys.modules, "game.engine.snapshot" in sys.modules, screens or "none",
              sorted(os.listdir(sys.argv[1])))
asyncio.run(main())
"""


def test_the_play_screens_first_frame_waits_for_no_saves_code(tmp_path):
    """A game begun from the command line is drawn before the saves code, the title screen's, the command
    palette's and the too-small cover's, the engine's snapshot, codex and timeline code or the YAML syntax helper is
    imported; its first choice is autosaved all the same."""
    import os
    env = {**os.environ, "POLITBURO_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(tmp_path / "saves")], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    before, after, snapshot, screens, files = proc.stdout.split(maxsplit=4)
    assert (before, after, snapshot, screens) == ("False", "True", "True", "none")
    assert "autosave" in files


NO_TOKENIZING = """
import tokenize
read = []
for name in ("tokenize", "generate_tokens"):
    def counting(*args, _real=getattr(tokenize, name), _name=name, **kwargs):
        read.append(_name)
        return _real(*args, **kwargs)
    setattr(tokenize, name, counting)
import textual.app, textual.widgets
before = len(read)
import game.cli, game.engine, game.scenario.discovery, game.scenario.cache, game.tui.app, game.tui.screens.play
print(before, len(read))
"""


def test_the_game_imports_what_play_needs_without_tokenizing_source():
    """Making the game's record types and screens reads no source text: a dataclass with no docstring of its own,
    for one, would have `inspect` tokenize a signature's text for it, milliseconds at every start."""
    proc = subprocess.run([sys.executable, "-c", NO_TOKENIZING], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    before, after = proc.stdout.split()
    assert after == before
