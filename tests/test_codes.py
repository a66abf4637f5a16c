"""Problem codes: every diagnostic has one from the registry, and every registered code is met.

`CASES` holds, for each code, a small scenario broken in the one way that code names; the
registry (game.scenario.codes) and the table must list the same codes, so a code that no
scenario can produce cannot be registered. The corpus test runs the loader over every
scenario the project has (the bundled one, the example, the fixtures, the cases here) and
checks that each problem carries a registered code with the registry's severity.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import check_scenario
from game.scenario.codes import CODES
from game.scenario.diagnostics import Diagnostic
from tests.conftest import CHAPTER, FIXTURES, ROOT, scenario_files

MANIFEST = """\
id: tiny
title: Tiny
version: 1
description: The smallest scenario the cases break.
start: 1924-01
end: 1924-03
roles:
  - {id: red, name: Red, character: red, bio: Plays.}
sources:
  - {id: notes, title: Notes, kind: book, author: Someone}
"""

CONTENT = """\
stats:
  - {id: prestige, name: Prestige, default: 50}
characters:
  - {id: red, name: Red}
events:
  - id: opening
    title: The Opening
    sources: [notes]
    text: It begins.
    choices:
      - {id: go, text: Go., effects: ["prestige += 1", "flags.went = true"]}
endings:
  - {id: end, title: The End, kind: historical, text: Over., history: So it was., sources: [notes]}
"""

POLITICS = """\
offices:
  - {id: pb, name: Politburo member}
bodies:
  - {id: politburo, name: Politburo, members: pb}
  - {id: congress, name: Congress, support: "prestige"}
characters:
  - {id: blue, name: Blue, offices: [{office: pb, from: 1920-01}]}
votes:
  - {id: motion, body: politburo, motion: A motion., sponsor: blue}
"""


def event(extra: str = "", choices: str = '[{id: go, text: Go.}]', eid: str = "second") -> str:
    """One more event, with `extra` lines (indented as its keys) and its choices."""
    lines = "".join(f"    {line}\n" for line in extra.splitlines())
    return (f"  - id: {eid}\n    title: Second\n    sources: [notes]\n    text: Then.\n{lines}"
            f"    choices: {choices}\n")


def with_event(extra: str = "", choices: str = '[{id: go, text: Go.}]') -> str:
    return CONTENT.replace("endings:", event(extra, choices) + "endings:")


def condition(src: str) -> str:
    """A content file whose second event has `src` as its condition."""
    return with_event(f"condition: {src!r}".replace("'", '"') if "'" not in src else f'condition: "{src}"')


def effect(src: str) -> str:
    """A content file whose second event's choice has the effect `src`."""
    quoted = src.replace("\\", "\\\\").replace('"', '\\"')
    return with_event(choices=f'[{{id: go, text: Go., effects: ["{quoted}"]}}]')


def replaced(old: str, new: str, text: str = CONTENT) -> str:
    assert old in text, old
    return text.replace(old, new)


class Case(NamedTuple):
    """A scenario broken one way: its content, manifest and other files, or a function that makes it."""

    content: str = CONTENT
    manifest: str = MANIFEST
    files: dict[str, str | bytes] | None = None
    make: Callable[[Path], Path] | None = None


def _symlink_nowhere(folder: Path) -> Path:
    os.symlink(folder / "nowhere", folder / "gone.yaml")
    return folder


def _too_many(folder: Path) -> Path:
    for i in range(2001):
        (folder / f"f{i:04}.yaml").touch()
    return folder


def _too_large(folder: Path) -> Path:
    (folder / "big.yaml").write_bytes(b"#" * (8 * 1024 * 1024 + 1))
    return folder


def _no_manifest(folder: Path) -> Path:
    (folder / "scenario.yaml").unlink()
    return folder


