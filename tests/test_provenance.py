"""Where figures come from (issue 22): which figure counts when several are published for one year,
and what had been published by a date."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from ectui.db import open_store, packed
from ectui.model import NewRevision
from tests.conftest import BUNDLED_TARGETS, run_ectui


def fig(value, published="", official=True, publisher="", year=2015):
    return NewRevision("cn", "ec", year, value, unit="万亿元", entered=f"{value}万亿元", source="s",
                       publisher=publisher, published=published, official=official)


def retraction(year=2015):
    return NewRevision("cn", "ec", year, None, source="retraction")


def current_value(store, **kw):
    series = store.current(**kw).get(("cn", "ec"))
    return None if series is None or series.find(2015) is None else series.find(2015).value


# MOFCOM's 20.8 (May 2016), the 13th plan's 21.8 (Dec 2016), iResearch's non-official 16.4 (Jul 2016)
MOFCOM, PLAN, IRESEARCH = fig(20.8, "2016-05-17"), fig(21.8, "2016-12-30"), fig(16.4, "2016-07", official=False)


@pytest.mark.parametrize("order", list(itertools.permutations([MOFCOM, PLAN, IRESEARCH])))
def test_row_order_never_changes_the_figure_that_counts(tmp_path, order):
    store = open_store(tmp_path / "e.db")
    store.record(list(order), author="a", recorded_at="2026-01-01T00:00:00.000000Z")
    assert current_value(store) == 21.8  # official, published last
    assert packed.read(store.conn) == packed.compute(store.conn)


@pytest.mark.parametrize("order", list(itertools.permutations([MOFCOM, PLAN, IRESEARCH])))
def test_one_at_a_time_too(tmp_path, order):
    store = open_store(tmp_path / "e.db")
    for revision in order:  # each write updates the packed figures incrementally
        store.record([revision])
    assert current_value(store) == 21.8
    assert packed.read(store.conn) == packed.compute(store.conn)


def test_a_non_official_figure_counts_only_without_an_official_one(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([IRESEARCH])
    assert current_value(store) == 16.4
    store.record([MOFCOM])
    assert current_value(store) == 20.8


def test_ties_go_to_the_later_record_and_undated_figures_count_as_recorded(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([fig(1.0, "2016-05-17"), fig(2.0, "2016-05-17")])
    assert current_value(store) == 2.0
    store.record([fig(3.0)], recorded_at="2015-01-01T00:00:00.000000Z")  # typed long ago, no date
    assert current_value(store) == 2.0  # counts as published 2015-01-01: older than the others
    store.record([fig(4.0)])  # typed today, no date: published today, the latest
    assert current_value(store) == 4.0


def test_a_retraction_withdraws_what_was_recorded_before_it(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([PLAN, MOFCOM])
    store.record([retraction()])
    assert current_value(store) is None
    store.record([IRESEARCH])  # recorded after the retraction: it counts again
    assert current_value(store) == 16.4
    assert packed.read(store.conn) == packed.compute(store.conn)


def test_vintage_is_what_had_been_published_by_then(tmp_path):
    store = open_store(tmp_path / "e.db")
    store.record([PLAN, IRESEARCH, MOFCOM], author="a", recorded_at="2026-01-01T00:00:00.000000Z")
    assert current_value(store, vintage="2016-03-31") is None
    assert current_value(store, vintage="2016-06-30") == 20.8
    assert current_value(store, vintage="2016-07-30") == 20.8  # 2016-07 counts from the end of July
    assert current_value(store, vintage="2016-12-31") == 21.8
    assert current_value(store, recorded_by="2025-12-31T00:00:00.000000Z") is None  # typed in 2026


def test_random_histories_keep_the_packed_figures_equal_to_the_definition(tmp_path):
    """The packed figures, kept in step write by write, against the definition computed from the
    revisions, over random publishers, dates, official flags and retractions."""
    rng = random.Random(22)
    store = open_store(tmp_path / "e.db")
    for _ in range(60):
        batch = []
        for _ in range(rng.randrange(1, 6)):
            year = rng.choice([2014, 2015, 2016])
            if rng.random() < 0.15:
                batch.append(retraction(year))
            else:
                date = rng.choice(["", "2016", "2016-05", "2016-05-17", "2017-01-02", "2015-12"])
                batch.append(fig(round(rng.uniform(1, 30), 2), date, rng.random() < 0.8, year=year))
        store.record(batch)
        assert packed.read(store.conn) == packed.compute(store.conn)


def test_set_with_provenance_and_the_bundled_vintages(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(BUNDLED_TARGETS.read_text(encoding="utf-8"), encoding="utf-8")
    r = run_ectui("set", "cn", "ec_transactions", "16.4万亿元", "-y", "2015", "--publisher", "艾瑞咨询",
                  "--published", "2016年7月", "--unofficial", "-w", ws)
    assert r.returncode == 0, r.stderr

    def row(*args):
        out = run_ectui("report", "--format", "json", "--plan", "cn-ec-12th", *args, "-w", ws)
        assert out.returncode == 0, out.stderr
        return next(r for r in json.loads(out.stdout)["rows"] if r["aim"] == "level" and r["indicator"] == "ec_transactions")

    assert (row()["latest_value"], row()["status"]) == (218000.0, "met")  # the non-official 16.4 does not count
    then = row("--vintage", "2016-06-30")  # MOFCOM's May 2016 figure, evaluated in 2016
    assert (then["latest_value"], then["evaluation_year"]) == (208000.0, 2016)
    assert row("--vintage", "2017")["latest_value"] == 218000.0  # the 13th plan's figure, published Dec 2016
    assert row("--vintage", "2013")["latest_value"] == 58800.0  # 2011's, published May 2012
    history = json.loads(run_ectui("history", "cn", "ec_transactions", "--format", "json", "-w", ws).stdout)
    iresearch = [r for r in history["revisions"] if r["publisher"] == "艾瑞咨询"]
    assert len(iresearch) == 1 and iresearch[0]["published"] == "2016-07" and iresearch[0]["official"] is False
    bad = run_ectui("set", "cn", "ec_transactions", "1", "-y", "2015", "--published", "2016-13", "-w", ws)
    assert bad.returncode == 1 and b"is not a date" in bad.stderr


def test_csv_with_provenance_columns_and_a_lossless_round_trip(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    csv_text = ("region,indicator,year,value,unit,source,publisher,published,official,source_url\n"
                "r,money,2015,20.8万亿元,,press conference,商务部,2016-05-17,yes,http://example.org/a\n"
                "r,money,2015,16.4万亿元,,report,艾瑞咨询,2016-07,否,\n"
                "r,money,2015,21.8万亿元,,plan,商务部,2016/12/30,是,\n")
    (tmp_path / "f.csv").write_text(csv_text, encoding="utf-8")
    code, _, err = cli("import", tmp_path / "f.csv", "-w", ws)
    assert code == 0, err
    store = open_store(ws / "ectui.db")
    revisions = store.revisions()
    assert [(r.publisher, r.published, r.official, r.url) for r in revisions] == [
        ("商务部", "2016-05-17", True, "http://example.org/a"), ("艾瑞咨询", "2016-07", False, ""),
        ("商务部", "2016-12-30", True, "")]
    assert store.current()[("r", "money")].find(2015).value == 218000.0
    export = tmp_path / "all.csv"
    assert cli("export", "--revisions", "-o", export, "-w", ws)[0] == 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "targets.toml").write_text((ws / "targets.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("init", fresh, "--empty")[0] == 0
    assert cli("import", export, "-w", fresh)[0] == 0
    assert [r[1:] for r in open_store(fresh / "ectui.db").revisions()] == [r[1:] for r in revisions]
    (tmp_path / "bad.csv").write_text("region,indicator,year,value,official\nr,money,2015,1,perhaps\n", encoding="utf-8")
    code, _, err = cli("import", tmp_path / "bad.csv", "-w", ws)
    assert code == 1 and "bad.csv:2" in err and "official 'perhaps'" in err


# ── files as offices keep them ────────────────────────────────────────────────────────────────
def _import(cli, ws, path):
    code, out, err = cli("import", path, "-w", ws)
    assert code == 0, err
    return out


def test_chinese_headers_tabs_utf16_and_trailing_empty_columns(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    files = {
        "zh.csv": "地区,指标,年份,数值,单位,来源,发布机构,发布日期,是否官方\n测试区,交易额,2014,15万亿元,,公报,统计局,2015年3月1日,是\n"
                  .encode("utf-8"),
        "tabs.tsv": "region\tindicator\tyear\tvalue\nr\tmoney\t2013\t1100\n".encode("utf-8"),
        "utf16.csv": "region,indicator,year,value\nr,money,2012,900\n".encode("utf-16"),
        "trailing.csv": "region,indicator,year,value,,\nr,money,2011,480,,\n".encode("utf-8"),
        "gbk.csv": "地区,指标,年份,数值\n测试区,交易额,2010,400\n".encode("gbk"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        assert "imported 1 figure(s)" in _import(cli, ws, tmp_path / name), name
    got = {r.year: (r.value, r.publisher, r.published) for r in open_store(ws / "ectui.db").revisions()}
    assert got == {2014: (150000.0, "统计局", "2015-03-01"), 2013: (1100.0, "", ""), 2012: (900.0, "", ""),
                   2011: (480.0, "", ""), 2010: (400.0, "", "")}


def test_an_excel_workbook_imports_as_its_csv_does(tmp_path, mini_workspace, cli):
    import datetime

    import openpyxl
    ws = mini_workspace()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "figures"
    sheet.append(["地区", "指标", "年份", "数值", "发布日期", None])
    sheet.append(["r", "money", 2016, 2500.5, datetime.date(2017, 2, 1), None])
    sheet.append(["测试区", "交易额", 2017.0, "2,600亿元", "2018-02", None])
    other = book.create_sheet("notes")
    other.append(["nothing", "here"])
    book.save(tmp_path / "book.xlsx")
    assert "imported 2 figure(s)" in _import(cli, ws, tmp_path / "book.xlsx")
    got = [(r.year, r.value, r.published, r.entered) for r in open_store(ws / "ectui.db").revisions()]
    assert got == [(2016, 2500.5, "2017-02-01", "2500.5"), (2017, 2600.0, "2018-02", "2,600亿元")]
    code, _, err = cli("import", tmp_path / "book.xlsx", "--sheet", "nope", "-w", ws)
    assert code == 1 and "no sheet 'nope'" in err and "figures, notes" in err
    code, _, err = cli("import", tmp_path / "book.xlsx", "--sheet", "notes", "-w", ws)
    assert code == 1 and "missing column" in err
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    code, _, err = cli("import", tmp_path / "broken.xlsx", "-w", ws)
    assert code == 1 and "not a readable Excel workbook" in err


def test_importing_the_same_file_twice_adds_nothing(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    (tmp_path / "a.csv").write_text("region,indicator,year,value,publisher,published\n"
                                    "r,money,2014,1500,统计局,2015-03\nr,money,2013,1000,统计局,2014-03\n", encoding="utf-8")
    assert "imported 2 figure(s)" in _import(cli, ws, tmp_path / "a.csv")
    again = _import(cli, ws, tmp_path / "a.csv")
    assert "imported 0 figure(s)" in again and "2 already stored, skipped" in again
    (tmp_path / "b.csv").write_text("region,indicator,year,value,publisher,published\n"
                                    "r,money,2014,1500,统计局,2015-03\nr,money,2014,1520,统计局,2015-06\n", encoding="utf-8")
    assert "imported 1 figure(s)" in _import(cli, ws, tmp_path / "b.csv")  # the revised release is new
    store = open_store(ws / "ectui.db")
    assert store.count() == 3 and store.current()[("r", "money")].find(2014).value == 1520.0


def test_history_marks_the_figure_that_counts(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    for args in (("21.8万亿元", "--published", "2016-12-30"), ("16.4万亿元", "--published", "2016-07", "--unofficial"),
                 ("20.8万亿元", "--published", "2016-05-17")):
        assert cli("set", "r", "money", args[0], "-y", "2015", *args[1:], "-w", ws)[0] == 0
    code, out, _ = cli("history", "r", "money", "--format", "json", "-w", ws)
    marked = [(r["value"], r["counts"]) for r in json.loads(out)["revisions"]]
    assert marked == [(218000.0, True), (164000.0, False), (208000.0, False)]
    code, out, _ = cli("history", "r", "money", "-w", ws)
    assert out.count("✔") == 2 and "发布最晚的官方数据" in out  # the counting row, and the caption
