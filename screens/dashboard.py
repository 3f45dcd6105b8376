"""The main screen: the overview pane (gauges per region), the gaps pane (every target) and the
league pane (the regions under one, side by side), as tabs, under a breadcrumb of the focused region."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Select, Static, TabbedContent

from ectui.output.cells import region_path
from ectui.screens.detail import DetailScreen
from ectui.screens.gap_table import GapTable
from ectui.screens.gaps import GapsPane
from ectui.screens.help import HelpScreen
from ectui.screens.keys import KeyLine
from ectui.screens.league import LeaguePane
from ectui.screens.messages import (
    FiguresChanged,
    FilterTable,
    FocusRegion,
    JumpToRegion,
    LanguageChanged,
    OpenTarget,
)
from ectui.screens.overview import OverviewPane
from ectui.screens.record import open_record_form
from ectui.screens.state import DashboardState, row_key

TAB_TITLES = {"zh": {"overview": "总览 Overview", "table": "差距表 Gaps", "league": "排名 League"},
              "en": {"overview": "Overview", "table": "Gap table", "league": "League table"}}
KEYS = [("1", "screen.show_tab('overview')", "总览", "Overview"), ("2", "screen.show_tab('table')", "差距表", "Gaps"),
        ("3", "screen.show_tab('league')", "排名", "League"), ("r", "screen.record", "录入", "Record"),
        ("/", "screen.focus_filter", "筛选", "Filter"), ("l", "app.toggle_lang", "EN", "中文"),
        ("?", "screen.help", "帮助", "Help"), ("q", "app.quit", "退出", "Quit"),
        ("^p", "app.command_palette", "跳转", "Jump")]


class DashboardScreen(Screen):
    BINDINGS = [
        # the keys line (KEYS) shows them in the interface's language; the help screen lists them all
        Binding("1", "show_tab('overview')", show=False),
        Binding("2", "show_tab('table')", show=False),
        Binding("3", "show_tab('league')", show=False),
        Binding("p", "next_plan", show=False),
        Binding("r", "record", show=False),
        Binding("s", "sort", show=False),
        Binding("S", "reverse_sort", show=False),
        Binding("slash", "focus_filter", show=False),
        Binding("backspace", "region_up", show=False),
        Binding("m", "toggle_monitoring", show=False),
        Binding("l", "app.toggle_lang", show=False),
        Binding("question_mark", "help", show=False),
        Binding("escape", "leave_filter", show=False),
        Binding("q", "app.quit", show=False),
    ]

    def __init__(self, state: DashboardState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        titles = TAB_TITLES[self.state.lang]
        yield Header()
        with Vertical(id="main"):
            yield Static(id="breadcrumb")
            with TabbedContent(initial="overview", id="tabs"):
                yield OverviewPane(titles["overview"], self.state, id="overview")
                yield GapsPane(titles["table"], self.state, id="table")
                yield LeaguePane(titles["league"], self.state, id="league")
        yield KeyLine(KEYS, self.state.lang)

    @property
    def overview(self) -> OverviewPane:
        return self.query_one(OverviewPane)

    @property
    def gaps(self) -> GapsPane:
        return self.query_one(GapsPane)

    @property
    def league(self) -> LeaguePane:
        return self.query_one(LeaguePane)

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def on_mount(self) -> None:
        self.gaps.relabel()
        self.overview.refresh_rows()
        self.show_breadcrumb()
        self.query_one("#regions").focus()

    def show_breadcrumb(self) -> None:
        zh = self.state.lang == "zh"
        line = Text(("地区：" if zh else "Region: "), style="dim")
        line.append(region_path(self.state.catalog, self.state.region, self.state.lang), style="bold")
        self.query_one("#breadcrumb", Static).update(line)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "table" and not self.gaps.built:
            self.gaps.refresh_rows(build=True)
        if event.pane.id == "league":
            self.league.refresh_rows()

    # ── messages from the App and the command palette ─────────────────────────────
    def on_figures_changed(self, message: FiguresChanged) -> None:
        self.refresh_panes()

    def refresh_panes(self) -> None:
        """Draw the overview again, and the other panes if they were drawn (else when shown)."""
        self.overview.refresh_rows()
        self.gaps.refresh_rows()
        if self.active_tab == "league":
            self.league.refresh_rows()

    def on_language_changed(self, message: LanguageChanged) -> None:
        titles, tabs = TAB_TITLES[self.state.lang], self.query_one(TabbedContent)
        for tab in titles:
            tabs.get_tab(tab).label = titles[tab]
        self.query_one(KeyLine).show_lang(self.state.lang)
        self.gaps.relabel()
        self.show_breadcrumb()
        self.refresh_panes()

    def on_jump_to_region(self, message: JumpToRegion) -> None:
        self.state.plan = None  # the region's every target, whichever plan was shown
        self.focus_region(message.region_id)
        self.action_show_tab("overview")

    def on_focus_region(self, message: FocusRegion) -> None:
        self.focus_region(message.region_id)

    def focus_region(self, region_id: str) -> None:
        self.state.region = region_id
        self.show_breadcrumb()
        self.overview.show_region(region_id)
        if self.active_tab == "league":
            self.league.refresh_rows()

    def on_filter_table(self, message: FilterTable) -> None:
        self.action_show_tab("table")
        self.gaps.filter(message.text, message.plan)

    def on_gap_table_row_selected(self, event: GapTable.RowSelected) -> None:
        self.open_target(event.key)

    def on_open_target(self, message: OpenTarget) -> None:
        self.open_target(message.key)

    def open_target(self, key: str) -> None:
        row = self.state.row(key)
        if row:
            self.app.push_screen(DetailScreen(self.state, row_key(row)))

    # ── actions ───────────────────────────────────────────────────────────────────
    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "overview":  # the keys scroll the overview again, not the hidden pane's table
            self.query_one("#regions").focus()
        elif tab == "table":
            self.gaps.table.focus()
        elif tab == "league":
            self.league.table.focus()

    def action_next_plan(self) -> None:
        self.state.next_plan()
        self.overview.refresh_rows()
        if self.active_tab == "league":
            self.league.refresh_rows()

    def action_toggle_monitoring(self) -> None:
        self.overview.toggle_monitoring()

    def action_region_up(self) -> None:
        parent = self.state.catalog.regions[self.state.region].parent
        if parent in self.state.catalog.regions:
            self.focus_region(parent)

    def action_sort(self) -> None:
        pane = self.league if self.active_tab == "league" else self.gaps
        self.notify_sorted(pane.next_sort())

    def action_reverse_sort(self) -> None:
        pane = self.league if self.active_tab == "league" else self.gaps
        self.notify_sorted(pane.reverse_sort())

    def notify_sorted(self, column: str) -> None:
        self.notify(("排序：" if self.state.lang == "zh" else "sort: ") + column, timeout=1.5, markup=False)

    def action_focus_filter(self) -> None:
        self.query_one(TabbedContent).active = "table"
        # Focused now, not after the queued events: keys typed right after "/" go to the box.
        self.set_focus(self.query_one("#filter-text", Input))

    def action_leave_filter(self) -> None:
        """Esc in a filter box returns to the table, so that single-key bindings work again."""
        if isinstance(self.focused, (Input, Select)):
            self.gaps.table.focus()


    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.state.lang))

    def action_record(self) -> None:
        """Record a figure for the selected target (the overview's or the gap table's)."""
        tab = self.active_tab
        key = self.gaps.selected_key if tab == "table" else None
        row = self.state.row(key) if key else self.overview.selected if tab == "overview" else None
        open_record_form(self.app, self.state, row.region.id if row else "", row.indicator.id if row else "")
