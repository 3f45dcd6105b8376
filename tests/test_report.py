"""`ectui report`: the method's vectors (docs/method.md) through the CLI, every format, terminals, safety of output."""

import csv
import io
import json
import subprocess
import sys
import time

import pytest

from tests.conftest import run_ectui

VECTOR_TARGETS = """
[[plans]]
id = "p2"
title = "旧规划"
region = "r"
start = 2006
end = 2010

[[targets]]
plan = "p"
region = "r"
indicator = "money"
cmp = ">="
year = 2015
value = 1800
unit = "亿元"
baseline = { year = 2011, value = 482.53 }
note = "V1"

[[targets]]
plan = "p"
region = "r"
indicator = "share"
cmp = ">="
year = 2015
value = 90
unit = "%"
note = "V2"

[[targets]]
plan = "p2"
region = "child"
indicator = "share"
cmp = ">="
year = 2010
value = 30
unit = "%"
baseline = { year = 2008, value = 20 }
note = "V3"

[[targets]]
plan = "p"
region = "r"
indicator = "rate"
cmp = ">="
year = 2015
value = 80
unit = "%"
baseline = { year = 2011, value = 50 }
note = "V4"

[[targets]]
plan = "p"
region = "r"
indicator = "down"
cmp = "<="
year = 2015
value = 16.0
unit = "%"
baseline = { year = 2010, value = 18.0 }
note = "V5"

[[targets]]
plan = "p"
region = "r"
indicator = "zero"
cmp = ">="
year = 2015
value = 10
unit = "个"
baseline = { year = 2012, value = 0 }
note = "V6"

[[targets]]
plan = "p"
region = "child"
indicator = "money"
cmp = ">="
year = 2015
value = 1800
unit = "亿元"
baseline = { year = 2011, value = 482.53 }
note = "V7"
"""

FIGURES = [("r", "money", 2012, "700亿元"), ("r", "money", 2013, "1000"), ("r", "share", 2012, "60%"),
           ("r", "share", 2013, "70%"), ("child", "share", 2009, "31%"), ("r", "rate", 2013, "45%"),
           ("r", "down", 2013, "17.4%"), ("r", "zero", 2013, "5个")]

EXPECTED = {  # (region, indicator): expected keys, fractions to 4 significant figures
    ("r", "money"): dict(time_elapsed=0.5, pct_expected=0.3412, pct_achieved=0.3928, schedule_gap=0.05164, gap_abs=800, gap_rel=0.4444,
                         cagr_actual=0.4396, cagr_required_from_base=0.3898, cagr_required_from_latest=0.3416,
                         pace_ratio=1.128, proj_cagr=2072, proj_linear=1517, status="on_track",
                         baseline_source="given", eval_year=2013, latest_value=1000),
    ("r", "share"): dict(baseline_year=2012, baseline_value=60, baseline_source="first_in_plan", time_elapsed=0.3333,
                         pct_achieved=0.3333, cagr_actual=0.1667, cagr_required_from_latest=0.1339, pace_ratio=1.152,
                         status="on_track"),
    ("child", "share"): dict(pct_achieved=1.1, gap_abs=-1, status="met"),
    ("r", "rate"): dict(pct_achieved=-0.1667, cagr_actual=-0.05132, pace_ratio=-0.4116, status="moving_away"),
    ("r", "down"): dict(time_elapsed=0.6, pct_achieved=0.3, gap_abs=1.4, pace_ratio=0.4827, status="insufficient"),
    ("r", "zero"): dict(cagr_actual=None, pct_achieved=0.5, pace_ratio=1.5, status="on_track"),
}


@pytest.fixture
def vectors(mini_workspace, cli):
    ws = mini_workspace(VECTOR_TARGETS)
    for region, indicator, year, value in FIGURES:
        code, _, err = cli("set", region, indicator, value, "--year", year, "-w", ws)
        assert code == 0, err
    return ws


def _sig(x):
    return x if not isinstance(x, float) else float(f"{x:.4g}")


