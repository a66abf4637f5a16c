"""`politburo validate` on bad scenarios: one fixture folder per class of bad input.

Each folder under tests/fixtures/bad/ is a copy of tests/fixtures/scenarios/mini/ with exactly
one thing broken (usually one line changed, or one small extra file added so the rest of the
scenario stays valid and the expected report is exactly one diagnostic). Fixtures are stored
byte-exact (.gitattributes marks tests/fixtures/** as -text).

Every expected diagnostic below names the token its `line:col` must point at; a meta-test
checks that against the fixture's bytes, so the numbers here are not taken on trust.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import check_scenario
from game.scenario import yamlsource

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "fixtures" / "scenarios" / "mini"
BAD = TESTS / "fixtures" / "bad"

# libyaml and PyYAML's pure parser word this one problem differently.
_MAPPING_VALUES = ("mapping values are not allowed in this context"
                   if yamlsource._Loader.__name__ == "CSafeLoader" else "mapping values are not allowed here")

# case -> [(file in the case folder, line, col, the text found at line:col, message)], in
# the order validate prints them (sorted by file, line, col).
CASES: dict[str, list[tuple[str, int, int, bytes, str]]] = {
    "malformed_yaml": [
        ("extra.yaml", 3, 17, b": a colon", f"YAML syntax error: {_MAPPING_VALUES}"),
    ],
    "wrong_type": [
        ("content.yaml", 29, 15, b"high", "'priority' must be a whole number, not text"),
    ],
    "missing_field": [
        ("content.yaml", 57, 5, b"id: reckoning", "event is missing 'text'"),
    ],
    "unknown_key": [
        # `title` is required, so the misspelt key also leaves the event without one.
        ("content.yaml", 49, 5, b"id: followup", "event is missing 'title'"),
        ("content.yaml", 50, 5, b"titel:", "unknown key 'titel' in event (did you mean 'title'?)"),
    ],
    "duplicate_key": [
        ("content.yaml", 66, 5, b"title: A Quiet Month", "duplicate key 'title' (first written at line 65)"),
    ],
    "duplicate_id": [
        ("events/more.yaml", 2, 9, b"opening",
         "duplicate event id 'opening' (first defined at duplicate_id/content.yaml:25)"),
    ],
    "dangling_reference": [
        ("content.yaml", 31, 27, b"green_entyr",
         "unknown codex entry 'green_entyr' in 'unlocks' (did you mean 'green_entry'?)"),
        ("content.yaml", 41, 15, b"nowhere", "unknown event 'nowhere' in 'next'"),
    ],
    "bad_expression": [
        ("content.yaml", 47, 32, b"> 99\"", "in condition 'prestige > > 99': invalid syntax"),
    ],
    "unknown_name_in_expression": [
        ("content.yaml", 47, 21, b"prestgie",
         "in condition 'prestgie > 3': unknown name 'prestgie' (did you mean 'prestige'?)"),
    ],
    "type_error_in_expression": [
        ("content.yaml", 47, 28, b"3\"",
         "in condition 'date > 3': cannot compare date with number in 'date > 3'"),
    ],
    "date_outside_scenario": [
        # The event writes no `latest`, so it defaults to the scenario's end, before 1930.
        ("content.yaml", 57, 5, b"id: reckoning", "'latest' (1924-03-31) is before 'earliest' (1930-01-01)"),
        ("content.yaml", 59, 15, b"1930-01",
         "'earliest' 1930-01-01 is outside the scenario (1924-01-01 to 1924-03-31)"),
    ],
    "alias_bomb": [
        ("bomb.yaml", 6, 8, b"*e", "aliases expand this file to over 141170 values (an alias bomb?)"),
    ],
    "recursive_alias": [
        ("loop.yaml", 2, 5, b"*loop", "alias '*loop' refers to itself (recursive aliases are not allowed)"),
    ],
    "deep_nesting": [
        # The root mapping is level 1, so the 64th '[' is the 65th level.
        ("deep.yaml", 1, 9 + 63, b"[", "nested more than 64 levels deep"),
    ],
    "not_utf8": [
        ("extra.yaml", 3, 16, b"\xff", "not valid UTF-8 (byte 0xff); save the file as UTF-8"),
    ],
    "python_tag": [
        ("evil.yaml", 1, 9, b"!!python/object/apply:os.system",
         "tag '!!python/object/apply:os.system' is not allowed (scenario files are plain data)"),
    ],
}

HOSTILE = ["alias_bomb", "recursive_alias", "deep_nesting", "not_utf8", "python_tag", "malformed_yaml"]


def expected_lines(case: str) -> list[str]:
    return [f"{case}/{file}:{line}:{col}: {message}" for file, line, col, _, message in CASES[case]]


def summary(case: str) -> str:
    n = len(CASES[case])
    return f"{case}: {n} error{'s' if n != 1 else ''}\n"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m game ARGS` in a child with at most 1 GiB of address space."""

    def limit_memory() -> None:  # pragma: no cover - runs in the child
        try:
            import resource
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        except (ImportError, ValueError, OSError):
            pass

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(TESTS.parent)
    return subprocess.run(
        [sys.executable, "-m", "game", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120, env=env, preexec_fn=limit_memory if os.name == "posix" else None,
    )


def test_every_fixture_folder_has_a_case() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.is_dir()}
    assert set(CASES) | {"bom_and_crlf", "several_problems"} | set(LOCATION_BUGS) == on_disk


