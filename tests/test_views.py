"""What the faces show: standing, the codex search and the path beside the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from game.engine import Game, codex_entries, path_beside_history, record_after, standing
from game.engine.model import Scenario
from game.scenario import check_scenario
from tests.conftest import mini_variant


def test_timeline_is_loaded_in_date_order(mini: Scenario) -> None:
    assert [t.id for t in mini.timeline] == ["year_began", "plenum_met"]
    assert mini.timeline[0].date == date(1924, 1, 1)
    assert mini.timeline[1].sources[0].source == "notes"


def test_timeline_date_outside_the_scenario_is_reported(tmp_path: Path) -> None:
    folder = mini_variant(tmp_path, "late", "date: 1924-02-15", "date: 1931-02-15")
    scenario, diags = check_scenario(str(folder))
    assert scenario is None
    assert [(Path(d.path).name, d.message) for d in diags] == [
        ("content.yaml", "timeline entry 'plenum_met': 'date' (1931-02-15) is outside the scenario "
                         "(1924-01-01 to 1924-03-31)")]


def test_timeline_unknown_source_is_reported(tmp_path: Path) -> None:
    folder = mini_variant(tmp_path, "nosource", "text: The plenum met., sources: [notes]",
                          "text: The plenum met., sources: [nowhere]")
    _, diags = check_scenario(str(folder))
    assert [(d.line, d.col, d.message) for d in diags] == [
        (100, 73, "unknown source 'nowhere' cited by timeline entry 'plenum_met' (sources are listed in scenario.yaml)")]


def test_path_beside_history_pairs_months(mini: Scenario) -> None:
    g = Game.new(mini, "red", seed=3)
    first = g.current()
    assert first is not None
    g.choose(g.available_choices()[0].id)
    rows = path_beside_history(g)
    months = [r.month for r in rows]
    assert months == sorted(months) and len(set(months)) == len(months)
    jan = rows[0]
    assert jan.month == date(1924, 1, 1)
    assert jan.history == ("The year began [quietly].",)
    assert jan.you[0].startswith(first.title + ": ")
    # The game stands in January: February's record comes after it.
    assert months == [date(1924, 1, 1)]
    assert [(r.month, r.history) for r in record_after(g)] == [(date(1924, 2, 1), ("The plenum met.",))]


def test_standing_matches_the_rules(chapter: Scenario) -> None:
    g = Game.new(chapter, "stalin", seed=1)
    st = standing(g)
    assert [s.id for s in st.stats] == list(chapter.stats)
    assert all(s.min <= s.value <= s.max for s in st.stats)
    politburo = next(b for b in st.bodies if b.id == "politburo")
    assert politburo.votes == g.votes("politburo") and politburo.seats == len(g.members("politburo"))
    assert politburo.majority == g.majority("politburo")
    assert set(st.allies) == {chapter.characters[c].name for c in chapter.characters if g.ally(c)}
    assert "General Secretary" in " ".join(st.player_offices) or st.player_offices
    assert len(st.relations) <= 8
    strengths = [abs(r.value) for r in st.relations]
    assert strengths == sorted(strengths, reverse=True)
    assert all(len(a.members) >= 2 for a in st.alliances)


def test_codex_shows_only_unlocked_entries_and_searches_words(mini: Scenario) -> None:
    g = Game.new(mini, "red", seed=1)
    assert [e.id for e in codex_entries(g)] == sorted(g.unlocked & set(mini.codex),
                                                       key=lambda i: mini.codex[i].title.casefold())
    g.unlocked.add("bloc_entry")
    assert [e.id for e in codex_entries(g, "BLOC")] == ["bloc_entry"]
    assert [e.id for e in codex_entries(g, "person green")] == ["green_entry"]
    assert codex_entries(g, "green bloc zzz") == []


def test_an_event_has_at_most_nine_choices(tmp_path: Path) -> None:
    extra = "".join(f"      - {{id: c{n}, text: Choice {n}.}}\n" for n in range(7))
    folder = mini_variant(tmp_path, "ten", "      - id: locked\n", extra + "      - id: locked\n")
    scenario, diags = check_scenario(str(folder))
    assert scenario is None
    assert [(d.line, d.message) for d in diags] == [
        (34, "event 'opening' has 10 choices; at most 9 (players pick them with the keys 1 to 9)")]
