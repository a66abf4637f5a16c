"""The writer's format: who is offered a choice, effect blocks, and works cited as a writer has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.errors import ScenarioRuntimeError
from game.engine.game import Game
from game.scenario import check_scenario, load_scenario
from tests.conftest import scenario_files

MANIFEST = """\
id: format-test
title: Format test
version: 1
description: Two roles and a shared event.
start: 1924-01
end: 1924-03
roles:
  - {id: trotsky, name: Leon Trotsky, character: trotsky, bio: War Commissar.}
  - {id: stalin, name: Joseph Stalin, character: stalin, bio: General Secretary.}
sources:
  - {id: notes, title: Test notes}
  - id: deutscher
    title: "The Prophet Unarmed: Trotsky 1921-1929"
    author: Isaac Deutscher
    publisher: Oxford University Press
    year: 1959
"""

CONTENT = """\
stats:
  - {id: prestige, name: Prestige, default: 50}
offices:
  - {id: pb, name: Member of the Politburo}
bodies:
  - {id: politburo, name: Politburo, members: pb}
characters:
  - {id: trotsky, name: Leon Trotsky, offices: [{office: pb}]}
  - {id: stalin, name: Joseph Stalin, offices: [{office: pb}]}
  - {id: zinoviev, name: Grigory Zinoviev, offices: [{office: pb}]}
events:
  - id: shared
    title: A Shared Hour
    earliest: 1924-01
    latest: 1924-01
    priority: 5
    sources: [{source: deutscher, section: ch. 3}]
    text: Both men wait.
    choices:
      - id: purge
        text: Purge the lists.
        condition: 'role == "stalin" and majority("politburo")'
        unavailable: You have no majority in the Politburo.
      - id: speak
        text: Speak to the army.
        roles: [trotsky]
      - id: secret
        text: Open the sealed letter.
        shown: "prestige > 60"
      - id: wait
        text: Wait.
        condition: 'role == "stalin" or role == "trotsky"'
  - id: gamble
    title: A Gamble
    earliest: 1924-02
    latest: 1924-02
    sources: [notes]
    text: The dice.
    choices:
      - id: throw
        text: Throw.
        effects:
          - if: chance(50)
            then:
              - prestige += 10
              - flags.won = true
            else:
              - prestige -= 10
              - if: prestige < 35
                then: [flags.ruined = true]
      - id: fail
        text: Fail.
        effects:
          - if: "true"
            then:
              - prestige += 1
              - "prestige = prestige / (prestige - prestige)"
endings:
  - {id: done, title: Done, kind: historical, text: The end., history: It ended., sources: [notes]}
"""


def write(tmp_path: Path, content: str = CONTENT, manifest: str = MANIFEST) -> Path:
    return scenario_files(tmp_path, "format-test", manifest, content)


@pytest.fixture
def scenario(tmp_path: Path):
    return load_scenario(str(write(tmp_path)))


def shown(g: Game) -> dict[str, bool]:
    view = g.current()
    assert view is not None
    return {c.id: c.available for c in view.choices}


# -- who is offered a choice ----------------------------------------------------------------

def test_a_choice_limited_to_a_role_by_its_condition_is_hidden_from_the_other(scenario):
    g = Game.new(scenario, "trotsky", 0)
    assert g.current().id == "shared"
    assert shown(g) == {"speak": True, "wait": True}        # not 'purge', not even greyed out


def test_the_role_it_is_for_sees_it_greyed_with_its_reason(scenario):
    g = Game.new(scenario, "stalin", 0)
    view = g.current()
    purge = next(c for c in view.choices if c.id == "purge")
    assert not purge.available and purge.reason == "You have no majority in the Politburo."
    assert "speak" not in shown(g)


def test_shown_hides_a_choice_until_it_holds(scenario):
    g = Game.new(scenario, "trotsky", 0)
    assert "secret" not in shown(g)
    g.stats["prestige"] = 70
    g._available = None
    assert shown(g)["secret"] is True


def test_a_hidden_choice_cannot_be_chosen(scenario):
    g = Game.new(scenario, "trotsky", 0)
    with pytest.raises(Exception, match="not available"):
        g.choose("purge")


def test_no_stuck_warning_when_role_conditions_cover_every_role(tmp_path):
    content = CONTENT.replace("""      - id: wait
        text: Wait.
        condition: 'role == "stalin" or role == "trotsky"'
""", "")
    content = content.replace("""        roles: [trotsky]
""", """        condition: 'role == "trotsky"'
""").replace("""        shown: "prestige > 60"
""", """        condition: 'role == "stalin"'
""")
    _, diags = check_scenario(str(write(tmp_path, content)))
    assert [str(d) for d in diags] == []


def test_the_stuck_warning_names_the_role_left_without_an_open_choice(tmp_path):
    content = CONTENT.replace("""        condition: 'role == "stalin" or role == "trotsky"'
""", """        condition: 'role == "trotsky"'
""")
    _, diags = check_scenario(str(write(tmp_path, content)))
    assert [d.severity for d in diags] == ["warning"]
    assert "every choice of event 'shared' offered to role 'stalin' has a condition" in diags[0].message


def test_an_event_that_offers_a_role_nothing_is_an_error(tmp_path):
    content = CONTENT.replace("""      - id: fail
        text: Fail.
""", """      - id: fail
        text: Fail.
        roles: [stalin]
""").replace("""      - id: throw
        text: Throw.
""", """      - id: throw
        text: Throw.
        roles: [stalin]
