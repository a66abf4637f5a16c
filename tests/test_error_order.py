"""Errors in the order a writer mends them, in the project's words.

YAML syntax errors come first, said with the fix and the place; then errors, then warnings,
each in file and line order. Problems that only follow from a file that could not be read, or
from a section under an unknown name, are counted in one line instead of listed. Every
message names the object it is about, and expressions say what a dotted name is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import Diagnostic, check_scenario
from game.scenario.diagnostics import listed, report
from game.scenario.expressions import ExpressionError, Symbols, compile_expression
from game.scenario.syntax import explain
from game.scenario.yamlsource import parse_yaml

TESTS = Path(__file__).resolve().parent
PRISTINE = TESTS / "fixtures" / "bad" / "python_tag"     # an untouched copy of the mini scenario
ROOT = TESTS.parent

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


def mini(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("scenario.yaml", "content.yaml"):
        shutil.copyfile(PRISTINE / name, dest / name)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def validate(folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str], str]:
    monkeypatch.chdir(folder.parent)
    status = main(["validate", folder.name])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


# -- a syntax error first, its follow-ons counted ---------------------------------------------

def split_events(folder: Path) -> Path:
    """Move the mini scenario's events into events/1924.yaml, a file listed after content.yaml."""
    content = folder / "content.yaml"
    text = content.read_text()
    head, rest = text.split("events:\n", 1)
    events, tail = rest.split("endings:\n", 1)
    content.write_text(head + "endings:\n" + tail)
    (folder / "events").mkdir()
    path = folder / "events" / "1924.yaml"
    path.write_text("events:\n" + events)
    return path


def test_a_misindented_list_item_is_reported_first_and_its_follow_ons_are_counted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = mini(tmp_path / "sc")
    events = split_events(folder)
    # The choice `alone` is indented 8 spaces; its list (the choices of `opening`) uses 6.
    edit(events, "      - id: alone\n", "        - id: alone\n")
    lines = events.read_text().split("\n")
    bad = lines.index("        - id: alone") + 1
    first = lines.index("      - id: ally") + 1
    # An error of its own in a file listed earlier, and references to what the events file held.
    content = folder / "content.yaml"
    edit(content, "    priority: 5\n", "    priority: high\n")
    edit(content, 'condition: "prestige < 10"', 'condition: "prestige < 10 and not met(\\"opening\\") and flags.allied"')

    status, out, err = validate(folder, capsys, monkeypatch)

    assert status == 1
    assert out[0] == (f"sc/events/1924.yaml:{bad}:9: line {bad} is indented 8 spaces; the list above it "
                      f"(line {first}) uses 6: line them up")
    priority = content.read_text().split("\n").index("    priority: high") + 1
    assert out[1] == f"sc/content.yaml:{priority}:15: ending 'triumph': 'priority' must be a whole number, not text"
    _, diags = check_scenario(str(folder))
    held = [d for d in diags if d.follows]
    # What the events file defined: the event `opening`, the flag `allied`, the unlocking of `bloc_entry`.
    assert sorted(d.message for d in held) == [
        "codex entry 'bloc_entry' is never unlocked and nothing links to it",
        "ending 'crash': in condition 'prestige < 10 and not met(\"opening\") and flags.allied': "
        "unknown event 'opening'",
    ]
    assert out[2:] == [f"({len(held)} further problems may follow from the errors above; mend those first)"]
    assert err == f"sc: 2 errors ({len(held)} more suppressed)\n"


def test_unread_content_comes_first_then_errors_then_warnings() -> None:
    shown, held = listed([
        Diagnostic("a.yaml", 9, 1, "a warning", "warning"),
        Diagnostic("z.yaml", 3, 1, "the file cannot be read", unread=True),
        Diagnostic("a.yaml", 20, 1, "a later error"),
        Diagnostic("a.yaml", 2, 5, "an error"),
        Diagnostic("b.yaml", 1, 1, "unknown event 'x'", refers=("event",), follows=True),
        Diagnostic("m.yaml", 4, 1, "another file that cannot be read", unread=True),
    ])
    assert [d.message for d in shown] == ["another file that cannot be read", "the file cannot be read", "an error",
                                          "a later error", "a warning"]
    assert held == 1


