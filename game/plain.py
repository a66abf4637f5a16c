"""Plain mode: the game as lines of text, for screen readers, scripts and tests.

It prints the date, the event and numbered choices, and reads a number (or a command) from
standard input. End of input ends the game cleanly.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import IO, Any

from game.engine import EventView, Game, GameError, ScenarioRuntimeError, Status, path_beside_history, standing
from game.engine.dates import format_month, format_when
from game.engine.inspect import inspect
from game.engine.model import Scenario
from game.engine.politics import WAVERING
from game.engine.records import history_marks
from game.engine.views import AimLine
from game.prose import paragraphs
from game.saves import NameTaken, SaveError, SaveStore, describe
from game.session import AutosaveWords, Notice, Reload, Session
from game.wording import (
    AIM_STATE,
    HISTORY_LABEL,
    chapter_decisions,
    chapter_departure,
    count_groups,
    count_totals,
    departure,
    expectation,
    kept_count,
    kept_summary,
    sides,
    stat_warning,
    tally_groups,
)

HELP = """Commands:
  1, 2, 3 ...  make that choice
  journal      every decision so far, with the votes and where you left history
  stats        your standing: aims and fears, stats and what they mean, allies, votes, offices
  save NAME    save the game under NAME (asks before saving over a save)
  load NAME    load the saved game NAME
  saves        list the saved games
  help         this list
  quit         leave the game (end of input does the same)

The game is autosaved after every choice ('autosave-1' to 'autosave-3')."""

# The writer's tools, listed in the help only when `play --inspect` turned them on.
INSPECT_HELP = """

The writer's tools (play --inspect):
  inspect      the state now, why this event came and why the others did not
  jump WHEN [NAME=VALUE ...]
               start again at a date (YYYY-MM or YYYY-MM-DD) or an event, by the historical
               path, with stats, flags or rel.CHARACTER set (NAME=VALUE: a number, true or false)"""

# What `play --watch` adds to the commands.
WATCH_HELP = """
The scenario's files are watched: a change is reloaded before the next prompt.
  reload       check the scenario's files again now"""

# The autosave's reports as the plain mode words them.
AUTOSAVE_WORDS = AutosaveWords(Notice("Autosave failed: {error}"),
                               busy=Notice("Not autosaved: {error}. Type 'save NAME' to keep this game."))


