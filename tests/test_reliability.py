"""No figure lost: concurrent writers, SIGKILL during an import, large files, backups, exports."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_ectui

WRITERS, FIGURES_EACH = 8, 250


def _writer(workspace: str, n: int, queue) -> None:
    """One analyst recording figures through the CLI code path, one `set` at a time."""
    import contextlib
    import io

    from ectui.cli import main
    failures = []
    for i in range(FIGURES_EACH):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["set", "quanzhou", "ec_transactions", f"{1000 + n * 1000 + i}亿元", "--year",
                         str(1900 + i % 200), "--source", f"writer {n}", "-w", workspace])
        if code != 0:
            failures.append(err.getvalue())
    queue.put((n, len(failures), failures[:3]))  # small: a full pipe would block the writer


def count(workspace: Path) -> int:
    with sqlite3.connect(workspace / "ectui.db") as conn:
        return conn.execute("SELECT count(*) FROM revisions").fetchone()[0]


def test_eight_writers_and_a_reader_lose_nothing(workspace):
    assert run_ectui("check", "-w", workspace).returncode == 0
    before = count(workspace)
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    writers = [ctx.Process(target=_writer, args=(str(workspace), n, queue)) for n in range(WRITERS)]
    for w in writers:
        w.start()
    reports, reader_failures = 0, []
    while any(w.is_alive() for w in writers):  # a reader running `ectui report` the whole time
        r = run_ectui("report", "--format", "json", "-w", workspace)
        reports += 1
        if r.returncode != 0 or not json.loads(r.stdout)["rows"]:
            reader_failures.append(r.stderr.decode())
    results = [queue.get(timeout=300) for _ in writers]
    for w in writers:
        w.join(timeout=60)
    failures = [(n, k, first) for n, k, first in results if k]
    assert failures == [] and reader_failures == []
    assert reports >= 1
    assert count(workspace) == before + WRITERS * FIGURES_EACH
    with sqlite3.connect(workspace / "ectui.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        per_writer = dict(conn.execute("SELECT source, count(*) FROM revisions WHERE source LIKE 'writer %' GROUP BY source"))
    assert per_writer == {f"writer {n}": FIGURES_EACH for n in range(WRITERS)}


def write_csv(path: Path, rows: int) -> None:
    """Rows that revisit each year, each pass a release of its own (rows of one release that
    disagree would be refused); run imports of it with --force (its values jump)."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("region,indicator,year,value,unit,source,note\n")
        for i in range(rows):
            fh.write(f"quanzhou,ec_transactions,{1900 + i % 300},{i}.5,亿元,bulk {i // 300},\n")


