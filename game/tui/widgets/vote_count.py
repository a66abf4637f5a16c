"""A vote on screen: the whip count before a set piece, and the tally after it."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from game.engine import EventView
from game.engine.model import Scenario
from game.engine.politics import ABSTAIN, AGAINST, FOR, WAVERING
from game.tui.widgets.hanging import Hanging
from game.tui.widgets.text_block import TextBlock
from game.wording import count_groups, count_line, count_totals, expectation, secret_ballot, sides, tally_groups

SIDE_STYLE = {FOR: "bold $text-success", AGAINST: "bold $text-error", WAVERING: "bold $text-warning",
              ABSTAIN: "bold $text-muted"}


def whip_count(view: EventView, scenario: Scenario, player: str) -> Hanging:
    """The count before the vote `view` stages, or the word that a secret ballot cannot be counted (nothing when
    the event stages no vote)."""
    if not view.vote:
        return Hanging()
    vote = scenario.votes[view.vote]
    body = vote.hall_name(scenario.bodies)
    head = Content.assemble(("THE COUNT BEFORE THE VOTE", "bold $text-primary"), ("  ·  ", "$text-muted"), (body, "bold"))
    shown = [("", head), ("", Content.styled(" ".join(vote.motion.split()), "italic")),
             ("", Content.styled(sides(scenario, vote.id, player), "$text-muted"))]
    whip = view.whip
    if whip is None:
        return Hanging([*shown, ("", ""), ("", Content.styled("The ballot is secret: the count cannot be known before "
                                                            "the vote.", "italic $text-warning"))])
    shown.append(("", ""))
    for group in count_groups(whip):
        firm = "" if group.side == WAVERING else " firm"
        label = Content.assemble((group.label, SIDE_STYLE[group.side]), (f" · {group.votes}{firm}", "$text-muted"))
        if not group.who:
            shown.append(("", label + Content.styled("  no one", "italic $text-muted")))
        elif group.side == WAVERING:      # a line for each waverer, with what moves them
            shown += [("", label), *(("  ", line) for line in group.who)]
        else:
            shown.append((label + ": ", ", ".join(group.who)))
    shown += [("", ""), ("", Content.styled(count_totals(whip), "bold")),
              ("", Content.styled(expectation(whip), "$text-muted"))]
    return Hanging(shown)


class CountSummary(TextBlock):
    """The count's totals in a line just above the choices, where they are read as the choice is made."""

    def show_count(self, view: EventView) -> None:
        """Show the totals of the vote `view` stages; hidden when it stages none."""
        self.display = bool(view.vote)
        if not view.vote:
            return
        if view.whip is None:
            self.show(Content.styled("Secret ballot: no count before the vote.", "italic"))
            return
        self.show(Hanging([(Content.styled("The count  ", "$text-muted"), Content.styled(count_line(view.whip), "bold"))]))


def tally(scenario: Scenario, change: list[Any], indent: str = "  ") -> Hanging:
    """Who voted how in a recorded vote, a line for each side: "For 5: Anna, Clara, The staff (2)"."""
    rows = Hanging((Content.assemble(indent, (f"{g.label} {g.votes}", SIDE_STYLE[g.side]), ": " if g.who else ""),
                    ", ".join(g.who)) for g in tally_groups(scenario, change))
    note = secret_ballot(scenario, change)
    return rows + Hanging([(indent, Content.styled(note, "italic $text-muted"))]) if note else rows
