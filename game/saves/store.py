"""The saves folder: writing, reading, listing, deleting and renaming saves by name.

A save's name is its file name without `.json`, in Unicode's composed form (a file named in
another form is found under its composed name). Reading never changes a file and never opens
anything but a regular file without waiting (a pipe named like a save would block forever); a file
that cannot be read is listed as damaged, with the reason, beside the others. Every change (a
write, a rename, a delete) holds the folder's change lock, so two processes never interleave one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.saves.atomic import create_atomic, sync_folder, write_atomic
from game.saves.errors import NameTaken, SaveError
from game.saves.format import MAX_BYTES, SAVED_FROM, SAVED_UNTIL, SaveMeta, dumps, encode, parse, read_meta, upgrade
from game.saves.locks import changing, hold_autosaves
from game.saves.names import RESERVED, check_name
from game.structs import struct

if TYPE_CHECKING:
    from game.engine import Game

SUFFIX = ".json"
NOT_REGULAR = "not a regular file (a pipe, a device or a folder): not a save"
# Opening a pipe for reading waits for a writer unless told not to; a terminal device could become ours.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


@struct(frozen=True)
class SaveEntry:
    """One file in the saves folder: its metadata, or why it cannot be loaded."""

    name: str
    path: str
    meta: SaveMeta | None
    problem: str = ""
    modified: float = 0.0       # the file's modification time, for damaged saves' place in the list

    @property
    def damaged(self) -> bool:
        return self.meta is None

    @property
    def when(self) -> datetime:
        """When it was saved (for a damaged save, when the file last changed, kept in the range a save may hold)."""
        if self.meta is not None:
            return self.meta.saved_at
        stamp = min(max(self.modified, SAVED_FROM.timestamp()), SAVED_UNTIL.timestamp() - 1)
        return datetime.fromtimestamp(stamp, UTC)


@struct(frozen=True)
class SaveFile:
    """A save read and checked, ready to be restored against its scenario."""

    name: str
    path: str
    meta: SaveMeta
    doc: dict[str, Any]         # the whole document, in the current format
    read_version: int           # the format version the file is in (older ones were migrated)

    @property
    def state(self) -> dict[str, Any]:
        return self.doc["state"]


class SaveStore:
    """The saves in one folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._seen: dict[str, tuple[tuple[int, int, int], SaveEntry]] = {}

    # -- names and paths ------------------------------------------------------------------
    def path_of(self, name: str) -> Path:
        """The file of a save name; SaveError for a name that is not safe."""
        name = check_name(name)
        path = self.folder / f"{name}{SUFFIX}"
        if path.resolve().parent != self.folder.resolve():   # what check_name refuses can never get here
            raise SaveError(f"the name {name!r} would leave the saves folder")
        return path

    @staticmethod
    def _own_name(name: str, kind: str) -> str:
        name = check_name(name)
        if kind == "save" and name.lower() in RESERVED:
            raise SaveError(f"'{name}' is kept for the game's own {'quick' if 'quick' in name.lower() else 'auto'}"
                            f"saves; choose another name")
        return name

    # -- writing --------------------------------------------------------------------------
    def write(self, game: Game, name: str, kind: str = "save", now: datetime | None = None,
              replace: bool = True) -> SaveEntry:
        """Save `game` under `name` in one step: the slot holds the old save or the new, never a mix.

        With `replace` false an existing save of that name is kept, and NameTaken raised."""
        name = self._own_name(name, kind)
        path = self.path_of(name)
        doc = encode(game, name, kind, now or datetime.now(UTC))
        data = dumps(doc)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with changing(self.folder):
                other = self.locate(name)       # the same save in a file spelt another way
                if not replace and os.path.lexists(other):
                    raise NameTaken(name)
                try:
                    (write_atomic if replace else create_atomic)(path, data)
                except FileExistsError:
                    raise NameTaken(name) from None
                if other != path:
                    other.unlink(missing_ok=True)
                    sync_folder(self.folder)
        except OSError as e:
            raise SaveError(f"could not be written: {e.strerror or e}", str(path)) from None
        return SaveEntry(name, str(path), read_meta(doc, str(path)))

    def delete(self, name: str) -> None:
        """Remove a save (a damaged one too)."""
        path = self.locate(name)
        with changing(self.folder):
            try:
                path.unlink()
            except FileNotFoundError:
                raise SaveError(f"no save named '{check_name(name)}'") from None
            except OSError as e:
                raise SaveError(f"could not be deleted: {e.strerror or e}", str(path)) from None
            sync_folder(self.folder)

    def rename(self, old: str, new: str) -> SaveEntry:
        """Give a save another name (a quicksave or autosave renamed becomes a save of its own).

        Two renames (or a rename and a delete) of one save at once: one wins, the other is told
        the save is gone, and exactly one copy remains."""
        src = self.locate(old)
        old = check_name(old)
        new = self._own_name(new, "save")
        dst = self.path_of(new)
        if src == dst:
            return self.entry(old)
        with changing(self.folder):
            if not os.path.lexists(src):
                raise SaveError(f"no save named '{old}'")
            taken = self.locate(new)
            if taken != src and os.path.lexists(taken):
                raise SaveError(f"a save named '{new}' already exists")
            try:
                save = self.read(old)
            except SaveError:
                save = None
            try:
                if save is None:             # damaged: moved as it is, byte for byte
                    data = read_bytes(src)
                else:
                    doc = dict(save.doc)
                    doc["meta"] = dict(doc["meta"], name=new, kind="save")
                    data = dumps(doc)
                create_atomic(dst, data)
                src.unlink(missing_ok=True)
                sync_folder(self.folder)
            except FileExistsError:
                raise SaveError(f"a save named '{new}' already exists") from None
            except FileNotFoundError:
                raise SaveError(f"no save named '{old}'") from None
            except OSError as e:
                raise SaveError(f"could not be renamed: {e.strerror or e}", str(src)) from None
        return self.entry(new)

    # -- autosaves ------------------------------------------------------------------------
    def claim_autosaves(self) -> bool:
        """Hold this folder's autosave slots for this process (until it ends); False while another game holds them."""
        return hold_autosaves(self.folder)

    # -- reading --------------------------------------------------------------------------
    def read(self, name: str) -> SaveFile:
        """A save, checked and in the current format; SaveError saying why it cannot be used."""
        path = self.locate(name)
        name = check_name(name)
        try:
            data = read_bytes(path)
        except FileNotFoundError:
            raise SaveError(f"no save named '{name}' in {self.folder}") from None
        doc = parse(data, str(path))
        version = doc.get("format_version")
        doc = upgrade(doc, name, str(path))
        return SaveFile(name, str(path), read_meta(doc, str(path)), doc, version)  # type: ignore[arg-type]

    def entry(self, name: str) -> SaveEntry:
        """One save as the list shows it (damaged or not)."""
        path = self.locate(name)
        name = check_name(name)
        try:
            st = path.stat()
        except OSError:
            raise SaveError(f"no save named '{name}' in {self.folder}") from None
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        seen = self._seen.get(str(path))
        if seen is not None and seen[0] == key:
            return seen[1]
        try:
            entry = SaveEntry(name, str(path), self.read(name).meta, modified=st.st_mtime)
        except SaveError as e:
            entry = SaveEntry(name, str(path), None, e.brief, st.st_mtime)
        self._seen[str(path)] = (key, entry)
        return entry

    def names(self) -> list[str]:
        """The names of the files in the folder that are saves or look like them (pipes and folders too)."""
        try:
            files = [f.name for f in os.scandir(self.folder)]
        except OSError:
            return []
        out: dict[str, None] = {}
        for file in files:
            if file.startswith(".") or not file.endswith(SUFFIX):
                continue
            stem = file[: -len(SUFFIX)]
            with contextlib.suppress(SaveError):
                name = check_name(stem)
                if name == unicodedata.normalize("NFC", stem):     # one name however its file is spelt
                    out[name] = None
        return list(out)

    def locate(self, name: str) -> Path:
        """The file of save `name`: its own path, or a file whose name is another Unicode form of it."""
        path = self.path_of(name)
        if os.path.lexists(path):
            return path
        with contextlib.suppress(OSError), os.scandir(self.folder) as files:
            for f in files:
                if f.name != path.name and unicodedata.normalize("NFC", f.name) == path.name:
                    return Path(f.path)
        return path

    def entries(self) -> list[SaveEntry]:
        """Every save, newest first; damaged ones among them, with the reason."""
        out = []
        for name in self.names():
            with contextlib.suppress(SaveError):     # removed between the listing and the reading
                out.append(self.entry(name))
        out.sort(key=lambda e: (e.when, e.name), reverse=True)
        return out

    def newest(self, entries: list[SaveEntry] | None = None) -> SaveEntry | None:
        """The save Continue resumes: the newest of a game still in progress (of `entries`, if given).

        A game that ended is not in progress, even in its earlier saves: a save older than the newest ending
        of its playthrough is passed over (a game played on from an earlier save of it is in progress again)."""
        listed = self.entries() if entries is None else entries
        ended: set[str] = set()         # playthroughs with a save, newer than those still to come, of the game ended
        for e in listed:
            meta = e.meta
            if meta is None:
                continue
            if not meta.in_progress:
                if meta.game:
                    ended.add(meta.game)
                continue
            if not meta.game or meta.game not in ended:
                return e
        return None


def read_bytes(path: Path) -> bytes:
    """A save file's bytes (up to one past the size limit), opened without waiting; SaveError if not a regular file."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):     # refused before it is opened: a device is never touched
            raise SaveError(NOT_REGULAR, str(path))
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as e:
        raise SaveError(f"cannot be read: {e.strerror or e}", str(path)) from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):     # swapped for something else since the check
            raise SaveError(NOT_REGULAR, str(path))
        try:
            return f.read(MAX_BYTES + 1)
        except OSError as e:
            raise SaveError(f"cannot be read: {e.strerror or e}", str(path)) from None
