"""`politburo graph`: a scenario's structure as an outline, DOT and Mermaid, and what nothing reads, sets or reaches."""

from __future__ import annotations

import builtins
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pydot
import pytest

from game.cli import main
from game.scenario import load_scenario, loader, yamlsource
from game.scenario.graph import build_graph, effect_roles, reachable_events
from game.scenario.graph_formats import dot, mermaid, mermaid_label, render, text
from tests.conftest import CHAPTER, ROOT, scenario_files

# pydot's parser calls pyparsing by names pyparsing now calls deprecated.
pytestmark = pytest.mark.filterwarnings("ignore:'[A-Za-z]+' deprecated")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
EXAMPLE = ROOT / "docs" / "example-scenario" / "fourteenth-congress"

# A title with every character that DOT or Mermaid treats specially, and text beyond ASCII.
AWKWARD = 'A "quoted" [bracketed] #1; <b>Ленин</b> — ü & 100% | `tick` \\ {{brace}}'

MANIFEST = """\
id: graph-test
title: Graph test
version: 1
description: Two roles, a follow-up nothing leads to, and an ending always taken first.
start: 1924-01
end: 1924-06
roles:
  - {id: red, name: The Red Player, character: reddy, bio: Red.}
  - {id: blue, name: The Blue Player, character: bluey, bio: Blue.}
sources:
  - {id: notes, title: Test notes}
"""

CONTENT = """\
characters:
  - {id: reddy, name: Red Person}
  - {id: bluey, name: Blue Person}
events:
  - id: opening
    title: 'TITLE'
    earliest: 1924-01
    latest: 1924-01
    sources: [notes]
    text: It begins.
    choices:
      - id: go
        text: Go on.
        effects: [flags.seen = true, flags.orphan = true]
        next: followup
      - id: wait
        text: Wait.
        effects: ['schedule("later", 2)']
  - id: followup
    title: The Follow-up
    follow_up: true
    sources: [notes]
    text: "{if flags.seen: You saw it.|else: You did not.}"
    choices:
      - {id: ok, text: OK.}
  - id: later
    title: Later
    follow_up: true
    sources: [notes]
    text: Later.
    choices:
      - {id: ok, text: OK.}
  - id: lost
    title: Lost
    follow_up: true
    sources: [notes]
    text: Nothing leads here.
    choices:
      - {id: ok, text: OK., effects: [flags.secret = true]}
  - id: needs_secret
    title: Needs the Secret
    earliest: 1924-03
    latest: 1924-04
    condition: flags.secret and turn > 1
    sources: [notes]
    text: The secret is out.
    choices:
      - {id: ok, text: OK.}
  - id: needs_lost
    title: Needs the Lost
    earliest: 1924-05
    latest: 1924-05
    condition: met("lost")
    sources: [notes]
    text: After the lost.
    choices:
      - {id: ok, text: OK.}
  - id: blue_only
    title: Blue Alone
    earliest: 1924-02
    latest: 1924-02
    roles: [blue]
    sources: [notes]
    text: Only blue.
    choices:
      - {id: mark, text: Mark., effects: [flags.blue_mark = true]}
  - id: reads_mark
    title: The Mark
    earliest: 1924-03
    latest: 1924-03
    sources: [notes]
    text: "{if flags.blue_mark: Marked.|else: Unmarked.}"
    choices:
      - {id: ok, text: OK.}
endings:
  - {id: always, title: Always, priority: 10, kind: historical, text: The end., history: It ended., sources: [notes]}
  - {id: shadowed, title: Shadowed, condition: flags.seen, kind: counterfactual, text: Never., history: Never.,
     sources: [notes]}
"""


def yaml_single_quoted(value: str) -> str:
    return value.replace("'", "''")


@pytest.fixture
def hand(tmp_path: Path) -> Path:
    """A small scenario with one of each problem the graph names, and a title that is hard to quote."""
    return scenario_files(tmp_path, "graph-test", MANIFEST, CONTENT.replace("TITLE", yaml_single_quoted(AWKWARD)))


