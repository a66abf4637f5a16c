"""Lists whose wrapped lines hang under their own text (Hanging), the text block that shows them, and the ending's
table of the path beside the record, laid out the same way."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content, Span
from textual.geometry import Offset
from textual.selection import Selection

from game.engine.model import Scenario
from game.prose import reflow
from game.tui.widgets.hanging import LONG_MARK_HANG, Hanging, stacked, wrap
from game.tui.widgets.text_block import TextBlock, alike

WORDS = "one two three four five six seven eight nine ten eleven twelve"


def plain(h: Hanging, width: int) -> list[str]:
    return [line.plain for line in h.wrap(width)]


def test_wrapped_lines_start_under_the_text_not_under_the_mark() -> None:
    lines = plain(Hanging([("1. ", WORDS)]), 20)
    assert lines[0].startswith("1. one")
    assert len(lines) > 2
    for line in lines[1:]:
        assert line.startswith("   ") and line[3] != " ", lines
    assert all(len(line) <= 20 for line in lines)
    assert " ".join(line.strip() for line in lines) == "1. " + WORDS


def test_each_paragraph_hangs_under_its_own_mark() -> None:
    lines = plain(Hanging([("• ", WORDS), ("", WORDS), ("Offices: ", "Kamenev becomes Chairman of the Council")]), 24)
    bullet = next(n for n, line in enumerate(lines) if line.startswith("• "))
    plain_start = next(n for n, line in enumerate(lines) if line.startswith("one") and n > bullet)
    assert all(line.startswith("  ") for line in lines[bullet + 1:plain_start])
    offices = next(n for n, line in enumerate(lines) if line.startswith("Offices: "))
    assert lines[offices + 1].startswith(" " * len("Offices: ")) and lines[offices + 1].strip()
    unmarked = lines[plain_start:offices]
    assert not any(line.startswith(" ") for line in unmarked)     # no mark: wrapped as plain text is


def test_a_bodys_own_lines_hang_too_and_blank_lines_stay_blank() -> None:
    h = Hanging([("3. ", Content.assemble("Go.", ("\nNot open to you: no prestige.", "italic"))), ("", ""), ("• ", "x\n\ny")])
    assert plain(h, 40) == ["3. Go.", "   Not open to you: no prestige.", "", "• x", "", "  y"]
    assert "italic" in str(h.wrap(40)[1].spans)        # the styles come through the wrapping


def test_a_mark_wider_than_half_the_width_hangs_a_short_way_in() -> None:
    lines = plain(Hanging([("Central Committee of the party: ", WORDS)]), 30)
    assert lines[0].startswith("Central Committee")
    for line in lines[1:]:
        assert line.startswith(" " * LONG_MARK_HANG) and line[LONG_MARK_HANG] != " "
    assert all(len(line) <= 30 for line in lines)


def test_height_width_and_likeness() -> None:
    h = Hanging([("1. ", WORDS)])
    assert h.get_height({}, 20) == len(h.wrap(20)) > h.get_height({}, 80) == 1
    assert h.get_optimal_width({}, 100) == len("1. " + WORDS)
    assert h.plain == "1. " + WORDS
    assert h == Hanging([(Content("1. "), Content(WORDS))]) and hash(h) == hash(Hanging([("1. ", WORDS)]))
    assert h != Hanging([(Content.styled("1. ", "bold"), WORDS)])   # the same text in another style differs
    assert not Hanging() and Hanging().get_height({}, 10) == 0
    assert (Hanging([("", "a")]) + Hanging([("", "b")])).plain == "a\nb"
    assert alike(h, Hanging([("1. ", WORDS)])) and not alike(h, Content("1. " + WORDS))


class OneBlock(App[None]):
    CSS = "TextBlock { width: 20; }"

    def compose(self) -> ComposeResult:
        yield TextBlock(Hanging([("1. ", WORDS)]))


async def test_a_text_block_draws_and_gives_the_selection_as_it_is_wrapped_on_screen() -> None:
    app = OneBlock()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        block = app.query_one(TextBlock)
        assert block.size.height == len(plain(Hanging([("1. ", WORDS)]), 20))
        drawn = ["".join(s.text for s in strip).rstrip() for strip in app.screen._compositor.render_strips()]
        assert drawn[:block.size.height] == plain(Hanging([("1. ", WORDS)]), 20)
        text, ending = block.get_selection(Selection(Offset(0, 0), None)) or ("", "")
        assert text.splitlines() == drawn[:block.size.height] and ending == "\n"
        block.show(Content("plain"))
        assert block.get_selection(Selection(Offset(0, 0), None)) == ("plain", "\n")


def test_drawn_lines_are_the_wrapped_lines_as_content_draws_them() -> None:
    """A Hanging draws its lines without wrapping them again: cell for cell what its wrapped text draws as Content,
    with a selection too."""
    from textual.style import Style
    from textual.visual import RenderOptions

    h = Hanging([("1. ", Content.assemble(("bold words ", "bold"), WORDS, ("\nitalic reason", "italic"))),
                 ("", ""), ("Offices: ", WORDS + " " + "x" * 30), ("Central Committee of the party: ", WORDS)])
    for width in (8, 20, 33, 80):
        for selection in (None, Selection(Offset(2, 1), Offset(5, 3))):
            options = RenderOptions(Style.parse, {}, selection, Style(bold=True) if selection else None)
            drawn = h.render_strips(width, None, Style(), options)
            as_content = h.at(width).render_strips(width, None, Style(), options)
            assert [list(strip) for strip in drawn] == [list(strip) for strip in as_content], (width, selection)



def test_lines_drawn_one_by_one_look_as_the_whole_text_drawn_at_once() -> None:
    """`line_strips` draws each line on its own (the standing panel keeps the lines of a section that did not
    change): cell for cell, style for style, what `render_strips` draws; a line it was given is not drawn again."""
    from textual.style import Style
    from textual.visual import RenderOptions

    h = Hanging([("1. ", Content.assemble(("bold words ", "bold"), WORDS, ("\nitalic reason", "italic"))),
                 ("", ""), ("Offices: ", WORDS + " " + "x" * 30), ("Central Committee of the party: ", WORDS)])
    changed = Hanging([*h.paragraphs[:2], ("Offices: ", "none")])
    options = RenderOptions(Style.parse, {})

    def cells(strips: list) -> list:
        """What a terminal shows of the lines: each piece of text and its look (not where a selection would fall)."""
        return [[(s.text, s.style.clear_meta_and_links() if s.style else None) for s in strip] for strip in strips]
    for width in (8, 20, 33, 80):
        one_by_one, drawn = h.line_strips(width, Style(), options, {})
        assert cells(one_by_one) == cells(h.render_strips(width, None, Style(), options)), width
        again, _ = h.line_strips(width, Style(), options, drawn)
        assert all(a is b for a, b in zip(again, one_by_one, strict=True))
        mixed, _ = changed.line_strips(width, Style(), options, drawn)
        same = len(Hanging(h.paragraphs[:2]).wrap(width))           # the lines of the paragraphs both share
        assert all(a is b for a, b in zip(mixed[:same], one_by_one[:same], strict=True))
        assert cells(mixed) == cells(changed.render_strips(width, None, Style(), options))


def test_a_paragraph_met_again_is_not_wrapped_again_and_its_styles_are_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list made afresh each turn wraps only the paragraphs it has not met at that width; the same words in
    another style are another paragraph."""
    from game.tui.widgets import hanging
    hanging._paragraph_lines.cache_clear()
    wrapped: list[str] = []
    monkeypatch.setattr(hanging, "wrap", lambda text, width: (wrapped.append(text.plain), wrap(text, width))[1])
    words = f"{WORDS} met again"
    first = Hanging([("• ", words), ("• ", "the first time")])
    assert plain(first, 17) and len(wrapped) == 2
    again = Hanging([("• ", words), ("• ", Content.styled(words, "bold")), ("1. ", words)])
    lines = again.wrap(17)
    assert wrapped[2:] == [words, words]           # the bold one and the one under another mark; not the first
    bold = [line for line in lines if any(span.style == "bold" for span in line.spans)]
    assert len(bold) == len(plain(Hanging([("• ", words)]), 17))    # the bold paragraph's lines, and only those

