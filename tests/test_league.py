"""The league table (tab 3), drilling in and out, the breadcrumb, the overview's cursor and the
remembered preferences: Pilot tests on a province with prefectures."""

from __future__ import annotations

from pathlib import Path

import pytest

from ectui.method.league import BEHIND, league, sort_league, sort_value
from ectui.method.rows import build_rows
from ectui.model import NewRevision
from ectui.preferences import Preferences, config_path, load_preferences, save_preferences
from ectui.screens.app import EctuiApp
from ectui.screens.detail import DetailScreen
from ectui.screens.gap_table import GapTable
from ectui.screens.record import RecordScreen
from ectui.targets.loader import load_targets
from tests.conftest import on_engine, store_of

PROVINCE = """\
[[regions]]
id = "cn"
name_zh = "全国"
name_en = "China"

[[regions]]
id = "fj"
name_zh = "福建省"
name_en = "Fujian"
parent = "cn"

[[regions]]
id = "gs"
name_zh = "甘肃省"
name_en = "Gansu"
parent = "cn"

[[regions]]
id = "qz"
name_zh = "泉州市"
name_en = "Quanzhou"
parent = "fj"

[[regions]]
id = "fz"
name_zh = "福州市"
name_en = "Fuzhou"
parent = "fj"

[[regions]]
id = "xm"
name_zh = "厦门市"
name_en = "Xiamen"
parent = "fj"

[[regions]]
id = "jj"
name_zh = "晋江市"
name_en = "Jinjiang"
parent = "qz"

[[documents]]
id = "doc"
title = "福建省电子商务发展规划"

[[indicators]]
id = "retail"
name_zh = "网络零售额"
name_en = "Online retail sales"
unit = "亿元"

[[indicators]]
id = "rate"
name_zh = "电子商务应用普及率"
name_en = "E-commerce adoption"
unit = "%"

[[plans]]
id = "fj-14"
title = "福建省“十四五”电子商务发展规划"
title_en = "Fujian e-commerce plan 2021-2025"
region = "fj"
start = 2021
end = 2025
document = "doc"

[[targets]]
plan = "fj-14"
region = "fj"
indicator = "retail"
each = "children"
cmp = ">="
year = 2025
value = 2000
unit = "亿元"
baseline = { year = 2020, value = 1000 }

[[targets]]
plan = "fj-14"
region = "fj"
indicator = "rate"
each = "children"
cmp = ">="
year = 2025
value = 90
unit = "%"
baseline = { year = 2020, value = 50 }

[[plans]]
id = "qz-14"
title = "泉州市“十四五”电子商务发展规划"
title_en = "Quanzhou e-commerce plan 2021-2025"
region = "qz"
start = 2021
end = 2025
document = "doc"

[[targets]]
plan = "qz-14"
region = "qz"
indicator = "retail"
cmp = ">="
year = 2025
value = 3000
unit = "亿元"
baseline = { year = 2020, value = 1000 }
"""

# (region, indicator, year, value): Fuzhou met retail; Xiamen slow on both; Quanzhou on track;
# nothing for Jinjiang (under Quanzhou: it is no row of Fujian's league)
FIGURES = [("fz", "retail", 2023, 2100.0), ("fz", "rate", 2023, 80.0),
           ("xm", "retail", 2023, 1050.0), ("xm", "rate", 2023, 52.0),
           ("qz", "retail", 2023, 1800.0), ("qz", "rate", 2023, 78.0)]


@pytest.fixture
def province(tmp_path: Path, request) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(PROVINCE, encoding="utf-8")
    store = store_of(on_engine(request, ws))
    store.record([NewRevision(r, i, y, v, unit="%" if i == "rate" else "亿元", source="统计公报")
                  for r, i, y, v in FIGURES], author="analyst", recorded_at="2026-01-02T03:04:05.000000Z")
    store.close()
    return ws


def make(ws: Path, lang: str | None = "zh") -> EctuiApp:
    return EctuiApp(load_targets(ws / "targets.toml"), store_of(ws), lang=lang, current_year=2024)


def league_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#league-table", GapTable)
    return [table.texts_at(i) for i in range(table.row_count)]


