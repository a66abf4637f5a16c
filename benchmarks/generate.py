"""Generate a large, valid scenario for load and validation benchmarks.

Usage: python -m benchmarks.generate OUT_DIR [--events N] [--files K]
"""

from __future__ import annotations

import argparse
import os
import random

STATS = ("prestige", "apparatus", "army", "health")
CHARACTERS = [f"person_{i}" for i in range(40)]
FACTIONS = ("left", "right", "centre")


def _manifest(events: int) -> str:
    return f"""id: generated
title: Generated Scenario
version: 1
description: A generated scenario of {events} events, for benchmarks.
authors: [benchmarks]
start: 1924-01
end: 1929-12
roles:
  - id: alpha
    name: Alpha
    character: person_0
    bio: The first role.
    start:
      stats: {{prestige: 60}}
  - id: beta
    name: Beta
    character: person_1
    bio: The second role.
sources:
  - id: record
    title: The record
    file: record.md
"""


def _world() -> str:
    lines = ["stats:"]
    for s in STATS:
        lines.append(f"  - {{id: {s}, name: {s.title()}, min: 0, max: 100, default: 50}}")
    lines += ["offices:", "  - {id: pb, name: Politburo member}", "bodies:",
              "  - {id: politburo, name: Politburo, members: pb}", "factions:"]
    lines += [f"  - {{id: {f}, name: The {f}}}" for f in FACTIONS]
    lines.append("characters:")
    for i, c in enumerate(CHARACTERS):
        lines.append(f"  - id: {c}\n    name: Person {i}\n    faction: {FACTIONS[i % 3]}\n"
                     f"    relationship: {{alpha: {(i * 7) % 60 - 30}, beta: {(i * 11) % 60 - 30}}}\n"
                     f"    offices: [{{office: pb, from: 1920-01}}]" if i < 9 else
                     f"  - id: {c}\n    name: Person {i}\n    faction: {FACTIONS[i % 3]}")
    lines += ["endings:",
              "  - id: finale\n    title: Finale\n    kind: historical\n    text: The end.\n"
              "    history: What happened.\n    sources: [record]",
              "codex:",
              "  - {id: entry, title: An entry, kind: term, text: Text., sources: [record], unlocked: true}"]
    return "\n".join(lines) + "\n"


def _event(i: int, rng: random.Random) -> str:
    year = 1924 + rng.randrange(6)
    month = rng.randrange(1, 13)
    s1, s2 = rng.sample(STATS, 2)
    c1, c2 = rng.sample(CHARACTERS, 2)
    f = rng.choice(FACTIONS)
    return f"""  - id: event_{i}
    title: Event number {i}
    earliest: {year}-{month:02d}
    latest: {year}-{month:02d}
    condition: "{s1} >= {rng.randrange(0, 60)} and not flags.flag_{i % 50}"
    weight: {rng.randrange(1, 5)}
    sources:
      - {{source: record, section: "part {i % 7}"}}
    text: |
      Something happens in the month of {{date}}. Your {s1} is {{{s1}}} and
      {c1} watches you closely. The {f} faction meets behind closed doors.
    choices:
      - id: first
        text: Press the matter with {c1}.
        effects:
          - {s1} += {rng.randrange(1, 10)}
          - rel.{c1} -= {rng.randrange(1, 10)}
          - flags.flag_{i % 50} = true
        outcome: It is done.
      - id: second
        text: Seek out {c2}.
        condition: "rel.{c2} > {rng.randrange(-50, 50)} or ally(\\"{c2}\\")"
        unavailable: "{c2} will not see you."
        effects:
          - rel.{c2} += {rng.randrange(1, 10)}
          - "if chance({rng.randrange(10, 90)}): {s2} -= {rng.randrange(1, 5)}"
      - id: third
        text: Wait.
"""


def generate(out: str, events: int = 10_000, files: int = 10, seed: int = 1) -> str:
    """Write the scenario into `out` and return its path."""
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "events"), exist_ok=True)
    with open(os.path.join(out, "scenario.yaml"), "w", encoding="utf-8") as fh:
        fh.write(_manifest(events))
    with open(os.path.join(out, "world.yaml"), "w", encoding="utf-8") as fh:
        fh.write(_world())
    per_file = -(-events // files)
    for k in range(files):
        chunk = range(k * per_file, min(events, (k + 1) * per_file))
        with open(os.path.join(out, "events", f"part_{k:02d}.yaml"), "w", encoding="utf-8") as fh:
            fh.write("events:\n")
            for i in chunk:
                fh.write(_event(i, rng))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out")
    p.add_argument("--events", type=int, default=10_000)
    p.add_argument("--files", type=int, default=10)
    a = p.parse_args()
    generate(a.out, a.events, a.files)
    print(f"wrote {a.events} events to {a.out}")


if __name__ == "__main__":
    main()
