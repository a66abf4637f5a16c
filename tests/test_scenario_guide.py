"""The writer's guide shows YAML that loads, and mistakes with the report `validate` gives.

Every ```yaml block in docs/scenario-guide.md is a complete piece of a scenario, and each is
compiled here into a scenario that must load with no error and no warning:

- a manifest (a block with `roles`) is the manifest of a small 1924 stage, below;
- a block whose objects all exist in the example scenario is a trimmed copy of them: every key
  it writes must say what the example says, and the example with the block's version of those
  objects put in place of its own must still load;
- any other block is added to the 1924 stage, whose own objects of the same ids it replaces.

A block that shows a mistake is marked by the line `<!-- mistake -->` just before its ```yaml
(an HTML comment: the guide's reader sees an ordinary example), and is followed by a ``` or
```text block holding what `validate` prints for it. The mistake is written into the 1924 stage,
in the file the report names under `scenarios/my-scenario/`, and `validate` must print exactly
that report (and the summary line, where the guide shows it).
"""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.scenario import check_scenario
from game.scenario.build import CONTENT_KINDS
from game.scenario.yamlsource import read_yaml_file
from tests.conftest import ROOT
from tests.test_schema import plain

GUIDE = ROOT / "docs" / "scenario-guide.md"
EXAMPLE = ROOT / "docs" / "example-scenario" / "fourteenth-congress"

# What the guide's 1924 examples refer to without defining: enough of a scenario for each of them
# to load on its own. A block replaces the objects here that it defines.
STAGE = """\
stats:
  - {id: prestige, name: Prestige, default: 50}
  - {id: apparatus, name: Apparatus, default: 30}
  - {id: health, name: Health, default: 60}
  - {id: army, name: Army, default: 50}
  - {id: unity, name: Party unity, default: 55, scope: global}
characters:
  - {id: lenin, name: Vladimir Lenin}
  - {id: trotsky, name: Leon Trotsky, offices: [{office: politburo_member}, {office: war_commissar}]}
  - {id: stalin, name: Joseph Stalin, faction: troika, offices: [{office: politburo_member}, {office: gensec}]}
  - {id: zinoviev, name: Grigory Zinoviev, faction: troika, offices: [{office: politburo_member}]}
  - {id: kamenev, name: Lev Kamenev, faction: troika, offices: [{office: politburo_member}]}
  - {id: frunze, name: Mikhail Frunze}
offices:
  - {id: politburo_member, name: Member of the Politburo}
  - {id: gensec, name: General Secretary, holders: 1}
  - {id: war_commissar, name: People's Commissar for Military and Naval Affairs, holders: 1}
bodies:
  - {id: politburo, name: Politburo, members: politburo_member}
factions:
  - {id: troika, name: The troika}
events:
  - id: red_square
    title: Red Square
    earliest: 1924-01
    latest: 1924-01
    unlocks: [lenin, testament]
    sources: [record]
    text: The funeral.
    choices:
      - {id: stand, text: Stand in the cold., effects: ["if chance(50): army += 1", "flags.returned = false"]}
endings:
  - {id: exile, title: Exile, kind: historical, text: Exile., history: So it was., sources: [record]}
  - {id: fallback, title: Fallback, kind: historical, text: The end., history: So it was., sources: [record]}
codex:
  - {id: lenin, title: Lenin, kind: person, unlocked: true, text: Lenin., sources: [record], links: [zinoviev, gensec]}
  - {id: testament, title: The Testament, kind: document, text: The letter., sources: [record]}
  - {id: zinoviev, title: Zinoviev, kind: person, text: Zinoviev., sources: [record]}
  - {id: gensec, title: General Secretary, kind: term, text: The post., sources: [record]}
"""


MISTAKE = "<!-- mistake -->"


def fenced() -> list[tuple[int, str, str, bool]]:
    """Each fenced block of the guide: the line its text starts on, its language, its text, and
    whether it is marked as a mistake."""
    out, lines = [], GUIDE.read_text().splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            lang = lines[i].strip()[3:]
            marked = i > 0 and lines[i - 1].strip() == MISTAKE
            start, body = i + 2, []
            i += 1
            while lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            out.append((start, lang, "\n".join(body) + "\n", marked))
        i += 1
    return out


