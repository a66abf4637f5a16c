"""`politburo validate` on bad scenarios: one fixture folder per class of bad input.

Each folder under tests/fixtures/bad/ is a copy of the mini scenario (tests/fixtures/scenarios/
mini/, as it was when the fixtures were made) with exactly one thing broken: one line changed,
or one small file added, so that the rest stays valid and the expected report is short.
Fixtures are stored byte-exact (.gitattributes marks tests/fixtures/** as -text).

Every expected diagnostic names the text its `line:col` must point at (1-based); a meta-test
checks that against the fixture's bytes, so the numbers are not taken on trust.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import Diagnostic, check_scenario, files, yamlsource
from game.scenario.charset import CONTROL

TESTS = Path(__file__).resolve().parent
BAD = TESTS / "fixtures" / "bad"
# The cases that break the scenario by adding a file hold an untouched copy of the mini
# scenario; tests that build a scenario in tmp_path start from it (not from the live mini
# fixture, which other tests may grow).
PRISTINE = BAD / "python_tag"



class Diag(NamedTuple):
    file: str       # relative to the case folder
    line: int
    col: int
    at: bytes       # what the fixture has at line:col
    message: str


# case -> every diagnostic `validate CASE` prints, in order (sorted by file, line, col).
CASES: dict[str, list[Diag]] = {
    "malformed_yaml": [
        Diag("extra.yaml", 3, 17, b": a colon", "the value of 'title' holds ': ', which YAML takes for the start of "
                                               "another key: put the whole value in quotes: "
                                               "title: \"Extra: a colon too many\""),
    ],
    "wrong_type": [
        Diag("content.yaml", 29, 15, b"high", "event 'opening': 'priority' must be a whole number, not text"),
    ],
    "missing_field": [
        Diag("content.yaml", 57, 5, b"id: reckoning", "event 'reckoning' is missing 'text'"),
    ],
    "unknown_key": [
        # `title` is required, so the misspelt key also leaves the event without one.
        Diag("content.yaml", 49, 5, b"id: followup", "event 'followup' is missing 'title'"),
        Diag("content.yaml", 50, 5, b"titel:", "unknown key 'titel' in event 'followup' (did you mean 'title'?)"),
    ],
    "duplicate_key": [
        Diag("content.yaml", 66, 5, b"title: A Quiet Month", "duplicate key 'title' (first written at line 65)"),
    ],
    "duplicate_id": [
        Diag("events/more.yaml", 2, 9, b"opening",
             "duplicate event id 'opening' (first defined at duplicate_id/content.yaml:25)"),
    ],
    "dangling_reference": [
        Diag("content.yaml", 31, 27, b"green_entyr",
             "event 'opening': unknown codex entry 'green_entyr' in 'unlocks' (did you mean 'green_entry'?)"),
        Diag("content.yaml", 41, 15, b"nowhere", "choice 'opening.ally': unknown event 'nowhere' in 'next'"),
    ],
    "bad_expression": [
        Diag("content.yaml", 47, 32, b"> 99\"", "choice 'opening.locked': in condition 'prestige > > 99': invalid syntax"),
    ],
    "unknown_name_in_expression": [
        Diag("content.yaml", 47, 21, b"prestgie",
             "choice 'opening.locked': in condition 'prestgie > 3': unknown name 'prestgie' "
             "(did you mean 'prestige'?)"),
    ],
    "type_error_in_expression": [
        Diag("content.yaml", 47, 28, b"3\"",
             "choice 'opening.locked': in condition 'date > 3': cannot compare date with number in 'date > 3'"),
    ],
    "date_outside_scenario": [
        # Only the date itself: the window's order is not checked once a date is outside.
        Diag("content.yaml", 59, 15, b"1930-01",
             "event 'reckoning': 'earliest' (1930-01-01) is outside the scenario (1924-01-01 to 1924-03-31)"),
    ],
    "recursive_alias": [
        # `codex: &loop [*loop]`: the alias that closes the loop is the problem.
        Diag("loop.yaml", 2, 5, b"*loop", "alias '*loop' refers to itself (recursive aliases are not allowed)"),
    ],
    "deep_nesting": [
        # The root mapping is level 1 and the first '[' (col 9) level 2; the 63rd '[' (col
        # 9 + 62) is level 64, the deepest allowed, and the report points at it: the values
        # inside it are the ones nested too deep.
        Diag("deep.yaml", 1, 9 + 62, b"[", "values inside this one are nested more than 64 levels deep"),
    ],
    "not_utf8": [
        Diag("extra.yaml", 3, 16, b"\xff", "not valid UTF-8 (byte 0xff); save the file as UTF-8"),
    ],
    "python_tag": [
        Diag("evil.yaml", 1, 9, b"!!python/object/apply:os.system",
             "tag '!!python/object/apply:os.system' is not allowed (scenario files are plain data)"),
    ],
    # Escapes in double-quoted text are the way a control character gets into a scenario.
    "control_escape": [
        Diag("content.yaml", 69, 11, b'"Nothing much happens.\\e]0;pwned\\a"',
             "control character U+001B is not allowed in scenario text (only tab and newline are)"),
    ],
    "control_c1_escape": [
        Diag("content.yaml", 43, 15, b'"Stand alone.\\x9b2J"',
             "control character U+009B is not allowed in scenario text (only tab and newline are)"),
    ],
    # Written raw, the reader stops at the character itself: one line, at its place.
    "control_raw": [
        Diag("extra.yaml", 3, 36, b"\x1b[2J",
             "control character U+001B is not allowed in scenario text (only tab and newline are)"),
    ],
    "bidi_title": [
        Diag("content.yaml", 26, 12, "The \u202eOpening".encode(),
             "event 'opening': 'title' holds the bidirectional control U+202E, which reorders the text around it; "
             "titles, names and ids cannot hold one"),
    ],
    "bidi_name": [
        Diag("scenario.yaml", 10, 11, b'"\\u2067The Red Player"',
             "role 'red': 'name' holds the bidirectional control U+2067, which reorders the text around it; "
             "titles, names and ids cannot hold one"),
    ],
    # An id is letters, digits and underscores, so a reference with an override is unknown;
    # the message shows the override as an escape, never raw.
    "bidi_reference": [
        Diag("content.yaml", 41, 15, b'"followup\\u202e"',
             "choice 'opening.ally': unknown event 'followup\\u202e' in 'next' (did you mean 'followup'?)"),
    ],
    # Numbers past 10^12 are refused where they are written, however long (Python itself
    # refuses to read a whole number of more than 4300 digits).
    "huge_number": [
        Diag("content.yaml", 67, 15, b"-1000000000000",
             "number -10000000000\u2026 (4402 characters) is out of range: numbers in a scenario are between "
             "-10^12 and 10^12 (put it in quotes if it is text)"),
    ],
    # Mistakes in expressions that would only show in play, found at load.
    "schedule_beyond_scenario": [
        Diag("content.yaml", 44, 58, b"12)",
             "choice 'opening.alone': in effect 'schedule(\"reckoning\", 12)': 'schedule(...)' delay of 12 turns is "
             "longer than the whole "
             "scenario (3 turns): the event could never happen"),
    ],
    # The game's clock cannot pass the year 9999: once it would have stopped play with a traceback.
    "turn_too_long": [
        Diag("scenario.yaml", 8, 7, b"100000 months",
             "one turn of 100000 months after 'end' (1924-03-31) runs past the year 9999"),
    ],
    "constant_division_by_zero": [
        Diag("content.yaml", 47, 33, b"3 - 3)",
             "choice 'opening.locked': in condition 'prestige / (3 - 3) > 1': division by zero in 'prestige / (3 - 3)'"),
    ],
}

# The cases whose text would reach a terminal: play refuses them before showing anything.
TERMINAL_CASES = ["control_escape", "control_c1_escape", "control_raw", "bidi_title", "bidi_name"]

# The alias bomb: the count in the message depends on how far expansion got, and the report
# may point at the value that crosses the limit (`&f [` at 6:4) or at its first alias (`*e`,
# 6:8); both are line 6, the first line whose value expands past the limit.
ALIAS_BOMB = re.compile(r"alias_bomb/bomb\.yaml:6:(4|8): aliases expand this file to over \d+ values "
                        r"\(an alias bomb\?\)")

# For the subprocess runs: a phrase each hostile case's one diagnostic must contain.
HOSTILE = {
    "alias_bomb": ("bomb.yaml", "(an alias bomb?)"),
    "recursive_alias": ("loop.yaml", "(recursive aliases are not allowed)"),
    "deep_nesting": ("deep.yaml", "nested more than 64 levels deep"),
    "python_tag": ("evil.yaml", "is not allowed (scenario files are plain data)"),
    "not_utf8": ("extra.yaml", "not valid UTF-8 (byte 0xff)"),
}


def expected_lines(case: str) -> list[str]:
    return [f"{case}/{d.file}:{d.line}:{d.col}: {d.message}" for d in CASES[case]]


def summary(case: str, n: int) -> str:
    return f"{case}: {n} error{'s' if n != 1 else ''}\n"


def exact(cases: list[str]) -> list[object]:
    return list(cases)


def pristine_copy(dest: Path) -> Path:
    """A valid scenario (the mini one, as the fixtures copied it) in a new folder."""
    dest.mkdir(parents=True)
    for name in ("scenario.yaml", "content.yaml"):
        shutil.copyfile(PRISTINE / name, dest / name)
    return dest


# -- the fixtures themselves ----------------------------------------------------------------

def test_every_fixture_folder_is_used() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.is_dir()}
    on_disk = {name for name in on_disk if not name.startswith("runtime_")}   # tests/test_engine.py plays them
    assert on_disk == set(CASES) | {"alias_bomb", "bom_and_crlf", "several_problems"} | set(LOCATIONS) | set(WARNINGS)


def test_added_file_cases_hold_an_untouched_scenario() -> None:
    for case in ("malformed_yaml", "alias_bomb", "recursive_alias", "deep_nesting", "not_utf8", "duplicate_id",
                 "control_raw"):
        for name in ("scenario.yaml", "content.yaml"):
            assert (BAD / case / name).read_bytes() == (PRISTINE / name).read_bytes(), (case, name)


@pytest.mark.parametrize("case", sorted(CASES))
def test_expected_positions_point_at_the_problem(case: str) -> None:
    for d in CASES[case]:
        lines = (BAD / case / d.file).read_bytes().split(b"\n")
        assert lines[d.line - 1][d.col - 1:].startswith(d.at), (d, lines[d.line - 1])


def test_alias_bomb_positions() -> None:
    line6 = (BAD / "alias_bomb" / "bomb.yaml").read_bytes().split(b"\n")[5]
    assert line6[3:].startswith(b"&f [") and line6[7:].startswith(b"*e")


# -- in process: main(["validate", case]) -----------------------------------------------------

@pytest.mark.parametrize("case", exact(sorted(CASES)))
def test_validate_reports_each_bad_case(case: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    status = main(["validate", case])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert status == 1
    assert out.splitlines() == expected_lines(case)
    assert err == summary(case, len(CASES[case]))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_no_control_character_survives_reading(value: str) -> None:
    """Any text in double quotes, each character that is not printable written as an escape."""
    quoted = '"' + "".join(f"\\U{ord(c):08x}" if not c.isprintable() or c in '"\\' else c for c in value) + '"'
    data, diags = yamlsource.parse_yaml(f"a: {quoted}\n{quoted}: b\n", "f.yaml")
    assert data is not None
    assert not any(CONTROL.search(v) for v in (data["a"], *data))
    refused = CONTROL.search(value)
    assert [(d.line, d.col, d.message) for d in diags] == ([
        (1, 4, f"control character U+{ord(refused.group()):04X} is not allowed in scenario text (only tab and newline are)"),
        (2, 1, f"control character U+{ord(refused.group()):04X} is not allowed in scenario text (only tab and newline are)"),
    ] if refused else [])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_a_diagnostic_is_one_line_of_shown_characters(path: str, message: str) -> None:
    shown = str(Diagnostic(path, 1, 1, message))
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]", shown)
    assert len(shown.splitlines()) == 1


@pytest.mark.parametrize("case", TERMINAL_CASES)
def test_play_refuses_text_that_would_act_on_the_terminal(case: str, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 10))
    monkeypatch.chdir(BAD)
    status = main(["play", "--plain", "--scenario", case, "--role", "red", "--seed", "1"])
    out, err = capsys.readouterr()
    assert status == 1
    assert out == ""
    assert err.splitlines() == [*expected_lines(case),
                                f"politburo: scenario '{case}' has errors; run 'politburo validate {case}'"]
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out + err)


def test_validate_alias_bomb(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "alias_bomb"]) == 1
    out, err = capsys.readouterr()
    assert ALIAS_BOMB.fullmatch(out.rstrip("\n")), out
    assert err == "alias_bomb: 1 error\n"


def test_validate_takes_a_scenario_id_as_graph_and_simulate_do(capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`validate ID` checks the scenario of that id, found where play finds it; a name that is neither a folder
    nor an id is reported as a path that does not exist."""
    monkeypatch.chdir(tmp_path)
    folder = Path(__file__).parent / "fixtures" / "scenarios"
    assert main(["validate", "--scenarios-dir", str(folder), "mini"]) == 0
    _, err = capsys.readouterr()
    assert err.startswith("mini: valid: 'mini'"), err
    assert main(["validate", "--scenarios-dir", str(folder), "no-such-scenario"]) == 1
    out, err = capsys.readouterr()
    assert "no-such-scenario: does not exist" in out + err


