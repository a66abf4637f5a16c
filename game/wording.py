"""The political machine in words, the same in both faces: the count before a vote, the tally after
it, aims and fears, and where the player left history.

Every figure comes from the engine (`game.engine.politics`, `Game.departures`, `Game.aims`); this
module only words it. Each face adds its own styles and layout around these lines.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from game.engine.changes import ballot
from game.engine.dates import format_month
from game.engine.model import Scenario
from game.engine.politics import ABSTAIN, AGAINST, FOR, WAVERING, Stand, Whip
from game.engine.views import Departure
from game.structs import Row

SIDE_LABEL = {FOR: "For", AGAINST: "Against", WAVERING: "Wavering", ABSTAIN: "Abstaining"}

# How a decision stands to what the real person did (a journal entry's "history", a timeline mark).
HISTORY_LABEL = {"first": "first departure from history", "left": "left history", "kept": "as it happened"}

# (aim or fear, whether it holds) -> (mark, state in words)
AIM_STATE = {("aim", True): ("✓", "holds"), ("aim", False): ("·", "not yet"),
             ("fear", False): ("·", "not yet"), ("fear", True): ("⚠", "it is happening")}


class CountGroup(Row):
    """One side of a count: its label, the votes on it, and who stands there (one line each for waverers)."""

    side: str
    label: str
    votes: int
    who: tuple[str, ...]


def number(x: float) -> str:
    """A count as a person says it: whole numbers bare, others to one decimal."""
    return str(round(x)) if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def member(name: str, votes: int, bloc: bool) -> str:
    """A member by name, a bloc with its votes: "Kamenev", "The staff (4)"."""
    return f"{name} ({votes})" if bloc else name


def waverer(s: Stand) -> str:
    """A wavering member at his odds, a wavering bloc by how it would split."""
    if s.bloc:
        likely, rest = s.split                  # as the count splits it
        other = "abstaining" if s.otherwise == ABSTAIN else "against"
        return f"{member(s.name, s.size, True)} — splits about {likely} for" + (f", {rest} {other}" if rest else "")
    other = "abstains" if s.otherwise == ABSTAIN else "votes against"
    return f"{s.name} — wavering, {s.odds:.0%} for, else {other}"


def count_groups(whip: Whip) -> list[CountGroup]:
    """For, against and wavering, in that order, each with its members."""
    out = []
    for side in (FOR, AGAINST, WAVERING):
        stands = [s for s in whip.stands if s.side == side]
        who = tuple(waverer(s) if side == WAVERING else member(s.name, s.size, s.bloc) for s in stands)
        out.append(CountGroup(side, SIDE_LABEL[side], sum(s.size for s in stands), who))
    return out


def needed(whip: Whip) -> int:
    """Votes for that carry the motion however the rest vote: a majority of the seats."""
    return whip.seats // 2 + 1


def count_totals(whip: Whip) -> str:
    """The count in one line: "For 3 firm · Against 2 firm · 2 wavering · 7 seats; 4 for carry it outright, fewer
    if some abstain" (a motion carries with more votes for than against)."""
    wavering = sum(s.size for s in whip.wavering)
    return (f"For {whip.firm(FOR)} firm · Against {whip.firm(AGAINST)} firm · {wavering} wavering · "
            f"{whip.seats} seats; {needed(whip)} for carry it outright, fewer if some abstain")


def count_sides(whip: Whip) -> str:
    """Where the votes stand: "For 3 · Against 2 · Wavering 2"."""
    return f"For {whip.firm(FOR)} · Against {whip.firm(AGAINST)} · Wavering {sum(s.size for s in whip.wavering)}"


def count_line(whip: Whip) -> str:
    """The count at a glance: "For 3 · Against 2 · Wavering 2 · 4 of 7 carry it outright"."""
    return f"{count_sides(whip)} · {needed(whip)} of {whip.seats} carry it outright"


def choice_counts(counts: tuple[Whip, ...], shown: Whip | None = None) -> list[str]:
    """The count of each motion a choice puts otherwise than the event's count (`shown`) has it, a line each: "Its
    count: For 3 · Against 2 · Wavering 2", with the motion named where it is another, and what carries it where
    another body votes."""
    def said(text: str) -> str:
        return " ".join(text.split())
    lines = []
    for w in counts:
        line = count_line(w) if shown is None or w.body != shown.body else count_sides(w)
        # The motion is named where it is not the event's, and beside another count, where a choice puts two.
        if shown is None or said(w.motion) != said(shown.motion) or len(counts) > 1:
            line = f"on \u201c{said(w.motion).rstrip('.')}\u201d: {line}"
        lines.append(f"Its count{',' if line.startswith('on ') else ':'} {line}")
    return lines


