"""Turn what a user typed (CLI, CSV row, dashboard form) into a revision, or a clear error.

One place for the checks so that `ectui set`, `ectui import` and the dashboard's record form
accept and reject exactly the same input with the same messages.
"""

from __future__ import annotations

from ectui.errors import InputError, NotFound
from ectui.model import YEAR_MAX, YEAR_MIN, Catalog, Indicator, NewRevision, Region
from ectui.numbers import (
    BOOL_UNIT,
    PREFIX_QUALIFIERS,
    QUALIFIER_WORDS_EN,
    SUFFIX_QUALIFIERS,
    NumberError,
    parse_quantity,
    parse_value,
)
from ectui.periods import parse_period, split_year
from ectui.targets.lookup import find_indicator, find_region

DEFAULT_SOURCE = "手工录入（ectui）"


# Each year within range as four ASCII digits -> the year: the common way a year is written,
# read by one lookup (a large import's year column). Anything else goes through parse_year.
PLAIN_YEARS = {f"{year:04d}": year for year in range(YEAR_MIN, YEAR_MAX + 1)}


def parse_year(text: object) -> int:
    year = PLAIN_YEARS.get(text) if type(text) is str else None
    if year is not None:
        return year
    s = str(text).strip()
    try:
        year = int(s)
    except ValueError:
        raise InputError(f"year {s!r} is not a whole number: write e.g. 2015") from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InputError(f"year {year} is outside {YEAR_MIN}–{YEAR_MAX}: write a four-digit year")
    return year


def prepare(catalog: Catalog, region: str, indicator: str, year: object, value: str,
            unit: str = "", source: str = "", note: str = "", period: str = "") -> NewRevision:
    """Validate one figure; raise InputError with a message fit for the user."""
    reg, ind = resolve(catalog, region, indicator)
    return with_period(prepare_resolved(reg, ind, year, value, unit, source, note), period)


def resolve(catalog: Catalog, region: str, indicator: str) -> tuple[Region, Indicator]:
    """The region and indicator a figure is for, by id or name; InputError if unknown."""
    return resolve_region(catalog, region), resolve_indicator(catalog, indicator)


def resolve_region(catalog: Catalog, text: str) -> Region:
    try:
        return find_region(catalog, text)
    except NotFound as exc:
        raise InputError(str(exc)) from None


def resolve_indicator(catalog: Catalog, text: str) -> Indicator:
    try:
        return find_indicator(catalog, text)
    except NotFound as exc:
        raise InputError(str(exc)) from None


def prepare_resolved(reg: Region, ind: Indicator, year: object, value: str,
                     unit: str = "", source: str = "", note: str = "") -> NewRevision:
    """`prepare` once the names are resolved (an import resolves each distinct pair once). A
    year that names a part of the year too ("2015年1-9月") gives the revision that period."""
    year_text, period = split_year(year) if isinstance(year, str) and year not in PLAIN_YEARS else (year, "")
    y = parse_year(year_text)
    text = str(value).strip()
    # A unit column applies to a bare number (e.g. value 1800, unit 亿元); a bare number in
    # the indicator's own unit needs nothing appended.
    if unit.strip() and unit != ind.unit:
        try:
            q = parse_quantity(text)
            if q.unit is None and not q.magnitude_written:
                text = text + unit.strip()
        except NumberError:
            pass  # parse_value below reports it with the full text
    try:
        conv = parse_value(text, ind.unit)
    except NumberError as exc:
        raise InputError(f"{ind.id} ({ind.name_zh}): {exc}") from None
    return NewRevision(reg.id, ind.id, y, conv.value, conv.entered_unit or ind.unit, conv.qualifier,
                       str(value), clean_source(source), note.strip(), period=parse_period(period) if period else "")


def with_period(revision: NewRevision, text: str) -> NewRevision:
    """The revision for the part of its year ``text`` names (1-9月, 上半年, Q1; "" leaves it as
    it is); InputError if the year cell named another."""
    if not text.strip():
        return revision
    period = parse_period(text)
    if revision.period and revision.period != period:
        raise InputError(f"the year names the period {revision.period} but the period column {text!r}: "
                         "give the period once")
    return revision._replace(period=period)


QUALIFIERS = {**PREFIX_QUALIFIERS, **SUFFIX_QUALIFIERS}


def with_qualifier(revision: NewRevision, text: str) -> NewRevision:
    """The revision with a qualifier given in a column of its own (超过, 约, 余…; an export's
    qualifier column); InputError if the value says another."""
    word = text.strip()
    if not word:
        return revision
    qualifier = QUALIFIERS.get(word)  # every canonical word (超过, 以上, 约…) is one of its own spellings
    if not qualifier:
        raise InputError(f"qualifier {word!r} is not one of {', '.join(QUALIFIER_WORDS_EN)}")
    if revision.qualifier and revision.qualifier != qualifier:
        raise InputError(f"the value says {revision.qualifier} but the qualifier column {word!r}: give it once")
    return revision._replace(qualifier=qualifier)


def takes_plain(ind: Indicator, unit: str) -> bool:
    """Whether rows for ``ind`` with this unit column can be the common row of a large file: a
    bare number in the indicator's own unit, which an importer reads without prepare_resolved's
    general parsing (and gets the same revision). 是/否 values are words, never bare numbers."""
    return (not unit or unit == ind.unit) and ind.unit != BOOL_UNIT


def clean_source(source: str) -> str:
    """The source a revision stores: as written without surrounding spaces, or ectui's own."""
    return source.strip() or DEFAULT_SOURCE


def check_editor(catalog: Catalog, region_id: str, user: str) -> None:
    """Refuse a user not in the region's optional `editors` list (a guard against mistakes)."""
    editors = catalog.regions[region_id].editors
    if editors is not None and user not in editors:
        raise InputError(f"user {user!r} is not an editor of region {region_id!r} "
                         f"(editors: {', '.join(editors) or 'none'}); ask a maintainer to add you "
                         "to `editors` in targets.toml")


def check_figure(catalog: Catalog, region: str, indicator: str, year: object, value: str, user: str,
                 source: str = "", note: str = "", publisher: str = "", published: str = "",
                 official: bool = True, url: str = "", period: str = "") -> NewRevision:
    """One figure as a person typed it (`ectui set`, the dashboard's form), checked by every rule
    and ready to record: InputError says what is wrong, including a user who may not write the
    region."""
    revision = prepare(catalog, region, indicator, year, value, source=source, note=note, period=period)
    check_editor(catalog, revision.region, user)
    return with_provenance(revision, publisher, published, official, url)


def parse_published(text: str) -> str:
    """A publication date as a figure keeps it: ``2016``, ``2016-05`` or ``2016-05-18`` (also
    ``2016/5/18`` and ``2016年5月18日``), checked; "" for none."""
    import re
    s = text.strip()
    if not s:
        return ""
    m = re.fullmatch(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?", s)
    if m:
        year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
        try:
            from datetime import date
            date(year, month or 1, day or 1)
            if YEAR_MIN <= year <= YEAR_MAX:
                return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
        except ValueError:
            pass
    raise InputError(f"publication date {text!r} is not a date: write 2016, 2016-05 or 2016-05-18")


def with_provenance(revision: NewRevision, publisher: str = "", published: str = "", official: bool = True,
                    url: str = "") -> NewRevision:
    """The revision with who published it, when, whether officially, and where (checked)."""
    return revision._replace(publisher=publisher.strip(), published=parse_published(published),
                             official=official, url=url.strip())
