"""Briefings officials paste (issue 24): the HTML document, the workbook, the CSV for Excel,
Markdown and the 80-column table, each checked against the JSON report."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from tests.conftest import BUNDLED_TARGETS, run_ectui


@pytest.fixture
def bundled(tmp_path, cli):
    """The whole bundled workspace (real plans, their published outcomes), with a name that
    would be markup if it were read as such."""
    ws = tmp_path / "ws"
    ws.mkdir()
    text = BUNDLED_TARGETS.read_text(encoding="utf-8").replace('name_zh = "泉州市"', 'name_zh = "泉州市<b>[red]"', 1)
    (ws / "targets.toml").write_text(text, encoding="utf-8")
    assert cli("check", "-w", ws)[0] == 0
    assert cli("set", "quanzhou", "ec_transactions", "1,000亿元", "-y", "2013", "--publisher", "泉州市统计局",
               "--published", "2014-03-01", "-w", ws)[0] == 0
    return ws


def _json_rows(cli, ws, *args):
    code, out, err = cli("report", "--format", "json", "-w", ws, *args)
    assert code == 0, err
    return json.loads(out)["rows"]


class _Tables(HTMLParser):
    """Tables (rows of cell texts), SVGs inside cells, and every text outside tags."""

    def __init__(self):
        super().__init__()
        self.tables, self.svgs, self.texts, self._cell = [], 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "svg":
            self.svgs += 1
        elif tag == "script":
            raise AssertionError("a script in the briefing")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._cell is not None:
            self._cell += data


def test_html_is_a_document_with_a_table_per_region_and_a_chart_per_target(bundled, cli, tmp_path):
    rows = _json_rows(cli, bundled)
    code, _, err = cli("report", "-o", tmp_path / "b.html", "-w", bundled)
    assert code == 0, err
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    # no network: nothing loaded from elsewhere (links to sources are text, not loaded)
    assert not re.search(r"<(script|link|img|iframe)\b|\ssrc=|url\(|@import", html)
    page = _Tables()
    page.feed(html)
    body_rows = [row for table in page.tables for row in table[1:]]
    target_rows = [row for row in body_rows if len(row) == 10]
    assert len(target_rows) == len(rows) and page.svgs == len(rows)  # one chart per target
    assert page.tables[0][0][0] == "指标" and page.tables[0][0][-1] == "走势"
    # each row's status and achieved percent are the JSON's
    words = {"met": "已达成", "missed": "未完成", "awaiting_final": "待终期数据", "no_data": "无数据", "on_track": "正常"}
    for row, cells in zip(rows, target_rows):
        if row["status"] in words:
            assert words[row["status"]] in cells[8]
        if row["pct_achieved"] is not None:
            assert cells[4] == f"{row['pct_achieved'] * 100:.0f}%"
    assert "泉州市<b>[red]" in "".join(page.texts) and "<b>[red]" not in html  # data shown literally
    assert "截至" in html and "项目标" in html and "@page { size: A4" in html and "thead { display: table-header-group" in html
    code, _, _ = cli("report", "-o", tmp_path / "en.html", "--lang", "en", "-w", bundled)
    en = (tmp_path / "en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en and "has " in en and "target" in en and "Trend" in en


def test_summary_paragraph_counts_the_rows_and_names_the_furthest_behind():
    from ectui.method.rows import build_rows
    from ectui.model import Catalog, Indicator, Plan, Region, Series, Target
    from ectui.output.briefing import summary_paragraph
    cat = Catalog("t.toml")
    cat.regions = {"r": Region("r", "甲市", "Jia")}
    cat.indicators = {i: Indicator(i, f"指标{i}", f"Ind {i}", "亿元") for i in "abcd"}
    cat.plans = {"p": Plan("p", "规划", "Plan", "r", 2011, 2015, "src")}
    cat.targets = [Target("p", "r", i, ">=", 2015, 2000.0, baseline_year=2011, baseline_value=1000.0) for i in "abcd"]
    figures = {("r", "a"): Series([2013], [2100.0]), ("r", "b"): Series([2013], [1100.0]),
               ("r", "c"): Series([2013], [1300.0])}
    rows = build_rows(cat, figures, as_of=2013, current_year=2013)
    assert [r.status for r in rows] == ["met", "insufficient", "moderate", "no_data"]
    zh = summary_paragraph(rows, "甲市", 2013, "zh")
    assert zh.startswith("截至2013年，甲市共4项目标：1项已达成、1项略慢、1项滞后、1项无数据。")
    assert "落后应达进度最多的2项：指标b（偏差-31.4pp，尚需年均增长34.8%）；指标c（偏差-11.4pp" in zh
    en = summary_paragraph(rows, "Jia", 2013, "en")
    assert en.startswith("As of 2013, Jia has 4 targets: 1 met, 1 moderate, 1 insufficient, 1 no data.")
    assert "Furthest behind schedule: Ind b (-31.4pp, needs 34.8% a year)" in en


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium (Debian package chromium; .ci/run installs it)")
def test_the_html_renders_at_a4_width_without_overflow(bundled, cli, tmp_path):
    assert cli("report", "-o", tmp_path / "b.html", "-w", bundled)[0] == 0
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    # A copy that writes what the browser measured into the page (the briefing itself has no script)
    probe = html.replace("</body>", "<script>document.body.setAttribute('data-overflow', "
                         "String(document.documentElement.scrollWidth - document.documentElement.clientWidth));"
                         "document.body.setAttribute('data-svgs', String(document.querySelectorAll('td svg').length));"
                         "document.body.setAttribute('data-tables', String(document.querySelectorAll('table').length));"
                         "</script></body>")
    (tmp_path / "probe.html").write_text(probe, encoding="utf-8")
    profile = tmp_path / "profile"
    a4 = "--window-size=794,1123"  # A4 at 96 dpi
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", a4, "--dump-dom",
                          (tmp_path / "probe.html").as_uri()], capture_output=True, text=True, timeout=120)
    found = dict(re.findall(r'data-(overflow|svgs|tables)="(-?\d+)"', dom.stdout))
    rows = _json_rows(cli, bundled)
    assert found.get("overflow") == "0", dom.stderr[-500:]
    assert int(found["svgs"]) == len(rows) and int(found["tables"]) >= 7
    shot = tmp_path / "page.png"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", a4, f"--screenshot={shot}",
                    (tmp_path / "b.html").as_uri()], capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = tmp_path / "b.pdf"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer", (tmp_path / "b.html").as_uri()], capture_output=True, timeout=120)
    pages = pdf.read_bytes().count(b"/Type /Page\n") or len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= 7  # a plan to a page at least


def test_the_workbook_holds_the_json_reports_numbers(bundled, cli, tmp_path):
    import openpyxl

    from ectui.output.cells import STATUS_LABELS
    from ectui.output.workbook import STATUS_FILLS
    rows = _json_rows(cli, bundled)
    code, _, err = cli("report", "-o", tmp_path / "b.xlsx", "-w", bundled)
    assert code == 0 and "wrote xlsx report" in err
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert book.sheetnames[-1] == "数据来源" and len(book.sheetnames) == 8  # 7 plans and the sources
    got = []
    for name in book.sheetnames[:-1]:
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        assert header[:4] == ["规划", "地区", "指标", "单位"] and sheet.freeze_panes == "A2"
        at = {h: i for i, h in enumerate(header)}
        for cells in sheet.iter_rows(min_row=2):
            got.append({h: cells[i] for h, i in at.items()})
    assert len(got) == len(rows)
    for row, cells in zip(rows, got):
        assert cells["最新值"].value == pytest.approx(row["latest_value"], rel=1e-14)
        assert cells["目标年份"].value == row["target_year"]
        assert cells["完成进度"].value == pytest.approx(row["pct_achieved"], rel=1e-14)  # Excel keeps 15 digits
        assert cells["完成进度"].number_format == "0.0%"
        if row["schedule_gap"] is not None:
            assert cells["进度偏差(百分点)"].value == pytest.approx(row["schedule_gap"] * 100)
        assert cells["状态"].fill.fgColor.rgb[-6:] == STATUS_FILLS[row["status"]]
        assert cells["状态"].value.endswith(STATUS_LABELS["zh"][row["status"]])
    assert {STATUS_FILLS[r["status"]] for r in rows} >= {"C6EFCE", "FFC7CE"}  # met and missed rows are among them
    sources = list(book["数据来源"].iter_rows(values_only=True))
    assert sources[0][:6] == ("地区", "指标", "年份", "数值", "单位", "发布机构")
    assert ("泉州市<b>[red]", "电子商务交易额", 2013, 1000, "亿元", "泉州市统计局", "2014-03-01") in [s[:7] for s in sources]
    piped = run_ectui("report", "--format", "xlsx", "-w", bundled)  # to a pipe: the bytes of a workbook
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04")


def test_the_csv_for_excel_has_a_bom_chinese_headers_and_percents(bundled, cli):
    rows = _json_rows(cli, bundled)
    code, out, _ = cli("report", "--format", "csv", "--excel", "-w", bundled)
    assert code == 0 and out.startswith("\ufeff规划,地区,指标,单位")
    table = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(table) == len(rows)
    for row, cells in zip(rows, table):
        if row["pct_achieved"] is not None:
            assert cells["完成进度"] == f"{row['pct_achieved'] * 100:.1f}%"
        assert re.search(r"[a-z]{4}", cells["说明"]) is None, cells["说明"]  # the notes in Chinese
    code, machine, _ = cli("report", "--format", "csv", "-w", bundled)
    assert machine.startswith("plan,region,indicator,unit,cmp")  # the machine CSV as it was
    code, _, err = cli("report", "--format", "markdown", "--excel", "-w", bundled)
    assert code == 2 and "--excel goes with --format csv" in err


def test_markdown_is_one_line_per_target_with_notes_in_the_reports_language(bundled, cli):
    rows = _json_rows(cli, bundled)
    code, out, _ = cli("report", "--format", "markdown", "-w", bundled)
    assert "\\x0a" not in out and "\\n" not in out
    lines = out.splitlines()
    table_rows = [line for line in lines if line.startswith("| ") and line.count(" | ") == 8
                  and not line.startswith("| 指标")]  # (the monitoring tables have 5 columns)
    assert len(table_rows) == len(rows)
    notes = [line for line in lines if line.startswith("- ")]
    assert notes and all(re.search(r"[a-z]{4}", n) is None for n in notes), notes[:3]
    assert "规划未给基期" in out  # some row has a baseline taken from a figure
    code, out, _ = cli("report", "--format", "markdown", "--plan", "quanzhou-2013", "-w", bundled)
    assert "规划未给基期" not in out  # … none of this plan's


def test_every_progress_note_reads_in_chinese(bundled, cli):
    from ectui.output.cells import note_text
    seen = set()
    for as_of in ("2008", "2012", "2014", "2016", "2021", "2026"):
        for row in _json_rows(cli, bundled, "--as-of", as_of):
            if row["note"]:
                seen.add(row["note"])
    assert len(seen) > 5
    for note in seen:
        assert re.search(r"[a-z]{3}", note_text(note, "zh")) is None, note


def test_at_80_columns_names_keep_ten_cells_and_every_status_shows(bundled, cli):
    code, out, _ = cli("report", "--width", "80", "-w", bundled)
    from rich.cells import cell_len
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    header = next(line for line in out.splitlines() if line.startswith("指标"))
    assert cell_len(header[:header.index("基期")]) >= 11  # 10 cells of name and a space
    assert "状态" in header
    narrow = next(line for line in cli("report", "--width", "72", "-w", bundled)[1].splitlines() if line.startswith("指标"))
    assert "需年增" not in narrow and "距目标" in narrow and "状态" in narrow  # the required growth gave way first
    wide = cli("report", "--width", "160", "-w", bundled)[1]
    assert "需年增" in wide
    code, out, _ = cli("report", "--columns", "indicator,latest,status", "-w", bundled)
    header = next(line for line in out.splitlines() if line.startswith("指标"))
    assert header.split() == ["指标", "最新", "状态"]
    code, _, err = cli("report", "--columns", "indicator,colour", "-w", bundled)
    assert code == 2 and "unknown column colour" in err


def test_each_status_has_its_own_symbol_and_style():
    from rich.cells import cell_len

    from ectui.method.progress import STATUSES
    from ectui.output.cells import STATUS_ASCII, STATUS_STYLES, STATUS_SYMBOLS
    for table in (STATUS_SYMBOLS, STATUS_ASCII, STATUS_STYLES):
        assert set(table) == set(STATUSES) and len(set(table.values())) == len(STATUSES), table
    assert all(cell_len(symbol) == 1 for symbol in STATUS_SYMBOLS.values())


def test_no_schedule_gap_before_any_time_has_passed(bundled, cli):
    for row in _json_rows(cli, bundled):
        if row["eval_year"] is not None and row["eval_year"] == row["baseline_year"]:
            assert row["schedule_gap"] is None, row  # +0.0pp would read as on schedule
    code, out, _ = cli("report", "--width", "160", "--plan", "cn-11th", "-w", bundled)
    assert "+0.0pp" not in out
