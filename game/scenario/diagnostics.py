"""Problems found in scenario files, reported the way a compiler reports them, in the order a
writer mends them: content that could not be read first (a file's syntax, a section's name),
then errors, then warnings, each in file and line order. Problems that may only follow from
content that could not be read are held back and counted (see `listed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field

from game.engine.untrusted import printable
from game.structs import struct


@struct(frozen=True)
class Diagnostic:
    """One problem at one place: `path:line:col: message`.

    `code` names the kind of problem (game.scenario.codes). `unread` marks content that could
    not be read: a file (its syntax, its encoding), or a section under a name that is not a
    section's; `refers` names the kinds of object (as messages call them: "event", "codex
    entry", "flag") a problem names but cannot find, which may have been lost with such
    content; `follows` marks a problem the loader found may follow from it.
    """

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"
    unread: bool = field(default=False, compare=False)
    refers: tuple[str, ...] = field(default=(), compare=False)
    follows: bool = field(default=False, compare=False)
    code: str = field(default="", compare=False)

    def __str__(self) -> str:
        # A message may quote a file's name or text: whatever could act on a terminal or
        # break the line is shown as an escape.
        path, message = printable(self.path), printable(self.message)
        tag = "" if self.severity == "error" else f"{self.severity}: "
        if self.line:
            return f"{path}:{self.line}:{self.col}: {tag}{message}"
        return f"{path}: {tag}{message}"

    def rank(self) -> tuple[int, int, str, int, int, str]:
        """Where it comes in a report: held-back problems last; content not read, errors, warnings; then by place."""
        group = 0 if self.unread else 1 if self.severity == "error" else 2
        return (self.follows, group, self.path, self.line, self.col, self.message)

    def __lt__(self, other: Diagnostic) -> bool:
        return self.rank() < other.rank()


def listed(diags: Iterable[Diagnostic]) -> tuple[list[Diagnostic], int]:
    """The problems to show, in order, and how many more are held back as likely follow-ons."""
    shown, held = in_order(diags)
    return shown, len(held)


def in_order(diags: Iterable[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The problems to show and those held back as likely follow-ons, each in report order."""
    every = sorted(diags)
    return [d for d in every if not d.follows], [d for d in every if d.follows]


def held_back(count: int, shown: list[Diagnostic]) -> str:
    """The line that stands for `count` problems held back behind the errors in `shown`."""
    causes = sum(1 for d in shown if d.severity == "error")
    problems = "1 further problem" if count == 1 else f"{count} further problems"
    if causes == 1:
        return f"({problems} may follow from the error above; mend it first)"
    return f"({problems} may follow from the errors above; mend those first)"


def report(diags: Iterable[Diagnostic]) -> list[str]:
    """The lines a face shows: each problem in order, then the line that counts those held back."""
    shown, count = listed(diags)
    lines = [str(d) for d in shown]
    if count:
        lines.append(held_back(count, shown))
    return lines


class ScenarioError(Exception):
    """Raised when a scenario cannot be used; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else "invalid scenario"
        super().__init__(str(first))
