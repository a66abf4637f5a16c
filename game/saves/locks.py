"""Locks that keep two games, or two commands, from trampling one saves folder.

Both are the operating system's own (`flock` on POSIX, `msvcrt.locking` on Windows): the system
drops them when the file is closed or the process ends, however it ends, so a crash never leaves
a stale lock behind.

- `changing(folder)` is held for the moment of one change (a write, a rename, a delete), so two
  processes changing the same saves take turns: a save is never renamed twice over, nor written
  while it is being renamed. It waits for the other change to finish.
- `hold_autosaves(folder)` is taken by a running game at its first autosave and kept until it
  ends, so a second game in the same folder cannot overwrite its autosaves. It never waits.

Where a folder cannot be locked at all (a file system without locks, a read-only folder), the
change goes ahead unlocked and any failure is the change's own to report.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

CHANGE_LOCK = ".saves.lock"          # Windows only: POSIX locks the folder itself
AUTOSAVE_LOCK = ".autosave.lock"

if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int, wait: bool) -> bool:
        """Lock the file's first byte; False if another holds it (when not waiting)."""
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _open_for_change(folder: Path) -> int:
        return os.open(folder / CHANGE_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
else:
    import fcntl

    def _lock(fd: int, wait: bool) -> bool:
        """Lock the whole file (per open file, so two opens in one process exclude each other too)."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True

    def _open_for_change(folder: Path) -> int:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


@contextlib.contextmanager
def changing(folder: Path) -> Iterator[None]:
    """Hold the folder's change lock while the block runs (waiting for another process's change to end)."""
    try:
        fd = _open_for_change(folder)
    except OSError:             # no folder yet, or none we may lock: the change itself will say what is wrong
        yield
        return
    try:
        with contextlib.suppress(OSError):      # a file system without locks
            _lock(fd, wait=True)
        yield
    finally:
        os.close(fd)            # closing releases the lock


_held: dict[str, int] = {}           # folder -> the open lock file by which this process holds its autosaves
_guard = threading.Lock()


def hold_autosaves(folder: Path) -> bool:
    """Claim the folder's autosave slots for this process until it ends; False while another process holds them."""
    key = os.path.realpath(folder)
    lock_path = os.path.join(key, AUTOSAVE_LOCK)
    with _guard:
        fd = _held.get(key)
        if fd is not None:
            with contextlib.suppress(OSError):
                if os.stat(lock_path).st_ino == os.fstat(fd).st_ino:
                    return True
            del _held[key]      # the lock file was removed (the folder emptied): claim it afresh
            os.close(fd)
        try:
            os.makedirs(key, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:         # a folder we cannot write: the autosave fails, and says why
            return True
        try:
            taken = _lock(fd, wait=False)
        except OSError:         # a file system without locks: nothing to coordinate by
            taken = True
        if not taken:
            os.close(fd)
            return False
        _held[key] = fd
        return True
