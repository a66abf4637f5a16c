"""The game's record types: dataclasses whose text, comparison and hash are shared functions.

On Python 3.11, `dataclasses.dataclass` writes every method it adds to a class as source text and compiles it,
class by class, as the module is imported. For the forty-odd record types the game imports before its first
frame, that compiling was about 35 ms of every start. `struct` makes the same dataclass (the same fields,
`__init__`, frozenness and keyword-only arguments; `fields`, `replace` and `asdict` work on it as on any), but
its `__repr__`, `__eq__` and `__hash__` are the functions below, shared by every class and reading the class's
own list of fields, instead of three more functions compiled for each class. They behave as the generated ones:

- `repr` names the class and each field whose `repr` is not turned off, in order;
- two records are equal when they are of the very same class and their compared fields are equal in order;
- a frozen record that compares its fields hashes them; one that is not frozen cannot be hashed;
- with `eq=False` a record is equal only to itself, and hashes as an object does;
- a method the class defines itself is kept.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)

# Where a struct keeps, on its class, what its shared methods read: its fields to show and its fields to compare.
_SHOWN = "__struct_shown__"
_COMPARED = "__struct_compared__"


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
        made = dataclass(cls, frozen=frozen, kw_only=kw_only, eq=False, repr=False)
        every = fields(made)
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
