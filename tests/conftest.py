"""Shared fixtures: the small test scenario and the campaign chapter."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import load_scenario
from game.scenario.model import Scenario

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "scenarios" / "mini"
CHAPTER = ROOT / "scenarios" / "succession-1924"


@pytest.fixture(scope="session")
def mini() -> Scenario:
    return load_scenario(str(MINI))


@pytest.fixture(scope="session")
def chapter() -> Scenario:
    return load_scenario(str(CHAPTER))
