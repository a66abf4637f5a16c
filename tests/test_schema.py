"""The published JSON Schemas: current, and agreeing with the loader on real files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from game.scenario.schema import content_schema, manifest_schema, render
from game.scenario.yamlsource import read_yaml_file
from tests.conftest import CHAPTER, FIXTURES, MINI, ROOT


def plain(value: Any) -> Any:
    """Located YAML data as an editor sees it (dates stay text in YAML 1.2)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.yaml"))


@pytest.mark.parametrize("which", ["manifest", "content"])
def test_committed_schemas_are_current(which):
    assert (ROOT / "docs" / "schema" / f"{which}.schema.json").read_text() == render(which)


@pytest.mark.parametrize("path", files(CHAPTER) + files(MINI) + files(ROOT / "docs" / "example-scenario"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_real_scenario_files_satisfy_the_schema(path):
    data, diags = read_yaml_file(str(path))
    assert not diags
    schema = manifest_schema() if path.name == "scenario.yaml" else content_schema()
    jsonschema.validate(plain(data), schema)


def test_schema_catches_a_misspelt_key():
    data, _ = read_yaml_file(str(FIXTURES / "bad" / "unknown_key" / "content.yaml"))
    with pytest.raises(jsonschema.ValidationError, match="titel"):
        jsonschema.validate(plain(data), content_schema())


def test_a_field_declaration_is_read_when_first_asked_for_and_refused_at_once_if_misspelt() -> None:
    """`spec` keeps how a field is written until the declarations are read; a word Spec does not know is refused
    where the field is declared, not when a scenario is first checked."""
    import dataclasses

    from game.engine.fields import Kind, Spec, declared, spec
    from game.engine.model import SourceDef
    f = spec(Kind.TEXT, default="", doc="what it is")
    assert not isinstance(f.metadata["yaml"], Spec)
    with pytest.raises(TypeError, match="unexpected keyword argument 'requried'"):
        spec(Kind.TEXT, requried=True)
    title = next(d for d in declared(SourceDef) if d.attr == "title")
    assert title.spec == Spec(Kind.LABEL, required=True) and title.key == "title"
    assert [d.attr for d in declared(SourceDef)] == [
        f.name for f in dataclasses.fields(SourceDef) if "yaml" in f.metadata]
