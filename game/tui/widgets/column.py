"""A scrolling column whose own lines are not drawn again when what it holds grows or shrinks."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.reactive import Reactive

from game.tui.widgets.drawn import SteadyBox, SteadyScrollbars, settled_size


class Column(SteadyBox, SteadyScrollbars, VerticalScroll):
    """A vertical scroll container for the play screen's story, choices and standing.

    Textual sets a container's virtual size (the height of what it holds) as it lays the screen out, and by
    default that asks for another layout and draws the container's own lines again: its background, padding
    and border, none of which depend on that height. A turn that changes how tall the text is would then draw
    every line of the column's own again, and its scrollbar. Here the virtual size neither lays out nor
    repaints: the layout that set it has placed everything already; the scrollbar is updated from it all the
    same, and a scrollbar that comes or goes lays the column out (Textual's `show_vertical_scrollbar`). Its own
    lines are kept for the sizes it had lately (SteadyBox).
    """

    virtual_size: Reactive[Size] = settled_size()
