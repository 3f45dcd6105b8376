"""The same store on a PostgreSQL server, through psycopg 3 (docs/store.md, "PostgreSQL").

>>> store = open_postgres("postgresql://analyst@db.example/ectui")      # doctest: +SKIP
>>> store.record([NewRevision("quanzhou", "ec_transactions", 2015, 1950.0, unit="亿元")])  # doctest: +SKIP

What differs from SQLite, and why, in one place:

- **Rights.** The database, not ectui, decides who may write what. Two group roles of the
  database's own hold the privileges: ``ectui_<db>_reader`` (SELECT) and ``ectui_<db>_editor``
  (SELECT, and INSERT into revisions only). Which regions an editor may write is a row-level
  security policy over ``ectui_rights`` (role, region, granted): ``ectui grant quanzhou ROLE``
  writes a row for quanzhou and each region below it; the same policy makes an editor's revisions
  carry its own role as author. The owner (who ran ``ectui init --postgres``) owns the tables and
  runs migrations. Nobody may UPDATE, DELETE or TRUNCATE revisions: no role has the privilege,
  and triggers refuse it to the owner too.
- **Writes** are one transaction each, queued behind other writers by a transaction-level
  advisory lock (any role may take one; a table lock would need UPDATE rights). Rows are COPYed
  into a temporary staging table, checked against the writer's rights, then inserted in order.
- **Current figures** are computed from the revisions by the definition (packed.lay_over): the
  packed table is SQLite's way to read a whole country fast, and the server has no need of it.
- **Live views** listen: an INSERT notifies channel ``ectui_revisions``; ``data_version`` counts
  the notifications received.
- **Times** are the server's clock, the one clock every writer shares.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql as pg_sql

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
    narrowed,
    revision_of,
)
from ectui.model import Revision, Series

CHANNEL = "ectui_revisions"
WRITE_LOCK = 0x6563747569  # "ectui": the advisory lock every writer takes, so that writers queue
CONNECT_TIMEOUT_S = 10
STREAM_ROWS = 20_000  # rows per batch a server-side cursor hands over
BULK_ROWS = 50_000  # a write of at least this many rows, and as many as are stored, is a bulk load

# The column types of revisions, for the staging table COPY writes into
_TYPES = {"region": "text", "indicator": "text", "year": "integer", "value": "double precision",
          "unit": "text", "qualifier": "text", "entered": "text", "source": "text", "note": "text",
          "publisher": "text", "published": "text", "official": "boolean", "url": "text", "period": "text",
          "author": "text", "recorded_at": "text"}

# Schema versions, applied in order by the owner; ``ectui_schema`` says where a database is.
# Never edit a released step: add one. v1 is SQLite's v6 with the rights (docs/store.md).
MIGRATIONS: list[str] = [
    f"""
    CREATE TABLE ectui_schema (version integer NOT NULL);
    CREATE TABLE revisions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        region text NOT NULL, indicator text NOT NULL, year integer NOT NULL, value double precision,
        unit text NOT NULL, source text NOT NULL, note text NOT NULL, author text NOT NULL,
        recorded_at text NOT NULL, qualifier text NOT NULL DEFAULT '', entered text NOT NULL DEFAULT '',
        publisher text NOT NULL DEFAULT '', published text NOT NULL DEFAULT '',
        official boolean NOT NULL DEFAULT true, url text NOT NULL DEFAULT '', period text NOT NULL DEFAULT '');
    CREATE INDEX revisions_current ON revisions (region, indicator, year, id);
    CREATE INDEX revisions_recorded ON revisions (recorded_at);
    CREATE INDEX revisions_part_year ON revisions (region, indicator, year, period, id) WHERE period != '';

    -- Append-only: history is evidence. No role is granted UPDATE or DELETE; these stop the owner.
    CREATE FUNCTION ectui_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'revisions are append-only: %', TG_ARGV[0] USING ERRCODE = 'insufficient_privilege'; END $$;
    CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
        FOR EACH ROW EXECUTE FUNCTION ectui_refuse('record a new revision instead');
    CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
        FOR EACH ROW EXECUTE FUNCTION ectui_refuse('use retract instead');
    CREATE TRIGGER revisions_no_truncate BEFORE TRUNCATE ON revisions
        FOR EACH STATEMENT EXECUTE FUNCTION ectui_refuse('nothing may be removed');

    -- Live views: one notification per INSERT statement
    CREATE FUNCTION ectui_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$;
    CREATE TRIGGER revisions_notify AFTER INSERT ON revisions FOR EACH STATEMENT EXECUTE FUNCTION ectui_notify();

    -- Rights: which regions a role may write (a granted region and each region below it)
    CREATE TABLE ectui_rights (role text NOT NULL, region text NOT NULL, granted text NOT NULL,
                               PRIMARY KEY (role, region, granted));
    ALTER TABLE revisions ENABLE ROW LEVEL SECURITY;
    CREATE POLICY revisions_read ON revisions FOR SELECT USING (true);
    -- an editor writes its regions, under its own name (the owner, who restores exports, is exempt)
    CREATE POLICY revisions_write ON revisions FOR INSERT WITH CHECK (author = current_user AND region IN (
        SELECT r.region FROM ectui_rights r JOIN pg_roles g ON g.rolname = r.role
        WHERE pg_has_role(current_user, g.oid, 'MEMBER')));

    -- The database's own two group roles (named after it, so that a reader of one ectui database on a
    -- server reads no other): filled in, and granted their privileges, when the schema is created.
    CREATE TABLE ectui_groups (kind text PRIMARY KEY CHECK (kind IN ('reader', 'editor')), role text NOT NULL);
    REVOKE ALL ON revisions, ectui_schema, ectui_rights, ectui_groups FROM PUBLIC;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

