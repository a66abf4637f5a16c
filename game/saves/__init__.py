"""Saved games: the file format and its versions, atomic writes, the saves folder, autosaves.

Nothing here imports Textual; the terminal game and the plain mode use the same calls.
"""

from game.paths import saves_folder
from game.saves.autosave import Autosaver
from game.saves.errors import NameTaken, SaveError, SlotsBusy
from game.saves.format import FORMAT_VERSION, SaveMeta, describe
from game.saves.loading import LoadedGame, restore_game
from game.saves.names import AUTOSAVES, QUICKSAVE, check_name
from game.saves.store import SaveEntry, SaveFile, SaveStore

__all__ = [
    "AUTOSAVES", "FORMAT_VERSION", "QUICKSAVE", "Autosaver", "LoadedGame", "NameTaken", "SaveEntry", "SaveError",
    "SaveFile", "SaveMeta", "SaveStore", "SlotsBusy", "check_name", "describe", "restore_game", "saves_folder",
]
