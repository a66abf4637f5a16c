"""The scenario model: what a checked scenario is, with stable string ids everywhere.

Built only by the compiler (`game.scenario`), after every name, type and reference has been
checked, so the engine never meets an unknown id during play. Each field that scenario files
write is declared with `spec(...)` (see game.engine.fields): that one declaration is how the
compiler reads it and how the published JSON Schema describes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from datetime import date, timedelta
from typing import Any, ClassVar

from game.engine.dates import TurnLength
from game.engine.fields import Kind as K
from game.engine.fields import spec
from game.engine.template import Template
from game.structs import Row, struct

Evaluator = Callable[[Any], Any]
Action = Callable[[Any], None]


class Place(Row):
    """Where an expression was written: shown as `path:line:col` when it fails in play."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


# Numbers in play (constants, results, flags) stay within this either way.
MAX_NUMBER = 10**12

# A bloc casts at most this many votes.
MAX_BLOC = 100_000

# An event offers at most this many choices: the player picks them with the keys 1 to 9.
MAX_CHOICES = 9

# From which turn of its window an event may come (see Event.spread).
SPREADS = ("first", "even", "last")

CODEX_KINDS = ("person", "body", "term", "document", "event", "place")
SCENARIO_ID = "^[a-z0-9][a-z0-9_-]*$"
_MAPPING_INT = {"type": "integer"}
_RELATIONSHIP = {"type": "integer", "minimum": -100, "maximum": 100}
_FLAG_VALUE = {"type": ["boolean", "number"]}


class Mentions(Row):
    """What one expression, effect line or placeholder names, as the compiler read it: for tools that
    study a scenario's structure (`politburo graph`) without reading its files again."""

    text: str                                           # as written, whole
    reads: frozenset[str] = frozenset()                 # "flag:NAME", "stat:NAME", "rel:NAME"
    sets: frozenset[str] = frozenset()                  # the flags it sets
    calls: frozenset[tuple[str, str]] = frozenset()     # (function, its first argument) where that is written literally


class Effect(Row):
    """One effect line of a choice: what it does, and how it was written."""

    run: Action
    text: str


SOURCE_KINDS = ("book", "article", "chapter", "collection", "report", "archive", "web", "document", "work")


@struct(frozen=True, kw_only=True)
class SourceDef:
    """A work the scenario cites: a book, an article, a collection of documents, an archive file, a page."""

    WORD: ClassVar[str] = "source"
    id: str = spec(K.ID, required=True)
    title: str = spec(K.LABEL, required=True)
    kind: str = spec(K.ENUM, default="", options=SOURCE_KINDS,
                     doc="what the work is (worked out from the other fields when not given)")
    author: str = spec(K.TEXT, default="", doc="who wrote it: 'I. Deutscher', 'E. H. Carr'")
    editor: str = spec(K.TEXT, default="", doc="who edited it (a collection or a volume)")
    year: str = spec(K.TEXT, default="", doc="when it was published: 1959, or 1954-1964 for several volumes")
    published_in: str = spec(K.TEXT, key="in", default="",
                             doc="the journal, book or collection an article or chapter appears in")
    publisher: str = spec(K.TEXT, default="", doc="the publisher, with the place if wanted: 'Oxford University Press'")
    archive: str = spec(K.TEXT, default="", doc="an archive reference: 'RGASPI, f. 17, op. 2, d. 246'")
    url: str = spec(K.TEXT, default="", doc="the work's own stable address (never a mirror)")
    file: str = spec(K.TEXT, default="", doc="a document the scenario ships, by its path in the scenario's folder")

    @property
    def sort(self) -> str:
        """What the work is: as written, or worked out from what is given."""
        if self.kind:
            return self.kind
        if self.file:
            return "document"
        if self.archive:
            return "archive"
        if self.published_in:
            return "article"
        if self.author or self.editor:
            return "book"
        if self.url:
            return "web"
        return "work"

    def citation(self) -> str:
        """The work as a reader cites it: "I. Deutscher, The Prophet Unarmed (Oxford University Press, 1959)"."""
        who = self.author or (f"{self.editor} (ed.)" if self.editor else "")
        out = f"{who}, {self.title}" if who else self.title
        if self.published_in:
            out += f", in {self.published_in}"
        imprint = ", ".join(x for x in (self.publisher, self.year) if x)
        if imprint:
            out += f" ({imprint})"
        if self.archive:
            out += f", {self.archive}"
        return out


