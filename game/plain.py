"""Plain mode: the game as lines of text, for screen readers, scripts and tests.

It prints the date, the event and numbered choices, and reads a number (or a command) from
standard input. End of input ends the game cleanly.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import IO, Any

from game.engine import (
    EventView,
    Game,
    GameError,
    ScenarioChangedError,
    ScenarioRuntimeError,
    Status,
    TimelineRow,
    path_beside_history,
    record_after,
    standing,
)
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
    choice_counts,
    count_groups,
    count_totals,
    departure,
    ending_label,
    expectation,
    kept_count,
    kept_summary,
    secret_ballot,
    sides,
    stat_warning,
    tally_groups,
)

# The commands, each with what it does; the help lists them in a column, wrapped to the width.
COMMANDS = (
    ("1, 2, 3 ...", "make that choice"),
    ("journal", "every decision so far, with the votes and where you left history"),
    ("stats", "your standing: aims and fears, stats and what they mean, allies, votes, offices"),
    ("save NAME", "save the game under NAME (asks before saving over a save)"),
    ("load NAME", "load the saved game NAME"),
    ("saves", "list the saved games"),
    ("help", "this list"),
    ("quit", "leave the game (end of input does the same)"),
)
AUTOSAVED = "The game is autosaved after every choice ('autosave-1' to 'autosave-3')."

# The writer's tools, listed in the help only when `play --inspect` turned them on.
INSPECT_HEADING = "The writer's tools (play --inspect):"
INSPECT_COMMANDS = (
    ("inspect", "the state now, why this event came and why the others did not"),
    ("jump WHEN [NAME=VALUE ...]",
     "start again at a date (YYYY-MM or YYYY-MM-DD) or an event, by the historical path, with stats, flags or "
     "rel.CHARACTER set (NAME=VALUE: a number, true or false)"),
)

# What `play --watch` adds to the commands.
WATCH_HEADING = "The scenario's files are watched: a change is reloaded before the next prompt."
WATCH_COMMANDS = (("reload", "check the scenario's files again now"),)

# A stand-in for the spaces inside a phrase that is not to be broken across lines: a character of
# Unicode's private use area, which no scenario's text contains and which is not a space to textwrap.
KEEP = "\ue000"

# Where the help's descriptions begin, and how long a command may be to stand beside its description.
COMMAND_COLUMN = 15


def text_width() -> int:
    """The width plain mode wraps to: the terminal's, 80 columns when it cannot be told, less a margin of
    two; at most 98, as wide as a line reads comfortably, and at least 40."""
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)


def fill(text: str, width: int, indent: str = "", hang: str | None = None) -> str:
    """`text`, its spacing normalised, as lines of at most `width` broken only at spaces: never inside a
    word or at its hyphen (a word longer than the line stands whole). The first line begins with
    `indent`, the others with `hang` (by default `indent` too)."""
    lines = textwrap.wrap(" ".join(text.split()), width, initial_indent=indent,
                          subsequent_indent=indent if hang is None else hang,
                          break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace(KEEP, " ")


def labelled(label: str, value: str | Sequence[str], width: int, indent: str = "  ") -> str:
    """A label and its value, as lines of at most `width`: the label and the start of the value share the
    first line, and the rest of the value follows on lines indented under its start (or four places
    under the label, when the label takes more than half the line).

    A value given as items (names, offices) is written with commas between them, and an item that
    does not fit on a line goes whole onto the next, so that "Chairman of the Revvoensovet" is never
    broken; only an item too long for any line is broken, at its spaces.
    """
    head = f"{indent}{label} "
    hang = " " * len(head) if len(head) <= width // 2 else indent + "    "
    if isinstance(value, str):
        return fill(value, width, head, hang)
    words = []
    for i, item in enumerate(value):
        word = " ".join(item.split()) + ("," if i < len(value) - 1 else "")
        whole = len(word) <= width - len(hang) and (i > 0 or len(head) + len(word) <= width)
        words.append(word.replace(" ", KEEP) if whole else word)
    return fill(" ".join(words), width, head, hang)


def command_lines(commands: Sequence[tuple[str, str]], width: int) -> list[str]:
    """Commands in a column with what each does beside it, wrapped under the description; a command too
    long to stand beside its description has a line of its own."""
    lines = []
    for command, does in commands:
        beside = len(command) < COMMAND_COLUMN - 3
        if not beside:
            lines.append(f"  {command}")
        lines.append(fill(does, width, f"  {command:<{COMMAND_COLUMN - 2}}" if beside else " " * COMMAND_COLUMN,
                          " " * COMMAND_COLUMN))
    return lines


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
        self.width = text_width()
        self.warned: dict[str, int] = {}   # each stat warned of, at the value it was last said at
        self.inspecting = inspect       # the writer's tools: `inspect` and `jump`

    @property
    def game(self) -> Game:
        """The game in play (a load replaces it)."""
        game = self.session.game
        assert game is not None
        return game

    def say(self, text: str = "") -> None:
        """Write lines of text. A line too long for the width is broken at its spaces, its continuation
        indented two places under its start: no line is left for the terminal to break mid-word."""
        for line in text.split("\n"):
            if len(line) > self.width:
                lead = line[:len(line) - len(line.lstrip(" "))]
                line = fill(line, self.width, lead, lead + "  ")
            self.out.write(line + "\n")

    def error(self, text: str) -> None:
        """An error or refusal, on one line however long (it names a file, and a line and column where there is
        one): copied or searched for whole, it is never broken."""
        self.out.write(" ".join(text.split()) + "\n")

    def para(self, text: str, indent: str = "") -> None:
        for block in paragraphs(text):
            self.say(fill(block, self.width, indent))
            self.say()

    def wrap(self, text: str, indent: str = "", subsequent: str | None = None) -> None:
        """One line of text, wrapped to the width."""
        self.say(fill(text, self.width, indent, subsequent))

    def label(self, label: str, value: str | Sequence[str], indent: str = "  ") -> None:
        """A label and its value (or its items), wrapped to the width under the value."""
        self.say(labelled(label, value, self.width, indent))

    def show_help(self) -> None:
        """The commands, with the writer's tools and the reload when they are on."""
        lines = ["Commands:", *command_lines(COMMANDS, self.width), "", fill(AUTOSAVED, self.width)]
        if self.inspecting:
            lines += ["", fill(INSPECT_HEADING, self.width), *command_lines(INSPECT_COMMANDS, self.width)]
        if self.session.watching:
            lines += [fill(WATCH_HEADING, self.width), *command_lines(WATCH_COMMANDS, self.width)]
        self.say("\n".join(lines))

    def run(self) -> int:
        """Play until the game ends, the player quits, or input ends; the exit status."""
        g = self.game
        role = g.scenario.roles[g.role]
        self.wrap(f"{g.scenario.title}: you are {role.name}. Seed {g.seed}. Type 'help' for commands.")
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
                    if self.look_back():
                        continue        # a saved game loaded: it is played on
                    return 0
                if g.status == Status.DEAD_END:
                    self.error(f"The game cannot go on: {g.dead_end}. This is a fault in the scenario.")
                    return 1
                view = g.current()
                assert view is not None
                self.show_event(view)
                if not self.prompt(view):
                    self.say("Goodbye.")
                    return 0
        except ScenarioChangedError as e:
            self.error(f"error: the scenario changed during play: {e}; start the game again, or load a save")
            return 1
        except ScenarioRuntimeError as e:
            self.error(f"error: the scenario failed during play: {e}")
            return 1

    def show_chapter_start(self) -> None:
        """The chapter a new game begins at, and where things stand, in a campaign."""
        chapter = self.game.chapter
        if chapter is None:
            return
        self.wrap(f"Chapter: {chapter.title}, from {format_month(chapter.start)}.")
        if chapter.description:
            self.para(chapter.description, "  ")
        else:
            self.say()

    def show_chapter_end(self) -> None:
        """The summary of the chapter that has just ended, then on into the next: it is read once."""
        s = self.game.chapter_summary()
        if s is None:
            return
        banner = f"=== THE END OF A CHAPTER: {s.title} ({s.period}) ==="
        if len(banner) > self.width:      # the period on a line of its own rather than broken inside its brackets
            banner = f"=== THE END OF A CHAPTER: {s.title} ===\n({s.period})"
        self.say(banner)
        self.say()
        if s.text:      # the record's account of the chapter, whatever the player's game made of it
            self.say("In the record:")
            self.para(s.text, "  ")
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
            self.wrap(f"Next chapter: {s.next_title}.")
            self.say()
        self.game.close_chapter()
        self.autosave()

    def show_event(self, view: EventView) -> None:
        g = self.game
        self.wrap(f"== {format_when(view.date)} | turn {view.turn} | {g.scenario.roles[g.role].name} ==")
        warned = {}
        for sid, text in g.warnings():
            # Said when it first comes, and again when the stat has fallen further: not before every event
            # (`stats` shows every warning that stands).
            warned[sid] = g.stats[sid]
            if sid not in self.warned or g.stats[sid] < self.warned[sid]:
                self.wrap(f"! Warning: {stat_warning(g.scenario.stats[sid].name, g.stats[sid], text)}", "", "  ")
            else:
                warned[sid] = min(self.warned[sid], g.stats[sid])
        self.warned = warned
        self.wrap(shouted(view.title) + (f" ({view.actor}'s move)" if view.actor else ""))
        self.say()
        self.para(view.text)
        if view.vote:
            self.show_count(view)
        for i, c in enumerate(view.choices, 1):
            body = c.text if c.available else f"[unavailable] {c.text}{f' ({c.reason})' if c.reason else ''}"
            under = " " * (len(str(i)) + 4)
            self.wrap(body, f"  {i}. ", under)
            for line in choice_counts(c.counts, view.whip):
                self.wrap(line, under, under + "  ")
        self.say()

    def show_count(self, view: EventView) -> None:
        """The count before the vote a set piece stages (or why there is none)."""
        g = self.game
        vote = g.scenario.votes[view.vote]
        self.wrap(f"THE COUNT BEFORE THE VOTE ({vote.hall_name(g.scenario.bodies)}): {' '.join(vote.motion.split())}")
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
                self.label(f"{group.label}, {group.votes} firm:", group.who or "no one")
        self.wrap(f"{count_totals(whip)}.", "  ", "    ")
        self.wrap(expectation(whip), "  ")
        self.say()

    def show_tally(self, change: list[Any], indent: str) -> None:
        """Who voted how in a recorded vote, a line for each side."""
        for group in tally_groups(self.game.scenario, change):
            if group.who:
                self.label(f"{group.label} {group.votes}:", group.who, indent)
            else:
                self.say(f"{indent}{group.label} {group.votes}")
        note = secret_ballot(self.game.scenario, change)
        if note:
            self.wrap(note, indent, indent)

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
                self.show_help()
            elif self.inspecting and cmd == "inspect":
                self.show_inspection()
            elif self.inspecting and cmd.split(maxsplit=1)[:1] == ["jump"]:
                if self.jump(line.strip()[4:]):
                    return True
            elif cmd == "reload" and self.session.watching:
                if self.reload(self.session.reload()):
                    return True
            elif self.look(cmd):
                pass
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

    def look(self, cmd: str) -> bool:
        """The commands that show and change nothing (the journal, the standing, the saves): True if `cmd` was one."""
        shown = {"journal": self.show_journal, "stats": self.show_stats, "saves": self.show_saves}.get(cmd)
        if shown is not None:
            shown()
        return shown is not None

    def at_terminal(self) -> bool:
        """Whether the input is a terminal (a player), not a script."""
        isatty = getattr(self.inp, "isatty", None)
        return bool(isatty and isatty())

    def look_back(self) -> bool:
        """After the ending, at a terminal: the journal and the standing to look back on, or a saved game to load,
        until the player leaves (Enter, 'quit' or the end of input). True when a game was loaded. Input that is not
        a terminal (a script) ends with the ending, as it always has."""
        if not self.at_terminal():
            return False
        self.say()
        self.wrap("The game is over. Type 'journal' or 'stats' to look back on it, 'record' for what happened after "
                  "it, 'load NAME' to play a saved game ('saves' lists them), or press Enter to leave."
                  if record_after(self.game) else
                  "The game is over. Type 'journal' or 'stats' to look back on it, 'load NAME' to play a saved "
                  "game ('saves' lists them), or press Enter to leave.")
        while True:
            self.out.write("> ")
            self.out.flush()
            line = self.inp.readline()
            cmd = line.strip().lower()
            if not line or cmd in ("", "quit", "exit", "q"):
                return False
            if self.look(cmd):
                pass
            elif cmd == "record":
                self.show_record_after()
            elif cmd.split(maxsplit=1)[:1] == ["load"] and line.strip()[4:].strip():
                if self.load(line.strip()[4:].strip()):
                    return True
            else:
                self.say("Type 'journal', 'stats', 'saves', 'record' or 'load NAME', or press Enter to leave."
                         if record_after(self.game) else
                         "Type 'journal', 'stats', 'saves' or 'load NAME', or press Enter to leave.")

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
        for change, text in self.game.describe_all(outcome.changes):
            self.wrap(text, "  * ", "    ")
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
        self.wrap(jumped.message)
        self.say()
        return True

    # -- live reload (play --watch) ---------------------------------------------------------
    def reload(self, reload: Reload | None) -> bool:
        """Say what a reload came to; True when the event in play reads differently now, and is to be shown again."""
        if reload is None:
            return False
        self.wrap(reload.message)
        for line in reload.errors:
            self.wrap(line, "  ", "    ")
        self.say()
        return reload.ok and reload.redraw

    # -- saved games ------------------------------------------------------------------------
    def autosave(self) -> None:
        notice = self.session.autosave()
        if notice is not None:
            self.error(notice.text)

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
            self.error(f"Not saved: {e}")
            return
        self.wrap(f"Saved as '{entry.name}' in {self.session.saves.folder}.")

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
            self.error(f"Not loaded: {e}")
            return False
        for note in loaded.notes:
            self.wrap(f"Note: {note}.", "", "  ")
        self.wrap(loaded.message)
        self.say()
        return True

    def show_saves(self) -> None:
        if not self.session.saving:
            self.say("Saving is off in this session.")
            return
        entries = self.session.saves.entries()
        if not entries:
            self.wrap(f"No saved games in {self.session.saves.folder}.")
        for e in entries:
            self.label(f"{e.name}:", f"DAMAGED: {e.problem}" if e.meta is None else describe(e.meta))

    def show_journal(self) -> None:
        self.say()
        if not self.game.journal:
            self.say("No decisions yet.")
            return
        for j, mark in zip(self.game.journal, history_marks(self.game.journal)):
            when = j["date"][:7] if j["date"].endswith("-01") else j["date"]     # the day, where it has one
            self.wrap(f"{j['title']}: {j['choice_text']}" + (f" ({HISTORY_LABEL[mark]})" if mark else ""),
                      f"{when}  ", " " * (len(when) + 2))
            for change, text in self.game.describe_all(j["changes"]):
                self.wrap(text, "           * ", " " * 13)
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
        self.label("Allies:", st.allies or "none")
        self.label("Your offices:", st.player_offices or "none")
        for b in st.bodies:
            if b.seats is not None:
                wavering = f", {b.wavering} wavering" if b.wavering else ""
                self.label(f"{b.name}:", f"{int(b.votes)} of {b.seats} votes firmly with you{wavering}")
            else:
                self.label(f"{b.name}:", f"{b.votes:.0f}% with you")
        self.say("Factions:")
        for group in st.alliances:
            self.label(f"{group.name}:", group.members)
        self.say("Relationships:")
        for r in st.relations:
            self.say(f"  {r.name:<24} {r.value:+4d}")
        self.say()

    def show_ending(self) -> None:
        e = self.game.ending()
        assert e is not None
        label = ending_label(e.kind, bool(self.game.departures()), short=True)
        self.wrap(f"=== THE END: {e.title} ({label}) ===")
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
                self.wrap(ref.label(self.game.scenario.sources), "  - ", "    ")


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
        """The player's path beside the record, month by month, to the month the game ended. The record's months
        after an early ending follow under a heading of their own; at a terminal, where the player can ask for them
        after the ending ('record'), they are only announced."""
        self.say("Your path beside the record:")
        self.show_months(path_beside_history(self.game))
        later = record_after(self.game)
        if not later:
            return
        if self.at_terminal():
            self.wrap(f"The record goes on to {format_month(later[-1].month)}: type 'record' after the ending to "
                      "read it.")
            self.say()
        else:
            self.show_record_after()

    def show_record_after(self) -> None:
        """The record's months after the month the game ended."""
        later = record_after(self.game)
        if later:
            self.say("The record after your game ended:")
            self.show_months(later)
        else:
            self.say("The record ends where your game ended.")
            self.say()

    def show_months(self, rows: list[TimelineRow]) -> None:
        for row in rows:
            self.say(f"  {format_month(row.month)}")
            for text, mark in zip(row.you, row.marks or ("",) * len(row.you)):
                note = f" ({HISTORY_LABEL[mark]})" if mark else ""
                self.wrap(f"You: {text}{note}", "    ", "      ")
            for text in row.history:
                self.wrap(f"History: {text}", "    ", "      ")
        self.say()


