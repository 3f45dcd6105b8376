"""``@record``: a class written like a ``typing.NamedTuple`` (annotated fields, defaults,
methods, a docstring), made a named tuple.

    >>> @record
    ... class Point:
    ...     "A point."
    ...     x: int
    ...     y: int = 0
    ...     def norm1(self) -> int:
    ...         return abs(self.x) + abs(self.y)
    >>> Point(3, -4), Point(3, -4).norm1(), Point(1)._replace(y=2)
    (Point(x=3, y=-4), 7, Point(x=1, y=2))

Why not ``typing.NamedTuple``: importing ``typing`` and checking every annotated field (with
postponed annotations, compiling each as a forward reference) took about 10 ms of every
command's start. Why not ``collections.namedtuple`` either: it compiles a ``__new__`` from
source for each class, 0.2 ms each, and a one-region report makes 16 of these classes. A record
behaves the same: a tuple, with ``_fields``, ``_make``, ``_replace``, ``_asdict``, defaults,
pattern matching, pickling by class name.
"""

from __future__ import annotations

from operator import itemgetter

try:
    from _collections import _tuplegetter  # the C field accessor collections.namedtuple uses
except ImportError:  # pragma: no cover - not CPython
    def _tuplegetter(index: int, doc: str) -> property:
        return property(itemgetter(index), doc=doc)

_NOT_COPIED = ("__dict__", "__weakref__", "__annotations__")
_tuple_new = tuple.__new__


def record(cls: type) -> type:
    fields = tuple(cls.__dict__.get("__annotations__", {}))
    defaults = tuple(cls.__dict__[name] for name in fields if name in cls.__dict__)
    if any(name not in cls.__dict__ for name in fields[len(fields) - len(defaults):]):
        raise TypeError(f"{cls.__name__}: fields with defaults must come after those without")
    body = {k: v for k, v in cls.__dict__.items() if k not in fields and k not in _NOT_COPIED}
    body.update(_named_tuple_body(cls.__name__, fields, defaults))
    made = type(cls.__name__, (tuple,), body)
    made.__qualname__ = cls.__qualname__
    return made


def _named_tuple_body(name: str, fields: tuple[str, ...], defaults: tuple) -> dict:
    """What collections.namedtuple gives a class, with one shared, uncompiled ``__new__``."""
    width, required = len(fields), len(fields) - len(defaults)

    def __new__(_cls, *args, **kwargs):
        if not kwargs:
            if len(args) == width:
                return _tuple_new(_cls, args)
            if required <= len(args) < width:
                return _tuple_new(_cls, args + defaults[len(args) - required:])
        return _tuple_new(_cls, _arguments(name, fields, defaults, args, kwargs))

    def _make(cls, iterable):
        made = _tuple_new(cls, iterable)
        if len(made) != width:
            raise TypeError(f"Expected {width} arguments, got {len(made)}")
        return made

    def _replace(self, /, **kwargs):
        made = self._make(map(kwargs.pop, fields, self))
        if kwargs:
            raise ValueError(f"Got unexpected field names: {list(kwargs)!r}")
        return made

    __new__.__doc__ = f"Create new instance of {name}({', '.join(fields)})"
    return {"__slots__": (), "_fields": fields, "_field_defaults": dict(zip(fields[required:], defaults)),
            "__match_args__": fields, "__new__": __new__, "_make": classmethod(_make), "_replace": _replace,
            "__repr__": _repr, "_asdict": _asdict, "__getnewargs__": _getnewargs,
            **{field: _tuplegetter(i, f"Alias for field number {i}") for i, field in enumerate(fields)}}


def _arguments(name: str, fields: tuple[str, ...], defaults: tuple, args: tuple, kwargs: dict) -> tuple:
    """The fields' values from arguments given by keyword or left to their defaults."""
    if not args and len(kwargs) == len(fields) and all(map(kwargs.__contains__, fields)):
        return tuple(map(kwargs.__getitem__, fields))  # every field by name: the TOML loader's way
    if len(args) > len(fields):
        raise TypeError(f"{name}() takes {len(fields)} positional arguments but {len(args)} were given")
    given = [name for name in fields[:len(args)] if name in kwargs]
    unknown = [key for key in kwargs if key not in fields]
    if given or unknown:
        raise TypeError(f"{name}() got multiple values for argument {given[0]!r}" if given
                        else f"{name}() got an unexpected keyword argument {unknown[0]!r}")
    first_default = len(fields) - len(defaults)
    values = list(args)
    for i in range(len(args), len(fields)):
        if fields[i] in kwargs:
            values.append(kwargs[fields[i]])
        elif i >= first_default:
            values.append(defaults[i - first_default])
        else:
            missing = [f for f in fields[i:first_default] if f not in kwargs]
            raise TypeError(f"{name}() missing {len(missing)} required argument(s): "
                            f"{', '.join(map(repr, missing))}")
    return tuple(values)


def _repr(self) -> str:
    return f"{self.__class__.__name__}({', '.join(map('%s=%r'.__mod__, zip(self._fields, self)))})"


def _asdict(self) -> dict:
    return dict(zip(self._fields, self))


def _getnewargs(self) -> tuple:
    return tuple(self)