@struct(frozen=True, kw_only=True)
class SourceRef:
    """A citation of a source, with a section or page where useful."""

    WORD: ClassVar[str] = "citation"
    source: str = spec(K.REF, required=True, refers="source")
    section: str = spec(K.TEXT, default="", doc="a chapter, page or section")

    def label(self, sources: dict[str, SourceDef]) -> str:
        title = sources[self.source].citation() if self.source in sources else self.source
        return f"{title}, {self.section}" if self.section else title


@struct(frozen=True, kw_only=True)
class StatDef:
    """A number the game tracks, kept within its range."""

    WORD: ClassVar[str] = "stat"
    id: str = spec(K.ID, required=True)
    name: str = spec(K.LABEL, required=True)
    min: int = spec(K.INT, default=0)
    max: int = spec(K.INT, default=100)
    default: int = spec(K.INT, doc="the value at the start (the least value if not given)")
    scope: str = spec(K.ENUM, default="role", options=("role", "global"))
    description: str = spec(K.TEXT, default="")
    warn_below: int | None = spec(K.INT, default=None, doc="at or below this the game warns the player")
    warning: str = spec(K.TEXT, default="", doc="what the warning says")


@struct(frozen=True, kw_only=True)
class RoleStart:
    """How a role's game starts, where it differs from the defaults."""

    WORD: ClassVar[str] = "role start"
    stats: dict[str, int] = spec(K.MAPPING, factory=dict, refers="stat", values=_MAPPING_INT)
    flags: dict[str, Any] = spec(K.MAPPING, factory=dict, values=_FLAG_VALUE)


@struct(frozen=True, eq=False, kw_only=True)
class Aim:
    """Something a role wants (or fears), and the test of whether it holds now."""

    WORD: ClassVar[str] = "aim"
    text: str = spec(K.TEXT, required=True)
    test: Evaluator | None = spec(K.CONDITION, required=True, default=None)


@struct(frozen=True, kw_only=True)
class Role:
    """A part the player can take."""

    WORD: ClassVar[str] = "role"
    id: str = spec(K.ID, required=True)
    name: str = spec(K.LABEL, required=True)
    character: str = spec(K.REF, required=True, refers="character", where=" for role '{id}'")
    bio: str = spec(K.TEXT, required=True)
    position: str = spec(K.TEXT, default="")
    start: RoleStart = spec(K.OBJECT, factory=RoleStart, item=RoleStart)
    aims: tuple[Aim, ...] = spec(K.OBJECTS, default=(), item=Aim, doc="what the role wants, shown with its state")
    fears: tuple[Aim, ...] = spec(K.OBJECTS, default=(), item=Aim, doc="what the role must avoid, shown with its state")

    @property
    def stats(self) -> dict[str, int]:
        return self.start.stats

    @property
    def flags(self) -> dict[str, Any]:
        return self.start.flags


@struct(frozen=True, kw_only=True)
class OfficeTerm:
    """One office held from one date to another (either end may be open)."""

    WORD: ClassVar[str] = "office term"
    office: str = spec(K.REF, required=True, refers="office")
    start: date | None = spec(K.DATE, key="from", default=None)
    end: date | None = spec(K.DATE, key="to", default=None, end_of_month=True)

    def held_on(self, d: date) -> bool:
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)


@struct(frozen=True, kw_only=True)
class Character:
    """A person in the game."""

    WORD: ClassVar[str] = "character"
    id: str = spec(K.ID, required=True)
    name: str = spec(K.LABEL, required=True)
    short: str = spec(K.LABEL, default="", doc="the name running text uses, as name(...) gives it "
                                               "(the last word of 'name' if not given)")
    bio: str = spec(K.TEXT, default="")
    factions: tuple[str, ...] = spec(K.REFS, key="faction", default=(), refers="faction",
                                     where=" for character '{id}'")
    relationship: dict[str, int] = spec(K.MAPPING, factory=dict, refers="role", values=_RELATIONSHIP,
                                        doc="toward the player, by the role played")
    ties: dict[str, int] = spec(K.MAPPING, factory=dict, refers="character", values=_RELATIONSHIP,
                                doc="toward other characters (one number for each pair)")
    offices: tuple[OfficeTerm, ...] = spec(K.OBJECTS, default=(), item=OfficeTerm)
    codex: str = spec(K.REF, default="", refers="codex entry")

    def __post_init__(self) -> None:
        if not self.short:
            object.__setattr__(self, "short", (self.name.split() or [self.name])[-1])


