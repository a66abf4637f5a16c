"""The guide's example scenario stays valid, playable to every ending, true to the record when
played as history, and a showcase of the format; the guide's worked examples are its numbers."""

from __future__ import annotations

import re

from game.engine import Game
from game.engine.fields import Kind, declared, keys
from game.engine.model import Scenario, SourceRef
from game.engine.politics import FOR, standing
from game.scenario import check_scenario, load_scenario
from game.scenario.expressions.language import FUNCTIONS
from game.scenario.yamlsource import read_yaml_file
from game.simulate import simulate
from tests.conftest import ROOT
from tests.test_schema import plain

EXAMPLE = ROOT / "docs" / "example-scenario" / "fourteenth-congress"
HISTORICAL = {"zinoviev": "z_sixty_five", "stalin": "s_opposition_defeated"}


def example() -> Scenario:
    return load_scenario(str(EXAMPLE))


def test_example_validates_without_warnings():
    scenario, diags = check_scenario(str(EXAMPLE))
    assert scenario is not None and [str(d) for d in diags] == []


def test_example_reaches_every_ending():
    scenario = example()
    report = simulate(scenario, runs=400, seed=1)
    assert report.ok and set(report.endings) == set(scenario.endings)


def test_history_played_reaches_the_historical_ending_in_every_seed():
    scenario = example()
    assert {r: scenario.endings[e].kind for r, e in HISTORICAL.items()} == {"zinoviev": "historical", "stalin": "historical"}
    report = simulate(scenario, runs=200, seed=0, policy_name="historical")
    assert report.ok and dict(report.endings) == {"z_sixty_five": 100, "s_opposition_defeated": 100}


def test_history_played_gives_the_records_count():
    """559 to 65, for either role, whatever the seed."""
    scenario = example()
    for role in HISTORICAL:
        for seed in range(20):
            g = Game.new(scenario, role, seed)
            while not g.ended:
                event = scenario.events[g.current().id]
                open_ids = [c.id for c in g.available_choices()]
                marked = [c.id for c in event.choices if c.historical and c.id in open_ids]
                g.choose(marked[0] if marked else open_ids[0])
            assert g.results["congress_line"] == {"passed": True, "for": 559, "against": 65, "abstain": 0, "turn": 3}
            assert g.ending_id == HISTORICAL[role] and g.departures() == []


def test_the_historical_choice_is_not_always_in_the_same_place():
    scenario = example()
    places = [(i, len(ev.choices)) for ev in scenario.events.values() for i, c in enumerate(ev.choices) if c.historical]
    assert len(places) >= 4
    assert any(i == 0 for i, _ in places) and any(i > 0 for i, _ in places)
    assert any(i < n - 1 for i, n in places) and any(i == n - 1 for i, n in places)
    for name in ("first", "last"):
        report = simulate(scenario, runs=40, seed=0, policy_name=name)
        assert dict(report.endings) != {"z_sixty_five": 20, "s_opposition_defeated": 20}, name


def test_votes_play_differently_from_random():
    """A Zinoviev who builds support carries the congress far more often than one who chooses
    blindly (the guide's "Do the politics matter?")."""
    scenario = example()
    wins = {}
    for name in ("random", "votes"):
        report = simulate(scenario, runs=200, seed=1, role="zinoviev", policy_name=name)
        assert report.ok
        wins[name] = report.endings["z_leningrad_wins"] / 200
    assert 0 < wins["random"] < 0.15 and wins["votes"] > 0.4


