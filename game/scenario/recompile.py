"""Conditions, formulas, effects and texts compiled again from their text: those of a scenario checked before,
opened from its cache (game.scenario.cache), and an effect block's action, the same for a full check.

Each compiles here as the checker compiles it, by the same compiler; an expression that no longer compiles (the
cache is only used with the files and code it was made from, so none should) raises ValueError.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.engine.errors import EffectStepFault
from game.engine.model import Effect, Mentions
from game.engine.template import Template
from game.scenario.expressions import BOOL, ExpressionError, Symbols, compile_effect, compile_expression

if TYPE_CHECKING:
    from game.scenario.expressions.templates import Glued


def block(test: Callable[[Any], Any], test_text: str, then: list[Effect] | tuple[Effect, ...],
          orelse: list[Effect] | tuple[Effect, ...]) -> Callable[[Any], None]:
    """The action of an effect block: each failure says which step of the block it was."""
    steps = {True: ("then", then), False: ("else", orelse)}

    def run(w: Any) -> None:
        try:
            holds = bool(test(w))
        except Exception as e:
            raise EffectStepFault(("if",), test_text, e) from None
        name, effects = steps[holds]
        for k, (action, text) in enumerate(effects):
            try:
                action(w)
            except Exception as e:
                raise EffectStepFault((name, k), text, e) from None
    return run


def block_text(test: str, then: list[Effect] | tuple[Effect, ...], orelse: list[Effect] | tuple[Effect, ...]) -> str:
    """A block in one line, as journals and searches of effects read it."""
    out = f"if {test}: " + "; ".join(e.text for e in then)
    return out + (" else: " + "; ".join(e.text for e in orelse) if orelse else "")


def expression(src: str, symbols: Symbols, want: str | None,
               allow_random: bool = False) -> tuple[tuple[str, Callable[[Any], Any]], Mentions]:
    """A condition or formula compiled (its type and evaluator), with what it names."""
    noted: list[Mentions] = []
    return compile_expression(src, symbols, want=want, allow_random=allow_random, noted=noted), noted[0]


def effect(src: str, symbols: Symbols) -> tuple[Callable[[Any], None], Mentions]:
    """An effect line compiled, with what it names and does."""
    noted: list[Mentions] = []
    return compile_effect(src, symbols, noted), noted[0]


def template(text: str, symbols: Symbols) -> tuple[Template, list[Mentions], list[Glued]]:
    """A text compiled, with what each of its expressions names and the passages that run into the words beside
    them."""
    # Imported when first needed: most texts are compiled after play's first frame (see game.scenario.expressions).
    from game.scenario.expressions.templates import compile_template
    noted: list[Mentions] = []
    glued: list[Glued] = []
    return compile_template(text, symbols, noted, glued), noted, glued


def _again(text: str, compile: Callable[[], Any]) -> Any:
    """What `compile` makes of `text`, which compiled when its scenario was checked; ValueError if it no longer does."""
    try:
        return compile()
    except ExpressionError as e:
        raise ValueError(f"'{text.strip()}' no longer compiles: {e.message}") from None


def compiled_expression(src: str, symbols: Symbols, want: str | None,
                        allow_random: bool = False) -> Callable[[Any], Any]:
    """A condition or formula that compiled when its scenario was checked, compiled again."""
    return _again(src, lambda: expression(src, symbols, want, allow_random)[0][1])


def compiled_effect(src: str, symbols: Symbols) -> Callable[[Any], None]:
    """An effect line that compiled when its scenario was checked, compiled again."""
    return _again(src, lambda: effect(src, symbols)[0])


def compiled_block(test: str, symbols: Symbols, then: tuple[Effect, ...],
                   orelse: tuple[Effect, ...]) -> Callable[[Any], None]:
    """An effect block's action, its test compiled again (its effects are given compiled)."""
    return block(compiled_expression(test, symbols, BOOL, allow_random=True), test.strip(), then, orelse)


def compiled_text(text: str, symbols: Symbols) -> Template:
    """A text that compiled when its scenario was checked, compiled again."""
    if "{" not in text and "}" not in text:
        return Template((text,))
    return _again(text, lambda: template(text, symbols)[0])
