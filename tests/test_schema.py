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
