"""Problems found in scenario files, reported the way a compiler reports them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: `path:line:col: message`."""

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else f"{self.severity}: "
        if self.line:
            return f"{self.path}:{self.line}:{self.col}: {tag}{self.message}"
        return f"{self.path}: {tag}{self.message}"


class ScenarioError(Exception):
    """Raised when a scenario cannot be used; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else "invalid scenario"
        super().__init__(str(first))
