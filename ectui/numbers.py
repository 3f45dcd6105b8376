"""Numbers as Chinese documents and users write them (docs/numbers.md).

One pure module: no I/O. ``parse_quantity`` reads text such as ``"1,800亿元"``,
``"１８００亿元"``, ``"20000余家"`` or ``"90％"``; ``to_unit`` converts the result to an
indicator's canonical unit, and ``parse_value`` does both.

>>> parse_value("1,800亿元", "亿元").value
1800.0
>>> parse_value("18万亿", "亿元").value
180000.0
>>> parse_value("20000余家", "家").qualifier
'余'
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple


class NumberError(ValueError):
    """A value that cannot be read or converted; the message names the input."""


# Magnitude words, longest first so that 万亿 wins over 万 and 亿. Traditional script (萬, 億) is
# read as simplified (normalize); 兆 is 10^12 as in Japanese and Taiwanese statistics (3兆8773億元);
# English words as English-language releases print them (13 trillion yuan).
MAGNITUDES: dict[str, float] = {
    "trillion": 1e12,
    "billion": 1e9,
    "million": 1e6,
    "thousand": 1e3,
    "万亿": 1e12,
    "兆": 1e12,
    "千万": 1e7,
    "百万": 1e6,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

# Base units: each is its own dimension. Synonyms map to one spelling.
BASE_UNITS: dict[str, str] = {
    "元": "元",
    "人民币": "元",
    "%": "%",
    "家": "家",
    "个": "个",
    "人": "人",
    "名": "人",
    "户": "户",
    "次": "次",
    "期": "期",
    "吨": "吨",
    "种": "种",
    "g": "G",
    "gbps": "G",
    "G": "G",
    "Gbps": "G",
    "双": "双",
    "页": "页",
    "台": "台",
    "yuan": "元",
    "rmb": "元",
    "cny": "元",
    "people": "人",
    "persons": "人",
}
# Currencies a 元 figure must not be written in: refused by name, never converted.
FOREIGN_CURRENCIES: dict[str, str] = {"$": "US dollars", "us$": "US dollars", "usd": "US dollars",
                                      "€": "euros", "eur": "euros", "£": "pounds", "gbp": "pounds",
                                      "hk$": "Hong Kong dollars", "hkd": "Hong Kong dollars", "美元": "US dollars",
                                      "欧元": "euros", "港元": "Hong Kong dollars", "日元": "yen", "jpy": "yen"}
_YUAN_PREFIXES = ("rmb", "cny", "¥", "￥")
# Traditional characters of numbers, magnitudes and qualifiers, read as simplified.
_TRADITIONAL = str.maketrans({"萬": "万", "億": "亿", "餘": "余", "約": "约", "達": "达", "過": "过", "於": "于"})

# Qualifiers of a reported figure or a typed value. The canonical word is kept as data.
PREFIX_QUALIFIERS: dict[str, str] = {
    "超过": "超过",
    "高于": "超过",
    "突破": "超过",
    "逾": "超过",
    "超": "超过",
    "大于": "超过",
    "不低于": "以上",
    "至少": "以上",
    "不少于": "以上",
    "不超过": "以下",
    "不足": "不足",
    "不到": "不足",
    "不满": "不足",
    "低于": "不足",
    "将近": "近",
    "接近": "近",
    "近": "近",
    "约": "约",
    "大约": "约",
    "达到": "",
    "达": "",
    "为": "",
    ">=": "以上",
    "≥": "以上",
    "<=": "以下",
    "≤": "以下",
    ">": "超过",
    "<": "不足",
    "~": "约",
}
INFIX_QUALIFIERS: dict[str, str] = {"余": "余", "多": "余"}
SUFFIX_QUALIFIERS: dict[str, str] = {
    "以上": "以上",
    "以下": "以下",
    "以内": "以下",
    "左右": "约",
    "上下": "约",
    "多": "余",
    "余": "余",
}

QUALIFIER_WORDS_EN = {
    "超过": "over",
    "以上": "at least",
    "以下": "at most",
    "不足": "under",
    "近": "nearly",
    "约": "about",
    "余": "over",
}

_NUMBER = re.compile(r"[+-]?(?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+")
_TRUE_WORDS = {"是", "true", "yes", "y", "1", "已建成", "建成", "已创建", "创建", "达成"}
_FALSE_WORDS = {"否", "false", "no", "n", "0", "未建成", "未创建", "未达成"}


class Quantity(NamedTuple):
    """A number as read: value in ``unit`` (magnitude applied), and its qualifier."""

    value: float
    unit: str | None  # base unit ("元", "%", "人"...) or None when none was written
    qualifier: str = ""  # 超过/近/约/余/以上/以下/不足 or ""
    magnitude_written: bool = False


class Converted(NamedTuple):
    """A value in an indicator's canonical unit, plus what the user wrote (a tuple: an import
    converts a million values, and a frozen dataclass's __init__ was a third of the cost)."""

    value: float
    unit: str  # the canonical unit it is expressed in
    entered_unit: str  # the unit as written, or "" when none was written
    qualifier: str = ""


