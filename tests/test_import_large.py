"""Large imports: every row checked (editors included) before the write lock is taken, then one
transaction, a bulk load with the indexes rebuilt inside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ectui.db.store import BULK_ROWS, Store

ROWS = BULK_ROWS + 2_000  # a bulk load


def _figures(path: Path, rows: int, regions=("r", "child"), tail: str = "") -> Path:
    """``rows`` good rows cycling over regions, indicators and years, so later rows correct
    earlier ones (each pass through the keys a release of its own: rows of one release that
    disagree are refused; its values jump, so import it with --force); a few uncommon rows (a
    qualifier, a unit to convert) among them."""
    indicators = ("money", "share", "rate", "zero", "down")
    lines = ["region,indicator,year,value,unit,source,note"]
    for n in range(rows):
        region, indicator = regions[n % len(regions)], indicators[n // len(regions) % len(indicators)]
        year = 1900 + n // 10 % 301
        if n % 997 == 0 and indicator == "money":
            lines.append(f"{region},{indicator},{year},约{n % 90}亿元,,年鉴{n // 3010},uncommon")
        elif n % 1009 == 0 and indicator == "money":
            lines.append(f"{region},{indicator},{year},{n % 500},万元,,")
        else:
            lines.append(f"{region},{indicator},{year},{n % 97}.{n % 10},,统计公报{n // 3010},")
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


def test_a_large_import_stores_every_row_and_the_current_figures_they_make(cli, mini_workspace, tmp_path):
    ws = mini_workspace()
    csv_file = _figures(tmp_path / "f.csv", ROWS)
    code, out, err = cli("import", csv_file, "-w", ws, "--force")
    assert (code, err) == (0, "")
    assert out == f"imported {ROWS} figure(s) from {csv_file}\n"
    revisions, packed, indexes = _stored(ws / "ectui.db")
    assert len(revisions) == ROWS and len(packed) == 10  # 2 regions x 5 indicators
    assert sum(r[6] == "约" for r in revisions) > 5 and sum(r[5] == "万元" for r in revisions) > 5
    fresh = sqlite3.connect(tmp_path / "fresh.db")
    Store(tmp_path / "fresh.db").close()
    assert indexes == fresh.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'revisions' "
                                    "ORDER BY name").fetchall()  # rebuilt as the migrations made them
    assert len(indexes) == 2  # revisions_current, revisions_part_year


def test_a_bad_row_late_in_a_large_import_writes_nothing(cli, mini_workspace, tmp_path):
    ws = mini_workspace()
    assert cli("set", "r", "money", "12", "--year", "2015", "-w", ws)[0] == 0
    before = _stored(ws / "ectui.db")
    csv_file = _figures(tmp_path / "f.csv", ROWS, tail="r,money,2016,lots\n")
    code, out, err = cli("import", csv_file, "-w", ws, "--force")
    assert code == 1 and out == ""
    assert f"f.csv:{ROWS + 2}: " in err and f"nothing imported: 1 bad row(s) of {ROWS + 1};" in err
    conn = sqlite3.connect(ws / "ectui.db", timeout=0)  # nobody holds the write lock
    conn.execute("BEGIN IMMEDIATE")
    conn.close()
    assert _stored(ws / "ectui.db") == before


def test_an_import_by_someone_not_an_editor_writes_nothing(cli, mini_workspace, tmp_path):
    ws = mini_workspace()
    toml = ws / "targets.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('parent = "r"', 'parent = "r"\neditors = ["nobody"]'),
                    encoding="utf-8")
    code, _, err = cli("import", _figures(tmp_path / "f.csv", ROWS), "-w", ws, "--force")
    assert code == 1 and "is not an editor of region 'child'" in err
    assert not (ws / "ectui.db").exists()  # refused before the store was even opened


def test_a_failure_while_storing_is_one_line_and_writes_nothing(cli, mini_workspace, tmp_path):
    ws = mini_workspace()
    assert cli("check", "-w", ws)[0] == 0
    conn = sqlite3.connect(ws / "ectui.db")
    conn.execute("CREATE UNIQUE INDEX one_per_year ON revisions(region, indicator, year)")  # outside ectui
    conn.close()
    code, out, err = cli("import", _figures(tmp_path / "f.csv", ROWS), "-w", ws, "--force")  # it corrects figures
    assert (code, out) == (1, "")
    assert err.startswith("ectui: storing the figures failed (UNIQUE constraint failed")
    assert err.count("\n") == 1 and "Traceback" not in err
    conn = sqlite3.connect(ws / "ectui.db")
    assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'one_per_year'").fetchone()[0] == 1
