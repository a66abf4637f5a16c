"""The game's record types: dataclasses whose methods are shared functions, not code compiled per class.

On Python 3.11, `dataclasses.dataclass` writes every method it adds to a class as source text and compiles it,
class by class, as the module is imported: for a frozen record, `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__`, about a tenth of a millisecond each. For the fifty-odd record types the game
imports before its first frame, that compiling was most of the time their modules took to import. `struct`
makes the same dataclass (the same fields; `fields`, `replace`, `asdict` and `__dataclass_params__` work on it
as on any), but the methods are the functions below, made once and given each class's own list of fields:

- `__init__` takes the same arguments in the same order, positional or keyword-only as the fields say, fills
  defaults and default factories, sets fields that are not arguments but have a factory, then calls
  `__post_init__` if the class has one; arguments it cannot take are refused with the messages Python gives;
- `repr` names the class and each field whose `repr` is not turned off, in order;
- two records are equal when they are of the very same class and their compared fields are equal in order;
- a frozen record that compares its fields hashes them; one that is not frozen cannot be hashed;
- with `eq=False` a record is equal only to itself, and hashes as an object does;
- a frozen record refuses to have its fields set or deleted, with dataclass's `FrozenInstanceError`;
- a method the class defines itself is kept;
- `inspect.signature` of the class, and its docstring when it has none, read as the standard ones do.

A class that inherits fields from another dataclass, declares `InitVar` pseudo-fields or has a field named
`self` is made by the standard decorator as it stands (with the shared `repr`, `eq` and `hash`): the game has
none. A class that makes many records (HOT) is given the `__init__` dataclass compiles, as fast as it can be.

Nor is the standard decorator asked to read the fields, unless the class needs it: most of its time goes to
asking of each annotation whether it names a `ClassVar`, an `InitVar` or `KW_ONLY`. `struct` reads them itself
when every annotation is written as text (postponed) and none mentions `InitVar` or `KW_ONLY`, asking the
ClassVar question, as dataclass does, only of annotations that mention it; otherwise it leaves the reading to
`dataclass`. Either way the class is given the same fields, parameters and `__match_args__`. A class with no
docstring has the one dataclass would write, made when it is first read.

`Row` is `typing.NamedTuple` for the game's tuple records (`class Place(Row): ...`), made the same way but for
one step: the fields' annotations are kept as written. `typing.NamedTuple` checks each one as a type first, and
with postponed annotations that means compiling each annotation's text: two thirds of what a NamedTuple costs
to make. To a type checker a Row is a NamedTuple.
"""

from __future__ import annotations

import abc
import collections
import inspect
import re
import reprlib
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, InitVar, dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)

