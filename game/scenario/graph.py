"""The structure of a checked scenario at a glance: its events, endings, flags and votes, what leads
to what, and what nothing can reach.

Built from the compiled scenario alone, without reading its files again: the compiler notes, beside
the place of each expression, effect line and placeholder, what it names (Scenario.mentions), and
the conditions as written, which are parsed here (from the parser's cache) to see what each needs.
What is said to be unreachable is proved from the scenario alone: a follow-up that nothing leads to,
a condition that needs a flag nothing reachable sets, an event or vote nothing reachable meets or
holds, an ending that an ending without a condition always comes before.
"""

from __future__ import annotations

import ast
import re
from dataclasses import field
from datetime import date
from typing import Any

from game.engine.agenda import window_turns
from game.engine.chapters import written_flags
from game.engine.model import Chapter, Choice, Ending, Event, Mentions, Scenario
from game.scenario.expressions import BOOL, NUM, ExpressionError, Symbols, compile_expression
from game.scenario.expressions.language import BOOL_NAMES, FUNCTIONS
from game.scenario.expressions.parse import DATE_NAME, parse, role_limits
from game.structs import struct

# Those a condition needs to hold as they stand (a top-level `met("x") and ...`).
_NEEDS_EVENT = ("met", "chose")
_NEEDS_VOTE = ("held", "passed")


def _call_fields() -> dict[str, str]:
    """The field of Uses that a call's first argument goes to, by function: a query of an event or a
    vote reads it (met, chose, since, date_of; held, passed, tally, whip), an effect does it."""
    reads = {"event": "events", "vote": "votes"}
    does = {"event": "schedules", "ending": "ends", "vote": "holds"}
    return {name: found for name, fn in FUNCTIONS.items() if fn.args
            and (found := (reads if fn.returns is not None else does).get(fn.args[0]))}


_CALLS = _call_fields()


@struct
class Uses:
    """What some expressions read, and what some effects do."""

    reads: set[str] = field(default_factory=set)        # flags read
    sets: set[str] = field(default_factory=set)         # flags set
    events: set[str] = field(default_factory=set)       # events read (met, chose, since, date_of)
    votes: set[str] = field(default_factory=set)        # votes read (held, passed, tally, whip)
    schedules: set[str] = field(default_factory=set)    # events scheduled
    ends: set[str] = field(default_factory=set)         # endings an effect ends the game with
    holds: set[str] = field(default_factory=set)        # votes an effect holds

    def add(self, other: Uses) -> None:
        for name in ("reads", "sets", "events", "votes", "schedules", "ends", "holds"):
            getattr(self, name).update(getattr(other, name))

    def note(self, m: Mentions) -> None:
        """Add what the compiler noted of one expression, effect line or placeholder."""
        self.reads.update(r[5:] for r in m.reads if r.startswith("flag:"))
        self.sets.update(m.sets)
        for name, first in m.calls:
            where = _CALLS.get(name)
            if where is not None:
                getattr(self, where).add(first)


_GUARD = re.compile(r"\s*if\s+(.+?):(?=\s|$)", re.DOTALL)


def effect_roles(text: str, roles: set[str]) -> frozenset[str] | None:
    """The roles in whose games an effect line does anything, by the tests of `role` at the top of its
    `if`: 'if role == "trotsky": flags.x = true' sets the flag in Trotsky's games alone. None when its
    `if` does not test the role (or it has none)."""
    guard = _GUARD.match(text)
    return role_limits(guard.group(1), roles)[0] if guard else None


def _owner(site: tuple[Any, ...]) -> tuple[str, ...]:
    """What an expression's site belongs to, for the graph: ("event", id) for its condition, title and
    text; ("choice", event, id) for its conditions, texts and effects; ("role", id) for its aims and
    fears; ("body", id) for its support and its blocs' leanings; ("vote", id) for its leans."""
    kind = site[0]
    if kind == "choice":
        return site[:3]
    if kind == "aim":
        return ("role", site[1])
    if kind == "bloc":
        return ("body", site[1])
    return site[:2]


# ---------------------------------------------------------------------------------------------
# What a condition needs.

