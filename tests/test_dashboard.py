"""Pilot tests of the dashboard: navigation, filters, sorting, record form, read-only, live refresh."""

from __future__ import annotations

import pytest
from textual.widgets import Button, DataTable, Input, Select, Static, TabbedContent

from ectui.method.league import BEHIND, WORST_FIRST
from ectui.model import NewRevision
from ectui.screens.detail import DetailScreen
from ectui.screens.gap_table import GapTable
from ectui.screens.gaps import TABLE_COLUMNS
from ectui.screens.help import HelpScreen
from ectui.screens.messages import FilterTable, JumpToRegion
from ectui.screens.record import RecordScreen
from tests.conftest import store_of
from tests.dashboard_fixtures import make_app, make_workspace


@pytest.fixture
def ws(tmp_path, request):
    return make_workspace(tmp_path, request)


def text_of(widget: Static) -> str:
    """What a Static shows, as plain text (its Rich content rendered at the widget's width)."""
    import io

    from rich.console import Console
    console = Console(file=io.StringIO(), width=max(40, widget.size.width or 120), color_system=None)
    console.print(widget.content)
    return console.file.getvalue()


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#gap-table", GapTable)
    return [table.texts_at(i) for i in range(table.row_count)]


def select_row(app, region: str, indicator: str) -> None:
    table = app.screen.query_one("#gap-table", GapTable)
    for i in range(table.row_count):
        if f"|{region}|{indicator}|" in table.key_at(i):
            table.move_cursor(i)
            return
    raise AssertionError(f"{region}/{indicator} not in table")


async def test_tabs_and_overview_panels(ws):
    app = make_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "overview"
        panel = text_of(app.screen.overview.panels["quanzhou"])
        assert "泉州市" in panel and "电子商务交易额" in panel and "1,000亿元" in panel
        await pilot.press("2")
        assert tabs.active == "table"
        assert len(table_rows(app)) == 21
        await pilot.press("1")
        assert tabs.active == "overview"


async def test_overview_shows_the_same_numbers_as_the_report(ws):
    from ectui.output.cells import row_cells
    app = make_app(ws)
    async with app.run_test(size=(120, 40)):
        row = next(r for r in app.state.rows if r.region.id == "quanzhou" and r.indicator.id == "ec_transactions")
        panel = text_of(app.screen.overview.panels["quanzhou"])
        assert row_cells(row)["progress"].split("\n")[1] in panel  # same percent achieved (38%)
        assert row.progress.status == "on_track" and "正常" in panel