@struct(frozen=True, kw_only=True)
class Office:
    """A post that characters hold."""

    WORD: ClassVar[str] = "office"
    id: str = spec(K.ID, required=True)
    name: str = spec(K.LABEL, required=True)
    holders: int | None = spec(K.INT, default=None, lo=1, doc="how many can hold it at once (any number if not given)")
    description: str = spec(K.TEXT, default="")


@struct(frozen=True, eq=False, kw_only=True)
class Bloc:
    """Votes in a body cast together: a delegation, the appointees of a machine, a group of cells."""

    WORD: ClassVar[str] = "bloc"
    id: str = spec(K.ID, required=True)
    name: str = spec(K.LABEL, required=True)
    size: int = spec(K.INT, required=True, default=1, lo=1, hi=MAX_BLOC, doc="the votes it casts")
    follows: str = spec(K.REF, default="", refers="character", where=" for bloc '{id}'",
                        doc="a character whose stance on every vote it takes")
    leans: Evaluator | None = spec(K.FORMULA, default=None,
                                   doc="how far it leans toward the player, -100 to 100")
    description: str = spec(K.TEXT, default="")


@struct(frozen=True, eq=False, kw_only=True)
class Body:
    """A body that votes: by its members (holders of an office) and blocs, or by a support formula."""

    WORD: ClassVar[str] = "body"
    id: str = spec(K.ID, required=True)
    name: str = spec(K.LABEL, required=True)
    members: str = spec(K.REF, default="", refers="office", where=" in body '{id}'")
    blocs: tuple[Bloc, ...] = spec(K.OBJECTS, default=(), item=Bloc)
    support: Evaluator | None = spec(K.FORMULA, default=None, doc="the percentage backing the player")
    description: str = spec(K.TEXT, default="")
    start: date | None = spec(K.DATE, key="from", default=None, in_scenario=True,
                              doc="the month it first stands, elected or convened (default: the scenario's start)")
    end: date | None = spec(K.DATE, key="to", default=None, end_of_month=True, in_scenario=True,
                            doc="the last month it stands, before another takes its place (default: the scenario's end)")

    def stands_on(self, d: date) -> bool:
        """Whether it is in being on `d`: the player's standing lists it only then."""
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)

    @property
    def counted(self) -> bool:
        """Whether it votes by members and blocs (and so can stage a vote)."""
        return self.support is None


@struct(frozen=True, kw_only=True)
class Faction:
    """An alliance, bloc or opposition; it exists while it has two or more members."""

    WORD: ClassVar[str] = "faction"
    id: str = spec(K.ID, required=True)
    name: str = spec(K.LABEL, required=True)
    description: str = spec(K.TEXT, default="")
    cohesion: int | None = spec(K.INT, default=None, lo=-100, hi=100,
                                doc="a member (never the player) whose mean tie with the others falls below this leaves")


@struct(frozen=True, eq=False, kw_only=True)
class Lean:
    """A push on one member or bloc in one vote."""

    WORD: ClassVar[str] = "lean"
    who: str = spec(K.TEXT, required=True, doc="a member of the body or one of its blocs")
    by: Evaluator | None = spec(K.FORMULA, required=True, default=None, doc="added to its stance")