def conjuncts(src: Any) -> list[tuple[ast.expr, str]]:
    """The parts of a condition joined by a top-level `and`, each with its text."""
    if not isinstance(src, str) or not src.strip():
        return []
    try:
        tree, _ = parse(src.strip(), "eval")
    except ExpressionError:
        return []
    body = tree.body  # type: ignore[attr-defined]
    parts = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else [body]
    return [(p, ast.get_source_segment(src.strip(), p) or "") for p in parts]     # a masked date keeps its length


def _flag_only(node: ast.expr) -> str | None:
    """The one flag a part of a condition reads when it reads nothing else (constants aside)."""
    flags = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Attribute):
            if not (isinstance(n.value, ast.Name) and n.value.id == "flags"):
                return None
            flags.add(n.attr)
        elif isinstance(n, ast.Name):
            if n.id != "flags" and n.id not in BOOL_NAMES:
                return None
        elif isinstance(n, ast.Call):
            return None
    return flags.pop() if len(flags) == 1 else None


def _least_int(node: ast.expr) -> int | None:
    """The smallest whole number an expression of constants can be (`4`, `(5 if ... else 4)`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.IfExp):
        a, b = _least_int(node.body), _least_int(node.orelse)
        return None if a is None or b is None else min(a, b)
    return None


def _since_at_least(node: ast.expr) -> tuple[tuple[str, ...], int] | None:
    """For `since("x") >= k` or `max(since("x"), since("y")) >= k` (`>`: k + 1): the events one of
    which must have come, and the months after it."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.GtE, ast.Gt))):
        return None
    least = _least_int(node.comparators[0])
    if least is None or least < 0:
        return None
    calls = node.left.args if isinstance(node.left, ast.Call) and isinstance(node.left.func, ast.Name) \
        and node.left.func.id == "max" else [node.left]
    names = []
    for c in calls:
        if not (isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "since" and c.args
                and isinstance(c.args[0], ast.Constant)):
            return None
        names.append(str(c.args[0].value))
    return tuple(names), least + (1 if isinstance(node.ops[0], ast.Gt) else 0)


def _months_after(d: date, months: int) -> date:
    """The first day of the month `months` after `d`'s."""
    n = d.year * 12 + d.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def _clock_only(node: ast.expr) -> bool:
    """Whether a part of a condition reads the date or the turn and nothing else (constants aside)."""
    names = set()
    for n in ast.walk(node):
        if isinstance(n, (ast.Attribute, ast.Call)):
            return False
        if isinstance(n, ast.Name) and n.id not in BOOL_NAMES and not DATE_NAME.match(n.id):
            names.add(n.id)
    return bool(names) and names <= {"date", "turn"}


class _World:
    """Just enough of a game for a condition that reads flags, the date or the turn alone."""

    def __init__(self, flags: dict[str, Any] | None = None, when: date | None = None, turn: int = 0) -> None:
        self.flags = flags or {}
        self.date = when
        self.turn = turn


def holds_in(text: str, world: _World, flags: dict[str, str] | None = None) -> bool | None:
    """Whether a part of a condition holds in `world` (None when it cannot be worked out here)."""
    try:
        _, f = compile_expression(text, Symbols(flags=flags or {}))
        return bool(f(world))
    except Exception:       # not a test this can work out: nothing is claimed
        return None


def holds_with(text: str, flag: str, value: Any) -> bool | None:
    """Whether a part of a condition that reads `flag` alone holds with the flag at `value` (None if unknown)."""
    kind = NUM if isinstance(value, (int, float)) and not isinstance(value, bool) else BOOL
    return holds_in(text, _World({flag: value}), {flag: kind})


# ---------------------------------------------------------------------------------------------
# The graph.

@struct(frozen=True)
class Link:
    """An edge: `source` leads to, sets, holds or is read by `target` (node keys like "event:x")."""

    source: str
    target: str
    kind: str            # next, schedule, sets, reads, holds, set piece, ends, needs
    label: str = ""


@struct(frozen=True)
class Problem:
    """Something in the structure that cannot work as written, said in one line."""

    kind: str            # unread flag, unset flag, unreachable event, unreachable ending, dead follow-up
    node: str            # the node it is about
    message: str


