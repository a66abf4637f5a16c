"""The scenario expression language: conditions, formulas, placeholders and effects.

Each expression is parsed once, at load, with Python's `ast` (eval mode for expressions, one
statement for effects), checked against a whitelist of node types and the scenario's names,
type-checked, and compiled into plain closures. Nothing from a scenario ever reaches `eval`
or `exec`; anything outside the whitelist is a load error.

Numbers stay within MAX_NUMBER either way: steps with constants alone are worked out at load,
the rest check their result in play and raise ExpressionFault (an engine error), in plain words,
when it is out of range or divides by zero; the game adds where the expression was written.

This is the compiler's side: the closures it makes call only the game's public methods, and
the engine never imports it.
"""

from typing import TYPE_CHECKING, Any

from game.engine.template import Template
from game.scenario.expressions.compiler import Threshold, compile_effect, compile_expression, thresholds
from game.scenario.expressions.language import (
    BOOL,
    DATE,
    MAX_NUMBER,
    NUM,
    STR,
    ExpressionError,
    ExpressionFault,
    Symbols,
    did_you_mean,
)
from game.scenario.expressions.parse import effect_flag_writes, literal_dates

if TYPE_CHECKING:
    from game.scenario.expressions.templates import Glued, compile_template

__all__ = [
    "BOOL", "DATE", "MAX_NUMBER", "NUM", "STR", "ExpressionError", "ExpressionFault", "Glued", "Symbols", "Template",
    "Threshold", "compile_effect", "compile_expression", "compile_template", "did_you_mean", "effect_flag_writes",
    "literal_dates", "thresholds",
]


def __getattr__(name: str) -> Any:
    """The template compiler, imported when first asked for: a scenario opened from its cache compiles its texts
    later, and play's first frame need not wait for it."""
    if name in ("Glued", "compile_template"):
        from game.scenario.expressions import templates
        return getattr(templates, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