class PlainGame:
    """A game driven by lines of text; without a store nothing is saved.

    It plays the scenario of the game it is given: a save of another scenario is not loaded here, and the
    player is told how to start it.
    """

    def __init__(self, game: Game, inp: IO[str], out: IO[str], store: SaveStore | None = None, *,
                 inspect: bool = False, watch: bool = False) -> None:
        self.session = Session(store=store, saving=store is not None, scenario=game.scenario, one_scenario=True,
                               words=AUTOSAVE_WORDS, watch=watch)
        self.session.play(game)
        self.inp = inp
        self.out = out
        self.width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)
        self.inspecting = inspect       # the writer's tools: `inspect` and `jump`

    @property
    def game(self) -> Game:
        """The game in play (a load replaces it)."""
        game = self.session.game
        assert game is not None
        return game

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def para(self, text: str, indent: str = "") -> None:
        for block in paragraphs(text):
            self.say(textwrap.fill(block, self.width,
                                   initial_indent=indent, subsequent_indent=indent))
            self.say()

    def run(self) -> int:
        """Play until the game ends, the player quits, or input ends; the exit status."""
        g = self.game
        role = g.scenario.roles[g.role]
        self.say(f"{g.scenario.title}: you are {role.name}. Seed {g.seed}. Type 'help' for commands.")
        self.say()
        if not g.journal and g.status == Status.EVENT:
            self.show_chapter_start()
            self.show_aims(g.aims())
        try:
            while True:
                g = self.game        # a load replaces it
                if g.interlude:
                    self.show_chapter_end()
                if g.status == Status.ENDED:
                    self.show_ending()
                    return 0
                if g.status == Status.DEAD_END:
                    self.say(f"The game cannot go on: {g.dead_end}. This is a fault in the scenario.")
                    return 1
                view = g.current()
                assert view is not None
                self.show_event(view)
                if not self.prompt(view):
                    self.say("Goodbye.")
                    return 0
        except ScenarioRuntimeError as e:
            self.say(f"error: the scenario failed during play: {e}")
            return 1

    def show_chapter_start(self) -> None:
        """The chapter a new game begins at, and where things stand, in a campaign."""
        chapter = self.game.chapter
        if chapter is None:
            return
        self.say(f"Chapter: {chapter.title}, from {format_month(chapter.start)}.")
        if chapter.description:
            self.para(chapter.description, "  ")
        else:
            self.say()

    def show_chapter_end(self) -> None:
        """The summary of the chapter that has just ended, then on into the next: it is read once."""
        s = self.game.chapter_summary()
        if s is None:
            return
        self.say(f"=== THE END OF A CHAPTER: {s.title} ({s.period}) ===")
        self.say()
        if s.text:
            self.para(s.text)
        for heading, lines, none in (
                ("What changed:", s.changes, "Nothing of note changed in your game."),
                ("Where your game differs from the record:", s.differences,
                 "The offices are held as they were in the record.")):
            self.say(heading)
            for line in lines:
                self.wrap(line, "  - ", "    ")
            if not lines:
                self.wrap(none, "  ")
            self.say()
        self.wrap(chapter_decisions(s.kept, len(s.departures)))
        for d in s.departures:
            self.wrap(chapter_departure(d), "  - ", "    ")
        self.say()
        if s.next_title and not self.game.ended:
            self.say(f"Next chapter: {s.next_title}.")
            self.say()
        self.game.close_chapter()
        self.autosave()

    def show_event(self, view: EventView) -> None:
        g = self.game
        self.say(f"== {format_when(view.date)} | turn {view.turn} | {g.scenario.roles[g.role].name} ==")
        for sid, text in g.warnings():
            self.say(f"! Warning: {stat_warning(g.scenario.stats[sid].name, g.stats[sid], text)}")
        self.say(view.title.upper() + (f" ({view.actor}'s move)" if view.actor else ""))
        self.say()
        self.para(view.text)
        if view.vote:
            self.show_count(view)
        for i, c in enumerate(view.choices, 1):
            body = c.text if c.available else f"[unavailable] {c.text}{f' ({c.reason})' if c.reason else ''}"
            self.say(textwrap.fill(" ".join(body.split()), self.width, initial_indent=f"  {i}. ",
                                   subsequent_indent=" " * (len(str(i)) + 4)))
        self.say()

    def show_count(self, view: EventView) -> None:
        """The count before the vote a set piece stages (or why there is none)."""
        g = self.game
        vote = g.scenario.votes[view.vote]
        self.wrap(f"THE COUNT BEFORE THE VOTE ({g.scenario.bodies[vote.body].name}): {' '.join(vote.motion.split())}")
        self.wrap(sides(g.scenario, vote.id, g.player), "  ")
        whip = view.whip
        if whip is None:
            self.wrap("The ballot is secret: the count cannot be known before the vote.", "  ")
            self.say()
            return
        for group in count_groups(whip):
            if group.side == WAVERING:
                self.say(f"  {group.label}, {group.votes}:" + ("" if group.who else " no one"))
                for line in group.who:
                    self.wrap(line, "    ", "      ")
            else:
                self.wrap(f"{group.label}, {group.votes} firm: {', '.join(group.who) or 'no one'}", "  ", "    ")
        self.wrap(f"{count_totals(whip)}.", "  ", "    ")
        self.wrap(expectation(whip), "  ")
        self.say()

    def wrap(self, text: str, indent: str = "", subsequent: str | None = None) -> None:
        """One line of text, wrapped to the width."""
        self.say(textwrap.fill(" ".join(text.split()), self.width, initial_indent=indent,
                               subsequent_indent=indent if subsequent is None else subsequent))

    def show_tally(self, change: list[Any], indent: str) -> None:
        """Who voted how in a recorded vote, a line for each side."""
        for group in tally_groups(self.game.scenario, change):
            self.wrap(f"{group.label} {group.votes}: {', '.join(group.who)}", indent, indent + "  ")

    def show_aims(self, aims: Sequence[AimLine]) -> None:
        """The role's aims and fears, each with whether it holds now."""
        for kind, heading in (("aim", "Your aims:"), ("fear", "Your fears:")):
            items = [(a.text, a.holds) for a in aims if a.kind == kind]
            if items:
                self.say(heading)
            for text, holds in items:
                self.wrap(f"[{AIM_STATE[kind, holds][1]}] {text}", "  ", "    ")
        if aims:
            self.say()

    def prompt(self, view: EventView) -> bool:
        """Read until a choice is made; False when the player quits or input ends."""
        while True:
            if self.session.watching and self.reload(self.session.check_for_changes()):
                return True
            self.out.write("> ")
            self.out.flush()
            line = self.inp.readline()
            if not line:
                self.say()
                return False
            cmd = line.strip().lower()
            if cmd in ("quit", "exit", "q"):
                return False
            if cmd in ("help", "h", "?"):
                self.say(HELP + (INSPECT_HELP if self.inspecting else "") + (WATCH_HELP if self.session.watching else ""))
            elif self.inspecting and cmd == "inspect":
                self.show_inspection()
            elif self.inspecting and cmd.split(maxsplit=1)[:1] == ["jump"]:
                if self.jump(line.strip()[4:]):
                    return True
            elif cmd == "reload" and self.session.watching:
                if self.reload(self.session.reload()):
                    return True
            elif cmd == "journal":
                self.show_journal()
            elif cmd == "stats":
                self.show_stats()
            elif cmd == "saves":
                self.show_saves()
            elif cmd.split(maxsplit=1)[:1] in (["save"], ["load"]):
                verb, _, name = line.strip().partition(" ")
                verb = verb.lower()
                if not name.strip():
                    self.say(f"Type '{verb} NAME'" + (", or 'saves' to see them." if verb == "load" else "."))
                elif verb == "save":
                    self.save(name)
                elif self.load(name):
                    return True
            elif cmd.isdigit() and 1 <= int(cmd) <= len(view.choices):
                choice = view.choices[int(cmd) - 1]
                if not choice.available:
                    self.say(f"That is not open to you now{': ' + choice.reason.rstrip('.') if choice.reason else ''}.")
                    continue
                self.apply(choice.id)
                return True
            elif cmd == "":
                continue
            else:
                self.say(f"Type a number from 1 to {len(view.choices)}, or 'help'.")

    def apply(self, choice_id: str) -> None:
        try:
            outcome = self.game.choose(choice_id)
        except GameError as e:
            if isinstance(e, ScenarioRuntimeError):
                raise
            self.say(str(e))
            return
        self.autosave()
        self.say()
        if outcome.text:
            self.para(outcome.text)
        for change in outcome.changes:
            self.say(f"  * {self.game.describe(change)}")
            if change[0] == "vote":
                self.show_tally(change, "      ")
        if outcome.changes:
            self.say()

    # -- the writer's tools ---------------------------------------------------------------------
    def show_inspection(self) -> None:
        """The state now, and why the current event came and the others did not."""
        self.say()
        for text in inspect(self.game).lines():
            indent = " " * (len(text) - len(text.lstrip(" ")))
            self.wrap(text, indent, indent + "    ")
        self.say()

    def jump(self, text: str) -> bool:
        """Start this scenario, role and seed again at a date or an event, with settings; False (after
        saying why) if it cannot be done."""
        try:
            jumped = self.session.jump(text)
        except GameError as e:
            self.say(f"Cannot jump: {e}")
            return False
        self.say(jumped.message)
        self.say()
        return True

    # -- live reload (play --watch) ---------------------------------------------------------
    def reload(self, reload: Reload | None) -> bool:
        """Say what a reload came to; True when the event in play reads differently now, and is to be shown again."""
        if reload is None:
            return False
        self.say(reload.message)
        for line in reload.errors:
            self.say(f"  {line}")
        self.say()
        return reload.ok and reload.redraw

    # -- saved games ------------------------------------------------------------------------
    def autosave(self) -> None:
        notice = self.session.autosave()
        if notice is not None:
            self.say(notice.text)

    def save(self, name: str) -> None:
        """Save under `name`; a save already there is replaced only if the player says so."""
        if not self.session.saving:
            self.say("Saving is off in this session.")
            return
        try:
            try:
                entry = self.session.save(name, replace=False)
            except NameTaken as taken:
                if not self.ask(f"A save named '{taken.name}' already exists. Overwrite it? [y/N] "):
                    self.say(f"Not saved: '{taken.name}' is kept as it was.")
                    return
                entry = self.session.save(name)
        except SaveError as e:
            self.say(f"Not saved: {e}")
            return
        self.say(f"Saved as '{entry.name}' in {self.session.saves.folder}.")

    def ask(self, question: str) -> bool:
        """Ask a yes-or-no question; only yes is yes (end of input is no)."""
        self.out.write(question)
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.say()
        return line.strip().lower() in ("y", "yes")

    def load(self, name: str) -> bool:
        """Replace the game with a saved one; False (after saying why) if it cannot be loaded."""
        if not self.session.saving:
            self.say("Saving is off in this session.")
            return False
        try:
            loaded = self.session.load(name)
        except SaveError as e:
            self.say(f"Not loaded: {e}")
            return False
        for note in loaded.notes:
            self.say(f"Note: {note}.")
        self.say(loaded.message)
        self.say()
        return True

    def show_saves(self) -> None:
        if not self.session.saving:
            self.say("Saving is off in this session.")
            return
        entries = self.session.saves.entries()
        if not entries:
            self.say(f"No saved games in {self.session.saves.folder}.")
        for e in entries:
            self.say(f"  {e.name}: " + (f"DAMAGED: {e.problem}" if e.meta is None else describe(e.meta)))

    def show_journal(self) -> None:
        self.say()
        if not self.game.journal:
            self.say("No decisions yet.")
            return
        for j, mark in zip(self.game.journal, history_marks(self.game.journal)):
            when = j["date"][:7] if j["date"].endswith("-01") else j["date"]     # the day, where it has one
            self.say(f"{when}  {j['title']}: {j['choice_text']}" + (f" ({HISTORY_LABEL[mark]})" if mark else ""))
            for change in j["changes"]:
                self.say(f"           * {self.game.describe(change)}")
                if change[0] == "vote":
                    self.show_tally(change, "               ")

    def show_stats(self) -> None:
        st = standing(self.game)
        self.say()
        self.show_aims(st.aims)
        self.say("Stats:")
        for line in st.stats:
            self.say(f"  {line.name:<24} {line.value:>4}  ({line.min}..{line.max})")
            if line.description:
                self.wrap(line.description, "      ")
            if line.warning:
                self.wrap(f"! Warning: {line.warning}", "      ", "        ")
        self.say("Standing:")
        self.say(f"  Allies: {', '.join(st.allies) if st.allies else 'none'}")
        self.say(f"  Your offices: {', '.join(st.player_offices) if st.player_offices else 'none'}")
        for b in st.bodies:
            if b.seats is not None:
                wavering = f", {b.wavering} wavering" if b.wavering else ""
                self.say(f"  {b.name}: {int(b.votes)} of {b.seats} votes firmly with you{wavering}")
            else:
                self.say(f"  {b.name}: {b.votes:.0f}% with you")
        self.say("Factions:")
        for group in st.alliances:
            self.say(textwrap.fill(f"{group.name}: {', '.join(group.members)}", self.width,
                                   initial_indent="  ", subsequent_indent="    "))
        self.say("Relationships:")
        for r in st.relations:
            self.say(f"  {r.name:<24} {r.value:+4d}")
        self.say()

    def show_ending(self) -> None:
        e = self.game.ending()
        assert e is not None
        label = "historical: this is what happened" if e.kind == "historical" else "counterfactual: this is not what happened"
        self.say(f"=== THE END: {e.title} ({label}) ===")
        self.say()
        self.para(e.text)
        if e.history:
            self.say("What really happened:")
            self.para(e.history, "  ")
        self.show_departures()
        self.show_path()
        if e.sources:
            self.say("Sources:")
            for ref in e.sources:
                self.say(textwrap.fill(ref.label(self.game.scenario.sources), self.width,
                                       initial_indent="  - ", subsequent_indent="    "))


    def show_departures(self) -> None:
        """Where the player left what the real person did, if the game met any decision the record tells."""
        kept, marked = kept_count(self.game.journal)
        if not marked:
            return
        self.say("Where you left history:")
        for d in self.game.departures():
            self.wrap(departure(d), "  ", "    ")
        self.wrap(kept_summary(kept, marked), "  ")
        self.say()

    def show_path(self) -> None:
        """The player's path beside the record, month by month."""
        self.say("Your path beside the record:")
        for row in path_beside_history(self.game):
            self.say(f"  {format_month(row.month)}")
            for text, mark in zip(row.you, row.marks or ("",) * len(row.you)):
                note = f" ({HISTORY_LABEL[mark]})" if mark else ""
                self.wrap(f"You: {text}{note}", "    ", "      ")
            for text in row.history:
                self.wrap(f"History: {text}", "    ", "      ")
        self.say()


def pick_role(scenario: Scenario, inp: IO[str], out: IO[str], chapter: str | None = None) -> str | None:
    """Ask which role to play (of those that play `chapter`, when given); None if the player quits or
    input ends."""
    begin = scenario.find_chapter(chapter)
    roles = [r for r in scenario.roles.values() if begin is None or begin.plays(r.id)]
    if len(roles) == 1:
        return roles[0].id
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)
    out.write(f"{scenario.title}\n\nChoose your role:\n\n")
    for i, r in enumerate(roles, 1):
        out.write(f"  {i}. {r.name}\n")
        about = " ".join((r.position or r.bio).split())
        out.write(textwrap.fill(about, width, initial_indent="     ", subsequent_indent="     ") + "\n\n")
    while True:
        out.write("> ")
        out.flush()
        line = inp.readline()
        if not line:
            return None
        text = line.strip().lower()
        if text.isdigit() and 1 <= int(text) <= len(roles):
            return roles[int(text) - 1].id
        for r in roles:
            if text == r.id:
                return r.id
        if text in ("quit", "q", "exit"):
            return None
        out.write(f"Type a number from 1 to {len(roles)}.\n")
