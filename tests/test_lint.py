"""What the project promises of its code: ruff is clean, the import contracts hold and can fail, CI runs the README's tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent     # the tools installed beside this Python, from requirements-dev.lock


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_ruff_finds_nothing():
    proc = run([sys.executable, "-m", "ruff", "check", "--no-cache", "game", "tests", "benchmarks", "setup.py"], ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_import_contracts_hold():
    proc = run([str(BIN / "lint-imports"), "--no-cache"], ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"Contracts: (\d+) kept, 0 broken", proc.stdout), proc.stdout


def test_import_contracts_catch_what_they_forbid(tmp_path: Path):
    """A copy of the package whose engine imports Textual and the compiler, and whose saves import the TUI, breaks all three."""
    shutil.copytree(ROOT / "game", tmp_path / "game", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / "game" / "engine" / "rng.py", "a") as f:
        f.write("\nimport textual  # noqa\n")
    with open(tmp_path / "game" / "engine" / "dates.py", "a") as f:
        f.write("\nimport game.scenario.loader  # noqa\n")
    with open(tmp_path / "game" / "saves" / "names.py", "a") as f:
        f.write("\nimport game.tui.app  # noqa\n")
    proc = run([str(BIN / "lint-imports"), "--no-cache"], tmp_path)     # the copy, found first from its own folder
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "game.engine.rng -> textual" in proc.stdout
    assert "game.saves.names -> game.tui.app" in proc.stdout
    assert "game.engine.dates -> game.scenario.loader" in proc.stdout
    assert "0 kept" in proc.stdout


def readme_command(heading: str) -> str:
    """The command in the code block that follows a bold heading in the README."""
    text = (ROOT / "README.md").read_text()
    found = re.search(re.escape(heading) + r".*?```\n(.+?)\n```", text, re.S)
    assert found, f"no command under {heading!r} in README.md"
    return found.group(1).strip()


def test_ci_runs_the_readme_test_command_from_the_lock():
    command = readme_command("**Run the whole test suite**")
    ci = (ROOT / ".ci" / "run").read_text()
    assert command in ci.splitlines()
    assert "-r requirements-dev.lock" in command and command.endswith("-m pytest")
    assert "-r requirements.lock" in readme_command("**Set up and play**")


def test_every_dependency_is_pinned_with_hashes():
    """Each lock pins every package, direct or not, to one version with its hashes, and the dev lock agrees with the game's."""
    def pins(name: str) -> dict[str, str]:
        text = (ROOT / name).read_text()
        blocks = re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)[^\n]*\\\n((?:\s+--hash=sha256:[0-9a-f]{64}[ \\]*\n?)+)", text, re.M)
        names = re.findall(r"^[A-Za-z0-9]", text, re.M)
        assert len(blocks) == len(names), f"{name}: a line that is not a pinned package with hashes"
        return {n.lower(): v for n, v, _ in blocks}
    game, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    for needed in ("textual", "pyyaml", "platformdirs", "rich", "setuptools"):
        assert needed in game
    for needed in ("pytest", "hypothesis", "ruff", "import-linter", "pytest-textual-snapshot", "pytest-xdist"):
        assert needed in dev
    assert {n: v for n, v in dev.items() if n in game} == game