def normalize(text: str) -> str:
    """Full-width digits and punctuation to ASCII, traditional script to simplified (萬 -> 万),
    and no spaces inside the text."""
    text = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    text = text.replace("，", ",").replace("。", ".").replace("．", ".")
    return re.sub(r"\s+", "", text)


# English words are matched in any case (Trillion, RMB); only ASCII letters, so lengths stay equal
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=256)  # a workspace has a handful of units; every figure shown asks
def split_unit(unit: str) -> tuple[float, str]:
    """Split a unit such as ``亿元`` into (factor, base unit) -> ``(1e8, "元")``.

    >>> split_unit("万人")
    (10000.0, '人')
    """
    u = normalize(unit)
    factor = 1.0
    while True:
        for word, mult in MAGNITUDES.items():
            if u.startswith(word) and u != word:
                factor *= mult
                u = u[len(word):]
                break
        else:
            break
    if u not in BASE_UNITS:
        raise NumberError(f"unknown unit {unit!r}: use one of {', '.join(known_units())}")
    return factor, BASE_UNITS[u]


def known_units() -> list[str]:
    return ["元", "万元", "亿元", "万亿元", "%", "家", "个", "人", "万人", "户", "万户",
            "次", "万次", "期", "吨", "种", "G"]


def _take_prefix(s: str, table: dict[str, str]) -> tuple[str, str]:
    for word in sorted(table, key=len, reverse=True):
        if s.startswith(word):
            return table[word], s[len(word):]
    return "", s


def _take_suffix(s: str, table: dict[str, str]) -> tuple[str, str]:
    for word in sorted(table, key=len, reverse=True):
        if s.endswith(word) and len(s) > len(word):
            return table[word], s[: -len(word)]
    return "", s


