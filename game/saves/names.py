"""Save names: what a player may call a save, and the slots the game keeps for itself.

A name becomes a file name in the saves folder, so it may not hold anything that would
take it elsewhere, hide it, or make the folder unreadable on another system. Names are kept in
Unicode's composed form (NFC): "café" typed with a combining accent is the same save as "café"
typed with a single é, and is the same file on every system.
"""

from __future__ import annotations

import unicodedata

from game.saves.errors import SaveError

MAX_NAME = 64
QUICKSAVE = "quicksave"
AUTOSAVES = ("autosave-1", "autosave-2", "autosave-3")
RESERVED = frozenset({QUICKSAVE, *AUTOSAVES})

# Characters other systems refuse in file names; refused here so a saves folder can be copied anywhere.
_PORTABLE = '<>:"|?*'
_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))})


def check_name(name: str) -> str:
    """The name, trimmed and composed (NFC), if it is a safe save name; SaveError saying why otherwise."""
    if not isinstance(name, str):
        raise SaveError("a save name must be text")
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise SaveError("a save needs a name")
    if len(name) > MAX_NAME:
        raise SaveError(f"a save name has at most {MAX_NAME} characters")
    if "/" in name or "\\" in name:
        raise SaveError(f"a save name may not contain path separators: {name!r}")
    if ".." in name:
        raise SaveError(f"a save name may not contain '..': {name!r}")
    if name.startswith("."):
        raise SaveError(f"a save name may not begin with '.': {name!r}")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in name):
        raise SaveError(f"a save name may not contain control characters: {name!r}")
    bad = sorted({c for c in name if c in _PORTABLE})
    if bad:
        raise SaveError(f"a save name may not contain {' '.join(bad)}: {name!r}")
    if name.endswith("."):
        raise SaveError(f"a save name may not end with '.': {name!r}")
    if name.split(".")[0].lower() in _DEVICES:
        raise SaveError(f"{name!r} is a device name on some systems; choose another name")
    return name
