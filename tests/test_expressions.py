"""The expression language (game.scenario.expressions): what compiles, what is refused, where.

Expressions and effects are compiled against a Symbols object and evaluated against any
"world" object with the attributes and methods the compiled closures use; a small fake world
stands in for the game here, and one test uses the real Game for clamping.
"""

from __future__ import annotations

import builtins
import re
import string
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.expressions import (
    BOOL,
    DATE,
    NUM,
    STR,
    ExpressionError,
    ExpressionFault,
    Symbols,
    compile_effect,
    compile_expression,
    compile_template,
)

# A valid scenario owned by these tests (the mini scenario saved with a BOM and CRLF endings).
VALID = Path(__file__).resolve().parent / "fixtures" / "bad" / "bom_and_crlf"


def symbols() -> Symbols:
    return Symbols(
        stats={"prestige", "unity"},
        characters={"x", "green", "red"},
        factions={"bloc"},
        offices={"pb"},
        bodies={"politburo"},
        events={"opening", "reckoning"},
        codex={"testament"},
        endings={"exile"},
        roles={"red", "blue"},
        choices={"opening": {"ally", "alone"}},
        flags={"f": BOOL, "count": NUM},
    )


S = symbols()


class FakeWorld:
    """What compiled expressions read and effects call; set_stat clamps like the game."""

    RANGES: ClassVar[dict[str, tuple[int, int]]] = {"prestige": (0, 100), "unity": (-10, 10)}

    def __init__(self, **stats: int) -> None:
        self.stats = {"prestige": 50, "unity": 0, **stats}
        self.rel = {"x": 5, "green": 30, "red": -20}
        self.flags: dict[str, Any] = {}
        self.date = date(1925, 1, 1)
        self.turn = 3
        self.role = "red"
        self.allies = {"green"}
        self.chance_result = True
        self.calls: list[tuple[Any, ...]] = []

    # -- reads
    def ally(self, c: str) -> bool:
        return c in self.allies

    def member(self, f: str, c: str | None = None) -> bool:
        self.calls.append(("member", f, c))
        return True

    def votes(self, body: str) -> int:
        return 7

    def chance(self, percent: float) -> bool:
        self.calls.append(("chance", percent))
        return self.chance_result

    def roll(self, lo: float, hi: float) -> int:
        return int(hi)

    # -- writes
    def set_stat(self, s: str, value: float) -> None:
        lo, hi = self.RANGES[s]
        self.stats[s] = max(lo, min(hi, round(value)))

    def set_rel(self, c: str, value: float) -> None:
        self.rel[c] = max(-100, min(100, round(value)))

    def set_flag(self, f: str, value: Any) -> None:
        self.flags[f] = value

    def __getattr__(self, name: str) -> Any:
        # join, leave, schedule, end, ...: record the call
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args: self.calls.append((name, *args))


def value(src: str, world: FakeWorld | None = None, **kw: Any) -> Any:
    _, f = compile_expression(src, S, **kw)
    return f(world or FakeWorld())


def refused(src: str, *, effect: bool = False) -> ExpressionError:
    with pytest.raises(ExpressionError) as exc:
        if effect:
            compile_effect(src, S)
        else:
            compile_expression(src, S)
    assert exc.value.message == str(exc.value)
    return exc.value


# -- injection attempts: refused at compile time with a clear message ---------------------