# -- the path beside the record (TimelineTable) -----------------------------------------------------
def test_the_path_table_wraps_each_column_under_its_bullet_and_styles_it() -> None:
    from datetime import date

    from game.engine.timeline import TimelineRow
    from game.tui.widgets.timeline_table import MONTH, TimelineTable

    rows = [TimelineRow(date(1924, 1, 1), ("The Meeting: Wait and see what the others do first.", "Chores: Do it."),
                        ("Boris put the motion to the board, which carried it.",), ("first", "")),
            TimelineRow(date(1924, 3, 1), (), ("The board met again.",))]
    table = TimelineTable(rows)
    text = table.layout_for(60)
    lines = text.plain.split("\n")
    assert lines[0].startswith("Month") and set(lines[1]) == {"─"}
    assert lines[2].startswith(f"{'January 1924':<{MONTH}}  ≠ The Meeting")
    assert lines[3].startswith(" " * (MONTH + 2) + "  and see")     # its wrapped lines hang under the text
    assert lines[7].startswith(" " * (MONTH + 2) + "• Chores: Do it.")
    assert lines[9].startswith(f"{'March 1924':<{MONTH}}  —")       # a month of the record alone
    assert lines[-2].startswith("≠ where you left")
    styled = {(text.plain[s.start:s.end].strip(), str(s.style)) for s in text.spans}
    assert ("January 1924", "bold") in styled and ("• Boris put the", "$text-muted") in styled
    assert any(t.startswith("≠ The Meeting") and style == "bold $text-warning" for t, style in styled)
    assert table.layout_for(60) is text and table.layout_for(50) is not text     # laid out again for a new width



