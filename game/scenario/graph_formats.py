"""A scenario's graph written out: a readable outline by month, Graphviz DOT, or a Mermaid flowchart."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from game.engine.dates import days_in_month, format_month
from game.engine.model import Ending, Event
from game.scenario.graph import Graph, Link, Uses

# How each kind of link reads in the outline and as an edge's label.
LINK_WORDS = {"next": "next", "schedule": "schedule", "sets": "sets", "reads": "read by", "holds": "holds",
              "set piece": "set piece", "ends": "ends with", "needs": "needed by"}


def window(e: Event) -> str:
    """An event's window: `1924-01`, `1924-01 to 1924-03`, or its first and last days where they are not whole months."""
    first, last = e.earliest, e.latest
    whole = first.day == 1 and last.day == days_in_month(last.year, last.month)
    if not whole:
        return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    a, b = f"{first.year}-{first.month:02d}", f"{last.year}-{last.month:02d}"
    return a if a == b else f"{a} to {b}"


def event_facts(e: Event) -> list[str]:
    """What a writer wants to know of an event besides what it reads and does."""
    facts = [window(e)]
    if e.day is not None:
        facts.append(f"day {e.day}")
    if e.spread != "first":
        facts.append(f"spread {e.spread if isinstance(e.spread, str) else list(e.spread)}")
    if e.priority:
        facts.append(f"priority {e.priority}")
    facts.append("every role" if e.roles is None else f"roles {', '.join(sorted(e.roles))}")
    if e.actor:
        facts.append(f"actor {e.actor}")
    if e.follow_up:
        facts.append("follow-up")
    if e.routine:
        facts.append("routine")
    if not e.once:
        facts.append("repeatable")
    if e.vote:
        facts.append(f"vote {e.vote}")
    return facts


def ending_facts(n: Ending) -> list[str]:
    facts = ["every role" if n.roles is None else f"roles {', '.join(sorted(n.roles))}"]
    if n.priority:
        facts.append(f"priority {n.priority}")
    facts.append(n.kind)
    facts.append("as soon as it holds" if n.trigger == "anytime"
                 else f"at the end of chapter {n.chapter}" if n.chapter else "at the end")
    return facts


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _view(g: Graph) -> str:
    s = g.scenario
    who = f"role {g.role} ({s.roles[g.role].name})" if g.role else "every role"
    return (f"{_one_line(s.title)} ({s.id}): {s.start.isoformat()[:7]} to {s.end.isoformat()[:7]}, "
            f"turns of {s.turn}, {who}")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _counts(g: Graph) -> str:
    return ", ".join(_count(len(x), w) for x, w in ((g.events, "event"), (g.endings, "ending"), (g.flags, "flag"),
                                                    (g.votes, "vote"))) + f"; {_count(len(g.problems), 'problem')}"


# ---------------------------------------------------------------------------------------------
# The outline.

def text(g: Graph) -> str:
    """The outline: events by the month their window opens, then endings, then the problems."""
    out = [_view(g), _counts(g)]
    outgoing: dict[str, list[Link]] = {}
    for ln in g.links:
        outgoing.setdefault(ln.source, []).append(ln)
    month = None
    for e in g.events:
        if (e.earliest.year, e.earliest.month) != month:
            month = (e.earliest.year, e.earliest.month)
            out += ["", format_month(e.earliest)]
        node = f"event:{e.id}"
        out.append(f"  {e.id}: {_one_line(e.title)}")
        out.append(f"      {', '.join(event_facts(e))}")
        out += _details(g, node, g.uses[node], outgoing.get(node, []))
    out += ["", "Endings"]
    for n in g.endings:
        node = f"ending:{n.id}"
        out.append(f"  {n.id}: {_one_line(n.title)}")
        out.append(f"      {', '.join(ending_facts(n))}")
        out += _details(g, node, g.uses[node], [])
    out += ["", "Problems" + ("" if g.problems else ": none found")]
    out += [f"  - {p.message}" for p in g.problems]
    return "\n".join(out) + "\n"


