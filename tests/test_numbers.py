import math

import pytest

from ectui.numbers import (
    NumberError,
    compact_number,
    convert_number,
    format_number,
    parse_quantity,
    parse_value,
    split_unit,
)

# (input, canonical unit, expected value, expected qualifier)
GOOD = [
    ("1800亿", "亿元", 1800, ""),
    ("1,800亿元", "亿元", 1800, ""),
    ("１８００亿元", "亿元", 1800, ""),
    ("2.21亿", "万人", 22100, ""),
    ("２．２１亿", "万人", 22100, ""),
    ("18万亿", "亿元", 180000, ""),
    ("18万亿元", "万亿元", 18, ""),
    ("7万家", "家", 70000, ""),
    ("5万人", "人", 50000, ""),
    ("5万人", "万人", 5, ""),
    ("90%", "%", 90, ""),
    ("90％", "%", 90, ""),
    ("48.6%", "%", 48.6, ""),
    ("482.53", "亿元", 482.53, ""),
    ("3万", "个", 30000, ""),
    ("932955万元", "万元", 932955, ""),
    ("932955万元", "亿元", 93.2955, ""),
    ("超过7万家", "家", 70000, "超过"),
    ("超500万人", "万人", 500, "超过"),
    ("近1200万个", "万个", 1200, "近"),
    ("约8.5%", "%", 8.5, "约"),
    ("20000余家", "家", 20000, "余"),
    ("1800余万户", "万户", 1800, "余"),
    ("120多吨", "吨", 120, "余"),
    ("10个左右", "个", 10, "约"),
    ("90%以上", "%", 90, "以上"),
    ("  1 800 亿元 ", "亿元", 1800, ""),
    ("6. 88 亿", "亿元", 6.88, ""),
    ("-5", "%", -5, ""),
    ("1千万", "人", 1e7, ""),
    ("3百万", "人", 3e6, ""),
    ("2千", "个", 2000, ""),
]


@pytest.mark.parametrize("text,unit,value,qualifier", GOOD)
def test_parse_value_reads_chinese_numbers(text, unit, value, qualifier):
    got = parse_value(text, unit)
    assert math.isclose(got.value, value, rel_tol=1e-12)
    assert got.qualifier == qualifier
    assert got.unit == unit


BAD = ["", "   ", "abc", "1e300", "99999999999999999999", "nan", "NaN", "inf", "-inf", "1e400", "1800亿美元", "1800亿元元", "一千",
       "1.2.3", "12abc", "%", "亿"]


@pytest.mark.parametrize("text", BAD)
def test_garbage_is_rejected_with_the_input_named(text):
    with pytest.raises(NumberError) as err:
        parse_value(text, "亿元")
    msg = str(err.value)
    assert "empty" in msg or repr(text) in msg or text.strip() in msg


def test_unit_mismatch_names_both_units():
    with pytest.raises(NumberError) as err:
        parse_value("5万人", "亿元")
    assert "人" in str(err.value) and "亿元" in str(err.value)


def test_percent_for_money_is_a_mismatch():
    with pytest.raises(NumberError):
        parse_value("90%", "亿元")


def test_split_and_convert_units():
    assert split_unit("万亿元") == (1e12, "元")
    assert split_unit("名") == (1.0, "人")
    assert convert_number(18, "万亿元", "亿元") == 180000
    with pytest.raises(NumberError):
        convert_number(1, "万人", "亿元")
    with pytest.raises(NumberError):
        split_unit("furlongs")


def test_booleans():
    assert parse_value("是", "是/否").value == 1.0
    assert parse_value("no", "是/否").value == 0.0
    with pytest.raises(NumberError):
        parse_value("maybe", "是/否")


def test_quantity_keeps_magnitude_flag():
    q = parse_quantity("3万")
    assert q.value == 30000 and q.unit is None and q.magnitude_written


def test_formatting():
    assert format_number(1800.0, "亿元") == "1,800亿元"
    assert format_number(48.6, "%") == "48.6%"
    assert format_number(None, "%") == "–"
    assert compact_number(60000, "亿元") == "6万亿元"
    assert compact_number(22100, "万人") == "2.21亿人"
    assert compact_number(482.53, "亿元") == "482.53亿元"


def test_bare_numbers_beyond_the_plausible_are_refused_too():
    """The fast path for bare ASCII numbers (large imports) keeps the plausibility check."""
    from ectui.numbers import MAX_ABS_VALUE, parse_value
    assert parse_value("1000000000000000", "亿元").value == MAX_ABS_VALUE
    assert parse_value("-1000000000000000", "亿元").value == -MAX_ABS_VALUE
    for text in ("10000000000000000", "-10000000000000000", "1000000000000000.5"):
        with pytest.raises(NumberError, match="implausibly large"):
            parse_value(text, "亿元")


@pytest.mark.parametrize("text,unit,value", [
    ("13 trillion yuan", "亿元", 130000.0), ("RMB13 trillion", "亿元", 130000.0), ("CNY 1.2 billion", "亿元", 12.0),
    ("1.2 Billion Yuan", "亿元", 12.0), ("5 million people", "万人", 500.0), ("2.5萬億元", "亿元", 25000.0),
    ("7億元", "亿元", 7.0), ("300萬人", "万人", 300.0), ("3兆8773億元", "亿元", 38773.0),
    ("5392億7000万元", "亿元", 5392.7), ("超過5萬家", "家", 50000.0), ("¥5亿", "亿元", 5.0),
])
def test_units_as_sources_print_them(text, unit, value):
    """English magnitudes, traditional script and Japanese compounds convert exactly (issue 22)."""
    assert parse_value(text, unit).value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text,currency", [("$5.1 trillion", "US dollars"), ("5.1 trillion USD", "US dollars"),
                                           ("5亿美元", "US dollars"), ("€3 billion", "euros")])
def test_another_currency_is_refused_by_name(text, currency):
    with pytest.raises(NumberError, match=currency):
        parse_value(text, "亿元")


@pytest.mark.parametrize("text", ["10亿5", "3亿5亿", "RMB5人"])
def test_compounds_must_go_down_in_magnitude(text):
    with pytest.raises(NumberError):
        parse_value(text, "亿元")


@pytest.mark.parametrize("value, unit, zh, en", [
    (60000, "亿元", "6万亿元", "6 trn yuan"), (482.53, "亿元", "482.53亿元", "48.25 bn yuan"),
    (6015, "万人", "6,015万人", "60.15 m people"), (40, "家", "40家", "40 firms"),
    (30000, "人", "3万人", "30,000 people"), (82, "%", "82%", "82%"), (12, "期", "12期", "12期"),
    (-25000, "亿元", "-2.5万亿元", "-2.5 trn yuan")])
def test_compact_numbers_in_each_language(value, unit, zh, en):
    from ectui.numbers import compact_number
    assert compact_number(value, unit) == zh and compact_number(value, unit, lang="en") == en