@struct(frozen=True, eq=False, kw_only=True)
class Vote:
    """A motion put to a body, counted from where each member stands."""

    WORD: ClassVar[str] = "vote"
    id: str = spec(K.ID, required=True)
    body: str = spec(K.REF, required=True, refers="body", where=" in vote '{id}'")
    motion: str = spec(K.TEXT, required=True)
    sponsor: str = spec(K.REF, required=True, refers="character", where=" in vote '{id}'")
    opponents: tuple[str, ...] = spec(K.REFS, default=(), refers="character", where=" in vote '{id}'")
    lean: tuple[Lean, ...] = spec(K.OBJECTS, default=(), item=Lean)
    secret: bool = spec(K.BOOL, default=False, doc="the whip count is not shown before the vote")
    absent: tuple[str, ...] = spec(K.REFS, default=(), refers="character", where=" in vote '{id}'",
                                   doc="members not in the hall: they do not vote, and the count leaves them out")
    hall: str = spec(K.TEXT, default="",
                     doc="where the vote is taken, when that is not the body itself (a party conference counted by "
                         "the congress's delegations): the count and the result name it instead of the body")
    description: str = spec(K.TEXT, default="")

    def hall_name(self, bodies: Mapping[str, Body]) -> str:
        """What the count and the result call the gathering that votes: its hall, else its body's name."""
        body = bodies.get(self.body)
        return self.hall or (body.name if body is not None else self.body)


@struct(frozen=True, eq=False, kw_only=True)
class Choice:
    """One thing the player may do in an event."""

    WORD: ClassVar[str] = "choice"
    id: str = spec(K.ID, required=True)
    text: Template = spec(K.TEMPLATE, required=True)
    roles: frozenset[str] | None = spec(K.REFS, default=None, refers="role",
                                        doc="the roles offered it (default: every role); others never see it")
    shown: Evaluator | None = spec(K.CONDITION, default=None, in_scenario=True,
                                   doc="hidden unless this holds")
    condition: Evaluator | None = spec(K.CONDITION, default=None, in_scenario=True,
                                       doc="open only while this holds: otherwise greyed out with its "
                                           "'unavailable' reason, or hidden without one")
    unavailable: str = spec(K.TEXT, default="", doc="why the choice is shown greyed out when its condition fails")
    effects: tuple[Effect, ...] = spec(K.EFFECTS, default=())
    outcome: Template | None = spec(K.TEMPLATE, default=None)
    next: str = spec(K.REF, default="", refers="event", where=" in 'next'")
    historical: bool = spec(K.BOOL, default=False, doc="what the real person did")


@struct(frozen=True, eq=False, kw_only=True)
class Event:
    """Something that happens, with the choices it offers."""

    WORD: ClassVar[str] = "event"
    id: str = spec(K.ID, required=True)
    title: str = spec(K.LABEL, required=True, doc="may hold {placeholders} and {if ...} passages, like text")
    heading: Template | None = field(default=None, repr=False)     # the title compiled, where it has placeholders
    text: Template = spec(K.TEMPLATE, required=True)
    earliest: date = spec(K.DATE, in_scenario=True, default_from="start")
    latest: date = spec(K.DATE, end_of_month=True, in_scenario=True, default_from="end")
    roles: frozenset[str] | None = spec(K.REFS, default=None, refers="role")
    condition: Evaluator | None = spec(K.CONDITION, default=None, in_scenario=True)
    priority: int = spec(K.INT, default=0)
    weight: float = spec(K.NUMBER, default=1.0, lo=0)
    once: bool = spec(K.BOOL, default=True)
    unlocks: tuple[str, ...] = spec(K.REFS, default=(), refers="codex entry", where=" in 'unlocks'")
    follow_up: bool = spec(K.BOOL, default=False, doc="happens only through 'next' or 'schedule(...)'")
    vote: str = spec(K.REF, default="", refers="vote", where=" in event '{id}'",
                     doc="a set piece: the vote's whip count is shown before choosing")
    actor: str = spec(K.REF, default="", refers="character", where=" in event '{id}'",
                      doc="a rival's move: never met by the role whose character this is")
    routine: bool = spec(K.BOOL, default=False, doc="filler: one a turn at most, none after a set piece")
    cooldown: int = spec(K.INT, default=0, lo=0, hi=10_000, doc="turns before a repeatable event may come again")
    day: int | None = spec(K.INT, default=None,
                           doc="the day of the month it takes place, 1 to 31: a turn's events come in the order of their days")
    spread: str | tuple[float, ...] = spec(K.SPREAD, default="first", options=SPREADS,
                                           doc="the turn of its window from which it may come: the first, one drawn for "
                                               "each game (even), the last, or one drawn by a weight for each turn")
    sources: tuple[SourceRef, ...] = spec(K.CITATIONS, required=True)
    choices: tuple[Choice, ...] = spec(K.OBJECTS, required=True, item=Choice, min_items=1, max_items=MAX_CHOICES)
    historic: bool = field(default=False, init=False, repr=False)   # whether a choice is marked historical

    def __post_init__(self) -> None:
        object.__setattr__(self, "historic", any(c.historical for c in self.choices))

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(choice_id)