def graph_of(path: Path, role: str | None = None):
    return build_graph(load_scenario(str(path)), role)


def problems(g) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in g.problems:
        out.setdefault(p.kind, []).append(p.message)
    return out


# -- what the graph holds --------------------------------------------------------------------------

def test_follow_ups_flags_and_endings_are_linked(hand):
    g = graph_of(hand)
    links = {(ln.source, ln.target, ln.kind): ln.label for ln in g.links}
    assert links[("event:opening", "event:followup", "next")] == "go"
    assert links[("event:opening", "event:later", "schedule")] == "wait"
    assert links[("event:opening", "flag:seen", "sets")] == "go"
    assert ("flag:seen", "event:followup", "reads") in links       # read in a {if ...} passage of its text
    assert ("flag:seen", "ending:shadowed", "reads") in links      # an ending's condition
    assert ("event:lost", "event:needs_lost", "needs") in links    # met("lost")
    assert [e.id for e in g.events][:4] == ["opening", "followup", "later", "lost"]   # by date, follow-ups after


def test_problems_of_a_hand_made_scenario_are_each_named(hand):
    found = problems(graph_of(hand))
    assert found["unread flag"] == ["flag 'orphan' is set (by 'opening') but nothing reads it"]
    assert found["unset flag"] == ["flag 'secret', which event 'needs_secret' reads, is set only by events nothing "
                                   "can reach ('lost')"]
    assert found["unreachable event"] == [
        "nothing can reach event 'lost': it is a follow-up and no choice leads to it by 'next' or 'schedule'",
        "nothing can reach event 'needs_secret': flag 'secret' is set only by events nothing can reach ('lost'), "
        "and its condition needs it ('flags.secret')",
        "nothing can reach event 'needs_lost': its condition needs event 'lost', which nothing can reach "
        "('met(\"lost\")')",
    ]
    assert found["unreachable ending"] == [
        "nothing can reach ending 'shadowed': ending 'always' has no condition and the game tries it first "
        "(priority 10 against 0), and no effect ends the game with it"]


def test_an_event_reached_once_its_follow_up_is_led_to_is_no_longer_a_problem(tmp_path):
    content = CONTENT.replace("TITLE", "Opening").replace("effects: ['schedule(\"later\", 2)']",
                                                          "effects: ['schedule(\"later\", 2)', 'schedule(\"lost\")']")
    g = graph_of(scenario_files(tmp_path, "graph-test", MANIFEST, content))
    found = problems(g)
    assert "unset flag" not in found
    assert "unreachable event" not in found


def test_a_condition_that_holds_with_the_flag_at_its_default_is_not_called_unreachable(tmp_path):
    content = CONTENT.replace("TITLE", "Opening").replace("condition: flags.secret and turn > 1",
                                                          "condition: not flags.secret")
    found = problems(graph_of(scenario_files(tmp_path, "graph-test", MANIFEST, content)))
    assert not any("needs_secret" in m for m in found["unreachable event"])


@pytest.mark.parametrize(("condition", "never"), [
    ("date >= 1924-05 and flags.seen", "'date >= 1924-05'"),
    ("turn > 4", "'turn > 4'"),
    ("date >= 1924-02-15 or turn == 1", None),      # one part of a top-level 'or' alone proves nothing
    ("date >= 1924-03", None),                      # the window's last turn
])
def test_a_condition_on_the_date_or_turn_that_fails_in_every_turn_of_the_window(tmp_path, condition, never):
    content = CONTENT.replace("TITLE", "Opening").replace("condition: flags.secret and turn > 1",
                                                          f"condition: {condition}").replace(
        "earliest: 1924-03\n    latest: 1924-04", "earliest: 1924-02\n    latest: 1924-03")
    found = [m for m in problems(graph_of(scenario_files(tmp_path, "graph-test", MANIFEST, content)))["unreachable event"]
             if "needs_secret" in m]
    if never is None:
        assert found == []
    else:
        assert found == [f"nothing can reach event 'needs_secret': its condition never holds in the turns of its "
                         f"window (1924-02 to 1924-03): {never}"]


