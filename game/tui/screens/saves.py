"""The Load and Save screens: a table of saved games, newest first, damaged ones among them.

Both list the same saves and delete or rename them (after asking). The Load screen loads the
highlighted save; the Save screen saves the game under a new name typed at the top, or over the
highlighted save (after asking).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.widgets import DataTable, Input, Static

from game.engine.dates import format_month
from game.saves import SaveEntry, SaveError, SaveStore, check_name, describe
from game.tui.screens import own_styles
from game.tui.screens.dialog import Dialog
from game.tui.screens.game_screen import PolitburoScreen
from game.tui.widgets.key_bar import KeyBar

# (key, label, width): the columns a table has room for, most needed first. "where" takes what
# is left, and is left out (the line under the table says it) when that is too little.
COLUMNS = (("name", "Name", 20), ("saved", "Saved", 16), ("role", "Role", 18), ("date", "In the game", 14),
           ("turn", "Turn", 4))
WHERE_MIN = 16


class SavesScreen(PolitburoScreen[None]):
    """Saved games in a table; `mode` is "load" or "save"."""

    DEFAULT_CSS = own_styles(__file__)

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="saves_back"),
        Binding("d,delete", "delete", "Delete", id="saves_delete"),
        Binding("r", "rename", "Rename", id="saves_rename"),
    ]

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
        self.entries: list[SaveEntry] = []

    @property
    def saves(self) -> SaveStore:
        return self.politburo.session.saves

    def compose(self) -> ComposeResult:
        title = "Load a saved game" if self.mode == "load" else "Save the game"
        yield Static(title, classes="screen-title", markup=False)
        with Vertical(id="saves-box"):
            if self.mode == "save":
                yield Input(placeholder="Name of a new save, then Enter", id="save-name", max_length=64)
            table: DataTable[str | Content] = DataTable(id="saves-table", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static(id="save-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.fill()
        if self.mode == "save":
            self.query_one("#save-name", Input).focus()
        else:
            self.query_one(DataTable).focus()

    def on_resize(self, event: Resize) -> None:
        self.fill(keep=self.highlighted())

    # -- the table ------------------------------------------------------------------------
    def columns(self, width: int) -> list[tuple[str, str, int]]:
        """The columns that fit `width` cells, each with its width (a cell pads one each side)."""
        room = width - 4          # the box's padding and the scrollbar
        chosen: list[tuple[str, str, int]] = []
        for key, label, w in COLUMNS:
            if room - (w + 2) < 0 or (key == "turn" and room - (w + 2) < WHERE_MIN + 2):
                break
            chosen.append((key, label, w))
            room -= w + 2
        if room >= WHERE_MIN + 2:
            chosen.append(("where", "Where it stands", room - 2))
        return chosen

    def fill(self, keep: str | None = None) -> None:
        """List the saves again (after a change, or at another width), keeping the row in view."""
        self.entries = self.saves.entries()
        table: DataTable[str | Content] = self.query_one(DataTable)
        table.clear(columns=True)
        columns = self.columns(self.app.size.width)
        for _, label, width in columns:
            table.add_column(label, width=width)
        for e in self.entries:
            cells = self.cells(e)
            table.add_row(*(cells[key] for key, _, _ in columns), key=e.name)
        if keep is not None:
            for i, e in enumerate(self.entries):
                if e.name == keep:
                    table.move_cursor(row=i, animate=False)
        self.show_detail()

    @staticmethod
    def cells(e: SaveEntry) -> dict[str, str | Content]:
        saved = e.when.astimezone().strftime("%Y-%m-%d %H:%M")
        if e.meta is None:
            return {"name": e.name, "saved": saved, "role": Content.styled("damaged", "bold $text-error"),
                    "date": "", "turn": "", "where": Content.styled(e.problem, "$text-error")}
        where = e.meta.summary or ("in progress" if e.meta.in_progress else "")
        return {"name": e.name, "saved": saved, "role": e.meta.role_name, "date": format_month(e.meta.date),
                "turn": str(e.meta.turn), "where": where}

    def highlighted(self) -> str | None:
        """The name of the save under the cursor."""
        entry = self.current()
        return entry.name if entry else None

    def current(self) -> SaveEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def show_detail(self) -> None:
        detail = self.query_one("#save-detail", Static)
        e = self.current()
        if e is None:
            where = self.saves.folder
            detail.update(Content.styled(f"No saved games in {where}." if self.mode == "load" else
                                         f"No saved games yet in {where}.", "italic $text-muted"))
        elif e.meta is None:
            detail.update(Content.assemble((f"'{e.name}' cannot be loaded: ", "bold $text-error"), e.problem,
                                           "\n", (e.path, "$text-muted"), "\n",
                                           ("The file is left as it is: d deletes it.", "italic $text-muted")))
        else:
            m = e.meta
            action = "Enter loads it" if self.mode == "load" else "In the list, Enter saves over it"
            decisions = f"{m.choices} decision{'s' if m.choices != 1 else ''}"
            detail.update(Content.assemble(
                (e.name, "bold $text-primary"), "\n", f"{m.scenario_title}: {describe(m)} ({decisions})", "\n",
                (f"{action}; d deletes it, r renames it.", "italic $text-muted")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        e = self.current()
        if e is None:
            return
        if self.mode == "load":
            if e.meta is None:
                self.notify(f"'{e.name}' cannot be loaded: {e.problem}", severity="error", markup=False)
            else:
                self.politburo.load_save(e.name)
        else:
            self.save_over(e)

    # -- saving ---------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        try:
            name = check_name(name)
        except SaveError as e:
            self.notify(sentence(str(e)), severity="error", markup=False)
            return
        existing = next((e for e in self.entries if e.name == name), None)
        if existing is not None:
            self.save_over(existing)
        elif self.politburo.save_as(name):
            self.app.pop_screen()

    def save_over(self, e: SaveEntry) -> None:
        from game.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self.politburo.save_as(e.name):
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(f"Save over '{e.name}'?", "The game saved there will be replaced "
                                           "by this one.", yes="Save over", no="Cancel"), answered)

    # -- deleting and renaming --------------------------------------------------------------
    def action_delete(self) -> None:
        from game.tui.screens.confirm import ConfirmScreen
        e = self.current()
        if e is None or isinstance(self.focused, Input):
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.saves.delete(e.name)
            except SaveError as err:
                self.notify(str(err), severity="error", markup=False)
            self.fill()

        what = "This damaged file" if e.meta is None else "The saved game"
        self.app.push_screen(ConfirmScreen(f"Delete '{e.name}'?", f"{what} will be gone for good.",
                                           yes="Delete", no="Keep"), answered)

    def action_rename(self) -> None:
        e = self.current()
        if e is None or isinstance(self.focused, Input):
            return

        def answered(new: str | None) -> None:
            if new is not None:
                self.fill(keep=new)

        self.app.push_screen(RenameScreen(e.name, self.saves), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete", "rename") and (not self.entries or isinstance(self.focused, Input)):
            return None        # shown greyed: there is nothing to act on, or a name is being typed
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()


def sentence(text: str) -> str:
    """A message with its first letter capitalised (and nothing else changed)."""
    return text[:1].upper() + text[1:]


class RenameScreen(Dialog[str | None]):
    """Asks for a save's new name; dismisses with it once the save is renamed in `saves`, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rename_cancel")]

    def __init__(self, name: str, saves: SaveStore) -> None:
        super().__init__()
        self.old = name
        self.saves = saves

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"Rename '{self.old}'", id="question", markup=False)
            yield Input(self.old, id="new-name", max_length=64)
            yield Static("Enter renames it; Escape leaves it as it is.", id="detail", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            entry = self.saves.rename(self.old, event.value)
        except SaveError as e:
            self.query_one("#detail", Static).update(Content.styled(sentence(str(e)), "$text-error"))
            return
        self.dismiss(entry.name)

    def action_cancel(self) -> None:
        self.dismiss(None)