@struct(frozen=True, kw_only=True)
class ChapterFaction:
    """A faction's members when a game begins at a chapter."""

    WORD: ClassVar[str] = "chapter faction"
    faction: str = spec(K.REF, required=True, refers="faction")
    members: tuple[str, ...] = spec(K.REFS, default=(), refers="character", doc="every member; none: it has broken")


@struct(frozen=True, kw_only=True)
class ChapterTie:
    """The tie between two characters when a game begins at a chapter."""

    WORD: ClassVar[str] = "chapter tie"
    between: tuple[str, ...] = spec(K.REFS, required=True, default=(), refers="character", doc="the two characters")
    value: int = spec(K.INT, required=True, default=0, lo=-100, hi=100)


@struct(frozen=True, kw_only=True)
class ChapterRole:
    """Where one role stands when a game begins at a chapter."""

    WORD: ClassVar[str] = "chapter role start"
    role: str = spec(K.REF, required=True, refers="role")
    stats: dict[str, int] = spec(K.MAPPING, factory=dict, refers="stat", values=_MAPPING_INT)
    flags: dict[str, Any] = spec(K.MAPPING, factory=dict, values=_FLAG_VALUE)
    relationship: dict[str, int] = spec(K.MAPPING, factory=dict, refers="character", values=_RELATIONSHIP,
                                        doc="how each character regards this role")


@struct(frozen=True, eq=False, kw_only=True)
class Chapter:
    """A part of a campaign: from its start to the next chapter's, with the historical state a game
    begun there starts from, and the summary shown at its end."""

    WORD: ClassVar[str] = "chapter"
    id: str = spec(K.ID, required=True)
    title: str = spec(K.LABEL, required=True)
    start: date = spec(K.DATE, required=True, in_scenario=True, doc="its first turn")
    roles: frozenset[str] | None = spec(K.REFS, default=None, refers="role",
                                        doc="the roles that play it (default: every role)")
    description: str = spec(K.TEXT, default="", doc="where things stand, shown when a game begins here")
    summary: Template | None = spec(K.TEMPLATE, default=None,
                                    doc="what happened in it, shown at its end with the player's own path")
    stats: dict[str, int] = spec(K.MAPPING, factory=dict, refers="stat", values=_MAPPING_INT,
                                 doc="global stats for a game begun here")
    flags: dict[str, Any] = spec(K.MAPPING, factory=dict, values=_FLAG_VALUE, doc="flags for a game begun here")
    factions: tuple[ChapterFaction, ...] = spec(K.OBJECTS, default=(), item=ChapterFaction,
                                                doc="factions whose members differ for a game begun here")
    ties: tuple[ChapterTie, ...] = spec(K.OBJECTS, default=(), item=ChapterTie)
    dead: tuple[str, ...] = spec(K.REFS, default=(), refers="character", doc="characters dead by its start")
    unlocks: tuple[str, ...] = spec(K.REFS, default=(), refers="codex entry",
                                    doc="codex entries known to a game begun here")
    role_start: tuple[ChapterRole, ...] = spec(K.OBJECTS, default=(), item=ChapterRole,
                                               doc="where each role stands for a game begun here")
    resumes: tuple[str, ...] = spec(K.NAMES, default=(),
                                    doc="ids of endings an earlier version had at the previous chapter's end: "
                                        "a game saved there goes on into this chapter")

    def starting(self, role: str) -> ChapterRole | None:
        """The state written for `role` at this chapter's start, if any."""
        return next((r for r in self.role_start if r.role == role), None)

    def plays(self, role: str) -> bool:
        return self.roles is None or role in self.roles


