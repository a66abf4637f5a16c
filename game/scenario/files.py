"""Finding a scenario's files: the folder a path names, its YAML files in order, and what each adds to the
scenario's fingerprint. Light enough for play to open a scenario from its cache (game.scenario.cache) without the
checker: the loader (game.scenario.loader) reads them.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.scenario.diagnostics import Diagnostic

MANIFEST = "scenario.yaml"
MAX_FILES = 2000
MAX_FILE_BYTES = 8 * 1024 * 1024


def _display_root(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def file_digest_part(folder: str, file: str, raw: bytes) -> bytes:
    """What one file adds to a scenario's fingerprint: its path in the folder and its bytes."""
    return os.fsencode(in_folder(file, folder)) + b"\0" + raw + b"\0"


def in_folder(file: str | os.PathLike[str], folder: str | os.PathLike[str]) -> str:
    """`os.path.relpath(file, folder)`; for a file `find_files` found in the folder (its path begins with the
    folder's), the rest of its path, with no working out of either's absolute path."""
    file, folder = os.fspath(file), os.fspath(folder)
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    if file.startswith(prefix) and os.sep + "." not in file[len(prefix) - 1:]:
        return file[len(prefix):]
    return os.path.relpath(file, folder)


def find_files(folder: str) -> list[str]:
    """Every YAML file below `folder`, the manifest first, the rest sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                found.append(os.path.join(root, name))
    manifest = os.path.join(folder, MANIFEST)
    return [manifest] + [f for f in found if os.path.normpath(f) != os.path.normpath(manifest)]


def scenario_files(path: str) -> tuple[str, str, list[str]] | list[Diagnostic]:
    """The folder a path names as a scenario, how messages show it, and its YAML files (the manifest
    first); or the one problem that makes it no scenario at all."""
    folder = path
    if os.path.isfile(path) and os.path.basename(path) == MANIFEST:
        folder = os.path.dirname(path) or "."
    shown_root = _display_root(folder)
    if not os.path.isdir(folder):
        what = "does not exist" if not os.path.exists(folder) else "is not a folder"
        return [_problem(shown_root, f"{what}; a scenario is a folder with a {MANIFEST}", "not-a-scenario")]
    if not os.path.isfile(os.path.join(folder, MANIFEST)):
        return [_problem(shown_root, f"no {MANIFEST} here; a scenario is a folder with a {MANIFEST}", "not-a-scenario")]
    files = find_files(folder)
    if len(files) > MAX_FILES:
        return [_problem(shown_root, f"more than {MAX_FILES} YAML files", "too-many-files")]
    return folder, shown_root, files


def read_bytes(path: str, display: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A file's bytes, refusing anything over the size limit without reading it all."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return None, [_problem(display, f"cannot read: {e.strerror or e}", "cannot-read")]
    if len(data) > MAX_FILE_BYTES:
        return None, [_problem(display, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", "file-too-large",
                               at=(1, 1))]
    return data, []


def _problem(path: str, message: str, code: str, at: tuple[int, int] = (0, 0)) -> Diagnostic:
    from game.scenario.diagnostics import Diagnostic  # only when there is a problem to tell
    return Diagnostic(path, *at, message, code=code)


@contextlib.contextmanager
def collector_held() -> Iterator[None]:
    """The cyclic garbage collector held off while a scenario is read and built."""
    # Loading builds hundreds of thousands of small acyclic objects; the cyclic collector
    # would rescan them again and again (about 40% of the time), so it waits until the end.
    # Then what was built is frozen (gc.freeze): otherwise the collector's first full pass, soon
    # after, would walk all of it once more (80 ms) for nothing to free. The next load thaws it,
    # so that a scenario no longer in use is collected as usual.
    was_enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
