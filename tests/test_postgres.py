"""The store on PostgreSQL: the same figures as SQLite's from the same revisions, the same commands,
and rights the database enforces (docs/store.md, "PostgreSQL"). Every test needs a server
(tests/postgres_server.py) and skips, saying why, when none can be started."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ectui.db import StoreError, StoreReadOnly, StoreUnusable, open_store
from ectui.model import NewRevision
from ectui.targets.loader import load_targets
from tests.conftest import run_ectui, write_five_documents

psycopg = pytest.importorskip("psycopg")

STAMP = "2016-03-01T08:00:00.000000Z"


def pg_store(url: str, readonly: bool | None = None):
    from ectui.db.postgres import open_postgres
    return open_postgres(url, readonly, create=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_store(request, tmp_path):
    """A new, empty store on each engine."""
    if request.param == "sqlite":
        store = open_store(tmp_path / "ectui.db")
    else:
        store = pg_store(request.getfixturevalue("pg_url"))
    yield store
    store.close()


def exported_from(store) -> list[tuple[NewRevision, str, str]]:
    """Every revision as an export gives it back to restore: (revision, author, time)."""
    return [(NewRevision(**{f: getattr(r, f) for f in NewRevision._fields}), r.author, r.recorded_at)
            for r in store.revisions()]


def refuse_edit(store, statement: str) -> None:
    """Run UPDATE/DELETE on the store's own connection; the engine must refuse it."""
    if store.engine == "sqlite":
        import sqlite3
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.conn.execute(statement)
    else:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            store.conn.execute(statement)


# ── one contract, both engines ────────────────────────────────────────────────────────
def test_figures_read_back_exactly(engine_store):
    values = [0.1 + 0.2, 1e15 + 0.5, -3.25, 1 / 3, 0.0]
    engine_store.record([NewRevision("r", "money", 2011 + i, v, unit="亿元", qualifier="约" if i else "",
                                     entered=f"{v}亿元", source="统计公报\n第二行", note="「引号」'; DROP TABLE revisions")
                         for i, v in enumerate(values)], author="analyst", recorded_at=STAMP)
    series = engine_store.current()[("r", "money")]
    assert [o.value for o in series] == values
    assert [o.qualifier for o in series] == ["", "约", "约", "约", "约"]
    history = engine_store.history("r", "money")
    assert [r.source for r in history] == ["统计公报\n第二行"] * 5
    assert history[0].note == "「引号」'; DROP TABLE revisions" and history[0].author == "analyst"
    assert history[0].recorded_at == STAMP and history[0].official is True
    assert engine_store.count() == 5


def test_revisions_are_append_only(engine_store):
    engine_store.record([NewRevision("r", "money", 2015, 1.0, unit="亿元")])
    refuse_edit(engine_store, "UPDATE revisions SET value = 2")
    refuse_edit(engine_store, "DELETE FROM revisions")
    assert [r.value for r in engine_store.history("r", "money")] == [1.0]


def test_a_failed_write_stores_nothing(engine_store):
    engine_store.record([NewRevision("r", "money", 2014, 1.0, unit="亿元")])
    bad = [NewRevision("r", "money", 2015, 2.0, unit="亿元"), NewRevision("r", None, 2016, 3.0, unit="亿元")]  # type: ignore[arg-type]
    with pytest.raises((StoreError, Exception)):
        engine_store.record(bad)
    assert engine_store.count() == 1
    engine_store.record([NewRevision("r", "money", 2015, 2.0, unit="亿元")])  # the store is usable after it
    assert engine_store.count() == 2


def test_imports_and_restores_are_idempotent(engine_store):
    rows = [NewRevision("r", "money", 2015, 5.0, unit="亿元", publisher="统计局", published="2016-02")]
    assert engine_store.record(rows, skip_stored=True) == 1
    assert engine_store.record(rows, skip_stored=True) == 0
    exported = exported_from(engine_store)
    assert engine_store.restore(exported) == 0
    assert engine_store.record_missing(rows + [NewRevision("r", "money", 2016, 6.0, unit="亿元")]) == \
        [NewRevision("r", "money", 2016, 6.0, unit="亿元")]
    assert engine_store.count() == 2