def test_an_ending_an_effect_names_is_reached_though_another_comes_first(tmp_path):
    content = CONTENT.replace("TITLE", "Opening").replace("{id: ok, text: OK.}\n  - id: later",
                                                          "{id: ok, text: OK., effects: ['end(\"shadowed\")']}\n  - id: later")
    found = problems(graph_of(scenario_files(tmp_path, "graph-test", MANIFEST, content)))
    assert "unreachable ending" not in found


def test_a_condition_on_an_event_of_another_role_is_named_so(tmp_path):
    content = CONTENT.replace("TITLE", "Opening").replace('condition: met("lost")', 'condition: chose("blue_only", "mark")')
    folder = scenario_files(tmp_path, "graph-test", MANIFEST, content)
    (red,) = [m for m in problems(graph_of(folder, "red"))["unreachable event"] if "needs_lost" in m]
    assert red == ("nothing can reach event 'needs_lost': its condition needs choice 'blue_only.mark', which role 'red' "
                   "never meets ('chose(\"blue_only\", \"mark\")')")
    assert not any("needs_lost" in m for m in problems(graph_of(folder))["unreachable event"])    # blue makes it


def test_one_role_sees_only_what_it_meets(hand):
    red, blue = graph_of(hand, "red"), graph_of(hand, "blue")
    assert "blue_only" not in {e.id for e in red.events}
    assert "blue_only" in {e.id for e in blue.events}
    assert "blue_mark" not in problems(graph_of(hand)).get("unset flag", [""])[0]
    assert "nothing role 'red' meets sets flag 'blue_mark', which event 'reads_mark' reads: it stays false" \
        in problems(red)["unset flag"]
    assert not any("blue_mark" in m for m in problems(blue).get("unset flag", []))


def test_the_bundled_scenario_reaches_every_event_and_ending_and_sets_every_flag_it_reads(chapter):
    g = build_graph(chapter)
    found = problems(g)
    assert set(found) <= {"unread flag"}        # flags it sets for nothing, said as such; nothing else
    assert len(g.events) == len(chapter.events) and len(g.endings) == len(chapter.endings)
    for role in chapter.roles:
        assert not problems(build_graph(chapter, role)).get("unreachable event")


def test_from_a_later_chapter_only_the_events_its_state_and_its_windows_allow_are_reachable(chapter):
    """From January 1929 a Trotsky can capitulate only in the late summer (t29_inside_offer), so the
    penitent's scenes of the spring cannot come, nor those that need months after his return; the
    1928 scenes have closed; from the start all of them can."""
    great_turn = chapter.find_chapter("great_turn")
    later = reachable_events(chapter, "trotsky", great_turn)
    assert {"tp_road_back", "tp_control_commission", "tp_birthday", "t29_inside_offer"} <= later
    assert not {"tp_lyova", "tp_notes_summons", "tp_denounce_exiles"} & later        # a flag set too late
    assert not {"tp_bulletin", "tp_readmission", "tp_the_post"} & later               # months after it
    assert not {"t28_carried_out", "tp_not_on_the_train"} & later                     # windows closed
    assert {"tp_lyova", "tp_readmission", "tp_not_on_the_train"} <= reachable_events(chapter, "trotsky")
    # The state written at earlier chapters counts too: Trotsky's expulsion of 1927 (the_turn's).
    assert "trotsky_expelled" not in great_turn.flags
    assert "z29_trotsky_deported" in reachable_events(chapter, "zinoviev", great_turn)


def test_the_example_scenario_reaches_every_event_and_ending():
    found = problems(graph_of(EXAMPLE))
    assert "unreachable event" not in found and "unreachable ending" not in found and "unset flag" not in found


def test_the_graph_reads_no_file_once_the_scenario_has_loaded(hand, monkeypatch):
    scenario = load_scenario(str(hand))
    before = {fmt: render(build_graph(scenario, role), fmt) for fmt in ("text", "dot", "mermaid") for role in (None, "red")}

    def refuse(*args, **kwargs):
        raise AssertionError(f"the graph read a file: {args[:1]}")
    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(yamlsource, "read_yaml_file", refuse)
    monkeypatch.setattr(loader, "find_files", refuse)
    after = {fmt: render(build_graph(scenario, role), fmt) for fmt in ("text", "dot", "mermaid") for role in (None, "red")}
    assert after == before


