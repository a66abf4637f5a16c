"""Text with placeholders, as the compiler leaves it: literal parts, compiled placeholders and passages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.structs import struct

Evaluator = Callable[[Any], Any]


@struct(frozen=True)
class Template:
    """Text split into literal parts, compiled placeholders and passages, with where each expression
    (placeholder or condition, those inside passages included, in the order written) starts in the text."""

    parts: tuple[str | Evaluator | Passages, ...]
    offsets: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        literal = self.parts[0] if len(self.parts) == 1 and isinstance(self.parts[0], str) else None
        object.__setattr__(self, "_literal", literal)
        object.__setattr__(self, "_dynamic", tuple((p, not isinstance(p, str)) for p in self.parts))
        if any(isinstance(p, Passages) for p in self.parts):
            # Only text with passages takes the longer way; other text renders as fast as ever.
            object.__setattr__(self, "render", self._render_passages)

    def render(self, world: Any, fmt: Callable[[Any], str] = str) -> str:
        literal = self._literal  # type: ignore[attr-defined]
        if literal is not None:
            return literal
        return "".join([fmt(p(world)) if dynamic else p  # type: ignore[operator]
                        for p, dynamic in self._dynamic])  # type: ignore[attr-defined]

    def _render_passages(self, world: Any, fmt: Callable[[Any], str] = str) -> str:
        out = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
            elif isinstance(p, Passages):
                out.append(p.render(world, fmt))
            else:
                out.append(fmt(p(world)))
        return "".join(out)

    def failing_placeholder(self, world: Any) -> int:
        """Which expression (0 for the first written) stops `render`; expressions change nothing,
        so working them out again, the way `render` does, is safe."""
        k, failed = _failing(self, world, 0)
        return k if failed else 0


@struct(frozen=True)
class Passages:
    """`{if C: ... | elif C: ... | else: ...}`: the passage of the first branch whose condition holds (a
    condition of None is `else`), or nothing. A passage that shows something brings `before` and
    `after` with it: the spaces around the braces that would be doubled if it showed nothing."""

    branches: tuple[tuple[Evaluator | None, Template], ...]
    before: str = ""
    after: str = ""

    def render(self, world: Any, fmt: Callable[[Any], str] = str) -> str:
        for condition, passage in self.branches:
            if condition is None or condition(world):
                text = passage.render(world, fmt)
                return f"{self.before}{text}{self.after}" if text else ""
        return ""

    @property
    def count(self) -> int:
        """How many expressions it holds: its conditions and those of its passages."""
        return sum((c is not None) + len(t.offsets) for c, t in self.branches)


def _failing(template: Template, world: Any, k: int) -> tuple[int, bool]:
    """Work out `template`'s expressions as rendering does, `k` being the number of its first:
    (the number of the one that fails, True), or (the number after its last, False)."""
    for p in template.parts:
        if isinstance(p, str):
            continue
        if isinstance(p, Passages):
            end = k + p.count
            for condition, passage in p.branches:
                if condition is not None:
                    try:
                        holds = condition(world)
                    except Exception:
                        return k, True
                    k += 1
                    if not holds:
                        k += len(passage.offsets)
                        continue
                found, failed = _failing(passage, world, k)
                if failed:
                    return found, True
                break
            k = end
            continue
        try:
            p(world)
        except Exception:
            return k, True
        k += 1
    return k, False
