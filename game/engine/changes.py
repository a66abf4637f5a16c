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
        if field == "body" and kind == "vote" and (vote := scenario.votes.get(args[0])) is not None and vote.hall:
            return vote.hall        # a conference counted by the congress's delegations is named as the conference
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

    values = [name(f, v) for f, v in zip(fields, args)]
    if kind in ("joined", "left"):       # the faction's name comes after the character's
        values[0] = in_sentence(values[0])
    return template.format(*values)


ALLIANCE = ("formed", "joined", "left", "broke")


def describe_all(scenario: Scenario, changes: list[list[Any]]) -> list[tuple[list[Any], str]]:
    """Each change in words, as `describe` says it, but a faction's changes in one outcome said together:
    "The Right forms: A, B, C, D" for a faction formed and joined, "The majority has broken up: A and B
    leave it" for one left and broken up, "A and B join the bloc". Each with the change it stands for (the
    first, where it says several), in the order of the first of each."""
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(changes):
        if c and c[0] in ALLIANCE and valid_change(c):
            groups.setdefault(c[1], []).append(i)
    out: list[tuple[list[Any], str]] = []
    said: set[int] = set()
    for i, change in enumerate(changes):
        if i in said:
            continue
        group = groups.get(change[1], []) if change and change[0] in ALLIANCE and valid_change(change) else []
        merged = _together(scenario, [changes[j] for j in group]) if len(group) > 1 else None
        if merged is None:
            out.append((change, describe(scenario, change)))
            continue
        said.update(group)
        if merged:          # "" when they came to nothing: a member joined and was put out again
            out.append((change, merged))
    return out


def _together(scenario: Scenario, changes: list[list[Any]]) -> str | None:
    """One faction's alliance changes in one outcome said at once, or None where they do not go together."""
    kinds = {c[0] for c in changes}
    faction_id = changes[0][1]
    faction = scenario.factions.get(faction_id)
    name = faction.name if faction else faction_id

    def who(ids: list[str]) -> str:
        names = [scenario.characters[c].name if c in scenario.characters else c for c in ids]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    def each(kind: str) -> list[str]:
        return [c[2] for c in changes if c[0] == kind]

    # A member who came and went in the same outcome (joined, then put out again as the faction no longer held
    # together) is not in it before or after: neither is said.
    came = {x for c in changes if c[0] == "formed" for x in c[2]} | set(each("joined"))
    both = came & set(each("left"))
    if both:
        changes = [c for c in ([c[0], c[1], [x for x in c[2] if x not in both]] if c[0] == "formed" else c for c in changes)
                   if not (c[0] in ("joined", "left") and c[2] in both)]
        kinds = {c[0] for c in changes}
        if len(changes) <= 1:
            return describe(scenario, changes[0]) if changes else ""
    formed = [c for c in changes if c[0] == "formed"]
    if kinds == {"formed", "joined"} and len(formed) == 1:     # said as if it had formed with them all
        return describe(scenario, ["formed", faction_id, sorted({*formed[0][2], *each("joined")})])
    if kinds == {"left", "broke"}:
        left = each("left")
        return f"{name} has broken up: {who(left)} {'leaves' if len(left) == 1 else 'leave'} it"
    if kinds == {"joined"}:
        return f"{who(each('joined'))} join {in_sentence(name)}"
    if kinds == {"left"}:
        return f"{who(each('left'))} leave {in_sentence(name)}"
    return None


def in_sentence(name: str) -> str:
    """A name as it reads after the start of a sentence: "the Right", not "The Right"."""
    head, _, rest = name.partition(" ")
    return f"{head.lower()} {rest}" if head in ("The", "A", "An") and rest else name


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
