"""Any input gives a finite value or a NumberError, never another exception."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from ectui.numbers import NumberError, parse_value

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
