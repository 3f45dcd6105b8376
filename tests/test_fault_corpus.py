"""A corpus of faults (issue 23): malformed targets.toml files and CSVs, each refused with one clear
line and its exit code, no traceback, nothing written; a disk that fills up; a kill at random
points of import, backup and export; bit flips in a copy of a database."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from ectui.db import open_store
from tests.conftest import MINI_TARGETS, MONEY_TARGET, run_ectui

TARGET = MONEY_TARGET  # the target these cases break in every way
GOOD = MINI_TARGETS + TARGET


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _targets_corpus() -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    # a required key left out, in each kind of table
    for key in ('id = "r"', 'name_zh = "测试区"', 'name_en = "Testland"', 'id = "money"', 'unit = "亿元"\n\n[[indicators]]',
                'title = "测试规划"', 'region = "r"\nstart', "start = 2011", "end = 2015", 'plan = "p"', 'indicator = "money"',
                'cmp = ">="', "value = 1800", 'unit = "亿元"\nbaseline'):
        tail = "\n\n[[indicators]]" if key.endswith("[[indicators]]") else ("\nbaseline" if key.endswith("baseline") else
                                                                            ("\nstart" if key.endswith("start") else ""))
        cases.append((f"missing {key.split()[0]}", _replace(GOOD, key, tail.lstrip("\n") if tail else "")))
    # a value of the wrong type
    for old, new in (('id = "r"', "id = 5"), ('name_zh = "测试区"', "name_zh = 3"), ("start = 2011", 'start = "2011"'),
                     ("end = 2015", "end = 2015.5"), ("year = 2015", 'year = "2015"'), ("value = 1800", 'value = "many"'),
                     ("value = 1800", "value = true"), ('cmp = ">="', "cmp = 1"), ('unit = "亿元"\nbaseline', "unit = 7\nbaseline"),
                     ("baseline = { year = 2011, value = 482.53 }", "baseline = 2011"),
                     ("baseline = { year = 2011, value = 482.53 }", 'baseline = { year = "2011", value = 482.53 }'),
                     ("baseline = { year = 2011, value = 482.53 }", "baseline = { year = 2011, value = nan }"),
                     ("value = 1800", "value = inf"), ("value = 1800", "value = 1e300"), ('kind = "percent"', "kind = 2"),
                     ('parent = "r"', "parent = 1"), ('title = "测试规划"', 'title = ""'), ('id = "r"', 'id = "R r"'),
                     ('id = "money"', 'id = "交易额"'), ('unit = "亿元"\n\n[[indicators]]', 'unit = "furlongs"\n\n[[indicators]]')):
        cases.append((f"wrong {new.split('=')[0].strip()} {new.split('=', 1)[1].strip()[:12]}", _replace(GOOD, old, new)))
    # unknown keys and tables: typos and keys of other tools
    for old, new in (('name_en = "Testland"', 'name_en = "Testland"\nnmae_zh = "x"'), ('cmp = ">="', 'cmp = ">="\nvalu = 3'),
                     ("baseline = { year = 2011, value = 482.53 }", "baselin = { year = 2011, value = 482.53 }"),
                     ('unit = "亿元"\nbaseline', 'unit = "亿元"\nsource_url = "http://x"\nbaseline'),
                     ("end = 2015", "end = 2015\nended = 2016"), ('kind = "percent"', 'kind = "percent"\nknd = 1')):
        cases.append((f"unknown key {new.split(chr(10))[-1].split('=')[0].strip()}", _replace(GOOD, old, new)))
    cases.append(("a [[plan]] table", GOOD + '\n[[plan]]\nid = "q"\n'))
    cases.append(("a [meta] table", GOOD + '\n[meta]\nauthor = "x"\n'))
    cases.append(("a stray top-level key", "version = 2\n" + GOOD))
    # references and meanings
    for old, new in (('region = "r"\nindicator', 'region = "nowhere"\nindicator'), ('indicator = "money"', 'indicator = "honey"'),
                     ('plan = "p"', 'plan = "q"'), ('parent = "r"', 'parent = "child"'), ('parent = "r"', 'parent = "ghost"'),
                     ('cmp = ">="', 'cmp = "=>"'), ("year = 2015", "year = 2030"), ("year = 2015", "year = 15"),
                     ("end = 2015", "end = 2010"), ("baseline = { year = 2011, value = 482.53 }", "baseline = { year = 2016, value = 1 }"),
                     ('unit = "亿元"\nbaseline', 'unit = "家"\nbaseline'),
                     ("baseline = { year = 2011, value = 482.53 }", 'baseline = { year = 2011, value = 4, unit = "万人" }'),
                     ('cmp = ">="', 'cmp = ">="\ngrowth = { rate = 20, from = 2010 }'),
                     ('cmp = ">="', 'cmp = "range"'), ('id = "child"', 'id = "r"'),
                     ('name_zh = "子区"', 'name_zh = "测试区"')):
        cases.append((f"meaning {new[:30]!r}", _replace(GOOD, old, new)))
    cases.append(("duplicate target", GOOD + TARGET))
    cases.append(("cycle of three", GOOD.replace('[[plans]]', '[[regions]]\nid = "a"\nname_zh = "甲"\nname_en = "A"\nparent = "b"\n\n'
                                                '[[regions]]\nid = "b"\nname_zh = "乙"\nname_en = "B"\nparent = "a"\n\n[[plans]]')))
    cases.append(("empty file", ""))
    cases.append(("only comments", "# nothing here\n"))
    cases.append(("not TOML at all", "<html><body>404</body></html>\n"))
    cases.append(("binary", "\x00\x01\x02garbage\xff"))
    cases.append(("nested too deeply", "x = " + "[" * 3000 + "]" * 3000 + "\n"))
    cases.append(("deep inline tables", GOOD + "\nmeta = " + "{ a = " * 2000 + "1" + " }" * 2000 + "\n"))
    cases.append(("regions not a list", '[regions]\nid = "r"\n'))
    # the good file cut short, wherever that breaks the syntax (a cut at a table boundary can be valid)
    rng = random.Random(23)
    cuts = sorted({rng.randrange(1, len(GOOD) - 1) for _ in range(400)})
    broken = []
    for cut in cuts:
        try:
            tomllib.loads(GOOD[:cut])
        except tomllib.TOMLDecodeError:
            broken.append(cut)
    cases += [(f"cut at {cut}", GOOD[:cut]) for cut in broken[:40]]
    return cases


TARGETS_CORPUS = _targets_corpus()


def test_the_targets_corpus_is_large():
    assert len(TARGETS_CORPUS) >= 100
    assert len({text for _, text in TARGETS_CORPUS}) == len(TARGETS_CORPUS)


@pytest.mark.parametrize("case,text", TARGETS_CORPUS, ids=[c for c, _ in TARGETS_CORPUS])
def test_malformed_targets_file(tmp_path, cli, case, text):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(text, encoding="utf-8", errors="surrogateescape")
    code, out, err = cli("check", "-w", ws)
    assert code == 2, (case, code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"ectui: {ws / 'targets.toml'}"), (case, err)
    assert not (ws / "ectui.db").exists()  # nothing written
    for other in ("report", "set"):
        argv = [other, "-w", ws] + (["r", "money", "1", "--year", "2015"] if other == "set" else [])
        code, _, err = cli(*argv)
        assert code == 2 and len(err.strip().splitlines()) == 1, (case, other, err)


# ── CSVs ──────────────────────────────────────────────────────────────────────────────────────
HEADER = "region,indicator,year,value,unit,source,note\n"
GOOD_ROW = "r,money,2013,1000,亿元,统计公报,\n"


def _csv_corpus() -> list[tuple[str, bytes]]:
    cases: list[tuple[str, bytes]] = []
    bad_rows = [
        "nowhere,money,2013,1000,亿元,,", "r,honey,2013,1000,亿元,,", "r,money,13,1000,亿元,,", "r,money,二〇一三,1000,亿元,,",
        "r,money,2013,lots,亿元,,", "r,money,2013,1000,家,,", "r,money,2013,1000,furlongs,,", "r,money,2013,,亿元,,",
        "r,money,2013,nan,亿元,,", "r,money,2013,inf,亿元,,", "r,money,2013,1e400,亿元,,", "r,money,2013,1e16,亿元,,",
        "r,money,1800,1000,亿元,,", "r,money,2500,1000,亿元,,", "r,money,-2013,1000,亿元,,", "r,money,2013.5,1000,亿元,,",
        "r,money,2013,1000",  "r,money,2013,1000,亿元,,,extra", "r,money,2013,1000,亿元", ",money,2013,1000,亿元,,",
        "r,,2013,1000,亿元,,", "r,money,,1000,亿元,,", "r,share,2013,六十,%,,",
        "r,money,2013,1000亿元亿元,,,", "r,money,2013,--5,亿元,,", "r,money,2013,5..0,亿元,,", "r,money,2013,0x10,亿元,,",
        "r,money,2013,1_000,亿元,,", "r,money,2013,\x1b[31m5,亿元,,", "r,money,2013,5,\x00,,", "r,money,2013,\u202e5,亿元,,",
        'r,money,2013,"5,亿元,,', "r,money,2013,5,亿元,,\x1b]52;c;aGk=\x07" + ",x", "r,money,2013, ,亿元,,",
        "r,money,2013,5万亿人,亿元,,", "r,money,2013,约,亿元,,", "r,money,2013,超过,亿元,,", "r,money,2013,5%,亿元,,",
        "r,money,2013,是,亿元,,",
    ]
    for i, row in enumerate(bad_rows):
        cases.append((f"bad row {i}: {row[:24]!r}", (HEADER + GOOD_ROW + row + "\n").encode("utf-8")))
        if i < 25:  # the same bad row after many good ones, and first
            cases.append((f"bad row {i} late", (HEADER + GOOD_ROW * 30 + row + "\n").encode("utf-8")))
            cases.append((f"bad row {i} first", (HEADER + row + "\n" + GOOD_ROW).encode("utf-8")))
    headers = ["", "region,indicator,year\n", "region,indicator,year,value,colour\n", "地区,指示,年份\n",
               "region;indicator;year;value\n", "\n\n\n", "region,region,indicator,year,value\n"]
    for i, header in enumerate(headers):
        cases.append((f"bad header {i}", (header + GOOD_ROW).encode("utf-8") if header.strip() else header.encode()))
    cases.append(("header only", HEADER.encode()))
    cases.append(("not text", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))
    cases.append(("neither UTF-8 nor GBK", HEADER.encode() + b"r,money,2013,\xff\xfe\xfa,,,\n"))
    cases.append(("a quote never closed", (HEADER + 'r,money,2013,"1000,亿元,,\n' + GOOD_ROW * 3).encode()))
    return cases


CSV_CORPUS = _csv_corpus()


def test_the_csv_corpus_is_large():
    assert len(CSV_CORPUS) >= 100


@pytest.fixture
def recorded(mini_workspace, cli):
    ws = mini_workspace(TARGET)
    code, _, err = cli("set", "r", "money", "700", "--year", "2012", "-w", ws)
    assert code == 0, err
    return ws


@pytest.mark.parametrize("case,data", CSV_CORPUS, ids=[c for c, _ in CSV_CORPUS])
def test_malformed_csv(recorded, cli, case, data):
    path = recorded / "bad.csv"
    path.write_bytes(data)
    before = open_store(recorded / "ectui.db").revisions()
    code, out, err = cli("import", path, "-w", recorded)
    assert code in (1, 2), (case, code, err)
    assert "Traceback" not in err and err.startswith("ectui: "), (case, err)
    lines = err.strip().splitlines()
    assert len(lines) <= 2 and str(path) in lines[0], (case, err)  # the bad line, and "nothing imported"
    assert all(ch.isprintable() for ch in err.replace("\n", "")), (case, err)  # nothing raw reaches the terminal
    assert open_store(recorded / "ectui.db").revisions() == before  # nothing written


# ── a disk that fills up ──────────────────────────────────────────────────────────────────────
@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (root only; skips elsewhere), unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill up ({r.stderr.decode().strip() or 'not root'})")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> None:
    """Fill the disk up to its last few kilobytes."""
    fd = os.open(folder / "ballast", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(folder / "ballast", max(0, os.path.getsize(folder / "ballast") - 1024))


def test_a_full_disk_is_one_line_and_loses_nothing(small_disk, mini_workspace):
    ws = small_disk / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(GOOD, encoding="utf-8")
    assert run_ectui("set", "r", "money", "700", "--year", "2012", "-w", ws).returncode == 0
    rows = "".join(f"r,money,{2000 + i % 16},{i},亿元,statistics {i // 16} {'x' * 100},\n" for i in range(1500))
    (small_disk / "big.csv").write_text(HEADER + rows, encoding="utf-8")
    assert run_ectui("import", small_disk / "big.csv", "-w", ws, "--force").returncode == 0  # worth copying
    _fill(small_disk)
    before = open_store(ws / "ectui.db", readonly=True).revisions()
    for argv in (["import", small_disk / "big.csv", "--force"], ["export", "--revisions", "-o", ws / "all.csv"],
                 ["report", "-o", ws / "report.html"], ["backup", ws / "copy.db"]):
        r = run_ectui(*argv, "-w", ws)
        err = r.stderr.decode()
        assert r.returncode == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1, (argv, err)
        assert "full" in err or "space" in err, (argv, err)
    assert open_store(ws / "ectui.db", readonly=True).revisions() == before
    assert not any(p.name.endswith(".partial") for p in ws.iterdir())
    assert not (ws / "all.csv").exists() and not (ws / "copy.db").exists() and not (ws / "report.html").exists()


# ── a kill at any moment ──────────────────────────────────────────────────────────────────────
def _kill_after(argv: list, delay: float, cwd: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "ectui", *map(str, argv)], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("seed", range(3))
def test_kill_during_backup_and_export_leaves_nothing_or_a_whole_file(mini_workspace, tmp_path, seed):
    ws = mini_workspace(TARGET)
    rows = "".join(f"r,money,{1950 + i % 70},{i},亿元,s{i // 70},\n" for i in range(60_000))
    (tmp_path / "many.csv").write_text(HEADER + rows, encoding="utf-8")
    assert run_ectui("import", tmp_path / "many.csv", "-w", ws, "--force").returncode == 0
    total = open_store(ws / "ectui.db").count()
    rng = random.Random(seed)
    for argv, target in ((["backup", tmp_path / f"b{seed}.db"], tmp_path / f"b{seed}.db"),
                         (["export", "--revisions", "-o", tmp_path / f"e{seed}.csv"], tmp_path / f"e{seed}.csv")):
        _kill_after([*argv, "-w", ws], rng.uniform(0.05, 1.0), tmp_path)
        if target.exists():  # the rename happened: the file is whole
            if target.suffix == ".db":
                assert run_ectui("backup", "--verify", target).returncode == 0
                assert open_store(target, readonly=True).count() == total
            else:
                assert target.read_text(encoding="utf-8").count("\n") == total + 1
        leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
        for p in leftovers:  # a killed writer may leave its temporary file: hidden, never at the target's name
            assert p.name.startswith(".") and p != target


# ── bit flips ─────────────────────────────────────────────────────────────────────────────────
def test_a_flipped_value_is_seen_by_check(mini_workspace, cli):
    ws = mini_workspace(TARGET)
    assert cli("set", "r", "money", "1234.5", "--year", "2013", "-w", ws)[0] == 0
    assert cli("check", "-w", ws)[0] == 0
    damaged = ws / "damaged.db"
    shutil.copy(ws / "ectui.db", damaged)
    raw = bytearray(damaged.read_bytes())
    at = raw.find(struct.pack(">d", 1234.5))  # the value as SQLite stores it in the revision's row
    assert at > 0
    raw[at + 1] ^= 0x10
    damaged.write_bytes(bytes(raw))
    code, out, err = cli("check", "-w", ws, "--db", damaged, "--full")
    assert code == 1 and "damaged" in err and "restore it from a backup" in err, (out, err)
    code, _, err = cli("backup", "--verify", damaged)
    assert code == 1 and "NOT a sound backup" in err


@pytest.mark.parametrize("seed", range(12))
def test_random_bit_flips_never_give_a_traceback(mini_workspace, cli, tmp_path, seed):
    ws = mini_workspace(TARGET)
    for year, value in ((2012, "700"), (2013, "1000"), (2014, "1500")):
        assert cli("set", "r", "money", value, "--year", year, "-w", ws)[0] == 0
    damaged = tmp_path / "flipped.db"
    raw = bytearray((ws / "ectui.db").read_bytes())
    rng = random.Random(seed)
    for _ in range(20):
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    damaged.write_bytes(bytes(raw))
    for argv in (["check", "--full"], ["report", "--format", "json"], ["history", "r", "money"],
                 ["set", "r", "money", "2000", "--year", "2015"]):
        code, _, err = cli(*argv, "-w", ws, "--db", damaged)
        assert code in (0, 1, 2) and "Traceback" not in err, (argv, err)
        assert len(err.strip().splitlines()) <= 1, (argv, err)


def test_a_lock_held_too_long_says_so(mini_workspace, cli, monkeypatch):
    """Not "not a usable ectui database": who may hold it, and to try again."""
    import sqlite3

    import ectui.db.store as store_module
    ws = mini_workspace(TARGET)
    assert cli("set", "r", "money", "700", "--year", "2012", "-w", ws)[0] == 0
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(ws / "ectui.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = cli("set", "r", "money", "800", "--year", "2013", "-w", ws)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "another process held the database" in err and "try again" in err, err
    assert "not a usable" not in err and len(err.strip().splitlines()) == 1
    assert [r.value for r in open_store(ws / "ectui.db").revisions()] == [700.0]


def test_a_parent_chain_thousands_deep_is_no_traceback(tmp_path, cli):
    regions = ['[[regions]]\nid = "r0"\nname_zh = "区0"\nname_en = "R0"\n']
    regions += [f'[[regions]]\nid = "r{i}"\nname_zh = "区{i}"\nname_en = "R{i}"\nparent = "r{i - 1}"\n' for i in range(1, 3000)]
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text("\n".join(regions) + '\n[[indicators]]\nid = "i"\nname_zh = "指标"\nname_en = "I"\n'
                                     'unit = "亿元"\n', encoding="utf-8")
    assert cli("check", "-w", ws)[0] == 0
    assert cli("set", "r2999", "i", "5", "--year", "2020", "-w", ws)[0] == 0
    code, out, err = cli("report", "--region", "r0", "--format", "json", "-w", ws)
    assert code == 0 and err == ""
    cyclic = (ws / "targets.toml").read_text(encoding="utf-8").replace('id = "r0"\n', 'id = "r0"\nparent = "r2999"\n', 1)
    (ws / "targets.toml").write_text(cyclic, encoding="utf-8")
    code, _, err = cli("check", "-w", ws)
    assert code == 2 and "its own ancestor" in err and len(err.strip().splitlines()) == 1


HOSTILE = "\x1b]52;c;aGk=\x07\x1b[2J=HYPERLINK(\"http://x\")\u202e"


def test_hostile_names_and_notes_never_reach_the_terminal_raw(mini_workspace, cli, tmp_path):
    ws = mini_workspace(TARGET.replace('cmp = ">="', 'cmp = ">="\nnote = "x"'))
    text = (ws / "targets.toml").read_text(encoding="utf-8").replace('name_en = "Testland"',
                                                                      f"name_en = {json.dumps(HOSTILE)}")  # TOML escapes
    (ws / "targets.toml").write_text(text, encoding="utf-8")
    assert cli("set", "r", "money", "700", "--year", "2012", "--source", HOSTILE, "--note=-1+1", "-w", ws)[0] == 0
    for argv in (["check", "--list"], ["where"], ["history", "r", "money"], ["report"], ["report", "--lang", "en"]):
        code, out, err = cli(*argv, "-w", ws)
        assert code == 0, (argv, err)
        assert "\x1b" not in out + err and "\x07" not in out + err and "\u202e" not in out + err, argv
    export = tmp_path / "all.csv"
    assert cli("export", "--revisions", "-o", export, "-w", ws)[0] == 0
    cells = export.read_text(encoding="utf-8")
    assert ",'-1+1," in cells  # a note a spreadsheet would run is escaped
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "targets.toml").write_text(text, encoding="utf-8")
    assert cli("init", fresh, "--empty")[0] == 0
    assert cli("import", export, "-w", fresh)[0] == 0
    before, after = open_store(ws / "ectui.db").revisions(), open_store(fresh / "ectui.db").revisions()
    assert [r[1:] for r in after] == [r[1:] for r in before]  # exactly, escapes taken off again
