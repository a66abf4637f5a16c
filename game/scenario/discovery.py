"""Finding scenarios: those that come with the game and any folder the player names."""

from __future__ import annotations

import os
from dataclasses import dataclass

from game.paths import scenarios_folder
from game.scenario.loader import MANIFEST
from game.scenario.yamlsource import YList, YMap, read_yaml_file

DEFAULT_SCENARIO = "succession-1924"


@dataclass(frozen=True)
class ScenarioInfo:
    """What the manifest says, read without loading the whole scenario."""

    id: str
    title: str
    path: str
    roles: tuple[tuple[str, str], ...]   # (id, name)
    description: str = ""


def scenario_dirs(extra: str | None = None) -> list[str]:
    """Where to look: a named folder first, then the scenarios that come with the game."""
    dirs = []
    if extra:
        dirs.append(extra)
    bundled = str(scenarios_folder())
    if bundled not in [os.path.abspath(d) for d in dirs]:
        dirs.append(bundled)
    return dirs


def list_scenarios(extra: str | None = None) -> list[ScenarioInfo]:
    """Every scenario folder found, by id; the first found wins when ids repeat."""
    found: dict[str, ScenarioInfo] = {}
    for base in scenario_dirs(extra):
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            folder = os.path.join(base, name)
            manifest = os.path.join(folder, MANIFEST)
            if not os.path.isfile(manifest):
                continue
            data, _ = read_yaml_file(manifest)
            if not isinstance(data, YMap):
                continue
            sid = data.get("id") if isinstance(data.get("id"), str) else name
            roles = []
            raw_roles = data.get("roles")
            if isinstance(raw_roles, YList):
                for r in raw_roles:
                    if isinstance(r, YMap) and isinstance(r.get("id"), str):
                        roles.append((r["id"], str(r.get("name") or r["id"])))
            if sid not in found:
                description = data.get("description")
                found[sid] = ScenarioInfo(sid, str(data.get("title") or sid), folder, tuple(roles),
                                          description if isinstance(description, str) else "")
    return list(found.values())


def find_scenario(scenario_id: str, extra: str | None = None) -> str | None:
    """The folder of a scenario by id (or by folder name), or None."""
    for info in list_scenarios(extra):
        if info.id == scenario_id or os.path.basename(info.path) == scenario_id:
            return info.path
    return None