""")
    _, diags = check_scenario(str(write(tmp_path, content)))
    assert any(d.severity == "error" and "event 'gamble' offers role 'trotsky' no choice" in d.message
               for d in diags), [str(d) for d in diags]


# -- effect blocks --------------------------------------------------------------------------

def play_gamble(scenario, seed: int) -> Game:
    g = Game.new(scenario, "trotsky", seed)
    g.choose("wait")
    assert g.current().id == "gamble"
    g.choose("throw")
    return g


def test_an_effect_block_rolls_once_for_all_its_effects(scenario):
    results = set()
    for seed in range(40):
        g = play_gamble(scenario, seed)
        results.add((g.stats["prestige"], g.flags["won"], g.flags["ruined"]))
    # Either every effect of 'then' ran or every effect of 'else' did: one roll decided the block.
    assert results == {(60, True, False), (40, False, False)}


def test_a_block_inside_else_runs_on_the_values_the_first_branch_left(scenario):
    lost = 0
    for seed in range(40):
        g = Game.new(scenario, "trotsky", seed)
        g.choose("wait")
        g.stats["prestige"] = 40
        g.choose("throw")
        if not g.flags["won"]:
            assert g.stats["prestige"] == 30 and g.flags["ruined"] is True
            lost += 1
    assert 0 < lost < 40


def test_a_failing_step_of_a_block_is_reported_where_it_was_written(scenario, tmp_path):
    g = Game.new(scenario, "trotsky", 0)
    g.choose("wait")
    with pytest.raises(ScenarioRuntimeError) as err:
        g.choose("fail")
    message = str(err.value)
    lines = CONTENT.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "prestige / (prestige - prestige)" in text)
    assert f"content.yaml:{line}:" in message
    assert "effect 'prestige = prestige / (prestige - prestige)' of choice 'gamble.fail'" in message
    assert "division by zero" in message


@pytest.mark.parametrize(("block", "expected"), [
    ("{if: chance(50)}", "an effect block needs 'then'"),
    ("{then: [prestige += 1]}", "an effect block needs 'if'"),
    ("{if: chance(50), then: [prestige += 1], elif: x}", "unknown key 'elif' in an effect block (write the next "
                                                         "test as a block inside 'else')"),
    ("{if: prestige + 1, then: [prestige += 1]}", "is number, but true/false is needed here"),
    ("{if: chance(50), then: []}", "'then' must be a list of at least one effect"),
])
def test_a_malformed_block_is_a_clear_error(tmp_path, block, expected):
    content = CONTENT.replace("""          - if: "true"
            then:
              - prestige += 1
              - "prestige = prestige / (prestige - prestige)"
""", f"          - {block}\n")
    _, diags = check_scenario(str(write(tmp_path, content)))
    assert any(expected in d.message for d in diags), [str(d) for d in diags]


def test_flags_set_inside_a_block_are_known_to_conditions(scenario):
    assert scenario.flags["won"] is False and scenario.flags["ruined"] is False


# -- sources --------------------------------------------------------------------------------

def test_a_book_is_cited_as_a_reader_cites_it(scenario):
    ref = scenario.events["shared"].sources[0]
    assert ref.label(scenario.sources) == ("Isaac Deutscher, The Prophet Unarmed: Trotsky 1921-1929 "
                                          "(Oxford University Press, 1959), ch. 3")
    assert scenario.sources["deutscher"].sort == "book"
    assert scenario.sources["notes"].sort == "work"


@pytest.mark.parametrize(("source", "expected"), [
    ("{id: carr, title: Socialism in One Country, kind: book}", "source 'carr' is a book: give its 'author' or 'editor'"),
    ("{id: essay, title: On the Left, kind: article, author: A. Writer}", "source 'essay' is an article: give its 'in'"),
    ("{id: rgaspi, title: Politburo protocols, kind: archive}", "source 'rgaspi' is an archive: give its 'archive'"),
    ("{id: page, title: A page, url: www.example.org}", "'url' must be an address starting http:// or https://"),
    ("{id: far, title: Elsewhere, file: ../../history/record.md}", "'file' names a document in the scenario's folder"),
    ("{id: gone, title: Minutes, kind: document, file: docs/minutes.txt}", "the scenario ships no file 'docs/minutes.txt'"),
])
def test_a_source_missing_what_its_kind_needs_is_an_error(tmp_path, source, expected):
    _, diags = check_scenario(str(write(tmp_path, manifest=MANIFEST + f"  - {source}\n")))
    assert any(d.severity == "error" and expected in d.message for d in diags), [str(d) for d in diags]


def test_a_shipped_document_and_the_other_kinds_load(tmp_path):
    folder = write(tmp_path, manifest=MANIFEST + """\
  - {id: minutes, title: Minutes of the plenum, kind: document, file: docs/minutes.txt}
  - id: kpss
    title: KPSS v rezolyutsiyakh i resheniyakh s"ezdov, konferentsii i plenumov TsK
    kind: collection
    editor: Institute of Marxism-Leninism
    year: 1970
  - {id: rgaspi, title: Politburo protocols, archive: "RGASPI, f. 17, op. 3, d. 500"}
  - {id: essay, title: The Left Opposition, author: A. Writer, in: Soviet Studies, year: 1980}
""")
    (folder / "docs").mkdir()
    (folder / "docs" / "minutes.txt").write_text("Minutes.")
    scenario, diags = check_scenario(str(folder))
    assert [str(d) for d in diags] == []
    assert scenario.sources["rgaspi"].citation() == "Politburo protocols, RGASPI, f. 17, op. 3, d. 500"
    assert scenario.sources["essay"].citation() == "A. Writer, The Left Opposition, in Soviet Studies (1980)"
    assert scenario.sources["kpss"].citation().startswith("Institute of Marxism-Leninism (ed.), KPSS v")
