"""Figures that are probably mistakes, found before anything is written (docs/store.md,
"Checks before writing").

- Two rows of one file for the same figure (region, indicator, year, period) from the same source
  (source, publisher and publication date) that disagree: one of them is wrong. Always refused.
- A value more than JUMP times away from the series' previous figure (the same year's figure
  that counts, else the nearest earlier year's), or a share above 100 %: a unit or a decimal point
  slipped. Refused unless the user says it is right (``--force``).

The previous figure is taken from the stored figures with the file's own rows laid over them in
file order, so that a file that is a whole series is checked within itself.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ectui.errors import InputError
from ectui.model import Catalog, NewRevision, Series
from ectui.numbers import compact_number
from ectui.periods import period_label

JUMP = 100  # times away from the previous figure


class Doubt(NamedTuple):
    row: int  # the revision's index, in the order given
    message: str
    other: int | None = None  # the index of the row it disagrees with, within the same file
    forcible: bool = True  # whether --force records it anyway


def doubts(revisions: Sequence[NewRevision], stored: dict[tuple[str, str], Series], catalog: Catalog,
           row_name: Callable[[int], str] = lambda i: f"row {i + 1}") -> list[Doubt]:
    """What is doubtful about ``revisions`` (to be written in this order) given the ``stored``
    annual figures; [] for a usual file. ``row_name`` names a row in a message ("line 12")."""
    found: list[Doubt] = []
    shares = {i.id for i in catalog.indicators.values() if i.kind == "percent"}
    low = 1 / JUMP
    # (region, indicator, period) -> sorted years, their values, and the row that gave each (-1: stored)
    series: dict[tuple[str, str, str], tuple[list[int], list[float], list[int]]] = {}
    for i, r in enumerate(revisions):
        value = r.value
        if value is None:
            continue
        year = r.year
        if value > 100 and r.indicator in shares:
            found.append(_share(i, r, catalog))
        key = (r.region, r.indicator, r.period)
        held = series.get(key)
        if held is None:
            figures = stored.get(key[:2]) if not key[2] else None
            held = series[key] = (list(figures.years), list(figures.values), [-1] * len(figures)) if figures else ([], [], [])
        years, values, rows = held
        if years and years[-1] < year:  # the common case, a series in year order: the last is the previous
            previous = values[-1]
            if previous and value and not low <= value / previous <= JUMP:
                found.append(_jump(i, r, len(years) - 1, held, catalog, row_name))
            years.append(year)
            values.append(value)
            rows.append(i)
            continue
        at = bisect_right(years, year) - 1
        if at >= 0:
            previous, origin = values[at], rows[at]
            if years[at] == year and origin >= 0 and _same_source(revisions[origin], r) \
                    and (revisions[origin].value, revisions[origin].qualifier) != (value, r.qualifier):
                found.append(_disagree(i, r, revisions[origin], origin, catalog, row_name))
            elif previous and value and not low <= value / previous <= JUMP:
                found.append(_jump(i, r, at, held, catalog, row_name))
        if at >= 0 and years[at] == year:
            values[at], rows[at] = value, i
        else:
            years.insert(at + 1, year)
            values.insert(at + 1, value)
            rows.insert(at + 1, i)
    return found


def _share(i: int, r: NewRevision, catalog: Catalog) -> Doubt:
    unit = catalog.indicators[r.indicator].unit
    return Doubt(i, f"{_what(r)} {compact_number(r.value, unit)} is a share above 100%; "
                    "check the value (a ratio of 1.2 is 120%)")


def _disagree(i: int, r: NewRevision, other: NewRevision, origin: int, catalog: Catalog,
              row_name: Callable[[int], str]) -> Doubt:
    unit = catalog.indicators[r.indicator].unit
    return Doubt(i, f"{_what(r)}: {compact_number(r.value, unit)} here, but "
                    f"{compact_number(other.value, unit)} from the same source on {row_name(origin)}; "
                    "keep the right one", origin, forcible=False)


def _jump(i: int, r: NewRevision, at: int, held: tuple[list[int], list[float], list[int]], catalog: Catalog,
          row_name: Callable[[int], str]) -> Doubt:
    """A value JUMP times away from the previous figure, the one at ``at`` in the series ``held``."""
    unit = catalog.indicators[r.indicator].unit
    value, (years, values, rows) = r.value, held
    previous, origin = values[at], rows[at]
    assert value is not None
    times = max(value / previous, previous / value)
    then = f"{years[at]}" + ("" if origin < 0 else f", {row_name(origin)}")
    return Doubt(i, f"{_what(r)} {compact_number(value, unit)} is {times:,.0f}× "
                    f"{'above' if value > previous else 'below'} the previous figure {compact_number(previous, unit)} "
                    f"({then}); check the unit and the decimal point", None if origin < 0 else origin)


def _same_source(a: NewRevision, b: NewRevision) -> bool:
    return (a.source, a.publisher, a.published, a.official) == (b.source, b.publisher, b.published, b.official)


def _what(r: NewRevision) -> str:
    part = period_label(r.period, "zh")
    return f"{r.region} {r.indicator} {r.year}{'年' + part if part else ''}"


def refuse_doubtful(revision: NewRevision, stored: dict[tuple[str, str], Series], catalog: Catalog,
                    advice: str = "if it is right, run again with --force") -> None:
    """InputError if one typed figure is doubtful (`ectui set`, the dashboard's form)."""
    found = doubts([revision], stored, catalog)
    if found:
        raise InputError(f"{found[0].message}; {advice}")
