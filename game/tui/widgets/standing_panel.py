"""The player's standing: stats as bars (with what each means, and any warning), aims and fears, allies and
votes, alliances, offices, relationships."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content

from game.engine import Game, standing
from game.tui.widgets.hanging import Hanging, Paragraph
from game.tui.widgets.text_block import TextBlock
from game.wording import AIM_STATE

BAR = 14
WARNING = "bold $text-error"

# How an aim or a fear looks, by whether it holds: a fear that holds is a warning.
AIM_TONE = {("aim", True): "$text-success", ("aim", False): "$text-muted",
            ("fear", False): "$text-muted", ("fear", True): "bold $text-error"}


def bar(value: int, lo: int, hi: int, width: int = BAR) -> Content:
    """A stat as a bar of `width` cells."""
    filled = round((value - lo) / (hi - lo) * width) if hi > lo else 0
    filled = max(0, min(width, filled))
    return Content.assemble(("█" * filled, "$primary"), ("░" * (width - filled), "$text-muted"))


class StandingPanel(VerticalScroll):
    """Everything about the player's position, in sections that redraw only when they change."""

    SECTIONS = (("stats", "Your position"), ("aims", "Aims and fears"), ("votes", "Votes you can count on"),
                ("alliances", "Alliances"), ("relations", "Relationships"), ("offices", "Offices"))

    def __init__(self, *, relations: int = 6, full: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.relations = relations
        self.full = full

    def compose(self) -> ComposeResult:
        # Kept as they are made, not looked up once mounted: a screen taken away before it is first drawn
        # (Enter twice on a save to load) has its children removed while its panel is still being mounted.
        self.sections = {key: TextBlock(id=f"standing-{key}", classes="standing-section")
                         for key, _ in self.SECTIONS if key != "offices" or self.full}
        yield from self.sections.values()

    def show(self, game: Game) -> None:
        """Redraw from the game's state."""
        st = standing(game, relations=self.relations)
        width = max((len(s.name) for s in st.stats), default=0)
        stats: list[Paragraph] = []
        for s in st.stats:
            if stats and self.full:
                stats.append(("", ""))
            stats.append(("", Content.assemble((f"{s.name:<{width}} ", WARNING if s.warning else ""),
                                               bar(s.value, s.min, s.max), f" {s.value:>3}")))
            if self.full and s.description:
                stats.append(("", Content.styled(s.description, "italic $text-muted")))
            if s.warning:
                stats.append((Content.styled("⚠ ", WARNING), Content.styled(" ".join(s.warning.split()), WARNING)))
        self._section("stats", stats)
        aims: list[Paragraph] = []
        for kind, heading in (("aim", "You want"), ("fear", "You fear")):
            items = [a for a in st.aims if a.kind == kind]
            if items:
                aims.append(("", Content.styled(heading, "bold")))
            for a in items:
                mark, state = AIM_STATE[kind, a.holds]
                tone = AIM_TONE[kind, a.holds]
                text = (" ".join(a.text.split()), tone if kind == "fear" and a.holds else "")   # a fear come true: a warning
                aims.append((Content.styled(f"{mark} ", tone), Content.assemble(text, (f"  {state}", f"italic {tone}"))))
        self._section("aims", aims)
        votes: list[Paragraph] = []
        for b in st.bodies:
            mark = ("  majority", "bold $text-success") if b.majority else ("  minority", "$text-warning")
            if b.seats is None:
                votes.append((f"{b.name}: ", Content.assemble((f"{b.votes:.0f}%", "bold"), mark)))
                continue
            wavering = (f", {b.wavering} wavering", "$text-warning") if b.wavering else ""
            votes.append((f"{b.name}: ", Content.assemble((f"{int(b.votes)} of {b.seats} firm", "bold"), wavering, mark)))
        votes.append(("Allies: ", ", ".join(st.allies) if st.allies else Content.styled("none", "italic")))
        if st.player_offices or self.full:
            offices = ", ".join(st.player_offices) if st.player_offices else Content.styled("none", "italic")
            votes.append(("Your offices: ", offices))
        self._section("votes", votes)
        self._section("alliances", [(Content.styled(a.name, "bold" if a.includes_player else "") + ": ", ", ".join(a.members))
                                    for a in st.alliances] or [("", Content.styled("No alliance holds now.", "italic"))])
        tone = {1: "$text-success", -1: "$text-error", 0: ""}
        self._section("relations", [("", Content.assemble(f"{r.name}: ", (f"{r.value:+d}", tone[(r.value > 0) - (r.value < 0)])))
                                    for r in st.relations])
        if self.full:
            self._section("offices", [(Content.styled(o.name, "bold" if o.includes_player else "") + ": ", ", ".join(o.members))
                                      for o in st.offices])

    def _section(self, key: str, lines: list[Paragraph]) -> None:
        """Show a section under its heading, each line's wrapped lines under its text; one with no lines (a role
        with no aims) is not shown."""
        block = self.sections[key]
        block.display = bool(lines) or key != "aims"
        block.show(Hanging([("", Content.styled(dict(self.SECTIONS)[key].upper(), "bold $text-primary")), *lines]))