# Where a struct keeps, on its class, what its shared methods read: its fields to show and its fields to compare.
_SHOWN = "__struct_shown__"
_COMPARED = "__struct_compared__"
# How many records a class makes with the shared `__init__` before it is given one compiled for it: few classes
# make this many while the game starts, and those that make hundreds a turn (a vote's stands) then run as fast
# as dataclass's own.
HOT = 256


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving these attributes of a record, as a tuple."""
    def values(record: Any) -> tuple[Any, ...]:
        return tuple([getattr(record, name) for name in names])
    return values


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = getattr(type(self), _SHOWN)
    return f"{type(self).__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = getattr(type(self), _COMPARED)
    return bool(values(self) == values(other))


def _hash(self: Any) -> int:
    return hash(getattr(type(self), _COMPARED)(self))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _names(names: list[str]) -> str:
    """Names as Python lists them in its messages: 'a', 'a' and 'b', 'a', 'b', and 'c'."""
    quoted = [repr(name) for name in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return f"{', '.join(quoted[:-1])}, and {quoted[-1]}"


def _initializer(cls: type, every: tuple[Field[Any], ...], frozen: bool) -> Callable[..., None]:
    """The `__init__` dataclass would compile for `cls` (fields `every`, none inherited, no InitVar)."""
    # Arguments in the order dataclass takes them: positional ones, then keyword-only ones.
    positional = tuple(f.name for f in every if f.init and not f.kw_only)
    keyword_only = tuple(f.name for f in every if f.init and f.kw_only)
    taken = frozenset(positional + keyword_only)
    count = len(taken)
    seen_default = False
    for f in every:
        if f.init and not f.kw_only:
            if f.default is not MISSING or f.default_factory is not MISSING:
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
    # Arguments that may be left out: (name, default, factory); fields that are not arguments but have a factory.
    optional = tuple((f.name, f.default, f.default_factory) for f in every if f.init
                     and (f.default is not MISSING or f.default_factory is not MISSING))
    made = tuple((f.name, f.default_factory) for f in every if not f.init and f.default_factory is not MISSING)
    # What is set, in the order of the fields: each field that is an argument or is made by its factory.
    order = tuple(f.name for f in every if f.init or f.default_factory is not MISSING)
    post_init = "__post_init__" if hasattr(cls, "__post_init__") else None
    set_field = object.__setattr__ if frozen else setattr
    qualname = f"{cls.__qualname__}.__init__"

    required = sum(1 for f in every if f.init and not f.kw_only
                   and f.default is MISSING and f.default_factory is MISSING)
    most = len(positional) + 1                  # with self
    takes = (f"from {required + 1} to {most} positional arguments" if required + 1 < most
             else _plural(most, "positional argument"))

    def refuse(args: tuple[Any, ...], kwargs: dict[str, Any], given: dict[str, Any]) -> TypeError:
        """The error Python gives for arguments this signature cannot take, checked in the order it checks."""
        for name in kwargs:
            if name not in taken:
                return TypeError(f"{qualname}() got an unexpected keyword argument {name!r}")
            if name in positional[:len(args)]:
                return TypeError(f"{qualname}() got multiple values for argument {name!r}")
        if len(args) + 1 > most:
            keywords = sum(1 for name in kwargs if name in keyword_only)
            also = f" positional arguments (and {_plural(keywords, 'keyword-only argument')})" if keywords else ""
            return TypeError(f"{qualname}() takes {takes} but {len(args) + 1}{also} were given")
        for names, kind in ((positional, "positional"), (keyword_only, "keyword-only")):
            missing = [name for name in names if name not in given]
            if missing:
                return TypeError(f"{qualname}() missing {_plural(len(missing), f'required {kind} argument')}: "
                                 f"{_names(missing)}")
        raise AssertionError("arguments refused with no reason")

    calls = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == HOT and cls.__dict__.get("__init__") is __init__:
            cls.__init__ = _compiled_initializer(cls, every, frozen)  # type: ignore[misc]
        if len(args) + 1 > most:
            raise refuse(args, kwargs, {})
        given = dict(zip(positional, args))
        if kwargs:
            for name in kwargs:
                if name not in taken or name in given:
                    raise refuse(args, kwargs, given)
            given.update(kwargs)
        if len(given) < count:
            for name, default, factory in optional:
                if name not in given:
                    given[name] = default if factory is MISSING else factory()
            if len(given) < count:
                raise refuse(args, kwargs, given)
        for name, factory in made:
            given[name] = factory()
        for name in order:
            set_field(self, name, given[name])
        if post_init is not None:
            getattr(self, post_init)()

    __init__.__qualname__ = qualname
    return __init__


def _compiled_initializer(cls: type, every: tuple[Field[Any], ...], frozen: bool) -> Callable[..., None]:
    """The `__init__` dataclass compiles for `cls`, made on a stand-in class with the same fields: a shared
    `__init__` gives its class this one once the class has made HOT records."""
    namespace: dict[str, Any] = {
        "__module__": cls.__module__, "__qualname__": cls.__qualname__,
        "__annotations__": {f.name: f.type for f in every},
        **{f.name: field(default=f.default, default_factory=f.default_factory, init=f.init,  # type: ignore
                         kw_only=f.kw_only) for f in every}}
    if hasattr(cls, "__post_init__"):
        namespace["__post_init__"] = cls.__post_init__   # the compiled __init__ calls it, as it should
    stand_in = dataclass(type(cls.__name__, (), namespace), frozen=frozen, repr=False, eq=False, match_args=False)
    return stand_in.__init__  # type: ignore[misc]


class _Signature:
    """`__signature__` on a struct's class: what `inspect.signature` shows, worked out when first asked for. A
    subclass that makes its records some other way (its own `__init__`) is left to `inspect` (None)."""

    def __init__(self, owner: type, every: tuple[Field[Any], ...]) -> None:
        self.owner, self.every = owner, every
        self.made: inspect.Signature | None = None

    def __get__(self, record: object, cls: type) -> inspect.Signature | None:
        if cls.__init__ is not self.owner.__init__:
            return None
        if self.made is None:
            P = inspect.Parameter
            self.made = inspect.Signature(
                [P(f.name, P.KEYWORD_ONLY if f.kw_only else P.POSITIONAL_OR_KEYWORD, annotation=f.type,
                   default=_FACTORY if f.default_factory is not MISSING
                   else P.empty if f.default is MISSING else f.default)
                 for f in sorted((f for f in self.every if f.init), key=lambda f: f.kw_only is True)],
                return_annotation=None)
        return self.made


class _Factory:
    """What a signature shows for an argument whose default is made by a factory, as dataclass shows it."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _frozen(cls: type, names: tuple[str, ...]) -> tuple[Callable[..., None], Callable[..., None]]:
    """The `__setattr__` and `__delattr__` dataclass gives a frozen class with these fields."""
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    __setattr__.__qualname__ = f"{cls.__qualname__}.__setattr__"
    __delattr__.__qualname__ = f"{cls.__qualname__}.__delattr__"
    return __setattr__, __delattr__