def test_blocks_stacked_one_under_another() -> None:
    assert stacked([2, 1, 3]) == [(0, 2), (2, 1), (3, 3)]
    assert stacked([2, 1, 3], gap=1) == [(0, 2), (3, 1), (5, 3)]
    assert stacked([]) == []


def _texts(scenario: Scenario) -> list[Content]:
    """Every event's text and choice's text as written (the parts that are not placeholders), styled in parts."""
    texts = []
    for event in scenario.events.values():
        for template in (event.text, *(choice.text for choice in event.choices)):
            written = "".join(part for part in getattr(template, "parts", (template,)) if isinstance(part, str))
            texts.append(Content(reflow(written)).stylize("bold", 0, 7).stylize("italic", len(written) // 2))
    return texts


def test_the_wrap_finds_the_lines_textual_does(chapter: Scenario) -> None:
    """Every text of the chapter, and texts with tabs, wide characters, words longer than the line, space at the end,
    before the first word and between words, whitespace other than spaces, and styles across lines, wrap into the
    same lines, in the same styles, as Textual wraps them, at widths from 1 to 100."""
    odd = [Content("tab\there and there"), Content("全角の文字 and words"), Content("a" * 30 + " short words"),
           Content("space at the end          "), Content("line\n\nbreaks  kept\n"), Content(""),
           # Styles across a newline, ending in the space a line leaves at its end, and of no width at all.
           Content.assemble(("a style running past ", "bold"), ("the\nnewline into more words", "italic")),
           Content("words then space      \nnext line").stylize("underline", 3, 19),
           Content("some words here and there", [Span(5, 5, "bold"), Span(9, 11, "italic")]),
           # Space before the first word and between words, and whitespace that is not a space.
           Content("   leading space and  double  spaces   between words"), Content("      ab cd ef"),
           Content("one two\xa0three four\xa0five six\xa0seven eight nine")]
    texts = _texts(chapter) + odd
    assert len(texts) > 300
    for width in (1, 2, 5, 13, 29, 40, 57, 76, 100):
        for text in texts:
            assert [(line.plain, line.spans) for line in wrap(text, width)] == \
                [(line.plain, line.spans) for line in text.wrap(width)], (width, text.plain)
