"""The published JSON Schemas and the loader agree on a corpus of good and bad files.

Agreement means: whatever the schema refuses, the loader refuses too (an editor never passes a
file that the game would not load for a reason the schema could see), and whatever the loader
accepts, the schema accepts (an editor never flags a file the game loads). The loader may refuse
more: references, expressions and dates are beyond any schema.

The corpus: the real scenarios; every file of the bad-input fixtures; and, for every field of
every kind of object, files of the mini scenario broken in that one field in the ways its kind can
be broken (a value of the wrong type, out of range, not one of the options, a required field left
out, a key no object has).
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import pytest
import yaml

from game.engine.fields import Kind, Spec, declared, word
from game.engine.model import MAX_CHOICES, Scenario, SourceRef
from game.scenario import check_scenario
from game.scenario.schema import content_schema, manifest_schema
from game.scenario.yamlsource import read_yaml_file
from tests.conftest import CHAPTER, FIXTURES, MINI, ROOT
from tests.test_schema import plain

MANIFEST = jsonschema.Draft202012Validator(manifest_schema())
CONTENT = jsonschema.Draft202012Validator(content_schema())


def schema_accepts(path: Path) -> bool | None:
    """Whether the schema accepts a file; None when it is not YAML the game reads at all."""
    data, diags = read_yaml_file(str(path))
    if diags:
        return None
    return (MANIFEST if path.name == "scenario.yaml" else CONTENT).is_valid(plain(data))


def loader_errors_in(folder: Path, *, warnings: bool = False) -> set[str]:
    """The files of a scenario folder the loader finds an error (or a warning too) in, relative to the folder."""
    _, diags = check_scenario(str(folder))
    out = set()
    for d in diags:
        if d.severity == "error" or warnings:
            out.add(str(Path(d.path).resolve().relative_to(folder.resolve())))
    return out


# -- the real scenarios, and every bad-input fixture ---------------------------------------------

def fixture_folders() -> list[Path]:
    return [CHAPTER, MINI, ROOT / "docs" / "example-scenario",
            *sorted(p for p in (FIXTURES / "bad").iterdir() if (p / "scenario.yaml").exists())]


@pytest.mark.parametrize("folder", fixture_folders(), ids=lambda p: str(p.relative_to(ROOT)))
def test_what_the_schema_refuses_the_loader_refuses(folder: Path):
    """In each file: schema refuses => the loader reports a problem in it (so: loader content => schema content).

    An empty file or section is refused by the schema and warned of by the loader.
    """
    errors = loader_errors_in(folder, warnings=True)
    for path in sorted(folder.rglob("*.yaml")):
        verdict = schema_accepts(path)
        if verdict is False:
            assert str(path.relative_to(folder)) in errors, f"the schema refuses {path}, the loader loads it"


# -- every field of every object, broken in each way its kind can be ------------------------------

class Site(NamedTuple):
    """An object of a model class in the mini scenario: its file and the path to it in the file's data."""

    file: str
    path: tuple[str | int, ...]
    cls: type
    fields: tuple[Any, ...]       # the declarations written there


def sites() -> Iterator[Site]:
    manifest = [d for d in declared(Scenario) if d.spec.kind is not Kind.SECTION]
    sections = [d for d in declared(Scenario) if d.spec.kind is Kind.SECTION]
    yield Site("scenario.yaml", (), Scenario, tuple(manifest))
    yield Site("content.yaml", (), Scenario, tuple(sections))
    docs = {file: load(file) for file in ("scenario.yaml", *CONTENT_FILES)}

    def inside(file: str, path: tuple[str | int, ...], cls: type) -> Iterator[Site]:
        yield Site(file, path, cls, declared(cls))
        for d in declared(cls):
            if d.spec.kind is Kind.OBJECT and d.key in at(docs[file], path):
                yield from inside(file, (*path, d.key), d.spec.item)
            elif d.spec.kind is Kind.OBJECTS and at(docs[file], path).get(d.key):
                yield from inside(file, (*path, d.key, 0), d.spec.item)

    for d in manifest:
        if d.spec.kind is Kind.OBJECTS:
            yield from inside("scenario.yaml", (d.key, 0), d.spec.item)
    for d in sections:
        file = next(f for f in CONTENT_FILES if docs[f].get(d.key))
        yield from inside(file, (d.key, 0), d.spec.item)
    citation = next((("events", n, "sources", k) for n, ev in enumerate(docs["content.yaml"]["events"])
                     for k, s in enumerate(ev.get("sources", [])) if isinstance(s, dict)))
    yield Site("content.yaml", citation, SourceRef, declared(SourceRef))


CONTENT_FILES = ("content.yaml", "politics.yaml")    # the mini scenario's, where its sections are written


def load(file: str) -> Any:
    data, diags = read_yaml_file(str(MINI / file))
    assert not diags
    return plain(data)