def test_the_held_back_line_counts_in_the_words_of_its_cause() -> None:
    one = [Diagnostic("a.yaml", 1, 1, "cannot be read", unread=True),
           Diagnostic("b.yaml", 1, 1, "unknown event 'x'", follows=True)]
    assert report(one) == ["a.yaml:1:1: cannot be read",
                           "(1 further problem may follow from the error above; mend it first)"]
    assert report(one[:1]) == ["a.yaml:1:1: cannot be read"]


# -- an unknown section --------------------------------------------------------------------

def test_codecs_for_codex_gives_the_section_and_counts_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "chapter"
    shutil.copytree(ROOT / "scenarios" / "succession-1924", folder)
    codex = folder / "codex.yaml"
    text = codex.read_text()
    assert text.startswith("codex:\n")
    codex.write_text("codecs:\n" + text[len("codex:\n"):])
    _, diags = check_scenario(str(folder))
    held = [d for d in diags if d.follows]
    assert len(held) > 20
    assert all("codex entry" in d.message for d in held)

    status, out, err = validate(folder, capsys, monkeypatch)

    assert status == 1
    assert len(out) == 2
    assert out[0].startswith("chapter/codex.yaml:")
    assert out[0].endswith("unknown section 'codecs' (did you mean 'codex'?); sections are stats, characters, "
                           "offices, bodies, factions, votes, events, endings, codex, timeline")
    assert out[1] == f"({len(held)} further problems may follow from the error above; mend it first)"
    assert err == f"chapter: 1 error ({len(held)} more suppressed)\n"


def test_only_what_the_lost_content_defined_is_held_back(tmp_path: Path) -> None:
    """A lost codex holds back unknown codex entries, not a misspelt event or stat elsewhere."""
    folder = mini(tmp_path / "sc")
    content = folder / "content.yaml"
    edit(content, "codex:\n", "codecs:\n")
    edit(content, "        next: followup\n", "        next: folowup\n")
    edit(content, 'condition: "prestige > 99"', 'condition: "prestgie > 99"')
    _, diags = check_scenario(str(folder))
    shown, held = listed(diags)
    assert [d.message for d in shown] == [
        "unknown section 'codecs' (did you mean 'codex'?); sections are stats, characters, offices, bodies, "
        "factions, votes, events, endings, codex, timeline",
        "choice 'opening.ally': unknown event 'folowup' in 'next' (did you mean 'followup'?)",
        "choice 'opening.locked': in condition 'prestgie > 99': unknown name 'prestgie' (did you mean 'prestige'?)",
    ]
    assert held == 1     # unknown codex entry 'bloc_entry' in 'unlocks'


def test_a_section_under_a_name_like_no_other_holds_back_every_reference(tmp_path: Path) -> None:
    folder = mini(tmp_path / "sc")
    edit(folder / "content.yaml", "characters:\n", "people:\n")
    _, diags = check_scenario(str(folder))
    shown, held = listed(diags)
    assert [d.message.split(";")[0] for d in shown] == ["unknown section 'people'"]
    assert held > 0 and all(d.follows for d in diags if "character" in d.message and not d.unread)


def test_without_lost_content_nothing_is_held_back(tmp_path: Path) -> None:
    folder = mini(tmp_path / "sc")
    edit(folder / "content.yaml", "        next: followup\n", "        next: nowhere\n")
    _, diags = check_scenario(str(folder))
    assert [(d.message, d.follows) for d in diags] == [("choice 'opening.ally': unknown event 'nowhere' in 'next'", False)]


# -- every message names its object ----------------------------------------------------------

def test_a_missing_field_names_the_event(tmp_path: Path) -> None:
    folder = mini(tmp_path / "sc")
    edit(folder / "content.yaml", "    condition: \"not flags.allied\"\n    sources: [notes]\n",
         "    condition: \"not flags.allied\"\n")
    _, diags = check_scenario(str(folder))
    assert [(d.line, d.message) for d in diags] == [(57, "event 'reckoning' is missing 'sources'")]


