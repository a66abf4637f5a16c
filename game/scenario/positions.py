"""Where a character of a scalar's value was written in its file, for messages that point inside expressions."""

from __future__ import annotations

from game.scenario.yamlsource import Loc

_ESCAPE_WIDTH = {"x": 4, "u": 6, "U": 10}


def source_position(lines: list[str], loc: Loc, offset: int) -> Loc:
    """Map an offset in a scalar's value back to its line and column in the file.

    Follows YAML's rules closely enough for expressions: escapes and doubled quotes in
    quoted scalars, line folding in flow scalars, indentation in `|` and `>` blocks.
    """
    style = loc.style
    if style in ("|", ">"):
        pos, indent = 0, None
        for i in range(loc.line, len(lines)):
            raw = lines[i].rstrip("\r")
            if not raw.strip():
                pos += 1
                continue
            ind = len(raw) - len(raw.lstrip(" "))
            if indent is None:
                indent = ind
            if ind < indent:
                break
            text = raw[indent:]
            if offset <= pos + len(text):
                return Loc(i + 1, indent + (offset - pos) + 1, style)
            pos += len(text) + 1
        return loc
    i, j = loc.line - 1, loc.col - 1 + (1 if style in ("'", '"') else 0)
    k = 0
    while k < offset and i < len(lines):
        line = lines[i].rstrip("\r")
        if j >= len(line.rstrip(" \t")):
            i += 1                      # a line break folds into one space
            if i >= len(lines):
                break
            nxt = lines[i]
            j = len(nxt) - len(nxt.lstrip(" \t"))
            k += 1
            continue
        ch = line[j]
        if style == '"' and ch == "\\":
            width = _ESCAPE_WIDTH.get(line[j + 1:j + 2], 2)
            j += width
        elif style == "'" and ch == "'" and line[j + 1:j + 2] == "'":
            j += 2
        else:
            j += 1
        k += 1
    return Loc(i + 1, j + 1, style)
