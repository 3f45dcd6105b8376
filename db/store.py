"""Append-only revisions of actual figures in SQLite.

>>> store = open_store("ectui.db")                                   # doctest: +SKIP
>>> store.record([NewRevision("quanzhou", "ec_transactions", 2015, 1950.0,
...               unit="亿元", source="统计公报")])                    # doctest: +SKIP
>>> store.current()[("quanzhou", "ec_transactions")][-1].value      # doctest: +SKIP
1950.0
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from array import array
from itertools import groupby
from operator import itemgetter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ectui.model import Revision, Series

BUSY_TIMEOUT_MS = 30_000
_COLUMNS = ("region", "indicator", "year", "value", "unit", "qualifier", "entered",
            "source", "note", "author", "recorded_at")


class StoreError(Exception):
    """A store problem a user can act on; the message says what to do."""


class StoreReadOnly(StoreError):
    pass


@dataclass(frozen=True)
class NewRevision:
    """A revision to append; value None retracts the figure."""

    region: str
    indicator: str
    year: int
    value: float | None
    unit: str = ""
    qualifier: str = ""
    entered: str = ""
    source: str = ""
    note: str = ""


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): fall back to the uid
        return f"uid{os.getuid()}"


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    # SQLite writes a journal beside the file, so the folder must be writable too.
    return os.access(folder, os.W_OK | os.X_OK) and (not path.exists() or os.access(path, os.W_OK))


class Store:
    """One open database file. Reads always work; writes raise StoreReadOnly if they can't."""

    def __init__(self, path: str | Path, readonly: bool | None = None):
        self.path = Path(path)
        self.created = not self.path.exists()
        if readonly is None:
            readonly = not _writable(self.path)
        if readonly and self.created:
            raise StoreError(f"{self.path}: database does not exist and its folder is not "
                             "writable; ask the workspace owner to create it (run any ectui command there)")
        self.readonly = readonly
        self._exact_printf: bool | None = None
        try:
            self.conn = _connect(self.path, readonly)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable ectui database ({exc}); "
                             "check --db points at the right file") from None

    # ── schema ──────────────────────────────────────────────────────────────────────
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @property
    def db(self):
        """A sqlite-utils view of the connection (loaded on first use: it costs start-up time)."""
        import sqlite_utils
        return sqlite_utils.Database(self.conn)

    def _migrate(self) -> None:
        from ectui.db.schema import MIGRATIONS, SCHEMA_VERSION
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer ectui (schema {version}, this one "
                             f"knows {SCHEMA_VERSION}); upgrade ectui")
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            raise StoreReadOnly(f"{self.path}: needs an upgrade from schema {version} to "
                                f"{SCHEMA_VERSION}, but you cannot write it; ask someone who can "
                                "write the workspace to run `ectui check`")
        with self._write():
            db = self.db
            for step in MIGRATIONS[version:]:
                step(db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _write(self):
        if self.readonly:
            raise StoreReadOnly(
                f"{self.path} is read-only for user {current_user()}: you can read reports, but "
                "recording needs write permission on the file and its folder (ask the workspace owner)")
        return _Immediate(self.conn)

    def close(self) -> None:
        self.conn.close()

    # ── writes ──────────────────────────────────────────────────────────────────────
    def record(self, revisions: Iterable[NewRevision], author: str | None = None,
               progress: Callable[[int], None] | None = None, batch: int = 5000,
               recorded_at: str | None = None) -> int:
        """Append revisions in one transaction (all or nothing); returns how many.

        ``author`` defaults to the OS user and ``recorded_at`` to now (UTC).
        """
        author = author or current_user()
        stamp = recorded_at or utc_now()
        sql = f"INSERT INTO revisions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
        count = 0
        with self._write():
            chunk: list[tuple] = []
            for r in revisions:
                chunk.append((r.region, r.indicator, int(r.year), r.value, r.unit, r.qualifier,
                              r.entered, r.source, r.note, author, stamp))
                if len(chunk) >= batch:
                    self.conn.executemany(sql, chunk)
                    count += len(chunk)
                    chunk.clear()
                    if progress:
                        progress(count)
            if chunk:
                self.conn.executemany(sql, chunk)
                count += len(chunk)
                if progress:
                    progress(count)
        return count

    def restore(self, revisions: Iterable[tuple[NewRevision, str, str]],
                progress: Callable[[int], None] | None = None) -> int:
        """Append exported revisions keeping their author and time: ``(revision, author, recorded_at)``.

        Idempotent: a revision already stored (every column equal) is skipped, so restoring the
        same export twice adds nothing. Returns how many were added.
        """
        sql = f"INSERT INTO revisions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
        rows = [(r.region, r.indicator, int(r.year), r.value, r.unit, r.qualifier, r.entered, r.source, r.note,
                 author, recorded_at) for r, author, recorded_at in revisions]
        with self._write():
            # Only stored rows with one of the export's timestamps can be duplicates.
            stamps = sorted({row[-1] for row in rows})
            present: set[tuple] = set()
            for i in range(0, len(stamps), 500):
                part = stamps[i:i + 500]
                present.update(self.conn.execute(
                    f"SELECT {', '.join(_COLUMNS)} FROM revisions WHERE recorded_at IN ({', '.join('?' * len(part))})",
                    part))
            rows = [row for row in rows if row not in present]
            self.conn.executemany(sql, rows)
        if progress:
            progress(len(rows))
        return len(rows)

    def backup(self, target: str | Path) -> None:
        """A consistent copy while others write (SQLite's online backup API)."""
        target = Path(target)
        if target.exists():
            raise StoreError(f"{target} exists: choose a new file name (a backup never overwrites)")
        dest = sqlite3.connect(str(target))
        try:
            self.conn.backup(dest)
        except sqlite3.Error as exc:
            dest.close()
            target.unlink(missing_ok=True)
            raise StoreError(f"backup to {target} failed: {exc}") from None
        dest.close()

    # ── reads ───────────────────────────────────────────────────────────────────────
    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM revisions").fetchone()[0]

    def history(self, region: str, indicator: str) -> list[Revision]:
        """Every revision of one (region, indicator), oldest first."""
        rows = self.conn.execute(
            f"SELECT id, {', '.join(_COLUMNS)} FROM revisions WHERE region = ? AND indicator = ? "
            "ORDER BY year, id", (region, indicator))
        return [_revision(row) for row in rows]

    def revisions(self) -> list[Revision]:
        rows = self.conn.execute(f"SELECT id, {', '.join(_COLUMNS)} FROM revisions ORDER BY id")
        return [_revision(row) for row in rows]

    def current(self, vintage: str | None = None, regions: Iterable[str] | None = None,
                ) -> dict[tuple[str, str], Series]:
        """Current figures per (region, indicator), ordered by year.

        ``vintage`` (UTC ISO timestamp) answers "as recorded by then": later revisions are
        ignored. Retracted figures are left out.
        """
        where, params = [], []
        if vintage:
            where.append("recorded_at <= ?")
            params.append(vintage)
        if regions is not None:
            regions = list(regions)
            where.append(f"region IN ({', '.join('?' * len(regions))})")
            params.extend(regions)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        # SQLite returns the other columns from the row holding max(id): the latest revision.
        latest = ("SELECT region, indicator, year, value, qualifier, max(id) FROM revisions "
                  f"{clause} GROUP BY region, indicator, year ORDER BY region, indicator, year")
        if not self._packs_floats_exactly():
            return self._current_row_by_row(latest, params)
        # One row per (region, indicator), its years and values packed as text: handing 1.3
        # million rows to Python one by one costs several times what the query does.
        sql = ("SELECT region, indicator, group_concat(year), group_concat(printf('%!.17g', value)), "
               "CASE WHEN max(qualifier) = '' THEN NULL ELSE group_concat(qualifier, char(31)) END "
               f"FROM ({latest}) WHERE value IS NOT NULL GROUP BY region, indicator")
        out: dict[tuple[str, str], Series] = {}
        for region, indicator, years, values, qualifiers in self.conn.execute(sql, params):
            ys = array("i", map(int, years.split(",")))
            vs = array("d", map(float, values.split(",")))
            qs = qualifiers.split("\x1f") if qualifiers is not None else None
            if sorted(ys) != ys.tolist():  # group_concat's order is SQLite's choice, not a promise
                out[(region, indicator)] = Series.of(zip(ys, vs, qs or [""] * len(ys)))
            else:
                out[(region, indicator)] = Series(ys, vs, qs)
        return out

    def _current_row_by_row(self, sql: str, params: list) -> dict[tuple[str, str], Series]:
        out = {}
        for key, rows in groupby(self.conn.execute(sql, params), key=itemgetter(0, 1)):
            observations = [row[2:5] for row in rows if row[3] is not None]  # None: retracted
            if observations:
                out[key] = Series.of(observations)
        return out

    def _packs_floats_exactly(self) -> bool:
        """Whether this SQLite's printf('%!.17g') gives back every bit of a double (it does
        where long double is wider than double; checked, not assumed)."""
        if self._exact_printf is None:
            probes = [0.1 + 0.2, 1 / 3, 2 / 3 * 1e-7, 123456789.123456789, 987654321012345.6, -5e-324]
            got = [float(self.conn.execute("SELECT printf('%!.17g', ?)", (v,)).fetchone()[0]) for v in probes]
            self._exact_printf = got == probes
        return self._exact_printf

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def unknown_keys(self, regions: set[str], indicators: set[str]) -> list[tuple[str, str, int]]:
        """(region, indicator, count) of stored revisions that targets.toml does not define."""
        rows = self.conn.execute(
            "SELECT region, indicator, count(*) FROM revisions GROUP BY region, indicator")
        return [r for r in rows if r[0] not in regions or r[1] not in indicators]


class _Immediate:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: takes the write lock up front so
    that two writers queue on the busy timeout instead of failing halfway."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot start writing: {exc} (another process held the database "
                             f"for over {BUSY_TIMEOUT_MS // 1000}s; try again)") from None
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        return False


def _revision(row: tuple) -> Revision:
    (rid, region, indicator, year, value, unit, qualifier, entered, source, note, author,
     recorded_at) = row
    return Revision(rid, region, indicator, year, value, unit, qualifier, entered, source, note,
                    author, recorded_at)


def open_store(path: str | Path, readonly: bool | None = None) -> Store:
    return Store(path, readonly)


def data_version(store: Store) -> int:
    """Changes whenever another connection commits to the file: a cheap poll for live views."""
    return store.conn.execute("PRAGMA data_version").fetchone()[0]