def shouted(title: str) -> str:
    """An event's title in capitals, as plain mode heads an event; a word already in capitals past its first letter
    (an abbreviation: VKP(b), OGPU) is left as written, so that its small letters keep their meaning. The parts of a
    hyphenated word are words of their own: "ALMA-ATA", "ALL-UNION"."""
    def part(word: str) -> str:
        letters = [c for c in word if c.isalpha()]      # a quotation mark before the word is not its first letter
        return word if any(c.isupper() for c in letters[1:]) else word.upper()
    return " ".join("-".join(part(p) for p in word.split("-")) for word in title.split(" "))


def pick_role(scenario: Scenario, inp: IO[str], out: IO[str], chapter: str | None = None) -> str | None:
    """Ask which role to play (of those that play `chapter`, when given); None if the player quits or
    input ends."""
    begin = scenario.find_chapter(chapter)
    roles = [r for r in scenario.roles.values() if begin is None or begin.plays(r.id)]
    if len(roles) == 1:
        return roles[0].id
    width = text_width()
    out.write(f"{scenario.title}\n\nChoose your role:\n\n")
    for i, r in enumerate(roles, 1):
        out.write(fill(f"{i}. {r.name}", width, "  ", "     ") + "\n")
        out.write(fill(r.position or r.bio, width, "     ") + "\n\n")
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
