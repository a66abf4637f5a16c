"""The guide's walk-through, "From an empty folder to a played game", done as the guide says, in an empty folder.

The commands and the edit are read from the guide itself, so the guide cannot drift from what works.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import sys
from pathlib import Path

import pytest

from game.cli import main
from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "scenario-guide.md"


def walkthrough() -> tuple[dict[str, list[str]], str, str]:
    """The walk-through's commands by name (`new`, `validate`, ...), and the event text before and after the edit."""
    text = GUIDE.read_text()
    section = text[text.index("## From an empty folder to a played game"):text.index("## Where scenarios live")]
    blocks = re.findall(r"^```\n(.*?)^```", section, re.S | re.M)
    commands = {}
    for block in blocks:
        if block.startswith("politburo "):
            words = shlex.split(block.strip())
            commands[words[1]] = words[1:]
    before, after = (b for b in blocks if b.lstrip().startswith("text: |"))
    return commands, before, after


@pytest.fixture
def started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """An empty folder, made the current one, and `politburo new` run in it as the guide does, then the guide's edit."""
    monkeypatch.chdir(tmp_path)
    commands, before, after = walkthrough()
    assert main(commands["new"]) == 0
    out = capsys.readouterr().out
    name = commands["new"][1]
    folder = tmp_path / name
    assert f"Made the scenario '{name}' in {name}:" in out and f"politburo validate {name}" in out
    events = folder / "events.yaml"
    source = events.read_text()
    assert source.count(before) == 1, "the guide's 'before' text is not in the new scenario's events.yaml"
    events.write_text(source.replace(before, after))
    return folder


def test_the_walkthrough_from_an_empty_folder_to_a_played_game(started: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    commands, _, after = walkthrough()
    assert set(commands) == {"new", "validate", "simulate", "graph", "play"}

    assert main(commands["validate"]) == 0
    assert "valid" in capsys.readouterr().err

    assert main(commands["simulate"]) == 0
    out = capsys.readouterr().out
    for ending in ("secretary_list_carried", "secretary_list_lost", "chairman_list_defeated", "chairman_outvoted"):
        assert ending in out, ending
    assert main([*commands["simulate"], "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dead_ends"] == [] and report["errors"] == [] and len(report["endings"]) == 4

    assert main(commands["graph"]) == 0
    out = capsys.readouterr().out
    assert "grain_quota: The Grain Quota" in out and "0 problems" in out and out.rstrip().endswith("Problems: none found")

    play = commands["play"]
    assert "--watch" in play
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 40))
    assert main([*play, "--plain", "--role", "secretary", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    flowing = " ".join(out.split())
    edited = " ".join(after.split()[2:])        # the new text, without `text: |`
    assert " ".join(edited.split("{grain}")[1].split()) in flowing      # the edit is what the player reads
    assert "=== THE END: The Secretary's List" in out


def test_the_walkthrough_plays_as_the_other_role_too(started: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    commands, _, _ = walkthrough()
    play = [w for w in commands["play"] if w != "--watch"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 40))
    assert main([*play, "--plain", "--role", "chairman", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"=== THE END: (The Province Chooses|The Secretary's Conference)", out)
    assert "Traceback" not in out
