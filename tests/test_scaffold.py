"""`politburo new`: a scenario folder made from the template files, valid, playable, and ready for an editor."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.scaffold import ScaffoldError, new_scenario, template_files
from game.scenario import check_scenario
from tests.conftest import ROOT

YAML_FILES = ("codex.yaml", "endings.yaml", "events.yaml", "scenario.yaml", "timeline.yaml", "world.yaml")
ENDINGS = {"secretary_list_carried", "secretary_list_lost", "chairman_list_defeated", "chairman_outvoted"}


@pytest.mark.parametrize(("name", "title"), [
    ("demo", None),
    ("provincial-bureau_2", 'The "Red" Bureau: a test\\of quotes'),
    ("1925", "Губком в N., 1925 — «осень»"),
    ("tokens", "@@ID@@ and @@SCHEMAS@@, left as they are"),
])
def test_the_new_scenario_is_valid_without_a_warning(tmp_path: Path, name: str, title: str | None) -> None:
    made = new_scenario(name, tmp_path, title)
    scenario, diags = check_scenario(str(made.folder))
    assert diags == [] and scenario is not None
    assert scenario.id == name
    assert scenario.title == (title if title is not None else name.replace("-", " ").replace("_", " ").title())
    assert (len(scenario.roles), len(scenario.endings), len(scenario.codex), len(scenario.timeline)) == (2, 4, 1, 1)
    assert 5 <= len(scenario.events) <= 8
    assert [v.body for v in scenario.votes.values()] == ["bureau"]
    assert any(e.vote for e in scenario.events.values())
    if title is not None:
        assert f"# {title}\n" in (made.folder / "README.md").read_text(encoding="utf-8")


def test_the_default_title_is_the_name_in_words(tmp_path: Path) -> None:
    scenario, _ = check_scenario(str(new_scenario("provincial-bureau_1925", tmp_path).folder))
    assert scenario is not None and scenario.title == "Provincial Bureau 1925"


def test_simulate_reaches_every_ending_and_never_sticks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = new_scenario("demo", tmp_path).folder
    assert main(["simulate", str(folder), "--runs", "500", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["endings"]) == ENDINGS and all(n > 0 for n in report["endings"].values())
    assert report["dead_ends"] == [] and report["errors"] == []
    assert report["events_reached"] == report["events_total"]


def test_every_yaml_file_names_its_schema_on_its_first_line(tmp_path: Path) -> None:
    folder = new_scenario("demo", tmp_path).folder
    schemas = ROOT / "docs" / "schema"
    for name in YAML_FILES:
        first = (folder / name).read_text().splitlines()[0]
        which = "manifest" if name == "scenario.yaml" else "content"
        # Outside the checkout, the path is absolute: the folder may be anywhere.
        assert first == f"# yaml-language-server: $schema={schemas.as_posix()}/{which}.schema.json", name


def test_inside_the_checkout_the_schema_path_is_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A checkout of its own, in the test's folder, with the schemas where a checkout keeps them.
    checkout = tmp_path / "checkout"
    schemas = checkout / "docs" / "schema"
    shutil.copytree(ROOT / "docs" / "schema", schemas)
    monkeypatch.setattr("game.scaffold.CHECKOUT", checkout)
    monkeypatch.setattr("game.scaffold.schema_folder", lambda: schemas)
    folder = new_scenario("demo", checkout / "scenarios" / "deeper").folder
    for name in YAML_FILES:
        first = (folder / name).read_text().splitlines()[0]
        reference = first.removeprefix("# yaml-language-server: $schema=")
        assert not reference.startswith("/") and reference.startswith("../")
        assert (folder / reference).resolve().is_file(), reference


def test_new_prints_the_files_made_and_the_next_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "demo", "--title", "A Demo"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Made the scenario 'demo' in demo:"
    assert [line.strip() for line in out[1:8]] == [f"demo/{n}" for n in ("README.md", *YAML_FILES)]
    assert out[8] == "Next:"
    commands = [line.split("#")[0].strip() for line in out[9:]]
    assert commands == ["politburo validate demo", "politburo simulate demo --runs 500", "politburo graph demo",
                        "politburo play --scenarios-dir . --scenario demo --watch"]


def test_new_in_another_folder_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "demo", "--dir", "my scenarios/1925"]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "my scenarios" / "1925" / "demo" / "scenario.yaml").is_file()
    assert "politburo validate 'my scenarios/1925/demo'" in out      # quoted for the shell
    assert "politburo play --scenarios-dir 'my scenarios/1925' --scenario demo --watch" in out


def test_an_existing_folder_is_refused_unless_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["new", "empty", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    before = (tmp_path / "empty" / "events.yaml").read_text()
    (tmp_path / "empty" / "events.yaml").write_text(before + "# my own line\n")
    assert main(["new", "empty", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == f"politburo: {tmp_path / 'empty'} already exists and is not empty; choose another name or --dir\n"
    assert (tmp_path / "empty" / "events.yaml").read_text().endswith("# my own line\n")    # nothing overwritten
    (tmp_path / "a-file").write_text("x")
    assert main(["new", "a-file", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["Demo", "my scenario", "_x", "a/b", "../up", "демо", "x\n", "a.b"])
def test_a_name_that_cannot_be_an_id_is_refused_in_one_line(tmp_path: Path, name: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", name, "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("politburo: '") and "cannot be a scenario id" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("title", "why"), [
    ("two\nlines", "the title must be one line"),
    ("", "the title is empty"),
    ("bell\x07", "control character U+0007"),
    ("evil\u202etxt", "bidirectional control U+202E"),
])
def test_a_title_that_cannot_be_shown_is_refused(tmp_path: Path, title: str, why: str) -> None:
    with pytest.raises(ScaffoldError, match=re.escape(why)):
        new_scenario("demo", tmp_path, title)
    assert not (tmp_path / "demo").exists()


def test_the_template_is_package_data_not_python() -> None:
    names = [relative for relative, _ in template_files()]
    assert names == ["README.md", *YAML_FILES]
    assert not list((ROOT / "game" / "templates").rglob("*.py"))


def test_new_notes_a_scenario_of_the_same_id_found_elsewhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "succession-1924", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().err == (f"politburo: note: {ROOT / 'scenarios' / 'succession-1924'} (bundled) is a scenario "
                                       f"of the same id; where both are found, the first is used (see 'politburo list')\n")
    assert main(["new", "something-else", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""


def test_each_file_satisfies_the_schema_its_first_line_names(tmp_path: Path) -> None:
    import jsonschema

    from game.scenario.yamlsource import read_yaml_file
    from tests.test_schema import plain
    folder = new_scenario("demo", tmp_path, 'A "quoted" title').folder
    for name in YAML_FILES:
        reference = (folder / name).read_text().splitlines()[0].removeprefix("# yaml-language-server: $schema=")
        schema = json.loads(Path(reference).read_text())
        data, diags = read_yaml_file(str(folder / name))
        assert not diags
        jsonschema.validate(plain(data), schema)
