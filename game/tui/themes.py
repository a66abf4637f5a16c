"""The game's two themes: ink on paper by day, paper on ink by night, with a party red."""

from __future__ import annotations

from textual.theme import Theme

PAPER = Theme(
    name="politburo-paper",
    primary="#9B1C14",       # party red
    secondary="#3E4F3A",     # field-grey green
    accent="#8C6A1F",        # brass
    warning="#A65A12",
    error="#9B1C14",
    success="#3E5E36",
    foreground="#221D18",    # ink
    background="#ECE3CD",    # paper
    surface="#F3ECDA",
    panel="#E0D4B6",
    dark=False,
    variables={
        "footer-key-foreground": "#9B1C14",
        "block-cursor-background": "#9B1C14",
        "block-cursor-foreground": "#F3ECDA",
        "input-selection-background": "#9B1C14 35%",
    },
)

NIGHT = Theme(
    name="politburo-night",
    primary="#D0452F",
    secondary="#93A37A",
    accent="#C9A24A",
    warning="#D08A3A",
    error="#E0553E",
    success="#8DB27A",
    foreground="#E9DEC8",
    background="#191613",
    surface="#221E1A",
    panel="#2E2822",
    dark=True,
    variables={
        "footer-key-foreground": "#D0452F",
        "block-cursor-background": "#A8321F",
        "block-cursor-foreground": "#F3ECDA",
        "input-selection-background": "#D0452F 35%",
    },
)

THEMES = (PAPER, NIGHT)
DEFAULT_THEME = PAPER.name
OTHER_THEME = {PAPER.name: NIGHT.name, NIGHT.name: PAPER.name}