def _standard_only(cls: type) -> bool:
    """Whether only the standard decorator can make this class's `__init__` and frozenness."""
    inherits = any(is_dataclass(base) for base in cls.__mro__[1:])
    annotations = inspect.get_annotations(cls)
    pseudo = any(isinstance(kind, InitVar) or kind is InitVar or (isinstance(kind, str) and "InitVar" in kind)
                 for kind in annotations.values())
    return inherits or pseudo or "self" in annotations


# What the standard decorator gives a class it reads, taken from one it read: the marks of a field that is a field
# and of one that is a ClassVar, and the type of a class's `__dataclass_params__`.
# (With a docstring of its own: given none, dataclass would write one from `inspect.signature(object)`, which
# tokenizes source text.)
_PATTERN = dataclass(type("_Pattern", (), {"__annotations__": {"x": "int", "y": "ClassVar[int]"}, "__doc__": "-"}),
                     init=False, repr=False, eq=False)
_IS_FIELD = _PATTERN.__dataclass_fields__["x"]._field_type  # type: ignore[attr-defined]
_IS_CLASSVAR = _PATTERN.__dataclass_fields__["y"]._field_type  # type: ignore[attr-defined]
_PARAMS = _PATTERN.__dataclass_params__  # type: ignore[attr-defined]
_PARAMS_FILLED = hasattr(type(_PARAMS), "__slots__")     # the parameters are made slot by slot (_declared)
# A word that, in an annotation, may make it something other than a field or a ClassVar: such a class is read by
# dataclass. (A class with InitVar pseudo-fields is made by dataclass whole, see _standard_only.)
_NOT_PLAIN = ("KW_ONLY",)
# An annotation's first name, and the module it is read from if it names one ("typing.ClassVar[int]").
_FIRST_NAME = re.compile(r"^(?:\s*(\w+)\s*\.)?\s*(\w+)")


def _names_classvar(annotation: str, cls: type) -> bool:
    """Whether an annotation written as text declares a ClassVar, read as dataclass reads it: its first name, looked
    up in the class's module (which must also hold the module the annotation names, if it names one)."""
    match = _FIRST_NAME.match(annotation)
    module = sys.modules.get(cls.__module__)
    if match is None or module is None:
        return False
    names = module.__dict__
    if match.group(1) and names.get(match.group(1)) is not typing:
        return False
    found = names.get(match.group(2))
    return found is ClassVar or (type(found) is typing._GenericAlias and found.__origin__ is ClassVar)  # type: ignore


