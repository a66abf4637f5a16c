"""The play screen: the event, its numbered choices, and the player's standing beside them."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size

from game.engine import ChoiceView, EventView, Game, GameError, Outcome, ScenarioRuntimeError, Status
from game.prose import reflow
from game.session import Reload
from game.tui.screens.game_screen import GameScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.hanging import BULLET, Hanging, wrap
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.standing_panel import StandingPanel
from game.tui.widgets.status_bar import StatusBar
from game.tui.widgets.story import StoryView
from game.tui.widgets.text_block import TextBlock
from game.tui.widgets.vote_count import CountSummary, tally, whip_count
from game.wording import AIM_STATE, stat_warning

# Changes worth a notice above the next event: alliances forming and breaking, offices changing
# hands, deaths. The notice is drawn in the same frame as the event and stays until the next choice.
# After a choice the next event's title and the first lines of its text stay in view: the outcome above
# them is folded to the room left (its changes in a paragraph, a vote without its tally), and `o` unfolds it.
EVENT_LINES = 6          # a blank line, the title, a blank line, three lines of its text
NOTICES = {"formed": "Alliances", "broke": "Alliances", "joined": "Alliances", "left": "Alliances",
          "appointed": "Offices", "removed": "Offices", "died": "Deaths"}


def outcome_content(game: Game, outcome: Outcome, *, noticed: bool = False, folded: bool = False) -> Hanging:
    """What a choice did: its outcome's text, then each change, a vote's result with who voted how.

    `noticed`: leave out the changes the notice band above the event shows. `folded`: the changes in one
    paragraph and a vote without its tally, so that the next event stays in view on a small screen."""
    said = game.describe_all([c for c in outcome.changes if not (noticed and c[0] in NOTICES)])
    shown = Hanging([("", Content.styled(reflow(outcome.text), "italic"))] if outcome.text else [])
    if folded:
        rest = [text for c, text in said if c[0] != "vote"]
        shown += Hanging((BULLET, Content.styled(text, "bold")) for c, text in said if c[0] == "vote")
        return shown + Hanging([(BULLET, Content.styled(" · ".join(rest), "$text-muted"))] if rest else [])
    for change, text in said:
        if change[0] == "vote":      # the vote's result stands out, with who voted how below it
            shown += Hanging([(BULLET, Content.styled(text, "bold"))]) + tally(game.scenario, change)
        else:
            shown += Hanging([(BULLET, Content.styled(text, "$text-muted"))])
    return shown


def lines_of(content: Content | Hanging, width: int) -> int:
    """How many lines `content` takes, wrapped to `width` cells."""
    return len(wrap(content, max(1, width))) if content else 0


class PlayScreen(GameScreen):
    """One event at a time; a choice shows its consequences above the next event."""

    # Below 100 columns the standing panel gives its room to the event (and is a key away).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (130, "-very-wide")]
    # The choices have the focus from the start. Left to Textual's default, the first focusable widget (the
    # standing beside the event) would take it first and hand it on: two more restyles before the first frame.
    AUTO_FOCUS = "#choices"

    BINDINGS = [
        Binding("1", "choose(1)", "Choose", key_display="1-9", id="choose_1"),
        *(Binding(str(n), f"choose({n})", f"Choice {n}", show=False, id=f"choose_{n}") for n in range(2, 10)),
        Binding("j", "journal", "Journal", id="journal"),
        Binding("c", "codex", "Codex", id="codex"),
        Binding("s", "standing", "Standing", id="standing"),
        Binding("v", "vote_count", "Count", id="vote_count"),
        Binding("o", "unfold", "Whole outcome", show=False, id="unfold_outcome"),
        Binding("ctrl+s", "app.save", "Save", id="play_save"),
        Binding("q", "app.quit", "Quit", id="play_quit"),
        Binding("ctrl+o", "app.load", "Load", show=False, id="play_load"),
        Binding("f5", "app.quicksave", "Quicksave", show=False, id="play_quicksave"),
        Binding("f9", "app.quickload", "Quickload", show=False, id="play_quickload"),
        Binding("pageup", "scroll_prose(-1)", "Scroll up", show=False, id="prose_up"),
        Binding("pagedown", "scroll_prose(1)", "Scroll down", show=False, id="prose_down"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__(game)
        # The width's class from the start: the screen's first Resize then finds it set and has no call to
        # restyle every widget a second time before the first frame.
        width = self.app.size.width
        self.add_class(next(name for at, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True) if width >= at),
                       update=False)     # it is styled when it is mounted
        self.last: Outcome | None = None
        self.unfolded = False        # the player asked for the whole outcome (or aims) in view (`o`)
        self.folded = False          # the outcome (or, before the first choice, the aims) is shown folded now
        self._refold_pending = False  # the outcome is to be folded again to the room a new layout leaves
        self.side_stale = False      # the standing beside the event is not up to date (it was hidden)

    def compose(self) -> ComposeResult:
        # The bars and the standing are split off the screen's edges, and the story column is the screen's own
        # vertical layout in the room they leave: no container between them and the screen, so that a turn, which
        # moves much of the column, lays out and paints two layers fewer. The story (the outcome, the event, its
        # count and sources) is one widget that draws its own lines: a new event redraws it and lays nothing out.
        yield StatusBar(id="status")
        yield KeyBar()
        yield StandingPanel(id="side")
        yield TextBlock(id="warnings")
        yield TextBlock(id="notices")
        yield StoryView(id="prose")
        yield CountSummary(id="count-summary")
        yield ChoiceList(id="choices")

    def on_mount(self) -> None:
        if self not in self.app.screen_stack:
            # Replaced before it was first drawn (Enter pressed twice on a save to load begins two games):
            # its widgets are already being taken away, and it has nothing to show.
            return
        # Looked up once: a turn redraws them all, and a query costs more than the drawing decides.
        self.status = self.query_one(StatusBar)
        self.keys = self.query_one(KeyBar)
        self.warnings = self.query_one("#warnings", TextBlock)
        self.notices = self.query_one("#notices", TextBlock)
        self.count_summary = self.query_one(CountSummary)
        self.choices = self.query_one(ChoiceList)
        self.side = self.query_one("#side", StandingPanel)
        self.prose = self.query_one("#prose", StoryView)
        self.story = (self.warnings, self.notices, self.prose, self.count_summary, self.choices)
        self.show_current()

    # -- drawing --------------------------------------------------------------------------
    def show_current(self) -> None:
        """Draw the game as it stands: the last outcome, the event and its choices."""
        try:
            self._draw()
        except ScenarioRuntimeError as e:
            self.politburo.scenario_failed(e)

    def _draw(self) -> None:
        g = self.game
        view = g.current()
        if view is None:
            return
        self.status.show_game(view.date, view.turn, g.scenario.roles[g.role].name, g.scenario.title)
        self.show_warnings()
        self.show_notices()
        self.show_event(view)
        staged = self.prose.showing("whip")
        self.prose.show("whip", whip_count(view, g.scenario, g.player))
        self.count_summary.show_count(view)
        if staged != self.prose.showing("whip"):
            self.refresh_bindings()     # the count's key is offered only while there is a count
        self.choices.show(view.choices, view.whip)
        self.show_outcome()             # last: it takes the room the rest leaves
        self.show_side()
        prose = self.prose
        if prose.scroll_y:
            prose.scroll_home(animate=False, immediate=True)

    def show_side(self) -> None:
        """The standing beside the event, worked out only while it is shown (a narrow screen hides it)."""
        self.side_stale = not self.side.display
        if not self.side_stale:
            self.side.show(self.game)

    def on_resize(self) -> None:
        """A screen grown wide enough shows the standing, and the outcome above the event is folded or unfolded
        to the new room: both once the new layout is there."""
        if self.side_stale:
            self.call_after_refresh(self.show_side)
        self.refold_after_layout()

    def show_notices(self) -> None:
        """Alliances, offices and deaths the last choice changed, in a band above the event."""
        changes = self.last.changes if self.last else ()
        lines = Hanging((Content.styled(f"{NOTICES[c[0]]}: ", "bold"), text)
                        for c, text in self.game.describe_all([c for c in changes if c[0] in NOTICES]))
        band = self.notices
        band.show(lines)
        band.display = bool(lines)

    def show_warnings(self) -> None:
        """Stats at or below the level where the scenario warns, in a band that stays while they are."""
        g = self.game
        lines = Hanging((Content.styled("⚠ ", "bold"), stat_warning(g.scenario.stats[sid].name, g.stats[sid], text))
                        for sid, text in g.warnings())
        self.warnings.show(lines)
        self.warnings.display = bool(lines)

    def show_outcome(self) -> None:
        """The last choice's outcome above the next event: whole if it fits, else folded to the room left. The
        story is then all set, and drawn at once (its scrollbar has its new length in the same frame)."""
        last = self.last
        if last is None:
            self.show_aims()
        else:
            shown = outcome_content(self.game, last, noticed=True)
            self.prose.show("outcome", self.fold(shown, lambda: outcome_content(self.game, last, noticed=True,
                                                                                folded=True),
                                                 "the whole outcome") if shown else "")
        self.prose.settle()

    def fold(self, whole: Hanging, short: Callable[[], Hanging], what: str) -> Hanging:
        """`whole` if it fits the room the event leaves above it (or the player unfolded it), else `short()` cut
        to that room, with the key that shows `what` at its foot."""
        room, width = self.outcome_room()
        self.folded = False
        if not self.prose.size.height:
            self.refold_after_layout()  # drawn to the room the styles make: checked once the layout is there
        if room is None or self.unfolded or lines_of(whole, width) <= room:
            return whole
        self.folded = True
        shown = short()
        lines = shown.wrap(width)
        key = next((self.app.get_key_display(a.binding) for a in self.active_bindings.values()
                    if a.binding.id == "unfold_outcome"), "o")
        hint = Content.styled(f"… {key} shows {what}", "$text-primary")
        if len(lines) >= room:
            return Hanging(("", line) for line in [*lines[:max(0, room - 1)], hint])
        return shown + Hanging([("", hint)])

    def refold_after_layout(self) -> None:
        if not self._refold_pending:
            self._refold_pending = True
            self.call_after_refresh(self._refold)

    def _refold(self) -> None:
        self._refold_pending = False
        if self.is_attached and self.game.status == Status.EVENT:
            self.show_outcome()

    def outcome_room(self) -> tuple[int | None, int]:
        """The lines the outcome may take with the event's title and first lines in view (None before the screen
        is laid out; at least one), and the width it wraps to."""
        story, width = self.story_size()
        width -= 3      # the outcome's border and padding
        if not story.height or width < 1:
            return None, max(1, width)
        band = story.width - 4
        used = sum(lines_of(b.shown, band) for b in (self.warnings, self.notices) if b.display)
        if self.count_summary.display:
            used += lines_of(self.count_summary.shown, band)
        listed = 2 + self.choices.lines_at(story.width - 6)
        used += max(3, min(listed, story.height * 6 // 10))
        prose = story.height - used
        return max(1, prose - 1 - EVENT_LINES), width

    def story_size(self) -> tuple[Size, int]:
        """The story column's size (the screen less its bars and the standing beside it) and the width of the
        text in its prose. Before the screen is first laid out they are worked out from the screen's size and the
        styles, so that the first frame is drawn to fit."""
        if not self.size.height:
            return Size(0, 0), 0
        if not self.prose.size.height:
            return self.estimated_story_size()
        side = self.side.outer_size.width if self.side.display else 0
        bars = sum(bar.outer_size.height for bar in (self.status, self.keys) if bar.display)
        return Size(self.size.width - side, self.size.height - bars), self.prose.scrollable_content_region.width

    def estimated_story_size(self) -> tuple[Size, int]:
        """`story_size` as the screen's size and the styles make it, before the layout has been worked out."""
        width = self.size.width - (self.side.styles.width.value if self.side.display and self.side.styles.width else 0)
        height = self.size.height - sum(bar.styles.height.value for bar in (self.status, self.keys)
                                        if bar.display and bar.styles.height)
        # A vertical layout gives a child 1fr wide the column less the widest side margins among the children.
        margins = max((child.styles.margin.width for child in self.story if child.display), default=0)
        prose = self.prose.styles
        return Size(int(width), int(height)), int(width - margins - prose.padding.width - prose.scrollbar_size_vertical)

    def action_unfold(self) -> None:
        """Show the whole outcome of the last choice, or before the first the aims (the prose scrolls to read it)."""
        if self.folded:
            self.unfolded = True
            self.show_outcome()

    def show_aims(self) -> None:
        """Before the first decision: what the role wants and fears, where the outcome of a choice goes later."""
        aims = self.game.aims() if not self.game.journal else []
        shown = Hanging()
        for kind, heading in (("aim", "What you want"), ("fear", "What you fear")):
            items = [(text, holds) for k, text, holds in aims if k == kind]
            if items:
                shown += Hanging([("", Content.styled(heading, "bold $text-primary"))])
                shown += Hanging((Content.styled(AIM_STATE[kind, holds][0] + " ", "$text-primary"), " ".join(text.split()))
                                 for text, holds in items)
        if shown:
            shown += Hanging([("", Content.styled("Your standing (s) shows how each stands as the game goes on.", "italic"))])

        def short() -> Hanging:
            # Each heading with its aims run on in one paragraph, so that the first event's text stays in view.
            return Hanging((Content.styled(f"{heading}: ", "bold $text-primary"),
                            Content.styled(" · ".join(" ".join(text.split()) for k, text, _ in aims if k == kind),
                                           "$text-muted"))
                           for kind, heading in (("aim", "You want"), ("fear", "You fear"))
                           if any(k == kind for k, _, _ in aims))

        self.prose.show("outcome", self.fold(shown, short, "all your aims and fears") if shown else "")

    def show_event(self, view: EventView) -> None:
        title = Content.styled(view.title, "bold $text-primary")
        if view.actor:
            title = Content.assemble(title, ("  ·  ", "$text-muted"), (f"{view.actor}'s move", "italic $text-accent"))
        prose = self.prose
        prose.show("event-title", title)
        prose.show("event-text", Hanging([("", reflow(view.text))]))     # wrapped once, for the layout and the drawing
        labels = [ref.label(self.game.scenario.sources) for ref in view.sources]
        prose.show("event-sources",
            Content.styled("Sources: " + "; ".join(labels), "italic $text-muted") if labels else "")

    # -- choosing ---------------------------------------------------------------------------
    def action_choose(self, number: int) -> None:
        """A choice's number key, made here at once: a message to the screen would wait its turn at every
        container on the way up."""
        choice = self.choices.take(number)
        if choice is None:
            return
        if choice.available:
            self.make_choice(choice.id)
        else:
            self.refuse(choice)

    def on_choice_list_unavailable_picked(self, event: ChoiceList.UnavailablePicked) -> None:
        self.refuse(event.choice)

    def refuse(self, choice: ChoiceView) -> None:
        """Say why a choice that is not open now cannot be made."""
        reason = choice.reason.rstrip(".")
        self.notify(f"That is not open to you now{': ' + reason if reason else ''}.",
                    severity="warning", markup=False)

    def on_choice_list_choice_made(self, event: ChoiceList.ChoiceMade) -> None:
        event.stop()
        self.make_choice(event.choice_id)

    def make_choice(self, choice_id: str) -> None:
        """Apply a choice in the engine and draw what follows."""
        self.politburo.hold_collector()
        try:
            outcome = self.game.choose(choice_id)
        except ScenarioRuntimeError as e:
            self.politburo.scenario_failed(e)
            return
        except GameError as e:
            self.notify(str(e), severity="warning", markup=False)
            return
        # A choice that ends a chapter has its outcome shown over the chapter's summary: the next chapter
        # begins on a clean page.
        self.last = None if self.game.interlude else outcome
        self.unfolded = False
        # Saved once the frame is drawn, so the next event is not kept waiting for the disk.
        self.app.call_after_refresh(self.politburo.autosave, self.game)
        if self.game.status == Status.EVENT:
            self.show_current()
            if self.game.interlude:     # the choice ended a chapter: its summary comes before the next event
                self.politburo.show_interlude(self.game, outcome)
        else:
            self.politburo.game_over(self.game, outcome)

    # -- live reload (play --watch) ---------------------------------------------------------
    def reloaded(self, game: Game) -> None:
        """The scenario was reloaded: play on with `game`, the same game in the changed scenario, as it now reads."""
        self.game = game
        self.show_reload_errors(None)
        if game.status == Status.EVENT:
            self.show_current()

    def show_reload_errors(self, reload: Reload | None) -> None:
        """Why the scenario could not be reloaded, in a band above the event that stays until it reloads (None: no band)."""
        band = next(iter(self.query("#reload-errors").results(TextBlock)), None)
        if reload is None:
            if band is not None:
                band.remove()
            return
        if band is None:
            band = TextBlock(id="reload-errors")
            self.mount(band, before=self.warnings)
        band.show(Content.assemble((reload.message, "bold"), *(f"\n{line}" for line in reload.errors)))

    # -- elsewhere --------------------------------------------------------------------------
    def action_journal(self) -> None:
        from game.tui.screens.journal import JournalScreen
        self.app.push_screen(JournalScreen(self.game))

    def action_codex(self) -> None:
        from game.tui.screens.codex import CodexScreen
        self.app.push_screen(CodexScreen(self.game))

    def action_standing(self) -> None:
        from game.tui.screens.standing import StandingScreen
        self.app.push_screen(StandingScreen(self.game))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The count's key only while the event stages a vote."""
        if action == "vote_count":
            return self.is_mounted and hasattr(self, "prose") and self.prose.showing("whip")
        return True

    def action_vote_count(self) -> None:
        """Bring the count before the vote into view (it follows the event's text)."""
        if self.prose.showing("whip"):
            first, _ = self.prose.span("whip")
            self.prose.scroll_to(y=first, animate=False, immediate=True)

    def action_scroll_prose(self, direction: int) -> None:
        prose = self.prose
        if direction < 0:
            prose.scroll_page_up(animate=False)
        else:
            prose.scroll_page_down(animate=False)