def random_revisions(seed: int, n: int = 400) -> list[list[NewRevision]]:
    """Batches of revisions over a few keys, with every rule of docs/store.md in play: official and
    not, publication dates (none, a year, a month, a day), retractions, part-year figures."""
    rng = random.Random(seed)
    batches, batch = [], []
    for _ in range(n):
        published = rng.choice(["", "2015", "2016-03", "2016-03-15", "2017"])
        batch.append(NewRevision(
            rng.choice(["r", "child", "other"]), rng.choice(["money", "share"]), rng.randint(2013, 2016),
            None if rng.random() < 0.1 else round(rng.uniform(0, 100), 2), unit="亿元",
            qualifier=rng.choice(["", "", "约", "超过"]), publisher=rng.choice(["", "统计局", "研究院"]),
            published=published, official=rng.random() < 0.7, period=rng.choice(["", "", "", "H1", "M01-M09"])))
        if rng.random() < 0.15:
            batches.append(batch)
            batch = []
    return batches + [batch]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_current_figures_are_those_of_sqlite(tmp_path, pg_url, seed):
    """The oracle: the same revisions give the same current figures, part-year figures, vintages,
    counting revisions and histories on both engines."""
    lite, pg = open_store(tmp_path / "ectui.db"), pg_store(pg_url)
    for n, batch in enumerate(random_revisions(seed)):
        stamp = f"2016-0{1 + n % 9}-0{1 + n % 9}T00:00:{n % 60:02d}.000000Z"
        for store in (lite, pg):
            store.record(batch, author="a", recorded_at=stamp)
    assert pg.current() == lite.current() and pg.current()
    assert pg.computed_current() == lite.computed_current() == lite.current()
    for vintage in ("2015", "2016-03", "2016-03-14"):
        assert pg.current(vintage=vintage) == lite.current(vintage=vintage)
    assert pg.current(regions=["child"]) == lite.current(regions=["child"])
    assert pg.current(regions=[]) == lite.current(regions=[]) == {}
    assert pg.current(recorded_by="2016-04-04T00:00:00Z") == lite.current(recorded_by="2016-04-04T00:00:00Z")
    assert pg.parts() == lite.parts() and pg.parts()
    keys = [(r, i, y) for r in ("r", "child", "other") for i in ("money", "share") for y in range(2013, 2017)]
    assert pg.counting_revisions(keys) == lite.counting_revisions(keys)
    for region in ("r", "child"):
        history = pg.history(region, "money")
        assert history == lite.history(region, "money")
        assert pg.counting(history) == lite.counting(history)
    assert pg.revisions() == lite.revisions()
    assert pg.unknown_keys({"r"}, {"money"}) == lite.unknown_keys({"r"}, {"money"})


# ── the commands on a server ──────────────────────────────────────────────────────────
@pytest.fixture
def pg_workspace(tmp_path, pg_url):
    """A workspace of the five documents whose database is a PostgreSQL one (ectui init --postgres)."""
    ws = tmp_path / "pgws"
    ws.mkdir()
    write_five_documents(ws / "targets.toml")
    done = run_ectui("init", ws, "--postgres", pg_url)
    assert done.returncode == 0, done.stderr.decode()
    return ws


def test_init_where_check_and_report(pg_workspace, pg_url, workspace):
    where = run_ectui("where", cwd=pg_workspace).stdout.decode()
    assert "database:  PostgreSQL postgresql://ectui_owner@" in where and "ectui.toml [store] url" in where
    assert "role ectui_owner (owner), schema v1, 48 revisions" in where
    check = run_ectui("check", cwd=pg_workspace)
    assert check.returncode == 0 and "ok — 48 revisions, schema v1, writable" in check.stdout.decode()
    # the same report as on SQLite, figure for figure
    for args in (["report", "--format", "json"], ["report", "--format", "csv", "--region", "quanzhou"]):
        on_pg = run_ectui(*args, cwd=pg_workspace)
        on_lite = run_ectui(*args, "-w", workspace)
        assert on_pg.returncode == on_lite.returncode == 0
        assert on_pg.stdout == on_lite.stdout
    again = run_ectui("init", pg_workspace, "--postgres", pg_url)  # a second init changes nothing
    assert again.returncode == 0 and "using the ectui database" in again.stdout.decode()
    assert "48 revisions" in again.stdout.decode()


