"""Export every revision to CSV, and read such an export back (all or nothing).

The export keeps what a revision is: ``value`` in the indicator's unit and ``unit`` that unit
(so that any of its columns import as figures without rescaling; empty for a retraction), the
value and unit as entered (``entered``, ``entered_unit``), qualifier, source, note, author, time
and provenance. Importing it into an empty workspace gives the same revisions.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Protocol

from ectui.model import PUBLISHED_DATE, Catalog, NewRevision, Revision
from ectui.periods import is_stored_period
from ectui.text import formula_safe, literal, unformula


class RowReader(Protocol):
    """What csv.reader() returns (the csv module does not name its type)."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


EXPORT_COLUMNS = ("region", "indicator", "year", "value", "unit", "source", "note", "qualifier", "entered",
                  "author", "recorded_at", "publisher", "published", "official", "url", "period", "entered_unit")
# Exports written before provenance (schema v5) lack these; they read as the defaults. An export
# without entered_unit wrote the unit as entered in `unit`.
PROVENANCE_COLUMNS = ("publisher", "published", "official", "url", "period", "entered_unit")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


def is_revision_export(columns: list[str]) -> bool:
    return "author" in columns and "recorded_at" in columns


def export_csv(revisions: list[Revision], catalog: Catalog, for_terminal: bool = False) -> str:
    """Every revision as CSV, ``value`` with the unit it is in (the indicator's, from ``catalog``;
    a revision of an indicator targets.toml no longer defines keeps its unit as entered). Text
    cells that a spreadsheet would run as a formula (= + - @) are escaped with a leading ' (read_export
    undoes it); ``for_terminal`` also shows control characters as escapes, for a terminal (a file
    keeps them, so that it reads back exactly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    shown = literal if for_terminal else str
    indicators = catalog.indicators
    for r in revisions:
        unit = indicators[r.indicator].unit if r.indicator in indicators else r.unit
        cells = [r.region, r.indicator, r.year, "" if r.value is None else r.value, unit, r.source,
                 r.note, r.qualifier, r.entered, r.author, r.recorded_at, r.publisher, r.published,
                 "yes" if r.official else "no", r.url, r.period, r.unit]
        writer.writerow([formula_safe(shown(c)) if isinstance(c, str) else c for c in cells])
    return out.getvalue()


def read_export(rows: RowReader, columns: list[str],
                catalog: Catalog) -> tuple[list[tuple[NewRevision, str, str]], list[tuple[int, str]]]:
    """(revisions with author and time, errors as (line, reason))."""
    index = {c: i for i, c in enumerate(columns)}
    missing = [c for c in EXPORT_COLUMNS if c not in index and c not in PROVENANCE_COLUMNS]
    out: list[tuple[NewRevision, str, str]] = []
    errors: list[tuple[int, str]] = []
    if missing:
        return out, [(1, f"a revisions export needs the columns {', '.join(missing)}")]
    for row in rows:
        line = rows.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(columns):
            errors.append((line, f"{len(row)} fields, expected {len(columns)}"))
            continue
        cell = {c: unformula(row[i]) for c, i in index.items()}
        for c in PROVENANCE_COLUMNS:
            cell.setdefault(c, "")
        try:
            if cell["region"] not in catalog.regions:
                raise ValueError(f"unknown region {cell['region']!r}")
            if cell["indicator"] not in catalog.indicators:
                raise ValueError(f"unknown indicator {cell['indicator']!r}")
            year = int(cell["year"])
            value = None if cell["value"] == "" else float(cell["value"])
            if value is not None and value != value:
                raise ValueError("value is NaN")
            if not _STAMP.match(cell["recorded_at"]):
                raise ValueError(f"recorded_at {cell['recorded_at']!r} is not a UTC time like 2026-01-02T03:04:05Z")
            if cell["official"] not in ("", "yes", "no"):
                raise ValueError(f"official {cell['official']!r} is not yes or no")
            if cell["published"] and not PUBLISHED_DATE.fullmatch(cell["published"]):
                raise ValueError(f"published {cell['published']!r} is not a date like 2016, 2016-05 or 2016-05-18")
            canonical = catalog.indicators[cell["indicator"]].unit
            if "entered_unit" in index and value is not None and cell["unit"] not in ("", canonical):
                raise ValueError(f"unit {cell['unit']!r} is not {canonical!r}, the unit an export's value is in; "
                                 "put the unit as entered in entered_unit, or import the rows as figures")
            if not is_stored_period(cell["period"]):
                raise ValueError(f"period {cell['period']!r} is not a period as exported (M09, M01-M09)")
        except ValueError as exc:
            errors.append((line, str(exc)))
            continue
        unit = cell["entered_unit"] if "entered_unit" in index else cell["unit"]
        rev = NewRevision(cell["region"], cell["indicator"], year, value, unit=unit, qualifier=cell["qualifier"],
                          entered=cell["entered"], source=cell["source"], note=cell["note"],
                          publisher=cell["publisher"], published=cell["published"], official=cell["official"] != "no",
                          url=cell["url"], period=cell["period"])
        out.append((rev, cell["author"], cell["recorded_at"]))
    return out, errors