def at(doc: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def broken(s: Spec) -> list[tuple[str, Any]]:
    """Values that break a field of this kind, each with a short name."""
    common = [("a mapping", {"x": 1})]
    by_kind: dict[Kind, list[tuple[str, Any]]] = {
        Kind.ID: [("a fraction", 1.5), ("true", True), ("capitals", "Not-An-Id")],
        Kind.TEXT: [("a list", ["a"]), ("true", True)],
        Kind.LABEL: [("a list", ["a"]), ("true", True)],
        Kind.TEMPLATE: [("a list", ["a"]), ("true", True)],
        Kind.INT: [("text", "many"), ("a fraction", 1.5), ("true", True)],
        Kind.NUMBER: [("text", "heavy"), ("true", True)],
        Kind.BOOL: [("text", "yes"), ("a number", 1)],
        Kind.ENUM: [("another word", "nonsense")],
        Kind.DATE: [("a word", "soon"), ("a number", 5), ("a list", [1924])],
        Kind.TURN: [("a word", "fortnight"), ("a list", ["1 month"])],
        Kind.REF: [("a number", 5), ("a list", ["a"])],
        Kind.REFS: [("a list of numbers", [5]), ("a number", 5)],
        Kind.NAMES: [("a number", 5), ("a list of lists", [["a"]])],
        Kind.CONDITION: [("a number", 5), ("a list", ["true"])],
        Kind.FORMULA: [("true", True), ("a list", ["1"])],
        Kind.EFFECTS: [("one line alone", "prestige += 1"), ("a list of numbers", [5])],
        Kind.CITATIONS: [("a number", 5), ("an empty list", []), ("a citation without its source", [{"section": "p. 1"}])],
        Kind.OBJECT: [("text", "x"), ("a list", [])],
        Kind.OBJECTS: [("text", "x")],
        Kind.MAPPING: [("a list", [1])],
        Kind.SECTION: [("text", "x"), ("a list of numbers", [1])],
        Kind.SPREAD: [("another word", "nonsense"), ("a list of words", ["a"]), ("a weight below 0", [-1])],
    }
    out = (common if s.kind is not Kind.MAPPING else []) + by_kind[s.kind]
    if s.kind in (Kind.INT, Kind.NUMBER):
        if s.lo is not None:
            out.append(("below its least", s.lo - 1))
        if s.hi is not None:
            out.append(("above its greatest", s.hi + 1))
    if s.kind is Kind.OBJECTS and s.min_items:
        out.append(("an empty list", []))
    if s.kind is Kind.MAPPING:
        out.append(("a value of the wrong kind", {"red": "much"}))
    return out


class Break(NamedTuple):
    name: str
    site: Site
    key: str
    value: Any          # REMOVE takes the key away

    def apply(self, doc: Any) -> None:
        target = at(doc, self.site.path)
        if self.value is REMOVE:
            del target[self.key]
        else:
            target[self.key] = copy.deepcopy(self.value)


REMOVE = object()


def breaks() -> list[Break]:
    out = []
    for site in sites():
        label = f"{site.file}:{'.'.join(map(str, site.path)) or 'top'} ({word(site.cls)})"
        out.append(Break(f"{label}: unknown key", site, "no_such_key", 1))
        for d in site.fields:
            if d.spec.required:
                out.append(Break(f"{label}: without {d.key}", site, d.key, REMOVE))
            for what, value in broken(d.spec):
                out.append(Break(f"{label}: {d.key} as {what}", site, d.key, value))
        for d in site.fields:
            if d.spec.kind is Kind.OBJECTS and d.spec.max_items == MAX_CHOICES:
                many = [dict(at(load(site.file), site.path)[d.key][0], id=f"c{n}") for n in range(MAX_CHOICES + 1)]
                out.append(Break(f"{label}: {MAX_CHOICES + 1} {d.key}", site, d.key, many))
    return out


BREAKS = breaks()


def test_the_corpus_breaks_every_declared_field():
    """Each kind of object is met, and each of its declared fields is broken at least once."""
    met = {(b.site.cls, b.key) for b in BREAKS}
    for site in sites():
        for d in site.fields:
            assert (site.cls, d.key) in met
    assert {s.cls for s in sites()} >= {d.spec.item for d in declared(Scenario) if d.spec.item}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mini") / "mini"
    shutil.copytree(MINI, folder)
    assert loader_errors_in(folder) == set()
    assert all(schema_accepts(p) for p in folder.glob("*.yaml"))
    return folder


@pytest.mark.parametrize("brk", BREAKS, ids=[b.name for b in BREAKS])
def test_a_broken_field_is_refused_by_both(brk: Break, pristine: Path, tmp_path: Path):
    folder = tmp_path / "mini"
    shutil.copytree(pristine, folder)
    doc = load(brk.site.file)
    brk.apply(doc)
    (folder / brk.site.file).write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    assert schema_accepts(folder / brk.site.file) is False, "the schema accepts it"
    assert brk.site.file in loader_errors_in(folder), "the loader accepts it"
