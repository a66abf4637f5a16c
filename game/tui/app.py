"""The Textual application: screens, themes, keys and commands around the game controller (`game.session`)."""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.events import Event, InputEvent, Key, Resize
from textual.reactive import Reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import AwaitMount

if TYPE_CHECKING:     # the engine, the loader and the saves are imported when a game needs them, not at start-up
    from game.engine import Game, Outcome, ScenarioRuntimeError
    from game.engine.model import Deferred, Scenario

from game.session import AutosaveWords, Loaded, Notice, Reload, Session, random_seed
from game.tui.screens.game_screen import MIN_HEIGHT, MIN_WIDTH, GameScreen
from game.tui.themes import DEFAULT_THEME, OTHER_THEME, THEMES

# How often `play --watch` looks at the files of the scenario in play, in seconds.
WATCH_EVERY = 0.5
# A scenario opened from its cache leaves its events and the rest to be built when first read (see
# game.engine.model.Deferred). While the player reads, the app builds them a slice at a time: WARM_SLICE seconds
# of building every WARM_EVERY seconds, so that a turn never waits for an event to be built, and a key pressed
# meanwhile waits at most one slice.
WARM_EVERY = 0.05
WARM_SLICE = 0.004
# The errors of a scenario that cannot be reloaded that its notification lists (the play screen shows them all).
ERRORS_NOTIFIED = 3

# The autosave's reports as the full-screen game words them.
AUTOSAVE_WORDS = AutosaveWords(Notice("{error}. The game goes on; try saving under a name (ctrl+s).",
                                      title="Autosave failed", severity="error", timeout=15))


