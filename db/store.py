"""Append-only revisions of actual figures in SQLite.

>>> store = open_store("ectui.db")                                   # doctest: +SKIP
>>> store.record([NewRevision("quanzhou", "ec_transactions", 2015, 1950.0,
...               unit="亿元", source="统计公报")])                    # doctest: +SKIP
>>> store.current()[("quanzhou", "ec_transactions")][-1].value      # doctest: +SKIP
1950.0
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from itertools import chain, islice

from ectui.db import packed
from ectui.db.base import (
    COLUMNS,
    READ_COLUMNS,
    ROWS_PER_PROGRESS,
    RevisionStore,
    StoreDamaged,
    StoreError,
    StoreReadOnly,
    StoreUnusable,
    current_user,
    utc_now,
)
from ectui.model import Series

__all__ = ["Store", "StoreDamaged", "StoreError", "StoreReadOnly", "StoreUnusable", "current_user", "explain",
           "open_store", "utc_now", "writable"]

BUSY_TIMEOUT_MS = 30_000
QUICK_CHECK_BELOW_BYTES = 64 << 20  # files up to this size are checked before the first write


_OPENED: list[str] = []  # the files this process opened, newest last: an error met later names it


def explain(exc: sqlite3.Error, path: str | None = None, writing: bool = True) -> StoreError:
    """What an SQLite error means to the person who ran the command: one line, what to do."""
    path = path or (_OPENED[-1] if _OPENED else "the database")
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"{path}: another process held the database for over {BUSY_TIMEOUT_MS // 1000} s "
                          "(a large import, a backup, or a program keeping it open; `fuser` on the file "
                          "shows which); nothing was written, try again")
    if "could not decode" in lowered:  # a flipped bit in a stored text
        return _undecodable(path)
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return StoreDamaged(f"{path}: the database file is damaged ({text}); "
                            f"{'nothing was written' if writing else 'it cannot be read'}. Restore it from a "
                            "backup (`ectui backup --verify FILE` checks one), then run `ectui check`")
    if "full" in lowered:
        return StoreError(f"{path}: the disk is full ({text}); nothing was written. Free space and try again")
    if "i/o" in lowered:
        return StoreError(f"{path}: the disk could not be read or written ({text}); nothing was written. "
                          "Check the disk, then run `ectui check`")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreReadOnly(f"{path}: cannot be written by user {current_user()} ({text}); ask the workspace owner")
    return StoreError(f"{path}: database error ({text})")


def as_store_error(exc: BaseException) -> StoreError | None:
    """An SQLite error that escaped a read (a damaged page met by a report) as what it means;
    None for anything else."""
    if isinstance(exc, UnicodeDecodeError) and isinstance(exc.object, bytes):
        return _undecodable()  # a flipped bit in a stored text (sqlite3 decodes each one it reads)
    return explain(exc, writing=False) if isinstance(exc, sqlite3.Error) else None


def _undecodable(path: str | None = None) -> StoreDamaged:
    path = path or (_OPENED[-1] if _OPENED else "the database")
    return StoreDamaged(f"{path}: the database file is damaged (a stored text is not valid UTF-8); it cannot be "
                        "read. Restore it from a backup (`ectui backup --verify FILE` checks one), then run "
                        "`ectui check`")


def _connect(path: str, readonly: bool) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"{_file_uri(path)}?mode=ro", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _file_uri(path: str) -> str:
    """SQLite's file: URI of a path. SQLite decodes %HH and ends the path at ? or #, so only
    those three are escaped (pathlib's as_uri, with urllib, costs every start 5 ms)."""
    absolute = os.path.realpath(path)
    return "file://" + absolute.replace("%", "%25").replace("?", "%3F").replace("#", "%23")


def writable(path: str) -> bool:
    """Whether this user may write the database file at ``path`` (or create it there)."""
    folder = os.path.dirname(path) or "."
    # SQLite writes a journal beside the file, so the folder must be writable too.
    return os.access(folder, os.W_OK | os.X_OK) and (not os.path.exists(path) or os.access(path, os.W_OK))


class Store(RevisionStore):
    """One open SQLite database file. Reads always work; writes raise StoreReadOnly if they can't."""

    engine = "sqlite"
    PART_YEAR_SOURCE = "revisions INDEXED BY revisions_part_year"  # the partial index of part-year figures

    def __init__(self, path: str | os.PathLike, readonly: bool | None = None):
        self.path = os.fspath(path)
        self.created = not os.path.exists(self.path)
        if readonly is None:
            readonly = not writable(self.path)
        folder = os.path.dirname(os.path.abspath(self.path))
        if self.created and not os.path.isdir(folder):
            raise StoreUnusable(f"{self.path}: the folder {folder} does not exist; create it, or point --db at "
                                "an existing database")
        if readonly and self.created:
            raise StoreUnusable(f"{self.path}: database does not exist and its folder is not "
                             "writable; ask the workspace owner to create it (run any ectui command there)")
        self.readonly = readonly
        self._checked = False  # whether the file passed the check before writing (_check_before_writing)
        _OPENED.append(self.path)
        try:
            self.conn = _connect(self.path, readonly)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                raise StoreUnusable(f"{self.path}: not an ectui database ({exc}); check that --db "
                                    "points at the right file") from None
            raise explain(exc, self.path) from None

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
            raise StoreUnusable(f"{self.path}: written by a newer ectui (schema {version}, this one "
                             f"knows {SCHEMA_VERSION}); upgrade ectui")
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            raise StoreUnusable(f"{self.path}: needs an upgrade from schema {version} to "
                                f"{SCHEMA_VERSION}, but you cannot write it; ask someone who can "
                                "write the workspace to run `ectui check`")
        with self._write():
            db = self.db
            for step in MIGRATIONS[version:]:
                step(db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def require_writable(self) -> None:
        """StoreReadOnly, saying whom to ask, if this user may not write: before a command checks
        what it would write, so that someone who may not write hears that first."""
        if self.readonly:
            raise StoreReadOnly(
                f"{self.path} is read-only for user {current_user()}: you can read reports, but "
                "recording needs write permission on the file and its folder (ask the workspace owner)")

    def _write(self):
        self.require_writable()
        self._check_before_writing()
        return _Immediate(self.conn)

    def _check_before_writing(self) -> None:
        """Refuse to write into a damaged file (writing on would bury the damage under new
        revisions). SQLite's quick check reads every page: a tenth of a second for a city's
        database, about 3 s for a national one, so above QUICK_CHECK_BELOW_BYTES it is left
        to `ectui check` (run it from cron) and to SQLite's own checks of the pages a write
        touches. Once per open store."""
        if self._checked or self.created:
            return
        self._checked = True
        try:
            size = os.path.getsize(self.path)
        except OSError:
            return
        if size <= QUICK_CHECK_BELOW_BYTES:
            verdict = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if verdict != "ok":
                raise StoreDamaged(f"{self.path}: the database file is damaged ({verdict}); nothing was written. "
                                   "Restore it from a backup (`ectui backup --verify FILE` checks one), then run "
                                   "`ectui check`")

    def close(self) -> None:
        self.conn.close()

    # ── writes ──────────────────────────────────────────────────────────────────────
    def _rows(self, sql: str, params: Iterable = ()) -> Iterable[tuple]:
        return self.conn.execute(sql, list(params))

    def _append(self, rows: list[tuple], progress: Callable[[int], None] | None,
                columns: tuple[str, ...] = COLUMNS) -> int:
        """Insert the rows (a value for each of ``columns``: COLUMNS, or PLAIN_COLUMNS) and bring
        the packed current figures up to date; inside the write transaction. Returns how many rows."""
        fresh = packed.is_fresh(self.conn)
        with _bulk(self.conn, len(rows)):
            for start in range(0, len(rows), ROWS_PER_PROGRESS):
                _insert(self.conn, rows[start:start + ROWS_PER_PROGRESS], columns)
                if progress:
                    progress(min(start + ROWS_PER_PROGRESS, len(rows)))
        # after the indexes are back: a rebuild reads through them
        packed.update(self.conn, rows, fresh, columns)
        return len(rows)

    def backup(self, target: str | os.PathLike) -> int:
        """A consistent copy while others write (SQLite's online backup API); returns how many
        revisions it holds.

        The copy is written beside the target under a temporary name, checked (integrity, and
        the revision count of the snapshot it copied), flushed to disk and only then renamed: a
        killed or failed backup leaves nothing at the target's name. A source that fails its
        own check is refused (a backup of a damaged file is no backup).
        """
        target = os.fspath(target)
        folder = os.path.dirname(target) or "."
        if os.path.exists(target):
            raise StoreError(f"{target} exists: choose a new file name (a backup never overwrites)")
        if not os.path.isdir(folder):
            raise StoreError(f"{target}: the folder {folder} does not exist; create it or choose another")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(f"{target}: cannot write in {folder} (permission denied); choose another folder")
        problems = self.problems(compare_current=False)
        if problems:
            raise StoreDamaged(f"{self.path} fails its check ({problems[0]}); no backup written. Restore the "
                               "database from an earlier backup")
        temporary = os.path.join(folder, f".{os.path.basename(target)}.{os.getpid()}.partial")
        try:
            dest = sqlite3.connect(temporary)
            try:
                self.conn.execute("BEGIN")  # one snapshot for the count and the copy
                try:
                    expected = self.count()
                    self.conn.backup(dest)
                finally:
                    self.conn.execute("COMMIT")
                copied = dest.execute("SELECT count(*) FROM revisions").fetchone()[0]
                check = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dest.close()
            if check != "ok" or copied != expected:
                raise StoreError(f"backup to {target} failed its check ({check}; {copied} of {expected} "
                                 "revisions); nothing written, try again")
            _fsync(temporary)
            os.replace(temporary, target)
            _fsync(folder)
        except sqlite3.Error as exc:
            raise StoreError(f"backup to {target} failed ({explain(exc, target)}); nothing written") from None
        except OSError as exc:
            raise StoreError(f"backup to {target} failed ({exc.strerror}); nothing written") from None
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return expected

    def problems(self, full: bool = False, compare_current: bool = True) -> list[str]:
        """What is wrong with the file, each in a few words; [] when it is sound.

        SQLite's quick check (``full``: its integrity check, which also compares every index
        with its table), then ectui's own invariants: the schema version, the triggers that
        keep revisions append-only and (``compare_current``) the packed current figures equal
        to those computed from the revisions: SQLite checks its page structure, not the values
        in it, and a flipped bit in a value shows as the two disagreeing."""
        from ectui.db.schema import SCHEMA_VERSION
        try:
            verdict = [row[0] for row in self.conn.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}(5)")]
            found = [] if verdict == ["ok"] else [f"SQLite reports: {'; '.join(verdict)}"]
            if self.schema_version != SCHEMA_VERSION:
                found.append(f"schema v{self.schema_version}, expected v{SCHEMA_VERSION}")
            triggers = {row[0] for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'revisions'")}
            for name in ("revisions_no_update", "revisions_no_delete"):
                if name not in triggers:
                    found.append(f"the trigger {name} that keeps revisions append-only is missing")
            if compare_current and not found and packed.is_fresh(self.conn) and packed.read(self.conn) != packed.compute(self.conn):
                found.append("the current figures kept beside the revisions differ from the revisions")
            if full and not found:  # every stored text read: SQLite does not check their encoding
                for _ in self.conn.execute(f"SELECT {', '.join(READ_COLUMNS)} FROM revisions"):
                    pass
        except sqlite3.DatabaseError as exc:
            found = ["a stored text is not valid UTF-8" if "decode" in str(exc).lower() else f"SQLite reports: {exc}"]
        except UnicodeDecodeError:
            found = ["a stored text is not valid UTF-8"]
        return found

    # ── reads ───────────────────────────────────────────────────────────────────────
    def current(self, vintage: str | None = None, regions: Iterable[str] | None = None,
                recorded_by: str | None = None) -> dict[tuple[str, str], Series]:
        """Current figures per (region, indicator), ordered by year: for each year the figure that
        counts (packed.lay_over: official first, then the latest publication). Retracted figures
        are left out; so are figures for part of a year (``parts``).

        ``vintage`` (a publication date as figures have one: ``2013``, ``2016-06``, ``2016-06-30``)
        answers "what had been published by then" (a year or month: by its end);
        ``recorded_by`` (UTC ISO timestamp) "what had been typed in by then".
        """
        regions = list(regions) if regions is not None else None
        if vintage is None and recorded_by is None and self._packed_is_fresh():
            return packed.read(self.conn, regions)
        return self.computed_current(vintage, regions, recorded_by)

    def _packed_is_fresh(self) -> bool:
        """Whether the packed current figures can be read; brings them up to date if this user may."""
        if packed.is_fresh(self.conn):
            return True
        if self.readonly:
            return False  # computed from the revisions instead: the same figures, slower
        with self._write():
            packed.rebuild(self.conn)
        return True

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: a cheap poll for live views."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

# Rows per INSERT statement: one statement per row costs SQLite a statement step and Python a
# call each, which was over half of a national import's writing time.
ROWS_PER_INSERT = 100


def _insert(conn: sqlite3.Connection, rows: list[tuple], columns: tuple[str, ...] = COLUMNS) -> None:
    """INSERT rows into revisions, ROWS_PER_INSERT per statement, in order (ids follow it)."""
    width = len(columns)
    row = f"({', '.join('?' * width)})"
    if set(map(len, rows)) - {width}:  # one row too short would shift every value after it
        raise ValueError(f"every row must have {width} values")
    per = max(1, min(ROWS_PER_INSERT, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width))
    whole = len(rows) - len(rows) % per

    def statement(count: int) -> str:
        return f"INSERT INTO revisions ({', '.join(columns)}) VALUES {', '.join([row] * count)}"
    if whole:
        values = chain.from_iterable(rows[:whole])
        conn.executemany(statement(per), iter(lambda: tuple(islice(values, per * width)), ()))
    if whole < len(rows):
        rest = rows[whole:]
        conn.execute(statement(len(rest)), tuple(chain.from_iterable(rest)))


class _Immediate:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: takes the write lock up front so
    that two writers queue on the busy timeout instead of failing halfway."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise explain(exc) from None
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as commit_error:  # a full disk shows here, when the pages are written
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise explain(commit_error) from None
            return False
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.IntegrityError):  # e.g. a constraint added to the file outside ectui
            raise StoreError(f"storing the figures failed ({exc}); nothing was written") from None
        if isinstance(exc, sqlite3.Error):
            raise explain(exc) from None
        return False


# A write of at least this many rows, and at least as many as are stored, is a bulk load.
BULK_ROWS = 50_000
BULK_CACHE_KIB = 256 * 1024


class _bulk:
    """Inside a write transaction, around appending ``rows`` rows: for a bulk load, a larger page
    cache and the revisions' indexes dropped and built again afterwards. Sorting a million keys
    once is about twice as fast as inserting them one by one. The transaction makes it all or
    nothing: a failed load rolls the indexes back with the rows."""

    def __init__(self, conn: sqlite3.Connection, rows: int):
        self.conn, self.indexes, self.cache = conn, [], None
        if rows >= BULK_ROWS and rows >= conn.execute("SELECT coalesce(max(id), 0) FROM revisions").fetchone()[0]:
            self.cache = conn.execute("PRAGMA cache_size").fetchone()[0]
            # Each index is rebuilt from its own CREATE statement, as the migrations wrote it.
            self.indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                        "AND tbl_name = 'revisions' AND sql IS NOT NULL").fetchall()

    def __enter__(self):
        if self.active:
            self.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            for name, _ in self.indexes:
                self.conn.execute(f'DROP INDEX "{name}"')
        return self

    @property
    def active(self) -> bool:
        """Whether this write is a bulk load (indexes dropped and built again)."""
        return self.cache is not None

    def __exit__(self, exc_type, exc, tb):
        if not self.active:
            return False
        try:
            if exc_type is None:
                for _, sql in self.indexes:
                    self.conn.execute(sql)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {self.cache}")
        return False


def _fsync(path: str) -> None:
    """Flush a file (or a folder's entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_store(path: str | os.PathLike, readonly: bool | None = None) -> Store:
    return Store(path, readonly)
