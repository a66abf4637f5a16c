"""The bundled campaign's history: what the player reads is the game, not research notes,
and what it cites is a stable reference the player can find, or a file the game ships.

The scan reads the scenario's YAML as written, so that it sees every branch of text that
adapts (the passages of `{if ...}` and the strings inside expressions), not only the one a
particular game would show.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import CHAPTER

# Keys whose string values reach the player's screen (anywhere in a scenario file, except
# inside a `sources` list, which is checked by the tests on citations below).
PLAYER_KEYS = frozenset({
    "title", "text", "outcome", "unavailable", "history", "bio", "position", "description",
    "name", "short",
})

# Research notes: the compiler's voice, not the game's. Uncertainty belongs in the game's
# own words ("accounts differ", "by some accounts"); source criticism in the codex's note.
NOTE_PATTERNS = [
    re.compile(r"\bsources?\s*\([a-z]\)", re.I),                 # Source (a), sources (a) and (b)
    re.compile(r"\bthe sources?\s+(say|says|give|gives|differ|disagree|confirm|only|agree)\b", re.I),
    re.compile(r"\bsources\s+(differ|disagree|say|give|conflict)\b", re.I),
    re.compile(r"\b(the\s+)?record\s+(says|states|gives|has|points|shows|notes|marks)\b", re.I),
    re.compile(r"\baccording to the record\b", re.I),
    re.compile(r"⚠"),
    re.compile(r"\[sic\]", re.I),
    re.compile(r"\bUNCONFIRMED\b"),
    re.compile(r"\bCONFLICT\b"),
    re.compile(r"\bnot confirmed in the sources\b", re.I),
]
# "the record" is the game's word for what really happened only in these turns of phrase
# ("Here the game leaves the record: ..."; the journal's "kept to the record").
THE_RECORD = re.compile(r"\bthe record\b", re.I)
RECORD_ALLOWED = re.compile(
    r"\b(leaves?|left|leaving|keeps?\s+to|kept\s+to|keeping\s+to|back\s+to|returns?\s+to|returned\s+to)"
    r"\s+the record\b", re.I)

# Mirrors of other sites, aggregators and tourist pages: never a citation.
DENIED_DOMAINS = (
    "piglix", "worddisk", "qwertyu.wiki", "bibliboba", "askwikinow", "kiwix", "docslib",
    "visit-petersburg", "historycentral", "rin.ru", "famhist", "liquisearch", "wikirouge",
    "stringtranslate", "abcdef.wiki", "xcv.wiki", "wikisum", "peoplepill", "newlib.net",
    "knigochet", "fb2.top", "bookreadfree", "rulit.me", "studmed", "prideseotools",
    "thatvanadium", "250x.com", "taktfuld", "ria24", "historysnacks", "getrevising",
    "cyberussr", "dailymotion", "thefreedictionary", "encyclopedia2.", "wikiwand",
    "everybodywiki", "dbpedia", "wiki2.org", "infogalactic", "en.m.wikipedia.org.",
)
BARE_IP = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
SOURCE_FIELDS = ("title", "author", "editor", "in", "publisher", "archive", "url", "file")


def research_notes(text: str) -> list[str]:
    """The research notes in one piece of player-facing text (empty when there are none)."""
    found = [m.group(0) for pat in NOTE_PATTERNS for m in pat.finditer(text)]
    stripped = RECORD_ALLOWED.sub("", text)
    found += [m.group(0) for m in THE_RECORD.finditer(stripped)]
    return found


def bad_source(source: dict) -> list[str]:
    """What is wrong with one entry of a scenario's `sources` list (empty when nothing is)."""
    problems = []
    for field in SOURCE_FIELDS:
        value = str(source.get(field, "") or "")
        low = value.lower()
        problems += [f"{field} names {d!r}" for d in DENIED_DOMAINS if d in low]
        if BARE_IP.search(value):
            problems.append(f"{field} holds a bare IP address")
    return problems