def test_set_import_history_retract(pg_workspace):
    assert run_ectui("set", "quanzhou", "ec_transactions", "超过2,100亿元", "-y", "2016", "--source", "统计公报",
                     cwd=pg_workspace).returncode == 0
    bad = pg_workspace / "bad.csv"
    bad.write_text("region,indicator,year,value\nquanzhou,ec_transactions,2017,2300\nquanzhou,nope,2017,1\n",
                   encoding="utf-8")
    refused = run_ectui("import", bad, cwd=pg_workspace)
    assert refused.returncode == 1 and "nope" in refused.stderr.decode()
    assert run_ectui("retract", "quanzhou", "ec_transactions", "-y", "2016", cwd=pg_workspace).returncode == 0
    history = json.loads(run_ectui("history", "quanzhou", "ec_transactions", "--format", "json",
                                   cwd=pg_workspace).stdout)["revisions"]
    assert [(r["year"], r["value"], r["qualifier"], r["author"]) for r in history if r["year"] >= 2016] == [
        (2016, 2100.0, "超过", "ectui_owner"), (2016, None, "", "ectui_owner")]
    assert not any(r["year"] == 2017 for r in history)  # the bad file stored nothing


def test_export_from_sqlite_into_postgresql_and_back(tmp_path, workspace, pg_url):
    """Every revision and field survives SQLite → PostgreSQL → SQLite."""
    assert run_ectui("set", "quanzhou", "ec_transactions", "约2,000亿元", "-y", "2015", "--publisher", "泉州市统计局",
                     "--published", "2016-03", "--unofficial", "--url", "https://example.org/a?b=1",
                     "--note", "第一行\n第二行", "-w", workspace).returncode == 0
    first = run_ectui("export", "--revisions", "-w", workspace).stdout
    pg_ws = tmp_path / "to-pg"
    assert run_ectui("init", pg_ws, "--postgres", pg_url, "--empty").returncode == 0
    (pg_ws / "targets.toml").write_text((workspace / "targets.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "first.csv").write_bytes(first)
    restored = run_ectui("import", tmp_path / "first.csv", cwd=pg_ws)
    assert restored.returncode == 0, restored.stderr.decode()
    second = run_ectui("export", "--revisions", cwd=pg_ws).stdout
    assert rows_of(second) == rows_of(first) and len(rows_of(first)) == 49
    back = tmp_path / "back"
    assert run_ectui("init", back, "--empty").returncode == 0
    (back / "targets.toml").write_text((workspace / "targets.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "second.csv").write_bytes(second)
    assert run_ectui("import", tmp_path / "second.csv", "-w", back).returncode == 0
    assert rows_of(run_ectui("export", "--revisions", "-w", back).stdout) == rows_of(first)


def rows_of(export: bytes) -> list[dict]:
    """An export's rows without the id (each store numbers its own)."""
    rows = list(csv.DictReader(io.StringIO(export.decode("utf-8-sig"))))
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def test_backup_is_a_checked_pg_dump(pg_workspace, tmp_path):
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    done = run_ectui("backup", tmp_path / "ectui.dump", cwd=pg_workspace)
    assert done.returncode == 0, done.stderr.decode()
    assert "backed up 48 revisions" in done.stdout.decode()
    listed = subprocess.run(["pg_restore", "--list", tmp_path / "ectui.dump"], capture_output=True, text=True).stdout
    assert "TABLE DATA public revisions" in listed and "POLICY public revisions revisions_write" in listed
    again = run_ectui("backup", tmp_path / "ectui.dump", cwd=pg_workspace)
    assert again.returncode == 1 and "exists" in again.stderr.decode()
    verified = run_ectui("backup", "--verify", tmp_path / "ectui.dump")
    assert verified.returncode == 0 and "ok — a pg_dump of an ectui database" in verified.stdout.decode()
    cut = tmp_path / "cut.dump"
    cut.write_bytes((tmp_path / "ectui.dump").read_bytes()[:2000])
    refused = run_ectui("backup", "--verify", cut)
    assert refused.returncode == 1 and "NOT a sound backup" in refused.stderr.decode()


# ── rights the database enforces ──────────────────────────────────────────────────────
@pytest.fixture
def rights(pg_server, pg_workspace, pg_url):
    """Roles: fj_editor writes fujian (and quanzhou below it), gs_editor gansu, viewer reads."""
    database = pg_url.rsplit("/", 1)[1]
    for role in ("fj_editor", "gs_editor", "viewer", "stranger"):
        pg_server.role(role)
    for args in (["grant", "fujian", "fj_editor"], ["grant", "gansu", "gs_editor"], ["grant", "--read", "viewer"]):
        done = run_ectui(*args, cwd=pg_workspace)
        assert done.returncode == 0, done.stderr.decode()
    return {role: pg_server.url(database, role) for role in ("fj_editor", "gs_editor", "viewer", "stranger")}


def test_editors_write_their_regions_and_those_below(rights, pg_workspace):
    as_fj = {"ECTUI_DB": rights["fj_editor"]}
    for region in ("fujian", "quanzhou"):
        done = run_ectui("set", region, "ec_transactions", "100", "-y", "2016", cwd=pg_workspace, env=as_fj)
        assert done.returncode == 0, done.stderr.decode()
    refused = run_ectui("set", "gansu", "ec_transactions", "100", "-y", "2016", cwd=pg_workspace, env=as_fj)
    message = refused.stderr.decode()
    assert refused.returncode == 1 and message.count("\n") == 1
    assert "role fj_editor may not record figures of gansu (it may write fujian, quanzhou); nothing was written" in message
    listed = run_ectui("grant", "--list", cwd=pg_workspace).stdout.decode()
    assert "fj_editor        writes fujian (with quanzhou)" in listed and "viewer           reads" in listed
    history = json.loads(run_ectui("history", "quanzhou", "ec_transactions", "--format", "json",
                                   cwd=pg_workspace, env={"ECTUI_DB": rights["viewer"]}).stdout)["revisions"]
    assert history[-1]["author"] == "fj_editor"  # the role the server vouches for


def test_an_import_across_regions_is_refused_whole(rights, pg_workspace):
    mixed = pg_workspace / "mixed.csv"
    mixed.write_text("region,indicator,year,value\nquanzhou,ec_transactions,2017,2300\n"
                     "gansu,ec_transactions,2017,10\n", encoding="utf-8")
    before = run_ectui("check", cwd=pg_workspace).stdout.decode()
    refused = run_ectui("import", mixed, cwd=pg_workspace, env={"ECTUI_DB": rights["fj_editor"]})
    assert refused.returncode == 1 and "may not record figures of gansu" in refused.stderr.decode()
    assert run_ectui("check", cwd=pg_workspace).stdout.decode() == before


def test_the_database_refuses_psql_too(rights):
    """Not ectui's checks: the server's. Straight SQL as each role."""
    insert = ("INSERT INTO revisions (region, indicator, year, value, unit, source, note, author, recorded_at) "
              "VALUES (%s, 'ec_transactions', 2016, 1, '', '', '', 'x', 'now')")
    with psycopg.connect(rights["fj_editor"], autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(insert, ("quanzhou",))  # in another's name ('x')
        insert = insert.replace("'x'", "current_user")
        conn.execute(insert, ("quanzhou",))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(insert, ("gansu",))
        for statement in ("UPDATE revisions SET value = 0", "DELETE FROM revisions", "TRUNCATE revisions",
                          "INSERT INTO ectui_rights VALUES ('fj_editor', 'gansu', 'gansu')",
                          "ALTER TABLE revisions DISABLE ROW LEVEL SECURITY"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with psycopg.connect(rights["viewer"], autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 49
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, ("quanzhou",))
    with psycopg.connect(rights["stranger"], autocommit=True) as conn:  # no grant at all: not even reading
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM revisions")
    if shutil.which("psql"):  # and with psql itself
        done = subprocess.run(["psql", rights["gs_editor"], "-v", "ON_ERROR_STOP=1", "-c",
                               insert.replace("%s", "'quanzhou'")], capture_output=True, text=True)
        assert done.returncode != 0 and "row-level security" in done.stderr


def test_readers_and_strangers_are_told_in_one_line(rights, pg_workspace):
    as_viewer = run_ectui("set", "quanzhou", "ec_transactions", "1", "-y", "2016", cwd=pg_workspace,
                          env={"ECTUI_DB": rights["viewer"]})
    assert as_viewer.returncode == 1
    assert as_viewer.stderr.decode() == ("ectui: " + rights["viewer"] + ": role viewer may read but not record "
                                         "figures; ask the database's owner (`ectui grant REGION ROLE`)\n")
    report = run_ectui("report", "--format", "json", cwd=pg_workspace, env={"ECTUI_DB": rights["viewer"]})
    assert report.returncode == 0 and json.loads(report.stdout)["rows"]
    stranger = run_ectui("report", cwd=pg_workspace, env={"ECTUI_DB": rights["stranger"]})
    assert stranger.returncode == 1 and stranger.stderr.decode().count("\n") == 1
    assert "refused" in stranger.stderr.decode() and "Traceback" not in stranger.stderr.decode()
    not_owner = run_ectui("grant", "gansu", "fj_editor", cwd=pg_workspace, env={"ECTUI_DB": rights["fj_editor"]})
    assert not_owner.returncode == 1 and "only the database's owner may grant rights" in not_owner.stderr.decode()


def test_revoke_takes_the_right_back(rights, pg_workspace):
    assert run_ectui("revoke", "fujian", "fj_editor", cwd=pg_workspace).returncode == 0
    refused = run_ectui("set", "quanzhou", "ec_transactions", "1", "-y", "2016", cwd=pg_workspace,
                        env={"ECTUI_DB": rights["fj_editor"]})
    assert refused.returncode == 1 and "may read but not record" in refused.stderr.decode()
    assert run_ectui("revoke", "--read", "viewer", cwd=pg_workspace).returncode == 0
    gone = run_ectui("report", cwd=pg_workspace, env={"ECTUI_DB": rights["viewer"]})
    assert gone.returncode == 1
    unknown = run_ectui("grant", "gansu", "nobody_here", cwd=pg_workspace)
    assert unknown.returncode == 1 and "there is no role nobody_here" in unknown.stderr.decode()


def test_a_region_added_below_a_grant_is_covered_after_check(rights, pg_workspace):
    targets = pg_workspace / "targets.toml"
    targets.write_text(targets.read_text(encoding="utf-8") + textwrap.dedent("""
        [[regions]]
        id = "tianshui"
        name_zh = "天水市"
        name_en = "Tianshui"
        parent = "gansu"
        """), encoding="utf-8")
    as_gs = {"ECTUI_DB": rights["gs_editor"]}
    before = run_ectui("set", "tianshui", "ec_transactions", "1", "-y", "2016", cwd=pg_workspace, env=as_gs)
    assert before.returncode == 1
    check = run_ectui("check", cwd=pg_workspace)
    assert "rights up to date with targets.toml (1 region right(s) changed)" in check.stdout.decode()
    after = run_ectui("set", "tianshui", "ec_transactions", "1", "-y", "2016", cwd=pg_workspace, env=as_gs)
    assert after.returncode == 0, after.stderr.decode()


WRITER = """
import sys
from ectui.db.postgres import open_postgres
from ectui.model import NewRevision
url, region, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_postgres(url)
for i in range(n):
    store.record([NewRevision(region, "ec_transactions", 2000 + i, float(i), unit="亿元", source=url)])
"""


def test_concurrent_writers_as_different_roles_queue(rights):
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, rights[role], region, "30"], stderr=subprocess.PIPE)
               for role, region in (("fj_editor", "fujian"), ("fj_editor", "quanzhou"), ("gs_editor", "gansu"),
                                    ("gs_editor", "gansu"))]
    for w in writers:
        assert w.wait(timeout=120) == 0, w.stderr.read().decode()  # type: ignore[union-attr]
    with psycopg.connect(rights["viewer"]) as conn:
        counts = dict(conn.execute("SELECT region, count(*) FROM revisions WHERE source LIKE 'postgresql:%%' "
                                   "GROUP BY region").fetchall())
        ids = [i for i, in conn.execute("SELECT id FROM revisions ORDER BY id")]
    assert counts == {"fujian": 30, "quanzhou": 30, "gansu": 60}
    assert ids == sorted(set(ids))


def test_another_machines_write_is_seen_within_two_seconds(rights):
    watcher = pg_store(rights["viewer"])
    seen = watcher.data_version()
    writer = pg_store(rights["gs_editor"])
    writer.record([NewRevision("gansu", "ec_transactions", 2016, 5.0, unit="亿元")])
    writer.close()
    deadline = time.monotonic() + 2
    while watcher.data_version() == seen and time.monotonic() < deadline:
        time.sleep(0.05)
    assert watcher.data_version() != seen
    assert watcher.current()[("gansu", "ec_transactions")].find(2016).value == 5.0  # type: ignore[union-attr]


def test_schema_steps_are_the_owners(pg_url, pg_server):
    empty = pg_server.url(pg_server.database())
    with pytest.raises(StoreUnusable, match="holds no ectui database yet.*ectui init --postgres"):
        open_store(empty)
    store = pg_store(pg_url)
    pg_server.role("late_reader")
    store.grant("late_reader", None, [])
    store.conn.execute("UPDATE ectui_schema SET version = 99")
    with pytest.raises(StoreUnusable, match="written by a newer ectui"):
        open_store(pg_url)
    store.conn.execute("UPDATE ectui_schema SET version = 0")
    with pytest.raises(StoreUnusable, match="only its owner may run: ask them to run `ectui check`"):
        open_store(pg_url.replace("ectui_owner@", "late_reader@"))
    store.conn.execute("UPDATE ectui_schema SET version = 1")
    assert open_store(pg_url).problems() == []
    store.conn.execute("ALTER TABLE revisions DISABLE TRIGGER revisions_no_delete")
    assert open_store(pg_url).problems() == [
        "the trigger revisions_no_delete that keeps revisions append-only is missing or disabled"]


def test_a_read_only_open_never_writes(pg_url):
    pg_store(pg_url).close()
    reader = open_store(pg_url, readonly=True)
    with pytest.raises(StoreReadOnly):
        reader.record([NewRevision("r", "money", 2015, 1.0, unit="亿元")])


# ── the dashboard on a server ─────────────────────────────────────────────────────────
async def test_the_dashboard_shows_the_same_and_refreshes(tmp_path, pg_url):
    from ectui.screens.app import EctuiApp
    from tests.dashboard_fixtures import make_app, make_workspace
    from tests.test_dashboard import text_of
    ws = make_workspace(tmp_path)
    lite = open_store(ws / "ectui.db")
    pg = pg_store(pg_url)
    pg.restore(exported_from(lite))
    catalog = load_targets(ws / "targets.toml")
    on_lite = make_app(ws)
    async with on_lite.run_test(size=(120, 40)):
        lite_panels = {r: text_of(p) for r, p in on_lite.screen.overview.panels.items()}
    app = EctuiApp(catalog, pg, lang="zh", refresh_seconds=0.1, current_year=2014)
    async with app.run_test(size=(120, 40)) as pilot:
        assert {r: text_of(p) for r, p in app.screen.overview.panels.items()} == lite_panels
        assert "postgresql://ectui_owner@" in app.sub_title
        other = pg_store(pg_url)  # another machine's ectui set
        other.record([NewRevision("quanzhou", "demo_enterprises", 2014, 85.0, unit="家", source="x")])
        other.close()
        for _ in range(20):
            await pilot.pause(0.1)
            if "85家" in text_of(app.screen.overview.panels["quanzhou"]):
                break
        assert "85家" in text_of(app.screen.overview.panels["quanzhou"])


def test_the_catalog_has_the_regions_the_rights_name():
    """The grants above lean on the five documents' regions: fujian holds quanzhou."""
    catalog = load_targets(Path(__file__).resolve().parent.parent / "targets.toml")
    assert catalog.descendants("fujian") == ["fujian", "quanzhou"]


def test_a_bulk_load_rebuilds_the_indexes_it_dropped(pg_url, monkeypatch):
    monkeypatch.setattr("ectui.db.postgres.BULK_ROWS", 10)
    store = pg_store(pg_url)

    def indexes() -> list[str]:
        return sorted(r for r, in store.conn.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'revisions'"))
    before = indexes()
    assert len(before) == 4  # the key and three others
    rows = [NewRevision(f"r{i % 7}", "money", 2000 + i // 7, float(i), unit="亿元") for i in range(40)]
    assert store.record(rows) == 40
    assert indexes() == before
    # COPYed straight into revisions: in the rows' order, every field as given
    stored = store.revisions()
    assert [(r.region, r.indicator, r.year, r.value, r.unit) for r in stored] == \
        [(n.region, n.indicator, n.year, n.value, n.unit) for n in rows]
    assert [r.id for r in stored] == sorted(r.id for r in stored)
    with pytest.raises(Exception):  # a bulk load that fails leaves the indexes as they were
        store.record(rows * 2 + [NewRevision("r", None, 2016, 3.0, unit="亿元")])  # type: ignore[arg-type]
    assert indexes() == before and store.count() == 40
    assert store.current()[("r3", "money")].find(2000).value == 3.0  # type: ignore[union-attr]


async def test_the_record_form_meets_the_databases_refusal(rights, pg_workspace):
    """An editor's dashboard: its own region is recorded, another's refused in the form, in one line."""
    from textual.widgets import Input, Static

    from ectui.screens.app import EctuiApp
    from ectui.screens.record import RecordScreen
    from tests.test_dashboard import select_row, text_of
    editor = pg_store(rights["fj_editor"])
    app = EctuiApp(load_targets(pg_workspace / "targets.toml"), editor, lang="zh", current_year=2014)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        select_row(app, "quanzhou", "ec_transactions")
        await pilot.press("r")
        assert isinstance(app.screen, RecordScreen)
        before = editor.count()
        app.screen.query_one("#rec-region", Input).value = "gansu"
        app.screen.query_one("#rec-value", Input).value = "100"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        error = text_of(app.screen.query_one("#rec-error", Static))
        assert "may not record figures of gansu" in error and "Traceback" not in error
        assert editor.count() == before
        app.screen.query_one("#rec-region", Input).value = "quanzhou"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, RecordScreen)
        assert editor.count() == before + 1
        assert editor.history("quanzhou", "ec_transactions")[-1].author == "fj_editor"


async def test_the_dashboard_outlives_a_lost_connection(pg_server, pg_url):
    """The server drops the dashboard's connection: it says so once, keeps the figures it shows, and
    reads again (a figure written meanwhile included) once it can connect."""
    from ectui.screens.app import EctuiApp
    from tests.test_dashboard import text_of
    ws = Path(__file__).resolve().parent.parent / "targets.toml"
    store = pg_store(pg_url)
    app = EctuiApp(load_targets(ws), store, lang="en", refresh_seconds=0.1, current_year=2014)
    async with app.run_test(size=(120, 40)) as pilot:
        database = pg_url.rsplit("/", 1)[1]
        pg_server.admin.execute("ALTER DATABASE \"%s\" ALLOW_CONNECTIONS false" % database)
        pg_server.admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                                "AND application_name = 'ectui'", (database,))
        for _ in range(20):
            await pilot.pause(0.1)
            if app.store_lost:
                break
        assert app.store_lost
        assert sum("cannot be reached" in (n.title or "") for n in app._notifications) == 1
        pg_server.admin.execute("ALTER DATABASE \"%s\" ALLOW_CONNECTIONS true" % database)
        other = pg_store(pg_url)
        other.record([NewRevision("quanzhou", "demo_enterprises", 2014, 85.0, unit="家", source="x")])
        other.close()
        for _ in range(30):
            await pilot.pause(0.1)
            if not app.store_lost and "85" in text_of(app.screen.overview.panels["quanzhou"]):
                break
        assert not app.store_lost
        assert "85" in text_of(app.screen.overview.panels["quanzhou"])


def test_a_reader_of_one_database_reads_no_other(pg_server, pg_url):
    """Two ectui databases on one server: each has its own group roles."""
    first, second = pg_store(pg_url), pg_store(pg_server.url(pg_server.database()))
    assert first.reader != second.reader and first.editor != second.editor
    pg_server.role("only_first")
    first.grant("only_first", "r", ["r"])
    as_reader = pg_url.rsplit("/", 1)[0].replace("ectui_owner@", "only_first@")
    assert pg_store(as_reader + "/" + pg_url.rsplit("/", 1)[1]).readonly is False
    with pytest.raises(StoreReadOnly, match="refused"):
        pg_store(as_reader + "/" + second.url.rsplit("/", 1)[1])


def test_sigkill_during_an_import_leaves_all_or_nothing(pg_workspace, pg_server, pg_url, tmp_path):
    """The client killed while the server holds its write: the server rolls the transaction back."""
    import signal
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write("region,indicator,year,value,unit,source,note\n")
        for i in range(100_000):
            fh.write(f"quanzhou,ec_transactions,{1900 + i % 300},{i}.5,亿元,bulk {i // 300},\n")
    counter = pg_store(pg_url)
    before = counter.count()
    counter.close()
    proc = subprocess.Popen([sys.executable, "-m", "ectui", "import", str(big), "--force"], cwd=pg_workspace,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    database = pg_url.rsplit("/", 1)[1]
    deadline, writing = time.monotonic() + 120, False
    while not writing and proc.poll() is None and time.monotonic() < deadline:
        writing = pg_server.admin.execute(  # the import holds the writers' lock: it is writing
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND a.datname = %s", (database,)).fetchone()[0] > 0
        time.sleep(0.002)
    killed_while_writing = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert writing and killed_while_writing, "the import finished before it could be killed; make the file bigger"
    for _ in range(100):  # the server notices the closed connection and rolls back
        if not pg_server.admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                                       "application_name = 'ectui'", (database,)).fetchone()[0]:
            break
        time.sleep(0.05)
    assert pg_store(pg_url).count() == before
    done = run_ectui("import", big, "--force", cwd=pg_workspace)
    assert done.returncode == 0, done.stderr.decode()
    assert pg_store(pg_url).count() == before + 100_000


def test_the_editors_of_targets_toml_are_database_roles_there(rights, pg_workspace):
    """On PostgreSQL the name targets.toml's `editors` lists is the role that writes, as recorded."""
    targets = pg_workspace / "targets.toml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace('id = "quanzhou"', 'id = "quanzhou"\neditors = ["fj_editor"]', 1), encoding="utf-8")
    as_fj = run_ectui("set", "quanzhou", "ec_transactions", "100", "-y", "2016", cwd=pg_workspace,
                      env={"ECTUI_DB": rights["fj_editor"]})
    assert as_fj.returncode == 0, as_fj.stderr.decode()
    as_owner = run_ectui("set", "quanzhou", "ec_transactions", "100", "-y", "2017", cwd=pg_workspace)
    assert as_owner.returncode == 1 and "user 'ectui_owner' is not an editor of region 'quanzhou'" in \
        as_owner.stderr.decode()


def test_an_editor_cannot_restore_revisions_in_others_names(rights, pg_workspace, workspace, tmp_path):
    assert run_ectui("set", "quanzhou", "ec_transactions", "2100亿元", "-y", "2016", "-w", workspace).returncode == 0
    export = run_ectui("export", "--revisions", "-w", workspace).stdout  # an SQLite office's, by its OS users
    (tmp_path / "all.csv").write_bytes(export)
    refused = run_ectui("import", tmp_path / "all.csv", cwd=pg_workspace, env={"ECTUI_DB": rights["fj_editor"]})
    assert refused.returncode == 1 and "records under its own name only" in refused.stderr.decode()
