"""The campaign's first chapter: valid, grounded, and playable to every ending."""

from __future__ import annotations

import pytest

from game.cli import main
from game.scenario import check_scenario
from game.simulate import simulate
from tests.conftest import CHAPTER


def test_chapter_validates_cleanly(capsys):
    assert main(["validate", str(CHAPTER)]) == 0
    scenario, diags = check_scenario(str(CHAPTER))
    assert scenario is not None
    assert [str(d) for d in diags] == []          # not even a warning


def test_chapter_shape(chapter):
    assert {"trotsky", "stalin"} <= set(chapter.roles)
    assert chapter.start.isoformat() == "1924-01-01" and chapter.end.isoformat() == "1925-01-31"
    assert len(chapter.events) >= 15 and len(chapter.endings) >= 3
    for ev in chapter.events.values():
        assert ev.sources, ev.id
        assert len(ev.choices) >= 1, ev.id
    for en in chapter.endings.values():
        assert en.sources and en.history, en.id
    kinds = {e.kind for e in chapter.endings.values()}
    assert kinds == {"historical", "counterfactual"}


def test_chapter_keeps_the_period_party_name(chapter):
    texts = []
    for ev in chapter.events.values():
        texts.append(ev.title)
        texts += [p for p in ev.text.parts if isinstance(p, str)]
    for en in chapter.endings.values():
        texts += [en.title, en.history]
    for entry in chapter.codex.values():
        texts.append(entry.text)
    offenders = [t for t in texts if "CPSU" in t and "1952" not in t]
    assert offenders == []


@pytest.fixture(scope="module")
def report(chapter):
    return simulate(chapter, runs=2000, seed=1)


def test_simulate_2000_runs_no_dead_ends_no_errors_every_ending(report, chapter):
    assert report.dead_ends == {} and report.errors == {}
    assert set(report.endings) == set(chapter.endings)


def test_simulate_is_reproducible(report, chapter):
    again = simulate(chapter, runs=2000, seed=1).as_dict()
    first = report.as_dict()
    for d in (again, first):
        d.pop("seconds"), d.pop("choices_per_second")
    assert again == first


@pytest.mark.parametrize("role", ["trotsky", "stalin", "zinoviev"])
def test_plain_play_of_the_chapter_reaches_an_ending(role):
    import subprocess
    import sys

    from tests.conftest import ROOT
    proc = subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--role", role, "--seed", "1"],
                          input="1\n" * 120, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "== January 1924 | turn 1 |" in proc.stdout
    assert "=== THE END: " in proc.stdout and "What really happened:" in proc.stdout
    assert "Traceback" not in proc.stderr
