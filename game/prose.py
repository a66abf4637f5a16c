"""Scenario text as paragraphs: YAML blocks are hard-wrapped, blank lines divide paragraphs."""

from __future__ import annotations


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text, each on one line with its spacing normalised."""
    return [" ".join(block.split()) for block in text.strip("\n").split("\n\n") if block.strip()]


def reflow(text: str) -> str:
    """A text with each paragraph on one line and paragraphs a blank line apart."""
    return "\n\n".join(paragraphs(text))