def _details(g: Graph, node: str, uses: Uses, links: list[Link]) -> list[str]:
    lines = []
    if node in g.conditions:
        lines.append(f"if: {_one_line(g.conditions[node])}")
    by_kind: dict[str, list[str]] = {}
    for ln in links:
        target = ln.target.split(":", 1)[1]
        by_kind.setdefault(ln.kind, []).append(f"{target} ({ln.label})" if ln.label else target)
    for kind, word in (("sets", "sets flags"), ("next", "leads to (next)"), ("schedule", "schedules"),
                       ("holds", "holds votes"), ("ends", "ends the game with")):
        if kind in by_kind:
            lines.append(f"{word}: {', '.join(by_kind[kind])}")
    for what, names in (("flags", uses.reads), ("votes", uses.votes), ("events", uses.events)):
        if names:
            lines.append(f"reads {what}: {', '.join(sorted(names))}")
    mine = [p.message for p in g.problems if p.node == node]
    lines += [f"PROBLEM: {m}" for m in mine]
    return [f"      {line}" for line in lines]


def _by_month(g: Graph) -> dict[tuple[int, int], list[Event]]:
    """The events by the month their window opens, in order."""
    out: dict[tuple[int, int], list[Event]] = {}
    for e in g.events:
        out.setdefault((e.earliest.year, e.earliest.month), []).append(e)
    return out


# ---------------------------------------------------------------------------------------------
# Graphviz DOT.

