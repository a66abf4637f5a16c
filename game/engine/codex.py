"""The codex as the player can read it: the entries unlocked so far, and searching them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine.model import CodexEntry

if TYPE_CHECKING:
    from game.engine.game import Game


def codex_entries(game: Game, query: str = "") -> list[CodexEntry]:
    """Unlocked entries by title; with a query, those whose title, kind or text holds every word of it."""
    words = query.casefold().split()
    out = []
    for entry in game.scenario.codex.values():
        if entry.id not in game.unlocked:
            continue
        if words:
            haystack = f"{entry.title}\n{entry.kind}\n{entry.text}".casefold()
            if not all(w in haystack for w in words):
                continue
        out.append(entry)
    out.sort(key=lambda e: e.title.casefold())
    return out