def test_league_of_a_province_worst_first(province):
    catalog = load_targets(province / "targets.toml")
    store = store_of(province)
    rows = build_rows(catalog, store.current(), as_of=2024, current_year=2024)
    table = league(catalog, rows, "fj")
    assert table.columns == ["retail", "rate"]
    assert [r.region.id for r in table.rows] == ["qz", "fz", "xm"]  # the catalog's order
    qz = table.rows[0]
    # Quanzhou's own plan (3000) beside Fujian's target for every city (2000), both for 2025: its own
    assert qz.cells["retail"].target.value == 3000.0 and qz.cells["rate"].target.each_of == "fj"
    assert len(league(catalog, rows, "fj", plan="fj-14").rows[0].cells) == 2
    assert league(catalog, rows, "fj", plan="fj-14").rows[0].cells["retail"].target.value == 2000.0
    by_behind = [r.region.id for r in sort_league(table, "behind")]
    assert by_behind[0] == "xm" and by_behind[-1] == "fz"  # Xiamen behind on both, Fuzhou met one
    xm = next(r for r in table.rows if r.region.id == "xm")
    assert xm.behind == 2 and all(c.status in BEHIND for c in xm.cells.values())
    # a column sorts by its status, worst first, then by % achieved
    worst_rate = [r.region.id for r in sort_league(table, "rate")]
    assert worst_rate[0] == "xm"
    assert sort_value(xm, "rate") < sort_value(table.rows[1], "rate")
    assert [r.region.id for r in sort_league(table, "region")] == sorted(["qz", "fz", "xm"],
                                                                       key=lambda i: catalog.regions[i].name_zh)


def test_a_region_without_targets_is_listed_to_drill_through(province):
    catalog = load_targets(province / "targets.toml")
    table = league(catalog, [], "cn")
    assert [r.region.id for r in table.rows] == ["fj", "gs"] and table.columns == []
    assert [r.region.id for r in sort_league(table)] == ["fj", "gs"]


async def test_league_tab_drill_in_and_out_with_breadcrumb(province):
    app = make(province)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert "全国" in str(screen.query_one("#breadcrumb").render())
        await pilot.press("3")
        assert [r[0] for r in league_rows(app)] == ["福建省", "甘肃省"]
        assert screen.query_one("#league-empty").display  # no targets one level down: says so
        await pilot.press("enter")  # 福建省
        await pilot.pause()
        assert app.state.region == "fj"
        assert str(screen.query_one("#breadcrumb").render()).endswith("全国 › 福建省")
        rows = league_rows(app)
        assert [r[0] for r in rows] == ["厦门市", "泉州市", "福州市"]  # most behind first
        assert rows[0][1] == "2" and rows[0][2][0] in "◆▼↘"  # Xiamen: behind on both
        header = [label.split("\n") for _, label, _ in screen.league.table.columns]
        assert header[:2] == [["地区", ""], ["落后 ▲", ""]] and header[2][0] == "网络零售额"
        assert header[3] == ["电子商务应用普及率", ""]  # room for it whole at 120 columns
        assert rows[2][2].startswith("✔ ")  # Fuzhou met its retail target: "✔ 110%"
        await pilot.press("down", "enter")  # 泉州市: it has 晋江市 under it
        await pilot.pause()
        assert str(screen.query_one("#breadcrumb").render()).endswith("全国 › 福建省 › 泉州市")
        assert [r[0] for r in league_rows(app)] == ["晋江市"]
        await pilot.press("enter")  # 晋江市 has nothing under it: its targets, in the overview
        await pilot.pause()
        assert screen.active_tab == "overview" and app.state.region == "jj"
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert app.state.region == "fj"
        await pilot.press("3", "s")  # sorted by the next column: the first indicator
        assert screen.league.sort_column == "retail"
        await pilot.press("S")
        assert screen.league.sort_reverse
        assert league_rows(app)[0][0] == "福州市"  # reversed: the best first


async def test_overview_cursor_opens_and_records_the_selected_target(province):
    app = make(province)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        overview = screen.overview
        first = overview.selected
        assert first is not None
        await pilot.press("down")
        second = overview.selected
        assert second is not None and second is not first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.key.endswith(
            f"|{second.region.id}|{second.indicator.id}|{second.target.year}|level")
        await pilot.press("escape", "r")
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        assert (app.screen.region_id, app.screen.indicator_id) == (second.region.id, second.indicator.id)
        await pilot.press("escape")
        # 2 then 1: the arrows move the overview's cursor again, no Tab needed
        await pilot.press("2", "1", "down")
        assert overview.selected is not second and app.screen.focused is screen.query_one("#regions")