@pytest.mark.parametrize("old, new, message", [
    ("        outcome: You are in the bloc.\n", "        outcom: You are in the bloc.\n",
     "unknown key 'outcom' in choice 'opening.ally' (did you mean 'outcome'?)"),
    ("      - id: alone\n        text: Stand alone.\n", "      - text: Stand alone.\n",
     "a choice of event 'opening' is missing 'id'"),
    ("  - id: quiet\n", "  - title_only: true\n", "an ending is missing 'id'"),
    ("    offices: [{office: pb, from: 1920-01}]\n  - id: green",
     "    offices: [{office: pb, from: 1920-01, to: 1919-01}]\n  - id: green",
     "an office term of character 'blue': it ends (1919-01-31) before it starts (1920-01-01)"),
    ("        unavailable: You lack the prestige.\n", "        unavailable: You lack the prestige.\n        historical: 2\n",
     "choice 'opening.locked': 'historical' must be true or false, not a number"),
    ("    relationship: {red: 30, blue: -10}", "    relationship: {red: 300, blue: -10}",
     "character 'green': 'relationship' for role 'red' must be a whole number from -100 to 100, not 300"),
    ("      stats: {prestige: 60}", "      stats: {prestige: 600}",
     "start of role 'red': stat 'prestige' starts at 600, outside its range 0..100"),
])
def test_messages_name_their_object(tmp_path: Path, old: str, new: str, message: str) -> None:
    folder = mini(tmp_path / "sc")
    path = folder / ("scenario.yaml" if old in (folder / "scenario.yaml").read_text() else "content.yaml")
    edit(path, old, new)
    _, diags = check_scenario(str(folder))
    assert message in [d.message for d in diags] or any(d.message.startswith(message) for d in diags), \
        [d.message for d in diags]


def test_text_written_as_key_colon_value_without_a_space_is_told(tmp_path: Path) -> None:
    folder = mini(tmp_path / "sc")
    (folder / "more.yaml").write_text("codex:\n  - id:extra\n")
    _, diags = check_scenario(str(folder))
    assert [(d.path.split("/")[-1], d.line, d.col, d.message) for d in diags] == [
        ("more.yaml", 2, 5, "a codex entry must be a mapping of fields, not text (a field needs a space after "
                            "its ':': write 'id: extra')")]


# -- what a dotted name is -------------------------------------------------------------------

SYMBOLS = Symbols(stats={"influence", "prestige"}, characters={"trotsky", "stalin"}, roles={"trotsky", "zinoviev"},
                  factions={"troika"}, flags={"allied": "true/false"}, events={"lenin_dies"})


@pytest.mark.parametrize("src, message", [
    ("trotsky.influense > 3", "'trotsky' is a character: for your relationship with them write rel.trotsky; "
                              "for a stat write its name (did you mean 'influence'?)"),
    ("prestige.value > 3", "'prestige' is a stat: write prestige alone (only rel.NAME and flags.NAME have a dot)"),
    ("allied.x", "'allied' is a flag: write flags.allied"),
    ("flag.allied", "for a flag write flags.allied"),
    ("stats.prestige > 1", "for a stat write prestige alone"),
    ("zinoviev.x", "'zinoviev' is a role: ask whether the player has it with role == \"zinoviev\""),
    ("troika.size > 2", "'troika' is a faction: write member(\"troika\") or size(\"troika\")"),
    ("rell.trotsky > 1", "unknown name 'rell' (did you mean 'rel'?)"),
    ("trotksy > 3", "unknown name 'trotksy' (did you mean 'rel.trotsky'?)"),
    ("lenin_dies", "unknown name 'lenin_dies' (it is an event: write met(\"lenin_dies\"))"),
    ("influense > 3", "unknown name 'influense' (did you mean 'influence'?)"),
])
def test_expression_hints(src: str, message: str) -> None:
    with pytest.raises(ExpressionError) as e:
        compile_expression(src, SYMBOLS)
    assert e.value.message == message


def test_a_character_with_a_dot_is_told_at_its_place(tmp_path: Path) -> None:
    folder = mini(tmp_path / "sc")
    edit(folder / "content.yaml", 'condition: "prestige > 99"', 'condition: "green.prestge > 99"')
    _, diags = check_scenario(str(folder))
    assert [(d.line, d.col, d.message) for d in diags] == [
        (47, 21, "choice 'opening.locked': in condition 'green.prestge > 99': 'green' is a character: for your "
                 "relationship with them write rel.green; for a stat write its name (did you mean 'prestige'?)")]


