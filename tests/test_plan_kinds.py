"""Targets as real plans write them (issue 21): growth rates, multiples, targets every child region
must meet, targets due at the plan's end, drafts and qualitative aims; and a loader that refuses
what it cannot read instead of guessing."""

from __future__ import annotations

import json

import pytest

from ectui.method.progress import evaluate
from ectui.model import Target
from ectui.targets.loader import load_targets
from tests.conftest import BUNDLED_TARGETS as BUNDLED
from tests.conftest import run_ectui, store_of

PLANS = """
[[regions]]
id = "cn"
name_zh = "全国"
name_en = "China"

[[regions]]
id = "zj"
name_zh = "浙江省"
name_en = "Zhejiang"
parent = "cn"

[[regions]]
id = "hz"
name_zh = "杭州市"
name_en = "Hangzhou"
parent = "zj"

[[regions]]
id = "nb"
name_zh = "宁波市"
name_en = "Ningbo"
parent = "zj"

[[indicators]]
id = "ec"
name_zh = "电子商务交易额"
name_en = "E-commerce volume"
unit = "万亿元"

[[indicators]]
id = "demo"
name_zh = "示范县"
name_en = "Demonstration counties"
unit = "个"
kind = "count"

[[plans]]
id = "p12"
title = "电子商务“十二五”发展规划"
region = "cn"
start = 2011
end = 2015

[[plans]]
id = "zj-draft"
title = "浙江省电子商务发展规划（征求意见稿）"
region = "zj"
start = 2016
end = 2020
draft = true
aims = ["电子商务成为经济发展新引擎"]

[[plans]]
id = "p11"
title = "电子商务发展“十一五”规划"
region = "cn"
start = 2006
end = 2010
aims = ["电子商务发展环境不断完善"]
"""

KINDS = PLANS + """
[[targets]]
plan = "p12"
region = "cn"
indicator = "ec"
cmp = ">="
growth = { rate = 20, from = 2010 }
note = "年均增长20%以上 (no year: due at the plan's end)"

[[targets]]
plan = "p12"
region = "zj"
indicator = "ec"
cmp = ">="
year = 2015
multiple = 4
baseline = { year = 2010 }

[[targets]]
plan = "zj-draft"
region = "zj"
indicator = "demo"
cmp = ">="
year = 2020
value = 2
unit = "个"
each = "children"
"""