# code -> a scenario with that problem (and, where it helps, the exact message expected).
CASES: dict[str, Case] = {
    "not-a-scenario": Case(make=_no_manifest),
    "too-many-files": Case(make=_too_many),
    "cannot-read": Case(make=_symlink_nowhere),
    "file-too-large": Case(make=_too_large),
    "not-utf8": Case(files={"bad.yaml": b"events:\n  - id: caf\xe9\n"}),
    "bad-character": Case(replaced("title: The Opening", 'title: "The \\e[2J Opening"')),
    "yaml-indent": Case(replaced("    sources: [notes]\n    text: It begins.", "    sources: [notes]\n      text: It begins.")),
    "yaml-tab": Case(replaced("    text: It begins.", "\ttext: It begins.")),
    "yaml-quote": Case(replaced("text: It begins.", 'text: "It begins.')),
    "yaml-bracket": Case(replaced("sources: [notes]", "sources: [notes")),
    "yaml-colon": Case(replaced("text: It begins.", "text: Note: it begins.")),
    "yaml-syntax": Case(replaced("text: It begins.", "text: @begins")),
    "yaml-alias": Case(files={"loop.yaml": "codex: &loop [*loop]\n"}),
    "yaml-tag": Case(files={"evil.yaml": "events: !!python/object/apply:os.system [ls]\n"}),
    "yaml-documents": Case(CONTENT + "---\nevents: []\n"),
    "yaml-too-deep": Case(files={"deep.yaml": "events: " + "[" * 70 + "]" * 70 + "\n"}),
    "duplicate-key": Case(replaced("    text: It begins.", "    text: It begins.\n    text: Again.")),
    "number-out-of-range": Case(replaced("default: 50", "default: 10000000000000")),
    "empty-manifest": Case(manifest="# nothing yet\n"),
    "empty-file": Case(files={"later.yaml": "# to be written\n"}),
    "empty-section": Case(CONTENT + "codex:\n"),
    "unknown-section": Case(CONTENT + "codecs: []\n"),
    "unknown-field": Case(replaced("title: The Opening", "title: The Opening\n    titel: Again")),
    "missing-field": Case(replaced("    text: It begins.\n", "")),
    "wrong-type": Case(with_event("priority: high")),
    "out-of-range": Case(replaced("default: 50", "default: 50, min: 0, max: 10")),
    "bad-option": Case(replaced("kind: historical", "kind: historic")),
    "bad-id": Case(replaced("id: opening", "id: Opening")),
    "duplicate-id": Case(with_event().replace("id: second", "id: opening")),
    "unknown-reference": Case(replaced("sources: [notes]\n    text: It", "sources: [notse]\n    text: It")),
    "contradiction": Case(CONTENT.replace("characters:\n", "characters:\n  - {id: blue, name: Blue, ties: {blue: 10}}\n")),
    "bad-date": Case(with_event("earliest: 1924-13")),
    "date-order": Case(manifest=replaced("end: 1924-03", "end: 1923-03", MANIFEST)),
    "date-outside": Case(with_event("earliest: 1930-01")),
    "bad-spread": Case(with_event("spread: evenly")),
    "bad-expression": Case(condition("prestige > > 3")),
    "not-allowed": Case(condition("prestige in [1, 2]")),
    "unknown-name": Case(condition("prestgie > 3")),
    "type-mismatch": Case(condition("date > 3")),
    "bad-call": Case(condition("met()")),
    "never-set-flag": Case(condition("flags.gone")),
    "flag-type": Case(effect("flags.went = 3")),
    "bad-effect": Case(effect("prestige")),
    "bad-template": Case(replaced("text: It begins.", 'text: "It begins {prestige"')),
    "glued-passage": Case(replaced("text: It begins.", 'text: "It begins{if prestige > 10: at dawn}."')),
    "counts-itself": Case(POLITICS.replace('support: "prestige"', 'support: "votes(\\"congress\\")"'),
                          files={"more.yaml": CONTENT}),
    "too-many-holders": Case(POLITICS.replace("name: Politburo member", "name: Politburo member, holders: 1")
                             .replace("votes:", "  - {id: green, name: Green, offices: [{office: pb, from: 1920-01}]}\nvotes:"),
                             files={"more.yaml": CONTENT}),
    "uncounted-body": Case(POLITICS.replace("body: politburo", "body: congress"),
                           files={"more.yaml": CONTENT}),
    "body-not-standing": Case(POLITICS.replace("members: pb}", "members: pb, from: 1924-03}"),
                              files={"more.yaml": with_event("vote: motion")}),
    "no-choice": Case(with_event(choices="[]")),
    "too-many-choices": Case(with_event(choices="[" + ", ".join(f"{{id: c{i}, text: C.}}" for i in range(10)) + "]")),
    "several-historical": Case(with_event(choices="[{id: a, text: A., historical: true}, "
                                                  "{id: b, text: B., historical: true}]")),
    "stuck-event": Case(with_event(choices='[{id: a, text: A., condition: "prestige > 3"}]')),
    "unreachable": Case(with_event("follow_up: true")),
    "has-no-effect": Case(with_event(choices="[{id: a, text: A., unavailable: Not now.}]")),
    "empty-text": Case(with_event(choices='[{id: a, text: "  "}]')),
    "bad-source": Case(manifest=replaced("author: Someone", "url: ftp://example", MANIFEST)),
}


def build(tmp_path: Path, code: str, case: Case) -> Path:
    folder = scenario_files(tmp_path, code, case.manifest, case.content)
    for name, text in (case.files or {}).items():
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
    return case.make(folder) if case.make else folder