def parse_quantity(text: str) -> Quantity:
    """Read one number with optional qualifier, magnitude and unit.

    Raises NumberError naming the input for empty, garbage, NaN or infinite values.
    """
    if text is None:
        raise NumberError("empty value: give a number such as 1800亿元 or 90%")
    raw = str(text)
    s = normalize(raw)
    if not s:
        raise NumberError("empty value: give a number such as 1800亿元 or 90%")
    qualifier, s = _take_prefix(s, PREFIX_QUALIFIERS)
    suffix_q, s = _take_suffix(s, SUFFIX_QUALIFIERS)
    if s.translate(_ASCII_LOWER) != s and not s.endswith(("G", "Gbps")):
        s = s.translate(_ASCII_LOWER)
    _refuse_foreign_currency(s, raw, prefix=True)
    yuan = next((p for p in _YUAN_PREFIXES if s.startswith(p)), "")  # RMB13 trillion, ¥5亿
    s = s[len(yuan):]
    m = _NUMBER.match(s)
    if not m:
        raise NumberError(f"not a number: {raw!r} (expected e.g. 1800亿元, 1,800, 90%, 7万家)")
    value, rest = 0.0, s
    infix_q = ""
    magnitude_written = False
    above = math.inf  # a compound (3兆8773億, 5392亿7000万) goes down in magnitude, part by part
    while m:
        number = float(m.group(0).replace(",", ""))
        if not math.isfinite(number):
            raise NumberError(f"not a finite number: {raw!r}")
        rest = rest[m.end():]
        if not infix_q:
            infix_q, rest = _take_prefix(rest, INFIX_QUALIFIERS)
        factor = 1.0
        while rest:
            word = next((w for w in MAGNITUDES if rest.startswith(w)), None)
            if word is None:
                break
            factor *= MAGNITUDES[word]
            rest = rest[len(word):]
            magnitude_written = True
        if factor >= above or (above < math.inf and factor == 1):  # 10亿5, 3亿5亿: not parts going down
            raise NumberError(f"cannot read {raw!r}: each number after a magnitude needs a smaller magnitude of "
                              "its own (5392亿7000万元, 3兆8773亿元)")
        value += number * factor
        above = factor
        m = _NUMBER.match(rest) if factor > 1 and rest[:1].isdigit() else None
    if not infix_q:
        infix_q, rest = _take_prefix(rest, INFIX_QUALIFIERS)
    _refuse_foreign_currency(rest, raw, prefix=False)
    unit: str | None = "元" if yuan and not rest else None
    if rest:
        if rest not in BASE_UNITS:
            raise NumberError(
                f"cannot read {raw!r}: unknown unit or extra text {rest!r} "
                f"(known units: {', '.join(known_units())})"
            )
        unit = BASE_UNITS[rest]
        if yuan and unit != "元":
            raise NumberError(f"cannot read {raw!r}: {yuan.upper()} is a currency, but {rest!r} is not money")
    if not math.isfinite(value):
        raise NumberError(f"number too large: {raw!r}")
    return Quantity(value, unit, qualifier or infix_q or suffix_q, magnitude_written)


def _refuse_foreign_currency(s: str, raw: str, prefix: bool) -> None:
    """A figure in dollars or euros is never converted: its exchange rate is not ectui's to pick."""
    for word, name in FOREIGN_CURRENCIES.items():
        if (s.startswith(word) if prefix else s == word or s.endswith(word)):
            raise NumberError(f"{raw!r} is in {name}: ectui keeps money in 元; convert it at the rate your "
                              "source gives, and write the value in 元 (e.g. 亿元)")


def to_unit(q: Quantity, canonical: str, entered: str = "") -> Converted:
    """Express ``q`` in the canonical unit (e.g. ``亿元``); reject mismatched dimensions.

    A quantity written without unit or magnitude is taken to be in the canonical unit
    already (``482.53`` for an ``亿元`` indicator means 482.53亿元).
    """
    factor, base = split_unit(canonical)
    if q.unit is None and not q.magnitude_written:
        return Converted(q.value, canonical, "", q.qualifier)
    unit = q.unit or base
    if unit != base:
        shown = entered or unit
        raise NumberError(
            f"unit mismatch: {shown!r} is in {unit}, but this indicator is measured in "
            f"{canonical}; write the value in {canonical}"
        )
    # to 15 significant digits, what a double holds exactly: 16.4万亿 is 164000亿, not 163999.99999999997
    value = float(f"{q.value / factor:.15g}")
    return Converted(value, canonical, _entered_unit(entered) or unit, q.qualifier)


def _entered_unit(entered: str) -> str:
    s = normalize(entered or "")
    m = _NUMBER.search(s)
    return s[m.end():] if m else ""


# No statistic in any unit here comes near 10^15 (1e15亿元 is 10^23 yuan): beyond it is a typo.
MAX_ABS_VALUE = 1e15


def _plausible(conv: Converted, text: object) -> Converted:
    if abs(conv.value) > MAX_ABS_VALUE:
        raise NumberError(f"implausibly large: {text!r} is {conv.value:.3g} {conv.unit}; check the magnitude")
    return conv