async def test_language_and_theme_are_remembered(province):
    assert load_preferences() == (Preferences(), "")  # this test's own empty config folder
    app = make(province, lang=None)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.state.lang == "zh"
        await pilot.press("l")
        app.theme = "textual-light"
        await pilot.pause()
    assert load_preferences() == (Preferences("en", "textual-light"), "")
    again = make(province, lang=None)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.state.lang == "en" and again.theme == "textual-light"
        tabs = again.screen.query_one("#tabs")
        assert str(tabs.get_tab("league").label) == "League table"
        assert "1 Overview" in str(again.screen.query_one("KeyLine").render())


async def test_tab_labels_follow_the_language_changed_on_the_detail_screen(province):
    app = make(province)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("l", "escape")
        await pilot.pause()
        tabs = app.screen.query_one("#tabs")
        assert [str(tabs.get_tab(t).label) for t in ("overview", "table", "league")] == [
            "Overview", "Gap table", "League table"]
        assert "1 Overview" in str(app.screen.query_one("KeyLine").render())


def test_a_damaged_preferences_file_is_reported_not_fatal(tmp_path):
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[dashboard\nlang = 'en'", encoding="utf-8")
    prefs, problem = load_preferences()
    assert prefs == Preferences() and "not read" in problem and str(path) in problem
    path.write_text('[dashboard]\nlang = "fr"\ntheme = 3\n', encoding="utf-8")
    prefs, problem = load_preferences()
    assert prefs == Preferences() and "'fr'" in problem and "theme" in problem
    assert save_preferences(Preferences("en", 'a"b')) == ""
    assert load_preferences() == (Preferences("en", 'a"b'), "")
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert "not saved" in save_preferences(Preferences(), blocked / "config.toml")


@pytest.mark.parametrize("label, width, lines", [
    ("网络零售额", 12, ("网络零售额", "")),
    ("电子商务应用普及率", 12, ("电子商务应用", "普及率")),
    ("E-commerce transactions", 12, ("E-commerce", "transactions")),
    ("SMEs above designated size using e-commerce", 12, ("SMEs above", "designated…")),
    ("规模以上中小企业电子商务应用率", 12, ("规模以上中小", "企业电子商…"))])
def test_league_headers_take_two_lines(label, width, lines):
    from rich.cells import cell_len

    from ectui.screens.league import two_lines
    assert two_lines(label, width) == lines
    assert all(cell_len(line) <= width for line in lines)


def test_league_cells_are_symbol_and_whole_percent(province):
    from ectui.output.cells import league_cell
    catalog = load_targets(province / "targets.toml")
    rows = build_rows(catalog, store_of(province).current(), as_of=2024, current_year=2024)
    row = next(r for r in rows if r.region.id == "xm" and r.indicator.id == "rate")
    assert league_cell(row) == f"◆ {round(row.progress.pct_achieved * 100)}%" or league_cell(row).startswith("▼ ")
    tiny = row._replace(progress=row.progress._replace(pct_achieved=-0.004))
    assert league_cell(tiny).endswith(" 0%") and league_cell(None) == ""
    assert league_cell(tiny, ascii_only=True)[0] in "~v<"


@pytest.mark.parametrize("english, chinese", [
    ("unknown region 'quanzhouu': did you mean 'quanzhou' (泉州市)? see `ectui check --list` for the regions defined",
     "未知地区 'quanzhouu'：是否指 'quanzhou'（泉州市）？用 `ectui check --list` 查看已定义的地区"),
    ("year '20x5' is not a whole number: write e.g. 2015", "年份 '20x5' 不是整数：例如 2015"),
    ("ec (交易额): not a number: 'abc' (expected e.g. 1800亿元, 1,800, 90%, 7万家)",
     "ec (交易额): 不是数值：'abc'（例如 1800亿元、1,800、90%、7万家）"),
    ("ec (交易额): unit mismatch: '5万人' is in 人, but this indicator is measured in 亿元; write the value in 亿元",
     "ec (交易额): 单位不符：'5万人' 的单位是 人，此指标以 亿元 计；请按 亿元 填写"),
    ("something no table knows", "something no table knows")])
def test_the_forms_refusals_read_in_chinese(english, chinese):
    from ectui.output.cells import error_text
    assert error_text(english, "zh") == chinese and error_text(english, "en") == english


async def test_the_record_form_refuses_in_the_interface_language(province):
    app = make(province)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordScreen)
        from textual.widgets import Input
        form.query_one("#rec-value", Input).value = "abc"
        await pilot.pause()  # the change is handled (it clears an old error) before saving
        form.action_save()
        await pilot.pause()
        shown = str(form.query_one("#rec-error").content)
        assert shown.startswith("✘ 无法录入：") and "不是数值：'abc'" in shown