@struct(frozen=True, eq=False, kw_only=True)
class Ending:
    """How a game ends, and what really happened."""

    WORD: ClassVar[str] = "ending"
    id: str = spec(K.ID, required=True)
    title: str = spec(K.LABEL, required=True, doc="may hold {placeholders} and {if ...} passages, like text")
    heading: Template | None = field(default=None, repr=False)     # the title compiled, where it has placeholders
    text: Template = spec(K.TEMPLATE, required=True)
    condition: Evaluator | None = spec(K.CONDITION, default=None)
    priority: int = spec(K.INT, default=0)
    trigger: str = spec(K.ENUM, default="end", options=("end", "anytime"))
    chapter: str = spec(K.REF, default="", refers="chapter",
                        doc="checked at this chapter's end (trigger: end) rather than the scenario's")
    kind: str = spec(K.ENUM, required=True, default="historical", options=("historical", "counterfactual"))
    roles: frozenset[str] | None = spec(K.REFS, default=None, refers="role")
    history: str = spec(K.TEXT, required=True)
    sources: tuple[SourceRef, ...] = spec(K.CITATIONS, required=True)


@struct(frozen=True, kw_only=True)
class CodexEntry:
    """A person, body, term or document the player can read about."""

    WORD: ClassVar[str] = "codex entry"
    id: str = spec(K.ID, required=True)
    title: str = spec(K.LABEL, required=True)
    kind: str = spec(K.ENUM, required=True, default="term", options=CODEX_KINDS)
    text: str = spec(K.TEXT, required=True)
    sources: tuple[SourceRef, ...] = spec(K.CITATIONS, required=True)
    links: tuple[str, ...] = spec(K.REFS, default=(), refers="codex entry", where=" in 'links'")
    unlocked: bool = spec(K.BOOL, default=False, doc="open from the start of the game")


@struct(frozen=True, kw_only=True)
class TimelineEntry:
    """Something that happened in history, set beside the player's path when the game ends."""

    WORD: ClassVar[str] = "timeline entry"
    id: str = spec(K.ID, required=True)
    date: date = spec(K.DATE, required=True, in_scenario=True, default_from="start")
    text: str = spec(K.TEXT, required=True)
    sources: tuple[SourceRef, ...] = spec(K.CITATIONS, required=True)