INJECTIONS = [
    ("__import__('os')", "unknown function '__import__'"),
    ("().__class__", "attribute access is not allowed (only rel.NAME and flags.NAME)"),
    ('"".__class__.__mro__', "attribute access is not allowed (only rel.NAME and flags.NAME)"),
    ('open("x")', "unknown function 'open'"),
    ('eval("1")', "unknown function 'eval'"),
    ('exec("1")', "unknown function 'exec'"),
    ("lambda: 1", "lambdas are not allowed"),
    ("[x for x in y]", "comprehensions are not allowed"),
    ("{x for x in y}", "comprehensions are not allowed"),
    ("{x: 1 for x in y}", "comprehensions are not allowed"),
    ("(x for x in y)", "comprehensions are not allowed"),
    ("(y := 1)", "':=' is not allowed"),
    ("prestige.__class__", "attribute access is not allowed (only rel.NAME and flags.NAME)"),
    ("a.b.c", "attribute access is not allowed (only rel.NAME and flags.NAME)"),
    ("rel.x.y", "attribute access is not allowed (only rel.NAME and flags.NAME)"),
    ("rel.__class__", "'__class__': names with double underscores are not allowed"),
    ("flags.__dict__", "'__dict__': names with double underscores are not allowed"),
    ("__builtins__", "'__builtins__': names with double underscores are not allowed"),
    ("2 ** 99999999", "'**' needs a whole-number constant exponent from 0 to 16"),
    ("2 ** prestige", "'**' needs a whole-number constant exponent from 0 to 16"),
    ('"a" * 10**9', "'*' needs number, but '\"a\"' is text"),
    ("10 ** 9 * 'a'", "'*' needs number, but ''a'' is text"),
    ('getattr(x, "y")', "unknown function 'getattr'"),
    ("x[0]", "indexing is not allowed"),
    ("prestige[0:1]", "indexing is not allowed"),
    ('f"{prestige}"', "f-strings are not allowed"),
    ('f"plain"', "f-strings are not allowed"),
    ("[1, 2]", "lists are not allowed"),
    ("(1, 2)", "tuples are not allowed"),
    ("{1: 2}", "dictionaries are not allowed"),
    ("{1}", "sets are not allowed"),
    ("None", "'None' is not allowed in an expression"),
    ("...", "'...' is not allowed in an expression"),
    ("b'x'", "'b'x'' is not allowed in an expression"),
    ("1j", "'1j' is not allowed in an expression"),
    ("10000000000000", "number 10000000000000 is too large"),
    ("1e400 > 1", "number 1e400 is too large"),
    ("prestige @ 2", "operator 'prestige @ 2' is not allowed"),
    ("prestige << 99", "operator 'prestige << 99' is not allowed"),
    ("~prestige", "'~' is not allowed"),
    ("prestige in 3", "'in', 'is' and the like are not allowed"),
    ("print(1)", "unknown function 'print'"),
    ("max(*x)", "'max(...)' takes 2 or more arguments, not 1"),
    ("abs(x=1)", "'abs(...)' takes no keyword arguments"),
    ("().__class__.__bases__[0].__subclasses__()", "only the game's functions can be called, by name"),
    ("(lambda: 0).__globals__", "attribute access is not allowed"),
    ("chance(50)", "'chance(...)' is random and can only be used in effects"),
    ('join("bloc")', "'join(...)' is an effect and cannot be used in an expression"),
]


@pytest.mark.parametrize("src, message", INJECTIONS)
def test_injection_refused_in_expressions(src: str, message: str) -> None:
    err = refused(src)
    assert message in err.message


@pytest.mark.parametrize("src, message", INJECTIONS[:-2])
def test_injection_refused_in_effects_too(src: str, message: str) -> None:
    """The same text as an effect's value, and as a statement, is refused as well."""
    err = refused(f"prestige = {src}", effect=True)
    assert err.message
    refused(src, effect=True)