def test_every_registered_code_has_a_case():
    assert set(CASES) == set(CODES)


def guide_table() -> dict[str, tuple[str, str]]:
    """The table of codes in the guide's "Problem codes": code -> severity and meaning."""
    text = (ROOT / "docs" / "scenario-guide.md").read_text()
    section = text.split("\n## Problem codes\n", 1)[1]
    section = re.split(r"\n#+ ", section, maxsplit=1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    table = {}
    for row in rows:
        m = re.fullmatch(r"\| `([^`]+)` \| (\w+) \| (.+) \|", row)
        assert m, row
        assert m.group(1) not in table, f"{m.group(1)} is listed twice"
        table[m.group(1)] = (m.group(2), m.group(3))
    return table


def test_the_guide_lists_every_code_as_the_registry_does():
    table = guide_table()
    assert set(table) - set(CODES) == set(), "listed in the guide but not in the registry"
    assert set(CODES) - set(table) == set(), "in the registry but not listed in the guide"
    for code, (severity, meaning) in table.items():
        assert (severity, meaning) == (CODES[code].severity, CODES[code].meaning), code


def test_codes_are_short_kebab_case_with_a_meaning():
    for code, entry in CODES.items():
        assert code == code.lower() and code.replace("-", "").isalnum() and len(code) <= 24, code
        assert entry.severity in ("error", "warning"), code
        assert entry.meaning and "\n" not in entry.meaning, code


def test_the_base_of_the_cases_is_valid(tmp_path: Path):
    scenario, diags = check_scenario(str(build(tmp_path, "base", Case())))
    assert scenario is not None and diags == []


@pytest.mark.parametrize("code", list(CASES))
def test_each_code_is_given_to_its_case(code: str, tmp_path: Path):
    _, diags = check_scenario(str(build(tmp_path, code, CASES[code])))
    assert code in {d.code for d in diags}, [f"{d.code}: {d}" for d in diags]
    for d in diags:
        if d.code == code:
            assert d.severity == CODES[code].severity


def corpus() -> list[Path]:
    """Every scenario folder the project holds: bundled, example, fixtures."""
    found = {CHAPTER, ROOT / "docs" / "example-scenario" / "fourteenth-congress"}
    for manifest in FIXTURES.rglob("scenario.yaml"):
        found.add(manifest.parent)
    for folder in (FIXTURES / "bad").iterdir():
        if folder.is_dir():
            found.add(folder)
    return sorted(found)


def _checked(diags: list[Diagnostic]) -> None:
    for d in diags:
        assert d.code in CODES, f"{d}: code {d.code!r}"
        assert d.severity == CODES[d.code].severity, f"{d}: {d.severity} but {d.code} is {CODES[d.code].severity}"


@pytest.mark.parametrize("folder", corpus(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_problem_in_the_corpus_has_a_registered_code(folder: Path):
    _, diags = check_scenario(str(folder))
    _checked(diags)


def test_every_problem_of_the_cases_has_a_registered_code(tmp_path: Path):
    seen = set()
    for code, case in CASES.items():
        _, diags = check_scenario(str(build(tmp_path, code, case)))
        _checked(diags)
        seen |= {d.code for d in diags}
    assert seen == set(CODES)


YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`, \n\t?1\\\x1b\u202e")), max_size=120)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(YAMLISH)
def test_validate_json_reads_back_whatever_a_file_holds(tmp_path: Path, text: str):
    folder = scenario_files(tmp_path, "fuzz", MANIFEST, CONTENT)
    (folder / "extra.yaml").write_text(text)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(["validate", "--json", str(folder)])
    (entry,) = json.loads(out.getvalue())["scenarios"]
    assert status == (0 if entry["valid"] else 1)
    assert all(p["code"] in CODES for p in entry["problems"])


def test_validate_json_names_a_file_whose_name_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """The name is shown with the byte that is not UTF-8 as an escape, as the text report shows it."""
    folder = scenario_files(tmp_path, "names", MANIFEST, CONTENT)
    with open(os.fsencode(folder) + b"/caf\xe9.yaml", "wb") as fh:      # a Latin-1 name, not UTF-8
        fh.write(b"events: [\n")
    assert main(["validate", "--json", str(folder)]) == 1
    out = capsys.readouterr().out
    out.encode("ascii")         # escapes only: nothing a terminal or a pipe could choke on
    (entry,) = json.loads(out)["scenarios"]
    (problem,) = entry["problems"]
    assert problem["file"] == f"{folder}/caf\\udce9.yaml" and problem["line"] == 2
