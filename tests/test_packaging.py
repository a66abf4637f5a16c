"""An installed game is a whole game: the wheel carries the scenarios and schemas, and saves go to the user's data folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the user data folder is checked where XDG names it")

# What a source checkout holds that the package is built from (tests, benchmarks and saves stay behind).
SOURCES = ("game", "scenarios", "docs", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def run(args: list[str], cwd: Path, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=180)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the game installed from a wheel built from a copy of the checkout."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(ROOT / name, source / name)
    env = dict(os.environ)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(work / "dist"), str(source)], work, env)
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("politburo-*.whl"))

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # The game's dependencies come from this test run's environment (already installed from the lock), so no
    # network is needed; a path in a .pth file is appended after the new environment's own site-packages.
    Path(purelib, "_politburo_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)], work, env)
    assert done.returncode == 0, done.stderr
    return venv


@pytest.fixture
def elsewhere(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An unrelated working folder and an environment whose user data folder is a temporary one."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("POLITBURO_SAVES", "POLITBURO_CACHE", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    return folder, env


def test_the_wheel_carries_the_scenarios_and_schemas_but_no_tests(installed: Path):
    wheel = next(installed.parent.joinpath("dist").glob("politburo-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for scenario_file in (ROOT / "scenarios").rglob("*.yaml"):
        assert f"game/bundled/scenarios/{scenario_file.relative_to(ROOT / 'scenarios').as_posix()}" in names
    assert "game/bundled/schema/content.schema.json" in names
    assert "game/tui/politburo.tcss" in names
    for template in (ROOT / "game" / "templates").rglob("*"):
        if template.is_file():
            assert f"game/templates/{template.relative_to(ROOT / 'game' / 'templates').as_posix()}" in names
    assert "game/templates/new-scenario/scenario.yaml" in names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "saves/"))]


def test_installed_game_lists_plays_and_saves_from_any_folder(installed: Path, elsewhere: tuple[Path, dict[str, str]]):
    folder, env = elsewhere
    exe = str(installed / "bin" / "politburo")

    where = run([str(installed / "bin" / "python"), "-c", "import game; print(game.__file__)"], folder, env)
    assert where.stdout.startswith(str(installed)), where.stdout     # the installed copy, not the checkout

    listed = run([exe, "list", "--json"], folder, env)
    assert listed.returncode == 0, listed.stderr
    scenarios = json.loads(listed.stdout)
    assert [s["id"] for s in scenarios] == ["succession-1924"]
    assert "/game/bundled/scenarios/" in scenarios[0]["path"]

    played = run([exe, "play", "--plain", "--role", "trotsky", "--seed", "3"], folder, env, stdin="save first\nquit\n")
    assert played.returncode == 0, played.stderr
    assert "January 1924" in played.stdout and "  1. " in played.stdout
    saves = Path(env["XDG_DATA_HOME"]) / "politburo" / "saves"
    assert f"Saved as 'first' in {saves}" in " ".join(played.stdout.split())     # unwrapped from the width
    assert json.loads((saves / "first.json").read_text())["scenario"]["id"] == "succession-1924"
    assert not list(folder.iterdir())      # nothing written into the working folder

    resumed = run([exe, "saves", "list"], folder, env)
    assert resumed.returncode == 0 and "first" in resumed.stdout

    where = json.loads(run([exe, "where", "--json"], folder, env).stdout)
    assert where["installed"] is True
    assert where["saves"] == str(saves)
    assert where["cache"] == str(Path(env["XDG_CACHE_HOME"], "politburo"))
    assert list(Path(where["cache"], "scenarios").glob("*.json")), "play cached the scenario it checked"
    assert Path(where["schemas"], "content.schema.json").is_file()
    assert where["scenarios"][0] == str(Path(env["XDG_DATA_HOME"], "politburo", "scenarios"))
    assert Path(where["scenarios"][1], "succession-1924", "scenario.yaml").is_file()


def test_installed_game_makes_a_scenario_that_names_the_installed_schemas(installed: Path,
                                                                          elsewhere: tuple[Path, dict[str, str]]):
    folder, env = elsewhere
    exe = str(installed / "bin" / "politburo")
    user_folder = Path(env["XDG_DATA_HOME"], "politburo", "scenarios")
    made = run([exe, "new", "my-first", "--dir", str(user_folder)], folder, env)
    assert made.returncode == 0, made.stderr
    schemas = Path(json.loads(run([exe, "where", "--json"], folder, env).stdout)["schemas"])
    first_line = (user_folder / "my-first" / "scenario.yaml").read_text().splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={schemas.as_posix()}/manifest.schema.json"
    assert (schemas / "manifest.schema.json").is_file()
    listed = json.loads(run([exe, "list", "--json"], folder, env).stdout)
    assert [(s["id"], s["origin"]) for s in listed] == [("my-first", "user"), ("succession-1924", "bundled")]
    assert run([exe, "validate", str(user_folder / "my-first")], folder, env).returncode == 0


def test_a_checkout_uses_its_own_folders(elsewhere: tuple[Path, dict[str, str]]):
    """Run from the checkout (an editable install), the game reads and saves beside its package, from any folder."""
    folder, env = elsewhere
    proc = run([sys.executable, "-m", "game", "where", "--json"], folder, env)
    assert proc.returncode == 0, proc.stderr
    user = str(Path(env["XDG_DATA_HOME"], "politburo", "scenarios"))
    assert json.loads(proc.stdout) == {"scenarios": [user, str(ROOT / "scenarios")], "schemas": str(ROOT / "docs" / "schema"),
                                       "saves": str(ROOT / "saves"), "installed": False,
                                       "keymap": str(Path(env["XDG_CONFIG_HOME"], "politburo", "keymap.toml")),
                                       "cache": str(Path(env["XDG_CACHE_HOME"], "politburo")),
                                       "scenario_folders": [{"path": user, "origin": "user", "exists": False},
                                                            {"path": str(ROOT / "scenarios"), "origin": "bundled",
                                                             "exists": True}]}
    env["POLITBURO_SAVES"] = str(folder / "mine")
    proc = run([sys.executable, "-m", "game", "where", "--saves-dir", str(folder / "given")], folder, env)
    assert f"saves      {folder / 'given'}" in proc.stdout
