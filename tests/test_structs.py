"""The game's record types (`game.structs.struct`) behave as the dataclasses the standard decorator makes."""

from __future__ import annotations

import dataclasses
import pathlib
from dataclasses import dataclass, field

import pytest

from game.structs import struct
from tests.conftest import ROOT


def twins(**options: bool) -> tuple[type, type]:
    """The same class made by `dataclass` and by `struct`, with these options."""
    made = []
    for decorate in (dataclass, struct):
        class Record:
            name: str
            count: int = 0
            seen: tuple[str, ...] = field(default=(), compare=False)     # not compared
            note: str = field(default="", repr=False)                        # not shown
        made.append(decorate(**options)(Record))
    return made[0], made[1]


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"kw_only": True}, {"frozen": True, "kw_only": True},
                                     {"eq": False}, {"frozen": True, "eq": False, "kw_only": True}])
def test_a_struct_behaves_as_the_standard_dataclass(options: dict[str, bool]) -> None:
    standard, ours = twins(**options)
    a, b, c = ({"name": "Kamenev", "count": 3, "seen": ("x",)}, {"name": "Kamenev", "count": 3, "seen": ("y",)},
               {"name": "Zinoviev", "count": 3})
    a["note"] = b["note"] = "held back"
    pairs = [(standard(**a), ours(**a)), (standard(**b), ours(**b)), (standard(**c), ours(**c))]
    for mine, theirs in pairs:
        assert repr(mine) == repr(theirs)
        assert dataclasses.asdict(mine) == dataclasses.asdict(theirs)
        assert [f.name for f in dataclasses.fields(mine)] == [f.name for f in dataclasses.fields(theirs)]
    for i, (s1, o1) in enumerate(pairs):
        for j, (s2, o2) in enumerate(pairs):
            assert (s1 == s2) == (o1 == o2), (i, j)
    hashable = standard.__hash__ is not None
    assert (ours.__hash__ is not None) == hashable
    if hashable and options.get("eq", True):
        # Equal records hash alike: as with the standard ones, a field that is not compared is not hashed.
        assert pairs[0][1] == pairs[1][1] and hash(pairs[0][1]) == hash(pairs[1][1])
        assert len({ours for _, ours in pairs}) == len({standard for standard, _ in pairs}) == 2
    if options.get("frozen"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            pairs[0][1].name = "Stalin"
    assert dataclasses.replace(pairs[0][1], count=4).count == 4
    if options.get("kw_only"):
        with pytest.raises(TypeError):
            ours("Kamenev")


def test_records_of_different_classes_are_never_equal() -> None:
    @struct(frozen=True)
    class A:
        x: int

    @struct(frozen=True)
    class B(A):
        pass
    assert A(1) == A(1) and A(1) != B(1) and B(1) == B(1)
    assert len({A(1), A(1), B(1)}) == 2


def test_what_a_class_writes_itself_is_kept() -> None:
    @struct(frozen=True)
    class Written:
        x: int

        def __repr__(self) -> str:
            return "written"

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 7
    assert repr(Written(1)) == "written" and Written(1) == Written(2) and hash(Written(1)) == 7

    @struct(frozen=True)
    class OnlyEq:                      # Python gives it __hash__ = None; as dataclass does, a frozen one hashes
        x: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OnlyEq)
    assert hash(OnlyEq(1)) == hash(OnlyEq(1))


def test_a_record_that_holds_itself_is_shown_without_looping() -> None:
    @struct
    class Node:
        parts: list[object]
    node = Node([])
    node.parts.append(node)
    assert repr(node) == "test_a_record_that_holds_itself_is_shown_without_looping.<locals>.Node(parts=[...])"


def test_the_game_declares_its_records_with_struct() -> None:
    """One way to declare a record type, so that none pays for compiled methods at start-up."""
    stray = [path.relative_to(ROOT).as_posix() for path in pathlib.Path(ROOT, "game").rglob("*.py")
             if "@dataclass" in path.read_text(encoding="utf-8") and path.name != "structs.py"]
    assert stray == []
