"""The part of a year a figure covers, as statistics publish it (docs/store.md, "Periods").

A period is stored as a short canonical string: "" for the whole year, ``M09`` for one month,
``M01-M09`` for a span of months (a quarter, a half, a year-to-date total). Every way offices
write one reads to that form, so that 一季度, Q1 and 1-3月 are one period:

>>> [parse_period(p) for p in ("1-9月", "上半年", "Q1", "M01-M09", "9月", "全年", "1-12月")]
['M01-M09', 'M01-M06', 'M01-M03', 'M01-M09', 'M09', '', '']
>>> period_label("M01-M09", "zh"), period_label("M01-M06", "zh"), period_label("M01-M09", "en")
('1-9月', '上半年', 'Jan–Sep')

Annual targets are judged on annual figures only. A year-to-date figure (a span from January)
is shown beside a row as provisional, never as the year's figure (ectui.method.rows).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ectui.errors import InputError

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Named spans: (first month, last month) -> (Chinese, English). Other spans read "4-9月", "Apr–Sep".
_NAMED = {(1, 3): ("一季度", "Q1"), (4, 6): ("二季度", "Q2"), (7, 9): ("三季度", "Q3"), (10, 12): ("四季度", "Q4"),
          (1, 6): ("上半年", "H1"), (7, 12): ("下半年", "H2")}
_WHOLE_YEAR = {"", "全年", "年度", "全年累计", "年", "year", "fy", "annual", "m01-m12", "1-12月", "1—12月", "1至12月"}
_DASH = r"\s*(?:-|‐|–|—|－|~|～|至|到|to)\s*"
_MONTH_EN = {name.lower(): i for i, name in enumerate(MONTHS_EN, start=1)}
# An English month, in full or abbreviated (Sept., Sep): the first three letters say which
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_FORMS = [  # (pattern, months from the match)
    (re.compile(rf"m?(\d{{1,2}}){_DASH}m?(\d{{1,2}})月?(?:份)?(?:累计)?"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"m?(\d{1,2})月?(?:份)?"), lambda m: (int(m[1]), int(m[1]))),
    (re.compile(r"q([1-4])"), lambda m: (3 * int(m[1]) - 2, 3 * int(m[1]))),
    (re.compile(rf"q([1-4]){_DASH}q([1-4])"), lambda m: (3 * int(m[1]) - 2, 3 * int(m[2]))),
    (re.compile(r"h([12])"), lambda m: (6 * int(m[1]) - 5, 6 * int(m[1]))),
    (re.compile(r"(?:第)?([一二三四1-4])季度"), lambda m: (3 * _CHINESE_DIGITS[m[1]] - 2, 3 * _CHINESE_DIGITS[m[1]])),
    (re.compile(r"前([一二两三1-3])(?:个)?季度"), lambda m: (1, 3 * _CHINESE_DIGITS[m[1]])),
    (re.compile(r"前(\d{1,2})个?月"), lambda m: (1, int(m[1]))),
    (re.compile(r"first(\d{1,2})months"), lambda m: (1, int(m[1]))),
    (re.compile(r"first(?:half|6months)(?:oftheyear)?"), lambda m: (1, 6)),
    (re.compile(r"first(?:three|3)quarters"), lambda m: (1, 9)),
    (re.compile(r"firstquarter"), lambda m: (1, 3)),
    (re.compile(r"上半[年期]"), lambda m: (1, 6)),  # 上半期: as Japanese sources print it
    (re.compile(r"下半[年期]"), lambda m: (7, 12)),
    (re.compile(rf"{_MONTH}(?:{_DASH}{_MONTH})?"), lambda m: (_MONTH_EN[m[1][:3]], _MONTH_EN[(m[2] or m[1])[:3]])),
]
_STORED = re.compile(r"M(0[1-9]|1[0-2])(?:-M(0[1-9]|1[0-2]))?")
_YEAR_AND_PERIOD = re.compile(r"(\d{4})(?:\s*(?:年度|年)\s*|\s+|(?=\D)|$)(.*)")


def parse_period(text: str) -> str:
    """A period as stored ("" for the whole year), from any form offices write; InputError if it
    is none of them."""
    s = text.strip().lower().replace(" ", "")
    if s in _WHOLE_YEAR:
        return ""
    for pattern, months in _FORMS:
        m = pattern.fullmatch(s)
        span = months(m) if m else None
        if span:
            first, last = span
            if 1 <= first <= last <= 12:
                return stored_period(first, last)
            break
    raise InputError(f"period {text!r} is not a part of a year: write e.g. 1-9月, 上半年, 一季度, 9月, "
                     "M01-M09, H1 or Q1 (leave it empty for the whole year)")


def stored_period(first: int, last: int) -> str:
    if (first, last) == (1, 12):
        return ""
    return f"M{first:02d}" if first == last else f"M{first:02d}-M{last:02d}"


def months(period: str) -> tuple[int, int]:
    """(first month, last month) of a stored period; (1, 12) for the whole year."""
    if not period:
        return 1, 12
    m = _STORED.fullmatch(period)
    if m is None:
        raise ValueError(f"not a stored period: {period!r}")
    return int(m[1]), int(m[2] or m[1])


def is_stored_period(text: str) -> bool:
    return text == "" or _STORED.fullmatch(text) is not None


def is_year_to_date(period: str) -> bool:
    """A cumulative figure from January to some month before December (1-9月, 上半年, 一季度)."""
    return bool(period) and months(period)[0] == 1


def period_label(period: str, lang: str = "zh") -> str:
    """How a stored period reads: 1-9月, 上半年, 9月 / Jan–Sep, H1, Sep; "" for the whole year."""
    if not period:
        return ""
    first, last = months(period)
    named = _NAMED.get((first, last))
    if named:
        return named[0] if lang == "zh" else named[1]
    if first == last:
        return f"{first}月" if lang == "zh" else MONTHS_EN[first - 1]
    return f"{first}-{last}月" if lang == "zh" else f"{MONTHS_EN[first - 1]}–{MONTHS_EN[last - 1]}"


def split_year(text: str) -> tuple[str, str]:
    """A year cell that also names a period ("2015年1-9月", "2015 H1") -> ("2015", "1-9月");
    "2015年" and "2015年度" -> ("2015", ""); any other text comes back whole, with no period."""
    m = _YEAR_AND_PERIOD.fullmatch(text.strip())
    if m:
        return m[1], m[2]
    return text, ""


class PartFigure(NamedTuple):
    """A figure for part of a year, the one that counts for its year and period."""

    year: int
    period: str
    value: float
    qualifier: str = ""


def latest_year_to_date(parts: list[PartFigure], after: int | None, upto: int | None) -> PartFigure | None:
    """The latest year-to-date figure of a year after ``after`` (the evaluated annual figure's year:
    once a year's own figure exists its part-year figures are history) and not after ``upto``."""
    best: PartFigure | None = None
    for part in parts:
        if not is_year_to_date(part.period) or (after is not None and part.year <= after) \
                or (upto is not None and part.year > upto):
            continue
        if best is None or (part.year, months(part.period)[1]) > (best.year, months(best.period)[1]):
            best = part
    return best
