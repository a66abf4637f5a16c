"""The saves folder: writing, reading, listing, deleting and renaming saves by name.

A save's name is its file name without `.json`. Reading never changes a file; a file that
cannot be read is listed as damaged, with the reason, beside the others.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.paths import default_saves_folder
from game.saves.atomic import create_atomic, sync_folder, write_atomic
from game.saves.errors import SaveError
from game.saves.format import MAX_BYTES, SaveMeta, dumps, encode, parse, read_meta, upgrade
from game.saves.names import RESERVED, check_name

if TYPE_CHECKING:
    from game.engine import Game

SAVES_ENV = "POLITBURO_SAVES"
SUFFIX = ".json"


def saves_folder(folder: str | None = None) -> Path:
    """Where saves live: the folder given, else $POLITBURO_SAVES, else the game's default (see game.paths)."""
    return Path(folder or os.environ.get(SAVES_ENV) or default_saves_folder())


@dataclass(frozen=True)
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
        """When it was saved (for a damaged save, when the file last changed)."""
        if self.meta is not None:
            return self.meta.saved_at
        return datetime.fromtimestamp(self.modified, UTC)


@dataclass(frozen=True)
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
    def write(self, game: Game, name: str, kind: str = "save", now: datetime | None = None) -> SaveEntry:
        """Save `game` under `name` in one step: the slot holds the old save or the new, never a mix."""
        name = self._own_name(name, kind)
        path = self.path_of(name)
        doc = encode(game, name, kind, now or datetime.now(UTC))
        try:
            write_atomic(path, dumps(doc))
        except OSError as e:
            raise SaveError(f"could not be written: {e.strerror or e}", str(path)) from None
        return SaveEntry(name, str(path), read_meta(doc, str(path)))

    def delete(self, name: str) -> None:
        """Remove a save (a damaged one too)."""
        path = self.path_of(name)
        try:
            path.unlink()
        except FileNotFoundError:
            raise SaveError(f"no save named '{check_name(name)}'") from None
        except OSError as e:
            raise SaveError(f"could not be deleted: {e.strerror or e}", str(path)) from None
        sync_folder(self.folder)

    def rename(self, old: str, new: str) -> SaveEntry:
        """Give a save another name (a quicksave or autosave renamed becomes a save of its own)."""
        src = self.path_of(old)
        new = self._own_name(new, "save")
        dst = self.path_of(new)
        if src == dst:
            return self.entry(old)
        if not src.exists():
            raise SaveError(f"no save named '{check_name(old)}'")
        try:
            save = self.read(old)
        except SaveError:
            save = None
        try:
            if save is None:             # damaged: moved as it is, byte for byte
                data = src.read_bytes()
            else:
                doc = dict(save.doc)
                doc["meta"] = dict(doc["meta"], name=new, kind="save")
                data = dumps(doc)
            create_atomic(dst, data)
            src.unlink()
            sync_folder(self.folder)
        except FileExistsError:
            raise SaveError(f"a save named '{new}' already exists") from None
        except OSError as e:
            raise SaveError(f"could not be renamed: {e.strerror or e}", str(src)) from None
        return self.entry(new)

    # -- reading --------------------------------------------------------------------------
    def read(self, name: str) -> SaveFile:
        """A save, checked and in the current format; SaveError saying why it cannot be used."""
        path = self.path_of(name)
        name = path.stem
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise SaveError(f"no save named '{name}' in {self.folder}") from None
        except OSError as e:
            raise SaveError(f"cannot be read: {e.strerror or e}", str(path)) from None
        doc = parse(data, str(path))
        version = doc.get("format_version")
        doc = upgrade(doc, name, str(path))
        return SaveFile(name, str(path), read_meta(doc, str(path)), doc, version)  # type: ignore[arg-type]

    def entry(self, name: str) -> SaveEntry:
        """One save as the list shows it (damaged or not)."""
        path = self.path_of(name)
        try:
            st = path.stat()
        except OSError:
            raise SaveError(f"no save named '{check_name(name)}' in {self.folder}") from None
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        seen = self._seen.get(str(path))
        if seen is not None and seen[0] == key:
            return seen[1]
        try:
            entry = SaveEntry(path.stem, str(path), self.read(path.stem).meta, modified=st.st_mtime)
        except SaveError as e:
            entry = SaveEntry(path.stem, str(path), None, e.brief, st.st_mtime)
        self._seen[str(path)] = (key, entry)
        return entry

    def names(self) -> list[str]:
        """The names of the files in the folder that are saves or look like them."""
        try:
            files = list(os.scandir(self.folder))
        except OSError:
            return []
        out = []
        for f in files:
            if f.name.startswith(".") or not f.name.endswith(SUFFIX):
                continue
            with contextlib.suppress(SaveError):
                if check_name(f.name[: -len(SUFFIX)]) == f.name[: -len(SUFFIX)] and f.is_file():
                    out.append(f.name[: -len(SUFFIX)])
        return out

    def entries(self) -> list[SaveEntry]:
        """Every save, newest first; damaged ones among them, with the reason."""
        out = []
        for name in self.names():
            with contextlib.suppress(SaveError):     # removed between the listing and the reading
                out.append(self.entry(name))
        out.sort(key=lambda e: (e.when, e.name), reverse=True)
        return out

    def newest(self, entries: list[SaveEntry] | None = None) -> SaveEntry | None:
        """The save Continue resumes: the newest of a game still in progress (of `entries`, if given)."""
        listed = self.entries() if entries is None else entries
        return next((e for e in listed if e.meta is not None and e.meta.in_progress), None)