@pytest.mark.parametrize("src, message", [
    ("import os", "import is not allowed"),
    ("from os import system", "import is not allowed"),
    ("del x", "'delete' statements are not allowed in effects"),
    ("del prestige", "'delete' statements are not allowed in effects"),
    ("global prestige", "'global' statements are not allowed in effects"),
    ("for x in y: pass", "'for' statements are not allowed in effects"),
    ("while true: prestige += 1", "'while' statements are not allowed in effects"),
    ("def f(): pass", "statements are not allowed in effects"),
    ("class A: pass", "statements are not allowed in effects"),
    ("with x: pass", "'with' statements are not allowed in effects"),
    ("raise X", "'raise' statements are not allowed in effects"),
    ("assert prestige", "'assert' statements are not allowed in effects"),
    ("prestige += 5; prestige += 5", "write one effect per line"),
    ("prestige **= 99999", "'**=' is not allowed (use +=, -=, *=, /=, //= or %=)"),
    ("a = b = 1", "assign one thing at a time"),
    ("x = 1", "unknown stat 'x'"),
    ("prestge = 1", "unknown stat 'prestge' (did you mean 'prestige'?)"),
    ("date = 1925-01", "'date' cannot be set"),
    ("rel.nobody += 1", "unknown character 'nobody' in 'rel.nobody'"),
    ("flags.__class__ = 1", "'__class__': names with double underscores are not allowed"),
    ("x[0] = 1", "'x[0]' cannot be set (set a stat, rel.NAME or flags.NAME)"),
    ("prestige", "'prestige' does nothing: an effect changes something"),
    ("ally(\"green\")", "'ally(...)' is a value, not an effect"),
    ("print('hi')", "unknown function 'print'"),
    ("os.system('echo hi')", "only the game's functions can be called, by name"),
    ("prestige += 'a'", "'+=' needs number, but ''a'' is text"),
    ("flags.f += 1", "'flags.f' is true/false: use '=' not '+='"),
])
def test_effect_statements_refused(src: str, message: str) -> None:
    err = refused(src, effect=True)
    assert message in err.message


