"""The player's path beside the historical record, month by month, for the ending screen."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from game.engine.records import history_marks
from game.structs import Row

if TYPE_CHECKING:
    from game.engine.game import Game


class TimelineRow(Row):
    """One month: what the player decided, and what happened in history."""

    month: date
    you: tuple[str, ...]
    history: tuple[str, ...]
    marks: tuple[str, ...] = ()     # beside each of `you`: "left" where the player left history,
                                    # "first" for the first time, "kept" where they kept to it, "" elsewhere


def path_beside_history(game: Game) -> list[TimelineRow]:
    """Every month with a decision or a recorded event, in order, to the month the game ended (or stands at)."""
    return [row for row in _months(game) if row.month <= game.date.replace(day=1)]


def record_after(game: Game) -> list[TimelineRow]:
    """The record's months after the month the game ended: what happened once the player's game was over."""
    return [row for row in _months(game) if row.month > game.date.replace(day=1)]


def _months(game: Game) -> list[TimelineRow]:
    yours: dict[date, list[str]] = {}
    marks: dict[date, list[str]] = {}
    for j, mark in zip(game.journal, history_marks(game.journal)):
        month = date.fromisoformat(j["date"]).replace(day=1)
        yours.setdefault(month, []).append(f"{j['title']}: {j['choice_text']}")
        marks.setdefault(month, []).append(mark)
    record: dict[date, list[str]] = {}
    for t in game.scenario.timeline:
        record.setdefault(t.date.replace(day=1), []).append(t.text)
    return [TimelineRow(m, tuple(yours.get(m, ())), tuple(record.get(m, ())), tuple(marks.get(m, ())))
            for m in sorted(set(yours) | set(record))]
