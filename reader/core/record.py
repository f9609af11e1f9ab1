"""Record: the plain value classes built on the way to the first paint, without dataclasses.

A dataclass generates the source of its methods and compiles it as the class is defined:
about 4 M instructions for a frozen, slotted class of a few fields, 9 M for one of 18, and
the start-up path defines ten of them (issue 11: start-up stays light).  A Record subclass
annotates its fields, in order, names them in ``__slots__`` too, and writes its own
``__init__``; the rest is written once,
here, with the behaviour of ``@dataclass(slots=True)`` (``frozen=True`` for FrozenRecord):

- ``__repr__`` as ``Name(field=value, ...)``, every field in order;
- ``__eq__`` compares the fields of two objects of the same class (else NotImplemented);
- a Record is unhashable (it can change); a FrozenRecord hashes its fields and raises
  ``dataclasses.FrozenInstanceError`` on assignment or deletion, and pickles and copies
  through ``__getstate__``/``__setstate__``;
- ``__match_args__`` is the fields; ``_fields`` lists them in the order of their
  annotations (as ``dataclasses.fields`` did);
- ``replace(**changes)`` returns a copy with some fields changed (``dataclasses.replace``),
  built through ``__init__``, so it is checked and cleaned as any new object.
"""

from __future__ import annotations

import inspect
from dataclasses import FrozenInstanceError
from operator import attrgetter
from typing import Any, ClassVar, Self, dataclass_transform


class Record:
    """A mutable record: fields in ``__slots__``, compared by value, unhashable."""

    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    """Every field, in order (the subclass's ``__slots__``)."""
    _values: ClassVar[attrgetter[Any]]
    """Returns the tuple of an object's field values."""
    __hash__ = None  # type: ignore[assignment]  # it can change: unhashable, as a dataclass

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Without __slots__ the default is only tested for truth: () or None, both false.
        slots = cls.__dict__.get("__slots__", ())  # pragma: no mutate (see above)
        if not slots:  # a base class (FrozenRecord)
            return
        # The fields in the order of their annotations, as a dataclass's.
        fields = tuple(inspect.get_annotations(cls))
        if sorted(fields) != sorted(slots):
            raise TypeError(f"{cls.__name__}: __slots__ and the annotated fields differ")
        if len(fields) < 2:  # attrgetter of one name returns the value, not a tuple
            raise TypeError(f"{cls.__name__}: a Record has at least two fields")
        cls._fields = fields
        cls.__match_args__ = fields  # type: ignore[misc]
        cls._values = attrgetter(*fields)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={value!r}"
            for name, value in zip(self._fields, self._values(self), strict=True)
        )
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(self._values(self) == self._values(other))
        return NotImplemented

    def replace(self, **changes: Any) -> Self:
        """Return a copy with ``changes`` (field name -> value), built through ``__init__``."""
        values = dict(zip(self._fields, self._values(self), strict=True))
        unknown = changes.keys() - values.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return type(self)(**values)


@dataclass_transform(frozen_default=True)  # for type checkers: assigning a field is an error
class FrozenRecord(Record):
    """An immutable record: hashable by value; assigning or deleting a field raises."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._values(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[object]:
        return list(self._values(self))

    def __setstate__(self, state: list[object]) -> None:
        for name, value in zip(self._fields, state, strict=True):
            object.__setattr__(self, name, value)