def test_nothing_reaches_eval_or_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling and evaluating every kind of expression never calls eval() or exec()."""
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    w = FakeWorld()
    assert value('prestige + rel.green > 3 and not flags.f and ally("green")', w) is True
    compile_effect("if chance(50): prestige += 5", S)(w)
    assert compile_template("{prestige} {{x}}", S).render(w) == "55 {x}"


# -- what compiles, and what it computes ----------------------------------------------------

@pytest.mark.parametrize("src, kind, expected", [
    ("1 + 2 * 3", NUM, 7),
    ("(1 + 2) * 3", NUM, 9),
    ("7 // 2", NUM, 3),
    ("7 % 4", NUM, 3),
    ("7 / 2", NUM, 3.5),
    ("-prestige + 1", NUM, -49),
    ("prestige ** 2", NUM, 2500),
    ("prestige - unity * 2", NUM, 50),
    ("prestige > 3", BOOL, True),
    ("prestige == 50 and unity != 1", BOOL, True),
    ("prestige < 10 or unity >= 0", BOOL, True),
    ("not prestige <= 49", BOOL, True),
    ("0 < prestige < 100", BOOL, True),
    ("true == (prestige > 1)", BOOL, True),
    ("date >= 1925-01", BOOL, True),
    ("date < 1924-12-31", BOOL, False),
    ("date == 1925-01-01", BOOL, True),
    ("1924-05 < 1924-05-23", BOOL, True),
    ("date", DATE, date(1925, 1, 1)),
    ("turn * 2", NUM, 6),
    ("role", STR, "red"),
    ('role == "red"', BOOL, True),
    ('ally("x")', BOOL, False),
    ('ally("green")', BOOL, True),
    ("rel.x", NUM, 5),
    ("rel.green - rel.red", NUM, 50),
    ("flags.f", BOOL, False),
    ("flags.count + 1", NUM, 1),
    ('"an ally" if ally("green") else "a stranger"', STR, "an ally"),
    ("prestige if prestige > 60 else 60", NUM, 60),
    ('votes("politburo") * 2', NUM, 14),
    ("max(1, prestige, 3)", NUM, 50),
    ("min(prestige, 3)", NUM, 3),
    ("abs(unity - 4)", NUM, 4),
    ("clamp(prestige, 0, 10)", NUM, 10),
    ("1_000 + 0x10", NUM, 1016),
    ("True and true", BOOL, True),
])
def test_expression_values(src: str, kind: str, expected: Any) -> None:
    t, f = compile_expression(src, S)
    assert t == kind
    assert f(FakeWorld()) == expected


def test_dates_inside_strings_are_text() -> None:
    t, f = compile_expression('"1925-01" == "1925-01"', S)
    assert t == BOOL and f(FakeWorld()) is True
    err = refused('"1925-01" > 3')
    assert err.message == "cannot compare text with number in '\"1925-01\" > 3'"


def test_want_type_is_checked() -> None:
    assert compile_expression("prestige > 1", S, want=BOOL)[0] == BOOL
    err = refused_want("prestige + 1", BOOL)
    assert err.message == "'prestige + 1' is number, but true/false is needed here"


def refused_want(src: str, want: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as exc:
        compile_expression(src, S, want=want)
    return exc.value


def test_same_text_is_checked_against_each_symbols() -> None:
    """Whatever is cached per text, names are checked against the Symbols of each call."""
    assert compile_expression("prestige > 1", S)[0] == BOOL
    with pytest.raises(ExpressionError, match="unknown name 'prestige'"):
        compile_expression("prestige > 1", Symbols())
    compile_effect('join("bloc")', S)
    with pytest.raises(ExpressionError, match="unknown faction 'bloc'"):
        compile_effect('join("bloc")', Symbols())


def test_random_functions_allowed_when_asked() -> None:
    w = FakeWorld()
    t, f = compile_expression("chance(30)", S, allow_random=True)
    assert t == BOOL and f(w) is True and ("chance", 30) in w.calls
    assert compile_expression("roll(1, 6)", S, allow_random=True)[1](w) == 6


@pytest.mark.parametrize("src, message", [
    ('ally("nobody")', "unknown character 'nobody'"),
    ('ally("gren")', "unknown character 'gren' (did you mean 'green'?)"),
    ("ally(green)", "'ally(...)' needs a character id in quotes, like ally(\"...\")"),
    ('member("blok")', "unknown faction 'blok' (did you mean 'bloc'?)"),
    ('chose("opening", "aly")', "event 'opening' has no choice 'aly' (did you mean 'ally'?)"),
    ('met("nowhere")', "unknown event 'nowhere'"),
    ("rel.nobody", "unknown character 'nobody' in 'rel.nobody'"),
    ("flags.never", "flag 'never' is never set by any effect"),
    ("prestgie > 3", "unknown name 'prestgie' (did you mean 'prestige'?)"),
    ("count > 1", "unknown name 'count' (did you mean 'flags.count'?)"),
    ("green > 1", "unknown name 'green' (did you mean 'rel.green' or a quoted \"green\"?)"),
    ("rel", "'rel' needs a name after it: rel.NAME"),
    ("ally", "'ally' is a function: write ally(...)"),
    ("date > 3", "cannot compare date with number in 'date > 3'"),
    ("date + 1", "'+' needs number, but 'date' is date"),
    ("not 3", "'not' needs true/false, but '3' is number"),
    ("true < false", "true/false values can only be compared with == or !="),
    ("prestige and true", "'and'/'or' needs true/false, but 'prestige' is number"),
    ("1 if prestige else 2", "'if' needs true/false, but 'prestige' is number"),
    ('1 if true else "a"', "both branches of '... if ... else ...' must have one type, not number and text"),
    ('role == "bleu"', "unknown role 'bleu' (did you mean 'blue'?)"),
    ("date >= 1925-13", "month 13 is not between 1 and 12"),
    ("max(1)", "'max(...)' takes 2 or more arguments, not 1"),
    ("", "expression is empty"),
    ("   ", "expression is empty"),
    ("x" * 1001, "expression is too long (1001 characters; the limit is 1000)"),
    ("prestige > \x00", "expression contains a NUL character"),
])
def test_name_and_type_errors(src: str, message: str) -> None:
    assert message in refused(src).message


# -- effects ------------------------------------------------------------------------------

def run(src: str, world: FakeWorld | None = None) -> FakeWorld:
    w = world or FakeWorld()
    compile_effect(src, S)(w)
    return w


def test_stat_effects_clamp_to_the_stat_range() -> None:
    assert run("prestige += 5").stats["prestige"] == 55
    assert run("prestige += 5", FakeWorld(prestige=98)).stats["prestige"] == 100
    assert run("prestige -= 500").stats["prestige"] == 0
    assert run("prestige = 150").stats["prestige"] == 100
    assert run("unity -= 50").stats["unity"] == -10
    assert run("prestige *= 2", FakeWorld(prestige=30)).stats["prestige"] == 60
    assert run("prestige //= 7").stats["prestige"] == 7
    assert run("prestige += roll(-2, 2)").stats["prestige"] == 52


def test_stat_effect_clamps_in_the_real_game() -> None:
    from game.engine import Game
    from game.scenario import load_scenario
    scenario = load_scenario(str(VALID))
    game = Game.new(scenario, "red", 1)
    sym = Symbols(stats=set(scenario.stats))
    compile_effect("prestige += 500", sym)(game)
    assert game.stats["prestige"] == 100
    compile_effect("prestige -= 1000", sym)(game)
    assert game.stats["prestige"] == 0


def test_rel_and_flag_effects() -> None:
    w = run("rel.green -= 10")
    assert w.rel["green"] == 20
    assert run("rel.green += 500").rel["green"] == 100
    assert run("flags.f = true").flags == {"f": True}
    assert run("flags.new_flag = true").flags == {"new_flag": True}
    w = run("flags.count += 1")
    w = run("flags.count += 1", w)
    assert w.flags == {"count": 2}


def test_function_effects_call_the_world() -> None:
    assert run('join("bloc")').calls == [("join", "bloc")]
    assert run('join("bloc", "green")').calls == [("join", "bloc", "green")]
    assert run('form("bloc", "green", "red", "x")').calls == [("form", "bloc", "green", "red", "x")]
    assert run('schedule("reckoning", 2)').calls == [("schedule", "reckoning", 2)]
    assert run('end("exile")').calls == [("end", "exile")]
    assert run('unlock("testament")').calls == [("unlock", "testament")]


def test_conditional_effects() -> None:
    w = FakeWorld()
    effect = compile_effect("if chance(50): prestige -= 20", S)
    effect(w)
    assert w.stats["prestige"] == 30
    w.chance_result = False
    effect(w)
    assert w.stats["prestige"] == 30
    other = compile_effect("if prestige > 40: unity += 1\nelse: unity -= 1", S)
    w = FakeWorld()
    other(w)
    assert w.stats["unity"] == 1


@pytest.mark.parametrize("src, message", [
    ('join("blok")', "unknown faction 'blok' (did you mean 'bloc'?)"),
    ('end("exil")', "unknown ending 'exil' (did you mean 'exile'?)"),
    ('schedule("opening", "soon")', "argument 2 of 'schedule' needs number, but '\"soon\"' is text"),
    ("prestige = 'a'", "'prestige' needs number, but ''a'' is text"),
    ("flags.count = true", "'flags.count' needs number, but 'true' is true/false"),
    ("if prestige: unity += 1", "'if' needs true/false, but 'prestige' is number"),
])
def test_effect_errors(src: str, message: str) -> None:
    assert message in refused(src, effect=True).message


# -- templates ----------------------------------------------------------------------------

def test_templates() -> None:
    w = FakeWorld()
    t = compile_template("Prestige {prestige}, {{literal}} and }} {{", S)
    assert t.render(w) == "Prestige 50, {literal} and } {"
    assert compile_template("No placeholders.", S).render(w) == "No placeholders."
    assert compile_template("", S).render(w) == ""
    t = compile_template('{"an ally" if ally("green") else "a stranger"} at {rel.green}', S)
    assert t.render(w) == "an ally at 30"
    t = compile_template("{date}", S)
    assert t.render(w, lambda v: v.strftime("%B %Y")) == "January 1925"


@pytest.mark.parametrize("text, offset, message", [
    ("Hi {prestgie}!", 4, "in placeholder '{prestgie}': unknown name 'prestgie' (did you mean 'prestige'?)"),
    ("a {{x}} {prestige", 8, "'{' without a closing '}' (write '{{' for a literal brace)"),
    ("a } b", 2, "'}' without an opening '{' (write '}}' for a literal brace)"),
    ("x {date > 3}", 10, "in placeholder '{date > 3}': cannot compare date with number in 'date > 3'"),
    ("x {}", 3, "in placeholder '{}': expression is empty"),
    ("{__import__('os')}", 1, "in placeholder '{__import__('os')}': unknown function '__import__'"),
])
def test_template_errors(text: str, offset: int, message: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        compile_template(text, S)
    assert exc.value.offset == offset
    assert exc.value.message.startswith(message)


# -- offsets: where the problem starts --------------------------------------------------------

@pytest.mark.parametrize("src, token", [
    ("prestgie > 3", "prestgie"),
    ("prestige > 3 and prestgie > 1", "prestgie"),
    ("   prestgie", "prestgie"),
    ("date > 3", "3"),
    ("prestige > > 3", "> 3"),
    ("prestige +* 2", "* 2"),
    ('ally("gren")', '"gren"'),
    ("not 3", "3"),
    ("prestige > 3 and 5", "5"),
    ("prestige < 1e400", "1e400"),
    ('role == "rde"', '"rde"'),
    ("date >= 1925-01 and prestgie", "prestgie"),
    ("date >= 1925-13", "1925-13"),
    ('"éé" == "é" and prestgie > 1', "prestgie"),
    ("(prestige > 1 and\n prestgie > 2)", "prestgie"),
    ("(y := 1)", "y := 1"),
    ('chose("opening", "aly")', '"aly"'),
])
def test_error_offset_points_at_the_offending_token(src: str, token: str) -> None:
    err = refused(src)
    assert err.offset == src.index(token), (err.offset, err.message)


@pytest.mark.parametrize("src, token", [
    ("prestige += 'a'", "'a'"),
    ('join("blok")', '"blok"'),
    ("prestige = prestgie", "prestgie"),
    ("if chance(50): prestige -= prestgie", "prestgie"),
])
def test_effect_error_offsets(src: str, token: str) -> None:
    err = refused(src, effect=True)
    assert err.offset == src.index(token), (err.offset, err.message)


@pytest.mark.parametrize("src, token, hint", [
    ("prestige = 3", "=", "compare with '=='"),
    ("prestige > 3 && apparatus > 2", "&&", "write 'and' for '&&'"),
    ("prestige > 3 || apparatus > 2", "||", "write 'or' for '||'"),
    ("!flags.x", "!", "write 'not' for '!'"),
    ("prestige >", ">", "it ends after '>': something must follow it"),
    ("prestige > 3 and", "and", "it ends after 'and'"),
    ('role == "a && b" = 1', "= 1", "compare with '=='"),      # what is quoted is text, never the cause
])
def test_syntax_errors_say_what_to_write_instead(src: str, token: str, hint: str) -> None:
    """A syntax error whose cause is plain from the text names it, at the token to change."""
    err = refused(src)
    assert err.message.startswith("invalid syntax: ") and hint in err.message, err.message
    assert err.offset == src.index(token), (err.offset, err.message)


def test_syntax_errors_without_a_plain_cause_say_only_that() -> None:
    assert refused("prestige > > 99").message == "invalid syntax"
    # In an effect a single '=' sets a flag: no hint to compare.
    assert "compare" not in refused("flags.x = = 3", effect=True).message


# -- very large numbers ----------------------------------------------------------------------

def test_nested_powers_are_refused_at_compile() -> None:
    src = "((((((((2 ** 16) ** 16) ** 16) ** 16) ** 16) ** 16) ** 16) ** 16)"
    with pytest.raises(ExpressionError, match="'\\*\\*' cannot be nested"):
        compile_expression(src, S)   # never evaluated: only compiled


# -- property: compiling never fails with anything but ExpressionError -----------------------

_TOKENS = st.sampled_from([
    "prestige", "rel.green", "flags.f", "flags.count", "date", "turn", "role", "1925-01",
    "1924-01-21", "(", ")", "[", "]", "{", "}", '"green"', "'x'", "ally", "chose", "max", "votes",
    "+", "-", "*", "**", "//", "/", "%", "<", ">=", "==", "!=", "and", "or", "not", "if", "else",
    "lambda", ":", ",", ".", "__class__", "16", "10**12", "1e308", "0", "\\", "\n", " ", "'", '"',
    "#", "=", ":=", "+=", 'f"', "\t", "é", "1_0", "0x", "j", "...", "import", "true", "None",
])
_PRINTABLE = st.one_of(
    st.text(alphabet=string.printable, max_size=60),
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=40),
    st.lists(_TOKENS, max_size=14).map("".join),
    st.lists(_TOKENS, max_size=14).map(" ".join),
)


@pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PRINTABLE)
def test_compile_only_ever_raises_expression_error(src: str) -> None:
    for compile_it in (
        lambda: compile_expression(src, S),
        lambda: compile_expression(src, S, want=BOOL, allow_random=True),
        lambda: compile_effect(src, S),
        lambda: compile_template(src, S),
    ):
        try:
            compile_it()
        except ExpressionError as e:
            assert isinstance(e.message, str) and e.message
            assert 0 <= e.offset <= len(src)


def test_flag_types_follow_the_value_assigned() -> None:
    from game.scenario.expressions import BOOL, NUM, effect_flag_writes
    stats = {"prestige"}
    assert effect_flag_writes("flags.a = turn", stats)[0][:2] == ("a", NUM)
    assert effect_flag_writes("flags.b = prestige", stats)[0][:2] == ("b", NUM)
    assert effect_flag_writes("flags.c = rel.x", stats)[0][:2] == ("c", NUM)
    assert effect_flag_writes("flags.d = not flags.e", stats)[0][:2] == ("d", BOOL)
    assert effect_flag_writes("if true: flags.f += 1", stats)[0][:2] == ("f", NUM)


# -- numbers in play stay bounded; faults are plain words ------------------------------------

RANGE = "is out of range (numbers in play stay between -10^12 and 10^12)"


@pytest.mark.parametrize("src, message, token", [
    ("prestige / 0 > 1", "division by zero in 'prestige / 0'", "0 >"),
    ("prestige // (3 - 3)", "division by zero in 'prestige // (3 - 3)'", "3 - 3"),
    ("prestige % (2 * 0)", "division by zero in 'prestige % (2 * 0)'", "2 * 0"),
    ("10 ** 13 > prestige", f"'10 ** 13' {RANGE}", "10 ** 13"),
    ("prestige + 1000000000000 * 2", f"'1000000000000 * 2' {RANGE}", "1000000000000 * 2"),
    ("-1000000000000 - 1", f"'-1000000000000 - 1' {RANGE}", "-1000000000000 - 1"),
])
def test_constant_mistakes_are_found_at_load(src: str, message: str, token: str) -> None:
    err = refused(src)
    assert err.message == message
    assert src[err.offset:].startswith(token)


def test_constants_are_worked_out_at_load() -> None:
    _, f = compile_expression("prestige + (2 * 3 - 1) ** 2", S)
    assert f(FakeWorld()) == 75
    assert value("1000000 * 1000000 + 0") == 10**12


@pytest.mark.parametrize("src, message", [
    ("prestige / (unity - unity)", "division by zero in 'prestige / (unity - unity)'"),
    ("prestige ** 16", f"'prestige ** 16' {RANGE}"),
    ("prestige * 1000000000000", f"'prestige * 1000000000000' {RANGE}"),
    ("-prestige * 1000000000000", f"'-prestige * 1000000000000' {RANGE}"),
    ("prestige / 0.000000000001", f"'prestige / 0.000000000001' {RANGE}"),
    ("(prestige * 1000000000) ** 16 / 3", f"'(prestige * 1000000000) ** 16' {RANGE}"),
])
def test_faults_in_play_are_plain_words(src: str, message: str) -> None:
    _, f = compile_expression(src, S)
    with pytest.raises(ExpressionFault) as exc:
        f(FakeWorld())
    assert exc.value.reason == message


@pytest.mark.parametrize("src, message", [
    ("prestige /= 0", "division by zero in 'prestige /= 0'"),
    ("flags.count += 10 ** 13", f"'10 ** 13' {RANGE}"),
    ('schedule("reckoning", 4)', "'schedule(...)' delay of 4 turns is longer than the whole scenario (3 turns): "
                                 "the event could never happen"),
    ('schedule("reckoning", -1)', "'schedule(...)' needs a whole number of turns from 0, not -1"),
    ('schedule("reckoning", 1.5)', "'schedule(...)' needs a whole number of turns from 0, not 1.5"),
])
def test_effect_mistakes_found_at_load(src: str, message: str) -> None:
    with pytest.raises(ExpressionError) as exc:
        compile_effect(src, Symbols(**{**symbols().__dict__, "turns": 3}))
    assert exc.value.message == message


def test_effects_in_play_stay_in_range() -> None:
    w = FakeWorld()
    compile_effect('schedule("reckoning", 3)', Symbols(**{**symbols().__dict__, "turns": 3}))(w)
    assert w.calls == [("schedule", "reckoning", 3)]
    with pytest.raises(ExpressionFault, match=re.escape("division by zero in 'flags.count //= unity'")):
        compile_effect("flags.count //= unity", S)(w)
    w.flags["count"] = 10**12
    with pytest.raises(ExpressionFault, match=r"'flags.count \+= 1' is out of range"):
        compile_effect("flags.count += 1", S)(w)


_NUMBER_PARTS = st.recursive(
    st.sampled_from(["prestige", "unity", "rel.red", "flags.count", "turn", "0", "1", "7", "0.5",
                     "1000000000000", "0.000001"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, st.sampled_from(["2", "3", "16"])).map(lambda t: f"(-{t[0]}) ** {t[1]}"),
        inner.map(lambda x: f"-{x}"),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_NUMBER_PARTS, st.integers(-10**12, 10**12), st.integers(-10, 10))
def test_arithmetic_gives_a_number_in_range_or_a_plain_fault(src: str, prestige: int, unity: int) -> None:
    """Whatever the formula and the values, it comes to a number within 10^12, or stops in words."""
    try:
        _, f = compile_expression(src, S)
    except ExpressionError as e:
        assert "division by zero" in e.message or RANGE in e.message or "cannot be nested" in e.message
        return
    w = FakeWorld(prestige=prestige, unity=unity)
    w.flags["count"] = -10**12
    try:
        result = f(w)
    except ExpressionFault as e:
        assert e.reason.startswith(("division by zero in '", "'")) and e.reason.isprintable()
        return
    assert -10**12 <= result <= 10**12


@pytest.mark.parametrize(("src", "effect", "reads", "sets", "calls"), [
    ('flags.f and prestige > rel.x and met("opening")', False, {"flag:f", "stat:prestige", "rel:x"}, set(),
     {("met", "opening")}),
    (' chose("opening", "ally") or unlocked("testament")', False, set(), set(),
     {("chose", "opening"), ("unlocked", "testament")}),
    ("flags.count += unity", True, {"stat:unity"}, {"count"}, set()),      # what it changes is set, not read
    ('end("exile")', True, set(), set(), {("end", "exile")}),
])
def test_the_compiler_notes_what_an_expression_names(src: str, effect: bool, reads: set[str], sets: set[str],
                                                     calls: set[tuple[str, str]]) -> None:
    noted: list = []
    if effect:
        compile_effect(src, S, noted)
    else:
        compile_expression(src, S, noted=noted)
    (m,) = noted
    assert (m.text, m.reads, m.sets, m.calls) == (src, reads, sets, calls)