def test_sigkill_during_an_import_leaves_all_or_nothing(workspace, tmp_path):
    assert run_ectui("check", "-w", workspace).returncode == 0
    before = count(workspace)
    big = tmp_path / "big.csv"
    write_csv(big, 200_000)
    journal = workspace / "ectui.db-journal"
    proc = subprocess.Popen([sys.executable, "-m", "ectui", "import", str(big), "-w", str(workspace), "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not journal.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)  # wait until the import is writing (its rollback journal exists)
    killed_while_writing = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert killed_while_writing, "the import finished before it could be killed; make the file bigger"
    assert proc.returncode == -signal.SIGKILL
    after = count(workspace)  # opening rolls the hot journal back
    assert after in (before, before + 200_000)
    assert after == before  # killed mid-write: the transaction never committed
    with sqlite3.connect(workspace / "ectui.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    r = run_ectui("import", big, "-w", workspace, "--force")
    assert r.returncode == 0, r.stderr
    assert count(workspace) == before + 200_000


def test_a_million_rows_import_with_progress(workspace, tmp_path):
    from ectui.recording.csv_import import read_csv
    from ectui.targets.loader import load_targets
    big = tmp_path / "million.csv"
    write_csv(big, 1_000_000)
    seen = []
    result = read_csv(big.read_bytes(), str(big), load_targets(workspace / "targets.toml"), progress=seen.append)
    assert len(result.revisions) == 1_000_000 and not result.errors
    assert seen[:2] == [10_000, 20_000] and seen[-1] == 1_000_000  # the bar advances through the file
    del result
    r = run_ectui("import", big, "-w", workspace, "--force")
    assert r.returncode == 0, r.stderr
    assert count(workspace) == 48 + 1_000_000


def test_progress_bar_is_drawn_on_a_terminal(workspace, tmp_path):
    """Under a pseudo-terminal (script), a long import shows a Rich progress bar on stderr."""
    import shutil
    if shutil.which("script") is None:
        pytest.skip("no `script` command to provide a terminal")
    big = tmp_path / "bar.csv"
    write_csv(big, 60_000)
    cmd = f"{sys.executable} -m ectui import {big} -w {workspace} --dry-run"
    r = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, timeout=120,
                       env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    out = r.stdout.decode(errors="replace")
    assert r.returncode == 0 and "checking" in out and "60000 row(s) ok" in out


@pytest.mark.parametrize("ending", ["\n", "", "\r\n"])
def test_the_progress_bar_counts_the_data_rows(workspace, tmp_path, cli, monkeypatch, ending):
    """Its total is the rows after the header, with or without a line break at the end."""
    from contextlib import nullcontext

    import ectui.cli.record
    totals = []
    monkeypatch.setattr(ectui.cli.record, "progress_bar", lambda label, total: (totals.append(total), nullcontext())[1])
    rows = tmp_path / "rows.csv"
    write_csv(rows, 7)
    text = rows.read_text(encoding="utf-8").rstrip("\n").replace("\n", ending or "\n") + ending
    rows.write_text(text, encoding="utf-8", newline="")
    code, out, err = cli("import", rows, "-w", workspace, "--dry-run")
    assert (code, totals) == (0, [7]), err
    assert "7 row(s) ok" in out


def test_backup_while_another_process_writes(workspace, tmp_path):
    assert run_ectui("check", "-w", workspace).returncode == 0
    csv_file = tmp_path / "rows.csv"
    write_csv(csv_file, 50_000)
    writer = subprocess.Popen([sys.executable, "-m", "ectui", "import", str(csv_file), "-w", str(workspace), "--force"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    backup = tmp_path / "backup.db"
    r = run_ectui("backup", backup, "-w", workspace)
    assert writer.wait(timeout=120) == 0
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
    assert n in (48, 48 + 50_000)  # a consistent copy: before or after the import, never half
    assert run_ectui("backup", backup, "-w", workspace).returncode == 1  # never overwrites


def test_export_round_trips_every_revision(workspace, tmp_path, cli):
    hostile = "引号\"'; DROP TABLE revisions;-- [b]x[/b] \x1b[31m \u202e\u200b\n第二行"
    cli("set", "quanzhou", "ec_transactions", "超过1,950亿元", "-y", "2015", "--note", hostile, "--source", hostile, "-w", workspace)
    cli("set", "shanxi", "netizens", "1800万人", "-y", "2014", "-w", workspace)
    cli("retract", "shanxi", "netizens", "-y", "2014", "--note", "typo", "-w", workspace)
    export = tmp_path / "export.csv"
    code, _, err = cli("export", "--revisions", "-o", export, "-w", workspace)
    assert code == 0 and f"exported {48 + 3} revisions" in err  # the note's line break is not a revision
    empty = tmp_path / "restored"
    code, out, err = cli("init", "--empty", empty)
    assert code == 0 and "(0 revisions)" in out
    code, out, err = cli("import", export, "-w", empty)
    assert code == 0, err
    from ectui.db import open_store
    original = [r._asdict() | {"id": None} for r in open_store(workspace / "ectui.db").revisions()]
    restored = [r._asdict() | {"id": None} for r in open_store(empty / "ectui.db").revisions()]
    assert restored == original and len(original) == 48 + 3
    assert any(r["note"] == hostile and r["source"] == hostile for r in restored)
    assert any(r["value"] is None for r in restored)
    code, out, _ = cli("import", export, "-w", empty)  # restoring twice adds nothing
    assert code == 0 and "already present" in out
    assert len(open_store(empty / "ectui.db").revisions()) == len(original)
