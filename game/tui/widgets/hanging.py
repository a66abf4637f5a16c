"""Lists whose wrapped lines hang under their own text: a mark ("1. ", "• ", "✓ ", "Offices: ") stands to the
left of every line of its paragraph, wherever the width wraps it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from rich.cells import cell_len
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from game.tui.widgets.drawn import line_segments

Text = Content | str
Paragraph = tuple[Text, Text]       # a mark, and the text whose lines hang under it
BULLET = Content.styled("• ", "$text-primary")
LONG_MARK_HANG = 2       # a mark wider than half the width: its lines hang this far in, under the mark
LineKey = tuple[str, tuple[Any, ...]]     # a wrapped line's text and styles: two lines alike in these look alike


WORD = re.compile(r"\s*\S+\s*")        # a word with the space around it, as Rich and Textual find words
ODD_SPACE = re.compile(r"[^\S ]")         # whitespace that is not a space
NOT_SPACE = re.compile(r"[^ ]")


def _content(text: Text) -> Content:
    return Content(text) if isinstance(text, str) else text


def _one_cell_each(text: str) -> bool:
    """Whether every character of `text` takes one cell (no tabs, wide or zero-width characters)."""
    return "\t" not in text and (text.isascii() or all(cell_len(char) == 1 for char in set(text) if not char.isascii()))


def _breaks(text: str, width: int) -> list[int] | None:
    """Where a line of one-cell characters breaks at `width` cells: Rich's `divide_line`, counting characters for
    cells. None for a word longer than the width (which Rich folds).

    A word fits on a line when its last character is within the width (the spaces after it may run past), so each
    line ends before the first word that runs past the width: found line by line, not word by word."""
    if ODD_SPACE.search(text):
        return _breaks_by_word(text, width)
    breaks: list[int] = []
    end = len(text.rstrip(" "))     # the spaces after the last word take no room
    line = 0
    while line + width < end:
        limit = line + width        # the first cell past the width
        # A word ends at the width: the next (there is one: the limit is before the end) begins the next line. Or a
        # word runs past the width: it begins the next line.
        cut = (NOT_SPACE.search(text, limit).start() if text[limit] == " "     # type: ignore[union-attr]
               else text.rfind(" ", line, limit) + 1)
        if not text[line:cut].strip(" "):
            return None             # the line's first word is longer than the width
        breaks.append(cut)
        line = cut
    return breaks


def _breaks_by_word(text: str, width: int) -> list[int] | None:
    """`_breaks`, word by word: for text with whitespace other than spaces."""
    breaks: list[int] = []
    used = 0
    for match in WORD.finditer(text):
        word, start = match.group(), match.start()
        length = len(word.rstrip())
        if width - used >= length:
            used += len(word)
        elif length > width:
            return None
        elif used and start:
            breaks.append(start)
            used = len(word)
    return breaks


def wrap(content: Content | Hanging, width: int) -> list[Content]:
    """`content.wrap(width)`: the lines Textual wraps the text into, left-aligned, long words folded (a Hanging
    list's, each paragraph's lines under its text). Worked out here for text of one-cell characters (nearly all of
    the game's), in a fraction of Textual's time; Textual's own for the rest."""
    if isinstance(content, Hanging):
        return content.wrap(width)
    placed = placed_lines(content, width)
    if placed is None:
        return content.wrap(width)
    return [line for line, _, _ in placed]


def placed_lines(content: Content, width: int) -> list[tuple[Content, int, int]] | None:
    """The lines of `wrap`, each with where it begins in the text as Textual counts it when it draws the text (the
    character of its paragraph, and the paragraph); None for text that only Textual's own wrap can wrap."""
    plain = content.plain
    if not _one_cell_each(plain):
        return None
    # Where each line begins and ends in the text: as Textual splits it at its newlines, breaks each paragraph
    # between words and strips the space after every line of a paragraph but its last.
    ranges: list[tuple[int, int, int, int]] = []
    at = 0
    for y, paragraph in enumerate(plain.split("\n")):
        breaks = _breaks(paragraph, width)
        if breaks is None:
            return None
        start = 0
        for end in breaks:
            ranges.append((at + start, at + start + len(paragraph[start:end].rstrip()), start, y))
            start = end
        if len(paragraph) - start > width:     # the last keeps the space after it: cut as Textual cuts it
            return None
        ranges.append((at + start, at + len(paragraph), start, y))
        at += len(paragraph) + 1
    if len(ranges) == 1 and ranges[0][:2] == (0, len(plain)):
        return [(content, 0, 0)]
    return [(_part(plain, content.spans, start, end), x, y) for start, end, x, y in ranges]


def _part(plain: str, spans: list[Span], start: int, end: int) -> Content:
    """The text from `start` to `end`, with the part of each style that falls in it (in the order of `spans`), as
    Textual's `divide` cuts it: the text's control codes are gone already, and each character takes one cell."""
    return Content(plain[start:end], [Span(max(a, start) - start, min(b, end) - start, style)
                                      for a, b, style in spans if min(b, end) > max(a, start)] if spans else None,
                   end - start, strip_control_codes=False)


@lru_cache(maxsize=4096)
def _paragraph_lines(mark_text: str, mark_spans: tuple[Span, ...], body_text: str, body_spans: tuple[Span, ...],
                     width: int) -> tuple[Content, ...]:
    """A paragraph's lines at `width` cells, given by its mark's and its body's text and styles: from one turn to
    the next most paragraphs of a list read and look as they did, and are not wrapped again."""
    # The texts are those of Content already (its control codes stripped): made again as they are.
    mark = Content(mark_text, list(mark_spans), strip_control_codes=False)
    body = Content(body_text, list(body_spans), strip_control_codes=False)
    hang = mark.cell_length
    if hang * 2 > width:        # a mark this long would leave its text a narrow column
        first, *rest = wrap(Content.assemble(mark, body), max(1, width - LONG_MARK_HANG)) or [Content()]
        return (first, *(Content(" " * LONG_MARK_HANG) + line for line in rest))
    first, *rest = wrap(body, max(1, width - hang)) or [Content()]
    if not mark.plain and not mark.spans:      # no mark: the body's lines as they are
        return (first, *rest)
    pad = Content(" " * hang)
    return (mark + first, *(pad + line if line else line for line in rest))


def stacked(heights: Iterable[int], gap: int = 0) -> list[tuple[int, int]]:
    """Blocks of these heights one under another, `gap` blank lines below each: each block's first line and height."""
    places: list[tuple[int, int]] = []
    y = 0
    for height in heights:
        places.append((y, height))
        y += height + gap
    return places


class _Unwrapped:
    """A widget's style rules, read as if it did not wrap text."""

    def __init__(self, rules: RulesMap) -> None:
        self.rules = rules

    def get(self, name: str, default: Any = None) -> Any:
        return "nowrap" if name == "text_wrap" else self.rules.get(name, default)


class Hanging(Visual):
    """Paragraphs, each a mark and a body. The body wraps, and breaks at its own newlines, beginning where
    the mark ends; a paragraph with no mark wraps as plain text does. Drawn in a widget it wraps anew
    at every width, as Content does; `wrap` gives its lines at a width for whoever counts them."""

    def __init__(self, paragraphs: Iterable[Paragraph] = ()) -> None:
        self.paragraphs = tuple((_content(mark), _content(body)) for mark, body in paragraphs)
        self._lines: tuple[int, list[Content]] = (-1, [])
        self._joined: tuple[int, Content] = (-1, Content())

    def __add__(self, other: Hanging) -> Hanging:
        return Hanging((*self.paragraphs, *other.paragraphs))

    def __bool__(self) -> bool:
        return bool(self.paragraphs)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hanging):
            return NotImplemented
        return self is other or self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Hanging({self.plain!r})"

    @property
    def key(self) -> tuple[tuple[str, tuple[object, ...], str, tuple[object, ...]], ...]:
        """The text and styles of every paragraph: two lists alike in these look alike."""
        return tuple((m.plain, tuple(m.spans), b.plain, tuple(b.spans)) for m, b in self.paragraphs)

    @property
    def plain(self) -> str:
        """The text without its wrapping: each paragraph on its own line, its mark before it."""
        return "\n".join(m.plain + b.plain for m, b in self.paragraphs)

    def wrap(self, width: int) -> list[Content]:
        """The lines at `width` cells: each paragraph's first line after its mark, the rest under its text."""
        width = max(1, width)
        if self._lines[0] == width:
            return self._lines[1]
        lines: list[Content] = []
        for mark, body in self.paragraphs:
            lines += _paragraph_lines(mark.plain, tuple(mark.spans), body.plain, tuple(body.spans), width)
        self._lines = (width, lines)
        return lines

    def at(self, width: int) -> Content:
        """The whole text wrapped to `width` cells, as one Content."""
        width = max(1, width)
        if self._joined[0] != width:
            self._joined = (width, Content("\n").join(self.wrap(width)))
        return self._joined[1]

    def line_strips(self, width: int, style: Style, options: RenderOptions,
                    drawn: dict[LineKey, Strip]) -> tuple[list[Strip], dict[LineKey, Strip]]:
        """The lines at `width` cells, each drawn on its own, as `render_strips` draws them: a line found in `drawn`
        (lines drawn before at this width, in this style) is not drawn again. Also the lines drawn, for next time."""
        kept: dict[LineKey, Strip] = {}
        strips = []
        for line in self.wrap(width):
            key = (line.plain, tuple(line.spans))
            strip = kept.get(key)
            if strip is None:
                strip = drawn.get(key)
            if strip is None:
                strip = Strip(line_segments(line, style, options.get_style, 0, 0), line.cell_length)
            strips.append(kept.setdefault(key, strip))
        return strips, kept

    # -- the Visual protocol ---------------------------------------------------------------
    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if not width:
            return []
        # The lines are wrapped already: drawn as they are, not wrapped a second time (which would find the same lines).
        options = replace(options, rules=_Unwrapped(options.rules))
        return self.at(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((m.cell_length + b.get_optimal_width(rules, container_width) for m, b in self.paragraphs), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((min(m.cell_length, LONG_MARK_HANG) + b.get_minimal_width(rules) for m, b in self.paragraphs),
                   default=1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.wrap(width)) if self.paragraphs else 0