def missing_file(source: dict, folder: Path) -> str | None:
    """The `file:` a source names, when the scenario's folder does not ship it."""
    name = source.get("file")
    if not name:
        return None
    path = (folder / str(name)).resolve()
    inside = folder.resolve() in path.parents
    return None if inside and path.is_file() else str(name)


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def _player_strings(node, where: str, out: list[tuple[str, str]]) -> None:
    """Every player-facing string under `node`, with where it was found."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources":
                continue
            here = f"{where}.{key}"
            if isinstance(node.get("id"), str):
                here = f"{where}[{node['id']}].{key}"
            if key in PLAYER_KEYS and isinstance(value, str):
                out.append((here, value))
            else:
                _player_strings(value, here, out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _player_strings(item, f"{where}[{i}]", out)


def _citation_sections(node, where: str, out: list[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list) and where != "":
                for c in value:
                    if isinstance(c, dict) and "section" in c:
                        out.append((f"{where}.sources[{c.get('source')}]", str(c["section"])))
            else:
                here = f"{where}[{node['id']}]" if isinstance(node.get("id"), str) else where
                _citation_sections(value, f"{here}.{key}", out)
    elif isinstance(node, list):
        for item in node:
            _citation_sections(item, where, out)


@pytest.fixture(scope="module")
def documents() -> dict[str, object]:
    return {str(p.relative_to(CHAPTER)): yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in _yaml_files(CHAPTER)}


@pytest.fixture(scope="module")
def manifest_sources(documents) -> list[dict]:
    return list(documents["scenario.yaml"]["sources"])


# --- the checks themselves can fail ---------------------------------------------------------

@pytest.mark.parametrize("bad", [
    "As Source (a) has it, the 15th Congress expelled him.",
    "source (b)'s 'comradeship' is too simple",
    "The plenum sat on 21 or 22 May (the sources differ).",
    "a candidate, which the sources only partly confirm",
    "Sources differ on the day.",
    "The record says he was absent.",
    "Frunze took the army ⚠ on the 25th.",
    "the Executive Committee [sic]",
    "The date is UNCONFIRMED.",
    "which the record points to",
])
def test_the_scan_finds_a_research_note(bad):
    assert research_notes(bad)


@pytest.mark.parametrize("good", [
    "Here the game leaves the record: in fact Trotsky did not attend.",
    "You kept to the record.",
    "On 21 or 22 May; accounts differ on the day.",
    "By some accounts a \"seven\" began meeting about this time.",
    "He kept a record of the conversation.",
])
def test_the_scan_lets_the_games_own_voice_pass(good):
    assert research_notes(good) == []


@pytest.mark.parametrize("bad", [
    {"id": "x", "title": "Wikipedia, \"Leon Trotsky\"", "url": "http://piglix.com/piglix/Leo_Trotsky"},
    {"id": "x", "title": "TIME, 1926", "url": "http://20.210.105.67/txt/time/Time1926/722813.html"},
    {"id": "x", "title": "Bazhanov memoir (famhist.ru)"},
    {"id": "x", "title": "Lenin Dies", "url": "https://www.historycentral.com/Europe/LeninDies.html"},
])
def test_the_source_check_refuses_a_mirror_or_a_bare_address(bad):
    assert bad_source(bad)


def test_the_source_check_passes_a_stable_reference():
    assert bad_source({"id": "carr", "title": "Socialism in One Country, 1924-1926, vol. 2",
                       "author": "E. H. Carr", "publisher": "Macmillan", "year": 1959}) == []


def test_the_file_check_refuses_a_file_the_game_does_not_ship(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "here.md").write_text("x")
    assert missing_file({"id": "a", "title": "A", "file": "notes/here.md"}, tmp_path) is None
    assert missing_file({"id": "b", "title": "B", "file": "history/record.md"}, tmp_path)
    assert missing_file({"id": "c", "title": "C", "file": "../outside.md"}, tmp_path)


# --- the bundled scenario -------------------------------------------------------------------

def test_no_research_notes_in_player_facing_text(documents):
    strings: list[tuple[str, str]] = []
    for name, doc in documents.items():
        _player_strings(doc, name, strings)
    assert len(strings) > 500                      # the scan reaches the text
    offenders = [f"{where}: {note!r}" for where, text in strings for note in research_notes(text)]
    assert offenders == []


def test_citations_name_no_research_notes(documents):
    sections: list[tuple[str, str]] = []
    for name, doc in documents.items():
        _citation_sections(doc, name, sections)
    assert sections
    offenders = [f"{where}: {text!r}" for where, text in sections
                 if any(p.search(text) for p in NOTE_PATTERNS)]
    assert offenders == []


def test_no_source_names_a_mirror_a_tourist_page_or_a_bare_address(manifest_sources):
    offenders = {s["id"]: bad_source(s) for s in manifest_sources if bad_source(s)}
    assert offenders == {}


def test_every_file_source_is_shipped_in_the_scenario_folder(manifest_sources):
    files = [s for s in manifest_sources if s.get("file")]
    assert files                                   # the chronology, at least
    offenders = [missing_file(s, CHAPTER) for s in files if missing_file(s, CHAPTER)]
    assert offenders == []


def test_the_chronology_the_game_cites_as_record_is_shipped_with_its_sections(manifest_sources):
    record = next(s for s in manifest_sources if s["id"] == "record")
    text = (CHAPTER / record["file"]).read_text(encoding="utf-8")
    for heading in ("## Conventions", "### 0.1", "### 0.5", "### 1.1", "### 1.2", "### 1.3",
                    "### 1.4", "### 1.5", "### 1.6", "### 1.7", "### 2.1", "### 2.2", "## 3.",
                    "## 4.", "### 4.1", "### 4.6", "## 5."):
        assert heading in text, heading
    assert "⚠" not in text and "http" not in text


def test_every_entry_has_sources(chapter):
    missing = [f"event {e.id}" for e in chapter.events.values() if not e.sources]
    missing += [f"ending {e.id}" for e in chapter.endings.values() if not e.sources]
    missing += [f"codex {e.id}" for e in chapter.codex.values() if not e.sources]
    missing += [f"timeline {e.id}" for e in chapter.timeline if not e.sources]
    assert missing == []
    cited = {ref.source for group in (chapter.events.values(), chapter.endings.values(),
                                      chapter.codex.values(), chapter.timeline)
             for entry in group for ref in entry.sources}
    assert cited <= set(chapter.sources)
