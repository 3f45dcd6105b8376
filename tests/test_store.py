import os
import sqlite3
import time

import pytest
import sqlite_utils

from ectui.db import StoreError, StoreReadOnly, open_store, packed
from ectui.db.schema import MIGRATIONS, SCHEMA_VERSION
from ectui.model import NewRevision


def rev(value, year=2015, **kw):
    return NewRevision("quanzhou", "ec_transactions", year, value, unit="亿元", source=kw.pop("source", "s"), **kw)


def test_correction_keeps_every_revision(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([rev(1900.0)])
    store.record([rev(1950.0, note="corrected")])
    history = store.history("quanzhou", "ec_transactions")
    assert [r.value for r in history] == [1900.0, 1950.0]
    assert history[1].note == "corrected" and history[0].author and history[0].recorded_at.endswith("Z")
    assert store.current()[("quanzhou", "ec_transactions")][-1].value == 1950.0


def test_retraction_hides_the_figure_but_keeps_history(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([rev(1900.0), rev(700.0, year=2012)])
    store.record([rev(None)])
    obs = store.current()[("quanzhou", "ec_transactions")]
    assert [(o.year, o.value) for o in obs] == [(2012, 700.0)]
    assert [r.value for r in store.history("quanzhou", "ec_transactions")] == [700.0, 1900.0, None]


def test_recorded_by_answers_as_of_a_past_timestamp(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([rev(1900.0)])
    first = store.history("quanzhou", "ec_transactions")[0].recorded_at
    time.sleep(0.01)
    store.record([rev(1950.0)])
    assert store.current(recorded_by=first)[("quanzhou", "ec_transactions")][-1].value == 1900.0
    assert store.current()[("quanzhou", "ec_transactions")][-1].value == 1950.0
    assert store.current(recorded_by="2000-01-01T00:00:00.000000Z") == {}


@pytest.mark.parametrize("sql", ["UPDATE revisions SET value = 1", "DELETE FROM revisions"])
def test_triggers_refuse_edits(tmp_path, sql):
    store = open_store(tmp_path / "e.db")
    store.record([rev(1900.0)])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute(sql)
    assert store.history("quanzhou", "ec_transactions")[0].value == 1900.0


def test_a_failed_write_writes_nothing(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([rev(1.0)])

    rows = [rev(2.0), rev(3.0, year=2014), NewRevision("quanzhou", "ec_transactions", None, 4.0)]  # year NULL
    with pytest.raises(StoreError, match="NOT NULL constraint failed: revisions.year"):
        store.record(rows)
    assert store.count() == 1


def test_migrates_a_version_1_file_without_loss(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.conn.execute("INSERT INTO revisions (region, indicator, year, value, unit, source, note, author, recorded_at) "
                    "VALUES ('quanzhou', 'ec_transactions', 2011, 482.53, '亿元', 'plan', '', 'old', '2013-01-01T00:00:00.000000Z')")
    db.conn.commit()
    db.close()
    store = open_store(path)
    assert store.schema_version == SCHEMA_VERSION == 6
    assert "revisions_current" in {i.name for i in store.db["revisions"].indexes}
    assert store.current()[("quanzhou", "ec_transactions")] == [(2011, 482.53, "")]  # packed from old rows
    [r] = store.history("quanzhou", "ec_transactions")
    assert (r.value, r.author, r.qualifier, r.entered) == (482.53, "old", "", "")
    store.record([rev(500.0, qualifier="约")])
    assert store.history("quanzhou", "ec_transactions")[-1].qualifier == "约"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    from ectui.db import StoreError
    with pytest.raises(StoreError, match="newer ectui"):
        open_store(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files; forced read-only below")
def test_read_only_file_opens_for_reading(tmp_path):  # pragma: no cover - runs as a normal user
    path = tmp_path / "e.db"
    open_store(path).record([rev(1.0)])
    os.chmod(path, 0o444)
    store = open_store(path)
    assert store.readonly and store.count() == 1


def test_forced_read_only_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "e.db"
    open_store(path).record([rev(1.0)])
    store = open_store(path, readonly=True)
    assert store.count() == 1
    with pytest.raises(StoreReadOnly, match="read-only"):
        store.record([rev(2.0)])
    # SQLite itself refuses too: the connection is opened with mode=ro
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("INSERT INTO revisions (region) VALUES ('x')")


@pytest.mark.parametrize("name", ["a?b.db", "a#b.db", "100%25 x.db", "统计 数据.db"])
def test_read_only_open_of_a_path_with_uri_characters(tmp_path, name):
    """The read-only open goes through a file: URI, where ?, # and %HH mean something."""
    folder = tmp_path / "年报 ?#%"
    folder.mkdir()
    path = folder / name
    open_store(path).record([rev(1.0)])
    store = open_store(path, readonly=True)
    assert store.count() == 1
    assert sorted(p.name for p in folder.iterdir()) == [name]  # the very file, no look-alike created


def test_not_a_database(tmp_path):
    path = tmp_path / "e.db"
    path.write_text("hello, not sqlite " * 100)
    from ectui.db import StoreError
    with pytest.raises(StoreError, match="not an ectui database"):
        open_store(path)


def test_packed_current_figures_match_the_revisions_after_every_kind_of_write(tmp_path):
    store = open_store(tmp_path / "e.db")
    tricky = [0.1 * 1e4, 703260.8861082729, 1 / 3, 5e-324, 987654321012345.6]  # need all 17 digits
    store.record([rev(v, year=2000 + i) for i, v in enumerate(tricky)])
    store.record([rev(1950.0, qualifier="超过"), rev(10.0, year=2001, qualifier="约")])  # new year, correction
    store.record([NewRevision("cn", "ec_transactions", 2010, 4.5, unit="万亿元", source="s")])
    store.record([rev(None, year=2002)])  # a retraction
    store.restore([(rev(7.0, year=2020), "someone", "2020-01-01T00:00:00.000000Z")])
    assert packed.is_fresh(store.conn)
    computed = packed.compute(store.conn)
    assert store.current() == computed and len(computed) == 2
    figures = store.current()[("quanzhou", "ec_transactions")]
    assert [o.value for o in figures] == [tricky[0], 10.0, *tricky[3:], 1950.0, 7.0]
    assert figures.find(2001).qualifier == "约" and figures.find(2015).qualifier == "超过"
    assert figures.find(2002) is None
    assert store.current(regions=["cn"]) == {("cn", "ec_transactions"): [(2010, 4.5, "")]}


def test_packed_figures_catch_up_with_writes_made_outside_ectui(tmp_path):
    path = tmp_path / "e.db"
    store = open_store(path)
    store.record([rev(1900.0)])
    other = sqlite3.connect(path)  # e.g. the sqlite3 shell
    other.execute("INSERT INTO revisions (region, indicator, year, value, unit, source, note, author, recorded_at) "
                  "VALUES ('quanzhou', 'ec_transactions', 2015, 1960.0, '亿元', 's', '', 'x', '2030-01-01T00:00:00Z')")
    other.commit()
    reader = open_store(path, readonly=True)  # cannot update the packed table: computes instead
    assert reader.current()[("quanzhou", "ec_transactions")][-1].value == 1960.0
    assert not packed.is_fresh(reader.conn)
    store.record([rev(500.0, year=2011)])  # a write rebuilds what it did not write itself
    assert packed.is_fresh(store.conn)
    assert [o.value for o in store.current()[("quanzhou", "ec_transactions")]] == [500.0, 1960.0]


def test_packed_figures_after_a_large_write_across_chunks(tmp_path, monkeypatch):
    """More pairs than are read one by one, corrections in a later chunk than the figure they
    correct, retractions of figures stored earlier: the packed table equals the revisions'."""
    store = open_store(tmp_path / "e.db")
    pairs = [(f"r{n}", f"i{n % 7}") for n in range(packed.READ_ALL_ABOVE_PAIRS + 50)]
    store.record([NewRevision(r, i, 2010, 1.0, source="s") for r, i in pairs[:100]])  # stored before
    big = [NewRevision(r, i, 2011 + n % 3, float(n), source="s") for n, (r, i) in enumerate(pairs)]
    big += [NewRevision(r, i, 2011 + n % 3, n + 0.5, qualifier="约", source="s") for n, (r, i) in enumerate(pairs[:300])]
    big += [NewRevision(r, i, 2010, None, source="s") for r, i in pairs[:40]]  # retract the earlier figure
    monkeypatch.setattr("ectui.db.store.ROWS_PER_PROGRESS", 1000)
    store.record(big)
    assert packed.is_fresh(store.conn)
    assert packed.read(store.conn) == packed.compute(store.conn)
    assert store.current()[pairs[0]] == [(2011, 0.5, "约")]
    assert store.current()[pairs[60]] == [(2010, 1.0, ""), (2011, 60.5, "约")]
    assert store.current()[pairs[-1]] == [(2011 + (len(pairs) - 1) % 3, float(len(pairs) - 1), "")]


def test_packed_arrays_are_little_endian_on_any_machine(monkeypatch):
    """A database file moves between machines: a big-endian one swaps the bytes both ways."""
    from ectui.model import Series
    series = Series([2011, 2015], [482.53, 1800.0], ("", "超过"))
    little = packed.pack(series)
    monkeypatch.setattr(packed, "BIG_ENDIAN", True)  # as a big-endian machine would run
    swapped = packed.pack(series)
    assert swapped[0] != little[0] and swapped[0] == b"".join(little[0][i:i + 4][::-1] for i in (0, 4))
    assert list(packed.unpack(*swapped)) == list(series)


def _indexes(conn):
    return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'revisions' "
                        "ORDER BY name").fetchall()


def test_a_bulk_load_rebuilds_the_indexes_as_they_were(tmp_path, monkeypatch):
    """A write of more rows than are stored drops the revisions' indexes and builds them again;
    the figures, the index definitions and the plan that reads from the covering index stay."""
    from ectui.db import store as store_module
    monkeypatch.setattr(store_module, "BULK_ROWS", 10)
    store = open_store(tmp_path / "e.db")
    store.record([rev(1.0, year=2010)])
    before = _indexes(store.conn)
    assert before and any(name == "revisions_current" for name, _ in before)
    monkeypatch.setattr(store_module, "ROWS_PER_PROGRESS", 7)
    store.record([rev(float(y), year=y) for y in range(2011, 2041)])
    assert _indexes(store.conn) == before
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [o.value for o in store.current()[("quanzhou", "ec_transactions")]] == [float(y) for y in [1, *range(2011, 2041)]]
    plan = " ".join(str(r) for r in store.conn.execute(
        "EXPLAIN QUERY PLAN " + packed.REVISIONS.format(and_where="AND region = 'quanzhou'")))
    assert "revisions_current" in plan
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -2000  # put back after the load


def test_a_failed_bulk_load_keeps_rows_and_indexes(tmp_path, monkeypatch):
    from ectui.db import store as store_module
    monkeypatch.setattr(store_module, "BULK_ROWS", 10)
    store = open_store(tmp_path / "e.db")
    store.record([rev(1.0, year=2010)])
    before = _indexes(store.conn)
    # year NULL breaks NOT NULL in the last chunk, after the indexes were dropped
    rows = [rev(2.0, year=y) for y in range(2011, 2040)] + [NewRevision("quanzhou", "ec_transactions", None, 3.0)]
    monkeypatch.setattr(store_module, "ROWS_PER_PROGRESS", 7)
    with pytest.raises(StoreError, match="NOT NULL constraint failed"):
        store.record(rows)
    assert _indexes(store.conn) == before
    assert store.count() == 1 and store.current()[("quanzhou", "ec_transactions")] == [(2010, 1.0, "")]
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -2000


@pytest.mark.parametrize("bulk", [True, False])
def test_the_packed_figures_of_a_write_in_chunks_are_those_computed_from_the_revisions(tmp_path, monkeypatch,
                                                                                     bulk):
    """A pair emptied by one chunk of a write and filled again by a later one, corrections and
    retractions across chunks, with and without the indexes dropped: the packed table is the
    revisions' (computed from them by their definition)."""
    from ectui.db import store as store_module
    monkeypatch.setattr(store_module, "BULK_ROWS", 10 if bulk else 10 ** 9)
    store = open_store(tmp_path / "e.db")
    store.record([rev(1.0, year=2010), rev(None, year=2012), rev(4.0, year=2013)])
    store.record([NewRevision("cn", "ec_transactions", 2015, 7.0, source="s")])
    before = _indexes(store.conn)
    rows = ([rev(float(y), year=y) for y in range(2011, 2041)]
            + [NewRevision("cn", "ec_transactions", 2015, None, source="s")]  # the pair emptied ...
            + [rev(5.0, year=2011, qualifier="约"), rev(None, year=2013)] * 4  # ... later batches
            + [NewRevision("cn", "ec_transactions", 2016, 8.0, source="s")])   # ... and filled again
    insert, batches = store_module._insert, []  # (rows, indexes while they are inserted)
    monkeypatch.setattr(store_module, "_insert", lambda conn, chunk, columns: (
        batches.append((len(chunk), len(_indexes(conn)))), insert(conn, chunk, columns)))
    monkeypatch.setattr(store_module, "ROWS_PER_PROGRESS", 7)
    store.record(rows)
    assert batches == [(7, 0 if bulk else 2)] * 5 + [(5, 0 if bulk else 2)]
    assert _indexes(store.conn) == before
    assert packed.is_fresh(store.conn) and packed.read(store.conn) == packed.compute(store.conn)
    figures = store.current()[("quanzhou", "ec_transactions")]
    assert figures[:3] == [(2010, 1.0, ""), (2011, 5.0, "约"), (2012, 2012.0, "")] and len(figures) == 30
    assert store.current()[("cn", "ec_transactions")] == [(2016, 8.0, "")]


def test_an_index_that_cannot_be_built_after_a_bulk_load_undoes_the_load(tmp_path, monkeypatch):
    """An index added outside ectui (here a UNIQUE one) fails to build again after the load: the
    error reaches the caller and the load is rolled back with the index in place."""
    from ectui.db import store as store_module
    monkeypatch.setattr(store_module, "BULK_ROWS", 10)
    store = open_store(tmp_path / "e.db")
    store.record([rev(1.0, year=2010)])
    store.conn.execute("CREATE UNIQUE INDEX one_per_year ON revisions (region, indicator, year)")
    before = _indexes(store.conn)
    rows = [rev(float(y), year=y) for y in range(2011, 2031)] + [rev(9.0, year=2011)]  # a correction
    with pytest.raises(StoreError, match="UNIQUE"):
        store.record(rows)
    assert _indexes(store.conn) == before
    assert store.count() == 1 and packed.is_fresh(store.conn)
    assert store.current() == {("quanzhou", "ec_transactions"): [(2010, 1.0, "")]}


def test_author_and_time_are_stored_exactly(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([rev(1.0)], author="o'brien \"x\"; --", recorded_at="2026-01-02T03:04:05.000006Z")
    assert store.conn.execute("SELECT author, recorded_at FROM revisions").fetchall() == [
        ("o'brien \"x\"; --", "2026-01-02T03:04:05.000006Z")]


class _SqlSeen:
    """A connection that notes the SQL text of what it is asked to run."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.sql = conn, []

    def execute(self, sql, *params):
        self.sql.append(sql)
        return self.conn.execute(sql, *params)

    def executemany(self, sql, params):
        self.sql.append(sql)
        return self.conn.executemany(sql, params)

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_author_and_time_are_bound_as_parameters_not_written_into_the_sql(tmp_path, monkeypatch):
    """Every value reaches SQLite as a bound parameter: the SQL text of a write holds none of them."""
    from ectui.db import store as store_module
    insert, seen = store_module._insert, []
    monkeypatch.setattr(store_module, "_insert", lambda conn, chunk, columns: seen.append(_SqlSeen(conn)) or insert(seen[-1], chunk, columns))
    store = open_store(tmp_path / "e.db")
    store.record([rev(1.0), rev(2.0, year=2013)], author="analyst-7", recorded_at="2026-01-02T03:04:05.000006Z")
    [statement] = seen[0].sql
    assert statement.startswith("INSERT INTO revisions") and "analyst-7" not in statement and "2026" not in statement
    assert store.conn.execute("SELECT count(*) FROM revisions WHERE author = 'analyst-7'").fetchone() == (2,)


def as_new(r):
    """The NewRevision a stored Revision was recorded from."""
    return NewRevision(*(getattr(r, field) for field in NewRevision._fields))


@pytest.mark.parametrize("variable_limit", [None, 25])
def test_rows_inserted_many_per_statement_keep_their_order_and_values(tmp_path, monkeypatch, variable_limit):
    """Rows go to SQLite ROWS_PER_INSERT per statement (fewer if SQLite allows fewer bound values),
    the rest of a chunk in a statement of its own: every row lands once, with its own values,
    and ids follow the order written (a later correction must win)."""
    from ectui.db import store as store_module
    monkeypatch.setattr(store_module, "ROWS_PER_INSERT", 7)
    store = open_store(tmp_path / "e.db")
    if variable_limit:  # 25 bound values: one row of 16 per statement
        store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, variable_limit)
    rows = [NewRevision(f"r{n % 5}", "i", 2000 + n % 13, n + 0.25, unit="亿元", qualifier="约" * (n % 2),
                        entered=f"e{n}", source=f"s{n}", note=f"n{n}") for n in range(61)]
    monkeypatch.setattr(store_module, "ROWS_PER_PROGRESS", 20)
    assert store.record(rows, author="a", recorded_at="t") == 61  # chunks of 20: 2 statements + 6 rows
    stored = store.revisions()
    assert [as_new(r) for r in stored] == rows
    assert [r.id for r in stored] == list(range(1, 62))
    restored = store.restore([(r, "b", "u") for r in rows[:9]])
    assert restored == 9 and [(as_new(r), r.author, r.recorded_at) for r in store.revisions()[61:]] == \
        [(r, "b", "u") for r in rows[:9]]
    assert packed.read(store.conn) == packed.compute(store.conn)


def test_rows_of_the_wrong_width_are_refused_before_anything_is_written(tmp_path):
    """Rows go to SQLite as one flat run of values per statement: a short row would shift every
    value after it into the wrong column, so any row of another width is refused."""
    store = open_store(tmp_path / "e.db")
    with pytest.raises(ValueError, match="16 values"):
        store.record([rev(1.0), ("quanzhou", "ec_transactions", 2016, 2.0, "亿元", "", "", "s"), rev(3.0, year=2017)])
    assert store.count() == 0


def test_retracting_every_figure_of_a_pair_removes_it_from_the_packed_table(tmp_path):
    """The packed row of a pair whose figures are all retracted is deleted, not left stale; a
    retraction of a figure never recorded leaves no row either."""
    store = open_store(tmp_path / "e.db")
    store.record([rev(1900.0), rev(700.0, year=2012), NewRevision("cn", "ec_transactions", 2010, 4.5, source="s")])
    store.record([rev(None), rev(None, year=2012), NewRevision("cn", "b2b_share", 2010, None, source="s")])
    assert packed.is_fresh(store.conn)
    assert store.current() == packed.compute(store.conn) == {("cn", "ec_transactions"): [(2010, 4.5, "")]}
    assert store.conn.execute("SELECT region, indicator FROM current_packed").fetchall() == [("cn", "ec_transactions")]