def bare_number(text: str) -> float | None:
    """The value of a bare number (decimal digits, an optional minus and point) within the
    plausible range (``"482.53"`` -> 482.53), else None: anything else goes through
    ``parse_value``, which also says what is wrong.
    The common case in large imports: the importer asks this first, once per row."""
    # -?\d+(?:\.\d+)? (\d: any decimal digit) by string methods: a third faster than a
    # regular expression, for a million rows
    whole, dot, fraction = text.partition(".")
    if (whole.isdecimal() or (whole[:1] == "-" and whole[1:].isdecimal())) and (not dot or fraction.isdecimal()):
        value = float(text)
        if -MAX_ABS_VALUE <= value <= MAX_ABS_VALUE:
            return value
    return None


def parse_value(text: str, canonical: str) -> Converted:
    """Parse ``text`` and convert it to ``canonical``; the one entry point for user input.

    For the boolean unit ``是/否`` accepts 是/否, yes/no, true/false, 1/0.
    """
    if canonical == BOOL_UNIT:
        return parse_bool(text)
    value = bare_number(text)
    if value is not None:  # in the canonical unit already, as written
        return Converted(value, canonical, "", "")
    return _plausible(to_unit(parse_quantity(text), canonical, str(text)), text)


BOOL_UNIT = "是/否"


def parse_bool(text: str) -> Converted:
    s = normalize(str(text if text is not None else "")).lower()
    if s in _TRUE_WORDS:
        return Converted(1.0, BOOL_UNIT, "")
    if s in _FALSE_WORDS:
        return Converted(0.0, BOOL_UNIT, "")
    raise NumberError(f"not a yes/no value: {text!r} (write 是 or 否, yes or no, 1 or 0)")


def convert_number(value: float, unit: str, canonical: str) -> float:
    """Convert a plain number in ``unit`` to ``canonical`` (both must share a base unit)."""
    if unit == canonical:
        return float(value)
    f_from, b_from = split_unit(unit)
    f_to, b_to = split_unit(canonical)
    if b_from != b_to:
        raise NumberError(f"unit {unit} does not convert to {canonical}")
    return float(value) * f_from / f_to


def format_number(value: float | None, unit: str = "", digits: int = 2) -> str:
    """Render a value compactly in its unit: ``1,800亿元``, ``48.6%``, ``30,000人``."""
    if value is None:
        return "–"
    if unit == BOOL_UNIT:
        return "是" if value >= 0.5 else "否"
    if abs(value - round(value)) < 1e-9:
        text = f"{round(value):,}"
    else:
        text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


_DISPLAY_MAGNITUDES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("", 1.0))


# Base units an English reader has a word for; the others (期, 种, G) stay as written.
ENGLISH_UNITS = {"元": "yuan", "人": "people", "家": "firms", "户": "households", "个": "", "次": "times",
                 "吨": "t"}
_ENGLISH_MAGNITUDES = (("trn", 1e12), ("bn", 1e9), ("m", 1e6), ("", 1.0))  # as an English statistical table writes them


def compact_number(value: float | None, unit: str, digits: int = 2, lang: str = "zh") -> str:
    """Like format_number, but large values move to a larger magnitude, as Chinese texts
    write them: ``compact_number(60000, "亿元")`` -> ``'6万亿元'``, 70000家 -> ``'7万家'``;
    in English, in English words where the unit has them: ``'6 trn yuan'``, ``'70,000 firms'``."""
    if value is None or unit in (BOOL_UNIT, "%", ""):
        return format_number(value, unit, digits)
    try:
        factor, base = split_unit(unit)
    except NumberError:
        return format_number(value, unit, digits)
    if lang == "en" and base in ENGLISH_UNITS:
        total = value * factor
        word, mag = next((w, m) for w, m in _ENGLISH_MAGNITUDES if abs(total) >= m or m == 1.0)
        return " ".join(part for part in (format_number(total / mag, "", digits), word, ENGLISH_UNITS[base]) if part)
    total = value * factor
    for word, mag in _DISPLAY_MAGNITUDES:
        if mag >= factor and (abs(total) >= mag or mag == factor):
            return format_number(total / mag, word + base, digits)
    return format_number(value, unit, digits)