def dot_string(value: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, each line break as DOT's `\\n`."""
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    value = "\\n".join(_one_line(part) for part in value.split("\n"))
    return f'"{value}"'


def _labels(g: Graph) -> dict[str, tuple[str, str]]:
    """Each node's label and kind: an event's or ending's id, title and facts, one to a line."""
    out: dict[str, tuple[str, str]] = {}
    for e in g.events:
        out[f"event:{e.id}"] = (f"{e.id}\n{e.title}\n{', '.join(event_facts(e))}", "event")
    for n in g.endings:
        out[f"ending:{n.id}"] = (f"{n.id}\n{n.title}\n{', '.join(ending_facts(n))}", "ending")
    for f in g.flags:
        out[f"flag:{f}"] = (f"flags.{f}", "flag")
    for v in g.votes:
        motion = g.scenario.votes[v].motion if v in g.scenario.votes else ""
        out[f"vote:{v}"] = (f"vote {v}\n{motion}" if motion else f"vote {v}", "vote")
    return out


_DOT_SHAPES = {"event": 'shape=box, style="rounded"', "ending": 'shape=doubleoctagon',
               "flag": 'shape=ellipse, style="dashed"', "vote": 'shape=hexagon'}
_DOT_EDGES = {"next": "", "schedule": "style=dashed", "sets": "color=gray40", "reads": "style=dotted, color=gray40",
              "holds": "color=navy", "set piece": "style=dashed, color=navy", "ends": "penwidth=2",
              "needs": "style=dotted"}


def dot(g: Graph) -> str:
    """A Graphviz digraph: events in a cluster for each month, endings in one of their own; problems in red."""
    labels = _labels(g)
    bad = g.problem_nodes()
    out = [f"digraph {dot_string(g.scenario.id)} {{"]
    out.append(f"  // {_one_line(_view(g))}")
    out.append(f"  // {_one_line(_counts(g))}")
    for p in g.problems:
        out.append(f"  // problem: {_one_line(p.message)}")
    out.append(f"  graph [label={dot_string(_view(g))}, labelloc=t, rankdir=LR, newrank=true];")
    out.append('  node [fontname="Helvetica", fontsize=10];')
    out.append('  edge [fontname="Helvetica", fontsize=8];')

    def node_line(key: str) -> str:
        label, kind = labels[key]
        attrs = f"label={dot_string(label)}, {_DOT_SHAPES[kind]}"
        if key in bad:
            attrs += ', color=red, fontcolor=red, penwidth=2, tooltip=' + dot_string(
                "; ".join(p.message for p in g.problems if p.node == key))
        return f"{dot_string(key)} [{attrs}];"

    for (year, month), events in _by_month(g).items():
        out.append(f"  subgraph {dot_string(f'cluster_{year}_{month:02d}')} {{")
        out.append(f"    label={dot_string(format_month(events[0].earliest))};")
        out += [f"    {node_line(f'event:{e.id}')}" for e in events]
        out.append("  }")
    if g.endings:
        out.append(f"  subgraph {dot_string('cluster_endings')} {{")
        out.append(f"    label={dot_string('Endings')};")
        out += [f"    {node_line(f'ending:{n.id}')}" for n in g.endings]
        out.append("  }")
    out += [f"  {node_line(key)}" for key in labels if key.startswith(("flag:", "vote:"))]
    firsts = [events[0].id for events in _by_month(g).values()]
    for a, b in pairwise(firsts):      # months in order: an edge drawn as nothing, from each to the next
        out.append(f"  {dot_string(f'event:{a}')} -> {dot_string(f'event:{b}')} [style=invis, weight=5];")
    for ln in g.links:
        if ln.source not in labels or ln.target not in labels:
            continue
        label = LINK_WORDS[ln.kind] + (f": {ln.label}" if ln.label else "")
        style = _DOT_EDGES[ln.kind]
        out.append(f"  {dot_string(ln.source)} -> {dot_string(ln.target)} [label={dot_string(label)}"
                   f"{', ' + style if style else ''}];")
    out.append("}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Mermaid.

# Characters a quoted Mermaid label shows as written; the rest of ASCII is written as an entity code
# (`#35;` for `#`, `#quot;` for a quote), and line breaks as `<br/>`. Text beyond ASCII stays as it is.
_MERMAID_PLAIN = re.compile(r"[A-Za-z0-9 .,:!?()\[\]{}'_/+=*@$~^-]")


def mermaid_label(value: str) -> str:
    """A Mermaid label in quotes: safe in any text."""
    lines = []
    for part in value.split("\n"):
        out = []
        for ch in _one_line(part):
            if ch == '"':
                out.append("#quot;")
            elif ord(ch) < 128 and not _MERMAID_PLAIN.fullmatch(ch):
                out.append(f"#{ord(ch)};")
            else:
                out.append(ch)
        lines.append("".join(out))
    return '"' + "<br/>".join(lines) + '"'


def mermaid_ids(keys: list[str]) -> dict[str, str]:
    """A Mermaid id for each node key: letters, digits and underscores, never a word Mermaid reserves."""
    prefix = {"event": "e_", "ending": "n_", "flag": "f_", "vote": "v_"}
    out: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        kind, name = key.split(":", 1)
        base = prefix[kind] + "".join(ch if ch.isascii() and (ch.isalnum() or ch == "_") else f"_{ord(ch):x}_"
                                      for ch in name)
        ident, n = base, 1
        while ident in used:
            n += 1
            ident = f"{base}_{n}"
        used.add(ident)
        out[key] = ident
    return out


_MERMAID_SHAPES: dict[str, Callable[[str], str]] = {
    "event": lambda label: f"({label})",
    "ending": lambda label: f"[[{label}]]",
    "flag": lambda label: f"([{label}])",
    "vote": lambda label: "{{" + label + "}}",
}
_MERMAID_ARROWS = {"next": "-->", "schedule": "-.->", "sets": "-->", "reads": "-.->", "holds": "-->",
                   "set piece": "-.->", "ends": "==>", "needs": "-.->"}


def mermaid(g: Graph) -> str:
    """A Mermaid flowchart: events in a subgraph for each month, endings in one of their own; problems styled."""
    labels = _labels(g)
    ids = mermaid_ids(list(labels))
    out = ["flowchart TD", f"  %% {_one_line(_view(g))}", f"  %% {_one_line(_counts(g))}"]
    out += [f"  %% problem: {_one_line(p.message)}" for p in g.problems]

    def node_line(key: str) -> str:
        label, kind = labels[key]
        return f"{ids[key]}{_MERMAID_SHAPES[kind](mermaid_label(label))}"

    for (year, month), events in _by_month(g).items():
        out.append(f"  subgraph m{year}_{month:02d} [{mermaid_label(format_month(events[0].earliest))}]")
        out += [f"    {node_line(f'event:{e.id}')}" for e in events]
        out.append("  end")
    if g.endings:
        out.append(f"  subgraph the_endings [{mermaid_label('Endings')}]")
        out += [f"    {node_line(f'ending:{n.id}')}" for n in g.endings]
        out.append("  end")
    out += [f"  {node_line(key)}" for key in labels if key.startswith(("flag:", "vote:"))]
    for ln in g.links:
        if ln.source not in labels or ln.target not in labels:
            continue
        label = LINK_WORDS[ln.kind] + (f": {ln.label}" if ln.label else "")
        out.append(f"  {ids[ln.source]} {_MERMAID_ARROWS[ln.kind]}|{mermaid_label(label)}| {ids[ln.target]}")
    bad = [ids[k] for k in labels if k in g.problem_nodes()]
    if bad:
        out.append("  classDef problem stroke:#c00,stroke-width:3px,color:#c00")
        out.append(f"  class {','.join(bad)} problem")
    return "\n".join(out) + "\n"


FORMATS: dict[str, Callable[[Graph], str]] = {"text": text, "dot": dot, "mermaid": mermaid}


def render(g: Graph, fmt: str = "text") -> str:
    """The graph in one of FORMATS."""
    return FORMATS[fmt](g)

