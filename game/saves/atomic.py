"""Writing a file so that it is always either the old file or the new one, never torn.

The bytes go to a temporary file in the same folder, which is flushed and synced to disk,
then renamed over the target in one step (`os.replace`); the folder is synced last, so the
rename itself survives a crash. A reader, or a process killed at any moment, sees one
whole file or the other.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"
STALE_AFTER = 600.0      # seconds: a temporary file this old was left by a process that died mid-write


def sync_folder(folder: Path) -> None:
    """Make a folder's entries (a rename, a new or removed file) durable, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:     # some systems cannot sync a folder; the rename is still atomic there
        pass
    finally:
        os.close(fd)


def temp_file(folder: Path, name: str, data: bytes) -> Path:
    """A hidden temporary file in `folder` holding `data`, synced to disk."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def temp_files(path: Path) -> list[Path]:
    """Temporary files left beside `path` by writes that never finished."""
    return list(path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"))


def sweep(path: Path, now: float) -> None:
    """Remove temporary files of `path` old enough that no live write can own them."""
    for tmp in temp_files(path):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > STALE_AFTER:
                tmp.unlink()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = temp_file(folder, path.name, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(folder)
    sweep(path, time.time())


def create_atomic(path: Path, data: bytes) -> None:
    """Write `path` in one step only if it does not exist yet (FileExistsError if it does)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = temp_file(folder, path.name, data)
    try:
        try:
            os.link(tmp, path)      # fails, rather than replacing, if the name is taken
        except FileExistsError:
            raise
        except OSError:             # a file system without hard links: check, then rename
            if path.exists():
                raise FileExistsError(str(path)) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    sync_folder(folder)
