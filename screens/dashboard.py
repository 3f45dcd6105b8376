"""The main screen: the overview pane (gauges per region) and the gaps pane (every target), as tabs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, TabbedContent

from ectui.screens.detail import DetailScreen
from ectui.screens.gap_table import GapTable
from ectui.screens.gaps import GapsPane
from ectui.screens.help import HelpScreen
from ectui.screens.messages import FiguresChanged, FilterTable, JumpToRegion, LanguageChanged
from ectui.screens.overview import OverviewPane
from ectui.screens.record import open_record_form
from ectui.screens.state import DashboardState, row_key

TAB_TITLES = {"zh": {"overview": "总览 Overview", "table": "差距表 Gaps"},
              "en": {"overview": "Overview", "table": "Gap table"}}


class DashboardScreen(Screen):
    BINDINGS = [
        Binding("1", "show_tab('overview')", "Overview"),
        Binding("2", "show_tab('table')", "Gaps"),
        Binding("p", "next_plan", "Plan", show=False),  # in the help screen; the footer must fit 80 columns
        Binding("r", "record", "Record"),
        Binding("s", "sort", "Sort", show=False),
        Binding("slash", "focus_filter", "Filter"),
        Binding("l", "app.toggle_lang", "中/EN"),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "leave_filter", "Back", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, state: DashboardState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        titles = TAB_TITLES[self.state.lang]
        yield Header()
        with TabbedContent(initial="overview", id="tabs"):
            yield OverviewPane(titles["overview"], self.state, id="overview")
            yield GapsPane(titles["table"], self.state, id="table")
        yield Footer()

    @property
    def overview(self) -> OverviewPane:
        return self.query_one(OverviewPane)

    @property
    def gaps(self) -> GapsPane:
        return self.query_one(GapsPane)

    def on_mount(self) -> None:
        self.gaps.relabel()
        self.overview.refresh_rows()
        self.query_one("#regions").focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "table" and not self.gaps.built:
            self.gaps.refresh_rows(build=True)

    # ── messages from the App and the command palette ─────────────────────────────
    def on_figures_changed(self, message: FiguresChanged) -> None:
        self.overview.refresh_rows()
        self.gaps.refresh_rows()

    def on_language_changed(self, message: LanguageChanged) -> None:
        titles, tabs = TAB_TITLES[self.state.lang], self.query_one(TabbedContent)
        tabs.get_tab("overview").label = titles["overview"]
        tabs.get_tab("table").label = titles["table"]
        self.gaps.relabel()
        self.overview.refresh_rows()
        self.gaps.refresh_rows()

    def on_jump_to_region(self, message: JumpToRegion) -> None:
        self.action_show_tab("overview")
        self.overview.jump_to(message.region_id)

    def on_filter_table(self, message: FilterTable) -> None:
        self.action_show_tab("table")
        self.gaps.filter(message.text, message.plan)

    def on_gap_table_row_selected(self, event: GapTable.RowSelected) -> None:
        row = self.state.row(event.key)
        if row:
            self.app.push_screen(DetailScreen(self.state, row_key(row)))

    # ── actions ───────────────────────────────────────────────────────────────────
    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "table":
            self.gaps.table.focus()

    def action_next_plan(self) -> None:
        self.overview.next_plan()

    def action_sort(self) -> None:
        self.notify(f"sort: {self.gaps.next_sort()}", timeout=1.5, markup=False)

    def action_focus_filter(self) -> None:
        self.query_one(TabbedContent).active = "table"
        # Focused now, not after the queued events: keys typed right after "/" go to the box.
        self.set_focus(self.query_one("#filter-text", Input))

    def action_leave_filter(self) -> None:
        """Esc in a filter box returns to the table, so that single-key bindings work again."""
        if isinstance(self.focused, (Input, Select)):
            self.gaps.table.focus()


    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_record(self) -> None:
        key = self.gaps.selected_key if self.query_one(TabbedContent).active == "table" else None
        row = self.state.row(key) if key else None
        open_record_form(self.app, self.state, row.region.id if row else "", row.indicator.id if row else "")
