"""The game's record types (`game.structs.struct`) behave as the dataclasses the standard decorator makes."""

from __future__ import annotations

import dataclasses
import pathlib
import typing
from dataclasses import KW_ONLY, dataclass, field
from typing import ClassVar

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


def full_twins() -> tuple[type, type]:
    """The same frozen class, with every kind of field, made by `dataclass` and by `struct`."""
    made = []
    for decorate in (dataclass(frozen=True), struct(frozen=True)):
        class Vote:
            body: str
            ayes: int
            noes: int = 0
            cast: list[str] = field(default_factory=list)
            chair: str = field(default="Kamenev", kw_only=True)
            motion: str = field(kw_only=True)
            notes: dict[str, str] = field(default_factory=dict, init=False)
            closed: bool = field(default=False, init=False)
            margin: int = field(default=0, init=False, repr=False)

            def __post_init__(self) -> None:
                object.__setattr__(self, "margin", self.ayes - self.noes)
        made.append(decorate(Vote))
    return made[0], made[1]


# Arguments a record's __init__ takes, and arguments it refuses: (positional, keyword).
GOOD_CALLS = [(("Plenum", 5), {"motion": "m"}), (("Plenum", 5, 2, ["a"]), {"motion": "m", "chair": "Stalin"}),
              ((), {"body": "CC", "ayes": 1, "noes": 2, "motion": "m"}), ((), {"motion": "m", "ayes": 3, "body": "CC"})]
BAD_CALLS = [((), {}), (("CC",), {}), (("CC", 1), {}), (("CC", 1), {"x": 2}), (("CC", 1, 2, [], 5), {}),
             (("CC", 1, 2, [], 5), {"motion": "m"}), (("CC", 1, 2, [], 5), {"motion": "m", "chair": "c"}),
             (("CC",), {"body": "CC", "motion": "m"}), (("CC", 1, 2, [], 5), {"x": 1}), ((), {"ayes": 1, "motion": "m"}),
             ((), {"noes": 1}), (("CC", 1), {"notes": {}, "motion": "m"})]


