"""Problems found in scenario files, reported the way a compiler reports them."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.untrusted import printable


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: `path:line:col: message`."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        # A message may quote a file's name or text: whatever could act on a terminal or
        # break the line is shown as an escape.
        path, message = printable(self.path), printable(self.message)
        tag = "" if self.severity == "error" else f"{self.severity}: "
        if self.line:
            return f"{path}:{self.line}:{self.col}: {tag}{message}"
        return f"{path}: {tag}{message}"


class ScenarioError(Exception):
    """Raised when a scenario cannot be used; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else "invalid scenario"
        super().__init__(str(first))
