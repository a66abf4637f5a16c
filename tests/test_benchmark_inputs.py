"""The benchmark's generated scenario stays valid, so the benchmark never rots."""

from __future__ import annotations

from benchmarks.generate import generate
from game.scenario import check_scenario


def test_generated_scenario_is_valid(tmp_path):
    scenario, diags = check_scenario(generate(str(tmp_path / "gen"), events=120, files=3))
    assert scenario is not None, [str(d) for d in diags[:5]]
    assert len(scenario.events) == 120
