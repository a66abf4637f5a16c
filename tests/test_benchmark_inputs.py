"""The benchmark's generated scenario stays valid, so the benchmark never rots."""

from __future__ import annotations

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