async def test_plan_switch(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")  # first plan: national 11th
        assert app.screen.overview.plan == "cn-11th"
        assert app.screen.overview.panels["quanzhou"].display is False
        await pilot.press("p", "p", "p")
        assert app.screen.overview.plan is None


async def test_a_plan_without_numeric_targets_shows_its_aims(ws):
    text = (ws / "targets.toml").read_text(encoding="utf-8")
    (ws / "targets.toml").write_text(text + '\n[[plans]]\nid = "aims-only"\ntitle = "定性规划"\nregion = "cn"\n'
                                     'start = 2021\nend = 2025\naims = ["营造良好的网络消费环境"]\n', encoding="utf-8")
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        while app.screen.overview.plan != "aims-only":
            await pilot.press("p")
        line = text_of(app.screen.query_one("#plan-line", Static))
        assert "定性规划" in line and "营造良好的网络消费环境" in line
        assert not any(p.display for p in app.screen.overview.panels.values())


async def test_filter_by_text_and_status(ws):
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.press(*"交易额")
        rows = table_rows(app)
        assert rows and all("交易额" in r[1] for r in rows)
        assert len(rows) == 4  # cn: transactions, B2B; quanzhou: transactions, platforms (交易额超5亿元)
        app.screen.query_one("#filter-text", Input).value = "Quanzhou"
        await pilot.pause()
        # Quanzhou's 12 targets, and the national 12th plan's 4 "as restated by Quanzhou"
        assert len(table_rows(app)) == 16
        # the status filter: a list of statuses to tick (Space), with the "behind" preset (b)
        await pilot.click("#filter-status")
        await pilot.press("n", *["down"] * WORST_FIRST.index("on_track"), "space", "enter")
        await pilot.pause()
        assert {r[1] for r in table_rows(app)} == {"电子商务交易额", "规模以上中小企业电子商务应用率"}
        assert all("正常" in r[2] for r in table_rows(app))
        assert str(app.screen.query_one("#filter-status", Button).label) == "状态：▲ 正常"
        app.screen.query_one("#filter-text", Input).value = ""
        await pilot.click("#filter-status")
        await pilot.press("b", "enter")
        await pilot.pause()
        shown = {r.status for r in app.screen.gaps.visible_rows()}
        assert shown and shown <= BEHIND and len(shown) > 1
        assert str(app.screen.query_one("#filter-status", Button).label) == "状态：落后（5 种）"
        assert not app.screen.query_one("#gaps-empty").display
        app.screen.query_one("#filter-text", Input).value = "no such indicator"
        await pilot.pause()
        assert table_rows(app) == [] and app.screen.query_one("#gaps-empty").display
        assert "没有符合筛选条件的目标" in str(app.screen.query_one("#gaps-empty").render())


async def test_the_whole_countrys_rows_are_frozen_while_the_app_runs(ws):
    import gc

    def collectable(objects) -> int:  # gc.get_objects() leaves out what is frozen
        ids = {id(o) for o in objects}
        return sum(id(o) in ids for o in gc.get_objects())

    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = app.state.catalog
        assert collectable(catalog.targets) == 0 < len(catalog.targets)  # frozen at start
        await pilot.press("2")  # the gap table: rows for every region
        await pilot.pause()
        rows = app.state.rows
        assert collectable(rows) == 0 < len(rows)
    assert gc.get_freeze_count() == 0  # the app gone, what it froze can be collected again
    assert collectable(rows) == len(rows)


async def test_filter_by_region_includes_children(ws):
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        app.screen.query_one("#filter-region", Select).value = "fujian"
        await pilot.pause()
        assert {r[0] for r in table_rows(app)} == {"泉州市"}


async def test_sort_by_header_and_key(ws):
    """Worst first by default; s sorts by the next column, S the other way; rows without a value
    stay last either way; a click on the sorted column's header reverses it."""
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        gaps = app.screen.gaps
        assert gaps.sort_column == "status" and not gaps.sort_reverse
        order = [r.progress.status for r in gaps.visible_rows()]
        assert order == sorted(order, key=WORST_FIRST.index) and order[0] == "missed" and len(set(order)) > 4
        assert table_rows(app)[0][2].endswith("未完成")
        await pilot.press("s")
        assert gaps.sort_column == "progress"  # the column after the status
        achieved = [r.progress.pct_achieved for r in gaps.visible_rows()]
        known = [a for a in achieved if a is not None]
        assert known == sorted(known) and achieved[-1] is None and len(known) > 3
        await pilot.press("S")
        achieved = [r.progress.pct_achieved for r in gaps.visible_rows()]
        assert [a for a in achieved if a is not None] == sorted(known, reverse=True) and achieved[-1] is None
        assert [label for _, label, _ in gaps.table.columns][3] == "进度 ▼"
        gaps.sort_by("status")
        await pilot.click("#gap-table", offset=(40, 0))  # the status header, sorted: the other way
        await pilot.pause()
        assert gaps.sort_column == "status" and gaps.sort_reverse
        assert [r.progress.status for r in gaps.visible_rows()][0] == order[-1]  # the best first


async def test_enter_opens_detail_and_escape_returns(ws):
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        select_row(app, "quanzhou", "ec_transactions")
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        head = text_of(app.screen.query_one("#detail-head", Static))
        assert "电子商务交易额" in head and "1,800亿元" in head and "二（三）具体目标 1" in head
        revisions = app.screen.query_one("#revisions", DataTable)
        assert revisions.row_count == 4  # 2011, 2012, 2013, 2014 1-9月
        numbers = text_of(app.screen.query_one("#detail-numbers", Static))
        assert "1,000亿元 (2013)" in numbers and "泉州市统计局 2014-02-28" in numbers  # who published it
        assert "2014年1-9月 1,150亿元（年内）" in numbers
        chart = text_of(app.screen.query_one("#detail-chart", Static))
        assert "●" in chart and "◆" in chart
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)


