"""A large import stored by a second process (db/background.py) while the rows are checked."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ectui.db import NewRevision, Store
from ectui.db import background
from ectui.db.background import BackgroundRecord, worth_it

ROWS = background.WORTH_FROM_ROWS + 2_000  # a bulk load in the writing process too


def _figures(path: Path, rows: int, regions=("r", "child"), tail: str = "") -> Path:
    """``rows`` good rows cycling over regions, indicators and years, so later rows correct
    earlier ones; a few uncommon rows (a qualifier, a unit to convert) among them."""
    indicators = ("money", "share", "rate", "zero", "down")
    lines = ["region,indicator,year,value,unit,source,note"]
    for n in range(rows):
        region, indicator = regions[n % len(regions)], indicators[n // len(regions) % len(indicators)]
        year = 1900 + n // 10 % 301
        if n % 997 == 0 and indicator == "money":
            lines.append(f"{region},{indicator},{year},约{n % 90}亿元,,年鉴,uncommon")
        elif n % 1009 == 0 and indicator == "money":
            lines.append(f"{region},{indicator},{year},{n % 500},万元,,")
        else:
            lines.append(f"{region},{indicator},{year},{n % 97}.{n % 10},,统计公报,")
    path.write_text("\n".join(lines) + "\n" + tail, encoding="utf-8")
    return path


def _stored(db: Path) -> tuple[list, list, list]:
    """(revisions without their time, packed table, index statements) of a database."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        revisions = conn.execute("SELECT id, region, indicator, year, value, unit, qualifier, entered, source, "
                                 "note, author FROM revisions ORDER BY id").fetchall()
        packed = conn.execute("SELECT * FROM current_packed ORDER BY region, indicator").fetchall()
        assert conn.execute("SELECT revision_id FROM current_packed_state").fetchone()[0] == revisions[-1][0]
        indexes = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'revisions' "
                               "ORDER BY name").fetchall()
        return revisions, packed, indexes
    finally:
        conn.close()


@pytest.fixture
def started(monkeypatch):
    """How many writing processes were started; a second CPU is assumed unless a test says otherwise."""
    count = []
    start = BackgroundRecord._start
    monkeypatch.setattr(background, "usable_cpus", lambda: 2)
    monkeypatch.setattr(BackgroundRecord, "_start", lambda self: (count.append(1), start(self)))
    return count


def test_a_large_import_stores_what_an_import_in_one_process_stores(cli, mini_workspace, tmp_path, started,
                                                                    monkeypatch):
    ws = mini_workspace()
    csv_file = _figures(tmp_path / "f.csv", ROWS)
    code, out, err = cli("import", csv_file, "-w", ws)
    assert (code, err, started) == (0, "", [1])
    assert out == f"imported {ROWS} figure(s) from {csv_file}\n"
    streamed = _stored(ws / "ectui.db")

    (ws / "ectui.db").unlink()
    monkeypatch.setattr(background, "usable_cpus", lambda: 1)
    assert cli("import", csv_file, "-w", ws)[:2] == (0, f"imported {ROWS} figure(s) from {csv_file}\n")
    assert started == [1]  # no second process this time
    in_process = _stored(ws / "ectui.db")
    assert streamed == in_process
    revisions, packed, _ = streamed
    assert len(revisions) == ROWS and len(packed) == 10  # 2 regions x 5 indicators
    assert sum(r[6] == "约" for r in revisions) > 5 and sum(r[5] == "万元" for r in revisions) > 5


def test_a_bad_row_late_in_a_large_import_writes_nothing(cli, mini_workspace, tmp_path, started):
    ws = mini_workspace()
    assert cli("set", "r", "money", "12", "--year", "2015", "-w", ws)[0] == 0
    before = _stored(ws / "ectui.db")
    csv_file = _figures(tmp_path / "f.csv", ROWS, tail="r,money,2016,lots\n")
    code, out, err = cli("import", csv_file, "-w", ws)
    assert code == 1 and out == "" and started == [1]  # rows were handed over before the bad one
    assert f"f.csv:{ROWS + 2}: " in err and f"nothing imported: 1 bad row(s) of {ROWS + 1};" in err
    conn = sqlite3.connect(ws / "ectui.db", timeout=0)  # no process holds the write lock any more
    conn.execute("BEGIN IMMEDIATE")
    conn.close()
    assert _stored(ws / "ectui.db") == before


def test_an_import_by_someone_not_an_editor_writes_nothing(cli, mini_workspace, tmp_path, started):
    ws = mini_workspace()
    toml = ws / "targets.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('parent = "r"', 'parent = "r"\neditors = ["nobody"]'),
                    encoding="utf-8")
    code, _, err = cli("import", _figures(tmp_path / "f.csv", ROWS), "-w", ws)
    assert code == 1 and "is not an editor of region 'child'" in err and started == [1]
    assert sqlite3.connect(ws / "ectui.db").execute("SELECT count(*) FROM revisions").fetchone()[0] == 0