@pytest.mark.parametrize("tier", ["shared", "compiled"])
def test_a_struct_is_made_and_refused_as_the_standard_dataclass(tier: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both the shared __init__ a class starts with and the compiled one it is given once it makes many records."""
    monkeypatch.setattr("game.structs.HOT", 1 if tier == "compiled" else 10**9)
    standard, ours = full_twins()
    ours(body="CC", ayes=1, motion="m")          # a first record: with HOT at 1, the class now has its compiled one
    assert (ours.__dict__["__init__"].__code__.co_name == "__init__") and (
        ("__create_fn__" in ours.__init__.__code__.co_qualname) == (tier == "compiled"))
    for args, kwargs in GOOD_CALLS:
        mine, theirs = standard(*args, **kwargs), ours(*args, **kwargs)
        assert repr(mine) == repr(theirs).replace(ours.__qualname__, standard.__qualname__)
        assert list(vars(mine).items()) == list(vars(theirs).items())      # the same fields, set in the same order
    for args, kwargs in BAD_CALLS:
        errors = []
        for kind in (standard, ours):
            with pytest.raises(TypeError) as refused:
                kind(*args, **kwargs)
            errors.append(str(refused.value))
        assert errors[0] == errors[1], (args, kwargs)
    # A list made by a factory is a new one for each record.
    first, second = ours("CC", 1, motion="m"), ours("CC", 1, motion="m")
    assert first.cast == [] and first.cast is not second.cast and first.notes is not second.notes


def test_a_frozen_struct_refuses_changes_as_the_standard_one_does() -> None:
    standard, ours = full_twins()
    for kind in (standard, ours):
        record = kind("CC", 1, motion="m")

        class Later(kind):  # type: ignore[valid-type,misc]
            pass                            # a plain subclass may have attributes of its own, but not the fields
        later = Later("CC", 1, motion="m")
        later.extra = 1
        outcomes = []
        for target, name in ((record, "ayes"), (record, "extra"), (later, "ayes"), (later, "extra")):
            for change in ("set", "delete"):
                try:
                    setattr(target, name, 2) if change == "set" else delattr(target, name)
                    outcomes.append("done")
                except dataclasses.FrozenInstanceError as error:
                    outcomes.append(str(error))
                except AttributeError:
                    outcomes.append("no such attribute")
        if kind is standard:
            expected = outcomes
        else:
            assert outcomes == expected
    with pytest.raises(TypeError, match="Cannot overwrite attribute __setattr__ in class Own"):
        @struct(frozen=True)
        class Own:
            x: int

            def __setattr__(self, name: str, value: object) -> None:
                pass


def test_a_struct_reads_as_the_standard_dataclass_does() -> None:
    """Its signature, its docstring when it has none, its parameters and match arguments are the standard ones."""
    import inspect
    standard, ours = full_twins()
    assert str(inspect.signature(ours)) == str(inspect.signature(standard))
    for kind in (standard, ours):        # a subclass shows its own way of making records, or the class's
        class Own(kind):  # type: ignore[valid-type,misc]
            def __init__(self, source: str) -> None:
                super().__init__(source, 0, motion="m")

        class Plain(kind):  # type: ignore[valid-type,misc]
            pass
        assert str(inspect.signature(Own)) == "(source: 'str') -> 'None'"
        assert str(inspect.signature(Plain)) == str(inspect.signature(standard))
    assert ours.__match_args__ == standard.__match_args__
    assert repr(ours.__dataclass_params__) == repr(standard.__dataclass_params__)
    for options in ({}, {"frozen": True}, {"kw_only": True}, {"eq": False}):
        pair = twins(**options)
        assert pair[1].__doc__ == pair[0].__doc__ and pair[1].__doc__.startswith("Record(")
        assert repr(pair[1].__dataclass_params__) == repr(pair[0].__dataclass_params__)
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @struct
        class Wrong:
            a: int = 0
            b: int  # type: ignore[misc]


def test_making_a_struct_compiles_no_code_until_it_has_made_many_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """What start-up saves: dataclass compiles each method from text; a struct's are made without compiling."""
    compiled: list[str] = []
    real_exec = exec

    def counting(source: str, *args: object) -> None:
        compiled.append(source)
        real_exec(source, *args)
    monkeypatch.setattr(dataclasses, "exec", counting, raising=False)
    _, ours = full_twins()
    assert len(compiled) == 6                  # the standard one: __init__, repr, eq, hash, setattr, delattr
    compiled.clear()
    monkeypatch.setattr("game.structs.HOT", 3)
    ours("CC", 1, motion="m"), ours("CC", 1, motion="m")
    assert compiled == []
    ours("CC", 1, motion="m")                  # the third record: the class is given a compiled __init__
    assert any("def __init__" in source for source in compiled)
    compiled.clear()
    ours("CC", 1, motion="m")
    assert compiled == []


def row_twins() -> tuple[type, type]:
    """The same tuple record made by `typing.NamedTuple` and by `Row`."""
    from typing import NamedTuple

    from game.structs import _Row
    made = []
    for base in (NamedTuple, _Row):
        class Seat(base):  # type: ignore[misc,valid-type]
            """A seat in a body."""

            holder: str
            body: str = "CC"
            votes: tuple[int, ...] = ()

            def shown(self) -> str:
                return f"{self.holder} ({self.body})"

            @property
            def weight(self) -> int:
                return len(self.votes) + 1
        made.append(Seat)
    return made[0], made[1]


def test_a_row_behaves_as_the_standard_named_tuple() -> None:
    standard, ours = row_twins()
    assert ours.__mro__[1:] == standard.__mro__[1:] == (tuple, object)
    for name in ("__name__", "__qualname__", "__module__", "__doc__", "_fields", "_field_defaults"):
        assert getattr(ours, name) == getattr(standard, name), name
    assert ours.__new__.__defaults__ == standard.__new__.__defaults__
    for args, kwargs in [(("Stalin",), {}), (("Trotsky", "Politburo"), {}), ((), {"holder": "Rykov", "votes": (1,)})]:
        mine, theirs = ours(*args, **kwargs), standard(*args, **kwargs)
        assert repr(mine) == repr(theirs) and tuple(mine) == tuple(theirs) and mine == theirs
        assert mine._asdict() == theirs._asdict() and mine._replace(body="CCC") == theirs._replace(body="CCC")
        assert (mine.shown(), mine.weight) == (theirs.shown(), theirs.weight)
        assert hash(mine) == hash(theirs)
    for args, kwargs in [((), {}), (("a", "b", (), 4), {}), (("a",), {"holder": "b"}), ((), {"seat": 1})]:
        with pytest.raises(TypeError) as mine_error:
            ours(*args, **kwargs)
        with pytest.raises(TypeError) as theirs_error:
            standard(*args, **kwargs)
        assert str(mine_error.value) == str(theirs_error.value)


def test_a_row_keeps_its_annotations_as_written_and_is_refused_as_a_named_tuple_is() -> None:
    from typing import NamedTuple

    from game.structs import _Row
    _, ours = row_twins()
    assert ours.__annotations__ == {"holder": "str", "body": "str", "votes": "tuple[int, ...]"}
    for base in (NamedTuple, _Row):
        with pytest.raises(TypeError) as order:
            class Late(base):  # type: ignore[misc,valid-type]
                first: int = 0
                second: int
        assert str(order.value) == "Non-default namedtuple field second cannot follow default field first"
        with pytest.raises(AttributeError) as own:
            class Own(base):  # type: ignore[misc,valid-type]
                x: int

                def _asdict(self) -> dict[str, int]:
                    return {}
        assert str(own.value) == "Cannot overwrite NamedTuple attribute _asdict"
    with pytest.raises(TypeError):
        class Both(_Row, tuple):  # type: ignore[misc]
            x: int


def test_the_game_declares_its_tuple_records_with_row() -> None:
    """One way to declare a tuple record, so that none pays for typing's checks at start-up."""
    stray = [path.relative_to(ROOT).as_posix() for path in pathlib.Path(ROOT, "game").rglob("*.py")
             if "(NamedTuple)" in path.read_text(encoding="utf-8")]
    assert stray == []


FIELD_ATTRIBUTES = ("name", "type", "default", "default_factory", "init", "repr", "hash", "compare", "metadata",
                    "kw_only", "_field_type")


def test_a_struct_reads_its_fields_as_the_standard_dataclass_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every attribute of every field, the defaults left on the class, and the mistakes refused with the same
    words; and the standard decorator is asked to read a class only when it mentions ClassVar, InitVar or KW_ONLY."""
    import game.structs
    asked: list[str] = []
    real = game.structs.dataclass

    def counting(cls: type, **options: object) -> type:
        asked.append(cls.__name__)
        return real(cls, **options)
    monkeypatch.setattr(game.structs, "dataclass", counting)
    pairs = [full_twins(), *(twins(**options) for options in ({}, {"frozen": True}, {"kw_only": True}))]
    assert asked == []
    for standard, ours in pairs:
        assert [[getattr(f, a) for a in FIELD_ATTRIBUTES] for f in dataclasses.fields(ours)] == \
               [[getattr(f, a) for a in FIELD_ATTRIBUTES] for f in dataclasses.fields(standard)]
        for name in standard.__dataclass_fields__:
            assert getattr(ours, name, "absent") == getattr(standard, name, "absent"), name
    for decorate in (dataclass, struct):
        with pytest.raises(ValueError) as mutable:
            class Mutable:
                names: list[str] = []          # noqa: RUF012
            decorate(Mutable)
        with pytest.raises(TypeError) as loose:
            class Loose:
                a: int
                b = field(default=1)
            decorate(Loose)
        assert "mutable default <class 'list'> for field names is not allowed" in str(mutable.value)
        assert str(loose.value) == "'b' is a field but has no type annotation"

    asked.clear()
    made = []
    for decorate in (dataclass, struct):
        class Cited:
            WORD: ClassVar[str] = "citation"
            ORDER: typing.ClassVar[int] = 2
            source: str
            section: str = ""
        made.append(decorate(frozen=True)(Cited))
    assert asked == []
    assert {name: [getattr(f, a) for a in FIELD_ATTRIBUTES] for name, f in made[1].__dataclass_fields__.items()} == \
           {name: [getattr(f, a) for a in FIELD_ATTRIBUTES] for name, f in made[0].__dataclass_fields__.items()}
    assert made[1].__match_args__ == made[0].__match_args__ == ("source", "section")
    assert (made[1].WORD, made[1].ORDER, made[1]("Carr")) == ("citation", 2, made[1]("Carr", ""))
    assert dataclasses.replace(made[1]("Carr"), section="ch. 3") == made[1]("Carr", "ch. 3")
    made = []
    for decorate in (dataclass, struct):
        class Marked:
            kind: ClassVar[str] = "vote"
            body: str
            _: KW_ONLY
            chair: str = "Kamenev"
        made.append(decorate(Marked))
    assert asked == ["Marked"]
    assert [[getattr(f, a) for a in FIELD_ATTRIBUTES] for f in dataclasses.fields(made[1])] == \
           [[getattr(f, a) for a in FIELD_ATTRIBUTES] for f in dataclasses.fields(made[0])]
    assert made[1]("CC", chair="Stalin") == made[1]("CC", chair="Stalin") and made[1].kind == "vote"
