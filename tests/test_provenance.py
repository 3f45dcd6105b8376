"""Where figures come from (issue 22): which figure counts when several are published for one year,
and what had been published by a date."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from ectui.db import open_store, packed
from ectui.model import NewRevision
from tests.conftest import BUNDLED_TARGETS, MONEY_TARGET, run_ectui, store_of


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
    store = store_of(ws)
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
    assert [r[1:] for r in store_of(fresh).revisions()] == [r[1:] for r in revisions]
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
    got = {r.year: (r.value, r.publisher, r.published) for r in store_of(ws).revisions()}
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
    got = [(r.year, r.value, r.published, r.entered) for r in store_of(ws).revisions()]
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
    store = store_of(ws)
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


# ── periods ───────────────────────────────────────────────────────────────────────────────────



@pytest.mark.parametrize("written, stored", [
    ("1-9月", "M01-M09"), ("1—9月", "M01-M09"), ("前三季度", "M01-M09"), ("M01-M09", "M01-M09"), ("Q1-Q3", "M01-M09"),
    ("Jan-Sep", "M01-M09"), ("上半年", "M01-M06"), ("H1", "M01-M06"), ("h1", "M01-M06"), ("一季度", "M01-M03"),
    ("第一季度", "M01-M03"), ("Q1", "M01-M03"), ("1-3月", "M01-M03"), ("1-2月", "M01-M02"), ("二季度", "M04-M06"),
    ("下半年", "M07-M12"), ("9月", "M09"), ("M09", "M09"), ("Sep", "M09"), ("全年", ""), ("1-12月", ""), ("", ""),
    ("1-9月份", "M01-M09"), ("1—11月份", "M01-M11"), ("1‐11月", "M01-M11"), ("前11个月", "M01-M11"),
    ("January to October", "M01-M10"), ("Jan.-Sept.", "M01-M09"), ("first half of the year", "M01-M06"),
    ("first three quarters", "M01-M09"), ("first 11 months", "M01-M11"), ("上半期", "M01-M06")])
def test_periods_read_as_statistics_write_them(written, stored):
    from ectui.periods import parse_period, period_label
    assert parse_period(written) == stored
    if stored:
        assert parse_period(period_label(stored, "zh")) == stored == parse_period(period_label(stored, "en"))


@pytest.mark.parametrize("bad", ["13月", "9-1月", "2015", "Q5", "spring", "0月", "Janu", "first 13 months"])
def test_a_period_that_is_no_part_of_a_year_is_refused(bad):
    from ectui.errors import InputError
    from ectui.periods import parse_period
    with pytest.raises(InputError, match="is not a part of a year"):
        parse_period(bad)


def test_part_year_figures_are_shown_beside_the_row_and_never_judged(tmp_path, mini_workspace, cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # the history table keeps "2014 1-9月" on one line, whoever the author
    ws = mini_workspace(MONEY_TARGET)
    assert cli("set", "r", "money", "1500", "-y", "2013", "--publisher", "统计局", "--published", "2014-02-20",
               "-w", ws)[0] == 0
    # year-to-date figures of 2014, given three ways; 1-9月 far above the target would be "met" if judged
    csv_text = ("地区,指标,年份,数值,期间,发布日期\n"
                "r,money,2014,900,上半年,2014-07-18\n"
                "r,money,2014年1-9月,2600,,2014-10-20\n"
                "r,money,2014,300,Q1,2014-04-15\n")
    (tmp_path / "ytd.csv").write_text(csv_text, encoding="utf-8")
    code, out, err = cli("import", tmp_path / "ytd.csv", "-w", ws)
    assert code == 0 and "imported 3 figure(s)" in out, err
    store = store_of(ws)
    assert [(r.year, r.period) for r in store.revisions()][-3:] == [(2014, "M01-M06"), (2014, "M01-M09"), (2014, "M01-M03")]
    assert store.current()[("r", "money")] == [(2013, 1500.0, "")]  # the annual series has no 2014
    code, out, _ = cli("report", "--format", "json", "--as-of", "2014", "-w", ws)
    [row] = json.loads(out)["rows"]
    assert (row["eval_year"], row["latest_value"], row["status"]) == (2013, 1500.0, "on_track")
    assert row["provisional"] == {"year": 2014, "period": "M01-M09", "value": 2600.0, "qualifier": ""}
    code, out, _ = cli("report", "--as-of", "2014", "--width", "160", "-w", ws)
    assert "2014年1-9月 2,600亿元（年内）" in out and "统计局 2014-02" in out
    code, out, _ = cli("report", "--as-of", "2014", "--width", "160", "--lang", "en", "-w", ws)
    assert "2014 Jan–Sep 260 bn yuan (YTD)" in out  # English units in English
    # by its vintage: on 2014-08-01 only the first half had been published
    code, out, _ = cli("report", "--format", "json", "--vintage", "2014-08-01", "-w", ws)
    assert json.loads(out)["rows"][0]["provisional"]["period"] == "M01-M06"
    # once the year's own figure exists its part-year figures are history, not shown
    assert cli("set", "r", "money", "1800", "-y", "2014", "-w", ws)[0] == 0
    code, out, _ = cli("report", "--format", "json", "--as-of", "2014", "-w", ws)
    assert json.loads(out)["rows"][0]["provisional"] is None and json.loads(out)["rows"][0]["latest_value"] == 1800.0
    # history names the period, and marks the figure that counts for each year and period
    code, out, _ = cli("history", "r", "money", "-w", ws)
    assert "2014 1-9月" in out and "2014 上半年" in out and out.count("✔") == 6  # 5 rows and the caption
    # a part-year figure is retracted by its period; the year's figure stays
    code, out, err = cli("retract", "r", "money", "-y", "2014", "--period", "1-9月", "-w", ws)
    assert code == 0 and "retracted r money 2014 1-9月" in out, err
    assert [(p.year, p.period) for p in store_of(ws).parts()[("r", "money")]] == [
        (2014, "M01-M03"), (2014, "M01-M06")]
    assert store_of(ws).current()[("r", "money")].find(2014).value == 1800.0
    code, _, err = cli("retract", "r", "money", "-y", "2014", "--period", "1-9月", "-w", ws)
    assert code == 1 and "no current figure for 2014 1-9月" in err
    code, _, err = cli("set", "r", "money", "10", "-y", "2014", "--period", "spring", "-w", ws)
    assert code == 1 and "period 'spring' is not a part of a year" in err
    (tmp_path / "two.csv").write_text("region,indicator,year,value,period\nr,money,2014年1-9月,1,H1\n", encoding="utf-8")
    code, _, err = cli("import", tmp_path / "two.csv", "-w", ws)
    assert code == 1 and "two.csv:2" in err and "give the period once" in err


def test_the_part_year_index_is_what_reads_them(tmp_path):
    store = open_store(tmp_path / "e.db")
    plan = store.conn.execute("EXPLAIN QUERY PLAN SELECT region FROM revisions INDEXED BY revisions_part_year "
                              "WHERE period != '' ORDER BY region, indicator, year, period, id").fetchall()
    assert any("revisions_part_year" in row[-1] for row in plan)
    store.record([fig(20.8, "2016-05"), NewRevision("cn", "ec", 2016, 18.0, period="M01-M09", published="2016-10")])
    assert store.parts() == {("cn", "ec"): [(2016, "M01-M09", 18.0, "")]}
    assert store.parts(vintage="2016-09") == {} and store.parts(regions=["elsewhere"]) == {}
    assert store.current()[("cn", "ec")] == [(2015, 20.8, "")]


# ── checks before writing ─────────────────────────────────────────────────────────────────────
def test_rows_of_one_file_that_disagree_are_refused_with_both_lines(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    (tmp_path / "f.csv").write_text("region,indicator,year,value,source,publisher,published,note\n"
                                    "r,money,2014,1500,公报,统计局,2015-03,\n"
                                    '\nr,money,2013,1000,公报,统计局,2015-03,"two\nlines"\n'  # a blank line, a cell of two
                                    "r,money,2014,1520,公报,统计局,2015-03,\n"   # disagrees with line 2
                                    "r,money,2014,1530,年鉴,统计局,2015-09,\n"   # a later release: a revision
                                    "r,money,2013,1000,公报,统计局,2015-03,\n", encoding="utf-8")  # agrees: fine
    code, _, err = cli("import", tmp_path / "f.csv", "-w", ws)
    assert code == 1 and "f.csv:6: r money 2014: 1,520亿元 here, but 1,500亿元 from the same source on line 2" in err
    assert "nothing imported: 1 doubtful row(s)" in err and "--force" not in err
    assert cli("import", tmp_path / "f.csv", "-w", ws, "--force")[0] == 1  # not a doubt --force lifts
    assert not (ws / "ectui.db").exists() or store_of(ws).count() == 0


def test_a_hundredfold_jump_or_a_share_above_100_needs_force(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    assert cli("set", "r", "money", "130884", "-y", "2014", "-w", ws)[0] == 0
    code, _, err = cli("set", "r", "money", "1.840", "-y", "2015", "-w", ws)
    assert code == 1 and "1.84亿元 is 71,133× below the previous figure 13.09万亿元 (2014)" in err and "--force" in err
    code, _, err = cli("set", "r", "money", "1.840", "-y", "2014", "-w", ws)  # the same year's figure counts too
    assert code == 1 and "below the previous figure" in err
    (tmp_path / "f.csv").write_text("region,indicator,year,value\nr,money,2016,1.9\nr,money,2017,250\n"
                                    "r,share,2016,120\nr,share,2017,45\n", encoding="utf-8")
    code, _, err = cli("import", tmp_path / "f.csv", "-w", ws)
    lines = err.strip().splitlines()
    assert code == 1 and lines[0].startswith("ectui: ") and "f.csv:2: r money 2016 1.9亿元 is 68,886× below" in lines[0]
    assert "f.csv:3: r money 2017 250亿元 is 132× above the previous figure 1.9亿元 (2016, line 2)" in lines[1]
    assert "f.csv:4: r share 2016 120% is a share above 100%" in lines[2]
    assert "nothing imported: 3 doubtful row(s) of 4" in lines[-1] and "with --force" in lines[-1]
    assert store_of(ws).count() == 1
    code, out, err = cli("import", tmp_path / "f.csv", "-w", ws, "--force")
    assert code == 0 and "imported 4 figure(s)" in out, err
    assert cli("set", "r", "money", "2", "-y", "2018", "-w", ws)[0] == 1  # 125× below 250
    assert cli("set", "r", "money", "2", "-y", "2018", "-w", ws, "--force")[0] == 0
    assert cli("set", "r", "money", "2.5", "-y", "2019", "-w", ws)[0] == 0  # an ordinary step


def test_doubts_against_their_plain_definition():
    """plausible.doubts keeps sorted lists per series; the definition: the previous figure of a row
    is the latest-year figure at or before its year among the stored ones and the earlier rows."""
    from ectui.model import Catalog, Indicator, Region, Series
    from ectui.recording.plausible import JUMP, doubts
    catalog = Catalog("test", regions={"cn": Region("cn", "全国", "China")},
                      indicators={"ec": Indicator("ec", "交易额", "T", "亿元")}, plans={}, targets=[])
    rng = random.Random(7)
    for _ in range(300):
        stored_years = sorted(rng.sample(range(2000, 2012), rng.randrange(4)))
        stored = {("cn", "ec"): Series(stored_years, [rng.choice((1.0, 50.0, 5000.0)) for _ in stored_years])}
        rows = [NewRevision("cn", "ec", rng.randrange(2000, 2012), rng.choice((1.0, 50.0, 5000.0, 6000.0)),
                            source=rng.choice("ab")) for _ in range(rng.randrange(1, 8))]
        expected = []
        known = {y: (v, -1) for y, v in zip(stored[("cn", "ec")].years, stored[("cn", "ec")].values)}
        for i, r in enumerate(rows):
            before = [y for y in known if y <= r.year]
            if before:
                value, origin = known[max(before)]
                if max(before) == r.year and origin >= 0 and rows[origin].source == r.source and value != r.value:
                    expected.append((i, False))
                elif not 1 / JUMP <= r.value / value <= JUMP:
                    expected.append((i, True))
            known[r.year] = (r.value, i)
        assert [(d.row, d.forcible) for d in doubts(rows, stored, catalog)] == expected


# ── the round trip ────────────────────────────────────────────────────────────────────────────
def test_any_columns_of_an_export_import_without_rescaling(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    assert cli("set", "r", "money", "1600万元", "-y", "2014", "-w", ws)[0] == 0
    assert cli("set", "r", "money", "超过0.2亿元", "-y", "2015", "--period", "H1", "-w", ws)[0] == 0
    export = tmp_path / "all.csv"
    assert cli("export", "--revisions", "-o", export, "-w", ws)[0] == 0
    import csv as csv_module
    rows = list(csv_module.DictReader(export.open(encoding="utf-8")))
    assert [(r["value"], r["unit"], r["entered"], r["entered_unit"], r["period"]) for r in rows] == [
        ("0.16", "亿元", "1600万元", "万元", ""), ("0.2", "亿元", "超过0.2亿元", "亿元", "M01-M06")]
    for columns in (["region", "indicator", "year", "value", "unit"],
                    ["region", "indicator", "year", "value", "unit", "qualifier", "period", "entered", "entered_unit"],
                    ["region", "indicator", "year", "value"]):
        subset = tmp_path / "subset.csv"
        with subset.open("w", encoding="utf-8", newline="") as fh:
            writer = csv_module.DictWriter(fh, columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        other = tmp_path / f"other{len(columns)}"
        other.mkdir()
        (other / "targets.toml").write_text((ws / "targets.toml").read_text(encoding="utf-8"), encoding="utf-8")
        assert cli("init", other, "--empty")[0] == 0
        code, _, err = cli("import", subset, "-w", other)
        assert code == 0, (columns, err)
        assert [r.value for r in store_of(other).revisions()] == [0.16, 0.2], columns
    full = open_store(tmp_path / "other9" / "ectui.db").revisions()
    assert [(r.qualifier, r.period) for r in full] == [("", ""), ("超过", "M01-M06")]
    # a restore refuses an export whose unit was edited away from the one its value is in
    edited = export.read_text(encoding="utf-8").replace(",0.16,亿元,", ",0.16,万元,")
    (tmp_path / "edited.csv").write_text(edited, encoding="utf-8")
    code, _, err = cli("import", tmp_path / "edited.csv", "-w", tmp_path / "other4")
    assert code == 1 and "edited.csv:2" in err and "unit '万元' is not '亿元'" in err


@pytest.mark.sqlite_only
def test_a_damaged_text_is_one_line_not_a_traceback(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    assert cli("set", "r", "money", "1500", "-y", "2014", "-s", "公报", "-w", ws)[0] == 0
    raw = (ws / "ectui.db").read_bytes()
    at = raw.rindex("公报".encode())
    (ws / "ectui.db").write_bytes(raw[:at] + b"\xe9\x00" + raw[at + 2:])
    for argv in (("history", "r", "money"), ("check", "--full"), ("export", "--revisions")):
        code, _, err = cli(*argv, "-w", ws)
        assert code == 1 and "not valid UTF-8" in err and len(err.strip().splitlines()) == 1, err


# ── the published series, as a maintainer checks it ─────────────────────────────────────────
EXAMPLE = BUNDLED_TARGETS.parent / "examples" / "online-retail-cn.csv"


def _bundled(tmp_path, name):
    ws = tmp_path / name
    ws.mkdir()
    (ws / "targets.toml").write_text(BUNDLED_TARGETS.read_text(encoding="utf-8"), encoding="utf-8")
    return ws


def _online_retail(cli, ws, *args):
    code, out, err = cli("report", "--format", "json", "--region", "cn", "-w", ws, *args)
    assert code == 0, err
    return {r["plan"]: (r["eval_year"], r["latest_value"], r["status"], r["provisional"])
            for r in json.loads(out)["rows"] if r["indicator"] == "online_retail"}


def test_published_series_by_vintage_whatever_the_order_and_the_file_form(tmp_path, cli):
    """examples/online-retail-cn.csv: NBS, MOFCOM and a research firm's figures for 2014–2024 as
    the sources print them (億元, 兆, trillion yuan, 1—9月份, January to October, 上半期)."""
    ws = _bundled(tmp_path, "ws")
    code, out, err = cli("import", EXAMPLE, "-w", ws)
    assert code == 0 and "imported 20 figure(s)" in out and "1 already stored" in out, err  # 2015 is bundled
    assert "imported 0 figure(s)" in cli("import", EXAMPLE, "-w", ws)[1]
    store = store_of(ws)
    parts = {(p.year, p.period): p.value for p in store.parts()[("cn", "online_retail")]}
    assert parts[(2015, "M01-M09")] == 25914.0 and parts[(2016, "M01-M06")] == 22367.0
    assert parts[(2019, "M01-M10")] == 82307.0 and parts[(2021, "M01-M06")] == 61100.0
    assert parts[(2024, "M01-M11")] == 140308.0 and parts[(2017, "M01-M06")] == 31000.0  # the firm's, non-official
    assert store.current()[("cn", "online_retail")].find(2017).value == 71800.0  # MOFCOM's 7.18萬億元
    before = _online_retail(cli, ws, "--vintage", "2016-06-30")
    assert before["cn-ec-13th"] == (2015, 38773.0, "insufficient_data", None)  # 2016 H1 came out on 07-15
    autumn = _online_retail(cli, ws, "--vintage", "2016-10-31")
    assert autumn["cn-ec-13th"][3] == {"year": 2016, "period": "M01-M09", "value": 34651.0, "qualifier": ""}
    late = _online_retail(cli, ws, "--vintage", "2021-12-31")
    assert late["cn-ec-13th"][:3] == (2020, 117601.0, "met")
    assert late["cn-ec-14th"][3]["period"] == "M01-M09" and late["cn-ec-14th"][3]["value"] == 91871.0
    now = _online_retail(cli, ws)
    # rows in another order, the same file as GBK text and as an Excel workbook: the same figures and verdicts
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    random.Random(3).shuffle(body)
    import csv as csv_module

    import openpyxl
    book = openpyxl.Workbook()
    for row in csv_module.reader(lines):
        book.active.append(row)
    forms = {"shuffled.csv": ("\n".join([lines[0], *body]) + "\n").encode("utf-8"),
             "gbk.csv": ("\n".join(lines) + "\n").encode("gbk")}
    for name, data in forms.items():
        (tmp_path / name).write_bytes(data)
    book.save(tmp_path / "book.xlsx")
    for name in (*forms, "book.xlsx"):
        other = _bundled(tmp_path, name.replace(".", "-"))
        code, _, err = cli("import", tmp_path / name, "-w", other)
        assert code == 0, (name, err)
        assert _online_retail(cli, other) == now, name
        for vintage in ("2013", "2016-06-30", "2021-12-31"):
            assert _online_retail(cli, other, "--vintage", vintage) == _online_retail(cli, ws, "--vintage", vintage)


def test_the_report_names_the_publication_of_the_figure_it_judged_at_each_vintage(tmp_path, mini_workspace, cli):
    ws = mini_workspace(MONEY_TARGET)
    for value, published in (("1,500亿元", "2016-05-17"), ("1,600亿元", "2016-12-30")):
        assert cli("set", "r", "money", value, "-y", "2015", "--publisher", "商务部", "--published", published,
                   "-w", ws)[0] == 0
    now = cli("report", "--width", "160", "-w", ws)[1]
    assert "1,600亿元" in now and "商务部 2016-12" in now and "商务部 2016-05" not in now
    then = cli("report", "--width", "160", "--vintage", "2016-06-30", "-w", ws)[1]
    assert "1,500亿元" in then and "商务部 2016-05" in then and "商务部 2016-12" not in then


def test_a_qualifier_column_takes_the_words_values_carry(tmp_path, mini_workspace, cli):
    ws = mini_workspace()
    (tmp_path / "q.csv").write_text("region,indicator,year,value,qualifier\nr,money,2014,1500,超过\n"
                                    "r,money,2013,1000,左右\nr,money,2012,900,\n", encoding="utf-8")
    assert cli("import", tmp_path / "q.csv", "-w", ws)[0] == 0
    assert [r.qualifier for r in store_of(ws).revisions()] == ["超过", "约", ""]
    (tmp_path / "bad.csv").write_text("region,indicator,year,value,qualifier\nr,money,2011,500,perhaps\n"
                                      "r,money,2010,超过400,约\n", encoding="utf-8")
    code, _, err = cli("import", tmp_path / "bad.csv", "-w", ws)
    assert code == 1 and "bad.csv:2: qualifier 'perhaps' is not one of 超过" in err
    assert "bad.csv:3: the value says 超过 but the qualifier column '约'" in err
