"""Regular expressions compiled when first used, not as their module is imported.

A module declares its patterns at its top; compiling one takes a tenth to a third of a millisecond, and most of
those of the modules play imports (messages about a mistyped expression, a date written in a turn length) are not
needed before its first frame, or ever in a game. `Pattern` stands for `re.compile(pattern, flags)` and compiles it
the first time one of its methods is used; from then on each call goes to the compiled pattern's own method.
"""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


class Pattern:
    """A regular expression compiled when first used (see above)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        # Asked only for what the instance does not have yet: the first use.
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
