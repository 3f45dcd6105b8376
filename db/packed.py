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
    compute(conn)                   # the same, from the revisions: the definition (lay_over)
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from ectui.model import Series

QUALIFIER_SEP = "\x1f"  # qualifiers are words such as 超过/近/约; never contain a control character
# Above this many (region, indicator) pairs in one write, reading the whole table is cheaper.
READ_ALL_ABOVE_PAIRS = 2_000
# Arrays are stored little-endian whatever the machine, so a database file can move between them.
BIG_ENDIAN = sys.byteorder == "big"

# The publication date a figure counts by: its own (a year or a month read as its last day, so that
# "published in 2016" is not taken as known on 2016-01-01), else the day it was recorded.
PUBLISHED = ("CASE length(published) WHEN 0 THEN substr(recorded_at, 1, 10) WHEN 4 THEN published || '-12-31' "
             "WHEN 7 THEN published || '-31' ELSE published END")
# Every annual revision of the keys asked for, in the order they were recorded.
REVISIONS = (f"SELECT region, indicator, year, value, qualifier, official, {PUBLISHED}, id FROM revisions "
             "WHERE period = '' {and_where} ORDER BY region, indicator, year, id")

# year -> (value, qualifier, official, published) of the figure that counts
Figures = dict[int, tuple[float, str, int, str]]
Key = TypeVar("Key")  # a year; (year, period) for part-year figures


def lay_over(figures: dict[Key, tuple[Any, str, int, str]], year: Key, value: Any, qualifier: str, official: int,
             published: str) -> None:
    """One revision, recorded after every one already laid, applied to the figures that count
    (docs/store.md, "Which figure counts"; ``value`` may be any payload, such as a revision id, and
    None retracts): a retraction withdraws the year's figure (and so every
    one recorded before it); a figure replaces the one that counts unless that one ranks above
    it: official before non-official, then the later publication; on a tie the later record."""
    if value is None:
        figures.pop(year, None)
        return
    held = figures.get(year)
    if held is None or (official, published) >= (held[2], held[3]):
        figures[year] = (value, qualifier, official, published)


def compute(conn: sqlite3.Connection, where: str = "", params: Iterable = ()) -> dict[tuple[str, str], Series]:
    """Current figures straight from the revisions: the definition the packed table is kept equal
    to. ``where`` ("AND …") narrows the revisions read (a vintage, some regions)."""
    return series_of(conn.execute(REVISIONS.format(and_where=where), list(params)))


def series_of(revisions: Iterable[Sequence]) -> dict[tuple[str, str], Series]:
    """Current figures of the rows REVISIONS selects, by the definition (lay_over); both engines'.
    Each pair's figures become its Series as soon as its rows are read: a whole country's
    revisions streamed from a server are never all held at once."""
    return {pair: _series(figures) for pair, figures in _figures_of(revisions) if figures}


def _figures_from(conn: sqlite3.Connection, where: str = "", params: Iterable = ()) -> dict[tuple[str, str], Figures]:
    return dict(_figures_of(conn.execute(REVISIONS.format(and_where=where), list(params))))


def _figures_of(revisions: Iterable[Sequence]) -> Iterator[tuple[tuple[str, str], Figures]]:
    for (region, indicator), rows in groupby(revisions, key=itemgetter(0, 1)):
        figures: Figures = {}
        for _, _, year, value, qualifier, official, published, _ in rows:
            lay_over(figures, year, value, qualifier, official, published)
        yield (region, indicator), figures


def _series(figures: Figures) -> Series:
    years = sorted(figures)
    return Series(years, [figures[y][0] for y in years], [figures[y][1] for y in years])


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