async def test_record_form_valid_value(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        select_row(app, "quanzhou", "ec_transactions")
        await pilot.press("r")
        assert isinstance(app.screen, RecordScreen)
        # names, not ids; the indicator's unit; the year: 2011–2013 have figures, and it is 2014 (pinned)
        assert app.screen.query_one("#rec-region", Input).value == "泉州市"
        assert app.screen.query_one("#rec-indicator", Input).value == "电子商务交易额"
        assert "单位：亿元" in text_of(app.screen.query_one("#rec-unit", Static))
        assert app.screen.query_one("#rec-year", Input).value == "2014"
        app.screen.query_one("#rec-year", Input).value = "2015"
        app.screen.query_one("#rec-source", Input).value = "2015年统计公报"
        await pilot.click("#rec-value")
        await pilot.press(*"1,950亿元", "enter")  # Enter moves on to the source …
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen) and app.screen.focused.id == "rec-source"
        await pilot.press("enter", "enter")  # … the note, and from the last field saves
        await pilot.pause()
        assert not isinstance(app.screen, RecordScreen)
        assert any(n.title == "已录入" and "泉州市 电子商务交易额 2015" in str(n.message) for n in app._notifications)
        history = app.state.store.history("quanzhou", "ec_transactions")
        assert (history[-1].year, history[-1].value, history[-1].source) == (2015, 1950.0, "2015年统计公报")
        row = app.state.row("quanzhou-2013|quanzhou|ec_transactions|2015|level")
        assert row.status == "met"
        assert any("已达成" in r[2] and r[1] == "电子商务交易额" and r[0] == "泉州市" for r in table_rows(app))


