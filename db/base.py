"""What both engines share: the errors, the columns of a revision, and every operation whose SQL
is the same on SQLite and PostgreSQL (docs/store.md).

An engine (``ectui.db.store.Store`` for SQLite, ``ectui.db.postgres.PostgresStore``) supplies
how to run a query (``_rows``), how to write (``_write``: one transaction that queues behind other
writers), how to append rows (``_append``) and how to read current figures (``current``). The SQL
here is written with ``?`` placeholders; an engine with another style translates them in ``_rows``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any

from ectui.db import packed
from ectui.model import NewRevision, Revision, Series
from ectui.periods import PartFigure

# A row as appended: a NewRevision's fields, then author and time (ectui.model.NewRevision)
COLUMNS = (*NewRevision._fields, "author", "recorded_at")
# Rows without provenance (the defaults) are appended without those columns.
_PLAIN = NewRevision._fields.index("publisher")
_NO_PROVENANCE = NewRevision("", "", 0, None)[_PLAIN:]
PLAIN_COLUMNS = (*NewRevision._fields[:_PLAIN], "author", "recorded_at")
# What makes two revisions the same figure, for an import that must not store one twice
FIGURE_KEY = ("region", "indicator", "year", "period", "value", "qualifier", "publisher", "published")
_figure_key = attrgetter(*FIGURE_KEY)
# A row as read back, after its id: a Revision's fields
READ_COLUMNS = Revision._fields[1:]
ROWS_PER_PROGRESS = 5_000  # rows inserted between two reports of progress
_IN_LIST = 500  # values per IN (…) list: far below either engine's limit of bound values


class StoreError(Exception):
    """A store problem a user can act on; the message says what to do."""


class StoreReadOnly(StoreError):
    """A write to a store this user may only read."""


class StoreUnusable(StoreError):
    """The store cannot be used at all (not a database, too new, cannot be created or reached)."""


class StoreDamaged(StoreError):
    """The store is an ectui database, but damaged: restore it from a backup."""


def current_user() -> str:
    try:
        import getpass  # only for writes: it loads termios
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): fall back to the uid
        return f"uid{os.getuid()}"


def utc_now() -> str:
    from datetime import datetime, timezone  # writes only
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def revision_of(row: tuple) -> Revision:
    """A Revision from a row of ``id, READ_COLUMNS``."""
    revision = Revision._make(row)
    return revision._replace(official=bool(revision.official))


def narrowed(vintage: str | None, recorded_by: str | None, regions: list[str] | None) -> tuple[str, list]:
    """The "AND …" that narrows the revisions read to a vintage, a typing time and some regions."""
    where: list[str] = []
    params: list[Any] = []
    if vintage:  # what had been published by then (a retraction counts from when it was recorded)
        where.append(f"{packed.PUBLISHED} <= ?")
        params.append(packed.effective_published(vintage, ""))  # 2013: by 2013-12-31
    if recorded_by:
        where.append("recorded_at <= ?")
        params.append(recorded_by)
    if regions is not None:
        where.append(f"region IN ({', '.join('?' * len(regions))})" if regions else "FALSE")
        params.extend(regions)
    return "".join(f" AND {w}" for w in where), params


def _chunks(values: list, size: int = _IN_LIST) -> Iterator[list]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


class RevisionStore:
    """The operations both engines share; ``engine`` is "sqlite" or "postgresql"."""

    engine = ""
    path = ""  # where the store is, to show: a file's path, or a server's URL without its password
    readonly = False
    created = False
    # Whether this user keeps the document figures of targets.toml in the store (on PostgreSQL its
    # owner does: an editor may write only its regions)
    keeps_documents = True
    # Where part-year figures are read from (SQLite names the partial index that holds only them)
    PART_YEAR_SOURCE = "revisions"

    # ── what an engine supplies ─────────────────────────────────────────────────────
    def _rows(self, sql: str, params: Iterable[Any] = ()) -> Iterable[tuple]:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _append(self, rows: list[tuple], progress: Callable[[int], None] | None,
                columns: tuple[str, ...] = COLUMNS) -> int:
        raise NotImplementedError

    def _default_author(self) -> str:
        return current_user()

    @property
    def writer(self) -> str:
        """Who this store's writes are recorded as (the OS user; on PostgreSQL the role): the name
        targets.toml's `editors` lists."""
        return self._default_author()

    def _now(self) -> str:
        return utc_now()

    def current(self, vintage: str | None = None, regions: Iterable[str] | None = None,
                recorded_by: str | None = None) -> dict[tuple[str, str], Series]:
        raise NotImplementedError

    @property
    def schema_version(self) -> int:
        raise NotImplementedError

    def require_writable(self) -> None:
        """StoreReadOnly, saying whom to ask, if this user may not write: before a command checks
        what it would write, so that someone who may not write hears that first."""
        raise NotImplementedError

    def data_version(self) -> int:
        """Changes whenever someone else has added revisions: a cheap poll for live views."""
        raise NotImplementedError

    def problems(self, full: bool = False, compare_current: bool = True) -> list[str]:
        raise NotImplementedError

    def backup(self, target: str | os.PathLike) -> int:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # ── writes ──────────────────────────────────────────────────────────────────────
    def record(self, revisions: Iterable[NewRevision], author: str | None = None,
               progress: Callable[[int], None] | None = None, recorded_at: str | None = None,
               skip_stored: bool = False) -> int:
        """Append revisions in one transaction (all or nothing); returns how many.

        ``author`` defaults to the engine's idea of who is writing (the OS user; on PostgreSQL the
        database role) and ``recorded_at`` to now (UTC). ``skip_stored`` (an import) leaves out every
        revision whose figure is stored already: the same region, indicator, year, period, value,
        qualifier, publisher and publication date; so the same file imported twice, or again after a
        kill that had committed, adds nothing the second time.
        """
        revisions = list(revisions)
        with self._write():
            # A NewRevision is the row's first columns, in order; author and time end it.
            stamped = (author or self._default_author(), recorded_at or self._now())
            return self._record(self._not_stored(revisions) if skip_stored else revisions, stamped, progress)

    def _not_stored(self, revisions: list[NewRevision]) -> list[NewRevision]:
        """Those of ``revisions`` whose figure (FIGURE_KEY) is not stored yet; inside a write."""
        stored = self._stored_figures({r.region for r in revisions})
        if not stored:  # a first import: nothing to leave out
            return revisions
        return [r for r in revisions if _figure_key(r) not in stored]

    def _stored_figures(self, regions: set[str]) -> set[tuple]:
        """The figure keys (FIGURE_KEY) of the stored revisions of these regions."""
        found: set[tuple] = set()
        if not any(True for _ in self._rows("SELECT 1 FROM revisions LIMIT 1")):
            return found
        for part in _chunks(sorted(regions)):
            found.update(self._rows(
                f"SELECT {', '.join(FIGURE_KEY)} FROM revisions WHERE region IN ({', '.join('?' * len(part))})", part))
        return found

    def _record(self, revisions: list[NewRevision], stamped: tuple[str, str],
                progress: Callable[[int], None] | None) -> int:
        """Append, inside the write transaction."""
        if all(revision[_PLAIN:] == _NO_PROVENANCE for revision in revisions):
            # no provenance given: the columns' defaults say the same, and a national import binds
            # a third fewer values
            return self._append([revision[:_PLAIN] + stamped for revision in revisions], progress, PLAIN_COLUMNS)
        return self._append([revision + stamped for revision in revisions], progress, COLUMNS)

    def restore(self, revisions: Iterable[tuple[NewRevision, str, str]]) -> int:
        """Append exported revisions keeping their author and time: ``(revision, author, recorded_at)``.

        Idempotent: a revision already stored (every column equal) is skipped, so restoring the
        same export twice adds nothing. Returns how many were added.
        """
        rows = [r + (author, recorded_at) for r, author, recorded_at in revisions]
        with self._write():
            # Only stored rows with one of the export's timestamps can be duplicates.
            present: set[tuple] = set()
            for part in _chunks(sorted({row[-1] for row in rows})):
                present.update(self._rows(
                    f"SELECT {', '.join(COLUMNS)} FROM revisions WHERE recorded_at IN ({', '.join('?' * len(part))})",
                    part))
            return self._append([row for row in rows if row not in present], None)

    def record_missing(self, revisions: Iterable[NewRevision], author: str | None = None) -> list[NewRevision]:
        """Append those of ``revisions`` whose figure is not stored yet, in one transaction; returns
        them. The figures targets.toml's documents report are kept this way, once each, however
        often it is called (a figure edited in the file is a new figure)."""
        wanted = list(revisions)
        if not wanted:
            return []
        with self._write():
            missing = self._not_stored(wanted)
            self._record(missing, (author or self._default_author(), self._now()), None)
        return missing

    # ── reads ───────────────────────────────────────────────────────────────────────
    def count(self) -> int:
        return next(iter(self._rows("SELECT count(*) FROM revisions")))[0]

    def history(self, region: str, indicator: str) -> list[Revision]:
        """Every revision of one (region, indicator), oldest first."""
        rows = self._rows(
            f"SELECT id, {', '.join(READ_COLUMNS)} FROM revisions WHERE region = ? AND indicator = ? "
            "ORDER BY year, id", (region, indicator))
        return [revision_of(row) for row in rows]

    def counting(self, revisions: list[Revision]) -> set[int]:
        """The ids of those of ``revisions`` (one region and indicator's, as history gives them)
        whose figure counts now, for its year and period: by the one definition, packed.lay_over,
        carrying ids."""
        counting: dict[tuple[int, str], tuple[int, str, int, str]] = {}
        for r in sorted(revisions, key=lambda r: r.id):
            packed.lay_over(counting, (r.year, r.period), None if r.value is None else r.id, "", int(r.official),
                            packed.effective_published(r.published, r.recorded_at))
        return {figure[0] for figure in counting.values()}

    def revisions(self) -> list[Revision]:
        rows = self._rows(f"SELECT id, {', '.join(READ_COLUMNS)} FROM revisions ORDER BY id")
        return [revision_of(row) for row in rows]

    def computed_current(self, vintage: str | None = None, regions: Iterable[str] | None = None,
                         recorded_by: str | None = None) -> dict[tuple[str, str], Series]:
        """Current figures computed from the revisions by the definition (packed.lay_over)."""
        where, params = narrowed(vintage, recorded_by, None if regions is None else list(regions))
        return packed.series_of(self._rows(packed.REVISIONS.format(and_where=where), params))

    def parts(self, vintage: str | None = None, regions: Iterable[str] | None = None,
              recorded_by: str | None = None) -> dict[tuple[str, str], list[PartFigure]]:
        """The figures for part of a year (1-9月, 上半年) that count, per (region, indicator), by
        year and period; narrowed as ``current`` is."""
        where, params = narrowed(vintage, recorded_by, None if regions is None else list(regions))
        rows = self._rows(
            f"SELECT region, indicator, year, period, value, qualifier, official, {packed.PUBLISHED} "
            f"FROM {self.PART_YEAR_SOURCE} WHERE period != ''{where} "
            "ORDER BY region, indicator, year, period, id", params)
        out: dict[tuple[str, str], list[PartFigure]] = {}
        for pair, found in groupby(rows, key=itemgetter(0, 1)):
            figures: dict[tuple[int, str], tuple[float, str, int, str]] = {}
            for _, _, year, period, value, qualifier, official, published in found:
                packed.lay_over(figures, (year, period), value, qualifier, official, published)
            if figures:
                out[pair] = [PartFigure(year, period, figure[0], figure[1]) for (year, period), figure in figures.items()]
        return out

    def counting_revisions(self, keys: Iterable[tuple[str, str, int]], vintage: str | None = None,
                           recorded_by: str | None = None) -> dict[tuple[str, str, int], Revision]:
        """The revision whose figure counts for each (region, indicator, year) asked for (annual
        figures; narrowed as ``current`` is): where a report's evaluated figure comes from."""
        wanted: dict[tuple[str, str], set[int]] = {}
        for region, indicator, year in keys:
            wanted.setdefault((region, indicator), set()).add(year)
        where, params = narrowed(vintage, recorded_by, None)
        out: dict[tuple[str, str, int], Revision] = {}
        for (region, indicator), years in wanted.items():
            rows = self._rows(
                f"SELECT id, {', '.join(READ_COLUMNS)} FROM revisions WHERE region = ? AND indicator = ? "
                f"AND period = ''{where} ORDER BY id", [region, indicator, *params])
            found = [revision_of(row) for row in rows]
            by_id = {r.id: r for r in found}
            for revision_id in self.counting(found):
                if by_id[revision_id].year in years:
                    out[(region, indicator, by_id[revision_id].year)] = by_id[revision_id]
        return out

    def unknown_keys(self, regions: set[str], indicators: set[str]) -> list[tuple[str, str, int]]:
        """(region, indicator, count) of stored revisions that targets.toml does not define."""
        rows = self._rows("SELECT region, indicator, count(*) FROM revisions GROUP BY region, indicator "
                          "ORDER BY region, indicator")
        return [tuple(r) for r in rows if r[0] not in regions or r[1] not in indicators]
