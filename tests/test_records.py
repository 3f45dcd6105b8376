"""@record makes the same named tuple typing.NamedTuple would, without importing typing."""

import pickle
from typing import NamedTuple

import pytest

from ectui.model import Region, Target
from ectui.records import record


@record
class Point:
    """A point."""

    x: int
    y: float = 0.5
    label: str = ""

    def moved(self, dx: int) -> "Point":
        return self._replace(x=self.x + dx)

    @property
    def key(self) -> tuple:
        return (self.x, self.label)


class PointNT(NamedTuple):
    x: int
    y: float = 0.5
    label: str = ""


def test_a_record_behaves_as_the_named_tuple_it_replaces():
    p, q = Point(1, label="a"), PointNT(1, label="a")
    assert p == q == (1, 0.5, "a") and hash(p) == hash(q)
    assert Point._fields == PointNT._fields and Point._field_defaults == PointNT._field_defaults
    assert repr(p) == "Point(x=1, y=0.5, label='a')" and p._asdict() == q._asdict()
    assert Point._make([2, 3.0, "b"]) == Point(x=2, y=3.0, label="b") and type(Point._make([2, 3.0, "b"])) is Point
    assert p.moved(2) == Point(3, 0.5, "a") and type(p.moved(2)) is Point and p.key == (1, "a")
    assert Point.__doc__ == "A point." and Point.__qualname__ == "Point" and Point.__module__ == __name__
    assert not hasattr(p, "__dict__")  # a plain tuple in memory
    with pytest.raises(AttributeError):
        p.x = 5
    with pytest.raises(TypeError):
        Point()
    match p:
        case Point(x, y):
            assert (x, y) == (1, 0.5)
        case _:
            pytest.fail("a record matches positionally, as a named tuple does")


CALLS = [((1,), {}), ((1, 2.0), {}), ((1, 2.0, "c"), {}), ((), {"x": 1}), ((1,), {"label": "c"}),
         ((), {"label": "c", "x": 4, "y": 1.0}), ((1,), {"y": 3.0}),
         # wrong calls: each must fail with TypeError, as a named tuple's would
         ((), {}), ((1, 2.0, "c", 4), {}), ((1,), {"x": 2}), ((1,), {"z": 2}), ((), {"y": 1.0})]


@pytest.mark.parametrize("args, kwargs", CALLS)
def test_a_record_takes_the_arguments_a_named_tuple_takes(args, kwargs):
    """Its __new__ is one shared function, not compiled per class: same values, same refusals."""
    try:
        expected = PointNT(*args, **kwargs)
    except TypeError:
        with pytest.raises(TypeError):
            Point(*args, **kwargs)
    else:
        made = Point(*args, **kwargs)
        assert made == expected and type(made) is Point and made._asdict() == expected._asdict()


def test_make_and_replace_check_their_fields_as_a_named_tuple_does():
    with pytest.raises(TypeError, match="Expected 3 arguments, got 2"):
        Point._make([1, 2.0])
    with pytest.raises(ValueError, match="unexpected field names"):
        Point(1)._replace(z=3)
    with pytest.raises(TypeError, match="missing 1 required argument.*'x'"):
        Point(y=2.0)


def test_records_pickle_by_class_name():
    """Records pickle like named tuples (by class name); the catalog cache builds them from
    plain tuples with tuple.__new__."""
    region = Region("quanzhou", "泉州", "Quanzhou", parent="fujian")
    back = pickle.loads(pickle.dumps(region))
    assert back == region and type(back) is Region and back.name("en") == "Quanzhou"
    target = tuple.__new__(Target, ("p", "r", "i", ">=", 2015, 1800.0, None, None, None, None, "", ""))
    assert target.key == ("p", "r", "i") and target.source == ""


def test_defaults_must_come_last():
    with pytest.raises(TypeError, match="defaults must come after"):
        @record
        class Bad:
            a: int = 1
            b: int
