"""Text that adapts: `+` joining text, `{if ...}` passages, name(), Name() and their(), titles with placeholders.

The compiler's side is tested against a small fake world; the rest plays a copy of the mini
scenario whose opening event, a choice's outcome and an ending's title use every piece.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game, ScenarioRuntimeError
from game.saves.format import summary_of
from game.scenario import check_scenario, load_scenario
from game.scenario.expressions import (
    ExpressionError,
    Glued,
    Symbols,
    compile_effect,
    compile_expression,
    compile_template,
    effect_flag_writes,
)
from tests.conftest import MINI, ROOT
from tests.test_scenario_guide import BLOCKS, MANIFEST, STAGE, ids, without, write

S = Symbols(stats={"prestige"}, characters={"red", "blue", "green"}, roles={"red", "blue"},
            flags={"allied": "true/false"})


class World:
    """What the compiled text reads: a stat, the role, and the names of characters."""

    def __init__(self, prestige: int = 50, role: str = "red") -> None:
        self.stats = {"prestige": prestige}
        self.role = role
        self.player = role
        self.flags: dict[str, Any] = {}

    def name_of(self, c: str) -> str:
        return "you" if c == self.player else c.title()

    def name_at_start(self, c: str) -> str:
        return "You" if c == self.player else c.title()

    def possessive(self, c: str) -> str:
        return "your" if c == self.player else c.title() + "'s"


def render(text: str, **world: Any) -> str:
    return compile_template(text, S).render(World(**world))


# -- passages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("prestige, shown", [(70, "high"), (50, "middling"), (10, "low")])
def test_the_first_branch_that_holds_is_shown(prestige: int, shown: str) -> None:
    text = "Prestige is {if prestige > 60: high | elif prestige > 30: middling | else: low}."
    assert render(text, prestige=prestige) == f"Prestige is {shown}."


def test_a_passage_without_else_shows_nothing_when_its_condition_fails() -> None:
    assert render("A{if prestige > 60: B}C", prestige=70) == "ABC"
    assert render("A{if prestige > 60: B}C", prestige=50) == "AC"
    assert render("{if prestige > 60: | else: low}", prestige=70) == ""       # an empty passage
    assert render("{if prestige > 60: | else: low}", prestige=50) == "low"


def test_passages_hold_placeholders_and_passages() -> None:
    text = "{if prestige > 10: {if prestige > 60: high ({prestige}) | else: only {prestige}} | else: none}!"
    assert render(text, prestige=70) == "high (70)!"
    assert render(text, prestige=40) == "only 40!"
    assert render(text, prestige=5) == "none!"


def test_bars_and_braces() -> None:
    # Outside a passage `|` is an ordinary character; inside, `||` is one.
    assert render("a | b || c {if true: x || y | else: z}") == "a | b || c x | y"
    assert render("{{literal}} {if true: {{x}") == "{literal} {x"       # in a passage, `}` ends it
    assert render("{if true: a|else: b}") == "a"


def test_spaces_at_a_passage_s_ends_are_not_part_of_it() -> None:
    assert render("[{if true:   you   | else: he }]") == "[you]"
    assert render("[{if false: you | else:\n  he\n}]") == "[he]"


@pytest.mark.parametrize("text, prestige, shown", [
    ("Red {if prestige > 60: and Green} spoke.", 70, "Red and Green spoke."),
    ("Red {if prestige > 60: and Green} spoke.", 50, "Red spoke."),
    ("{if prestige > 60: Green and} Red spoke.", 50, "Red spoke."),
    ("Red spoke {if prestige > 60: loudly}", 50, "Red spoke"),
    ("Red spoke {if prestige > 60: loudly}, then left.", 50, "Red spoke, then left."),
    ("Red spoke {if prestige > 60: loudly}, then left.", 70, "Red spoke loudly, then left."),
    ("Red spoke {if prestige > 60: loudly}\n", 50, "Red spoke\n"),
    ("Red spoke.\n{if prestige > 60: Loudly.} Then left.", 50, "Red spoke.\nThen left."),
])
def test_a_passage_that_shows_nothing_leaves_no_double_space(text: str, prestige: int, shown: str) -> None:
    assert render(text, prestige=prestige) == shown


@pytest.mark.parametrize("text, reads, at", [
    ("Red and Blue{if prestige > 60: and Green} spoke.", "Blueand", "{if"),
    ("Red spoke from the tribune.{if prestige > 60: Green answered.}", "tribune.Green", "{if"),
    ("Red said:{if prestige > 60: Green}", "said:Green", "{if"),
    ("Red {if prestige > 60: and Green | else: with nobody}spoke.", "Greenspoke", "spoke"),
    ("Red {if prestige > 60: Green | else: with nobody}spoke.", "nobodyspoke", "spoke"),
    ("{if prestige > 60: Red holds Moscow. }The end.", "Moscow.The", "The"),
    ("The motion carries {if prestige > 60:, by twelve votes}.", "carries ,", "{if"),
    ("The motion carries {if prestige > 60: easily | else:, narrowly}.", "carries ,", "{if"),
    ("Red spoke with Blue{if prestige > 60: (and Green)} at dawn.", "Blue(and", "{if"),
    ("Red called it{if prestige > 60: “a step back”} at dawn.", "it“a", "{if"),
])
def test_a_passage_whose_words_meet_the_text_beside_it_is_found(text: str, reads: str, at: str) -> None:
    glued: list[Glued] = []
    compile_template(text, S, glued=glued)
    assert [(g.reads, text[g.offset:g.offset + len(at)]) for g in glued] == [(reads, at)]


@pytest.mark.parametrize("text", [
    "Red {if prestige > 60: and Green} spoke.",
    "Red spoke{if prestige > 60:, and Green} to the hall.",
    "A{if prestige > 60: B}C",                                  # a passage of one piece of a word
    "The vote{if prestige > 60: s} went to Red.",
    "Red spoke.\n{if prestige > 60: Green answered.}\nThen all left.",
    "Red's{if prestige > 60: 's}",
    "Red spoke {if prestige > 60: (and Green)} at dawn.",
    "Red spoke ({if prestige > 60: loudly | else: softly}) at dawn.",
    "{if prestige > 60: Red spoke | else: Nobody spoke}.",
])
def test_a_passage_written_with_its_spaces_is_not_found(text: str) -> None:
    glued: list[Glued] = []
    compile_template(text, S, glued=glued)
    assert glued == []


def test_by_role() -> None:
    text = '{if role == "red": You stand | else: Red stands} firm.'
    assert render(text, role="red") == "You stand firm."
    assert render(text, role="blue") == "Red stands firm."


def test_where_each_expression_starts_in_order() -> None:
    text = '{prestige} {if prestige > 1: {role} | elif  role == "red": x | else: {prestige}}'
    t = compile_template(text, S)
    assert [text[o:o + 8] for o in t.offsets] == ["prestige", "prestige", "role} | ", 'role == ', "prestige"]


@pytest.mark.parametrize("text, token, message", [
    ("A {if prestgie > 1: x}", "prestgie",
     "in condition 'prestgie > 1': unknown name 'prestgie' (did you mean 'prestige'?)"),
    ("A {if prestige: x}", "prestige: x",
     "in condition 'prestige': 'prestige' is number, but true/false is needed here"),
    ("A {if true: x | elif prestige + 1: y}", "prestige + 1", "in condition 'prestige + 1': "),
    ("A {if true: {prestgie}}", "prestgie}", "in placeholder '{prestgie}': unknown name 'prestgie'"),
    ("A {if : x}", ": x", "in condition '': expression is empty"),
    ("A {if true x}", "}", "'if' needs a ':' after its condition"),
    ("A {if true: x | elif false y}", "}", "'elif' needs a ':' after its condition"),
    ("A {if true: x | else y}", "y}", "'else' needs a ':' after it"),
    ("A {if true: x | otherwise: y}", "otherwise", "after '|' in '{if ...}' comes 'elif CONDITION:' or 'else:'"),
    ("A {if true: x | else: y | else: z}", "| else: z", "'else' is the last branch of '{if ...}'"),
    ("A {if true: x", "{if", "'{if' without a closing '}'"),
    ("A {if true: x | else: {prestige}", "{if", "'{if' without a closing '}'"),
    ("A {else: y}", "else", "'else' belongs inside an '{if ...}', after a '|'"),
    ("A {if true: x} {elif true: y}", "elif", "'elif' belongs inside an '{if ...}', after a '|'"),
])
def test_errors_point_at_their_place(text: str, token: str, message: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        compile_template(text, S)
    assert exc.value.message.startswith(message), exc.value.message
    assert exc.value.offset == text.index(token)


def test_a_colon_or_a_brace_in_a_condition_s_text_is_part_of_it() -> None:
    text = '{if role == "a:b}|": odd | else: even}'
    S2 = Symbols(stats=set(), roles={"a:b}|", "red"})
    assert compile_template(text, S2).render(World()) == "even"


def test_passages_nest_only_so_deep() -> None:
    deep = "{if true: " * 9 + "x" + "}" * 9
    with pytest.raises(ExpressionError, match="nested too deeply"):
        compile_template(deep, S)
    assert compile_template("{if true: " * 8 + "x" + "}" * 8, S).render(World()) == "x"


# -- joining text, and names -------------------------------------------------------------------

def test_plus_joins_text() -> None:
    assert render('{"Comrade " + name("green")}') == "Comrade Green"
    assert render('{Name("red") + " and " + name("blue")}') == "You and Blue"
    t, f = compile_expression('"a" + "b" + "c"', S)
    assert (t, f(None)) == ("text", "abc")                  # worked out at load
    assert compile_expression('name("green") + "!" == "Green!"', S)[1](World())


@pytest.mark.parametrize("src, token", [('"Prestige: " + prestige', "prestige"), ('date + "!"', "date"),
                                        ('"x" + (1 > 0)', "1 > 0")])
def test_text_and_a_number_are_not_joined(src: str, token: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        compile_expression(src, S)
    assert exc.value.message.startswith(f"'+' joins text to text, but '{token}' is ")
    assert f"give it a placeholder of its own (\"... {{{token}}} ...\")" in exc.value.message
    assert exc.value.offset == src.index(token)


def test_other_operators_still_want_numbers() -> None:
    with pytest.raises(ExpressionError, match="'-' needs number, but '\"a\"' is text"):
        compile_expression('"a" - "b"', S)


def test_names_are_for_text_not_for_flags() -> None:
    assert effect_flag_writes('flags.who = name("green")') == [("who", None, 0)]
    with pytest.raises(ExpressionError, match="needs true/false, but 'name\\(\"green\"\\)' is text"):
        compile_effect('flags.allied = name("green")', S)


def test_name_helpers_check_their_character() -> None:
    with pytest.raises(ExpressionError, match="unknown character 'gren' \\(did you mean 'green'\\?\\)"):
        compile_expression('name("gren")', S)
    with pytest.raises(ExpressionError, match="'their' is a function"):
        compile_expression("their", S)


# -- cost: plain text stays a literal ------------------------------------------------------------

def test_text_without_passages_renders_the_way_it_always_has() -> None:
    assert compile_template("No placeholders.", S)._literal == "No placeholders."  # type: ignore[attr-defined]
    plain = compile_template("Prestige {prestige}.", S)
    assert "render" not in vars(plain)                      # the class's own render, unchanged
    assert "render" in vars(compile_template("{if true: x}", S))


# -- in a scenario -------------------------------------------------------------------------------

OPENING = '''\
  - id: opening
    title: '{if role == "red": Your Opening | else: {their("red")} Opening}'
    earliest: 1924-01
    latest: 1924-01
    priority: 10
    sources: [notes]
    unlocks: [bloc_entry]
    text: |
      {Name("green")} waits. {if prestige >= 60: {Name("red")} {if role == "red": have | else: has} the votes.
      | elif prestige >= 40: The votes are close.
      | else: Nobody counts on {name("red")}.}
      {"Comrade " + name("green") + ", " + name("blue")} || {if true: x || y}
    choices:
      - id: ally
        text: '{if ally("green"): Stay | else: Join {their("green")} bloc}.'
        effects:
          - join("bloc")
          - prestige += 10
          - flags.allied = true
        outcome: '{if ally("green"): {Name("green")} welcomes {name("red")}. | else: Nothing changes.}'
        next: followup
      - id: alone
        text: Stand alone.
        effects: ["unity -= 5", 'schedule("reckoning", 1)']
'''


CHANGES = (
    ("  - id: red\n    name: Red\n", "  - id: red\n    name: Red\n    short: Comrade Red\n"),
    ("    name: Green\n", "    name: Gregor Green\n"),
    ("    title: Triumph\n", "    title: '{Name(\"green\")} and {name(\"red\")} triumph'\n"),
)


def scenario_folder(tmp_path: Path, old: str = "", new: str = "") -> Path:
    """A copy of the mini scenario with the opening event above, the changes above, and `old` made `new`."""
    folder = tmp_path / "text"
    folder.mkdir()
    for file in ("scenario.yaml", "politics.yaml"):
        (folder / file).write_text((MINI / file).read_text())
    content = (MINI / "content.yaml").read_text()
    start, end = content.index("  - id: opening\n"), content.index("  - id: followup\n")
    content = content[:start] + OPENING + content[end:]
    for o, n in (*CHANGES, (old, new)) if old else CHANGES:
        assert content.count(o) == 1, o
        content = content.replace(o, n)
    (folder / "content.yaml").write_text(content)
    return folder


@pytest.fixture(scope="module")
def adapting(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = scenario_folder(tmp_path_factory.mktemp("text"))
    return load_scenario(str(folder))


def test_short_names(adapting: Any) -> None:
    assert adapting.characters["green"].short == "Green"          # the last word of the name
    assert adapting.characters["red"].short == "Comrade Red"      # as written
    g = Game.new(adapting, "blue", seed=1)
    assert (g.name_of("blue"), g.name_at_start("blue"), g.possessive("blue")) == ("you", "You", "your")
    assert (g.name_of("red"), g.name_at_start("red"), g.possessive("red")) == ("Comrade Red", "Comrade Red",
                                                                               "Comrade Red's")


def test_event_text_choice_and_title_adapt_to_the_game(adapting: Any) -> None:
    red = Game.new(adapting, "red", seed=1).current()
    assert red is not None and red.title == "Your Opening"
    assert red.text == "Green waits. You have the votes.\nComrade Green, Blue || x | y\n"
    assert red.choices[0].text == "Join Green's bloc."
    blue = Game.new(adapting, "blue", seed=1).current()
    assert blue is not None and blue.title == "Comrade Red's Opening"
    assert blue.text == "Green waits. The votes are close.\nComrade Green, you || x | y\n"


def test_outcome_journal_and_ending_title_adapt(adapting: Any) -> None:
    g = Game.new(adapting, "red", seed=1)
    assert summary_of(g) == "Your Opening"
    outcome = g.choose("ally")
    assert outcome.text == "Green welcomes you."               # after the effects: Green is an ally now
    assert g.journal[0]["title"] == "Your Opening"
    assert g.journal[0]["choice_text"] == "Join Green's bloc."
    assert g.journal[0]["outcome"] == "Green welcomes you."
    while not g.ended:
        g.choose(g.available_choices()[0].id)
    ending = g.ending()
    assert ending is not None and ending.id == "triumph"
    assert ending.title == "Green and you triumph"
    assert summary_of(g) == "Ended: Green and you triumph"
    assert adapting.endings["triumph"].title == "{Name(\"green\")} and {name(\"red\")} triumph"   # raw, where no game is


def test_plain_titles_are_not_compiled(adapting: Any) -> None:
    assert adapting.events["followup"].heading is None
    assert adapting.endings["quiet"].heading is None


# -- load errors point at the file, line and column ----------------------------------------------

@pytest.mark.parametrize("old, new, token, message", [
    ("      | elif prestige >= 40: The votes are close.\n", "      | elif prestgie >= 40: The votes are close.\n",
     "prestgie >= 40", "in 'text': in condition 'prestgie >= 40': unknown name 'prestgie' (did you mean 'prestige'?)"),
    ("{if ally(\"green\"): {Name", "{if ally(\"gren\"): {Name",
     '"gren"): {Name', "in 'outcome': in condition 'ally(\"gren\")': unknown character 'gren' (did you mean 'green'?)"),
    ("'{if role == \"red\": Your Opening", "'{if role == \"reds\": Your Opening",
     '"reds"', "in 'title': in condition 'role == \"reds\"': unknown role 'reds' (did you mean 'red'?)"),
    ("{if true: x || y}", "{if 3: x || y}", "3: x", "in 'text': in condition '3': '3' is number, but true/false is needed here"),
    ("    title: A Quiet End\n", "    title: 'A Quiet End {if prestige: !}'\n", "prestige: !",
     "in 'title': in condition 'prestige': 'prestige' is number, but true/false is needed here"),
])
def test_a_bad_condition_is_reported_where_it_is_written(tmp_path: Path, old: str, new: str, token: str,
                                                         message: str) -> None:
    folder = scenario_folder(tmp_path, old, new)
    scenario, diags = check_scenario(str(folder))
    assert scenario is None
    [d] = diags
    lines = (folder / "content.yaml").read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if token in line)
    assert (Path(d.path).name, d.line, d.col) == ("content.yaml", at + 1, lines[at].index(token) + 1)
    assert d.message.endswith(": " + message) and d.message.startswith(("event '", "choice '", "ending '"))


# -- failures in play name the expression that failed ---------------------------------------------

@pytest.mark.parametrize("old, new, token, subject", [
    ("{if true: x || y}", "{if false: {prestige} | else: ok} {if true: {10 / (unity - unity)}}", "10 / (unity",
     "text of event 'opening'"),
    ("'{if role == \"red\": Your Opening", "'{if 1 / (unity - unity) > 0: Never} {if role == \"red\": Your Opening",
     "1 / (unity", "title of event 'opening'"),
])
def test_a_failure_in_play_points_at_its_expression(tmp_path: Path, old: str, new: str, token: str,
                                                    subject: str) -> None:
    folder = scenario_folder(tmp_path, old, new)
    scenario = load_scenario(str(folder))
    with pytest.raises(ScenarioRuntimeError) as exc:
        Game.new(scenario, "red", seed=1).current()
    lines = (folder / "content.yaml").read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if token in line)
    assert str(exc.value).startswith(f"{scenario.path}/content.yaml:{at + 1}:{lines[at].index(token) + 1}: {subject}: "
                                     f"division by zero")


# -- the guide's example reads as the guide says ---------------------------------------------------

def test_the_guide_s_example_reads_as_the_guide_says(tmp_path: Path) -> None:
    block = next(text for _, text in BLOCKS if "army_report" in text)
    (tmp_path / "scenario.yaml").write_text(MANIFEST)
    write(tmp_path / "stage.yaml", without(yaml.safe_load(STAGE), ids(yaml.safe_load(block))))
    (tmp_path / "events.yaml").write_text(block)
    scenario = load_scenario(str(tmp_path))
    seen = {}
    for role in ("trotsky", "stalin"):
        g = Game.new(scenario, role, seed=1)
        while g.current_id != "army_report":
            g.choose(g.available_choices()[0].id)
        g.stats["army"] = 55
        view = g.current()
        assert view is not None
        seen[role] = (view.title, " ".join(view.text.split()), g.choose("defend").text.strip())
    assert seen["trotsky"] == ("The army: your report",
                               "You read the report to the Politburo. The army waits to see who wins.",
                               "Comrade Zinoviev takes note. The army stands at 60, and behind you.")
    assert seen["stalin"][0] == "The army: Trotsky's report"
    assert seen["stalin"][1].startswith("Trotsky reads the report")
    assert seen["stalin"][2].endswith("and behind Trotsky.")
    broken = block.replace("{if army >= 60: The army", "{if armi >= 60: The army")
    (tmp_path / "events.yaml").write_text(broken)
    _, diags = check_scenario(str(tmp_path))
    shown = ("events.yaml:14:11: event 'army_report': in 'text': in condition 'armi >= 60': "
             "unknown name 'armi' (did you mean 'army'?)")
    assert [str(d).replace(f"{tmp_path}/", "") for d in diags] == [shown]
    assert shown in (ROOT / "docs" / "scenario-guide.md").read_text()


# -- property: any text compiles or is refused in the compiler's own words --------------------------

_PIECES = st.sampled_from(["{if ", "{if", "{", "}", "{{", "}}", "|", "||", " | elif ", " | else", "else:", ":", " ",
                           "prestige > 1", "true", '"a:b}"', "'", '"', "\n", "x", "{prestige}", 'name("red")',
                           " + ", "elif", "{else", "\\"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_any_text_compiles_or_is_refused_in_words(text: str) -> None:
    try:
        t = compile_template(text, S)
    except ExpressionError as e:
        assert e.message and 0 <= e.offset <= len(text)
        return
    t.render(World())
    assert t.failing_placeholder(World()) == 0
