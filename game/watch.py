"""Watching a scenario folder while it is played: which files changed, and what the change did to it.

A `Fingerprint` is the files of a folder as they stand: each file's size, modification time and a
hash of its content. Taking the next one re-reads only the files whose size or time moved, so
polling a folder twice a second costs a directory walk and a `stat` a file; a file saved again
with the same content is no change. `Written` is the events, endings and codex entries of some
files as their YAML writes them (comments and layout aside), and `summary` words what differs
between two of them: "Reloaded: 2 events changed, 1 added." `what_changed` reads, of two states
of a folder's files, only those that differ.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from typing import Any

from game.structs import struct

# The files a scenario is made of: its YAML, and the documents its sources ship.
WATCHED = (".yaml", ".yml", ".md", ".txt")
MAX_FILES = 5000          # a folder with more is not a scenario: the walk stops there
# A file written this recently may be written again within the same tick of the file system's
# clock, keeping its size and time: its content is hashed again at each look until it is older.
RECENT_NS = 2_000_000_000
# The kinds of object a summary counts: the section, and what one of them is called.
KINDS = (("events", "event", "events"), ("endings", "ending", "endings"),
         ("codex", "codex entry", "codex entries"))


@struct(frozen=True)
class FileState:
    """One file as it was seen."""

    size: int
    mtime_ns: int
    digest: str


@struct(frozen=True)
class FileChanges:
    """The files edited, added and removed between two fingerprints, each by its path in the folder."""

    edited: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.edited or self.added or self.removed)


def _digest(path: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 16), b""):
                h.update(block)
    except OSError as e:
        return f"unreadable: {e.strerror or e}"
    return h.hexdigest()


class Fingerprint:
    """The watched files of a scenario folder as they stood when it was taken (see the module's note).

    `also` names more files to watch (the documents a scenario's sources name), by their paths.
    """

    def __init__(self, folder: str, files: dict[str, FileState], also: tuple[str, ...] = (), taken_ns: int = 0) -> None:
        self.folder = folder
        self.files = files
        self.also = also
        self.taken_ns = taken_ns

    @classmethod
    def take(cls, folder: str, also: Iterable[str] = ()) -> Fingerprint:
        """The folder's files as they are now."""
        return cls(folder, {}, tuple(also)).now()

    def now(self) -> Fingerprint:
        """The same folder's files as they are now; a file whose size and time have not moved (and which was not
        written just before the last look) keeps the hash it had."""
        taken_ns = _clock_ns()
        files: dict[str, FileState] = {}
        for path in self._paths():
            try:
                st = os.stat(path)
            except OSError:
                continue
            rel = os.path.relpath(path, self.folder)
            old = self.files.get(rel)
            if (old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns
                    and self.taken_ns - st.st_mtime_ns > RECENT_NS):
                files[rel] = old
            else:
                files[rel] = FileState(st.st_size, st.st_mtime_ns, _digest(path))
        return Fingerprint(self.folder, files, self.also, taken_ns)

    def watching(self, also: Iterable[str]) -> Fingerprint:
        """The same files, with `also` among those watched from now on (as they are now, if they were not yet)."""
        files = dict(self.files)
        for path in also:
            rel = os.path.relpath(path, self.folder)
            if rel not in files:
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                files[rel] = FileState(st.st_size, st.st_mtime_ns, _digest(path))
        return Fingerprint(self.folder, files, tuple(also), self.taken_ns)

    def changes_to(self, later: Fingerprint) -> FileChanges:
        """What differs in `later`: files edited (their content, not only their time), added and removed."""
        old, new = self.files, later.files
        return FileChanges(tuple(sorted(p for p in new.keys() & old.keys() if new[p].digest != old[p].digest)),
                           tuple(sorted(new.keys() - old.keys())), tuple(sorted(old.keys() - new.keys())))

    def _paths(self) -> list[str]:
        """Every watched file below the folder (hidden files and folders aside, as the loader does), then `also`."""
        found: list[str] = []
        for root, dirs, names in os.walk(self.folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [os.path.join(root, n) for n in sorted(names) if n.endswith(WATCHED) and not n.startswith(".")]
            if len(found) > MAX_FILES:
                break
        seen = set(found)
        return found + [p for p in self.also if p not in seen]


def _clock_ns() -> int:
    """The time now, as the file system stamps files (the wall clock, in nanoseconds)."""
    import time
    return time.time_ns()


def documents(folder: str, files: Iterable[str]) -> tuple[str, ...]:
    """The paths of the documents a scenario's sources name (`file:`), within its folder."""
    from game.scenario.build import document_path
    return tuple(document_path(folder, f) for f in files if f)


# -- what a scenario's files say ------------------------------------------------------------------
Texts = dict[str, bytes]                # a YAML file's path in the folder -> its bytes
Written = dict[str, dict[str, Any]]     # section -> id -> the object as its YAML has it


def texts(folder: str) -> Texts:
    """The bytes of a scenario folder's content files (its manifest aside), kept to tell later what an edit changed."""
    from game.scenario.files import find_files, read_bytes
    out: Texts = {}
    for path in find_files(folder)[1:]:
        raw, _ = read_bytes(path, path)
        if raw is not None:
            out[os.path.relpath(path, folder)] = raw
    return out


def written(files: Texts) -> Written:
    """The events, endings and codex entries in these files, by id (what cannot be read is left out)."""
    import gc

    from game.scenario.yamlsource import decode, parse_yaml
    out: Written = {section: {} for section, _, _ in KINDS}
    was_enabled = gc.isenabled()
    gc.disable()            # as the loader does: the collector would rescan the many small objects parsed
    try:
        for rel in sorted(files):
            text, _ = decode(rel, files[rel])
            data, _ = parse_yaml(text, rel) if text is not None else (None, [])
            if isinstance(data, dict):
                _gather(data, out)
    finally:
        if was_enabled:
            gc.enable()
    return out


def _gather(data: dict[str, Any], out: Written) -> None:
    for section, objects in out.items():
        items = data.get(section)
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    objects.setdefault(item["id"], item)


def what_changed(before: Texts, after: Texts) -> str:
    """What an edit from `before` to `after` did, as `summary` says it; only the files that differ are read."""
    differ = {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
    return summary(written({r: before[r] for r in differ if r in before}),
                   written({r: after[r] for r in differ if r in after}))


def summary(before: Written, after: Written) -> str:
    """What changed from `before` to `after`, in one line: "Reloaded: 2 events changed, 1 added; 1 ending removed."."""
    groups = []
    for section, one, many in KINDS:
        old, new = before.get(section, {}), after.get(section, {})
        counts = [(n, what) for n, what in ((sum(1 for i in old.keys() & new.keys() if old[i] != new[i]), "changed"),
                                            (len(new.keys() - old.keys()), "added"),
                                            (len(old.keys() - new.keys()), "removed")) if n]
        if counts:
            (n, what), rest = counts[0], counts[1:]
            groups.append(", ".join([f"{n} {one if n == 1 else many} {what}", *(f"{m} {w}" for m, w in rest)]))
    if not groups:
        return "Reloaded: no event, ending or codex entry changed."
    return "Reloaded: " + "; ".join(groups) + "."