# The regions this role may write, as the policy sees them
_MY_REGIONS = ("SELECT DISTINCT r.region FROM ectui_rights r JOIN pg_roles g ON g.rolname = r.role "
               "WHERE pg_has_role(current_user, g.oid, 'MEMBER')")


def group_names(database: str) -> tuple[str, str]:
    """The reader and editor group roles of a database: ectui_<database>_reader, …_editor."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    return f"ectui_{base}_reader", f"ectui_{base}_editor"


def shown(url: str) -> str:
    """The URL without its password (in the user part or as a parameter), to show and to keep."""
    url = re.sub(r"^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@", r"\1@", url)
    return re.sub(r"([?&])password=[^&]*&?", r"\1", url).rstrip("?&")


def explain(exc: psycopg.Error, where: str, writing: bool = True) -> StoreError:
    """What a PostgreSQL error means to the person who ran the command: one line, what to do."""
    text = (getattr(exc.diag, "message_primary", None) or str(exc)).strip()
    nothing = "nothing was written" if writing else "nothing was read"
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        grant = "`ectui grant REGION ROLE`" if writing else "`ectui grant --read ROLE`"
        return StoreReadOnly(f"{where}: the database refused ({text}); {nothing}. Ask the database's owner for "
                             f"the right ({grant})")
    if isinstance(exc, pg_errors.DiskFull):
        return StoreError(f"{where}: the server's disk is full ({text}); {nothing}. Ask its administrator")
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return StoreReadOnly(f"{where}: opened read-only ({text}); {nothing}")
    if isinstance(exc, pg_errors.DataCorrupted | pg_errors.IndexCorrupted):
        return StoreDamaged(f"{where}: the server reports damaged data ({text}); {nothing}. Ask its "
                            "administrator to restore from a backup")
    if isinstance(exc, psycopg.OperationalError):
        return StoreUnusable(f"{where}: cannot reach the PostgreSQL server ({text}); {nothing}. Check that it "
                             "runs and that --db, $ECTUI_DB or the workspace's ectui.toml names it")
    return StoreError(f"{where}: database error ({text}); {nothing}")


class PostgresStore(RevisionStore):
    """One ectui database on a PostgreSQL server. Reads need SELECT; writes need INSERT on
    revisions for the regions written (StoreReadOnly otherwise, saying whom to ask)."""

    engine = "postgresql"

    def __init__(self, url: str, readonly: bool | None = None, create: bool = False):
        self.url, self.path = url, shown(url)
        self.created = False
        self._notified = 0
        self._readonly_session = bool(readonly)
        try:
            self.conn = self._connect()
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            reason = reason.split("failed: ")[-1].replace("FATAL:  ", "")  # libpq's own words, once
            if "does not exist" in reason and "database" in reason:
                advice = "create it first (createdb, or CREATE DATABASE in psql, as its future owner)"
            elif "password" in reason:
                advice = "give the password in ~/.pgpass or $PGPASSWORD (ectui keeps none in its files)"
            else:
                advice = "check that the server runs and that --db, $ECTUI_DB or the workspace's ectui.toml names it"
            raise StoreUnusable(f"{self.path}: cannot connect ({reason}); {advice}") from None
        try:
            self.role = self._one("SELECT current_user")
            version = self._version()
            if version is None and create:
                self._create()
                version = SCHEMA_VERSION
            if version is None:
                raise StoreUnusable(f"{self.path}: holds no ectui database yet; its owner creates one with "
                                    f"`ectui init --postgres {self.path}`")
            groups: dict[str, str] = dict(self.conn.execute("SELECT kind, role FROM ectui_groups").fetchall())
            self.reader, self.editor = groups["reader"], groups["editor"]
            self.owner = bool(self._one("SELECT pg_has_role(current_user, relowner, 'MEMBER') FROM pg_class "
                                        "WHERE oid = 'revisions'::regclass"))
            may_insert = bool(self._one("SELECT has_table_privilege('revisions', 'INSERT')"))
            self.readonly = (not may_insert) if readonly is None else readonly or not may_insert
            self._migrate(version)
            self._listen()
        except psycopg.Error as exc:
            self.conn.close()
            raise explain(exc, self.path, writing=False) from None
        except StoreError:
            self.conn.close()
            raise

    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="ectui")
        if self._readonly_session:
            conn.execute("SET default_transaction_read_only = on")
        return conn

    def _listen(self) -> None:
        self.conn.add_notify_handler(self._count_notification)
        self.conn.execute(f"LISTEN {CHANNEL}")

    # ── schema ──────────────────────────────────────────────────────────────────────
    def _version(self) -> int | None:
        if self._one("SELECT to_regclass('ectui_schema')") is None:
            return None
        return self._one("SELECT max(version) FROM ectui_schema")

    @property
    def schema_version(self) -> int:
        return self._version() or 0

    def _create(self) -> None:
        """The schema and the two group roles, as the owner (``ectui init --postgres``)."""
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                if self._version() is not None:
                    return  # another init got there first
                reader, editor = group_names(self._one("SELECT current_database()"))
                for role in (reader, editor):
                    if self._one("SELECT count(*) FROM pg_roles WHERE rolname = %s", (role,)) == 0:
                        self.conn.execute(pg_sql.SQL("CREATE ROLE {} NOLOGIN").format(pg_sql.Identifier(role)))
                self._apply(0)
                self.conn.execute("INSERT INTO ectui_groups VALUES ('reader', %s), ('editor', %s)", (reader, editor))
                tables = pg_sql.SQL(", ").join(map(pg_sql.Identifier, ("revisions", "ectui_schema", "ectui_rights",
                                                                       "ectui_groups")))
                for grant in (pg_sql.SQL("GRANT SELECT ON {} TO {}").format(tables, pg_sql.Identifier(reader)),
                              pg_sql.SQL("GRANT {} TO {}").format(pg_sql.Identifier(reader), pg_sql.Identifier(editor)),
                              pg_sql.SQL("GRANT INSERT ON revisions TO {}").format(pg_sql.Identifier(editor))):
                    self.conn.execute(grant)
        except pg_errors.InsufficientPrivilege as exc:
            raise StoreReadOnly(f"{self.path}: role {self._one('SELECT current_user')} cannot create the schema "
                                f"and roles ({_first_line(exc)}); run `ectui init --postgres` as a role that "
                                "owns the database and may create roles (CREATEROLE)") from None
        self.created = True

    def _apply(self, version: int) -> None:
        for step in MIGRATIONS[version:]:
            self.conn.execute(step)  # the steps are constant text
        self.conn.execute("DELETE FROM ectui_schema")
        self.conn.execute("INSERT INTO ectui_schema VALUES (%s)", (SCHEMA_VERSION,))

    def _migrate(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreUnusable(f"{self.path}: written by a newer ectui (schema {version}, this one knows "
                                f"{SCHEMA_VERSION}); upgrade ectui")
        if version == SCHEMA_VERSION:
            return
        if not self.owner or self.readonly:
            raise StoreUnusable(f"{self.path}: needs an upgrade from schema {version} to {SCHEMA_VERSION}, which "
                                "only its owner may run: ask them to run `ectui check`")
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            if self._version() == version:
                self._apply(version)

    @property
    def keeps_documents(self) -> bool:  # type: ignore[override]
        return self.owner and not self.readonly

    def close(self) -> None:
        self.conn.close()

    def require_writable(self) -> None:
        if self.readonly:
            raise StoreReadOnly(f"{self.path}: role {self.role} may read but not record figures; ask the "
                                "database's owner (`ectui grant REGION ROLE`)")

    # ── the engine's pieces (db/base.py) ────────────────────────────────────────────
    def _rows(self, sql: str, params: Iterable[Any] = ()) -> Iterable[tuple]:
        # base.py writes ? placeholders; none of its SQL holds a literal ? or %
        return self.conn.execute(sql.replace("?", "%s"), list(params))

    def _stream(self, sql: str, params: Iterable[Any] = ()) -> Iterator[tuple]:
        """Rows read in batches through a server-side cursor: a whole country's revisions never sit
        in memory at once (a client-side result would hold all 1.3 million)."""
        with self.conn.transaction(), self.conn.cursor(name="ectui_read") as cur:
            cur.itersize = STREAM_ROWS
            cur.execute(sql.replace("?", "%s"), list(params))
            yield from cur

    def _one(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = self.conn.execute(sql, list(params)).fetchone()
        return None if row is None else row[0]

    def _default_author(self) -> str:
        return self.role  # the role the server vouches for, whichever machine it writes from

    def _now(self) -> str:
        return self._one("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                         "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")

    def _write(self) -> _Transaction:
        self.require_writable()
        return _Transaction(self)

    def _append(self, rows: list[tuple], progress: Callable[[int], None] | None,
                columns: tuple[str, ...] = COLUMNS) -> int:
        """Insert the rows in order, inside the write transaction. An editor's go through a staging
        table, checked against its rights first (the policy would refuse them anyway; this names
        them). The owner's bulk load (at least BULK_ROWS, and at least as many as are stored) is
        COPYed straight into revisions with the secondary indexes dropped and built again after it,
        in this transaction: the owner is exempt from the policy, and staging 1.3 million rows to
        insert them again took a third of a national import."""
        if not rows:
            return 0
        listed = ", ".join(columns)
        bulk = self.owner and len(rows) >= BULK_ROWS and \
            len(rows) >= self._one("SELECT coalesce(max(id), 0) FROM revisions")
        if bulk:
            indexes = list(self.conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'revisions' AND indexname != 'revisions_pkey'"))
            for name, _ in indexes:
                self.conn.execute(pg_sql.SQL("DROP INDEX {}").format(pg_sql.Identifier(name)))
            self._copy(f"COPY revisions ({listed}) FROM STDIN", rows, progress, numbered=False)
            self.conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, definition in indexes:
                self.conn.execute(definition)
        else:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS ectui_staging (seq bigint, "
                              + ", ".join(f"{c} {t}" for c, t in _TYPES.items()) + ") ON COMMIT DELETE ROWS")
            self._copy(f"COPY ectui_staging (seq, {listed}) FROM STDIN", rows, progress, numbered=True)
            if not self.owner:
                self._refuse_what_the_policy_would()
            self.conn.execute(f"INSERT INTO revisions ({listed}) SELECT {listed} FROM ectui_staging ORDER BY seq")
        if progress:
            progress(len(rows))
        return len(rows)

    def _copy(self, statement: str, rows: list[tuple], progress: Callable[[int], None] | None,
              numbered: bool) -> None:
        """COPY the rows (each after its number in the file, if ``numbered``)."""
        with self.conn.cursor() as cur, cur.copy(statement) as copy:
            for n, row in enumerate(rows, 1):
                copy.write_row((n, *row) if numbered else row)
                if progress and n % ROWS_PER_PROGRESS == 0:
                    progress(n)

    def _refuse_what_the_policy_would(self) -> None:
        """An editor's staged rows that carry another author or a region it may not write: refused
        here in one line that names them."""
        others = self._one("SELECT count(*) FROM ectui_staging WHERE author != current_user")
        if others:
            raise StoreReadOnly(f"{self.path}: role {self.role} records under its own name only; {others} "
                                "revision(s) carry another author (an export's). Nothing was written: restoring "
                                "others' revisions is for the database's owner")
        refused = [r for r, in self.conn.execute(
            f"SELECT DISTINCT region FROM ectui_staging WHERE region NOT IN ({_MY_REGIONS}) ORDER BY 1")]
        if refused:
            mine = [r for r, in self.conn.execute(_MY_REGIONS + " ORDER BY 1")]
            raise StoreReadOnly(
                f"{self.path}: role {self.role} may not record figures of {', '.join(refused)} "
                f"({'it may write ' + ', '.join(mine) if mine else 'it may write no region'}); nothing was "
                f"written. Ask the database's owner: `ectui grant {refused[0]} {self.role}`")

    # ── reads ───────────────────────────────────────────────────────────────────────
    def current(self, vintage: str | None = None, regions: Iterable[str] | None = None,
                recorded_by: str | None = None) -> dict[tuple[str, str], Series]:
        """As SQLite's Store.current, always computed from the revisions (streamed)."""
        where, params = narrowed(vintage, recorded_by, None if regions is None else list(regions))
        return packed.series_of(self._stream(packed.REVISIONS.format(and_where=where), params))

    def revisions(self) -> list[Revision]:
        return [revision_of(row) for row in self._stream(
            f"SELECT id, {', '.join(READ_COLUMNS)} FROM revisions ORDER BY id")]

    def data_version(self) -> int:
        """Changes whenever someone (any machine) has added revisions since the last call: the
        server's notifications, delivered on this round trip. A connection the server dropped (a
        restart, a network cut) is made again here, and counts as a change: notifications sent
        meanwhile were lost. StoreUnusable while the server cannot be reached."""
        try:
            if self.conn.broken or self.conn.closed:
                self.conn = self._connect()
                self._listen()
                self._notified += 1
            self.conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise explain(exc, self.path, writing=False) from None
        return self._notified

    def _count_notification(self, _notification: psycopg.Notify) -> None:
        self._notified += 1

    def problems(self, full: bool = False, compare_current: bool = True) -> list[str]:
        """What is wrong with the database, each in a few words; [] when it is sound: the schema
        version, the triggers that keep revisions append-only, the row-level security that keeps
        editors to their regions. (The server checks its own pages; ``full`` reads every row.)"""
        found = []
        version = self.schema_version
        if version != SCHEMA_VERSION:
            found.append(f"schema v{version}, expected v{SCHEMA_VERSION}")
        triggers = {name for name, in self.conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'revisions'::regclass AND tgenabled != 'D'")}
        for name in ("revisions_no_update", "revisions_no_delete", "revisions_no_truncate"):
            if name not in triggers:
                found.append(f"the trigger {name} that keeps revisions append-only is missing or disabled")
        if not self._one("SELECT relrowsecurity FROM pg_class WHERE oid = 'revisions'::regclass"):
            found.append("row-level security is off: editors could write any region")
        policies = {name for name, in self.conn.execute(
            "SELECT policyname FROM pg_policies WHERE tablename = 'revisions'")}
        if "revisions_write" not in policies:
            found.append("the policy revisions_write that keeps editors to their regions is missing")
        for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
            holders = [r for r, in self.conn.execute(
                "SELECT rolname FROM pg_roles WHERE has_table_privilege(oid, 'revisions', %s) AND NOT rolsuper "
                "AND left(rolname, 3) != 'pg_' "  # predefined roles (pg_write_all_data): only superusers grant them
                "AND NOT pg_has_role(oid, (SELECT relowner FROM pg_class WHERE oid = 'revisions'::regclass), "
                "'MEMBER') ORDER BY 1", (privilege,))]
            if holders:
                found.append(f"role(s) {', '.join(holders)} may {privilege} revisions: revoke it")
        if full and not found:
            for _ in self.conn.execute("SELECT * FROM revisions"):
                pass
        return found

    # ── rights (the owner) ──────────────────────────────────────────────────────────
    def rights(self) -> list[tuple[str, str, list[str]]]:
        """(role, granted region, the regions it covers) per grant; readers as (role, "", [])."""
        out: dict[tuple[str, str], list[str]] = {}
        for role, granted, region in self.conn.execute(
                "SELECT role, granted, region FROM ectui_rights ORDER BY role, granted, region"):
            out.setdefault((role, granted), []).append(region)
        readers = [r for r, in self.conn.execute(
            "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
            "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = %s AND m.rolname != %s ORDER BY 1",
            (self.reader, self.editor))]
        return [(role, granted, regions) for (role, granted), regions in out.items()] + \
            [(role, "", []) for role in readers if not any(role == r for r, _ in out)]

    def grant(self, role: str, granted: str | None, regions: list[str]) -> None:
        """Let ``role`` write ``regions`` (``granted`` and those below it); with ``granted`` None,
        read only."""
        self._require_owner("grant rights")
        with self._rights_change(role):
            if granted is None:
                self.conn.execute(pg_sql.SQL("GRANT {} TO {}").format(pg_sql.Identifier(self.reader),
                                                                      pg_sql.Identifier(role)))
                return
            self.conn.execute(pg_sql.SQL("GRANT {} TO {}").format(pg_sql.Identifier(self.editor),
                                                                  pg_sql.Identifier(role)))
            self.conn.execute("DELETE FROM ectui_rights WHERE role = %s AND granted = %s", (role, granted))
            with self.conn.cursor() as cur:
                cur.executemany("INSERT INTO ectui_rights VALUES (%s, %s, %s)",
                                [(role, region, granted) for region in regions])

    def revoke(self, role: str, granted: str | None) -> int:
        """Take back a grant (``granted`` None: reading, and so everything); returns how many
        regions the role no longer may write."""
        self._require_owner("revoke rights")
        with self._rights_change(role):
            if granted is None:
                n = self.conn.execute("DELETE FROM ectui_rights WHERE role = %s", (role,)).rowcount
                for group in (self.editor, self.reader):
                    self.conn.execute(pg_sql.SQL("REVOKE {} FROM {}").format(pg_sql.Identifier(group),
                                                                             pg_sql.Identifier(role)))
                return n
            n = self.conn.execute("DELETE FROM ectui_rights WHERE role = %s AND granted = %s",
                                  (role, granted)).rowcount
            if not self._one("SELECT count(*) FROM ectui_rights WHERE role = %s", (role,)):
                # no region left: it still reads, as every editor did (revoke --read takes that too)
                for verb, group in (("REVOKE {} FROM {}", self.editor), ("GRANT {} TO {}", self.reader)):
                    self.conn.execute(pg_sql.SQL(verb).format(pg_sql.Identifier(group), pg_sql.Identifier(role)))
            return n

    def refresh_rights(self, covered: Callable[[str], list[str]]) -> int:
        """Bring each grant's regions up to date with targets.toml (a region added below a granted
        one); ``covered(granted)`` gives them. Returns how many rows changed. The owner only."""
        if not self.owner or self.readonly:
            return 0
        changed = 0
        with self.conn.transaction():
            for role, granted, regions in self.rights():
                if not granted:
                    continue
                now = covered(granted)
                if sorted(now) != sorted(regions):
                    self.conn.execute("DELETE FROM ectui_rights WHERE role = %s AND granted = %s", (role, granted))
                    with self.conn.cursor() as cur:
                        cur.executemany("INSERT INTO ectui_rights VALUES (%s, %s, %s)",
                                        [(role, region, granted) for region in now])
                    changed += len(set(now) ^ set(regions))
        return changed

    def _require_owner(self, what: str) -> None:
        if not self.owner:
            raise StoreReadOnly(f"{self.path}: only the database's owner may {what}; role {self.role} is not it")

    def _rights_change(self, role: str) -> _RightsChange:
        return _RightsChange(self, role)

    # ── backup ──────────────────────────────────────────────────────────────────────
    def backup(self, target: str | os.PathLike) -> int:
        """pg_dump of one consistent snapshot (custom format, for pg_restore), checked: the dump
        lists the revisions' data, and the count is the snapshot's. Returns that count."""
        target = os.fspath(target)
        folder = os.path.dirname(target) or "."
        if os.path.exists(target):
            raise StoreError(f"{target} exists: choose a new file name (a backup never overwrites)")
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(f"{target}: cannot write in {folder}; choose another folder")
        dump, restore = shutil.which("pg_dump"), shutil.which("pg_restore")
        if not dump or not restore:
            raise StoreError(f"{self.path}: a PostgreSQL backup is made with pg_dump, which is not installed "
                             "here (Debian: apt-get install postgresql-client); or ask the server's administrator")
        temporary = os.path.join(folder, f".{os.path.basename(target)}.{os.getpid()}.partial")
        snapshot = psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_S)
        try:
            snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            name = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
            expected = snapshot.execute("SELECT count(*) FROM revisions").fetchone()[0]  # type: ignore[index]
            done = subprocess.run([dump, "--format=custom", f"--snapshot={name}", f"--file={temporary}",
                                   "--dbname", self.url], capture_output=True, text=True)
            if done.returncode:
                raise StoreError(f"backup to {target} failed (pg_dump: {_first_line(done.stderr)}); nothing written")
            listed = subprocess.run([restore, "--list", temporary], capture_output=True, text=True)
            if listed.returncode or "TABLE DATA public revisions" not in listed.stdout:
                raise StoreError(f"backup to {target} failed its check (pg_restore --list does not show the "
                                 "revisions' data); nothing written")
            os.replace(temporary, target)
        finally:
            snapshot.close()
            if os.path.exists(temporary):
                os.unlink(temporary)
        return expected


