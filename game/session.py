"""The game controller both faces drive: the game in play, its saves and the scenarios it comes from.

A `Session` starts, loads, saves and autosaves games, and checks each scenario once. It prints
nothing and knows no terminal: what the player should be told comes back as data (a `Notice`, a
`Loaded` game, a `SaveError` to show), and each face words and shows it in its own way. The
engine, the saves and the scenario loader are imported when first needed, so that a face can
open its first screen without them.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import field
from typing import TYPE_CHECKING, Literal

from game.structs import struct

if TYPE_CHECKING:
    from game.engine import Game
    from game.engine.model import Scenario
    from game.saves import Autosaver, SaveEntry, SaveError, SaveFile, SaveStore
    from game.scenario.discovery import ScenarioInfo
    from game.watch import Fingerprint, Texts

Severity = Literal["information", "warning", "error"]


@struct(frozen=True)
class Notice:
    """Something to tell the player, and how much it matters; `timeout` is in seconds (None: the face's usual)."""

    text: str
    title: str = ""
    severity: Severity = "information"
    timeout: float | None = None


@struct(frozen=True)
class AutosaveWords:
    """How a face words the autosave's reports; in `failed` and `busy`, `{error}` stands for what went wrong."""

    failed: Notice
    busy: Notice | None = None      # another game holds the autosave slots; None: worded as `failed`
    recovered: Notice = Notice("Autosave works again.")

    def failure(self, error: SaveError) -> Notice:
        from game.saves import SlotsBusy
        words = self.busy if self.busy is not None and isinstance(error, SlotsBusy) else self.failed
        return Notice(words.text.format(error=error), words.title, words.severity, words.timeout)


AUTOSAVE_WORDS = AutosaveWords(Notice("Autosave failed: {error}. The game goes on.", title="Autosave failed",
                                      severity="error"))


@struct(frozen=True)
class Loaded:
    """A game loaded from a save, now in play, and what to tell the player about it."""

    game: Game
    message: str                # "Loaded 'NAME': where the game stands."
    notes: tuple[str, ...]      # anything more worth knowing, each a sentence without its full stop


@struct(frozen=True)
class Reload:
    """What reloading the scenario in play came to: the game carried into the changed scenario, or kept as it was.

    `message` says it in one line ("Reloaded: 2 events changed, 1 added."; "Not reloaded: ..."); `errors` are the
    scenario's errors as `file:line:col: message` lines; `redraw` is true when the event in play reads differently now.
    """

    ok: bool
    message: str
    errors: tuple[str, ...] = ()
    scenario: Scenario | None = field(default=None, repr=False)      # the changed scenario, once reloaded
    game: Game | None = field(default=None, repr=False)              # the game carried into it
    redraw: bool = False


@struct
class _Reading:
    """A scenario folder as it was read for a check: its files, and the text of its content files."""

    files: Fingerprint
    texts: Texts

    @classmethod
    def take(cls, path: str) -> _Reading:
        from game.watch import Fingerprint, texts
        return cls(Fingerprint.take(path), texts(path))


def _view(game: Game) -> object:
    """What the player sees of the event in play (None when there is none, or it cannot be shown)."""
    from game.engine import GameError
    try:
        return game.current()
    except GameError:
        return None


@struct(frozen=True)
class Jumped:
    """A game started again at a date or an event (the writer's jump), now in play, and the line that says so."""

    game: Game
    message: str


def random_seed() -> int:
    """A seed for a game the player gave none."""
    return int.from_bytes(os.urandom(4), "big")


class Session:
    """One player's games, whatever the face.

    `saves_dir` names the saves folder (None: the default one); it is opened on first use, so that
    start-up does not wait for it. `store` gives an open one instead; with `saving` false nothing is
    saved. `scenario` is one already checked; with `one_scenario` it is the only one played, and a
    save of another is refused. With `watch` the scenario of the game in play is reloaded when its files
    change (`check_for_changes`), and a scenario whose files changed since it was checked is checked again.
    """

    def __init__(self, *, saves_dir: str | None = None, store: SaveStore | None = None, saving: bool = True,
                 scenarios_dir: str | None = None, scenario: Scenario | None = None, one_scenario: bool = False,
                 words: AutosaveWords = AUTOSAVE_WORDS, watch: bool = False, cache: bool = True) -> None:
        self.saves_dir = saves_dir
        self.cache = cache and not watch      # open scenarios from the checked-scenario cache (game.scenario.cache)
        self.saving = saving
        self.scenarios_dir = scenarios_dir
        self.words = words
        self.game: Game | None = None
        self._autosaver: Autosaver | None = None
        self._saved: tuple[int, str] | None = None    # the progress of the game in play when it began to be played
        self._store = store
        self._only = scenario if one_scenario else None
        self._scenarios: dict[str, tuple[Scenario | None, list[str]]] = {}
        if scenario is not None:
            self._scenarios[scenario.path] = (scenario, [])
        self.watching = watch
        self._read: dict[str, _Reading] = {}         # each scenario checked, as its files were read for the check
        self._played: tuple[Scenario, _Reading] | None = None    # the scenario of the game in play, as read
        self._seen: Fingerprint | None = None        # its files as last looked at
        if watch and scenario is not None:
            self._read[scenario.path] = _Reading.take(scenario.path)

    # -- scenarios --------------------------------------------------------------------------
    def scenario_infos(self) -> list[ScenarioInfo]:
        """The scenarios found, as their manifests describe them."""
        from game.scenario.discovery import list_scenarios
        return list_scenarios(self.scenarios_dir)

    def default_scenario(self) -> str | None:
        """The folder a new game is chosen in: the campaign, else the first scenario found; None if there is none."""
        from game.scenario.discovery import DEFAULT_SCENARIO, find_scenario
        path = find_scenario(DEFAULT_SCENARIO, self.scenarios_dir)
        if path is None:
            infos = self.scenario_infos()
            path = infos[0].path if infos else None
        return path

    def load_scenario(self, path: str) -> tuple[Scenario | None, list[str]]:
        """A scenario by folder, checked once and kept; None and its errors when it cannot be played.

        While watching, it is checked again if its files changed since."""
        if self.watching and path in self._scenarios and self._outdated(path):
            del self._scenarios[path]
        if path not in self._scenarios:
            from game.scenario.diagnostics import report
            reading = _Reading.take(path) if self.watching else None
            if self.cache:
                from game.scenario.cache import open_scenario
                scenario, diags = open_scenario(path)
            else:
                from game.scenario import check_scenario
                scenario, diags = check_scenario(path)
            self._scenarios[path] = (scenario, report(d for d in diags if d.severity == "error"))
            if reading is not None:
                self._read[path] = reading
        return self._scenarios[path]

    def scenario_of(self, save: SaveFile) -> Scenario:
        """The scenario a save was played in, as it is now; SaveError if it cannot be had."""
        from game.saves import SaveError
        sid = save.meta.scenario_id
        if self._only is not None:
            if sid != self._only.id:
                raise SaveError(f"is a game of scenario '{sid}'; start it with 'politburo play --load {save.name}'",
                                save.path)
            return self._only
        if self.watching:
            self._recheck(sid, save)
        for scenario, _ in self._scenarios.values():
            if scenario is not None and scenario.id == sid:
                return scenario
        from game.scenario.discovery import find_scenario
        path = find_scenario(sid, self.scenarios_dir)
        if path is None:
            raise SaveError(f"is a game of scenario '{sid}', which is not installed", save.path)
        scenario, _ = self.load_scenario(path)
        if scenario is None:
            raise SaveError(f"is a game of scenario '{sid}', which has errors: run 'politburo validate {path}'",
                            save.path)
        return scenario

    # -- watching the scenario in play ------------------------------------------------------
    def _outdated(self, path: str) -> bool:
        """The files of a scenario checked while watching have changed since."""
        reading = self._read.get(path)
        return reading is not None and bool(reading.files.changes_to(reading.files.now()))

    def _recheck(self, sid: str, save: SaveFile) -> None:
        """Check again each scenario of this id whose files changed since its check; SaveError if it now has errors."""
        from game.saves import SaveError
        for path in [p for p, (sc, _) in self._scenarios.items() if sc is not None and sc.id == sid]:
            if self.load_scenario(path)[0] is None:
                raise SaveError(f"is a game of scenario '{sid}', which has errors: run 'politburo validate {path}'",
                                save.path)

    def check_for_changes(self) -> Reload | None:
        """While watching: reload the scenario of the game in play if its files changed since last looked at;
        None if they did not (or nothing is watched)."""
        game = self.game
        if not self.watching or game is None:
            return None
        if self._played is None or self._played[0] is not game.scenario:
            self._watch(game.scenario)
            return None
        assert self._seen is not None
        now = self._seen.now()
        changed = self._seen.changes_to(now)
        self._seen = now
        return self.reload() if changed else None

    def _watch(self, scenario: Scenario) -> None:
        """Watch the files of the scenario now in play, from the moment it was read for its check."""
        from game.watch import documents
        reading = self._read.get(scenario.path)
        if reading is None:
            reading = self._read[scenario.path] = _Reading.take(scenario.path)
        also = documents(scenario.path, (s.file for s in scenario.sources.values()))
        self._played = (scenario, reading)
        self._seen = reading.files.watching(also)

    def reload(self) -> Reload:
        """Check the scenario of the game in play again and carry the game into it by ids.

        If the scenario has errors, or the game does not fit it (its current event is gone, say), the game
        and the scenario in play stay as they were, and the Reload says why."""
        from game.engine import GameError
        from game.scenario import check_scenario
        from game.scenario.diagnostics import listed, report
        from game.watch import documents, what_changed
        game = self.game
        if game is None:
            return Reload(False, "Not reloaded: there is no game in play.")
        old = game.scenario
        if self._played is None or self._played[0] is not old:
            self._watch(old)
        assert self._played is not None
        path = old.path
        reading = _Reading.take(path)
        scenario, diags = check_scenario(path)
        also = documents(path, (s.file for s in (scenario or old).sources.values()))
        self._seen = reading.files.watching(also)
        if scenario is None:
            errors = [d for d in diags if d.severity == "error"]
            n = len(listed(errors)[0])
            return Reload(False, f"Not reloaded: the scenario has {n} error{'s' if n != 1 else ''}; "
                                 f"the game goes on as it was.", tuple(report(errors)))
        try:
            carried = type(game).restore(scenario, game.snapshot())
        except GameError as e:
            return Reload(False, f"Not reloaded: {e}; the game goes on as it was.")
        carried.arrival = game.arrival      # how its current event came (ids only): the inspector reasons from it
        carried.lineage = game.lineage      # the same playthrough: its saves go on as one game's
        before, after = _view(game), _view(carried)
        texts_before = self._played[1].texts
        self._scenarios[path] = (scenario, [])
        self._read[path] = reading
        self._played = (scenario, reading)
        if self._only is not None and self._only is old:
            self._only = scenario
        self.game = carried          # the autosaver stays: it counts the choices saved, which are the same
        return Reload(True, what_changed(texts_before, reading.texts), (), scenario, carried,
                      redraw=before != after)

    # -- the game in play -------------------------------------------------------------------
    def start(self, scenario: Scenario, role: str, seed: int | None = None, chapter: str | None = None) -> Game:
        """A new game, now in play (with a random seed if none is given), at the start of `chapter` in a campaign
        (by default the first the role plays); GameError if the scenario fails to start it."""
        from game.engine import Game
        game = Game.new(scenario, role, random_seed() if seed is None else seed, chapter)
        self._scenarios.setdefault(scenario.path, (scenario, []))     # its saves load in this scenario
        self.play(game)
        return game

    def play(self, game: Game) -> None:
        """Play `game` from now on: it is in a save already, or has no choice yet to lose."""
        if game is self.game:
            return
        if not game.lineage:        # a new game, or one from a save made before saves told games apart
            game.lineage = uuid.uuid4().hex
        self.game = game
        # Its autosaver is made when first wanted (`autosaver`), not here: the saves code is not imported before
        # the game's first frame is drawn.
        self._autosaver = None
        self._saved = game.progress
        if self.watching and (self._played is None or self._played[0] is not game.scenario):
            self._watch(game.scenario)

    @property
    def autosaver(self) -> Autosaver | None:
        """What autosaves the game in play (None when nothing is saved, or no game has been played): made on first use,
        counting from where the game stood when it began to be played."""
        if self._autosaver is None and self.saving and self._saved is not None:
            from game.saves import Autosaver
            self._autosaver = Autosaver(self.saves, saved=self._saved)
        return self._autosaver

    def leave(self) -> None:
        """No game is in play any more (its saves stay)."""
        self.game = None

    def autosave(self, game: Game | None = None) -> Notice | None:
        """Autosave a game (the one in play), unless its latest choice is saved already.

        The notice to show when the autosave first fails, and when it works again after failing; None otherwise.
        """
        game = self.game if game is None else game
        autosaver = self.autosaver
        if game is None or autosaver is None or autosaver.up_to_date(game):
            return None
        failed_before = autosaver.error is not None
        error = autosaver.save(game)
        if error is not None and not failed_before:
            return self.words.failure(error)
        if error is None and failed_before:
            return self.words.recovered
        return None

    def unsaved(self) -> bool:
        """A game is under way and its latest choice is in no save (an autosave may still be waiting)."""
        game = self.game
        if game is None or game.ended or not game.journal:
            return False
        return self.autosaver is None or not self.autosaver.up_to_date(game)

    @property
    def autosave_error(self) -> SaveError | None:
        """Why the last autosave failed, if it did."""
        return self.autosaver.error if self.autosaver is not None else None

    def jump(self, text: str) -> Jumped:
        """Play the game in play's scenario, role and seed again from its start to what `text` says (`WHEN
        NAME=VALUE ...`, as `play --at`/`--set` take them); GameError, in one line, if it cannot be done."""
        from game.engine import GameError
        from game.engine.inspect import jump, parse_jump
        g = self.game
        if g is None:
            raise GameError("there is no game in play to jump from")
        when, settings = parse_jump(text)
        game = jump(g.scenario, g.role, g.seed, when, settings)
        self.play(game)
        return Jumped(game, f"Jumped to turn {game.turn}, {game.date.isoformat()}"
                            + (f": event '{game.current_id}'." if game.current_id else "."))

    # -- saved games ------------------------------------------------------------------------
    @property
    def saves(self) -> SaveStore:
        """The saves folder, opened on first use."""
        if self._store is None:
            from game.saves import SaveStore, saves_folder
            self._store = SaveStore(saves_folder(self.saves_dir))
        return self._store

    def save(self, name: str, kind: str = "save", replace: bool = True) -> SaveEntry:
        """Save the game in play under `name`; SaveError if it cannot be (NameTaken: the name is in use, and not `replace`)."""
        from game.saves import SaveError
        if self.game is None:
            raise SaveError("there is no game in play to save")
        return self.saves.write(self.game, name, kind, replace=replace)

    def quicksave(self) -> SaveEntry:
        from game.saves import QUICKSAVE
        return self.save(QUICKSAVE, "quick")

    def load(self, name: str) -> Loaded:
        """Play the game saved as `name`; SaveError, and the game in play kept, if it cannot be loaded.

        The file is never changed."""
        from game.saves import describe, restore_game
        save = self.saves.read(name)
        restored = restore_game(save, self.scenario_of(save))
        self.play(restored.game)
        return Loaded(restored.game, f"Loaded '{save.name}': {describe(save.meta)}.", restored.notes)

    def quickload(self) -> Loaded | None:
        """Play the quicksave; None if there is none yet."""
        from game.saves import QUICKSAVE
        if not self.saves.path_of(QUICKSAVE).exists():
            return None
        return self.load(QUICKSAVE)

    def continue_game(self) -> Loaded | None:
        """Play the newest save of a game still in progress (never one of a game that has since ended); None if
        there is none."""
        newest = self.saves.newest()
        if newest is None:
            return None
        return self.load(newest.name)
