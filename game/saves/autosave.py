"""The rolling autosave: after every choice, so a crash or a closed terminal loses one choice at most.

There are three autosave slots. Each holds the latest state of one turn: choices within a turn
overwrite that turn's slot, and a new turn takes the slot written longest ago. So the last
three turns can always be gone back to.

The slots belong to one running game at a time: the first to autosave holds them (an OS lock,
gone when its process ends). A second game in the same folder is not autosaved, and says so
through `error`, until the slots are free again; it tries again at each choice.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from game.saves.errors import SaveError, SlotsBusy
from game.saves.names import AUTOSAVES

BUSY = ("another Politburo game running with this saves folder holds its autosaves; "
        "this game will be autosaved once that one ends")

if TYPE_CHECKING:
    from game.engine import Game
    from game.saves.store import SaveStore


class Autosaver:
    """Autosaves one game into the rolling slots of a store."""

    def __init__(self, store: SaveStore, saved: tuple[int, str] | None = None) -> None:
        """`saved`: the progress (Game.progress) of a game in a save already (just loaded, or with no choice yet to
        lose), which needs no autosave until its next choice."""
        self.store = store
        self.slot: str | None = None
        self.turn: int | None = None
        self.saved = saved if saved is not None else (-1, "")    # the progress of the game in the last good save
        self.error: SaveError | None = None

    def save(self, game: Game) -> SaveError | None:
        """Autosave `game` now; the error (also kept in `error`) if it could not be written, or the slots are taken."""
        if not self.store.claim_autosaves():
            self.error = SlotsBusy(BUSY)
            return self.error
        if self.slot is None or game.turn != self.turn:
            self.slot = self._oldest_slot()
            self.turn = game.turn
        try:
            self.store.write(game, self.slot, kind="auto")
        except SaveError as e:
            self.error = e
            return e
        self.error = None
        self.saved = game.progress
        return None

    def up_to_date(self, game: Game) -> bool:
        """Every choice made in `game` is in an autosave, and so is whether a chapter's summary has been
        read (or there is nothing to lose)."""
        return not game.journal or self.saved == game.progress

    def _oldest_slot(self) -> str:
        """The slot to use for a new turn: an empty one, or the one written longest ago."""
        def age(slot: str) -> float:
            try:
                return os.stat(self.store.path_of(slot)).st_mtime
            except OSError:
                return float("-inf")
        candidates = [s for s in AUTOSAVES if s != self.slot]
        return min(candidates, key=lambda s: (age(s), s))