DUMP_MAGIC = b"PGDMP"  # how a pg_dump file in custom format begins


def verify_dump(path: str) -> str:
    """What ``ectui backup --verify`` can tell of a PostgreSQL backup without a server: that
    pg_restore reads its table of contents, and that it holds ectui's revisions with the triggers
    and the policy that protect them. A one-line verdict; StoreDamaged when it is not sound."""
    restore = shutil.which("pg_restore")
    if not restore:
        raise StoreError(f"{path}: a pg_dump file; checking it needs pg_restore (apt-get install postgresql-client)")
    listed = subprocess.run([restore, "--list", path], capture_output=True, text=True)
    if listed.returncode:
        raise StoreDamaged(f"{path}: NOT a sound backup — pg_restore cannot read it ({_first_line(listed.stderr)})")
    wanted = ["TABLE DATA public revisions", "TRIGGER public revisions revisions_no_update",
              "TRIGGER public revisions revisions_no_delete", "POLICY public revisions revisions_write",
              "TABLE DATA public ectui_schema"]
    missing = [w for w in wanted if w not in listed.stdout]
    if missing:
        raise StoreDamaged(f"{path}: NOT a sound backup — it lacks {', '.join(missing)}")
    return (f"{path}: ok — a pg_dump of an ectui database (revisions, append-only triggers, rights); restore it "
            "with pg_restore --dbname URL into an empty database, then run `ectui check`")