@pytest.fixture
def kinds(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(KINDS, encoding="utf-8")
    for args in (("cn", "ec", "4.5万亿元", "--year", "2010"), ("cn", "ec", "8.0", "--year", "2012"),
                 ("zj", "ec", "0.5", "--year", "2010"), ("zj", "ec", "2.1", "--year", "2015"),
                 ("hz", "demo", "3", "--year", "2020"), ("nb", "demo", "1", "--year", "2020")):
        r = run_ectui("set", *args, "-w", ws)
        assert r.returncode == 0, r.stderr
    return ws


def rows_of(ws, *args):
    r = run_ectui("report", "--format", "json", "-w", ws, *args)
    assert r.returncode == 0, r.stderr
    return {(row["plan"], row["region"], row["indicator"]): row for row in json.loads(r.stdout)["rows"]}


def test_growth_target_due_at_the_plans_end(kinds):
    row = rows_of(kinds, "--as-of", "2012")[("p12", "cn", "ec")]
    assert row["target_year"] == 2015 and row["aim"] == "growth" and row["target_value"] is None
    assert row["baseline_year"] == 2010 and row["baseline_source"] == "figure"
    assert row["aimed_value"] == pytest.approx(4.5 * 1.2 ** 5)
    assert row["status"] == "on_track" and row["pace_ratio"] == pytest.approx(((8 / 4.5) ** 0.5 - 1) / 0.2)


def test_multiple_of_a_stored_figure(kinds):
    row = rows_of(kinds, "--as-of", "2016")[("p12", "zj", "ec")]
    assert row["aim"] == "multiple" and row["aimed_value"] == pytest.approx(2.0)
    assert row["status"] == "met"


def test_each_child_region_gets_the_target(kinds):
    rows = rows_of(kinds, "--as-of", "2020")
    assert rows[("zj-draft", "hz", "demo")]["status"] == "met"
    assert rows[("zj-draft", "nb", "demo")]["status"] == "missed"
    assert ("zj-draft", "zj", "demo") not in rows  # the province itself is not counted
    table = run_ectui("report", "--as-of", "2020", "-w", kinds, env={"COLUMNS": "160"}).stdout.decode()
    assert "每个下级地区" in table and "1/2" in table  # the aggregate: 1 of the 2 prefectures


def test_report_shows_the_new_kinds_plainly(kinds):
    out = run_ectui("report", "--as-of", "2012", "-w", kinds, env={"COLUMNS": "160"}).stdout.decode()
    assert "年均增长 ≥20%" in out and "2010–2015" in out
    assert "2015年应达 11.2万亿元" in out  # where the aimed value came from
    assert "规划未写年份：按期末2015年评估" in out  # the growth target has no year of its own
    assert "征求意见稿" in out  # a draft plan says so
    en = run_ectui("report", "--as-of", "2012", "--lang", "en", "-w", kinds, env={"COLUMNS": "160"}).stdout.decode()
    assert "growth ≥20%/yr" in en and "draft" in en


def test_plan_without_numeric_targets_is_listed_with_its_aims(kinds):
    out = run_ectui("report", "-w", kinds, env={"COLUMNS": "160"}).stdout.decode()
    assert "电子商务发展“十一五”规划" in out and "电子商务发展环境不断完善" in out


def test_stale_figure_awaits_the_final_one(kinds):
    """Read today, the growth target's latest figure is 2012's: the period is over."""
    row = rows_of(kinds)[("p12", "cn", "ec")]
    assert row["status"] == "awaiting_final" and row["pace_status"] == "on_track"
    assert row["eval_year"] == 2012


def test_evaluated_before_the_base_year(kinds):
    row = rows_of(kinds, "--as-of", "2009")[("p12", "cn", "ec")]
    assert row["status"] == "not_started" and row["pct_achieved"] is None


# ── the loader refuses what it cannot read ─────────────────────────────────────────────────────
def target(extra: str, head: str = 'plan = "p12"\nregion = "cn"\nindicator = "ec"\ncmp = ">="\nyear = 2015\n') -> str:
    return PLANS + "\n[[targets]]\n" + head + extra


BAD = [
    ("unknown key", target('value = 18\nunit = "万亿元"\nbaselin = { year = 2010, value = 4.5 }\n'),
     "unknown key 'baselin' (did you mean 'baseline'?)"),
    ("unknown key in the baseline", target('value = 18\nunit = "万亿元"\nbaseline = { year = 2010, valeu = 4.5 }\n'),
     "unknown key 'baseline.valeu' (did you mean 'value'?)"),
    ("a url key", target('value = 18\nunit = "万亿元"\nsource_url = "http://example.org"\n'), "unknown key 'source_url'"),
    ("a [[plan]] table", PLANS + '\n[[plan]]\nid = "x"\n', "unknown table or key 'plan' (did you mean 'plans'?)"),
    ("baseline unit", target('value = 18\nunit = "万亿元"\nbaseline = { year = 2010, value = 8, unit = "家" }\n'),
     "baseline unit '家' does not convert to '万亿元'"),
    ("growth without from", target('growth = { rate = 20 }\n'), "average growth needs `from`"),
    ("growth with a value", target('growth = { rate = 20, from = 2010 }\nvalue = 18\n'), "a growth target has no `value`"),
    ("growth from after the year", target('growth = { rate = 20, from = 2016 }\n'), "not before the target year"),
    ("multiple without baseline", target('multiple = 4\n'), "needs `baseline = { year = ... }`"),
    ("each of a leaf", target('value = 2\nunit = "个"\neach = "children"\n',
                              head='plan = "p12"\nregion = "hz"\nindicator = "demo"\ncmp = ">="\nyear = 2015\n'),
     "region 'hz' has no regions under it"),
    ("two regions of one name", PLANS.replace('name_zh = "宁波市"', 'name_zh = "杭州市"'),
     "'杭州市' is also the name of regions[2] ('hz')"),
]


@pytest.mark.parametrize("case,text,message", BAD, ids=[b[0] for b in BAD])
def test_malformed_targets_get_one_line_and_exit_2(tmp_path, case, text, message):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(text, encoding="utf-8")
    r = run_ectui("check", "-w", ws)
    err = r.stderr.decode()
    assert r.returncode == 2, (case, err)
    assert message in err, (case, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "targets.toml:" in err.split(":", 1)[0] + ":" + err.split(":", 1)[1]  # file:line: …


def test_baseline_in_its_own_unit_is_converted(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text(target('value = 18\nunit = "万亿元"\nbaseline = { year = 2010, value = 8000, unit = "亿元" }\n'),
                    encoding="utf-8")
    t = load_targets(path).targets[0]
    assert t.baseline_value == pytest.approx(0.8)  # 8000亿元, not 8000万亿元


def test_regions_of_one_name_with_full_names_are_looked_up_by_either(tmp_path):
    text = PLANS.replace('name_zh = "宁波市"', 'name_zh = "鼓楼区"\nfull_name = "宁波市鼓楼区"').replace(
        'name_zh = "杭州市"', 'name_zh = "鼓楼区"\nfull_name = "杭州市鼓楼区"')
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(text, encoding="utf-8")
    r = run_ectui("set", "鼓楼区", "demo", "2", "--year", "2015", "-w", ws)
    assert r.returncode != 0 and b"ambiguous" in r.stderr and b"hz" in r.stderr and b"nb" in r.stderr
    r = run_ectui("set", "宁波市鼓楼区", "demo", "2", "--year", "2015", "-w", ws)
    assert r.returncode == 0 and b"recorded nb demo 2015" in r.stdout


def test_document_figures_added_later_are_stored_once(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(PLANS, encoding="utf-8")
    assert run_ectui("check", "-w", ws).returncode == 0  # the database exists, with no figures
    with open(ws / "targets.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[documents]]\nid = "rep"\ntitle = "中国电子商务报告2015"\n\n'
                 '[[figures]]\nregion = "cn"\nindicator = "ec"\nyear = 2015\nvalue = "20.8万亿元"\ndocument = "rep"\n')
    first = run_ectui("check", "-w", ws)
    assert first.returncode == 0 and b"stored 1 figure(s)" in first.stdout and b"20.8" in first.stdout
    again = run_ectui("check", "-w", ws)
    assert b"stored" not in again.stdout
    history = json.loads(run_ectui("history", "cn", "ec", "--format", "json", "-w", ws).stdout)
    assert [(r["year"], r["value"], r["source"]) for r in history["revisions"]] == [(2015, 20.8, "中国电子商务报告2015")]


def test_a_moving_away_row_shows_no_large_positive_pace():
    """The baseline met `<= 16`; growth since is 'towards' nothing (a case from Open SDG gave ρ 3.1)."""
    p = evaluate(Target("p", "r", "i", "<=", 2015, 16.0, baseline_year=2010, baseline_value=15.0),
                 [(2013, 17.0)], as_of=2013)
    assert p.status == "moving_away" and p.pace_ratio is None


# ── the bundled national plans, read against the outcomes their sources publish ────────────────
PUBLISHED_VERDICTS = {  # (plan, indicator, aim): the verdict the published outcome gives
    ("cn-ec-12th", "ec_transactions", "level"): "met",       # 20.8 / 21.8万亿 against 突破18万亿
    ("cn-ec-12th", "ec_transactions", "multiple"): "met",    # 翻两番 of 4.5万亿
    ("cn-ec-12th", "online_retail", "level"): "met",         # 38773亿 against 突破3万亿
    ("cn-ec-13th", "ec_transactions", "level"): "missed",    # 37.2 against more than 40万亿
    ("cn-ec-13th", "online_retail", "level"): "met",         # 117601亿 against about 10万亿
    ("cn-ec-13th", "ec_employment", "level"): "met",         # 6015万 against over 5000万
    ("cn-ec-14th", "online_retail", "level"): "missed",      # 15.97 against about 17万亿
    ("cn-ec-14th", "ec_employment", "level"): "met",         # over 7000万 against about 7000万
    ("cn-ec-14th", "ec_transactions", "level"): "awaiting_final",  # 2025 not yet published
}


def test_bundled_national_plans_agree_with_published_outcomes(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    r = run_ectui("report", "--format", "json", "--as-of", "2026", "-w", ws)
    assert r.returncode == 0, r.stderr
    got = {(row["plan"], row["indicator"], row["aim"]): row["status"] for row in json.loads(r.stdout)["rows"]}
    assert {key: got.get(key) for key in PUBLISHED_VERDICTS} == PUBLISHED_VERDICTS


def test_every_bundled_national_document_cites_its_publisher_date_and_address():
    catalog = load_targets(BUNDLED)
    national = [d for d in catalog.documents.values() if d.id not in FIVE_DOCUMENT_IDS]
    assert len(national) >= 10
    for d in national:
        assert d.publisher and d.published and d.url.startswith("http"), d


FIVE_DOCUMENT_IDS = {"cn-11th-plan", "quanzhou-plan", "shanxi-status", "gansu-ideas", "fujian-platform"}


async def test_dashboard_shows_the_aggregate_in_the_parents_panel(kinds):
    from ectui.screens.app import EctuiApp
    from tests.test_dashboard import text_of

    app = EctuiApp(load_targets(kinds / "targets.toml"), store_of(kinds), lang="zh", current_year=2020)
    async with app.run_test(size=(120, 60)):
        panel = text_of(app.screen.overview.panels["zj"])
        assert "每个下级地区" in panel and "1/2 已达成" in panel
        assert "示范县" in text_of(app.screen.overview.panels["nb"])  # each child's own row, just below
