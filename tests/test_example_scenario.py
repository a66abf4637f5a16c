"""The guide's example scenario stays valid and playable to every ending."""

from __future__ import annotations

from game.scenario import check_scenario
from game.simulate import simulate
from tests.conftest import ROOT

EXAMPLE = ROOT / "docs" / "example-scenario" / "fourteenth-congress"


def test_example_validates_without_warnings():
    scenario, diags = check_scenario(str(EXAMPLE))
    assert scenario is not None and [str(d) for d in diags] == []


def test_example_reaches_every_ending():
    scenario, _ = check_scenario(str(EXAMPLE))
    report = simulate(scenario, runs=400, seed=1)
    assert report.ok and set(report.endings) == set(scenario.endings)
