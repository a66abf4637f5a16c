"""Compiling text with `{...}` placeholders."""

from __future__ import annotations

from game.engine.template import Evaluator, Template
from game.scenario.expressions.compiler import compile_expression
from game.scenario.expressions.language import ExpressionError, Symbols


def compile_template(text: str, symbols: Symbols) -> Template:
    """Compile `{...}` placeholders; `{{` and `}}` are literal braces."""
    parts: list[str | Evaluator] = []
    offsets: list[int] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "{" and text.startswith("{{", i):
            buf.append("{")
            i += 2
        elif ch == "}" and text.startswith("}}", i):
            buf.append("}")
            i += 2
        elif ch == "{":
            j = text.find("}", i + 1)
            if j < 0:
                raise ExpressionError("'{' without a closing '}' (write '{{' for a literal brace)", i)
            inner = text[i + 1:j]
            try:
                _, f = compile_expression(inner, symbols)
            except ExpressionError as e:
                raise ExpressionError(f"in placeholder '{{{inner}}}': {e.message}", i + 1 + e.offset) from None
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(f)
            offsets.append(i + 1 + len(inner) - len(inner.lstrip()))
            i = j + 1
        elif ch == "}":
            raise ExpressionError("'}' without an opening '{' (write '}}' for a literal brace)", i)
        else:
            buf.append(ch)
            i += 1
    if buf or not parts:
        parts.append("".join(buf))
    return Template(tuple(parts), tuple(offsets))
