"""Help: how to play, and every key on every screen, read from the bindings themselves."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.paths import keymap_path
from game.tui.screens.dialog import Dialog

HOW_TO_PLAY = (
    "Each turn is a month. Events arrive one at a time; answer each by choosing one of its numbered "
    "choices. A choice the scenario closes to you is greyed, with the reason. What your choice did is shown "
    "above the next event (folded, on a small screen, so that the event stays in view: o shows it whole), "
    "and a red band announces alliances formed or broken, offices changing hands and "
    "deaths. Your stats, your allies, "
    "the votes you can count on and the alliances of the moment sit beside the event on wide terminals "
    "(press s for them on narrow ones). What you did is in the journal; who and what you have met is in "
    "the codex, with sources. A campaign is told in chapters: a new game may begin at any chapter its role "
    "plays, and when a chapter ends you see what the record says of it, what changed in your game and where "
    "you left the record, before the next chapter's first event. When the game ends you see your path beside "
    "what happened. "
    "Every choice is autosaved, so leaving loses nothing: Continue on the title screen resumes the game. "
    "ctrl+s saves under a name of your choosing, F5 and F9 quicksave and quickload."
)

VOTES = (
    "Votes are counted, not rolled. Before a vote its totals sit above the choices, and the whole count "
    "follows the event (v brings it into view): who stands for the motion, who against, and who wavers. "
    "Each member stands where their ties to the motion's sponsor and opponents, their faction and what you "
    "have done put them; a bloc (a delegation, the apparatus men) counts as many votes as its size. Only a "
    "waverer is left to chance, at the odds shown (\"65% for\"); a wavering bloc splits by them. The motion "
    "carries with more votes for than against. A choice that puts the motion otherwise (with other backing, "
    "or another motion) shows its own count under it. After the vote you see who voted how, and the journal keeps "
    "it. A secret ballot cannot be counted beforehand, and afterwards only its totals are known.\n\n"
    "Your aims and fears, with whether each holds now, and what each stat means are in your standing (s); "
    "a stat near the point where it ends your game is warned about in a band above the event. Where the "
    "record says what the real person did, the journal and the ending mark where you left history."
)

GENERAL = (
    ("↑ ↓, Enter", "move in a list and pick; the mouse works too", ""),
    ("Tab, shift+Tab", "move between the parts of a screen", ""),
)


def keymap_file() -> str:
    """The keymap file's path, with the home folder written as ~."""
    path = keymap_path()
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def key_label(binding: Binding, keymap: dict[str, str] | None = None) -> str:
    """The keys of a binding as help shows them: the player's own where the keymap rebinds it."""
    mapped = (keymap or {}).get(binding.id or "")
    if mapped is None and binding.key_display:
        return binding.key_display
    return ", ".join(k.strip().replace("question_mark", "?") for k in (mapped or binding.key).split(","))


class HelpScreen(Dialog[None]):
    """Every binding of the game's screens, grouped by screen."""

    BINDINGS = [Binding("escape,f1,question_mark,q", "app.pop_screen", "Close", id="help_close")]

    def compose(self) -> ComposeResult:
        from game.tui.screens.chapter_end import ChapterEndScreen
        from game.tui.screens.codex import CodexScreen
        from game.tui.screens.ending import EndingScreen
        from game.tui.screens.journal import JournalScreen
        from game.tui.screens.new_game import NewGameScreen
        from game.tui.screens.play import PlayScreen
        from game.tui.screens.saves import SavesScreen
        from game.tui.screens.scenarios import ScenariosScreen
        from game.tui.screens.standing import StandingScreen
        from game.tui.screens.title import TitleScreen

        groups: list[tuple[str, list[BindingType]]] = [
            ("Everywhere", [b for b in self.app.BINDINGS if getattr(b, "id", "") != "inspector"
                            or getattr(self.app, "inspecting", False)]),     # the writer's key, with play --inspect
            ("Title screen", TitleScreen.BINDINGS),
            ("New game", NewGameScreen.BINDINGS), ("Playing", PlayScreen.BINDINGS),
            ("Your standing", StandingScreen.BINDINGS), ("Journal", JournalScreen.BINDINGS),
            ("Codex", CodexScreen.BINDINGS), ("Saved games", SavesScreen.BINDINGS),
            ("Scenarios", ScenariosScreen.BINDINGS), ("The end of a chapter", ChapterEndScreen.BINDINGS),
            ("The end", EndingScreen.BINDINGS),
        ]
        with VerticalScroll(id="help-box"):
            yield Static(Content.styled("How to play", "bold $text-primary"), markup=False)
            yield Static(HOW_TO_PLAY, id="how-to-play", markup=False)
            yield Static(Content.styled("Votes, aims and history", "bold $text-primary"), markup=False)
            yield Static(VOTES, id="how-votes-work", markup=False)
            mine = getattr(self.app, "player_keys", {})     # the keymap file's keys, by binding id
            yield Static(keys_table([("General", list(GENERAL))] + [(title, rows(bindings, mine)) for title, bindings in groups]),
                         id="keys", markup=False)
            yield Static(Content.styled(f"Your own keys go in {keymap_file()}: a line such as play_quit = \"x\" "
                                        f"gives the binding of that id (beside each key above) keys of your own.",
                                        "italic"), id="keymap-note", markup=False)
            yield Static(Content.styled("Escape closes this help.", "italic"), markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()


def rows(bindings: list[BindingType], keymap: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(keys, what they do, the binding's id) for each binding worth telling, the nine choice keys as one."""
    out = []
    for b in bindings:
        if not isinstance(b, Binding) or ((b.id or "").startswith("choose_") and b.id != "choose_1"):
            continue
        label, ident = b.description or b.action, b.id or ""
        if b.id == "choose_1":
            label, ident = "make that choice", "choose_1 to choose_9"
            if keymap and any(f"choose_{n}" in keymap for n in range(1, 10)):
                label = "make that choice: " + ", ".join(key_label(c, keymap) for c in bindings
                                                          if isinstance(c, Binding) and (c.id or "").startswith("choose_"))
                out.append(("", label, ident))
                continue
        out.append((key_label(b, keymap), label, ident))
    return out


def keys_table(groups: list[tuple[str, list[tuple[str, str, str]]]]) -> Content:
    width = max(len(k) for _, rs in groups for k, _, _ in rs)
    parts: list[str | tuple[str, str]] = []
    for title, rs in groups:
        parts += ["\n" if parts else "", (title, "bold $text-primary"), "\n"]
        for keys, what, ident in rs:
            parts += [(f"  {keys:<{width}}  ", "bold"), what, (f"  {ident}" if ident else "", "$text-muted"), "\n"]
    return Content.assemble(*parts)
