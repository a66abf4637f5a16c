"""Text with placeholders, as the compiler leaves it: literal parts and compiled placeholders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Evaluator = Callable[[Any], Any]


@dataclass(frozen=True)
class Template:
    """Text split into literal parts and compiled placeholders, with where each placeholder's
    expression starts in the text."""

    parts: tuple[str | Evaluator, ...]
    offsets: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        literal = self.parts[0] if len(self.parts) == 1 and isinstance(self.parts[0], str) else None
        object.__setattr__(self, "_literal", literal)
        object.__setattr__(self, "_dynamic", tuple((p, not isinstance(p, str)) for p in self.parts))

    def render(self, world: Any, fmt: Callable[[Any], str] = str) -> str:
        literal = self._literal  # type: ignore[attr-defined]
        if literal is not None:
            return literal
        return "".join([fmt(p(world)) if dynamic else p  # type: ignore[operator]
                        for p, dynamic in self._dynamic])  # type: ignore[attr-defined]

    def failing_placeholder(self, world: Any) -> int:
        """Which placeholder (0 for the first) stops `render`; placeholders change nothing,
        so working them out again is safe."""
        placeholders = [p for p in self.parts if not isinstance(p, str)]
        for k, p in enumerate(placeholders):
            try:
                p(world)
            except Exception:
                return k
        return 0