@struct
class Graph:
    """A scenario's story structure, for one role or for all."""

    scenario: Scenario
    role: str | None
    events: list[Event]
    endings: list[Ending]
    uses: dict[str, Uses]                   # node key of an event or ending -> what it reads and does
    conditions: dict[str, str]              # node key -> its condition as written
    flags: dict[str, tuple[list[str], list[str]]]     # flag -> (what sets it, what reads it), by node key
    starts: dict[str, list[str]]            # flag -> the roles that start with it set
    votes: list[str]
    links: list[Link]
    problems: list[Problem]

    def problem_nodes(self) -> set[str]:
        return {p.node for p in self.problems}


def build_graph(scenario: Scenario, role: str | None = None) -> Graph:
    """The structure of `scenario` as `role` can meet it (every role's when None)."""
    return _Builder(scenario, role).build()


def reachable_events(scenario: Scenario, role: str, chapter: Chapter | None = None) -> set[str]:
    """The events `role` can meet, as far as the scenario proves, in a game begun at its start or at
    `chapter`; from a chapter, less those that cannot come in their window because what their condition
    needs (an event met, a choice made, a flag set) cannot happen before the window has closed."""
    b = _Builder(scenario, role)
    found = b.reach(role, chapter).events
    return found if chapter is None else b.in_time(role, chapter, found)