# -- YAML syntax errors in the project's words ------------------------------------------------

SYNTAX = [
    # a list item deeper than its list
    ("events:\n  - id: a\n    choices:\n      - id: x\n        text: X\n        - id: y\n",
     6, 9, "line 6 is indented 8 spaces; the list above it (line 4) uses 6: line them up"),
    # a list item less deep than its list
    ("events:\n  - id: a\n    title: b\n   - id: c\n",
     4, 4, "line 4 is indented 3 spaces; the list above it (line 2) uses 2: line them up"),
    # a new item of the outer list written deeper, among items of an inner one
    ("codex:\n  - id: a\n    sources:\n      - {source: x}\n\n    - id: b\n      title: B\n",
     6, 5, "line 6 is indented 4 spaces; the list above it (line 2) uses 2: line them up"),
    # a key deeper than the key above it, whose value is text
    ("events:\n  - id: a\n    title: T\n      text: X\n",
     4, 7, "line 4 is indented 6 spaces; the key above it (line 3) uses 4: line them up"),
    # a key less deep than its neighbours
    ("events:\n  - id: a\n    title: T\n   text: X\n",
     4, 4, "line 4 is indented 3 spaces; the key above it (line 3) uses 4: line them up"),
    # the stray is the line before the one YAML stopped at
    ("events:\n  - id: a\n    title: T\ntext: X\n    once: true\n",
     4, 1, "line 4 is indented 0 spaces, unlike the lines around it: indent it 4 spaces, like line 5"),
    # a key written at the margin cuts the event in two
    ("events:\n  - id: a\n    title: T\nsources:\n      - x\n    text: X\n",
     4, 1, "line 4 is indented 0 spaces, unlike the lines around it: indent it 4 spaces, like line 3"),
    # a list under a key, less deep than the key
    ("events:\n  - id: a\n    effects:\n  - prestige += 1\n      - unity -= 1\n    text: X\n",
     4, 3, "line 4 is indented 2 spaces, no deeper than 'effects' above it (line 3): indent it 6 spaces, like line 5"),
    # block text with a line less deep than the rest
    ("events:\n  - id: a\n    text: |\n      One line,\n     and the next.\n    title: T\n",
     5, 6, "line 5 is indented 5 spaces; the text above it (line 4) uses 6: line them up"),
    ("events:\n  - id: a\n\ttitle: T\n",
     3, 1, "line 3 is indented with a tab: YAML indents with spaces only (replace the tab with spaces)"),
    ('events:\n  - id: a\n    title: "The Opening\n    text: X\n',
     3, 12, 'the text that starts with " here is never closed: end it with a matching " on the same line'),
    ('events:\n  - id: a\n    title: "The Opening\n    text: "Something"\n',
     3, 12, 'the text that starts with " here is never closed: end it with a matching " on the same line'),
    ("events:\n  - id: a\n    unlocks: [a, b\n    text: X\n",
     3, 14, "the '[' here is never closed: end the list with ']' on the same line"),
    ("events:\n  - id: a\n    title:T\n    text: X\n",
     3, 10, "a space is missing after the ':' of 'title': write 'title: T'"),
    ("events:\n  - id:a\n    title: T\n",
     2, 7, "a space is missing after the ':' of 'id': write 'id: a'"),
    ("events:\n  - id: a\n    title: Note: this\n",
     3, 16, "the value of 'title' holds ': ', which YAML takes for the start of another key: put the whole value "
            "in quotes: title: \"Note: this\""),
    ("text: This is long\n  and says: hello\n",
     2, 11, "the value of 'text' (line 1) holds ': ' here, which YAML takes for the start of a key: put the whole "
            "value in quotes"),
    ('title: "The" Opening\n',
     1, 14, 'text follows the closing " here: put the whole value inside the quotes, or begin it without a quote'),
    ("title: 'Lenin's Pupil'\n",
     1, 14, "this ' ends the text in single quotes, though it reads as an apostrophe: write it twice (Lenin''s), or "
            "put the whole text in double quotes"),
    ('text: {if role == "a": Yes. | else: No.}\n',
     1, 7, "the value of 'text' begins with '{if', which YAML reads as the start of a mapping: put the whole value "
           "in quotes, or write it as a block after '|'"),
    ('events:\n  - id: a\n    title: "The Opening\n    text: "It begins."\n',
     3, 12, 'the text that starts with " here is never closed: end it with a matching " on the same line'),
    ('text: "Speak of it\n  all." Loudly.\n',
     2, 9, 'text follows the closing " here: put the whole value inside the quotes, or begin it without a quote'),
    ('sources:\n  - {source: kotkin, section: "ch. 12}\n  - {source: record, section: "1.2"}\n',
     2, 31, "the text that starts with \" here is never closed, so the '}' after it is read as text: end it with a "
            "matching \""),
    ("unlocks: [a, b]]\n", 1, 16, "this ']' closes no '[': remove it, or put the text in quotes"),
    ("events:\n  -id: a\n  - id: b\n", 2, 3, "a list item needs a space after its '-': write '- id: a'"),
    ("title: @home\n", 1, 8, "text cannot begin with '@' in YAML: put it in quotes: title: \"@home\""),
    ('title: "C:\\path"\n', 1, 11,
     "'\\p' is not an escape in double-quoted text: write '\\\\' for a backslash, or put the text in single quotes"),
    ("text: This is\na continuation\nnext: x\n", 2, 1,
     "line 2 has no ':'; if it continues the text of 'text' above, indent it further than 'text', else write "
     "'key: value'"),
]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("text, line, col, message", SYNTAX)
def test_yaml_syntax_errors_in_the_projects_words(loader: type, text: str, line: int, col: int, message: str) -> None:
    """Whichever parser reads the file (libyaml or PyYAML's own), the account is the same."""
    with pytest.raises(yaml.MarkedYAMLError) as e:
        yaml.load(text, Loader=loader)
    assert tuple(explain(text, e.value))[:3] == (line, col, message)


