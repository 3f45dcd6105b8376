"""Current figures packed one row per (region, indicator), kept beside the revisions.

A whole-country report needs the current figure of 1.3 million (region, indicator, year)
keys. Computing them from the revisions and handing them to Python row by row takes seconds;
reading 64,000 packed rows takes a fraction of that. Years and values are stored as arrays
(int32 and float64, little-endian): exact, and read back without parsing (docs/store.md).

The revisions stay the truth: the packed table says which revision id it reflects, is updated
in the same transaction as every write, and is rebuilt from the revisions whenever it is behind
(an older file, a write by another tool).

    fresh = is_fresh(conn)          # in the write transaction, before appending
    ...                             # append the rows
    update(conn, rows, fresh)       # same transaction: the touched pairs, or all if it was behind
    read(conn)                      # {(region, indicator): Series}
    compute(conn)                   # the same, from the revisions: the definition
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections.abc import Iterable, Sequence
from itertools import groupby, repeat
from operator import itemgetter

from ectui.model import Series

QUALIFIER_SEP = "\x1f"  # qualifiers are words such as 超过/近/约; never contain a control character
# Above this many (region, indicator) pairs in one write, reading the whole table is cheaper.
READ_ALL_ABOVE_PAIRS = 2_000
# Arrays are stored little-endian whatever the machine, so a database file can move between them.
BIG_ENDIAN = sys.byteorder == "big"

LATEST = ("SELECT region, indicator, year, value, qualifier, max(id) FROM revisions {where} "
          "GROUP BY region, indicator, year ORDER BY region, indicator, year")


def compute(conn: sqlite3.Connection, where: str = "", params: Iterable = ()) -> dict[tuple[str, str], Series]:
    """Current figures straight from the revisions (the latest revision per year, unless retracted)."""
    out = {}
    # SQLite returns the other columns from the row holding max(id): the latest revision.
    for key, rows in groupby(conn.execute(LATEST.format(where=where), list(params)), key=itemgetter(0, 1)):
        observations = [row[2:5] for row in rows if row[3] is not None]  # None: retracted
        if observations:
            out[key] = Series.of(observations)
    return out


def is_fresh(conn: sqlite3.Connection) -> bool:
    reflected = conn.execute("SELECT revision_id FROM current_packed_state").fetchone()
    latest = conn.execute("SELECT coalesce(max(id), 0) FROM revisions").fetchone()[0]
    return reflected is not None and reflected[0] == latest


def read(conn: sqlite3.Connection, regions: list[str] | None = None) -> dict[tuple[str, str], Series]:
    sql, params = "SELECT region, indicator, years, figures, qualifiers FROM current_packed", []
    if regions is not None:
        sql += f" WHERE region IN ({', '.join('?' * len(regions))})"
        params = regions
    return {(region, indicator): unpack(years, figures, qualifiers)
            for region, indicator, years, figures, qualifiers in conn.execute(sql, params)}


# (region, indicator) -> year -> (value, qualifier); value None retracts the year's figure
Overlay = dict[tuple[str, str], dict[int, tuple[float | None, str]]]


def update(conn: sqlite3.Connection, rows: Iterable[Sequence], was_fresh: bool) -> None:
    """Bring the table up to date after a write appended ``rows`` (region, indicator, year, value,
    unit, qualifier, ...) in the order of their ids, in the same transaction. If the table was
    fresh before the write, only the pairs the rows touch are packed again: their figures with
    the rows laid over them, a later row for a year winning. Otherwise every pair is rebuilt
    from the revisions."""
    if not was_fresh:
        rebuild(conn)
        return
    changes: Overlay = {}
    for row in rows:
        changes.setdefault((row[0], row[1]), {})[row[2]] = (row[3], row[5])
    # Above some pairs (a bulk load), reading the whole table is cheaper than one query each.
    old = read(conn) if len(changes) > READ_ALL_ABOVE_PAIRS else _read_pairs(conn, changes)
    write(conn, merge(old, changes))
    mark_fresh(conn)


# (rows to insert or replace, pairs whose every figure is now retracted)
Update = tuple[list[tuple], list[tuple[str, str]]]


def merge(old: dict[tuple[str, str], Series], changes: Overlay) -> Update:
    """The packed rows of the touched pairs with the write's revisions laid over their figures: no
    pass over the revisions, which takes seconds after a large import."""
    replaced, emptied = [], []
    for pair, years in changes.items():
        series = old.get(pair)
        if series is None:
            figures = years
        else:
            figures = dict(zip(series.years, zip(series.values, series.qualifiers or repeat("", len(series)))))
            figures.update(years)
        # (year, (value, qualifier)) by year, as columns in C; a value None is a retraction
        years_sorted, figures_sorted = zip(*sorted(figures.items()))
        values, qualifiers = zip(*figures_sorted)
        if None in values:
            kept = [(y, v, q) for y, v, q in zip(years_sorted, values, qualifiers) if v is not None]
            if not kept:
                emptied.append(pair)
                continue
            years_sorted, values, qualifiers = zip(*kept)
        replaced.append((*pair, *pack_columns(years_sorted, values, qualifiers)))
    replaced.sort()  # in key order the table's B-tree is appended to, not split all over
    return replaced, emptied


def write(conn: sqlite3.Connection, packed_rows: Update) -> None:
    """Store what ``merge`` made."""
    replaced, emptied = packed_rows
    conn.executemany("INSERT OR REPLACE INTO current_packed VALUES (?, ?, ?, ?, ?)", replaced)
    conn.executemany("DELETE FROM current_packed WHERE region = ? AND indicator = ?", emptied)


def rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM current_packed")
    conn.executemany("INSERT INTO current_packed VALUES (?, ?, ?, ?, ?)",
                     ((region, indicator, *pack(series)) for (region, indicator), series in compute(conn).items()))
    mark_fresh(conn)


def _read_pairs(conn: sqlite3.Connection, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Series]:
    out = {}
    for pair in pairs:
        row = conn.execute("SELECT years, figures, qualifiers FROM current_packed WHERE region = ? AND indicator = ?",
                           pair).fetchone()
        if row is not None:
            out[pair] = unpack(*row)
    return out


def mark_fresh(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM current_packed_state")
    conn.execute("INSERT INTO current_packed_state SELECT coalesce(max(id), 0) FROM revisions")


def pack(series: Series) -> tuple[bytes, bytes, str | None]:
    return pack_columns(series.years, series.values, series.qualifiers)


def pack_columns(years: Iterable[int], values: Iterable[float],
                 qualifiers: Iterable[str] | None) -> tuple[bytes, bytes, str | None]:
    """The packed row of figures sorted by year: (years, figures, qualifiers or None when all empty)."""
    return (_bytes(array("i", years)), _bytes(array("d", values)),
            QUALIFIER_SEP.join(qualifiers) if qualifiers and any(qualifiers) else None)


def unpack(years: bytes, figures: bytes, qualifiers: str | None) -> Series:
    # Read 64,000 times for a national report: no helper calls per row.
    y, v = array("i"), array("d")
    y.frombytes(years)
    v.frombytes(figures)
    if BIG_ENDIAN:
        y.byteswap()
        v.byteswap()
    return Series.from_arrays(y, v, tuple(qualifiers.split(QUALIFIER_SEP)) if qualifiers is not None else None)


def _bytes(a: array) -> bytes:
    if BIG_ENDIAN:
        a = array(a.typecode, a)
        a.byteswap()
    return a.tobytes()