def test_the_compiler_notes_what_each_expression_names_and_each_effect_does(hand):
    s = load_scenario(str(hand))
    go = [s.mentions[("choice", "opening", "go", "effect", i)] for i in range(2)]
    assert [m.sets for m in go] == [frozenset({"seen"}), frozenset({"orphan"})]
    assert s.effect_targets("schedule") == {"later"}
    assert s.effect_targets("schedule", {("opening", "go")}) == set()
    assert ("met", "lost") in s.mentions[("event", "needs_lost", "condition")].calls
    assert any("flag:seen" in m.reads for site, m in s.mentions.items() if site[:3] == ("event", "followup", "text"))


# -- the outline -----------------------------------------------------------------------------------

def test_the_outline_goes_by_month_and_ends_with_the_problems(hand):
    out = text(graph_of(hand))
    lines = out.splitlines()
    assert lines[0] == "Graph test (graph-test): 1924-01 to 1924-06, turns of 1 month, every role"
    months = [line for line in lines if re.fullmatch(r"[A-Z][a-z]+ 1924", line)]
    assert months == ["January 1924", "February 1924", "March 1924", "May 1924"]
    assert "      sets flags: orphan (go), seen (go)" in lines
    assert "      leads to (next): followup (go)" in lines
    assert "      schedules: later (wait)" in lines
    assert "      1924-03 to 1924-04, every role" in lines
    assert "      if: flags.secret and turn > 1" in lines
    assert lines.index("Endings") < lines.index("Problems")
    assert lines[-1].startswith("  - nothing can reach ending 'shadowed'")


# -- DOT -------------------------------------------------------------------------------------------

def dot_nodes(graph: pydot.Dot) -> dict[str, pydot.Node]:
    out = {n.get_name(): n for n in graph.get_nodes()}
    for sub in graph.get_subgraphs():
        out.update(dot_nodes(sub))
    return out


@pytest.mark.parametrize("which", ["hand", "chapter", "example"])
def test_dot_is_read_by_a_real_parser_with_the_nodes_and_edges_expected(which, hand):
    path = {"hand": hand, "chapter": CHAPTER, "example": EXAMPLE}[which]
    g = graph_of(path)
    (parsed,) = pydot.graph_from_dot_data(dot(g))
    nodes = dot_nodes(parsed)
    for e in g.events:
        assert f'"event:{e.id}"' in nodes
    for n in g.endings:
        assert f'"ending:{n.id}"' in nodes
    edges = {(e.get_source(), e.get_destination()) for e in parsed.get_edges() if e.get("style") != "invis"}
    assert len(edges) == len({(ln.source, ln.target) for ln in g.links})
    clusters = [sub.get_label() for sub in parsed.get_subgraphs()]
    months = [c for c in clusters if c != '"Endings"']
    assert months == sorted(set(months), key=lambda c: (c.split()[-1], MONTHS.index(c.split()[0][1:])))
    for ln in g.links:
        assert (f'"{ln.source}"', f'"{ln.target}"') in edges
    for p in g.problems:
        assert nodes[f'"{p.node}"'].get("color") == "red"