def blocks() -> list[tuple[int, str]]:
    """Each ```yaml block of the guide that is not a mistake: the line it starts on, and its text."""
    return [(start, text) for start, lang, text, marked in fenced() if lang == "yaml" and not marked]


BLOCKS = blocks()
MANIFEST = next(text for _, text in BLOCKS if "roles:" in text and text.startswith("id:"))


def read(path: Path) -> Any:
    data, diags = read_yaml_file(str(path))
    assert not diags, [str(d) for d in diags]
    return plain(data)


def ids(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(section, obj["id"]) for section, objs in data.items() for obj in objs}


def example_objects() -> dict[tuple[str, str], Any]:
    out = {}
    for path in EXAMPLE.rglob("*.yaml"):
        if path.name != "scenario.yaml":
            for section, objs in read(path).items():
                for obj in objs:
                    out[(section, obj["id"])] = obj
    return out


def without(data: dict[str, Any], gone: set[tuple[str, str]]) -> dict[str, Any]:
    return {section: [o for o in objs if (section, o["id"]) not in gone] for section, objs in data.items()}


def write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))


def problems(folder: Path) -> list[str]:
    scenario, diags = check_scenario(str(folder))
    return [str(d) for d in diags] + ([] if scenario else ["does not load"])


def test_the_guide_has_its_examples():
    assert len(BLOCKS) >= 12
    sections = set()
    for _, text in BLOCKS:
        data = yaml.safe_load(text)
        if "roles" not in data and "chapters" not in data:
            assert set(data) <= set(CONTENT_KINDS), set(data) - set(CONTENT_KINDS)
            sections |= set(data)
    assert sections == set(CONTENT_KINDS)       # every section is shown at least once


def test_the_stage_loads_on_its_own(tmp_path: Path):
    (tmp_path / "scenario.yaml").write_text(MANIFEST)
    (tmp_path / "stage.yaml").write_text(STAGE)
    assert problems(tmp_path) == []


@pytest.mark.parametrize("line, text", BLOCKS, ids=[f"line {n}" for n, _ in BLOCKS])
def test_each_example_loads(line: int, text: str, tmp_path: Path):
    folder = tmp_path / "scenario"
    snippet = tmp_path / "snippet.yaml"
    snippet.write_text(text)
    data = read(snippet)
    if "roles" in data:                         # the manifest
        folder.mkdir()
        (folder / "scenario.yaml").write_text(text)
        (folder / "stage.yaml").write_text(STAGE)
        assert problems(folder) == []
        return
    if "chapters" in data:                      # a manifest's chapters: the manifest's example with them
        folder.mkdir()
        (folder / "scenario.yaml").write_text(MANIFEST + "\n" + text)
        (folder / "stage.yaml").write_text(STAGE)
        assert problems(folder) == [], f"the example at {GUIDE.name}:{line}"
        return
    mine = ids(data)
    example = example_objects()
    if mine <= set(example):                    # a piece of the example scenario
        for section, objs in data.items():
            for obj in objs:
                theirs = example[(section, obj["id"])]
                differ = {k: (v, theirs.get(k)) for k, v in obj.items() if theirs.get(k) != v}
                assert not differ, f"the guide's {section} '{obj['id']}' differs from the example's: {differ}"
        shutil.copytree(EXAMPLE, folder)
        for path in folder.rglob("*.yaml"):
            if path.name != "scenario.yaml":
                content = read(path)
                if ids(content) & mine:
                    write(path, without(content, mine))
    else:                                       # a piece of the 1924 stage
        folder.mkdir()
        (folder / "scenario.yaml").write_text(MANIFEST)
        write(folder / "stage.yaml", without(yaml.safe_load(STAGE), mine))
    (folder / "guide.yaml").write_text(text)
    assert problems(folder) == [], f"the example at {GUIDE.name}:{line}"


WRITER_FOLDER = "scenarios/my-scenario"