class _Transaction:
    """One write: a transaction that waits for the writers before it (the advisory lock), rolled
    back on any error, which is explained in one line."""

    def __init__(self, store: PostgresStore):
        self.store = store
        self.inner: Any = None

    def __enter__(self) -> _Transaction:
        try:
            self.inner = self.store.conn.transaction()
            self.inner.__enter__()
            self.store.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        except psycopg.Error as exc:
            raise explain(exc, self.store.path) from None
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.inner.__exit__(exc_type, exc, tb)
        except psycopg.Error as commit_error:
            raise explain(commit_error, self.store.path) from None
        if isinstance(exc, psycopg.Error):
            raise explain(exc, self.store.path) from None


class _RightsChange(_Transaction):
    """A grant or revoke: one transaction; an unknown role is named."""

    def __init__(self, store: PostgresStore, role: str):
        super().__init__(store)
        self.role = role

    def __enter__(self) -> _RightsChange:
        if not self.store._one("SELECT count(*) FROM pg_roles WHERE rolname = %s", (self.role,)):
            raise StoreError(f"{self.store.path}: there is no role {self.role}; create it first "
                             f"(psql: CREATE ROLE {self.role} LOGIN PASSWORD '…')")
        super().__enter__()
        return self


def _first_line(exc: BaseException | str) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_postgres(url: str, readonly: bool | None = None, create: bool = False) -> PostgresStore:
    return PostgresStore(url, readonly, create)