def test_check_scenario_gives_no_scenario_and_only_errors() -> None:
    for case in [*CASES, "alias_bomb"]:
        scenario, diags = check_scenario(str(BAD / case))
        assert scenario is None, case
        assert diags and all(d.severity == "error" for d in diags), case
        assert len(diags) == len(CASES.get(case, [None])), case


def test_a_turn_of_more_digits_than_python_reads_is_refused(tmp_path: Path) -> None:
    folder = pristine_copy(tmp_path / "long")
    manifest = folder / "scenario.yaml"
    manifest.write_text(manifest.read_text().replace("end: 1924-03\n", f"end: 1924-03\nturn: {'9' * 5000} months\n"))
    scenario, diags = check_scenario(str(folder))
    assert scenario is None
    assert [(d.line, d.col, d.message) for d in diags] == [(8, 7, "'turn' is far too long")]


# -- valid, with a warning -------------------------------------------------------------------

_EMPTY = ("the file is empty: it adds nothing to the scenario "
          "(sections are stats, characters, offices, bodies, factions, votes, events, endings, codex, timeline)")

WARNINGS: dict[str, list[Diag]] = {
    # A file with nothing in it, and one with only a comment: their events would vanish unseen.
    "empty_file": [
        Diag("events/1925.yaml", 1, 1, b"", _EMPTY),
        Diag("notes.yaml", 1, 1, b"# The events of 1926", _EMPTY),
    ],
    "empty_section": [
        Diag("more.yaml", 2, 1, b"events:", "'events' is empty: nothing follows it (write 'events: []' if that is meant)"),
    ],
}


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_validate_warns_of_empty_content(case: str, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for d in WARNINGS[case]:
        assert (BAD / case / d.file).read_bytes().split(b"\n")[d.line - 1][d.col - 1:].startswith(d.at)
    monkeypatch.chdir(BAD)
    assert main(["validate", case]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{case}/{d.file}:{d.line}:{d.col}: warning: {d.message}" for d in WARNINGS[case]]
    n = len(WARNINGS[case])
    assert err == f"{case}: valid: 'mini', 2 roles, 4 events, 3 endings, 2 codex entries ({n} warning{'s' * (n != 1)})\n"


# -- the nesting limit, whatever libyaml's own ------------------------------------------------
# libyaml 0.2.6 (bundled from PyYAML 6.0.4) refuses nesting past a limit of its own, 1000 by
# default, and its scanner reads far enough ahead to reach it first; the libyaml of PyYAML
# 6.0.1 to 6.0.3 has no limit. PyYAML 6.0.4 lets a program set the limit, which stands in
# here for every version: none (the old libyaml), the default, and limits above and below 64.

_LIBYAML_LIMIT = getattr(getattr(yaml, "_yaml", None), "_set_max_nest_level", None)
NO_LIMIT = 2**31 - 1


@pytest.fixture(params=[None, NO_LIMIT, 1000, 70, 10, 3], ids=lambda v: f"libyaml-limit-{v or 'default'}")
def libyaml_limit(request: pytest.FixtureRequest) -> Iterator[int | None]:
    limit = request.param
    if limit is None:
        yield None
        return
    if _LIBYAML_LIMIT is None or yaml._yaml._get_max_nest_level() == -1:
        pytest.skip("this libyaml has no nesting limit to set")
    default = yaml._yaml._get_max_nest_level()
    _LIBYAML_LIMIT(limit)
    try:
        yield limit
    finally:
        _LIBYAML_LIMIT(default)


def test_deep_nesting_is_refused_in_the_games_words(libyaml_limit: int | None, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "deep_nesting"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == expected_lines("deep_nesting")
    assert err == summary("deep_nesting", 1)


def test_nesting_within_the_limit_loads_whatever_libyamls_limit(libyaml_limit: int | None, tmp_path: Path) -> None:
    """Even a library limit below the game's (3) refuses nothing the game allows."""
    text = "events: " + "[" * 63 + "]" * 63 + "\ncodex: [{a: [{b: [1]}]}]\n"
    data, diags = yamlsource.parse_yaml(text, "ok.yaml")
    assert diags == []
    assert data["codex"] == [{"a": [{"b": [1]}]}]
    scenario, diags = check_scenario(str(pristine_copy(tmp_path / "mini")))
    assert diags == [] and scenario is not None


# -- huge files (generated, not committed) ----------------------------------------------------

@pytest.fixture(scope="module")
def huge_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid scenario plus a content file one byte over 8 MiB."""
    folder = pristine_copy(tmp_path_factory.mktemp("huge") / "huge")
    limit = files.MAX_FILE_BYTES
    assert limit == 8 * 1024 * 1024
    head, line = b"codex: []\n", b"# " + b"x" * 1021 + b"\n"
    body = line * ((limit + 1 - len(head)) // len(line))
    data = head + body + b"#" * (limit + 1 - len(head) - len(body))
    assert len(data) == limit + 1
    (folder / "big.yaml").write_bytes(data)
    return folder


def test_huge_file_in_process(huge_scenario: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(huge_scenario.parent)
    assert main(["validate", "huge"]) == 1
    out, err = capsys.readouterr()
    assert out == "huge/big.yaml:1:1: file is larger than 8 MiB\n"
    assert err == "huge: 1 error\n"


def test_file_of_exactly_8_mib_is_allowed(tmp_path: Path) -> None:
    folder = pristine_copy(tmp_path / "edge")
    limit = files.MAX_FILE_BYTES
    data = b"codex: []\n" + b"#" * (limit - 11) + b"\n"
    assert len(data) == limit
    (folder / "big.yaml").write_bytes(data)
    scenario, diags = check_scenario(str(folder))
    assert diags == []
    assert scenario is not None


# -- good input: a BOM and CRLF line endings -------------------------------------------------

def test_bom_and_crlf_fixture_is_stored_byte_exact() -> None:
    for name in ("scenario.yaml", "content.yaml"):
        data = (BAD / "bom_and_crlf" / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
        assert data[3:].replace(b"\r\n", b"\n") == (PRISTINE / name).read_bytes()


def test_bom_and_crlf_is_valid(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "bom_and_crlf"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "bom_and_crlf: valid: 'mini', 2 roles, 4 events, 3 endings, 2 codex entries\n"


def test_bom_and_crlf_keep_positions(tmp_path: Path) -> None:
    """A BOM and CRLF endings do not shift the line:col of a problem."""
    folder = tmp_path / "crlf"
    shutil.copytree(BAD / "wrong_type", folder)
    for f in folder.iterdir():
        f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes().replace(b"\n", b"\r\n"))
    _, diags = check_scenario(str(folder))
    assert [(Path(d.path).name, d.line, d.col, d.message) for d in diags] == [
        ("content.yaml", 29, 15, "event 'opening': 'priority' must be a whole number, not text")]


# -- several problems at once ----------------------------------------------------------------

SEVERAL = [
    "several_problems/broken.yaml:3:13: the value of 'title' holds ': ', which YAML takes for the start of another "
    "key: put the whole value in quotes: title: \"X: Y\"",
    "several_problems/content.yaml:29:15: event 'opening': 'priority' must be a whole number, not text",
    "several_problems/content.yaml:41:15: choice 'opening.ally': unknown event 'nowhere' in 'next'",
    "several_problems/content.yaml:47:21: choice 'opening.locked': in condition 'prestgie > 3': unknown name 'prestgie' "
    "(did you mean 'prestige'?)",
    "several_problems/events/more.yaml:2:9: duplicate event id 'opening' "
    "(first defined at several_problems/content.yaml:25)",
    "several_problems/scenario.yaml:5:1: unknown key 'autors' in manifest (did you mean 'authors'?)",
]


def test_several_problems_reported_in_one_run(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "several_problems"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines == SEVERAL
    where = [(ln.split(":")[0], int(ln.split(":")[1]), int(ln.split(":")[2])) for ln in lines]
    assert where == sorted(where)
    assert err == "several_problems: 6 errors\n"


def test_several_paths_one_bad_exits_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "bom_and_crlf", "wrong_type"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == expected_lines("wrong_type")
    assert err.splitlines() == ["bom_and_crlf: valid: 'mini', 2 roles, 4 events, 3 endings, 2 codex entries",
                                "wrong_type: 1 error"]


def test_missing_folder_is_invalid(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "no_such_case"]) == 1
    out, _ = capsys.readouterr()
    assert out == "no_such_case: does not exist; a scenario is a folder with a scenario.yaml\n"


# -- usage errors: exit status 2 -------------------------------------------------------------

def test_validate_without_path_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2
    assert capsys.readouterr().err == ("politburo validate: error: the following arguments are required: "
                                       "PATH (see 'politburo validate --help')\n")


def test_validate_unknown_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--frobnicate", str(PRISTINE)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err == "politburo: error: unrecognized arguments: --frobnicate (see 'politburo --help')\n"


# -- real processes: `python -m game validate ...` -------------------------------------------
# All are started at once (they are independent) and each test reads its result. Each child
# may use at most 1 GiB of address space, so a memory bomb would fail rather than swap.

def _limit_memory() -> None:  # pragma: no cover - runs in the child
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    except (ImportError, ValueError, OSError):
        pass


@pytest.fixture(scope="module")
def runs(huge_scenario: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    warns = pristine_copy(tmp_path_factory.mktemp("warns") / "warns")
    content = warns / "content.yaml"
    data = content.read_bytes()
    assert data.count(b'condition: "prestige > 99"') == 1
    content.write_bytes(data.replace(b'condition: "prestige > 99"', b'condition: "prestige > 99and true"'))

    jobs: dict[str, tuple[tuple[str, ...], Path]] = {
        **{case: (("validate", case), BAD) for case in HOSTILE},
        "huge": (("validate", "huge"), huge_scenario.parent),
        "several_problems": (("validate", "several_problems"), BAD),
        "bom_and_crlf": (("validate", "bom_and_crlf"), BAD),
        "no_path": (("validate",), BAD),
        "unknown_option": (("validate", "--frobnicate", "bom_and_crlf"), BAD),
        "warns": (("validate", "warns"), warns.parent),
        "json": (("validate", "--json", *sorted(HOSTILE), "several_problems", "bom_and_crlf"), BAD),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(TESTS.parent)
    procs = {
        name: (args, subprocess.Popen(
            [sys.executable, "-m", "game", *args], cwd=cwd, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            preexec_fn=_limit_memory if os.name == "posix" else None))
        for name, (args, cwd) in jobs.items()
    }
    done = {}
    for name, (args, proc) in procs.items():
        try:
            out, err = proc.communicate(timeout=120)   # a safety net, not a timing assertion
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        done[name] = subprocess.CompletedProcess(args, proc.returncode, out, err)
    return done


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_subprocess_hostile_input(case: str, runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """Exit 1, one located diagnostic, no traceback, in bounded memory."""
    proc = runs[case]
    file, phrase = HOSTILE[case]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 1, proc.stderr
    (line,) = proc.stdout.splitlines()
    assert re.match(rf"{case}/{re.escape(file)}:\d+:\d+: ", line), line
    assert phrase in line
    assert proc.stderr == summary(case, 1)


@pytest.mark.parametrize("case", exact(["deep_nesting", "not_utf8", "python_tag", "recursive_alias"]))
def test_subprocess_hostile_input_exact(case: str, runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    assert runs[case].stdout.splitlines() == expected_lines(case)


def test_subprocess_alias_bomb_exact(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    assert ALIAS_BOMB.fullmatch(runs["alias_bomb"].stdout.rstrip("\n"))


def test_subprocess_python_tag_is_never_executed(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    assert "hi" not in runs["python_tag"].stdout.splitlines()
    assert "hi" not in runs["python_tag"].stderr.splitlines()


def test_subprocess_huge_file(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    proc = runs["huge"]
    assert proc.returncode == 1
    assert proc.stdout == "huge/big.yaml:1:1: file is larger than 8 MiB\n"
    assert proc.stderr == "huge: 1 error\n"


def test_subprocess_several_problems(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    proc = runs["several_problems"]
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == SEVERAL
    assert "Traceback" not in proc.stderr


def test_subprocess_bom_and_crlf_is_valid(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    proc = runs["bom_and_crlf"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == "bom_and_crlf: valid: 'mini', 2 roles, 4 events, 3 endings, 2 codex entries\n"


@pytest.mark.parametrize("name, message", [
    ("no_path", "politburo validate: error: the following arguments are required: PATH "
                "(see 'politburo validate --help')\n"),
    ("unknown_option", "politburo: error: unrecognized arguments: --frobnicate (see 'politburo --help')\n"),
])
def test_subprocess_usage_errors(name: str, message: str, runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    proc = runs[name]
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == message


def test_subprocess_prints_no_python_warnings(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    proc = runs["warns"]
    assert "Traceback" not in proc.stderr
    assert "SyntaxWarning" not in proc.stderr
    assert "<unknown>" not in proc.stdout + proc.stderr


# -- where an expression problem is reported -------------------------------------------------
# An offset inside the parsed YAML value must map back to the file through escapes (`\"`,
# `''`), folded lines of a plain scalar, and the indentation of a `|` block.

LOCATIONS: dict[str, tuple[int, int, str]] = {
    # case -> line and col of the misspelt `prestgie`, and the message
    "loc_double_quoted_escape": (
        75, 37, "ending 'triumph': in condition 'ally(\"green\") and prestgie >= 60': unknown name 'prestgie' "
                "(did you mean 'prestige'?)"),
    "loc_single_quoted_escape": (
        84, 36, "ending 'crash': in condition 'role != 'red' or prestgie < 10': unknown name 'prestgie' "
                "(did you mean 'prestige'?)"),
    "loc_literal_block": (
        60, 28, "event 'reckoning': in condition 'not flags.allied and prestgie > 1': unknown name 'prestgie' "
                "(did you mean 'prestige'?)"),
    "loc_multiline_plain": (
        48, 11, "choice 'opening.locked': in condition 'prestige > 99 and prestgie > 3': unknown name 'prestgie' "
                "(did you mean 'prestige'?)"),
}


@pytest.mark.parametrize("case", sorted(LOCATIONS))
def test_location_fixtures_point_at_the_typo(case: str) -> None:
    line, col, _ = LOCATIONS[case]
    text = (BAD / case / "content.yaml").read_bytes().split(b"\n")[line - 1]
    assert text[col - 1:].startswith(b"prestgie")


@pytest.mark.parametrize("case", sorted(LOCATIONS))
def test_expression_error_location_in_quoted_and_multiline_scalars(
        case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    line, col, message = LOCATIONS[case]
    monkeypatch.chdir(BAD)
    assert main(["validate", case]) == 1
    assert capsys.readouterr().out == f"{case}/content.yaml:{line}:{col}: {message}\n"


# -- validate --json ----------------------------------------------------------------------------
# One JSON object on stdout: each scenario's problems, in the text report's order, each with its
# file, line, column, severity, code and message; the exit status and stderr as without --json.

PROBLEM_FIELDS = {"file": str, "line": int, "column": int, "severity": str, "code": str, "message": str,
                  "held_back": bool}


def as_text(p: dict[str, object]) -> str:
    """A problem of the JSON report as the text report prints it."""
    tag = "" if p["severity"] == "error" else f"{p['severity']}: "
    where = f":{p['line']}:{p['column']}" if p["line"] else ""
    return f"{p['file']}{where}: {tag}{p['message']}"


def checked_json(out: str) -> dict[str, object]:
    """The report, checked for its shape: every field there, of its type, and nothing else."""
    from game.scenario.codes import CODES
    report = json.loads(out)
    assert set(report) == {"format", "scenarios"} and report["format"] == 1
    for entry in report["scenarios"]:
        assert set(entry) == {"path", "valid", "id", "errors", "warnings", "held_back", "problems"}
        assert isinstance(entry["path"], str) and isinstance(entry["valid"], bool)
        assert isinstance(entry["id"], str) if entry["valid"] else entry["id"] is None
        problems = entry["problems"]
        for p in problems:
            assert set(p) == set(PROBLEM_FIELDS), p
            assert all(type(p[k]) is t for k, t in PROBLEM_FIELDS.items()), p
            assert p["code"] in CODES and p["severity"] == CODES[p["code"]].severity, p
            assert p["line"] >= 0 and p["column"] >= 0 and (p["line"] > 0) == (p["column"] > 0), p
        shown = [p for p in problems if not p["held_back"]]
        assert problems == shown + [p for p in problems if p["held_back"]]
        assert entry["errors"] == sum(p["severity"] == "error" for p in shown)
        assert entry["warnings"] == len(shown) - entry["errors"]
        assert entry["held_back"] == len(problems) - len(shown)
        assert not entry["valid"] or entry["errors"] == 0
    return report


def both_reports(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """`validate ARGS` and `validate --json ARGS`: each one's exit status, stdout and stderr."""
    text = main(["validate", *args]), *capsys.readouterr()
    as_json = main(["validate", "--json", *args]), *capsys.readouterr()
    return text, as_json


@pytest.mark.parametrize("case", sorted(CASES) + sorted(WARNINGS) + ["several_problems", "bom_and_crlf"])
def test_json_report_says_what_the_text_report_says(case: str, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    (status, out, err), (json_status, json_out, json_err) = both_reports([case], capsys)
    assert json_status == status and json_err == err
    (entry,) = checked_json(json_out)["scenarios"]
    assert entry["path"] == case and entry["valid"] == (status == 0)
    assert [as_text(p) for p in entry["problems"]] == out.splitlines()


def test_json_report_of_several_scenarios_keeps_their_order(capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    (status, _, err), (json_status, out, json_err) = both_reports(["bom_and_crlf", "wrong_type", "empty_file"], capsys)
    assert status == json_status == 1 and err == json_err
    report = checked_json(out)
    assert [(e["path"], e["valid"], e["id"], e["errors"], e["warnings"]) for e in report["scenarios"]] == [
        ("bom_and_crlf", True, "mini", 0, 0), ("wrong_type", False, None, 1, 0), ("empty_file", True, "mini", 0, 2)]
    (problem,) = report["scenarios"][1]["problems"]
    assert problem == {"file": "wrong_type/content.yaml", "line": 29, "column": 15, "severity": "error",
                       "code": "wrong-type", "message": "event 'opening': 'priority' must be a whole number, not text",
                       "held_back": False}


def test_json_report_lists_held_back_problems_last(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = pristine_copy(tmp_path / "lost")
    content = folder / "content.yaml"
    content.write_text(content.read_text().replace("\ncodex:", "\ncodecs:"))
    monkeypatch.chdir(tmp_path)
    (status, out, _), (json_status, json_out, _) = both_reports(["lost"], capsys)
    assert status == json_status == 1
    (entry,) = checked_json(json_out)["scenarios"]
    shown = [p for p in entry["problems"] if not p["held_back"]]
    held = [p for p in entry["problems"] if p["held_back"]]
    assert [p["code"] for p in shown] == ["unknown-section"]
    assert held and {p["code"] for p in held} == {"unknown-reference"} and entry["held_back"] == len(held)
    assert [as_text(p) for p in shown] == out.splitlines()[:-1]
    assert out.splitlines()[-1].startswith(f"({len(held)} further problem")
    from game.scenario.diagnostics import in_order
    assert [as_text(p) for p in held] == [str(d) for d in in_order(check_scenario("lost")[1])[1]]


def test_json_report_of_a_missing_folder_has_no_line(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "--json", "no_such_scenario"]) == 1
    (entry,) = checked_json(capsys.readouterr().out)["scenarios"]
    assert entry["problems"] == [{"file": "no_such_scenario", "line": 0, "column": 0, "severity": "error",
                                  "code": "not-a-scenario", "held_back": False,
                                  "message": "does not exist; a scenario is a folder with a scenario.yaml"}]


def test_json_report_shows_terminal_controls_as_escapes(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "--json", *TERMINAL_CASES, "bidi_reference"]) == 1
    report = checked_json(capsys.readouterr().out)
    messages = [p["message"] for e in report["scenarios"] for p in e["problems"]]
    assert len(messages) == len(TERMINAL_CASES) + 1
    assert not any(CONTROL.search(m) or "\u202e" in m or "\u2067" in m for m in messages)
    assert "unknown event 'followup\\u202e'" in messages[-1]     # shown as an escape, as in the text report


def test_validate_json_is_a_usage_error_without_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["validate", "--json"])
    assert e.value.code == 2
    assert capsys.readouterr().out == ""


def test_subprocess_json_on_hostile_input(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """Hostile files and several problems: one JSON object on stdout, exit 1, no traceback."""
    proc = runs["json"]
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    report = checked_json(proc.stdout)
    paths = [*sorted(HOSTILE), "several_problems", "bom_and_crlf"]
    assert [e["path"] for e in report["scenarios"]] == paths
    for entry in report["scenarios"][:len(HOSTILE)]:
        file, phrase = HOSTILE[entry["path"]]
        (problem,) = entry["problems"]
        assert problem["file"] == f"{entry['path']}/{file}" and phrase in problem["message"]
    assert [as_text(p) for p in report["scenarios"][-2]["problems"]] == SEVERAL
    assert report["scenarios"][-1]["valid"] is True


def test_an_effect_yaml_split_at_its_commas_is_named_once_with_how_to_write_it(tmp_path: Path) -> None:
    """`effects: [cool("d", "e", 80)]` without quotes is three items to YAML: one error, at the first, that says
    so and how to write it, not three errors about the pieces."""
    from tests.conftest import board_variant
    folder = board_variant(tmp_path, "split", """effects: ['cool("d", "e", 80)']""", """effects: [cool("d", "e", 80)]""")
    scenario, diags = check_scenario(str(folder))
    assert scenario is None
    (error,) = [d for d in diags if d.severity == "error"]
    assert """YAML split the effect that starts 'cool("d"' at its commas""" in error.message, error.message
    assert "on a line of its own starting '- '" in error.message
    line = (folder / "content.yaml").read_text().splitlines()[error.line - 1]
    assert line[error.col - 1:].startswith('cool("d"')