def test_the_guides_worked_example():
    """The numbers of "How a vote is counted" in docs/scenario-guide.md."""
    scenario = example()
    z = Game.new(scenario, "zinoviev", 0)
    stances = {s.who: (s.stance, s.odds) for s in z.whip_count("congress_line").stands}
    assert stances == {"leningrad": (-100, 0.0), "delegations": (23, 1.0)}
    politburo = {s.who: (s.stance, s.odds) for s in standing(z, "politburo").stands}
    assert politburo["kamenev"] == (100, 1.0) and politburo["trotsky"] == (-10, 0.25)
    assert politburo["bukharin"] == (-20, 0.0)
    assert z.votes("politburo") == 2 and z.votes("congress") == 65 and not z.majority("congress")
    z.stats.update(standing=60, machine=47)
    z.chosen.add(("z_delegate_lists", "contest_the_lists"))
    stances = {s.who: (s.stance, s.odds) for s in z.whip_count("congress_line").stands}
    assert stances["delegations"] == (-12, 0.2) and z.whip("congress_line") == 112
    z.hold("congress_line")
    assert z.results["congress_line"] == {"passed": False, "for": 112, "against": 512, "abstain": 0, "turn": 1}
    s = Game.new(scenario, "stalin", 0)
    assert {x.who: x.stance for x in s.whip_count("congress_line").stands}["delegations"] == 25
    assert standing(s, "politburo").firm(FOR) == 4 and s.majority("politburo")


def test_a_separate_peace_breaks_kamenev_from_the_opposition():
    scenario = example()
    g = Game.new(scenario, "stalin", 0)
    assert g.factions["new_opposition"] == {"zinoviev", "kamenev", "sokolnikov"}
    out = g.choose("offer_kamenev_a_peace")
    assert ["left", "new_opposition", "kamenev"] in out.changes
    assert g.factions["new_opposition"] == {"zinoviev", "sokolnikov"}
    assert out.text.startswith("Kamenev takes your hand")
    while not g.ended:                        # his declaration at the congress no longer comes
        assert g.current().id != "s_kamenev_declares"
        g.choose(g.available_choices()[0].id)


def fields_written(data, cls, out: set[str]) -> None:
    """Each field of the model that `data` (an object of `cls`) writes, as "Class.key", following
    nested objects, citations and effect blocks."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        d = keys(cls).get(key)
        if d is None:
            continue
        out.add(f"{cls.__name__}.{key}")
        kind, item = d.spec.kind, d.spec.item
        if kind is Kind.OBJECT:
            fields_written(value, item, out)
        elif kind in (Kind.OBJECTS, Kind.SECTION) and isinstance(value, list):
            for v in value:
                fields_written(v, item, out)
        elif kind is Kind.CITATIONS and isinstance(value, list):
            for v in value:
                fields_written(v, SourceRef, out)
        elif kind is Kind.EFFECTS:
            effect_blocks_written(value, out)


def effect_blocks_written(effects, out: set[str]) -> None:
    for e in effects if isinstance(effects, list) else ():
        if isinstance(e, dict):
            out.update(f"effect block.{k}" for k in e)
            for k in ("then", "else"):
                effect_blocks_written(e.get(k), out)


def every_field() -> set[str]:
    """Every field a scenario file can write, found from the manifest's declarations down."""
    found: set[str] = {"effect block.if", "effect block.then", "effect block.else"}
    todo, seen = [Scenario], set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for d in declared(cls):
            found.add(f"{cls.__name__}.{d.key}")
            if d.spec.item is not None:
                todo.append(d.spec.item)
            if d.spec.kind is Kind.CITATIONS:
                todo.append(SourceRef)
    return found


def example_files():
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        data, diags = read_yaml_file(str(path))
        assert not diags
        yield path, plain(data)


def test_the_example_writes_every_field_of_the_format():
    """The example claims to use every part of the format: every field of every object, every
    key of an effect block."""
    written: set[str] = set()
    for path, data in example_files():
        if path.name == "scenario.yaml":
            fields_written({k: v for k, v in data.items() if keys(Scenario)[k].spec.kind is not Kind.SECTION},
                           Scenario, written)
        for section in set(data) & {d.key for d in declared(Scenario) if d.spec.kind is Kind.SECTION}:
            fields_written({section: data[section]}, Scenario, written)
    assert every_field() - written == set()


def test_the_example_uses_every_function_and_every_form_of_text():
    text = "\n".join(path.read_text() for path in EXAMPLE.rglob("*.yaml"))
    unused = {name for name in FUNCTIONS if not re.search(rf"\b{name}\(", text)}
    assert unused == set()
    for form in ("trigger: anytime", "once: false", "next:", "{if ", "| else:", '" + '):
        assert form in text, form
