"""What a choice changed, as plain data, and how to say it.

The engine records each change as a short list of a kind and ids or numbers (JSON as it
stands, and still meaningful if a later version of the scenario renames things); faces
word them with `describe` only when a player is shown them.
"""

from __future__ import annotations

from typing import Any

from game.scenario.model import Scenario

# kind -> the fields after it
KINDS = {
    "stat": ("stat", "delta", "value"),
    "rel": ("character", "delta", "value"),
    "formed": ("faction", "members"),
    "joined": ("faction", "character"),
    "left": ("faction", "character"),
    "broke": ("faction",),
    "appointed": ("character", "office"),
    "removed": ("character", "office"),
    "died": ("character",),
    "codex": ("entry",),
}


def describe(scenario: Scenario, change: list[Any]) -> str:
    """One change in words, with the scenario's names (ids where a name is gone)."""
    kind, *args = change

    def person(c: str) -> str:
        return scenario.characters[c].name if c in scenario.characters else c

    def faction(f: str) -> str:
        return scenario.factions[f].name if f in scenario.factions else f

    def office(o: str) -> str:
        return scenario.offices[o].name if o in scenario.offices else o

    if kind == "stat":
        sid, delta, value = args
        name = scenario.stats[sid].name if sid in scenario.stats else sid
        return f"{name} {delta:+d} (now {value})"
    if kind == "rel":
        c, delta, value = args
        return f"{person(c)}: relationship {delta:+d} (now {value})"
    if kind == "formed":
        f, members = args
        return f"{faction(f)} forms: {', '.join(sorted(person(m) for m in members))}"
    if kind == "joined":
        return f"{person(args[1])} joins {faction(args[0])}"
    if kind == "left":
        return f"{person(args[1])} leaves {faction(args[0])}"
    if kind == "broke":
        return f"{faction(args[0])} has broken up"
    if kind == "appointed":
        return f"{person(args[0])} becomes {office(args[1])}"
    if kind == "removed":
        return f"{person(args[0])} is no longer {office(args[1])}"
    if kind == "died":
        return f"{person(args[0])} dies"
    if kind == "codex":
        entry = args[0]
        return f"New in the codex: {scenario.codex[entry].title if entry in scenario.codex else entry}"
    return " ".join(str(x) for x in change)
