"""Shared fixtures: the small test scenario and the campaign chapter."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

from game.engine.model import Scenario
from game.scenario import load_scenario

# Property tests draw the same examples on every run and every machine: a failure always reproduces.
settings.register_profile("politburo", derandomize=True, database=None)
settings.load_profile("politburo")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "scenarios" / "mini"
BOARD = FIXTURES / "board"          # one counted vote, aims, a warning, history marked: kept apart from the
                                    # scenarios folder, so that listing the test scenarios does not find it
CHAPTER = ROOT / "scenarios" / "succession-1924"


@pytest.fixture(autouse=True)
def saves_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test saves into a folder of its own (and subprocesses inherit it), never into saves/."""
    folder = tmp_path / "saves"
    monkeypatch.setenv("POLITBURO_SAVES", str(folder))
    return folder


@pytest.fixture(autouse=True)
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test has a user data folder of its own, and no POLITBURO_SCENARIOS: only the scenarios it names are found."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))      # for subprocesses, on Linux
    # In this process on every platform (platformdirs reads XDG_DATA_HOME on Linux only).
    monkeypatch.setattr("game.scenario.discovery.user_scenarios_folder", lambda: folder / "politburo" / "scenarios")
    monkeypatch.delenv("POLITBURO_SCENARIOS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))     # no player's keymap reaches a test
    return folder


@pytest.fixture(scope="session")
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def cache_dir(_cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The checked-scenario cache of the whole run, never the player's (subprocesses inherit it): a scenario
    checked once opens from it in every later test, as it does for a player's later games."""
    monkeypatch.setenv("POLITBURO_CACHE", str(_cache_folder))
    return _cache_folder


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the colours, theme or animations of the shell that runs it."""
    for name in ("NO_COLOR", "TEXTUAL_THEME", "COLORTERM", "TEXTUAL_ANIMATIONS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def mini() -> Scenario:
    return load_scenario(str(MINI))


@pytest.fixture(scope="session")
def board_scenario() -> Scenario:
    return load_scenario(str(BOARD))


@pytest.fixture(scope="session")
def chapter() -> Scenario:
    return load_scenario(str(CHAPTER))


def scenario_files(tmp_path: Path, name: str, manifest: str, content: str) -> Path:
    """A scenario folder of a manifest and one content file (kept if it is already there)."""
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / "scenario.yaml").write_text(manifest)
    (folder / "content.yaml").write_text(content)
    return folder


def autumn_1925(scenario_id: str, title: str, description: str, per_turn: int = 1) -> str:
    """The manifest of a five-month scenario (September 1925 to January 1926) with Zinoviev as its role."""
    return f"""\
id: {scenario_id}
title: {title}
version: 1
description: {description}
start: 1925-09
end: 1926-01
events_per_turn: {per_turn}
roles:
  - {{id: zinoviev, name: Zinoviev, character: zinoviev, bio: Leningrad.}}
sources:
  - {{id: record, title: The record}}
"""


def month_event(eid: str, month: str, *, last: str = "", extra: str = "", text: str = "It happens.",
                choices: str = "[{id: go, text: Go on.}]") -> str:
    """An event of the autumn_1925 scenario, as a YAML list item: its window from `month` to `last` (or
    `month`), its text, its choices, and any further fields in `extra`."""
    more = textwrap.indent(textwrap.dedent(extra).strip() + "\n", "  ") if extra else ""
    return f"""\
- id: {eid}
  title: {eid.replace("_", " ").title()}
  earliest: {month}
  latest: {last or month}
  sources: [record]
  text: '{text}'
  choices: {choices}
{more}"""


def mini_variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the mini scenario with one piece of its content replaced."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "scenario.yaml").write_text((MINI / "scenario.yaml").read_text())
    (folder / "politics.yaml").write_text((MINI / "politics.yaml").read_text())
    content = (MINI / "content.yaml").read_text()
    assert old in content, old
    (folder / "content.yaml").write_text(content.replace(old, new))
    return folder


def board_variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the board scenario with one piece of its content replaced."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "scenario.yaml").write_text((BOARD / "scenario.yaml").read_text())
    content = (BOARD / "content.yaml").read_text()
    assert old in content, old
    (folder / "content.yaml").write_text(content.replace(old, new))
    return folder