def test_dot_keeps_an_awkward_title_whole(hand):
    (parsed,) = pydot.graph_from_dot_data(dot(graph_of(hand)))
    label = dot_nodes(parsed)['"event:opening"'].get("label")
    unquoted = label[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    assert unquoted.split("\\n")[1] == AWKWARD


def test_dot_lists_the_problems_in_comments(hand):
    out = dot(graph_of(hand))
    assert "  // problem: flag 'orphan' is set (by 'opening') but nothing reads it" in out.splitlines()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("which", ["hand", "chapter"])
def test_graphviz_renders_it(which, hand):
    path = {"hand": hand, "chapter": CHAPTER}[which]
    proc = subprocess.run(["dot", "-Tsvg"], input=dot(graph_of(path)), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "<svg" in proc.stdout and "syntax error" not in proc.stderr


# -- Mermaid ---------------------------------------------------------------------------------------

# The flowchart subset `graph --format mermaid` writes, from Mermaid's flowchart grammar: every line is
# one statement, ids are letters, digits and underscores, every label is in quotes with no quote inside.
ID = r"[A-Za-z0-9_]+"
LABEL = r'"[^"]*"'
SHAPES = [r"\(" + LABEL + r"\)", r"\[\[" + LABEL + r"\]\]", r"\(\[" + LABEL + r"\]\)", r"\{\{" + LABEL + r"\}\}"]
STATEMENTS = {
    "node": re.compile(rf"(?P<id>{ID})(?:{'|'.join(SHAPES)})"),
    "edge": re.compile(rf"(?P<a>{ID}) (?:-->|-\.->|==>)\|{LABEL}\| (?P<b>{ID})"),
    "subgraph": re.compile(rf"subgraph (?P<id>{ID}) \[{LABEL}\]"),
    "end": re.compile(r"end"),
    "classDef": re.compile(rf"classDef {ID} [a-z-]+:[#\w]+(?:,[a-z-]+:[#\w]+)*"),
    "class": re.compile(rf"class (?P<ids>{ID}(?:,{ID})*) {ID}"),
    "comment": re.compile(r"%% [^\n]*"),
}
RESERVED = {"end", "subgraph", "graph", "flowchart", "class", "classDef", "style", "click", "direction"}


def check_mermaid(source: str) -> list[str]:
    """Check every line against the subset; returns the labels, decoded, in order."""
    lines = source.splitlines()
    assert lines[0] == "flowchart TD"
    defined: set[str] = set()
    used: set[str] = set()
    depth = 0
    labels = []
    for line in lines[1:]:
        body = line.strip()
        kinds = [k for k, rx in STATEMENTS.items() if rx.fullmatch(body)]
        assert len(kinds) == 1, f"not one statement of the subset: {line!r}"
        m = STATEMENTS[kinds[0]].fullmatch(body)
        kind = kinds[0]
        if kind == "subgraph":
            depth += 1
        elif kind == "end":
            depth -= 1
            assert depth >= 0, "an 'end' without its subgraph"
        elif kind == "node":
            assert m["id"] not in RESERVED
            defined.add(m["id"])
        elif kind == "edge":
            used.update((m["a"], m["b"]))
        elif kind == "class":
            used.update(m["ids"].split(","))
        if kind != "comment":
            for label in re.findall(LABEL, body):
                inner = label[1:-1]
                for piece in re.split(r"#(?:quot|\d+);|<br/>", inner):
                    assert not set(piece) & set('"#;<>&%|`\\'), f"a character Mermaid reads specially: {label}"
                labels.append(html.unescape(re.sub(r"#(\d+);", r"&#\1;", inner.replace("#quot;", "&quot;"))
                                            .replace("<br/>", "\n")))
    assert depth == 0, "a subgraph is not closed"
    assert used <= defined, f"used but never defined: {used - defined}"
    return labels


@pytest.mark.parametrize("which", ["hand", "chapter", "example"])
def test_mermaid_is_every_line_a_statement_of_the_flowchart_subset(which, hand):
    path = {"hand": hand, "chapter": CHAPTER, "example": EXAMPLE}[which]
    g = graph_of(path)
    labels = check_mermaid(mermaid(g))
    for e in g.events:
        assert any(label.startswith(e.id + "\n") for label in labels)


def test_mermaid_keeps_an_awkward_title_whole_and_valid(hand):
    out = mermaid(graph_of(hand))
    labels = check_mermaid(out)
    assert f"opening\n{AWKWARD}\n1924-01, every role" in labels
    assert "Ленин" in out                      # text beyond ASCII stays as it is, in quotes
    assert mermaid_label('say "no"; #1 <b>') == '"say #quot;no#quot;#59; #35;1 #60;b#62;"'


def test_mermaid_styles_the_problems(hand):
    out = mermaid(graph_of(hand)).splitlines()
    (styled,) = [line for line in out if line.startswith("  class ")]
    assert set(styled.split()[1].split(",")) == {"e_lost", "e_needs_secret", "e_needs_lost", "n_shadowed",
                                                 "f_orphan", "f_secret"}
    assert "  %% problem: flag 'orphan' is set (by 'opening') but nothing reads it" in out


def test_the_checker_refuses_what_mermaid_would_misread():
    with pytest.raises(AssertionError):
        check_mermaid('flowchart TD\n  a("say "no"")\n')
    with pytest.raises(AssertionError):
        check_mermaid('flowchart TD\n  a("#1")\n')
    with pytest.raises(AssertionError):
        check_mermaid('flowchart TD\n  a("x") --> b("y")\n')
    with pytest.raises(AssertionError):
        check_mermaid('flowchart TD\n  subgraph y ["y"]\n')


# -- the command ------------------------------------------------------------------------------------

def test_the_command_prints_each_format(hand, capsys):
    g = graph_of(hand)
    for fmt in ("text", "dot", "mermaid"):
        assert main(["graph", str(hand), "--format", fmt]) == 0
        assert capsys.readouterr().out == render(g, fmt)


def test_the_command_limits_to_a_role(hand, capsys):
    assert main(["graph", str(hand), "--role", "red"]) == 0
    out = capsys.readouterr().out
    assert "every role" not in out.splitlines()[0] and "role red (The Red Player)" in out.splitlines()[0]
    assert "blue_only" not in out
    assert main(["graph", str(hand), "--role", "green"]) == 2
    assert "no role 'green' (roles: red, blue)" in capsys.readouterr().err


def test_the_command_writes_a_file(hand, tmp_path, capsys):
    target = tmp_path / "story.mmd"
    assert main(["graph", str(hand), "--format", "mermaid", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8") == mermaid(graph_of(hand))
    assert main(["graph", str(hand), "--output", str(tmp_path / "no" / "such" / "folder.txt")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"politburo: cannot write {tmp_path / 'no' / 'such' / 'folder.txt'}: ")


def test_an_invalid_scenario_says_why_and_exits_1_without_a_traceback(tmp_path):
    folder = scenario_files(tmp_path, "broken", MANIFEST, CONTENT.replace("TITLE", "Opening").replace(
        "condition: met(\"lost\")", "condition: met(\"lots\")"))
    proc = subprocess.run([sys.executable, "-m", "game", "graph", str(folder)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 1
    assert "content.yaml:" in proc.stderr and "unknown event 'lots'" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_a_scenario_is_found_by_its_id(capsys):
    assert main(["graph", "succession-1924"]) == 0
    assert capsys.readouterr().out.startswith("The Succession, 1924-1929 (succession-1924)")


def test_the_guide_shows_the_outline_graph_prints():
    guide = (ROOT / "docs" / "scenario-guide.md").read_text()
    section = guide[guide.index("## Seeing the structure: `graph`"):]
    shown = re.search(r"```\n(The Fourteenth Congress, 1925 \(fourteenth-congress\).*?)```", section, re.S)
    assert shown, "the guide's sample of graph's outline"
    assert shown.group(1) == text(graph_of(EXAMPLE, "zinoviev"))


def test_a_flag_only_another_roles_events_set_is_named_as_such(tmp_path):
    """An ending of one role that needs a flag only another role's events set: the message says that this role
    never meets what sets it, and names what does, rather than that nothing sets it."""
    content = CONTENT.replace("TITLE", "Opening").replace(
        "endings:\n",
        "endings:\n  - {id: red_marked, title: Marked, roles: [red], condition: flags.blue_mark, priority: 20,\n"
        "     kind: counterfactual, text: Marked., history: Never., sources: [notes]}\n")
    found = problems(graph_of(scenario_files(tmp_path, "graph-test", MANIFEST, content)))
    (message,) = [m for m in found["unreachable ending"] if "red_marked" in m]
    assert "nothing role 'red' meets sets flag 'blue_mark' (only 'blue_only', which it never meets)" in message, message
    assert "nothing sets flag" not in message


def test_an_effect_whose_if_tests_the_role_sets_its_flag_in_those_roles_games_alone(tmp_path):
    """'if role == "blue": flags.x = true' in an event both roles meet: red's graph does not count it as setting
    the flag, so an ending of red's that needs the flag is found unreachable, and the flag is not said to be set."""
    content = CONTENT.replace("TITLE", "Opening").replace(
        "effects: [flags.seen = true, flags.orphan = true]",
        "effects: [flags.seen = true, flags.orphan = true, 'if role == \"blue\": flags.blue_sign = true']").replace(
        "endings:\n",
        "endings:\n  - {id: signed, title: Signed, condition: flags.blue_sign, priority: 20,\n"
        "     kind: counterfactual, text: Signed., history: Never., sources: [notes]}\n")
    path = scenario_files(tmp_path, "graph-test", MANIFEST, content)
    red, blue = graph_of(path, "red"), graph_of(path, "blue")
    (message,) = [m for m in problems(red)["unreachable ending"] if "signed" in m]
    assert "nothing role 'red' meets sets flag 'blue_sign'" in message, message
    assert "blue_sign" not in red.flags or not red.flags["blue_sign"][0]
    assert not [m for m in problems(blue).get("unreachable ending", []) if "'signed'" in m]
    assert blue.flags["blue_sign"][0] == ["event:opening"]


@pytest.mark.parametrize("text, roles", [
    ('if role == "blue": flags.x = true', {"blue"}),
    ('if role == "blue" or role == "green": flags.x = true', {"blue", "green"}),
    ('if role != "blue" and flags.y: flags.x = true', {"red", "green"}),
    ('if flags.y: flags.x = true', None),
    ("flags.x = true", None),
    ('if role == "blue":\n  flags.x = true', {"blue"}),
])
def test_the_roles_an_effect_line_acts_for(text, roles):
    found = effect_roles(text, {"red", "blue", "green"})
    assert (None if found is None else set(found)) == roles


@pytest.mark.parametrize("trigger, condition, said", [
    ("end", "date >= 1925-01", "its condition never holds at the last turn (1924-06): 'date >= 1925-01'"),
    ("anytime", "turn > 9", "its condition never holds in any turn: 'turn > 9'"),
])
def test_an_ending_whose_date_or_turn_never_holds_when_it_is_tried_is_unreachable(tmp_path, trigger, condition, said):
    """An ending is tried at the last turn (or, trigger anytime, in every turn): a part of its condition that reads
    only the date or the turn and fails then is named, as it is for an event outside its window."""
    content = CONTENT.replace("TITLE", "Opening").replace(
        "endings:\n",
        f"endings:\n  - {{id: too_late, title: Too Late, condition: '{condition}', trigger: {trigger}, priority: 20,\n"
        "     kind: counterfactual, text: Late., history: Never., sources: [notes]}\n")
    found = problems(graph_of(scenario_files(tmp_path, "graph-test", MANIFEST, content)))
    (message,) = [m for m in found["unreachable ending"] if "too_late" in m]
    assert said in message, message


def test_a_follow_up_the_chooser_never_meets_is_named(tmp_path):
    """`next` to an event of another role: in play the follow-up never comes, and the graph says so, for the role
    and for the whole scenario alike."""
    followup = "  - id: followup\n    title: The Follow-up\n"
    go = "      - id: go\n        text: Go on.\n"
    content = CONTENT.replace("TITLE", "Opening").replace(followup, followup + "    roles: [blue]\n").replace(
        go, go + "        roles: [red]\n")
    folder = scenario_files(tmp_path, "graph-test", MANIFEST, content)
    for role in (None, "red"):
        found = problems(graph_of(folder, role)).get("dead follow-up", [])
        assert found == ["choice 'opening.go' leads to event 'followup' (next), which role 'red' never meets: "
                         "the follow-up never comes"], (role, found)
    assert "dead follow-up" not in problems(graph_of(folder, "blue"))       # blue is never offered the choice
