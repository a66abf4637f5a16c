"""What a choice changed, as plain data, and how to say it.

The engine records each change as a short list of a kind and ids or numbers (JSON as it
stands, and still meaningful if a later version of the scenario renames things); faces
word them with `describe` only when a player is shown them.
"""

from __future__ import annotations

from typing import Any

from game.engine.model import Scenario

# kind -> (how to say it, what each field after the kind is)
WORDING: dict[str, tuple[str, tuple[str, ...]]] = {
    "stat": ("{0} {1:+d} (now {2})", ("stat", "number", "number")),
    "rel": ("{0}: relationship {1:+d} (now {2})", ("character", "number", "number")),
    "tie": ("{0} and {1}: {2:+d} (now {3})", ("character", "character", "number", "number")),
    "vote": ("{1} votes on '{0}': {2}, {3} to {4}, {5} abstaining",
             ("vote", "body", "result", "number", "number", "number", "ballot")),
    "formed": ("{0} forms: {1}", ("faction", "characters")),
    "joined": ("{1} joins {0}", ("faction", "character")),
    "left": ("{1} leaves {0}", ("faction", "character")),
    "broke": ("{0} has broken up", ("faction",)),
    "appointed": ("{0} becomes {1}", ("character", "office")),
    "removed": ("{0} is no longer {1}", ("character", "office")),
    "died": ("{0} dies", ("character",)),
    "codex": ("New in the codex: {0}", ("entry",)),
}
KINDS = set(WORDING)
RESULTS = ("carried", "lost")
SIDES = ("for", "against", "abstain")


def valid_change(change: Any) -> bool:
    """A recorded change of a known kind with fields of the right types (as a save must hold)."""
    if not isinstance(change, list) or not change or not isinstance(change[0], str) or change[0] not in KINDS:
        return False
    fields = WORDING[change[0]][1]
    if len(change) != len(fields) + 1:
        return False
    for field, value in zip(fields, change[1:]):
        if field == "number":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif field == "characters":
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif field == "result":
            ok = value in RESULTS
        elif field == "ballot":
            ok = isinstance(value, list) and all(
                isinstance(v, list) and len(v) == 3 and isinstance(v[0], str) and v[1] in SIDES
                and isinstance(v[2], int) and not isinstance(v[2], bool) for v in value)
        else:
            ok = isinstance(value, str)
        if not ok:
            return False
    return True


def describe(scenario: Scenario, change: list[Any]) -> str:
    """One change in words, with the scenario's names (ids where a name is gone)."""
    kind, *args = change
    if kind not in WORDING or len(args) != len(WORDING[kind][1]):
        return " ".join(str(x) for x in change)
    template, fields = WORDING[kind]
    tables = {"stat": scenario.stats, "character": scenario.characters, "faction": scenario.factions,
              "office": scenario.offices, "entry": scenario.codex, "body": scenario.bodies}

    def name(field: str, value: Any) -> Any:
        if field in ("number", "result"):
            return value
        if field == "vote":
            vote = scenario.votes.get(value)
            return vote.motion.strip().rstrip(".") if vote else value
        if field == "ballot":
            return ""
        if field == "characters":
            return ", ".join(sorted(name("character", v) for v in value))
        thing = tables[field].get(value)
        if thing is None:
            return value
        return thing.title if field == "entry" else thing.name

    return template.format(*(name(f, v) for f, v in zip(fields, args)))


def ballot(scenario: Scenario, change: list[Any]) -> list[tuple[str, str, int]]:
    """Who voted how in a recorded vote: (name, for/against/abstain, votes), members before blocs."""
    if not change or change[0] != "vote" or len(change) != 8:
        return []
    out = []
    for who, side, n in change[7]:
        if who in scenario.characters:
            label = scenario.characters[who].name
        elif who in scenario.blocs:
            label = scenario.blocs[who][1].name
        else:
            label = who
        out.append((label, side, n))
    return out
