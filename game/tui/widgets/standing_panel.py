"""The player's standing: stats as bars (with what each means, and any warning), aims and fears, allies and
votes, alliances, offices, relationships."""

from __future__ import annotations

from bisect import bisect_right

from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions
from textual.widget import Widget

from game.engine import Game, standing
from game.engine.standing import Standing
from game.tui.widgets.column import Column
from game.tui.widgets.drawn import DrawnLines, settled_size
from game.tui.widgets.hanging import Hanging, LineKey, Paragraph, stacked
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


class StandingLines(DrawnLines, Widget):
    """The standing's sections as one block of lines, each section's lines and then the space below it (the
    section component class's bottom margin). A turn draws again only the lines of the sections that changed, and
    lays the panel out again only when one of them took more or fewer lines, where a widget per section would
    be restyled, laid out and drawn one by one."""

    virtual_size: Reactive[Size] = settled_size()     # see Column

    COMPONENT_CLASSES = {"standing-panel--section"}     # every section: the space below it

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, Hanging] = {}          # the sections shown, in order, each with its heading
        self._drawn: dict[str, tuple[int, list[Strip]]] = {}   # each section's lines at a width, until it changes
        self._lines: dict[str, tuple[int, dict[LineKey, Strip]]] = {}  # each section's lines drawn last, by text
        self._places: tuple[int, list[tuple[int, int]]] = (-1, [])  # at a width: each section's first line and length

    def set(self, sections: dict[str, Hanging]) -> None:
        """Show these sections; only those that changed are drawn again."""
        changed = {key for key in sections.keys() | self.sections.keys()
                   if self.sections.get(key) != sections.get(key)}
        if not changed:
            return
        width = self.size.width
        before = self.places(width) if width else []
        reordered = list(sections) != list(self.sections)
        old = self.sections
        # A section that did not change keeps the text it had, and with it its lines wrapped at this width.
        self.sections = {key: text if key in changed else self.sections[key] for key, text in sections.items()}
        for key in changed:
            self._drawn.pop(key, None)
        self._places = (-1, [])
        after = self.places(width) if width else []
        if reordered or [height for _, height in before] != [height for _, height in after]:
            self.refresh(layout=True)
            return
        if not width:
            self.refresh()      # not laid out yet: drawn whole when it is
            return
        # Of a section that changed, only the lines that read or look otherwise (a stat's figure, say) are drawn again.
        keys = list(self.sections)
        self.refresh(*(Region(0, first + at, width, 1)
                       for key, (first, _) in zip(keys, after, strict=True) if key in changed
                       for at, (was, now) in enumerate(zip(old[key].wrap(width), self.sections[key].wrap(width),
                                                           strict=True))
                       if was.plain != now.plain or was.spans != now.spans))

    def notify_style_update(self) -> None:
        self._drawn.clear()
        self._lines.clear()
        self._places = (-1, [])
        super().notify_style_update()

    @property
    def gap(self) -> int:
        """The blank lines below each section."""
        return self.get_component_styles("standing-panel--section").margin.bottom

    def places(self, width: int) -> list[tuple[int, int]]:
        """Each section's first line and number of lines, at `width` cells."""
        width = max(1, width)
        if self._places[0] != width:
            self._places = (width, stacked((len(text.wrap(width)) for text in self.sections.values()), self.gap))
        return self._places[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        places = self.places(width)
        return places[-1][0] + places[-1][1] + self.gap if places else 0

    def section_lines(self, key: str, width: int) -> list[Strip]:
        """One section's lines as drawn at `width` cells: of a section that changed, only the lines that did."""
        drawn = self._drawn.get(key)
        if drawn is None or drawn[0] != width:
            # Drawn as plain text is, with no selection and no links.
            options = RenderOptions(self._get_style, self.styles)
            before = self._lines.get(key, (-1, {}))
            strips, kept = self.sections[key].line_strips(width, self.visual_style, options,
                                                          before[1] if before[0] == width else {})
            self._lines[key] = (width, kept)
            drawn = self._drawn[key] = (width, strips)
        return drawn[1]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        places = self.places(width)
        index = bisect_right(places, (y, 1 << 30)) - 1
        if index >= 0:
            first, height = places[index]
            if y < first + height:
                return self.section_lines(list(self.sections)[index], width)[y - first]
        # The space below a section is the panel's own background, as a margin is.
        return Strip.blank(width, VisualStyle(background=self.visual_style.background).rich_style)


class StandingPanel(Column):
    """Everything about the player's position, in sections that redraw only when they change."""

    SECTIONS = (("stats", "Your position"), ("aims", "Aims and fears"), ("votes", "Votes you can count on"),
                ("alliances", "Alliances"), ("relations", "Relationships"), ("offices", "Offices"))

    def __init__(self, *, relations: int = 6, full: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.relations = relations
        self.full = full
        # Kept as it is made, not looked up once mounted: a screen taken away before it is first drawn (Enter
        # twice on a save to load) has its children removed while its panel is still being mounted.
        self.lines = StandingLines()
        self._made: dict[str, tuple[object, Hanging | None]] = {}    # each section: what it showed, and its text

    def compose(self) -> ComposeResult:
        yield self.lines

    def section(self, key: str) -> str:
        """A section's text as shown (its heading, then each of its lines unwrapped); empty when it is not shown."""
        text = self.lines.sections.get(key)
        return text.plain if text is not None else ""

    def show(self, game: Game) -> None:
        """Redraw from the game's state: each section made again only if what it shows changed."""
        st = standing(game, relations=self.relations)
        shown = {"stats": st.stats, "aims": st.aims, "votes": (st.bodies, st.allies, st.player_offices),
                 "alliances": st.alliances, "relations": st.relations}
        if self.full:
            shown["offices"] = st.offices
        headings = dict(self.SECTIONS)
        made = {}
        for key, what in shown.items():
            before = self._made.get(key)
            if before is None or before[0] != what:
                lines = self.section_lines(key, st)
                # Under its heading, each line's wrapped lines under its text; with no lines (a role with no aims),
                # not shown.
                before = (what, Hanging([("", Content.styled(headings[key].upper(), "bold $text-primary")), *lines])
                          if lines or key != "aims" else None)
            made[key] = before
        self._made = made
        self.lines.set({key: text for key, (_, text) in made.items() if text is not None})

    def section_lines(self, key: str, st: Standing) -> list[Paragraph]:
        """The lines of one section of the standing `st`."""
        if key == "stats":
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
            return stats
        if key == "aims":
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
            return aims
        if key == "votes":
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
            return votes
        if key == "alliances":
            return [(Content.styled(a.name, "bold" if a.includes_player else "") + ": ", ", ".join(a.members))
                    for a in st.alliances] or [("", Content.styled("No alliance holds now.", "italic"))]
        if key == "relations":
            tone = {1: "$text-success", -1: "$text-error", 0: ""}
            return [("", Content.assemble(f"{r.name}: ", (f"{r.value:+d}", tone[(r.value > 0) - (r.value < 0)])))
                    for r in st.relations]
        return [(Content.styled(o.name, "bold" if o.includes_player else "") + ": ", ", ".join(o.members))
                for o in st.offices]
