"""The base of every screen that shows one game."""

from __future__ import annotations

from textual.screen import Screen

from game.engine import Game


class GameScreen(Screen[None]):
    """A screen about one game; it reads the game and never changes its rules."""

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