def test_a_syntax_error_is_one_located_diagnostic() -> None:
    text, line, col, message = SYNTAX[0]
    data, diags = parse_yaml(text, "f.yaml")
    assert data is None
    assert [str(d) for d in diags] == [f"f.yaml:{line}:{col}: {message}"]
    assert "YAML" not in message and "expected" not in message


def test_what_cannot_be_said_better_keeps_yamls_words_after_a_dash() -> None:
    _, diags = parse_yaml("text: |x\n  a\n", "f.yaml")
    (d,) = diags
    assert d.message.startswith("YAML cannot read this — ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab:-[]{}'\"#@, \n\t|>", "  ", "- ", ": ", "id: x", "\n  "]), max_size=40))
def test_every_account_is_one_line_placed_in_the_file(pieces: list[str]) -> None:
    text = "".join(pieces)
    _, diags = parse_yaml(text, "f.yaml")
    for d in diags:
        assert 1 <= d.line <= text.count("\n") + 2 and d.col >= 1     # + 2: the end of a file without a last newline
        assert "\n" not in d.message
        assert not d.message.startswith(("while ", "expected", "did not", "found", "mapping values", "YAML syntax"))


@pytest.mark.parametrize("broken, first", [
    ("empty", "scenario.yaml:1:1: the manifest is empty"),
    ("no roles", "manifest is missing 'roles'"),
])
def test_a_manifest_without_its_roles_comes_first_and_what_names_them_is_held_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, broken: str, first: str) -> None:
    """Every reference to a role the manifest no longer defines follows from the manifest: it is counted, not
    listed before the cause."""
    folder = mini(tmp_path / "mini")
    manifest = folder / "scenario.yaml"
    if broken == "empty":
        manifest.write_text("")
    else:
        text = manifest.read_text()
        manifest.write_text(text[:text.index("roles:\n")] + text[text.index("sources:\n"):])
    status, lines, _ = validate(folder, capsys, monkeypatch)
    assert status == 1
    assert first in lines[0], lines
    assert not any("unknown role" in line for line in lines), lines
    assert lines[-1].startswith("(") and "may follow from the error" in lines[-1], lines