class PolitburoApp(App[int]):
    """The game. With a game given it opens on the play screen, otherwise on the title screen.

    Once the screens and the scenario are built, they are moved out of the cyclic garbage
    collector's sight (`gc.freeze`): its full collections over them cost a turn up to 100 ms.
    Each new game first collects what the last one left, so nothing builds up over a session.
    """

    CSS_PATH = "politburo.tcss"
    TITLE = "Politburo"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="command_palette"),
        Binding("f1,question_mark", "help", "Help", id="help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, id="toggle_theme"),
        Binding("f12", "inspector", "Inspector", id="inspector"),      # play --inspect only (see check_action)
    ]

    # The game's themes are there from the first moment, and the paper theme is the starting value of
    # `theme`, as Textual's own default would be: the stylesheet is built once, in the game's colours.
    theme: Reactive[str] = Reactive(DEFAULT_THEME)

    @property
    def available_themes(self) -> dict[str, Theme]:
        themes = super().available_themes
        if DEFAULT_THEME not in themes:     # only while App.__init__ runs, before ours are registered
            themes.update((t.name, t) for t in THEMES)
        return themes

    def __init__(self, *, game: Game | None = None, scenario: Scenario | None = None,
                 seed: int | None = None, chapter: str | None = None, scenarios_dir: str | None = None,
                 saves_dir: str | None = None, inspect: bool = False, watch: bool = False) -> None:
        super().__init__()
        self.inspecting = inspect       # the writer's tools (play --inspect): the inspector on F12
        for theme in THEMES:
            self.register_theme(theme)
        self.start_game = game
        self.start_scenario = scenario
        self.start_seed = seed
        self.start_chapter = chapter     # the chapter the first new game's screen offers first
        self.session = Session(saves_dir=saves_dir, scenarios_dir=scenarios_dir, scenario=scenario, words=AUTOSAVE_WORDS,
                               watch=watch, cache=not inspect)
        self._first_screen: Screen | None = None     # the screen open_first_screen put up, once it has
        self._typed_ahead = True         # until the first screen is drawn, keys wait for it (on_event)
        self._begun = False              # a game has been begun in this app
        self._collector_held = False     # the collector waits for the next frame (hold_collector)
        self.player_keys: dict[str, str] = {}     # the keymap file's keys, by binding id (help shows them)
        self.watch_timer: Timer | None = None      # with `watch`: the look at the scenario's files, every WATCH_EVERY
        self.warming: Timer | None = None          # building what the scenario in play left for first use
        self._not_built: deque[Deferred] = deque()

    @property
    def game(self) -> Game | None:
        """The game in play, if any."""
        return self.session.game

    def on_mount(self) -> None:
        self.load_keymap()
        # The first screen is put up once the app is running. Put up now, it would be composed and drawn inside
        # Textual's start-up batch, which holds every frame back; that frame would be thrown away and the first
        # one shown drawn again a timer tick later. After the batch, its first frame is shown as soon as it is
        # laid out. Keys typed ahead of it wait for it (on_event).
        self.call_later(self.open_first_screen)
        if self.session.watching:
            self.watch_timer = self.set_interval(WATCH_EVERY, self.check_for_changes)

    def get_default_screen(self) -> Screen:
        """The screen the app starts on: the play screen of a game begun at once, composed as the app starts and
        drawn in its first frame, as Textual's own first screen would be; else that empty first screen, with the
        title screen put up over it once the app is running (open_first_screen)."""
        game = self.start_game
        if game is not None and not game.ended:
            from game.tui.screens.play import PlayScreen
            self.session.play(game)
            screen = PlayScreen(game)
            # As Textual's switch_screen does for the screen it puts in: a first screen has no result callback
            # of its own, and switch_screen, which takes it down when the player leaves (_clear_to_title), pops one.
            screen._push_result_callback(self, None)
            return screen
        return super().get_default_screen()

    def open_first_screen(self) -> None:
        """Put up the app's first screen, once: the game begun at once (with no title screen beneath it until
        the player goes back), else the title screen, with a scenario's new-game screen over it if one was given."""
        if self._first_screen is not None:
            return
        if self.start_game is not None:
            self.begin(self.start_game)
        else:
            from game.tui.screens.title import TitleScreen
            self.push_screen(TitleScreen())
            if self.start_scenario is not None:
                self.new_game_in(self.start_scenario.path, self.start_chapter)
            self.call_after_refresh(self._settle_memory, first=True)
        self._first_screen = self.screen
        self.call_after_refresh(self.check_size)
        self.call_after_refresh(self._first_screen_drawn)

    def _first_screen_drawn(self) -> None:
        self._typed_ahead = False

    async def _first_screen_mounted(self) -> None:
        """Open the first screen if a key comes before it, and wait until it has mounted."""
        self.open_first_screen()
        first = self._first_screen
        if first is not None and not first.is_mounted:
            await AwaitMount(first, [first])

    # -- the player's keys --------------------------------------------------------------------
    def load_keymap(self) -> None:
        """Take the player's keymap file, if there is one; one that cannot be used is reported, and the game's
        own keys kept."""
        from game.paths import keymap_path
        path = keymap_path()
        if not path.exists() and not path.is_symlink():
            return
        from game.tui.keymap import read_keymap  # the reader, and what it checks keys against, only for a keymap
        keymap = read_keymap(path, type(self))
        if keymap.error is not None:
            self.notify(f"{keymap.error}. The game's own keys are used.", title="Keymap not used", severity="error",
                        timeout=20, markup=False)
            return
        self.player_keys = keymap.keys
        self.set_keymap(keymap.keys)

    def tell(self, notice: Notice) -> None:
        """Show a notice of the session's as a notification."""
        self.notify(notice.text, title=notice.title, severity=notice.severity, timeout=notice.timeout, markup=False)

    # -- live reload (play --watch) -------------------------------------------------------------
    def check_for_changes(self) -> Reload | None:
        """Reload the scenario in play if its files changed since the last look (the watch's timer calls this)."""
        reload = self.session.check_for_changes()
        if reload is not None:
            self.show_reload(reload)
        return reload

    def action_reload_scenario(self) -> None:
        """Check the scenario in play again now, changed or not (the command palette offers it while watching)."""
        if self.session.watching and self.game is not None:
            self.show_reload(self.session.reload())

    def show_reload(self, reload: Reload) -> None:
        """Say what a reload came to; the play screen shows the game in the changed scenario, or the errors."""
        from game.tui.screens.play import PlayScreen
        play = next((s for s in self.screen_stack if isinstance(s, PlayScreen)), None)
        if reload.ok:
            self.notify(reload.message, title="Scenario reloaded", markup=False)
            if play is not None and reload.game is not None:
                play.reloaded(reload.game)
            from game.tui.screens.inspector import InspectorScreen
            for screen in self.screen_stack:
                if isinstance(screen, InspectorScreen) and reload.game is not None:
                    screen.reloaded(reload.game)
            return
        more = len(reload.errors) - ERRORS_NOTIFIED
        lines = [reload.message, *reload.errors[:ERRORS_NOTIFIED], *([f"... and {more} more"] if more > 0 else [])]
        self.notify("\n".join(lines), title="Scenario not reloaded", severity="error", timeout=15, markup=False)
        if play is not None:
            play.show_reload_errors(reload)

    # -- saved games ------------------------------------------------------------------------
    def autosave(self, game: Game | None = None) -> None:
        """Autosave the game in play, unless its latest choice is saved already; say so if it fails."""
        notice = self.session.autosave(game)
        if notice is not None:
            self.tell(notice)

    def save_as(self, name: str, kind: str = "save") -> bool:
        """Save the game in play; True when it is saved (a failure is shown, and the old save kept)."""
        from game.saves import SaveError
        if self.game is None:
            return False
        try:
            entry = self.session.save(name, kind)
        except SaveError as e:
            self.notify(str(e), title="Not saved", severity="error", timeout=10, markup=False)
            return False
        self.notify(f"Saved as '{entry.name}'." if kind == "save" else "Quicksaved (F9 loads it).", markup=False)
        return True

    def load_save(self, name: str) -> bool:
        """Load a save and play it; False (after saying why) if it cannot be loaded. The file is never changed."""
        return self._play_save(lambda: self.session.load(name))

    def quickload(self) -> None:
        self._play_save(self.session.quickload, Notice("There is no quicksave yet: F5 makes one.", severity="warning"))

    def continue_game(self) -> None:
        """Load the newest save of a game still in progress."""
        self._play_save(self.session.continue_game,
                        Notice("There is no game in progress to continue.", severity="warning"))

    def _play_save(self, load: Callable[[], Loaded | None], missing: Notice | None = None) -> bool:
        """Play the game `load` restores; False (after saying why) if it fails, or finds no save (`missing`)."""
        from game.saves import SaveError
        try:
            loaded = load()
        except SaveError as e:
            self.notify(str(e), title="Cannot load this save", severity="error", timeout=15, markup=False)
            return False
        if loaded is None:
            if missing is not None:
                self.tell(missing)
            return False
        self.begin(loaded.game)
        self.notify(" ".join([loaded.message, *(f"{n}." for n in loaded.notes)]), timeout=8, markup=False)
        return True

    # -- the flow of a game -------------------------------------------------------------------
    def new_game_in(self, path: str | None, chapter: str | None = None) -> None:
        """Choose a role (and, in a campaign, the chapter to begin at: `chapter` first) in the scenario at
        `path`, if one is given; the game the choice starts is played."""
        from game.tui.screens.new_game import NewGameScreen
        if path is not None:
            self.push_screen(NewGameScreen(path, chapter), self._begin_new)

    def _begin_new(self, game: Game | None) -> None:
        if game is not None:
            self.begin(game)

    def begin(self, game: Game) -> None:
        """Leave whatever is on top of the title screen and play `game`."""
        from game.tui.screens.play import PlayScreen
        first = self.screen_stack[0]
        if not (isinstance(first, PlayScreen) and first.game is game):   # else begun on the first screen already
            self.session.play(game)
            self._clear_to_title()
            if not game.ended:
                self.push_screen(PlayScreen(game))
        if game.ended:
            self.game_over(game)
        elif game.interlude:      # saved before the summary of the chapter that ended was read
            self.show_interlude(game)
        # The first game has no earlier one to collect: the collector is let go as the app's first frame is up.
        self.call_after_refresh(self._settle_memory, first=not self._begun)
        self.call_after_refresh(self.start_warming, game.scenario)
        self._begun = True

    def start_warming(self, scenario: Scenario) -> None:
        """Build what `scenario` left to be built when first read, a slice every WARM_EVERY (see WARM_SLICE)."""
        self._not_built = deque(scenario.not_built())
        if self._not_built and self.warming is None:
            self.warming = self.set_interval(WARM_EVERY, self.warm)

    def warm(self) -> None:
        """One slice of the building `start_warming` began; the last one stops the timer and moves what was built
        out of the collector's sight, as the rest of the scenario is (see the class note)."""
        if self._collector_held:        # a turn is waiting for its frame: the slice waits for the next tick
            return
        from game.engine import ScenarioRuntimeError
        left = self._not_built
        end = time.perf_counter() + WARM_SLICE
        try:
            while left and time.perf_counter() < end:
                left.popleft().complete()
        except ScenarioRuntimeError as e:        # what was left cannot be built (see game.scenario.cache)
            left.clear()
            self.scenario_failed(e)
        if not left and self.warming is not None:
            self.warming.stop()
            self.warming = None
            gc.freeze()

    @staticmethod
    def _settle_memory(first: bool = False) -> None:
        """Collect what earlier games left, then freeze what this one is built of (see the class note); after
        the first frame, freeze what the app is built of and let the collector go (`politburo play` holds it
        off while the app starts)."""
        if not first:
            gc.unfreeze()
            gc.collect()
        gc.freeze()
        gc.enable()

    def hold_collector(self) -> None:
        """Hold the cyclic garbage collector off until the next frame is drawn. A turn makes garbage for it, and
        a full collection (15-25 ms) landing inside the turn would keep the next event back by as much; after
        the frame it runs while the player reads. The next key or click lets it go too, should no frame come."""
        if gc.isenabled():
            gc.disable()
            self._collector_held = True
            self.call_after_refresh(self._release_collector)

    def _release_collector(self) -> None:
        if self._collector_held:
            self._collector_held = False
            gc.enable()

    def show_interlude(self, game: Game, outcome: Outcome | None = None) -> None:
        """Show the summary of the chapter that has just ended over what comes next (`outcome`: the choice
        that ended it, shown first)."""
        from game.engine import ScenarioRuntimeError
        from game.tui.screens.chapter_end import ChapterEndScreen
        try:
            screen = ChapterEndScreen(game, outcome)
        except ScenarioRuntimeError as e:
            self.scenario_failed(e)
            return
        self.push_screen(screen)

    def game_over(self, game: Game, outcome: Outcome | None = None) -> None:
        """Show how the game ended (or why it could not go on); a chapter's summary still unread comes first. A game
        begun at once has no title screen beneath: it is put up when the player leaves the ending (_to_title)."""
        from game.engine import Status
        from game.tui.screens.ending import EndingScreen
        if game.status == Status.ENDED:
            self._clear_to_title()
            self.push_screen(EndingScreen(game))
            if game.interlude:
                self.show_interlude(game, outcome)
        else:
            self.scenario_failed(f"the game cannot go on: {game.dead_end}")

    def scenario_failed(self, error: str | ScenarioRuntimeError) -> None:
        """The scenario stopped the game: say why and go back to the title. A fault in what the scenario says is
        called one; a scenario that changed under the game (ScenarioChangedError) is not."""
        # Imported here, as the rest of the engine is: a game was in play, so it is loaded by now.
        from game.engine.errors import ScenarioChangedError
        self.session.leave()
        self._to_title()
        if isinstance(error, ScenarioChangedError):
            self.notify(f"{error}. Start the game again, or load a save: the scenario is read anew from its files.",
                        title="The scenario changed", severity="error", timeout=30, markup=False)
            return
        self.notify(f"{error}. This is a fault in the scenario; 'politburo validate' and "
                    f"'politburo simulate' help find it.", title="The scenario failed",
                    severity="error", timeout=30, markup=False)

    def back_to_title(self) -> None:
        self.session.leave()
        self._to_title()

    def _to_title(self) -> None:
        """Close every screen above the title screen; put it up if a game begun at once had none beneath."""
        from game.tui.screens.title import TitleScreen
        self._clear_to_title()
        if len(self.screen_stack) == 1:
            self.push_screen(TitleScreen())

    def _clear_to_title(self) -> None:
        """Close every screen above the title screen, or above Textual's own first one when there is no title. The
        play screen of a game begun at once, the app's first screen, gives its place to Textual's empty one."""
        while len(self.screen_stack) > 1:
            from game.tui.screens.title import TitleScreen  # imported only when there are screens to close
            if isinstance(self.screen, TitleScreen):
                break
            self.pop_screen()
        if isinstance(self.screen_stack[0], GameScreen):
            self.switch_screen(super().get_default_screen())

    def unsaved(self) -> bool:
        """Autosave whatever waits; True if a game is under way and its latest choice is in no save."""
        if self.session.unsaved():
            self.autosave()          # one may still be waiting for the screen to be drawn
        return self.session.unsaved()

    async def on_event(self, event: Event) -> None:
        """Pass events on as Textual does, except input that no screen could take as meant."""
        # Once the game is leaving, keys and clicks still on their way are dropped: a screen one of them
        # opened would be taken down with the rest before it was first drawn, and fail as it mounted.
        if isinstance(event, InputEvent):
            self._release_collector()
            if self.return_code is not None:
                return
        # Keys typed ahead of the first screen wait for it, and are not lost.
        if isinstance(event, Key) and self._typed_ahead:
            await self._first_screen_mounted()
        # Later, a key does not reach a screen still being put up: its actions may rely on what it sets up as it
        # mounts. A key that no widget wanted comes back to the app and meets the bindings of whatever
        # screen is on top by then, which can be one that a choice, a load or a new game has only just pushed.
        if isinstance(event, Key) and not self.screen.is_mounted:
            return
        await super().on_event(event)

    # -- actions ----------------------------------------------------------------------------
    def action_new_game(self) -> None:
        path = self.session.default_scenario()
        if path is None:
            self.notify("No scenarios were found.", severity="error", markup=False)
        else:
            self.new_game_in(path)

    async def action_quit(self) -> None:
        """Leave at once: every choice is autosaved. Only if the autosave failed, ask first."""
        if not self.unsaved():
            self.exit(0)
            return
        from game.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        if not isinstance(self.screen, ConfirmScreen):
            self.push_screen(ConfirmScreen("Leave Politburo?", self._unsaved_detail(), yes="Leave", no="Stay"),
                             answered)

    def action_leave_game(self) -> None:
        """Go back to the title screen (Continue resumes the game); only if the autosave failed, ask first."""
        from game.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.back_to_title()

        if self.unsaved():
            self.push_screen(ConfirmScreen("Leave this game?", self._unsaved_detail(), yes="Leave", no="Stay"),
                             answered)
        else:
            self.back_to_title()

    def _unsaved_detail(self) -> str:
        error = self.session.autosave_error
        return (f"The autosave failed ({error}), so the latest choices are in no save. "
                f"Stay and save under a name (ctrl+s) to keep them.")

    def action_save(self) -> None:
        from game.tui.screens.saves import SavesScreen
        if self.game is not None and not isinstance(self.screen, SavesScreen):
            self.push_screen(SavesScreen("save"))

    def action_load(self) -> None:
        from game.tui.screens.saves import SavesScreen
        if not isinstance(self.screen, SavesScreen):
            self.push_screen(SavesScreen("load"))

    def action_quicksave(self) -> None:
        from game.saves import QUICKSAVE
        self.save_as(QUICKSAVE, "quick")

    def action_quickload(self) -> None:
        self.quickload()

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_inspector(self) -> None:
        """Open the writer's inspector on the game in play."""
        from game.tui.screens.inspector import InspectorScreen
        if self.game is not None:
            self.push_screen(InspectorScreen(self.game))

    def action_toggle_theme(self) -> None:
        self.theme = OTHER_THEME.get(self.theme, DEFAULT_THEME)

    def action_command_palette(self) -> None:
        """Open the command palette, unless one is open already, even under another screen."""
        # Textual's own test (CommandPalette.is_open) looks at the top screen only. The game puts screens
        # over an open palette (the too-small cover, the question it asks before quitting), and a second
        # palette, with the same fixed id, would raise DuplicateIds.
        if self.use_command_palette and not any(isinstance(s, CommandPalette) for s in self.screen_stack):
            from game.tui.screens.palette import PaletteScreen
            self.push_screen(PaletteScreen(id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from game.tui.screens.chapter_end import ChapterEndScreen
        from game.tui.screens.play import PlayScreen
        yield SystemCommand("New game", "Choose a role and, in a campaign, the chapter to begin at",
                            self.action_new_game)
        if isinstance(screen, ChapterEndScreen):
            yield SystemCommand("Next chapter", "Close the chapter's summary and go on", screen.action_go_on)
        if isinstance(screen, PlayScreen):
            yield SystemCommand("Journal", "Every decision so far", screen.action_journal)
            yield SystemCommand("Codex", "People, bodies, terms and documents met so far", screen.action_codex)
            yield SystemCommand("Standing", "Your aims and fears, stats, votes, alliances, offices and relationships",
                                screen.action_standing)
            yield SystemCommand("Save game", "Save under a name of your choosing", self.action_save)
            yield SystemCommand("Quicksave", "Save to the quicksave slot (F5)", self.action_quicksave)
            yield SystemCommand("Quickload", "Go back to the quicksave (F9)", self.action_quickload)
            yield SystemCommand("Leave game", "Back to the title screen; Continue resumes the game",
                                self.action_leave_game)
            if self.inspecting:
                yield SystemCommand("Inspector", "The state now, and why this event came and the others did not (F12)",
                                    self.action_inspector)
            if self.session.watching:
                yield SystemCommand("Reload scenario", "Check the scenario's files again now and play on in them",
                                    self.action_reload_scenario)
        yield SystemCommand("Load game", "Resume a saved game", self.action_load)
        yield SystemCommand("Help", "Every key, and how to play", self.action_help)
        yield SystemCommand("Light or dark", "Switch between the paper and the night theme", self.action_toggle_theme)
        yield SystemCommand("Quit", "Leave Politburo", self.action_quit)

    # -- the terminal's size --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether an action of the app may run now: only quitting, while the terminal is too small."""
        # While the terminal is too small its cover is the whole game, as its message says: enlarge the
        # window, or quit. Nothing else opens over the cover, or under it.
        if action == "inspector":       # only with play --inspect, and only over a game being played
            if not self.inspecting:     # the play screen (and the engine) is not imported to say no
                return False
            from game.tui.screens.play import PlayScreen
            return isinstance(self.screen, PlayScreen)
        return action == "quit" or not getattr(self.screen, "COVERS_GAME", False)

    def on_resize(self, event: Resize) -> None:
        if self._first_screen is not None:
            self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Cover the game with a plain message while the terminal is too small for it."""
        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        covered = any(getattr(screen, "COVERS_GAME", False) for screen in self.screen_stack)
        if small and not covered:
            from game.tui.screens.too_small import TooSmallScreen  # imported only when first needed
            self.push_screen(TooSmallScreen())
        elif not small and getattr(self.screen, "COVERS_GAME", False):
            self.pop_screen()


def run_app(*, scenario: Scenario | None = None, role: str | None = None, seed: int | None = None,
            chapter: str | None = None, game: Game | None = None, scenarios_dir: str | None = None,
            saves_dir: str | None = None, inspect: bool = False, watch: bool = False) -> int:
    """Run the full-screen game; with a game (or a scenario and a role) it starts playing at once, at the
    start of `chapter` in a campaign. With a scenario alone, the new game's screen offers `chapter` first.

    With `watch` the scenario in play is reloaded whenever its files change."""
    from game.engine import Game
    if game is None and scenario is not None and role is not None:
        game = Game.new(scenario, role, seed if seed is not None else random_seed(), chapter)
    app = PolitburoApp(game=game, scenario=scenario, seed=seed, chapter=chapter, scenarios_dir=scenarios_dir,
                       saves_dir=saves_dir, inspect=inspect, watch=watch)
    app.run()
    return app.return_code or 0
