"""What the saves layer raises: one error, worded as one line naming the file (and place)."""

from __future__ import annotations

from game.engine.untrusted import printable


class SaveError(Exception):
    """A save that cannot be written, read or loaded; `str()` is the one-line message."""

    def __init__(self, reason: str, path: str | None = None, line: int | None = None, col: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.line = line
        self.col = col

    @property
    def brief(self) -> str:
        """The reason with its place in the file but not the file's path (for a list of saves)."""
        return one_line(self.reason if self.line is None else f"line {self.line}, column {self.col}: {self.reason}")

    def __str__(self) -> str:
        if self.path is None:
            return one_line(self.reason)
        where = self.path if self.line is None else f"{self.path}:{self.line}:{self.col}"
        return one_line(f"{where}: {self.reason}")


class NameTaken(SaveError):
    """A save was not written because one of that name exists and replacing it was not asked for."""

    def __init__(self, name: str) -> None:
        super().__init__(f"a save named '{name}' already exists")
        self.name = name


class SlotsBusy(SaveError):
    """The autosave slots are held by another game running in the same saves folder."""


def one_line(text: str) -> str:
    """Text with anything unprintable (a newline in an id read from a file, say) escaped."""
    return printable(text)
