"""The player's standing: stats as bars, allies and votes, alliances, offices, relationships."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine import Game, standing

BAR = 14


def bar(value: int, lo: int, hi: int, width: int = BAR) -> Content:
    """A stat as a bar of `width` cells."""
    filled = round((value - lo) / (hi - lo) * width) if hi > lo else 0
    filled = max(0, min(width, filled))
    return Content.assemble(("█" * filled, "$primary"), ("░" * (width - filled), "$text-muted"))


def _heading(text: str) -> Content:
    return Content.styled(text.upper(), "bold $text-primary")


class StandingPanel(VerticalScroll):
    """Everything about the player's position, redrawn after each choice."""

    def __init__(self, *, relations: int = 6, full: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.relations = relations
        self.full = full

    def compose(self) -> ComposeResult:
        yield Static(id="standing-text", markup=False)

    def show(self, game: Game) -> None:
        """Redraw from the game's state."""
        st = standing(game, relations=self.relations)
        lines: list[Content] = [_heading("Your position")]
        width = max(len(s.name) for s in st.stats) if st.stats else 0
        for s in st.stats:
            lines.append(Content.assemble(f"{s.name:<{width}} ", bar(s.value, s.min, s.max), f" {s.value:>3}"))
        lines.append(Content(""))
        lines.append(_heading("Votes you can count on"))
        for b in st.bodies:
            figure = f"{int(b.votes)} of {b.seats}" if b.seats is not None else f"{b.votes:.0f}%"
            mark = ("  majority", "bold $text-success") if b.majority else ("  minority", "$text-warning")
            lines.append(Content.assemble(f"{b.name}: ", (figure, "bold"), mark))
        lines.append(Content.assemble("Allies: ", ", ".join(st.allies) if st.allies else ("none", "italic")))
        if st.player_offices or self.full:
            lines.append(Content.assemble("Your offices: ",
                                          ", ".join(st.player_offices) if st.player_offices else ("none", "italic")))
        lines.append(Content(""))
        lines.append(_heading("Alliances"))
        if not st.alliances:
            lines.append(Content.styled("No alliance holds now.", "italic"))
        for a in st.alliances:
            style = "bold" if a.includes_player else ""
            lines.append(Content.assemble((a.name, style), (": " + ", ".join(a.members), "")))
        lines.append(Content(""))
        lines.append(_heading("Relationships"))
        for r in st.relations:
            style = "$text-success" if r.value > 0 else "$text-error" if r.value < 0 else ""
            lines.append(Content.assemble(f"{r.name}: ", (f"{r.value:+d}", style)))
        if self.full:
            lines.append(Content(""))
            lines.append(_heading("Offices"))
            for o in st.offices:
                lines.append(Content.assemble((o.name, "bold" if o.includes_player else ""), ": " + ", ".join(o.members)))
        self.query_one("#standing-text", Static).update(Content("\n").join(lines))
