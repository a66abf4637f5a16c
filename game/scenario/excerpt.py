"""The text of an expression as its writer wrote it, read back from the scenario's file at its place."""

from __future__ import annotations

from collections.abc import Callable

import yaml

from game.engine.model import Place

MAX_EXCERPT = 200       # a longer expression is cut, with an ellipsis


def expression_reader() -> Callable[[Place], str]:
    """A function giving the text of the expression at a place ("" when the file cannot be read);
    each file is read once per reader."""
    files: dict[str, list[str]] = {}

    def read(place: Place) -> str:
        lines = files.get(place.path)
        if lines is None:
            try:
                with open(place.path, encoding="utf-8") as f:
                    lines = f.read().splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            files[place.path] = lines
        return excerpt(lines, place.line, place.col)

    return read


def excerpt(lines: list[str], line: int, col: int) -> str:
    """The expression starting at `line`:`col` (both from 1). A quoted scalar is read to its closing
    quote, escapes and all; otherwise the rest of the line, and the lines after it indented at least as
    far (a block scalar, or a long plain one), a comment left out."""
    if not 1 <= line <= len(lines):
        return ""
    first = lines[line - 1]
    quote = first[col - 2] if col >= 2 and first[col - 2:col - 1] in ("'", '"') else ""
    if quote:
        text = _quoted("\n".join([first[col - 2:], *lines[line:line + 20]]), quote)
    else:
        parts = [first[col - 1:]]
        for nxt in lines[line:]:
            if not nxt.strip() or len(nxt) - len(nxt.lstrip(" ")) < col - 1:
                break
            parts.append(nxt)
        text = " ".join(p.split(" #", 1)[0] for p in parts)
    text = " ".join(text.split())
    return text if len(text) <= MAX_EXCERPT else text[:MAX_EXCERPT - 1] + "…"


def _quoted(text: str, quote: str) -> str:
    """The value of the quoted scalar `text` begins with, as YAML reads it."""
    i = 1
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            try:
                value = yaml.safe_load(text[:i + 1])
            except yaml.YAMLError:
                return text[1:i]
            return value if isinstance(value, str) else text[1:i]
        i += 1
    return text[1:]