def test_a_failure_in_the_writing_process_is_one_line_and_writes_nothing(cli, mini_workspace, tmp_path, started):
    ws = mini_workspace()
    assert cli("check", "-w", ws)[0] == 0
    conn = sqlite3.connect(ws / "ectui.db")
    conn.execute("CREATE UNIQUE INDEX one_per_year ON revisions(region, indicator, year)")  # outside ectui
    conn.close()
    code, out, err = cli("import", _figures(tmp_path / "f.csv", ROWS), "-w", ws)  # it corrects figures
    assert (code, out, started) == (1, "", [1])
    assert err.startswith("ectui: storing the rows failed (IntegrityError: UNIQUE constraint failed")
    assert err.count("\n") == 1 and "Traceback" not in err
    conn = sqlite3.connect(ws / "ectui.db")
    assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'one_per_year'").fetchone()[0] == 1


def _rows(n: int) -> list[tuple]:
    return [tuple(NewRevision("r", "money", 1900 + i % 301, float(i), "亿元", entered=str(i))) for i in range(n)]


def test_closing_before_finishing_rolls_back_and_lets_go_of_the_lock(tmp_path):
    db = tmp_path / "x.db"
    Store(db).close()
    writer = BackgroundRecord(db, expected=20_000)
    writer.send(_rows(10_000))
    writer.send(_rows(10_000))
    writer.close()
    assert writer.process.returncode == background._ABANDONED
    conn = sqlite3.connect(db, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0


def test_finishing_commits_every_row_sent_in_order(tmp_path):
    db = tmp_path / "x.db"
    Store(db).close()
    rows = _rows(25_000)
    with BackgroundRecord(db, expected=len(rows), author="ana", recorded_at="2026-01-02T03:04:05Z") as writer:
        writer.send(rows[:10_000])
        writer.send([NewRevision(*row) for row in rows[10_000:]])  # records, not plain tuples
        assert writer.finish() == len(rows)
    stored = Store(db)
    assert [r[1:10] for r in stored.revisions()] == rows
    assert {(r.author, r.recorded_at) for r in stored.revisions()} == {("ana", "2026-01-02T03:04:05Z")}
    assert stored.current()[("r", "money")].values[0] == 24_983.0  # the last of the year 1900


def test_nothing_sent_starts_no_process(tmp_path):
    writer = BackgroundRecord(tmp_path / "never.db", expected=10)
    assert writer.finish() == 0 and writer.process is None and not (tmp_path / "never.db").exists()


def test_the_writing_process_rolls_back_when_its_parent_dies(tmp_path):
    db = tmp_path / "x.db"
    Store(db).close()
    script = ("import os, signal, sys\n"
              "from ectui.db.background import BackgroundRecord\n"
              "from ectui.db import NewRevision\n"
              f"w = BackgroundRecord({str(db)!r}, expected=100)\n"
              "w.send([tuple(NewRevision('r', 'money', 2000 + i, 1.0)) for i in range(100)])\n"
              "w.process.stdin.flush()\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    died = subprocess.run([sys.executable, "-c", script], timeout=60)
    assert died.returncode == -9
    conn = sqlite3.connect(db, timeout=60)  # waits while the orphan still holds the lock
    conn.execute("BEGIN IMMEDIATE")
    assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0


def test_a_second_process_is_used_only_when_it_can_pay_off(monkeypatch):
    monkeypatch.setattr(background, "usable_cpus", lambda: 2)
    assert worth_it(background.WORTH_FROM_ROWS) and not worth_it(background.WORTH_FROM_ROWS - 1)
    monkeypatch.setattr(background, "usable_cpus", lambda: 1)
    assert not worth_it(10 ** 7)
    monkeypatch.setattr(background, "usable_cpus", lambda: 4)
    monkeypatch.setattr(sys, "executable", "")
    assert not worth_it(10 ** 7)


def test_a_dry_run_starts_no_process(cli, mini_workspace, tmp_path, started):
    ws = mini_workspace()
    code, out, _ = cli("import", _figures(tmp_path / "f.csv", ROWS), "--dry-run", "-w", ws)
    assert (code, out, started) == (0, f"dry run: {ROWS} row(s) ok, nothing written\n", [])
    assert not (ws / "ectui.db").exists()


def test_a_writing_process_that_cannot_start_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(background, "_BOOT", "import no_such_module_for_ectui")
    writer = BackgroundRecord(tmp_path / "x.db", expected=10)
    with pytest.raises(background.StoreError) as failed:
        writer.send(_rows(10))
        writer.finish()
    assert str(failed.value) == ("the writing process failed (ModuleNotFoundError: No module named "
                                 "'no_such_module_for_ectui'); nothing was written")
    assert not (tmp_path / "x.db").exists()