@struct(frozen=True, eq=False, kw_only=True)
class Scenario:
    """A whole checked scenario: its manifest (scenario.yaml), then the sections of its content files."""

    WORD: ClassVar[str] = "manifest"
    id: str = spec(K.ID, required=True, pattern=SCENARIO_ID)
    title: str = spec(K.LABEL, required=True)
    version: str = spec(K.TEXT, required=True)
    description: str = spec(K.TEXT, required=True)
    authors: tuple[str, ...] = spec(K.NAMES, default=())
    start: date = spec(K.DATE, required=True)
    end: date = spec(K.DATE, required=True, end_of_month=True)
    turn: TurnLength = spec(K.TURN, factory=TurnLength)
    events_per_turn: int = spec(K.INT, default=3, lo=1, hi=50)
    vote_threshold: int = spec(K.INT, default=20, lo=-100, hi=100,
                               doc="the stance at which a member votes firmly for a motion (at minus it, against); "
                                   "in between a member wavers")
    roles: dict[str, Role] = spec(K.OBJECTS, required=True, item=Role, min_items=1)
    sources: dict[str, SourceDef] = spec(K.OBJECTS, required=True, item=SourceDef, min_items=1)
    chapters: tuple[Chapter, ...] = spec(K.OBJECTS, default=(), item=Chapter,
                                         doc="the parts of a campaign, in order; the first starts with the scenario")
    # The sections of content files.
    stats: dict[str, StatDef] = spec(K.SECTION, item=StatDef)
    characters: dict[str, Character] = spec(K.SECTION, item=Character)
    offices: dict[str, Office] = spec(K.SECTION, item=Office)
    bodies: dict[str, Body] = spec(K.SECTION, item=Body)
    factions: dict[str, Faction] = spec(K.SECTION, item=Faction)
    votes: dict[str, Vote] = spec(K.SECTION, item=Vote)
    events: dict[str, Event] = spec(K.SECTION, item=Event)
    endings: dict[str, Ending] = spec(K.SECTION, item=Ending)
    codex: dict[str, CodexEntry] = spec(K.SECTION, item=CodexEntry)
    timeline: tuple[TimelineEntry, ...] = spec(K.SECTION, default=(), item=TimelineEntry)   # in date order
    # What the compiler works out.
    flags: dict[str, Any]          # every flag some effect sets, with its default
    ties: dict[tuple[str, str], int] = field(default_factory=dict)    # (a, b) with a < b -> tie at the start
    blocs: dict[str, tuple[str, Bloc]] = field(default_factory=dict)   # bloc id -> (body, bloc)
    path: str = ""
    fingerprint: str = ""
    turns: int = 1                 # how many turns from start to end
    # Where each expression was written, by what it belongs to: ("choice", event, choice,
    # "effect", index), ("event", event, "text", placeholder), ("body", body, "support")...
    places: dict[tuple[Any, ...], Place] = field(default_factory=dict, repr=False)
    # What each of those expressions names, by the same keys (a placeholder's key ends with its index).
    mentions: dict[tuple[Any, ...], Mentions] = field(default_factory=dict, repr=False)
    # Opened from its cache (game.scenario.cache), a scenario's events are built when first read, and with them
    # what their expressions name; what their effects call is read from the cache the first time it is asked
    # for (effect_targets), by this.
    calls_later: Callable[[], dict[tuple[Any, ...], Mentions]] | None = field(default=None, compare=False,
                                                                               repr=False)
    # And the expressions of what it builds at once (roles, bodies, chapters...) are compiled when first evaluated
    # (see Later).
    compiled_later: tuple[Later, ...] = field(default=(), compare=False, repr=False)

    def effect_targets(self, function: str, choices: Any = None) -> set[str]:
        """The ids that effects pass first to `function`, as in `schedule("plenum")`: those of every
        choice, or of `choices` ((event, choice) pairs) alone."""
        later = self.calls_later
        if later is not None:
            for site, noted in later().items():
                self.mentions.setdefault(site, noted)      # an event built already noted it in full
            object.__setattr__(self, "calls_later", None)
        return effect_targets(self.mentions, function, choices)

    def offices_moved_by(self, role: str) -> frozenset[str]:
        """The offices some choice of an event `role` can meet fills or empties (worked out once)."""
        known = self.__dict__.setdefault("_offices_moved", {})
        if role not in known:
            mine = _OfEvents({ev.id for ev in self.events_for_role(role)})
            known[role] = frozenset(self.effect_targets("appoint:office", mine)
                                    | self.effect_targets("dismiss:office", mine))
        return known[role]

    def not_built(self) -> list[Deferred | Later]:
        """What of a scenario opened from its cache is not built yet (see Deferred and Later): the events first, in
        the order they are written, then the votes, endings, codex and timeline, then the expressions of the
        rest."""
        return [*(x for kind in DEFERRED for x in self.objects_of(kind) if isinstance(x, Deferred) and not x.built),
                *(x for x in self.compiled_later if not x.built)]

    def objects_of(self, kind: str) -> Iterable[Any]:
        """The objects of one section (the timeline is a tuple in date order, the others are by id)."""
        section = getattr(self, kind)
        return section.values() if isinstance(section, dict) else section

    def chapter_of(self, d: date) -> Chapter | None:
        """The chapter a date falls in (None in a scenario without chapters)."""
        found = None
        for ch in self.chapters:
            if ch.start <= d:
                found = ch
        return found

    def chapter(self, chapter_id: str) -> Chapter:
        found = self.find_chapter(chapter_id)
        if found is None:
            raise KeyError(chapter_id)
        return found

    def find_chapter(self, chapter_id: str | None) -> Chapter | None:
        """The chapter of that id, if the scenario has one."""
        return next((ch for ch in self.chapters if ch.id == chapter_id), None)

    def chapter_end(self, chapter: Chapter) -> date:
        """The last day of a chapter: the day before the next one starts, or the scenario's end."""
        later = [ch.start for ch in self.chapters if ch.start > chapter.start]
        return min(later) - timedelta(days=1) if later else self.end

    def first_chapter(self, role: str) -> Chapter | None:
        """The first chapter `role` plays (None without chapters)."""
        return next((ch for ch in self.chapters if ch.plays(role)), None)

    def events_for_role(self, role: str) -> list[Event]:
        """The events a role can meet."""
        character = self.roles[role].character
        return [e for e in self.events.values()
                if (e.roles is None or role in e.roles) and e.actor != character]