def _declared(cls: T, *, kw_only: bool, eq: bool, frozen: bool) -> T | None:
    """`cls` with its fields read as dataclass reads them (`__dataclass_fields__`, `__dataclass_params__`, the fields'
    defaults as class attributes, `__match_args__`); None, and `cls` untouched, when dataclass must read them."""
    annotations = inspect.get_annotations(cls)
    if not _PARAMS_FILLED or any(type(kind) is not str or any(word in kind for word in _NOT_PLAIN)
                                 for kind in annotations.values()):
        return None
    declared: dict[str, Field[Any]] = {}
    for name, kind in annotations.items():
        default = getattr(cls, name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = field(default=MISSING if isinstance(default, types.MemberDescriptorType) else default)
        f.name, f.type, f._field_type = name, kind, _IS_FIELD  # type: ignore[attr-defined]
        if "ClassVar" in kind and _names_classvar(kind, cls):
            f._field_type = _IS_CLASSVAR  # type: ignore[attr-defined]
            if f.default_factory is not MISSING:
                raise TypeError(f"field {name} cannot have a default factory")
            if f.kw_only is not MISSING:
                raise TypeError(f"field {name} is a ClassVar but specifies kw_only")
        else:
            if f.kw_only is MISSING:
                f.kw_only = kw_only
            if f.default.__class__.__hash__ is None:
                raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: "
                                 "use default_factory")
        declared[name] = f
    for name, f in declared.items():
        if isinstance(getattr(cls, name, None), Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in annotations:
            raise TypeError(f"{name!r} is a field but has no type annotation")
    params = object.__new__(type(_PARAMS))
    chosen = {"init": True, "repr": True, "eq": eq, "frozen": frozen, "kw_only": kw_only}
    for name in type(_PARAMS).__slots__:
        setattr(params, name, chosen.get(name, getattr(_PARAMS, name)))
    cls.__dataclass_fields__ = declared  # type: ignore[attr-defined]
    cls.__dataclass_params__ = params  # type: ignore[attr-defined]
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = tuple(f.name for f in declared.values()  # type: ignore[attr-defined]
                                   if f._field_type is _IS_FIELD and f.init and not f.kw_only)  # type: ignore
    abc.update_abstractmethods(cls)
    return cls


class _Docstring:
    """A struct's docstring when its class has none: the one dataclass writes (`Name(field: type, ...)`), made
    the first time it is read, as the class's own."""

    def __get__(self, record: object, cls: type) -> str:
        text = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
        if cls.__dict__.get("__doc__") is self:
            cls.__doc__ = text
        return text


_DOC = _Docstring()


@overload
def struct(cls: T, /) -> T: ...
@overload
def struct(*, frozen: bool = False, kw_only: bool = False, eq: bool = True) -> Callable[[T], T]: ...


@dataclass_transform(field_specifiers=(field,))
def struct(cls: T | None = None, /, *, frozen: bool = False, kw_only: bool = False,
           eq: bool = True) -> T | Callable[[T], T]:
    """`@dataclass`, with the same arguments, for the game's record types (see the module's note)."""

    def make(cls: T) -> T:
        own = dict(cls.__dict__)       # the class as written, before the dataclass is made of it
        standard = _standard_only(cls)
        if frozen and not standard:
            for name in ("__setattr__", "__delattr__"):
                if name in own:
                    raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
        made = None if standard else _declared(cls, kw_only=kw_only, eq=eq, frozen=frozen)
        if made is None:
            if not standard and not own.get("__doc__"):
                # Written below from the fields. Left empty, dataclass would first write one from the signature of
                # object's own `__init__`, which `inspect` reads by tokenizing its text.
                cls.__doc__ = cls.__name__
            made = dataclass(cls, frozen=frozen and standard, kw_only=kw_only, init=standard, eq=False, repr=False)
            params = made.__dataclass_params__  # type: ignore[attr-defined]
            params.init, params.repr, params.eq, params.frozen = True, True, eq, frozen
        every = fields(made)
        if not standard:
            if "__init__" not in own:
                made.__init__ = _initializer(made, every, frozen)  # type: ignore[misc]
            if frozen:
                made.__setattr__, made.__delattr__ = _frozen(made, tuple(f.name for f in every))  # type: ignore
            made.__signature__ = _Signature(made, every)  # type: ignore[attr-defined]
            if not own.get("__doc__"):
                made.__doc__ = _DOC  # type: ignore[assignment]
        setattr(made, _SHOWN, tuple(f.name for f in every if f.repr))
        if "__repr__" not in own:
            made.__repr__ = _repr  # type: ignore[method-assign]
        if not eq:
            return made
        setattr(made, _COMPARED, _values(tuple(f.name for f in every if f.compare)))
        if "__eq__" not in own:
            made.__eq__ = _eq  # type: ignore[method-assign,assignment]
        # As dataclass decides: a hash the class wrote stays (Python's own None, which a class that writes only
        # __eq__ is given, is not one); otherwise a frozen record hashes its fields and any other has no hash.
        written_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
        if not written_hash:
            made.__hash__ = _hash if frozen else None  # type: ignore[assignment,method-assign]
        return made

    return make if cls is None else make(cls)


# -- rows ------------------------------------------------------------------------------------------
# What typing.NamedTuple keeps for itself, and what it does not copy from the class as written.
_ROW_OWN = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make",
                      "_replace", "_asdict", "_source"})
_ROW_SKIPPED = frozenset({"__module__", "__name__", "__annotations__"})


class _RowType(type):
    """Makes each subclass of Row as typing.NamedTuple makes it (see the module's note)."""

    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        if not bases:           # Row itself
            return super().__new__(mcls, name, bases, ns)
        if any(base is not _Row for base in bases):
            raise TypeError("a Row can only inherit from Row")
        annotations = dict(ns.get("__annotations__", {}))
        with_default: list[str] = []
        for field_name in annotations:
            if field_name in ns:
                with_default.append(field_name)
            elif with_default:
                raise TypeError(f"Non-default namedtuple field {field_name} cannot follow default field"
                                f"{'s' if len(with_default) > 1 else ''} {', '.join(with_default)}")
        made = collections.namedtuple(name, list(annotations), defaults=[ns[n] for n in with_default],
                                      module=ns["__module__"])
        made.__annotations__ = made.__new__.__annotations__ = annotations
        for key, value in ns.items():
            if key in _ROW_OWN:
                raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
            if key not in _ROW_SKIPPED and key not in made._fields:
                setattr(made, key, value)
        return made


_Row = _RowType("Row", (), {})
if TYPE_CHECKING:
    Row = NamedTuple
else:
    Row = _Row
