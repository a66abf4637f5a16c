"""Regular expressions compiled when first used (game.patterns)."""

from __future__ import annotations

import re

import pytest

from game.patterns import Pattern


def test_a_pattern_answers_as_the_compiled_expression_does():
    lazy, compiled = Pattern(r"(\d+)-(\d+)", re.I), re.compile(r"(\d+)-(\d+)", re.I)
    text = "from 1924-1929, and 12-3"
    assert lazy.search(text).groups() == compiled.search(text).groups()
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("X", text) == compiled.sub("X", text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.fullmatch("1-2") and not lazy.match("x1-2")
    assert lazy.groups == 2 and lazy.pattern == r"(\d+)-(\d+)" and lazy.flags == re.I


def test_a_pattern_is_compiled_once_and_only_when_used(monkeypatch):
    made = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *args: made.append(args) or real(*args))
    lazy = Pattern(r"a+")
    assert made == []
    assert lazy.match("aa") and lazy.search("baa") and lazy.split("xaay") == ["x", "y"]
    assert made == [(r"a+", 0)]


def test_a_bad_pattern_fails_when_first_used():
    lazy = Pattern(r"(")
    with pytest.raises(re.error):
        lazy.match("x")
