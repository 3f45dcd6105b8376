"""Any input gives a finite value or a NumberError, never another exception."""

import math
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ectui.numbers import MAX_ABS_VALUE, NumberError, bare_number, parse_value

UNITS = ["亿元", "%", "家", "万人", "是/否", "G"]
CHARS = st.sampled_from(list("0123456789.,-+eE%％万亿千百元人家个余多约近超过以上左右 １２３．") + ["nan", "inf"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=20), st.lists(CHARS, max_size=12).map("".join)), st.sampled_from(UNITS))
def test_parse_value_never_crashes(text, unit):
    try:
        got = parse_value(text, unit)
    except NumberError as exc:
        assert str(exc)
    else:
        assert math.isfinite(got.value)


BARE = re.compile(r"-?\d+(?:\.\d+)?")  # what a bare number is, as a pattern


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789-.+eE _ ") + ["１", "٣", "²", "½", "\n", "0" * 16]),
                max_size=10).map("".join))
@example("-0").via("a negative zero")
@example("1.").via("nothing after the point")
@example("٣.１").via("decimal digits of other scripts")
def test_a_bare_number_is_what_the_pattern_says(text):
    expected = float(text) if BARE.fullmatch(text) else None
    if expected is not None and abs(expected) > MAX_ABS_VALUE:
        expected = None
    assert bare_number(text) == expected