def _shown(value: Any) -> str:
    """A flag's value as scenario files write it."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def _names(ids: Any) -> str:
    return ", ".join(f"'{x}'" for x in sorted(ids))


def _named(keys: Any) -> str:
    """Node keys as messages name them: "event 'a', the aims of role 'b'"."""
    out = []
    for key in sorted(keys):
        kind, ident = key.split(":", 1)
        out.append(f"the aims and fears of role '{ident}'" if kind == "role" else f"{kind} '{ident}'")
    return ", ".join(out)


class _Builder:
    """Works out one graph: what each object reads and does, then what each role can reach."""

    def __init__(self, scenario: Scenario, role: str | None) -> None:
        self.s = scenario
        self.role = role
        self.roles = [role] if role else list(scenario.roles)
        self.owned: dict[tuple[str, ...], Uses] = {}      # what each owner's expressions read and do
        # A choice's effect lines that act in some roles' games only ('if role == "x": ...'), by choice: each
        # line's index and roles; and what each choice's expressions name, place by place, for those choices.
        self.guarded: dict[tuple[str, str], dict[int, frozenset[str]]] = {}
        role_ids = set(scenario.roles)
        for e in scenario.events.values():
            for c in e.choices:
                lines = {i: found for i, effect in enumerate(c.effects)
                         if (found := effect_roles(effect.text, role_ids)) is not None}
                if lines:
                    self.guarded[(e.id, c.id)] = lines
        self.choice_sites: dict[tuple[str, str], list[tuple[tuple[Any, ...], Mentions]]] = {}
        for site, m in scenario.mentions.items():
            owner = _owner(site)
            found = self.owned.get(owner)
            if found is None:
                found = self.owned[owner] = Uses()
            found.note(m)
            if owner[0] == "choice" and owner[1:] in self.guarded:
                self.choice_sites.setdefault(owner[1:], []).append((site, m))  # type: ignore[arg-type]
        self._role_uses: dict[tuple[str, str, str], Uses] = {}
        self.event_uses = {eid: self.owned.get(("event", eid), Uses()) for eid in scenario.events}
        self.choice_uses = {(e.id, c.id): self.owned.get(("choice", e.id, c.id), Uses()) for e in scenario.events.values()
                            for c in e.choices}
        self.ending_uses = {nid: self.owned.get(("ending", nid), Uses()) for nid in scenario.endings}
        self.politics = self.politics_uses()
        self._meets: dict[str, list[Event]] = {}
        self._met_ids: dict[str, set[str]] = {}      # the ids of `meets`, by role
        turns = window_turns(scenario.start, scenario.end, scenario.turn, scenario.start, scenario.end)
        self.turn_of = {d: i + 1 for i, d in enumerate(turns)}      # each turn's first day -> its number

    # -- what each object reads and does ------------------------------------------------------
    def uses(self, eid: str, cid: str, r: str | None) -> Uses:
        """What a choice's expressions read and its effects do, in role `r`'s games (any role's when None): an
        effect line whose `if` tests the role for others does nothing there."""
        guarded = self.guarded.get((eid, cid))
        if r is None or guarded is None or all(r in roles for roles in guarded.values()):
            return self.choice_uses[(eid, cid)]
        key = (eid, cid, r)
        found = self._role_uses.get(key)
        if found is None:
            found = self._role_uses[key] = Uses()
            for site, m in self.choice_sites.get((eid, cid), ()):
                if not (len(site) > 4 and site[3] == "effect" and r not in guarded.get(site[4], (r,))):
                    found.note(m)
        return found

    def role_uses(self, rid: str) -> Uses:
        return self.owned.get(("role", rid), Uses())

    def politics_uses(self) -> dict[str, Uses]:
        """What the bodies' formulas and the votes' leans read, by node key ("body:x", "vote:x")."""
        out = {_key("body", bid): self.owned.get(("body", bid), Uses()) for bid in self.s.bodies}
        out.update((_key("vote", vid), self.owned.get(("vote", vid), Uses())) for vid in self.s.votes)
        return out

    # -- who meets what ----------------------------------------------------------------------
    def condition_of(self, kind: str, ident: str) -> str | None:
        """The condition of an event or ending as written (None where it has none)."""
        m = self.s.mentions.get((kind, ident, "condition"))
        return m.text if m is not None else None

    def meets(self, r: str) -> list[Event]:
        """The events role `r` can meet: by their roles and actor, and their condition's tests of the role."""
        found = self._meets.get(r)
        if found is None:
            found = self._meets[r] = self.find_meets(r)
        return found

    def met_by(self, r: str) -> set[str]:
        found = self._met_ids.get(r)
        if found is None:
            found = self._met_ids[r] = {e.id for e in self.meets(r)}
        return found

    def find_meets(self, r: str) -> list[Event]:
        out = []
        for e in self.s.events_for_role(r):
            limit, _ = role_limits(self.condition_of("event", e.id) or "True", set(self.s.roles))
            if limit is None or r in limit:
                out.append(e)
        return out

    def endings_for(self, r: str) -> list[Ending]:
        """The endings of role `r`, in the order the game tries them."""
        out = []
        for n in sorted(self.s.endings.values(), key=lambda n: -n.priority):
            limit, _ = role_limits(self.condition_of("ending", n.id) or "True", set(self.s.roles))
            if (n.roles is None or r in n.roles) and (limit is None or r in limit):
                out.append(n)
        return out

    @staticmethod
    def offered(e: Event, r: str | None) -> list[Choice]:
        return [c for c in e.choices if r is None or c.roles is None or r in c.roles]

    # -- reachability, for one role ------------------------------------------------------------
    def reach(self, r: str, chapter: Chapter | None = None) -> _Reach:
        """What role `r` can meet in a game begun at the scenario's start, or at `chapter` (from that
        chapter's historical state, with only the events whose window is still open)."""
        st = _Reach(start=self.flags_at(r, chapter))
        events = self.meets(r)
        if chapter is not None:
            events = [e for e in events if e.latest >= chapter.start]
        changed = True
        while changed:
            changed = False
            for e in events:
                if e.id not in st.events and self.event_blocked(e, r, st) is None:
                    st.events.add(e.id)
                    changed = True
                    for c in self.offered(e, r):
                        u = self.uses(e.id, c.id, r)
                        st.choices.add((e.id, c.id))
                        st.sets.update(u.sets)
                        st.holds.update(u.holds)
                        st.ends.update(u.ends)
                        st.leads.update(u.schedules)
                        if c.next:
                            st.leads.add(c.next)
        for e in events:
            if e.id not in st.events:
                st.why[_key("event", e.id)] = self.event_blocked(e, r, st) or "nothing leads to it"
        endings = self.endings_for(r)
        for n in endings:
            reason = None if n.id in st.ends else self.ending_blocked(n, endings, r, st)
            if reason:
                st.why[_key("ending", n.id)] = reason
            else:
                st.endings.add(n.id)
        return st

    def flags_at(self, r: str, chapter: Chapter | None) -> dict[str, Any]:
        """Role `r`'s flags as a game begins: its own, and those of the chapters up to `chapter`."""
        return {**self.s.roles[r].flags, **(written_flags(self.s, r, chapter) if chapter is not None else {})}

    def in_time(self, r: str, chapter: Chapter, events: set[str]) -> set[str]:
        """Of `events` (what role `r` can reach from `chapter`), those whose window can still be open when
        what their condition needs has happened. Each event gets the earliest month it could come: its
        window's first, or later where a part of its condition needs an event met, a choice made or a
        flag set (by one of these events) that cannot come sooner; an event whose earliest month is past
        its window is dropped, and the months worked out again, until nothing changes."""
        start = self.flags_at(r, chapter)
        live = {eid: self.s.events[eid] for eid in events}
        never = date.max
        needs: dict[str, list[tuple[str, str]]] = {}          # event -> what its condition needs, as keys
        for e in live.values():
            need = []
            for node, text in conjuncts(self.condition_of("event", e.id)):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args \
                        and all(isinstance(a, ast.Constant) for a in node.args) and node.func.id in _NEEDS_EVENT:
                    need.append(("event", str(node.args[0].value)))      # type: ignore[attr-defined]
                    continue
                since = _since_at_least(node)
                if since is not None:
                    need.append(("since", since))
                    continue
                flag = _flag_only(node)
                if flag is not None and holds_with(text, flag, start.get(flag, self.s.flags.get(flag, False))) is False:
                    need.append(("flag", flag))
            needs[e.id] = need
        while True:
            first = {eid: max(e.earliest, chapter.start) for eid, e in live.items()}
            for _ in range(len(live) + 1):
                setters: dict[str, date] = {}
                for eid, e in live.items():
                    for c in self.offered(e, r):
                        for flag in self.uses(eid, c.id, r).sets:
                            setters[flag] = min(setters.get(flag, never), first[eid])
                moved = False
                for eid in live:
                    when = first[eid]
                    for kind, x in needs[eid]:
                        if kind == "since":
                            names, months = x
                            met = min((first.get(n, never) for n in names), default=never)
                            when = max(when, never if met == never else _months_after(met, months))
                        else:
                            when = max(when, first.get(x, never) if kind == "event" else setters.get(x, never))
                    if when > first[eid]:
                        first[eid], moved = when, True
                if not moved:
                    break
            late = {eid for eid, e in live.items() if first[eid] > e.latest}
            if not late:
                return set(live)
            for eid in late:
                del live[eid]

    def event_blocked(self, e: Event, r: str, st: _Reach) -> str | None:
        """Why `e` can never come for role `r`, given what can happen so far; None if nothing rules it out."""
        if e.follow_up and e.id not in st.leads:
            leaders = sorted({f.id for f in self.meets(r) for c in self.offered(f, r)
                              if c.next == e.id or e.id in self.uses(f.id, c.id, r).schedules})
            if not leaders:
                return "it is a follow-up and no choice leads to it by 'next' or 'schedule'"
            return f"it is a follow-up and only events nothing can reach lead to it ({_names(leaders)})"
        if not e.follow_up:
            never = self.never_in_window(e)
            if never:
                return never
        return self.condition_blocked("event", e.id, r, st)

    def never_in_window(self, e: Event) -> str | None:
        """Why `e` never comes in its window, when a part of its condition that reads the date or
        the turn alone fails in every turn of it."""
        s = self.s
        turns = window_turns(s.start, s.end, s.turn, e.earliest, e.latest)
        for node, text in conjuncts(self.condition_of("event", e.id)):
            if not _clock_only(node):
                continue
            results = [holds_in(text, _World(when=d, turn=self.turn_of.get(d, 0))) for d in turns]
            if turns and all(x is False for x in results):
                first, last = turns[0].isoformat()[:7], turns[-1].isoformat()[:7]
                span = first if first == last else f"{first} to {last}"
                return f"its condition never holds in the turns of its window ({span}): '{text}'"
        return None

    def ending_blocked(self, n: Ending, endings: list[Ending], r: str, st: _Reach) -> str | None:
        before = endings[:endings.index(n)]
        # At the end the game tries every ending in turn; during play, those of trigger 'anytime'; at a
        # chapter's end, that chapter's.
        last = self.s.chapters[-1].id if self.s.chapters else ""

        def when(x: Ending) -> str:
            return x.chapter if x.chapter and x.chapter != last else ""
        first = next((x for x in before if x.condition is None and (x.trigger == "anytime" or when(x) == when(n))), None)
        first_anytime = next((x for x in before if x.condition is None and x.trigger == "anytime"), None)
        blocker = first if n.trigger == "end" else first_anytime if first else None
        if blocker is not None:
            return (f"ending '{blocker.id}' has no condition and the game tries it first "
                    f"(priority {blocker.priority} against {n.priority}), and no effect ends the game with it")
        blocked = self.never_when_tried(n, when(n)) or self.condition_blocked("ending", n.id, r, st)
        return f"{blocked}, and no effect ends the game with it" if blocked else None

    def never_when_tried(self, n: Ending, chapter: str) -> str | None:
        """Why `n` never comes, when a part of its condition that reads the date or the turn alone fails whenever the
        game tries it: at the scenario's last turn (trigger 'end'), or in every turn (trigger 'anytime'). An ending
        of a chapter's end is left to `simulate`."""
        if chapter:
            return None
        s = self.s
        turns = window_turns(s.start, s.end, s.turn, s.start, s.end)
        tried = turns if n.trigger == "anytime" else turns[-1:]
        for node, text in conjuncts(self.condition_of("ending", n.id)):
            if not _clock_only(node):
                continue
            if tried and all(holds_in(text, _World(when=d, turn=self.turn_of.get(d, 0))) is False for d in tried):
                at = "in any turn" if n.trigger == "anytime" else f"at the last turn ({tried[-1].isoformat()[:7]})"
                return f"its condition never holds {at}: '{text}'"
        return None

    def condition_blocked(self, kind: str, ident: str, r: str, st: _Reach) -> str | None:
        for node, text in conjuncts(self.condition_of(kind, ident)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args \
                    and all(isinstance(a, ast.Constant) for a in node.args):
                name, args = node.func.id, [a.value for a in node.args]
                never = "which role '" + r + "' never meets" if args[0] not in self.met_by(r) else ""
                if name == "met" and args[0] not in st.events:
                    return f"its condition needs event '{args[0]}', {never or 'which nothing can reach'} ('{text}')"
                if name == "chose" and tuple(args[:2]) not in st.choices:
                    return (f"its condition needs choice '{args[0]}.{args[1]}', "
                            f"{never or 'which can never be made'} ('{text}')")
                if name in _NEEDS_VOTE and args[0] not in st.holds:
                    return f"its condition needs vote '{args[0]}' held, and nothing that can happen holds it ('{text}')"
                continue
            flag = _flag_only(node)
            if flag is None or flag in st.sets:
                continue
            value = st.start.get(flag, self.s.flags.get(flag, False))
            if holds_with(text, flag, value) is False:
                setters = self.setters_of(flag, r)
                if not setters:
                    elsewhere = self.setters_of(flag, None)
                    if elsewhere:
                        return (f"nothing role '{r}' meets sets flag '{flag}' (only {_names(elsewhere)}, which it "
                                f"never meets), and its condition needs it ('{text}')")
                    return f"nothing sets flag '{flag}', which its condition needs ('{text}')"
                return (f"flag '{flag}' is set only by events nothing can reach ({_names(setters)}), "
                        f"and its condition needs it ('{text}')")
        return None

    def setters_of(self, flag: str, r: str | None) -> set[str]:
        events = self.meets(r) if r else list(self.s.events.values())
        return {e.id for e in events for c in self.offered(e, r) if flag in self.uses(e.id, c.id, r).sets}

    # -- the whole ----------------------------------------------------------------------------
    def build(self) -> Graph:
        s, r = self.s, self.role
        if r is None:
            events = list(s.events.values())
            endings = list(s.endings.values())
        else:
            events = self.meets(r)
            endings = self.endings_for(r)
        events.sort(key=lambda e: (e.earliest, e.follow_up, e.day or 0, -e.priority, e.id))
        endings.sort(key=lambda n: (-n.priority, n.id))
        uses: dict[str, Uses] = {}
        for e in events:
            u = Uses()
            u.add(self.event_uses[e.id])
            for c in self.offered(e, r):
                u.add(self.uses(e.id, c.id, r))
            uses[_key("event", e.id)] = u
        for n in endings:
            uses[_key("ending", n.id)] = self.ending_uses[n.id]
        conditions = {_key(k, x.id): self.condition_of(k, x.id).strip() for k, xs in (("event", events), ("ending", endings))
                      for x in xs if isinstance(self.condition_of(k, x.id), str)}
        reaches = {rid: self.reach(rid) for rid in self.roles}
        links = self.links(events, endings, uses, r)
        flags, starts = self.flag_table(events, uses, r)
        votes = sorted({ln.target.split(":", 1)[1] for ln in links if ln.target.startswith("vote:")}
                       | {ln.source.split(":", 1)[1] for ln in links if ln.source.startswith("vote:")})
        problems = self.flag_problems(flags, starts, reaches)
        problems += self.reach_problems(events, endings, reaches)
        problems += self.follow_up_problems(events)
        return Graph(s, r, events, endings, uses, conditions, flags, starts, votes, links, problems)

    def follow_up_problems(self, events: list[Event]) -> list[Problem]:
        """A choice's `next` to an event that no role able to make the choice meets: the follow-up never comes."""
        out = []
        for e in events:
            for c in self.offered(e, self.role):
                if not c.next or c.next not in self.s.events:
                    continue
                makers = sorted(({self.role} if self.role else set(e.roles or self.s.roles))
                                & set(c.roles or self.s.roles))
                if makers and not any(c.next in self.met_by(m) for m in makers):
                    who = f"role '{makers[0]}' never meets" if len(makers) == 1 else \
                        f"none of the roles that can make it ({_names(makers)}) meets"
                    out.append(Problem("dead follow-up", _key("event", e.id),
                                       f"choice '{e.id}.{c.id}' leads to event '{c.next}' (next), which {who}: "
                                       f"the follow-up never comes"))
        return out

    def links(self, events: list[Event], endings: list[Ending], uses: dict[str, Uses], r: str | None) -> list[Link]:
        labels: dict[tuple[str, str, str], list[str]] = {}

        def link(source: str, target: str, kind: str, label: str = "") -> None:
            found = labels.setdefault((source, target, kind), [])
            if label and label not in found:
                found.append(label)

        shown = {_key("event", e.id) for e in events} | {_key("ending", n.id) for n in endings}
        for e in events:
            here = _key("event", e.id)
            for c in self.offered(e, r):
                u = self.uses(e.id, c.id, r)
                if c.next and _key("event", c.next) in shown:
                    link(here, _key("event", c.next), "next", c.id)
                for x in sorted(u.schedules):
                    if _key("event", x) in shown:
                        link(here, _key("event", x), "schedule", c.id)
                for f in sorted(u.sets):
                    link(here, _key("flag", f), "sets", c.id)
                for v in sorted(u.holds):
                    link(here, _key("vote", v), "holds", c.id)
                for x in sorted(u.ends):
                    if _key("ending", x) in shown:
                        link(here, _key("ending", x), "ends", c.id)
            if e.vote:
                link(here, _key("vote", e.vote), "set piece")
        for node in sorted(shown):
            u = uses[node]
            for f in sorted(u.reads):
                link(_key("flag", f), node, "reads")
            for v in sorted(u.votes):
                link(_key("vote", v), node, "reads")
            for x in sorted(u.events):
                if _key("event", x) in shown and _key("event", x) != node:
                    link(_key("event", x), node, "needs")
        for node, u in self.politics.items():
            if node.startswith("vote:") and node in self.voted(events, r):
                for f in sorted(u.reads):
                    link(_key("flag", f), node, "reads")
        return [Link(a, b, k, ", ".join(lbl)) for (a, b, k), lbl in labels.items()]

    def voted(self, events: list[Event], r: str | None) -> set[str]:
        """The votes that the events shown hold or stage."""
        out = {_key("vote", e.vote) for e in events if e.vote}
        for e in events:
            for c in self.offered(e, r):
                out.update(_key("vote", v) for v in self.uses(e.id, c.id, r).holds)
        return out

    def flag_table(self, events: list[Event], uses: dict[str, Uses],
                   r: str | None) -> tuple[dict[str, tuple[list[str], list[str]]], dict[str, list[str]]]:
        setters: dict[str, set[str]] = {}
        readers: dict[str, set[str]] = {}
        for e in events:
            for c in self.offered(e, r):
                for f in self.uses(e.id, c.id, r).sets:
                    setters.setdefault(f, set()).add(_key("event", e.id))
        for node, u in uses.items():
            for f in u.reads:
                readers.setdefault(f, set()).add(node)
        voted = self.voted(events, r)
        others = {node: u for node, u in self.politics.items() if not node.startswith("vote:") or node in voted}
        for rid in self.roles:
            others[_key("role", rid)] = self.role_uses(rid)
        for node, u in others.items():
            for f in u.reads:
                readers.setdefault(f, set()).add(node)
        starts: dict[str, list[str]] = {}
        for rid in self.roles:
            for f in self.s.roles[rid].flags:
                starts.setdefault(f, []).append(rid)
        names = sorted(set(setters) | set(readers) | set(starts))
        return {f: (sorted(setters.get(f, ())), sorted(readers.get(f, ()))) for f in names}, starts

    def nothing(self) -> str:
        """`nothing`, or `nothing role 'x' meets` when the graph is one role's."""
        return f"nothing role '{self.role}' meets" if self.role else "nothing"

    def flag_problems(self, flags: dict[str, tuple[list[str], list[str]]], starts: dict[str, list[str]],
                      reaches: dict[str, _Reach]) -> list[Problem]:
        out = []
        reached = {e for st in reaches.values() for e in st.events}
        for f, (setters, readers) in flags.items():
            node = _key("flag", f)
            if (setters or f in starts) and not readers:
                by = (f"by {_names(x.split(':', 1)[1] for x in setters)}" if setters
                      else f"at the start of role {_names(starts[f])}")
                out.append(Problem("unread flag", node, f"flag '{f}' is set ({by}) but {self.nothing()} reads it"))
            elif readers and f not in starts:
                live = [x for x in setters if x.split(":", 1)[1] in reached]
                if live:
                    continue
                read_by = _named(readers)
                reads = "reads" if len(readers) == 1 else "read"
                if not setters:
                    out.append(Problem("unset flag", node, f"{self.nothing()} sets flag '{f}', which {read_by} {reads}: "
                                                          f"it stays {_shown(self.s.flags.get(f, False))}"))
                else:
                    dead = _names(x.split(":", 1)[1] for x in setters)
                    out.append(Problem("unset flag", node, f"flag '{f}', which {read_by} {reads}, is set only by "
                                                          f"events nothing can reach ({dead})"))
        return out

    def reach_problems(self, events: list[Event], endings: list[Ending], reaches: dict[str, _Reach]) -> list[Problem]:
        out = []
        for kind, items, attr in (("event", events, "events"), ("ending", endings, "endings")):
            for x in items:
                node = _key(kind, x.id)
                if any(x.id in getattr(st, attr) for st in reaches.values()):
                    continue
                reasons = {rid: st.why[node] for rid, st in reaches.items() if node in st.why}
                if not reasons:
                    why = "no role can meet it" + self.whose(kind, x)
                elif len(set(reasons.values())) == 1 or self.role:
                    why = next(iter(reasons.values()))
                else:
                    why = "; ".join(f"for role '{rid}', {why}" for rid, why in reasons.items())
                out.append(Problem(f"unreachable {kind}", node, f"nothing can reach {kind} '{x.id}': {why}"))
        return out

    def whose(self, kind: str, x: Event | Ending) -> str:
        """Why no role meets an event or ending, as far as its fields say."""
        if x.roles is not None and not x.roles:
            return ""
        parts = []
        if x.roles is not None:
            parts.append(f"its roles are {_names(x.roles)}")
        if kind == "event" and x.actor:        # type: ignore[union-attr]
            parts.append(f"its actor is '{x.actor}'")   # type: ignore[union-attr]
        if self.condition_of(kind, x.id):
            parts.append("its condition tests the role")
        return f" ({', '.join(parts)})" if parts else ""


@struct
class _Reach:
    """What can happen in one role's games, as far as the scenario proves."""

    start: dict[str, Any]
    events: set[str] = field(default_factory=set)
    choices: set[tuple[str, str]] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    sets: set[str] = field(default_factory=set)
    holds: set[str] = field(default_factory=set)
    ends: set[str] = field(default_factory=set)
    leads: set[str] = field(default_factory=set)
    why: dict[str, str] = field(default_factory=dict)    # node key -> why nothing can reach it