def mistakes() -> list[tuple[int, str, str]]:
    """Each mistake the guide shows, and the report it says `validate` prints: the line the
    mistake starts on, its YAML and the text of the block after it."""
    found = fenced()
    out = []
    for k, (start, lang, text, marked) in enumerate(found):
        if marked:
            after = found[k + 1] if k + 1 < len(found) else None
            assert lang == "yaml" and after is not None and after[1] in ("text", ""), \
                f"the mistake at {GUIDE.name}:{start} is not a ```yaml block followed by the report"
            out.append((start, text, after[2]))
    return out


MISTAKES = mistakes()


def close_section(name: str) -> str:
    """The section a section's name stands for, misspelt or not (as the loader takes it)."""
    close = difflib.get_close_matches(name, CONTENT_KINDS, n=1, cutoff=0.7)
    return close[0] if close else name


def test_the_guide_shows_mistakes_with_their_reports():
    assert len(MISTAKES) >= 4


@pytest.mark.parametrize("line, text, report", MISTAKES, ids=[f"line {n}" for n, _, _ in MISTAKES])
def test_each_mistake_gives_the_report_shown(line: int, text: str, report: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """The mistake, written in the file its report names into the 1924 stage (in place of the stage's
    objects of its ids), makes `validate` print the report: its problems, then, where the guide
    shows it, the summary line."""
    from game.cli import main

    expected = report.splitlines()
    file = expected[0].split(":")[0]
    assert file.startswith(WRITER_FOLDER + "/"), expected[0]
    folder = tmp_path / WRITER_FOLDER
    folder.mkdir(parents=True)
    (folder / "scenario.yaml").write_text(MANIFEST)
    stage = yaml.safe_load(STAGE)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        gone = {(close_section(section), obj["id"]) for section, objs in data.items() if isinstance(objs, list)
                for obj in objs if isinstance(obj, dict) and "id" in obj}
        stage = without(stage, gone)
    write(folder / "stage.yaml", stage)
    path = tmp_path / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    monkeypatch.chdir(tmp_path)
    main(["validate", WRITER_FOLDER])
    out, err = capsys.readouterr()
    printed = out.splitlines()
    if len(expected) == len(printed) + 1:
        printed.append(err.rstrip("\n"))
    assert printed == expected, f"the mistake at {GUIDE.name}:{line}"


def test_the_guide_shows_the_report_simulate_prints():
    """The sample report in "Policies" is what `simulate` prints for the example scenario, searches included."""
    from game.scenario import load_scenario
    from game.simulate import format_report, simulate

    shown = re.search(r"```\n(simulate fourteenth-congress: 400 runs \(votes\).*?)```", GUIDE.read_text(), re.S)
    assert shown, "the sample report is missing"
    report = format_report(simulate(load_scenario(str(EXAMPLE)), 400, seed=1, policy_name="votes", search=20_000))
    sample = shown.group(1).split("\n", 1)[1]      # the first line has the speed, which varies
    assert sample in report.split("\n", 1)[1] + "\n", "the sample report is not what simulate prints"
    assert "Endings never reached, searched for:" in shown.group(1)


def test_the_guide_shows_the_balance_simulate_prints():
    """The sample in "Balance" is what `simulate --balance --role zinoviev` prints (its '...' stands for rows left out)."""
    from game.scenario import load_scenario
    from game.simulate import format_report, simulate

    shown = re.search(r"```\n(Balance for zinoviev .*?)```", GUIDE.read_text(), re.S)
    assert shown, "the sample balance is missing"
    printed = format_report(simulate(load_scenario(str(EXAMPLE)), 400, seed=1, role="zinoviev", balance=True)) + "\n"
    chunks = re.split(r"^ *\.\.\.\n", shown.group(1), flags=re.M)      # the runs of rows shown, in order
    assert sum(chunk.count("\n") for chunk in chunks) > 10
    at = 0
    for chunk in chunks:
        found = printed.find(chunk, at)
        assert found >= 0, f"not printed, or not in this order:\n{chunk}"
        at = found + len(chunk)
