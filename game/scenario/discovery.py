"""Finding scenarios: in the folder named on the command line, the folders `POLITBURO_SCENARIOS` names, the
player's own folder, and those that come with the game, in that order."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from game.paths import listed_scenario_folders, scenarios_folder, user_scenarios_folder
from game.scenario.cache import manifest_summary
from game.scenario.files import MANIFEST
from game.structs import struct

if TYPE_CHECKING:
    from game.scenario.yamlsource import YMap

DEFAULT_SCENARIO = "succession-1924"

# Where a folder of scenarios comes from, as `list`, `where` and the title screen name it.
FROM_OPTION, FROM_VARIABLE, FROM_USER, FROM_GAME = "--scenarios-dir", "POLITBURO_SCENARIOS", "user", "bundled"


@struct(frozen=True)
class ScenarioFolder:
    """A folder and where it comes from (one of the FROM_ words): a folder looked in for scenarios, or a
    scenario's folder not used because a scenario of the same id was found before it."""

    path: str
    origin: str


@struct(frozen=True)
class ChapterInfo:
    """A chapter of a campaign as its manifest names it: where a game may begin, and who plays it."""

    id: str
    title: str
    start: str                       # as written: "1925-02"
    roles: tuple[str, ...]           # the ids of the roles that play it


@struct(frozen=True)
class ScenarioInfo:
    """What the manifest says, read without loading the whole scenario, and where it was found."""

    id: str
    title: str
    path: str
    roles: tuple[tuple[str, str], ...]   # (id, name)
    description: str = ""
    origin: str = FROM_GAME
    shadowed: tuple[ScenarioFolder, ...] = ()  # folders of the same id found after this one, not used
    chapters: tuple[ChapterInfo, ...] = ()      # a campaign's parts, in order


def scenario_folders(extra: str | None = None) -> list[ScenarioFolder]:
    """Where to look, in order: `extra` (--scenarios-dir), POLITBURO_SCENARIOS, the user's folder, the game's own.

    A folder named twice is looked in once, where it comes first; folders that do not exist are kept (`where` shows them).
    """
    candidates = []
    if extra:
        candidates.append(ScenarioFolder(extra, FROM_OPTION))
    candidates += [ScenarioFolder(str(p), FROM_VARIABLE) for p in listed_scenario_folders()]
    candidates.append(ScenarioFolder(str(user_scenarios_folder()), FROM_USER))
    candidates.append(ScenarioFolder(str(scenarios_folder()), FROM_GAME))
    seen: set[str] = set()
    folders = []
    for folder in candidates:
        key = os.path.normcase(os.path.realpath(folder.path))
        if key not in seen:
            seen.add(key)
            folders.append(folder)
    return folders


def _read_info(folder: str, name: str, origin: str) -> ScenarioInfo | None:
    """The manifest of one scenario folder, or None when there is none that can be read."""
    manifest = os.path.join(folder, MANIFEST)
    if not os.path.isfile(manifest):
        return None
    for kept in (True, False):      # a kept summary of the wrong shape is made again from the file
        told = manifest_summary(manifest, summary, kept=kept)
        if told is None:
            return None
        try:
            sid = told["id"] or name
            return ScenarioInfo(sid, told["title"] or sid, folder, tuple((r, n) for r, n in told["roles"]),
                                told["description"], origin,
                                chapters=tuple(ChapterInfo(c, t, s, tuple(r)) for c, t, s, r in told["chapters"]))
        except (KeyError, TypeError, ValueError):
            continue
    return None


def summary(data: YMap) -> dict[str, Any]:
    """What a listing needs of a manifest's data, as JSON (kept beside the checked scenarios: see
    game.scenario.cache.manifest_summary): its id and title (None when it has none), description, roles as [id,
    name] and chapters as [id, title, start, roles]. Its mappings and lists are the YAML reader's (YMap and YList,
    a dict and a list each)."""
    sid = data.get("id") if isinstance(data.get("id"), str) else None
    roles = []
    raw_roles = data.get("roles")
    if isinstance(raw_roles, list):
        for r in raw_roles:
            if isinstance(r, dict) and isinstance(r.get("id"), str):
                roles.append([r["id"], str(r.get("name") or r["id"])])
    title, description = data.get("title"), data.get("description")
    return {"id": sid, "title": str(title) if title else None, "roles": roles,
            "description": description if isinstance(description, str) else "",
            "chapters": _read_chapters(data.get("chapters"), [r for r, _ in roles])}


def _read_chapters(raw: object, every_role: list[str]) -> list[list[Any]]:
    """The chapters a manifest lists, as [id, title, start, roles] (those without an id are left out;
    `validate` names them)."""
    if not isinstance(raw, list):
        return []
    out = []
    for c in raw:
        if not isinstance(c, dict) or not isinstance(c.get("id"), str):
            continue
        roles = c.get("roles")
        plays = [r for r in roles if isinstance(r, str)] if isinstance(roles, list) else every_role
        start = c.get("start")
        out.append([c["id"], str(c.get("title") or c["id"]), "" if start is None else str(start), plays])
    return out


def list_scenarios(extra: str | None = None) -> list[ScenarioInfo]:
    """Every scenario found, by id; when ids repeat, the first found is used and names the others in `shadowed`."""
    found: dict[str, ScenarioInfo] = {}
    hidden: dict[str, list[ScenarioFolder]] = {}
    for base in scenario_folders(extra):
        if not os.path.isdir(base.path):
            continue
        try:
            names = sorted(os.listdir(base.path))
        except OSError:         # a folder the player cannot read holds nothing the game can use
            continue
        for name in names:
            info = _read_info(os.path.join(base.path, name), name, base.origin)
            if info is None:
                continue
            if info.id in found:
                hidden.setdefault(info.id, []).append(ScenarioFolder(info.path, info.origin))
            else:
                found[info.id] = info
    return [replace(i, shadowed=tuple(hidden.get(i.id, ()))) for i in found.values()]


def find_scenario(scenario_id: str, extra: str | None = None) -> str | None:
    """The folder of a scenario by id (or by folder name), or None."""
    for info in list_scenarios(extra):
        if info.id == scenario_id or os.path.basename(info.path) == scenario_id:
            return info.path
    return None
