"""Screens of the full-screen game.

The app's stylesheet (politburo.tcss) holds what every screen shares and the play screen. A screen that is not
always there has its own styles in the .tcss file beside its module, given to Textual as the screen's
DEFAULT_CSS: they are read and parsed when the screen is first shown, not at every start, and apply only inside
that screen; the dialogs share theirs (dialog.tcss, on their base class Dialog). Being a screen's default styles,
they give way to any rule of the app's stylesheet for the same property, whatever its selector: a rule that one
screen changes belongs in that screen's file, or, where the app's stylesheet already sets that property for
every screen (as its background), in the app's stylesheet.
"""

from __future__ import annotations

from pathlib import Path


def own_styles(module_file: str) -> str:
    """The styles in the .tcss file beside a screen's module (`__file__`)."""
    return Path(module_file).with_suffix(".tcss").read_text(encoding="utf-8")