def report_json(ws, *args):
    r = run_ectui("report", "--format", "json", "-w", ws, *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_vectors_through_the_cli(vectors):
    doc = report_json(vectors, "--as-of", "2013")
    assert doc["schema"] == 1 and doc["as_of"] == 2013
    rows = {(r["region"], r["indicator"]): r for r in doc["rows"]}
    for key, expected in EXPECTED.items():
        for name, value in expected.items():
            got = rows[key][name]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value is not None:
                assert _sig(got) == pytest.approx(_sig(float(value)), rel=1e-3), (key, name, got)
            else:
                assert got == value, (key, name, got)


def test_without_as_of_the_evaluation_date_is_today(vectors):
    """Targets for 2015 whose latest figures are from 2013, read today: the period is over and the
    final figure is missing, so the rows await it and keep the 2013 pace verdict beside it."""
    import time
    rows = {(r["region"], r["indicator"]): r for r in report_json(vectors)["rows"]}
    assert rows[("r", "money")]["evaluation_year"] == time.localtime().tm_year
    for key, expected in EXPECTED.items():
        row = rows[key]
        if expected["status"] in ("met",):
            assert row["status"] == "met" and row["pace_status"] is None, key
        else:
            assert (row["status"], row["pace_status"]) == ("awaiting_final", expected["status"]), key
            assert "2013" in row["note"] and "not recorded" in row["note"], key


def test_v7_as_of(vectors):
    rows = {(r["region"], r["indicator"]): r for r in report_json(vectors, "--as-of", "2013")["rows"]}
    v7 = rows[("child", "money")]
    # no figure: no evaluated year, no time elapsed; the evaluation date is its own key
    assert v7["status"] == "no_data" and v7["time_elapsed"] is None and v7["eval_year"] is None
    assert v7["evaluation_year"] == 2013
    v1 = {(r["region"], r["indicator"]): r for r in report_json(vectors, "--as-of", "2012")["rows"]}[("r", "money")]
    assert v1["latest_value"] == 700 and v1["eval_year"] == 2012


def test_json_has_every_contract_key(vectors):
    from ectui.output.machine import JSON_KEYS
    for row in report_json(vectors)["rows"]:
        assert set(JSON_KEYS) <= set(row)


def test_filters(vectors):
    doc = report_json(vectors, "--region", "r")
    assert {r["region"] for r in doc["rows"]} == {"r", "child"}  # children come with their parent
    doc = report_json(vectors, "--region", "子区")
    assert {r["region"] for r in doc["rows"]} == {"child"}
    doc = report_json(vectors, "--plan", "p2")
    assert [r["plan"] for r in doc["rows"]] == ["p2"]
    doc = report_json(vectors, "--status", "on_track", "--as-of", "2014")
    assert {r["status"] for r in doc["rows"]} == {"on_track"} and len(doc["rows"]) == 3


def test_vintage_shows_what_was_recorded_then(vectors, cli):
    time.sleep(1.1)  # vintage strings have second resolution
    before = time.strftime("%Y-%m-%dT%H:%M:%S")
    time.sleep(1.1)
    cli("set", "r", "money", "1900亿元", "--year", "2014", "-w", vectors)
    now = {(r["region"], r["indicator"]): r for r in report_json(vectors, "--as-of", "2014")["rows"]}
    then = {(r["region"], r["indicator"]): r for r in report_json(vectors, "--recorded-by", before, "--as-of", "2014")["rows"]}
    assert now[("r", "money")]["status"] == "met" and now[("r", "money")]["eval_year"] == 2014
    assert then[("r", "money")]["latest_value"] == 1000 and then[("r", "money")]["status"] == "on_track"


def test_fail_on_exits_3(vectors):
    r = run_ectui("report", "--fail-on", "moving_away,missed", "--as-of", "2014", "-w", vectors)
    assert r.returncode == 3 and b"moving_away" in r.stderr
    assert run_ectui("report", "--fail-on", "missed", "--as-of", "2014", "-w", vectors).returncode == 0
    # read today, the 2015 targets wait for their final figures
    assert run_ectui("report", "--fail-on", "awaiting_final", "-w", vectors).returncode == 3
    r = run_ectui("report", "--fail-on", "late", "-w", vectors)
    assert r.returncode == 2 and b"unknown status late" in r.stderr


def test_table_without_terminal_is_clean_80_columns(workspace):
    r = run_ectui("report", "-w", workspace, env={"TERM": "xterm-256color"})
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0
    assert "\x1b" not in out
    from rich.cells import cell_len
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert "泉州市" in out and "1,800亿元" in out and "监测指标" in out and "1,755万人" in out


def test_width_and_columns(workspace):
    from rich.cells import cell_len
    out = run_ectui("report", "-w", workspace, "--width", "120").stdout.decode()
    assert max(cell_len(line) for line in out.splitlines()) <= 120
    assert max(cell_len(line) for line in out.splitlines()) > 80
    out = run_ectui("report", "-w", workspace, env={"COLUMNS": "100"}).stdout.decode()
    assert 80 < max(cell_len(line) for line in out.splitlines()) <= 100


def test_chinese_columns_align(workspace):
    """Every line of a region's table has its columns at the same display offsets."""
    from rich.cells import cell_len
    out = run_ectui("report", "-w", workspace, "--width", "140").stdout.decode()
    lines = out.splitlines()
    header = next(i for i, l in enumerate(lines) if l.startswith("指标"))
    rule = lines[header + 1]
    assert set(rule.strip()) == {"─"}
    width = cell_len(lines[header])
    block = []
    for line in lines[header + 2:]:
        if not line.strip():
            break
        block.append(line)
    assert block and all(cell_len(l) == width for l in block)


def test_color_always_and_never(workspace):
    assert b"\x1b[" in run_ectui("report", "-w", workspace, "--color", "always").stdout
    assert b"\x1b[" not in run_ectui("report", "-w", workspace, "--color", "never").stdout
    r = run_ectui("report", "-w", workspace, "--color", "auto", env={"NO_COLOR": "1"})
    assert b"\x1b[" not in r.stdout


def test_lang_c_and_dumb_terminal(workspace):
    r = run_ectui("report", "-w", workspace, env={"LANG": "C", "LC_ALL": "C", "TERM": "dumb"})
    assert r.returncode == 0 and b"Traceback" not in r.stderr and len(r.stdout) > 1000
    r = run_ectui("report", "-w", workspace, env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode == 0 and b"Traceback" not in r.stderr and b"UnicodeEncodeError" not in r.stderr
    assert b"#" in r.stdout or b"-" in r.stdout


def test_lang_en(workspace):
    out = run_ectui("report", "-w", workspace, "--lang", "en", "--width", "160").stdout.decode()
    assert "E-commerce transactions" in out and "Quanzhou" in out and "Status" in out


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv", "html", "table"])
def test_every_format(workspace, fmt):
    r = run_ectui("report", "-w", workspace, "--format", fmt)
    out = r.stdout.decode()
    assert r.returncode == 0
    assert ("1,800亿元" if fmt in ("markdown", "html", "table") else "1800") in out
    if fmt == "json":
        assert len(json.loads(out)["rows"]) == 21
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 21 and rows[0]["plan"] == "cn-11th"
    if fmt == "markdown":
        assert out.startswith("# ") and "| 指标 |" in out
    if fmt == "html":
        assert out.lstrip().startswith("<!DOCTYPE html>") and "</html>" in out and "泉州市" in out


def test_output_file_format_from_extension(workspace, tmp_path):
    for name, probe in [("r.json", '"schema": 1'), ("r.md", "| 指标 |"), ("r.csv", "plan,region"),
                        ("r.html", "<!DOCTYPE html>"), ("r.txt", "泉州市")]:
        r = run_ectui("report", "-w", workspace, "-o", tmp_path / name)
        assert r.returncode == 0, r.stderr
        assert probe in (tmp_path / name).read_text(encoding="utf-8")
    r = run_ectui("report", "-w", workspace, "-o", tmp_path / "r.docx")
    assert r.returncode == 2 and b"extension" in r.stderr


HOSTILE = "[bold red]x[/] \x1b[31mRED\x1b[0m \x1b]0;title\x07 <script>alert(1)</script> '; DROP TABLE revisions;-- \u202eevil \u200bzw =cmd|' /C calc'!A0"


def test_hostile_strings_are_shown_literally_in_every_format(mini_workspace, cli):
    ws = mini_workspace(VECTOR_TARGETS.replace('note = "V1"', 'note = "ok"'))
    text = (ws / "targets.toml").read_text(encoding="utf-8")
    hostile_toml = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b").replace("\x07", "\\u0007")
    text = text.replace('name_zh = "测试区"', f'name_zh = "测试区 {hostile_toml}"')
    (ws / "targets.toml").write_text(text, encoding="utf-8")
    assert cli("set", "r", "money", "900亿元", "--year", "2013", "--note", HOSTILE, "--source", HOSTILE, "-w", ws)[0] == 0
    for fmt in ["table", "markdown", "json", "csv", "html"]:
        r = run_ectui("report", "-w", ws, "--format", fmt, "--color", "always" if fmt == "table" else "auto")
        out = r.stdout.decode()
        assert r.returncode == 0, r.stderr
        assert "\x1b]" not in out and "\x1b[31mRED" not in out and "\x07" not in out, fmt
        assert "\u202e" not in out or fmt == "json", fmt
        if fmt == "table":
            assert "[bold red]x[/]" in out and "\\x1b[31mRED" in out
        if fmt == "markdown":
            assert "[bold red]x[/]" in out.replace("\\", "") and "x1b[31mRED" in out.replace("\\", "")
        if fmt == "html":
            assert "<script>" not in out and "&lt;script&gt;" in out
        if fmt == "json":
            names = [r["region_name"] for r in json.loads(out)["rows"]]
            assert any(HOSTILE in n for n in names)  # JSON keeps the data exact (escaped by JSON)
        if fmt == "csv":
            assert "\x1b" not in out and "\\x1b[31mRED" in out
    code, out, _ = cli("history", "r", "money", "--format", "json", "-w", ws)
    assert json.loads(out)["revisions"][-1]["note"] == HOSTILE  # stored exactly
    r = run_ectui("history", "r", "money", "-w", ws)
    assert b"\x1b[31m" not in r.stdout and b"[bold red]x[/]" in r.stdout


# Dropped before the report runs, so that they show if it imports them.
_DROPPED_FIRST = ("rich", "textual")


def _modules_loaded_by_report(workspace, *args) -> set[str]:
    code = ("import sys\n"
            "for m in [m for m in sys.modules if m.split('.')[0] in %r]: del sys.modules[m]\n"
            "from ectui.cli import main; main(['report', '-w', %r, *%r])\n"
            "sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules})))"
            ) % (_DROPPED_FIRST, str(workspace), args)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return set(eval(r.stderr.strip().splitlines()[-1]))


def test_report_never_imports_textual(workspace):
    assert "textual" not in _modules_loaded_by_report(workspace)
    assert "textual" not in _modules_loaded_by_report(workspace, "--format", "table")


def test_machine_formats_do_not_import_rich(workspace):
    """A script asking for JSON or CSV pays for neither Rich nor Textual (start-up time)."""
    for fmt in ("json", "csv"):
        loaded = _modules_loaded_by_report(workspace, "--format", fmt)
        assert "rich" not in loaded and "textual" not in loaded, fmt
    assert "rich" in _modules_loaded_by_report(workspace, "--format", "markdown")


def test_json_rows_are_exactly_what_the_standard_encoder_writes(vectors, cli):
    """The JSON report is one row per line, each the standard encoder's text, whatever the
    strings and numbers hold, and written in batches of any size."""
    from ectui.method.rows import build_rows
    from ectui.model import Catalog, Indicator, Plan, Region, Series, Target
    from ectui.output.machine import ReportContext, json_chunks, json_row
    odd = 'q"uote\\ back, comma\n新行 \x1b[31m\u2028'
    cat = Catalog("t.toml")
    cat.regions = {"r": Region("r", odd, "R"), "s, t": Region("s, t", "丙", "S")}
    cat.indicators = {"i": Indicator("i", odd, "I", "亿元"), "j": Indicator("j", "j", "J", "")}
    cat.plans = {"p": Plan("p", odd, "P", "r", 2011, 2015, "src")}
    cat.targets = [Target("p", "r", "i", ">=", 2015, 1800.0, baseline_year=2011, baseline_value=482.53),
                   Target("p", "s, t", "j", "range", 2015, None, low=0.1, high=0.3),
                   Target("p", "r", "j", "<=", 2015, 1e300, baseline_year=2011, baseline_value=1e-300),
                   Target("p", "s, t", "i", "~", 2015, -0.0)]
    figures = {("r", "i"): Series([2012, 2013, 2016], [700.0, 1e17, 0.1 + 0.2], ("约", "", "近")),
               ("s, t", "j"): Series([2014], [float("nan")]),
               ("r", "j"): Series([2012, 2015], [1e308, 5e-324])}
    rows = build_rows(cat, figures, current_year=2026)
    text = "".join(json_chunks(ReportContext(cat, rows, [])))
    expected = [json.dumps(json_row(r), ensure_ascii=False) for r in rows]
    assert text.split("\n")[1:-1] == [line + "," for line in expected[:-1]] + [expected[-1]]
    assert json.loads(text)["rows"][0]["region_name"] == odd
    assert "".join(json_chunks(ReportContext(cat, [], []))).endswith('"rows": []}')
    from ectui.output import machine as machine_report
    for batch in (1, 3):  # rows are encoded in batches: any batch size writes the same text
        machine_report.JSON_BATCH, saved = batch, machine_report.JSON_BATCH
        try:
            assert "".join(json_chunks(ReportContext(cat, rows, []))) == text
        finally:
            machine_report.JSON_BATCH = saved


def test_dashboard_without_terminal_prints_the_report(workspace):
    r = run_ectui("-w", workspace)
    assert r.returncode == 0 and "泉州市" in r.stdout.decode() and b"not a terminal" in r.stderr