def update(conn: sqlite3.Connection, rows: Sequence[Sequence], was_fresh: bool, columns: Sequence[str]) -> None:
    """Bring the table up to date after a write appended ``rows`` (in the order of their ids; the
    values of ``columns``, which may leave out the provenance columns, whose defaults they then
    have) in the same transaction. If the table was fresh before the write, only the pairs the
    rows touch are packed again: their figures that count, with each row laid over them
    (lay_over). Otherwise every pair is rebuilt from the revisions."""
    if not was_fresh:
        rebuild(conn)
        return
    at = {name: i for i, name in enumerate(columns)}
    region, indicator, year, value, qualifier = (at[c] for c in ("region", "indicator", "year", "value", "qualifier"))
    recorded_at = at["recorded_at"]
    if "official" in at:
        official, published, period = at["official"], at["published"], at["period"]
        annual = [row for row in rows if row[period] == ""]

        def rank(row: Sequence) -> tuple[int, str]:
            return int(row[official]), effective_published(row[published], row[recorded_at])
    else:  # no provenance columns: official, published when recorded, the whole year
        annual = list(rows)

        def rank(row: Sequence) -> tuple[int, str]:
            return 1, row[recorded_at][:10]
    latest: dict[tuple[str, str], Figures] = {}  # the pairs this write touches, and its own figures
    first = rank(annual[0]) if annual else None
    ranks = set(map(itemgetter(recorded_at), annual)) if "official" not in at else set(map(rank, annual))
    if None not in map(itemgetter(value), annual) and len(ranks) <= 1:
        # Every row of this write ranks alike (a typed figure, an import without provenance):
        # within the write the later row of a year wins, so only the last is laid over what is held.
        official_, published_ = first or (1, "")
        for row in annual:
            latest.setdefault((row[region], row[indicator]), {})[row[year]] = (row[value], row[qualifier],
                                                                              official_, published_)
        held = _read_ranked(conn, None if len(latest) > READ_ALL_ABOVE_PAIRS else set(latest))
        for pair, figures in latest.items():
            have = held.get(pair)
            if not have:
                held[pair] = figures  # nothing held: these are the figures that count
                continue
            for y, (v, q, o, d) in figures.items():
                lay_over(have, y, v, q, o, d)
    else:
        for row in annual:
            latest.setdefault((row[region], row[indicator]), {})
        held = _read_ranked(conn, None if len(latest) > READ_ALL_ABOVE_PAIRS else set(latest))
        for row in annual:
            lay_over(held.setdefault((row[region], row[indicator]), {}), row[year], row[value], row[qualifier],
                     *rank(row))
    write(conn, {pair: held[pair] for pair in latest})
    mark_fresh(conn)


def effective_published(published: str, recorded_at: str) -> str:
    """PUBLISHED, in Python, for a row about to be stored."""
    if not published:
        return recorded_at[:10]
    return published + ("-12-31" if len(published) == 4 else "-31" if len(published) == 7 else "")


def write(conn: sqlite3.Connection, figures_of: dict[tuple[str, str], Figures]) -> None:
    """Store the figures that count of these pairs (a pair with none left is removed), in key
    order: the table's B-tree is then appended to, not split all over."""
    replaced, emptied = [], []
    for pair in sorted(figures_of):
        figures = figures_of[pair]
        if figures:
            replaced.append((*pair, *pack(_series(figures)), _ranks(figures)))
        else:
            emptied.append(pair)
    conn.executemany("INSERT OR REPLACE INTO current_packed VALUES (?, ?, ?, ?, ?, ?)", replaced)
    conn.executemany("DELETE FROM current_packed WHERE region = ? AND indicator = ?", emptied)


def rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM current_packed")
    write(conn, _figures_from(conn))
    mark_fresh(conn)


def _ranks(figures: Figures) -> str:
    """Each year's rank, in year order: "1 2016-05-18" (official, publication date); one rank
    alone when every year has it (a national import's 1.3 million figures share one)."""
    ranks = {figure[2:] for figure in figures.values()}
    if len(ranks) == 1:
        official, published = ranks.pop()
        return f"{official} {published}"
    return QUALIFIER_SEP.join(f"{figures[y][2]} {figures[y][3]}" for y in sorted(figures))


def _read_ranked(conn: sqlite3.Connection, pairs: set[tuple[str, str]] | None) -> dict[tuple[str, str], Figures]:
    """The packed figures with their ranks, of these pairs (None: all)."""
    sql = "SELECT region, indicator, years, figures, qualifiers, ranks FROM current_packed"
    found: Iterable[tuple]
    if pairs is None:
        found = conn.execute(sql)
    else:
        found = (row for pair in pairs
                 for row in conn.execute(sql + " WHERE region = ? AND indicator = ?", pair))
    out: dict[tuple[str, str], Figures] = {}
    for region, indicator, years, figures, qualifiers, ranks in found:
        series = unpack(years, figures, qualifiers)
        ranked = [rank.split(" ", 1) for rank in ranks.split(QUALIFIER_SEP)]
        if len(ranked) == 1:  # one rank for every year
            ranked *= len(series)
        out[(region, indicator)] = {o.year: (o.value, o.qualifier, int(official), published)
                                    for o, (official, published) in zip(series, ranked)}
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