def expectation(whip: Whip) -> str:
    """The votes for to expect, each waverer counted at his odds."""
    return f"Expected: about {number(whip.expected)} of {whip.seats} for."


def sides(scenario: Scenario, vote_id: str, player: str) -> str:
    """Who moves the motion and who opposes it, and where the player stands: "Moved by Anna; opposed by Boris (you)"."""
    vote = scenario.votes.get(vote_id)
    if vote is None:
        return ""

    def name(c: str) -> str:
        return scenario.characters[c].name + (" (you)" if c == player else "")

    text = f"Moved by {name(vote.sponsor)}"
    if vote.opponents:
        text += "; opposed by " + ", ".join(name(c) for c in vote.opponents)
    return text + "."


def tally_groups(scenario: Scenario, change: list[Any]) -> list[CountGroup]:
    """Who voted how in a recorded vote (a "vote" change): for, against, abstaining; empty sides left out. After
    a secret ballot only the votes on each side are known, not whose they were (see `secret_ballot`)."""
    if not change or change[0] != "vote" or len(change) != 8:
        return []
    groups: dict[str, list[str]] = {FOR: [], AGAINST: [], ABSTAIN: []}
    votes = dict.fromkeys(groups, 0)
    for (name, side, n), (who, _, _) in zip(ballot(scenario, change), change[7]):
        groups[side].append(member(name, n, who not in scenario.characters))
        votes[side] += n
    named = not secret_ballot(scenario, change)
    return [CountGroup(side, SIDE_LABEL[side], votes[side], tuple(who) if named else ())
            for side, who in groups.items() if who]


def secret_ballot(scenario: Scenario, change: list[Any]) -> str:
    """What a recorded vote's tally says of a secret ballot (empty for an open vote)."""
    vote = scenario.votes.get(change[1]) if change and change[0] == "vote" and len(change) > 1 else None
    return "A secret ballot: who voted how is not known." if vote is not None and vote.secret else ""


def departure(d: Departure) -> str:
    """One departure from history: "You first left history in May 1924: The Meeting — Wait."."""
    when = format_month(date.fromisoformat(d.date))
    lead = f"You first left history in {when}" if d.first else f"Again in {when}"
    return f"{lead}: {d.title} — {' '.join(d.choice_text.split())}"


def ending_label(kind: str, departed: bool, *, short: bool = False) -> str:
    """What an ending is beside the record: historical or counterfactual, and a historical ending that the
    player reached by a path that left the record said to be so. `short`: as plain mode heads the ending."""
    if kind == "counterfactual":
        return "counterfactual: this is not what happened" if short else \
            "A counterfactual ending: this is not what happened."
    if departed:
        return "historical, by another road: this is how it ended" if short else \
            "A historical ending, by another road: this is, in substance, how it ended, though your path left the " \
            "record on the way."
    return "historical: this is what happened" if short else "A historical ending: this is, in substance, what happened."


def kept_count(journal: list[Any]) -> tuple[int, int]:
    """(decisions kept to history, decisions where the record says what was done)."""
    marked = [j.get("history") for j in journal if j.get("history")]
    return sum(m == "kept" for m in marked), len(marked)


def kept_summary(kept: int, marked: int) -> str:
    """How much of the game kept to history, in a sentence."""
    if kept == marked:
        return f"You kept to history at every decision where the record says what was done ({marked})."
    return f"You kept to history in {kept} of the {marked} decisions where the record says what was done."


def stat_warning(name: str, value: int, text: str) -> str:
    """A stat at or below its warning level: "Health 18: Your doctors fear for you."."""
    return f"{name} {value}: {' '.join(text.split())}"


def chapter_decisions(kept: int, left: int) -> str:
    """How a chapter's decisions stood to the record, in a sentence."""
    if not kept and not left:
        return "None of your decisions in this chapter was one where the record says what was done."
    return f"Your decisions: kept to the record at {kept}, left it at {left}."


def chapter_departure(d: Departure) -> str:
    """One departure in a chapter's summary: "May 1924: The Meeting — Wait."."""
    return f"{format_month(date.fromisoformat(d.date))}: {d.title} — {' '.join(d.choice_text.split())}"