async def test_record_form_rejects_like_the_cli(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        select_row(app, "quanzhou", "ec_transactions")
        await pilot.press("r")
        before = app.state.store.count()
        app.screen.query_one("#rec-value", Input).value = "5万人"
        await pilot.click("#rec-save")
        assert isinstance(app.screen, RecordScreen)
        error = text_of(app.screen.query_one("#rec-error", Static))
        assert "人" in error and "亿元" in error
        app.screen.query_one("#rec-value", Input).value = "1800"
        await pilot.pause()
        assert text_of(app.screen.query_one("#rec-error", Static)).strip() == ""  # an old error goes on change
        app.screen.query_one("#rec-indicator", Input).value = "sme_ec_adoption"
        await pilot.pause()
        assert "单位：%" in text_of(app.screen.query_one("#rec-unit", Static))
        app.screen.query_one("#rec-indicator", Input).value = "ec_transactions"
        app.screen.query_one("#rec-region", Input).value = "quanzhouu"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert "是否指 'quanzhou'" in text_of(app.screen.query_one("#rec-error", Static))
        assert app.state.store.count() == before
        await pilot.press("escape")
        assert not isinstance(app.screen, RecordScreen)


async def test_read_only_workspace_explains_why(ws):
    app = make_app(ws, readonly=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        assert not isinstance(app.screen, RecordScreen)
        assert any("只读工作区" in str(n.message) and n.title == "无法录入" for n in app._notifications)
        assert "read-only" in app.sub_title


async def test_live_refresh_keeps_the_selection(ws):
    app = make_app(ws, refresh_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        select_row(app, "quanzhou", "demo_enterprises")
        table = app.screen.query_one("#gap-table", GapTable)
        key_before = table.selected_key
        other = store_of(ws)  # a second connection: another user or `ectui set`
        other.record([NewRevision("quanzhou", "demo_enterprises", 2014, 85.0, unit="家", source="x")])
        other.close()
        for _ in range(30):
            await pilot.pause(0.1)
            if app.state.row("quanzhou-2013|quanzhou|demo_enterprises|2015|level").status == "met":
                break
        assert app.state.row("quanzhou-2013|quanzhou|demo_enterprises|2015|level").status == "met"
        assert table.selected_key == key_before  # on the same target, wherever worst-first put it now
        assert "已达成" in table_rows(app)[table.cursor_row][2]
        panel = text_of(app.screen.overview.panels["quanzhou"])
        assert "85家" in panel


async def test_language_toggle_and_help(ws):
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "l")
        table = app.screen.query_one("#gap-table", GapTable)
        assert [label for _, label, _ in table.columns][:3] == ["Region", "Indicator", "Status ▲"]
        assert table_rows(app)[0][0] in ("China", "Quanzhou")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_jumps(ws):
    app = make_app(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.post_message(FilterTable("ec_transactions"))
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "table"
        assert {r[1] for r in table_rows(app)} == {"电子商务交易额"}
        app.screen.post_message(JumpToRegion("shanxi"))
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "overview"


HOSTILE = "[bold red]x[/] \x1b[31mRED\x1b[0m '; DROP TABLE revisions;-- \u202eevil\u200b"


async def test_hostile_strings_are_shown_literally(tmp_path):
    """Names, notes and sources from data reach the screen as text, never as markup or escapes."""
    ws = make_workspace(tmp_path)
    toml_text = HOSTILE.replace("\\", "\\\\").replace("\x1b", "\\u001b")
    text = (ws / "targets.toml").read_text(encoding="utf-8")
    text = text.replace('name_zh = "泉州市"', f'name_zh = "泉州市{toml_text}"', 1)
    text = text.replace('name_zh = "电子商务交易额"', f'name_zh = "电子商务交易额{toml_text}"', 1)
    (ws / "targets.toml").write_text(text, encoding="utf-8")
    store = store_of(ws)
    store.record([NewRevision("quanzhou", "ec_transactions", 2014, 1200.0, unit="亿元", entered=HOSTILE,
                              source=HOSTILE, note=HOSTILE)])
    store.close()
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        panel = text_of(app.screen.overview.panels["quanzhou"])
        assert "[bold red]x[/]" in panel and "\\x1b[31mRED" in panel and "\\u202eevil\\u200b" in panel
        assert "\x1b" not in panel and "\u202e" not in panel
        await pilot.press("2")
        rows = [r for r in table_rows(app) if r[1].startswith("电子商务交易额[bold red]x[/]")]
        # wide: the region's parent beside it, 福建省 here
        assert {r[0] for r in rows} == {"全国", "泉州市[bold red]x[/] \\x1b[31mRED\\x1b[0m '; DROP TABLE revisions;-- \\u202eevil\\u200b（福建省）"}
        select_row(app, "quanzhou", "ec_transactions")
        await pilot.press("enter")
        revisions = app.screen.query_one("#revisions", DataTable)
        last = [str(c) for c in revisions.get_row_at(revisions.row_count - 1)]
        assert last[3].startswith("[bold red]x[/] \\x1b[31mRED") and "\x1b" not in "".join(last)
        head = text_of(app.screen.query_one("#detail-head", Static))
        assert "电子商务交易额[bold red]x[/]" in head
        await pilot.press("r")
        app.screen.query_one("#rec-value", Input).value = "[b]1800[/b]"
        await pilot.press("ctrl+s")
        assert "[b]1800[/b]" in text_of(app.screen.query_one("#rec-error", Static))


async def test_a_large_catalog_overview_shows_one_subtree_and_reuses_its_panels(ws, monkeypatch):
    """Above OVERVIEW_ALL_REGIONS regions the overview shows one region and its children; a jump
    gives the same panel widgets other regions (a switch mounts none), in hierarchy order."""
    monkeypatch.setattr("ectui.screens.overview.OVERVIEW_ALL_REGIONS", 1)
    app = make_app(ws)
    async with app.run_test(size=(120, 60)) as pilot:
        screen = app.screen
        container = screen.query_one("#regions")

        def shown() -> list[tuple[str, str]]:
            panels = [w for w in container.query(".region-panel") if w.display]
            owner = {id(p): r for r, p in screen.overview.panels.items()}
            return [(owner[id(p)], text_of(p).splitlines()[0]) for p in panels]

        assert [r for r, _ in shown()] == ["cn", "fujian", "gansu", "shanxi"]
        widgets = set(map(id, container.query(".region-panel")))
        screen.post_message(JumpToRegion("fujian"))
        await pilot.pause()
        assert list(screen.overview.panels) == ["fujian", "quanzhou"]
        assert [r for r, _ in shown()] == ["fujian", "quanzhou"]
        assert "福建省" in shown()[0][1] and "泉州市" in shown()[1][1]  # each panel drew its own region
        assert set(map(id, container.query(".region-panel"))) == widgets  # none mounted, none removed
        screen.post_message(JumpToRegion("cn"))
        await pilot.pause()
        assert [r for r, _ in shown()] == ["cn", "fujian", "gansu", "shanxi"] and "甘肃省" in shown()[2][1]


async def test_the_gap_table_names_each_rows_plan(ws):
    """Rows of one indicator from several plans differ by their plan column, and sort by it."""
    app = make_app(ws)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("2")
        gaps = app.screen.gaps
        gaps.sort_by("plan")
        await pilot.pause()
        plans = [row[TABLE_COLUMNS.index("plan")] for row in table_rows(app)]
        assert any(p.startswith("2011–2015 ") for p in plans) and any(p.startswith("2013–2015 ") for p in plans)
        starts = [int(p[:4]) for p in plans]
        assert starts == sorted(starts)