def effect_targets(mentions: dict[tuple[Any, ...], Mentions], function: str, choices: Any = None) -> set[str]:
    """The ids that the choices' effects (in blocks too) pass first to `function`, by what the compiler
    noted of each effect line; those of `choices` ((event, choice) pairs) alone when given."""
    out = set()
    for site, m in mentions.items():
        if m.calls and site[0] == "choice" and site[3] == "effect":      # most name no call: a quick test first
            for fn, arg in m.calls:
                if fn == function and (choices is None or (site[1], site[2]) in choices):
                    out.add(arg)
    return out


class _OfEvents:
    """Every choice of some events, as (event, choice) pairs are asked for, without building the choices."""

    __slots__ = ("events",)

    def __init__(self, events: set[str]) -> None:
        self.events = events

    def __contains__(self, pair: object) -> bool:
        return isinstance(pair, tuple) and pair[0] in self.events


# -- objects built on first use -----------------------------------------------------------------
class _BuiltLater:
    """A field of a Deferred object: reading it builds the fields not built yet."""

    __slots__ = ("name",)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Deferred | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        obj.complete()
        return obj.__dict__[self.name]


class Deferred:
    """An object of a scenario opened from its checked cache (game.scenario.cache), built in two steps: the
    fields that say when and to whom it applies are there from the start, and the rest (BUILT_LATER: text,
    conditions, formulas, choices) is built the first time one of them is read. Once built it is the object
    the compiler builds, field for field, and reads as fast."""

    BUILT_LATER: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def of(cls, names: tuple[str, ...], values: Iterable[Any], build: Callable[[], Any]) -> Any:
        """One made from the values of the fields `names` (those there from the start), in that order, and what
        builds the rest; with no dict of them made in between, as a scenario opened from its cache makes a
        thousand."""
        made = cls.__new__(cls)
        own = made.__dict__
        own.update(zip(names, values))
        own["_build"] = build
        return made

    @property
    def built(self) -> bool:
        return "_build" not in self.__dict__

    def complete(self) -> None:
        """Build the fields not built yet (once)."""
        build = self.__dict__.get("_build")
        if build is None:
            return
        full = build()
        for name in self.BUILT_LATER:
            self.__dict__[name] = getattr(full, name)
        del self.__dict__["_build"]


class Later:
    """A condition or formula of a scenario opened from its cache (game.scenario.cache) that is there from the start,
    such as a role's aims: compiled the first time it is evaluated, or built with the rest while the player reads
    (Scenario.not_built). Once compiled it evaluates as the compiled expression does."""

    __slots__ = ("_compile", "_run")

    def __init__(self, compile: Callable[[], Evaluator]) -> None:
        self._compile: Callable[[], Evaluator] | None = compile
        self._run: Evaluator | None = None

    @property
    def built(self) -> bool:
        return self._run is not None

    def complete(self) -> None:
        """Compile it (once)."""
        if self._compile is not None:
            self._run, self._compile = self._compile(), None

    def __call__(self, state: Any) -> Any:
        if self._run is None:
            self.complete()
        return self._run(state)  # type: ignore[misc]


def _deferred(cls: type, later: tuple[str, ...]) -> type:
    """A class of `cls` objects whose fields `later` are built on first use (see Deferred)."""
    return type(f"Deferred{cls.__name__}", (Deferred, cls),
                {"BUILT_LATER": later, "__doc__": f"{cls.__name__} built on first use (see Deferred).",
                 "__module__": __name__, **{name: _BuiltLater() for name in later}})


DEFERRED: dict[str, type] = {
    "events": _deferred(Event, ("heading", "text", "condition", "sources", "choices")),
    "votes": _deferred(Vote, ("lean",)),
    "endings": _deferred(Ending, ("heading", "text", "condition", "history", "sources")),
    "codex": _deferred(CodexEntry, ("text", "sources")),
    "timeline": _deferred(TimelineEntry, ("text", "sources")),
}