@pytest.mark.parametrize("case", sorted(CASES))
def test_expected_positions_point_at_the_problem(case: str) -> None:
    """The line:col written above really is where the offending text starts (1-based)."""
    for file, line, col, token, _ in CASES[case]:
        lines = (BAD / case / file).read_bytes().split(b"\n")
        assert lines[line - 1][col - 1:].startswith(token), (file, line, col, lines[line - 1])


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_reports_each_bad_case(case: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    status = main(["validate", case])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == expected_lines(case)
    assert err == summary(case)
    assert "Traceback" not in out + err


@pytest.mark.parametrize("case", HOSTILE)
def test_validate_subprocess_hostile_input(case: str) -> None:
    """A real process: exit 1, the diagnostic, no traceback, within 1 GiB of address space."""
    proc = run_cli("validate", case, cwd=BAD)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == expected_lines(case)
    assert proc.stderr == summary(case)
    assert "Traceback" not in proc.stdout + proc.stderr


def test_python_tag_is_never_executed() -> None:
    proc = run_cli("validate", "python_tag", cwd=BAD)
    assert "hi" not in proc.stdout.splitlines()
    assert proc.returncode == 1


def test_check_scenario_returns_no_scenario_for_bad_cases() -> None:
    for case in CASES:
        scenario, diags = check_scenario(str(BAD / case))
        assert scenario is None, case
        assert [d.severity for d in diags] == ["error"] * len(CASES[case]), case


def _copy_mini(dest: Path) -> Path:
    shutil.copytree(MINI, dest)
    return dest


@pytest.fixture
def huge_scenario(tmp_path: Path) -> Path:
    """The mini scenario plus a content file one byte over 8 MiB (generated, not committed)."""
    folder = _copy_mini(tmp_path / "huge")
    line = b"# " + b"x" * 1021 + b"\n"            # 1 KiB per line
    limit = yamlsource.MAX_FILE_BYTES
    assert limit == 8 * 1024 * 1024
    data = b"codex: []\n" + line * (limit // len(line))
    data += b"#" * (limit + 1 - len(data))
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


def test_huge_file_subprocess(huge_scenario: Path) -> None:
    proc = run_cli("validate", "huge", cwd=huge_scenario.parent)
    assert proc.returncode == 1
    assert proc.stdout == "huge/big.yaml:1:1: file is larger than 8 MiB\n"
    assert "Traceback" not in proc.stdout + proc.stderr


def test_file_of_exactly_8_mib_is_allowed(tmp_path: Path) -> None:
    folder = _copy_mini(tmp_path / "edge")
    limit = yamlsource.MAX_FILE_BYTES
    data = b"codex: []\n" + b"#" * (limit - 11) + b"\n"
    assert len(data) == limit
    (folder / "big.yaml").write_bytes(data)
    scenario, diags = check_scenario(str(folder))
    assert diags == []
    assert scenario is not None


def test_bom_and_crlf_fixture_is_stored_byte_exact() -> None:
    for name in ("scenario.yaml", "content.yaml"):
        data = (BAD / "bom_and_crlf" / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
        assert data[3:].replace(b"\r\n", b"\n") == (MINI / name).read_bytes()


def test_bom_and_crlf_is_valid(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "bom_and_crlf"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "bom_and_crlf: valid: 'mini', 2 roles, 4 events, 3 endings, 2 codex entries\n"


def test_bom_and_crlf_subprocess() -> None:
    proc = run_cli("validate", "bom_and_crlf", cwd=BAD)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "valid: 'mini'" in proc.stderr


def test_bom_and_crlf_gives_same_positions_as_lf(tmp_path: Path) -> None:
    """A BOM and CRLF endings do not shift the reported line:col of a problem."""
    folder = tmp_path / "crlf"
    shutil.copytree(BAD / "wrong_type", folder)
    for f in folder.iterdir():
        f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes().replace(b"\n", b"\r\n"))
    _, diags = check_scenario(str(folder))
    assert [(Path(d.path).name, d.line, d.col, d.message) for d in diags] == [
        ("content.yaml", 29, 15, "'priority' must be a whole number, not text")]


SEVERAL = [
    "several_problems/broken.yaml:3:13: YAML syntax error: " + _MAPPING_VALUES,
    "several_problems/content.yaml:29:15: 'priority' must be a whole number, not text",
    "several_problems/content.yaml:41:15: unknown event 'nowhere' in 'next'",
    "several_problems/content.yaml:47:21: in condition 'prestgie > 3': unknown name 'prestgie' "
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
    keys = [(ln.split(":")[0], int(ln.split(":")[1]), int(ln.split(":")[2])) for ln in lines]
    assert keys == sorted(keys)
    assert err == "several_problems: 6 errors\n"


def test_several_problems_subprocess() -> None:
    proc = run_cli("validate", "several_problems", cwd=BAD)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == SEVERAL
    assert "Traceback" not in proc.stdout + proc.stderr


def test_several_paths_one_bad_exits_1(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "bom_and_crlf", "wrong_type"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == expected_lines("wrong_type")
    assert err.splitlines() == ["bom_and_crlf: valid: 'mini', 2 roles, 4 events, 3 endings, 2 codex entries",
                                "wrong_type: 1 error"]


def test_missing_folder_is_invalid_not_usage(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD)
    assert main(["validate", "no_such_case"]) == 1
    out, err = capsys.readouterr()
    assert out == "no_such_case: does not exist; a scenario is a folder with a scenario.yaml\n"


# -- usage errors: exit status 2 -------------------------------------------------------------

def test_validate_without_path_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err == ("politburo validate: error: the following arguments are required: PATH "
                   "(see 'politburo validate --help')\n")


def test_validate_unknown_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--frobnicate", str(MINI)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "error: unrecognized arguments: --frobnicate" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (("validate",), "the following arguments are required: PATH"),
    (("validate", "--frobnicate", "bom_and_crlf"), "unrecognized arguments: --frobnicate"),
])
def test_usage_errors_subprocess(args: tuple[str, ...], message: str) -> None:
    proc = run_cli(*args, cwd=BAD)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert message in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr


# -- known bugs: where an expression problem is reported ------------------------------------
# The loader maps an offset inside the parsed YAML value back to a file column by adding it to
# the scalar's start column. That is only right for a one-line scalar with no escapes, so the
# column (or line) is wrong after `\"` or `''` escapes and in block or multi-line scalars.

LOCATION_BUGS: dict[str, tuple[int, int, str]] = {
    # case -> (line, col) of `prestgie`, and the message
    "loc_double_quoted_escape": (75, 37, "in condition 'ally(\"green\") and prestgie >= 60': unknown name "
                                         "'prestgie' (did you mean 'prestige'?)"),
    "loc_single_quoted_escape": (84, 36, "in condition 'role != 'red' or prestgie < 10': unknown name "
                                         "'prestgie' (did you mean 'prestige'?)"),
    "loc_literal_block": (60, 28, "in condition 'not flags.allied and prestgie > 1': unknown name "
                                  "'prestgie' (did you mean 'prestige'?)"),
    "loc_multiline_plain": (48, 11, "in condition 'prestige > 99 and prestgie > 3': unknown name "
                                    "'prestgie' (did you mean 'prestige'?)"),
}


@pytest.mark.parametrize("case", sorted(LOCATION_BUGS))
def test_location_bug_fixtures_point_at_the_typo(case: str) -> None:
    line, col, _ = LOCATION_BUGS[case]
    text = (BAD / case / "content.yaml").read_bytes().split(b"\n")[line - 1]
    assert text[col - 1:].startswith(b"prestgie")


@pytest.mark.parametrize("case", [
    pytest.param("loc_double_quoted_escape", marks=pytest.mark.xfail(strict=True, reason=(
        "bug: _Checker.expr_loc adds the offset in the unescaped value to the column, so each "
        "\\\" before the error shifts the column left by one (reports 75:35, not 75:37)"))),
    pytest.param("loc_single_quoted_escape", marks=pytest.mark.xfail(strict=True, reason=(
        "bug: _Checker.expr_loc ignores '' escapes in single-quoted scalars (reports 84:34, not 84:36)"))),
    pytest.param("loc_literal_block", marks=pytest.mark.xfail(strict=True, reason=(
        "bug: _Checker.expr_loc gives a | block scalar the column of the '|' indicator and drops the "
        "offset within the line (reports 60:16, not 60:28)"))),
    pytest.param("loc_multiline_plain", marks=pytest.mark.xfail(strict=True, reason=(
        "bug: a plain scalar folded over two lines is treated as one line, so the error is put on the "
        "first line past its end (reports 47:38, not 48:11)"))),
])
def test_expression_error_location_in_quoted_and_multiline_scalars(
        case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    line, col, message = LOCATION_BUGS[case]
    monkeypatch.chdir(BAD)
    assert main(["validate", case]) == 1
    out = capsys.readouterr().out
    assert out == f"{case}/content.yaml:{line}:{col}: {message}\n"


@pytest.mark.xfail(strict=True, reason=(
    "bug: compiling an expression lets Python's own SyntaxWarning (here 'invalid decimal literal' "
    "for `99and`) escape, so validate prints '<unknown>:1: SyntaxWarning: ...' on stderr, a line "
    "with no real path:line:col"))
def test_validate_prints_no_python_warnings(tmp_path: Path) -> None:
    folder = _copy_mini(tmp_path / "warns")
    content = folder / "content.yaml"
    data = content.read_bytes()
    assert data.count(b'condition: "prestige > 99"') == 1
    content.write_bytes(data.replace(b'condition: "prestige > 99"', b'condition: "prestige > 99and true"'))
    proc = run_cli("validate", "warns", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert "SyntaxWarning" not in proc.stderr
    assert "<unknown>" not in proc.stdout + proc.stderr
