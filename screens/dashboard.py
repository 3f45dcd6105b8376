"""The main screen: an overview of gauges per region, and the gap table."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static, TabbedContent, TabPane

from ectui.cells import HEADERS, STATUS_LABELS, STATUS_STYLES, row_cells
from ectui.panels import DrawnOnce, region_panel
from ectui.progress import STATUSES
from ectui.rows import ProgressRow
from ectui.screens.gap_table import GapTable
from ectui.screens.state import row_key
from ectui.text import literal

# The report's columns, with the verdict first so it is visible without scrolling at 80 columns.
TABLE_COLUMNS = ("region", "indicator", "status", "progress", "latest", "target", "schedule", "gap", "required",
                 "baseline")
# Fixed widths, so that nothing is measured (a national table has 64,000 rows); they fit the
# values the progress method produces. Longer text ends in "…" (the detail view shows it whole).
_ZH_WIDTHS = {"region": 10, "indicator": 22, "status": 11, "progress": 13, "latest": 20, "target": 20,
              "schedule": 8, "gap": 12, "required": 7, "baseline": 16}
COLUMN_WIDTHS = {"zh": _ZH_WIDTHS, "en": dict(_ZH_WIDTHS, status=19, target=24)}
ALL = "__all__"
# Above this many regions the overview shows one region and its children (a national workspace
# has 3,000+); below it, every region.
OVERVIEW_ALL_REGIONS = 60


def sort_value(row: ProgressRow, column: str):
    """A sortable value for a column: numbers where the column is numeric, else its text."""
    p = row.progress
    numeric = {"baseline": p.baseline_value, "latest": p.latest_value, "target": p.target_value or p.target_low,
               "progress": p.pct_achieved, "schedule": p.schedule_gap, "gap": p.gap_rel,
               "required": p.cagr_required_from_latest, "status": STATUSES.index(p.status)}
    if column in numeric:
        v = numeric[column]
        return (v is None, v if v is not None else 0)
    if column == "region":
        return (False, row.region.id)
    return (False, row.indicator.name_zh)


class DashboardScreen(Screen):
    BINDINGS = [
        Binding("1", "show_tab('overview')", "Overview"),
        Binding("2", "show_tab('table')", "Gaps"),
        Binding("p", "next_plan", "Plan", show=False),  # in the help screen; the footer must fit 80 columns
        Binding("r", "record", "Record"),
        Binding("s", "sort", "Sort", show=False),
        Binding("slash", "focus_filter", "Filter"),
        Binding("l", "toggle_lang", "中/EN"),
        Binding("question_mark", "help", "Help"),
        Binding("escape", "leave_filter", "Back", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: str | None = None  # None: all plans
        self.sort_column = "region"
        self.sort_reverse = False
        self._ordered: tuple[list[ProgressRow], tuple[str, bool], list[ProgressRow]] | None = None  # rows, order, sorted
        self._search_text: dict[int, str] = {}  # id(row) -> what the text filter looks in
        self.focus_region: str | None = None  # large catalogs: the region whose subtree is shown
        self.table_built = False
        self.panels: dict[str, Static] = {}  # region id -> the overview panel showing it

    # ── layout ───────────────────────────────────────────────────────────────────
    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="overview", id="tabs"):
            with TabPane(self.tab_title("overview"), id="overview"):
                yield Static(id="plan-line")
                yield VerticalScroll(id="regions")
            with TabPane(self.tab_title("table"), id="table"):
                with Horizontal(id="filters"):
                    yield Input(placeholder="/ 筛选 filter", id="filter-text", compact=True)
                    yield Select([], prompt="规划 plan", id="filter-plan", allow_blank=True, compact=True)
                    yield Select([], prompt="地区 region", id="filter-region", allow_blank=True, compact=True)
                    yield Select([], prompt="状态 status", id="filter-status", allow_blank=True, compact=True)
                yield GapTable(lambda row: self.cells(row, self.app.lang), row_key, id="gap-table")
        yield Footer()

    def tab_title(self, tab: str) -> str:
        zh = self.app.lang == "zh"
        return {"overview": "总览 Overview" if zh else "Overview", "table": "差距表 Gaps" if zh else "Gap table"}[tab]

    def on_mount(self) -> None:
        catalog = self.app.state.catalog
        if len(catalog.regions) > OVERVIEW_ALL_REGIONS:
            self.focus_region = catalog.region_order()[0]
        self.refresh_data(relabel_columns=True)
        self.query_one("#regions").focus()

    def overview_regions(self) -> list[str]:
        catalog = self.app.state.catalog
        if self.focus_region is None:
            return catalog.region_order()
        return [self.focus_region, *catalog.children(self.focus_region)]

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "table" and not self.table_built:
            self.refresh_table()

    # ── data → widgets ────────────────────────────────────────────────────────────
    def refresh_data(self, relabel_columns: bool = False) -> None:
        if relabel_columns:
            self.fill_filter_options()
            self.label_columns()
        self.refresh_overview()
        self.refresh_table()

    def indicator_width(self) -> int:
        """Wide terminals show indicator names whole; 80 columns cut them (the detail has them)."""
        widths = COLUMN_WIDTHS[self.app.lang]
        others = sum(w + 2 for c, w in widths.items() if c != "indicator") + 2 + 2  # padding, scroll bar
        return max(widths["indicator"], min(48, self.app.size.width - others))

    def label_columns(self) -> None:
        """Headers in the current language, an arrow on the sort column; widths for this terminal."""
        widths = dict(COLUMN_WIDTHS[self.app.lang], indicator=self.indicator_width())
        arrow = " ▼" if self.sort_reverse else " ▲"
        self.query_one(GapTable).set_columns(
            [(col, HEADERS[self.app.lang][col] + (arrow if col == self.sort_column else ""), widths[col])
             for col in TABLE_COLUMNS])

    def on_resize(self, event) -> None:
        widths = {key: width for key, _, width in self.query_one(GapTable).columns}
        if widths and widths["indicator"] != self.indicator_width():
            self.label_columns()

    def fill_filter_options(self) -> None:
        catalog, lang = self.app.state.catalog, self.app.lang
        # Labels are Text so that names from targets.toml are never read as markup.
        self.query_one("#filter-plan", Select).set_options(
            [(Text(literal(p.name(lang))[:30]), p.id) for p in catalog.plans.values()])
        self.query_one("#filter-region", Select).set_options(
            [(Text(("  " * catalog.depth(r)) + literal(catalog.regions[r].name(lang))), r)
             for r in catalog.region_order()])
        self.query_one("#filter-status", Select).set_options(
            [(STATUS_LABELS[lang][s], s) for s in STATUSES])

    def visible_rows(self, for_table: bool) -> list[ProgressRow]:
        if not for_table:
            rows, _ = self.app.state.for_regions(self.overview_regions())
            return [r for r in rows if self.plan is None or r.plan.id == self.plan]
        rows = self.ordered_rows()
        text = self.query_one("#filter-text", Input).value.strip().casefold()
        plan = self.query_one("#filter-plan", Select).value
        region = self.query_one("#filter-region", Select).value
        status = self.query_one("#filter-status", Select).value
        if isinstance(plan, str):
            rows = [r for r in rows if r.plan.id == plan]
        if isinstance(region, str):
            regions = set(self.app.state.catalog.descendants(region))
            rows = [r for r in rows if r.region.id in regions]
        if isinstance(status, str):
            rows = [r for r in rows if r.status == status]
        if text:
            rows = [r for r in rows if text in self.search_text(r)]
        return rows

    def ordered_rows(self) -> list[ProgressRow]:
        """All rows in the table's sort order, kept until the rows or the order change."""
        rows, order = self.app.state.rows, (self.sort_column, self.sort_reverse)
        if self._ordered is None or self._ordered[0] is not rows:  # new figures: new row objects
            self._search_text = {}
        elif self._ordered[1] == order:
            return self._ordered[2]
        ordered = sorted(rows, key=lambda r: sort_value(r, self.sort_column), reverse=self.sort_reverse)
        self._ordered = (rows, order, ordered)
        return ordered

    def search_text(self, r: ProgressRow) -> str:
        """What the text filter looks in: ids, names in both languages, plan titles, status labels."""
        text = self._search_text.get(id(r))
        if text is None:
            text = self._search_text[id(r)] = "\0".join((
                r.indicator.id, r.indicator.name_zh, r.indicator.name_en, r.region.id, r.region.name_zh,
                r.region.name_en, r.plan.title, r.plan.title_en, STATUS_LABELS["zh"][r.status],
                STATUS_LABELS["en"][r.status])).casefold()
        return text

    def refresh_overview(self) -> None:
        state, lang = self.app.state, self.app.lang
        rows = self.visible_rows(for_table=False)
        plan_title = (literal(state.catalog.plans[self.plan].name(lang)) if self.plan
                      else ("全部规划" if lang == "zh" else "All plans"))
        hint = "（p 切换规划）" if lang == "zh" else " (p: switch plan)"
        if self.focus_region is not None:
            name = literal(state.catalog.regions[self.focus_region].name(lang))
            hint += (f" · 地区 {name} 及下级（ctrl+p 跳转地区）" if lang == "zh"
                     else f" · region {name} and the regions under it (ctrl+p: jump to a region)")
        self.query_one("#plan-line", Static).update(Text(plan_title + hint, style="bold"))
        width = max(10, min(40, (self.size.width or 80) - 50))
        wanted = self.overview_regions()
        # The panels are kept and given other regions, in hierarchy order: mounting a dozen new
        # widgets (styles, layout) and removing the old ones was a fifth of a switch of region.
        container = self.query_one("#regions", VerticalScroll)
        pool = list(container.query(".region-panel"))
        if len(pool) < len(wanted):
            more = [Static(classes="region-panel") for _ in range(len(wanted) - len(pool))]
            container.mount_all(more)
            pool += more
        for spare in pool[len(wanted):]:
            spare.display = False
        self.panels = dict(zip(wanted, pool))
        by_region: dict[str, list[ProgressRow]] = {}
        for r in rows:
            by_region.setdefault(r.region.id, []).append(r)
        monitoring_by: dict[str, list] = {}
        if self.plan is None:
            for m in state.for_regions(wanted)[1]:
                monitoring_by.setdefault(m.region.id, []).append(m)
        for region_id in wanted:
            region_rows = by_region.get(region_id, [])
            monitoring = monitoring_by.get(region_id, [])
            panel = self.panels[region_id]
            panel.display = bool(region_rows or monitoring)
            panel.update(DrawnOnce(region_panel(state.catalog, region_id, region_rows, monitoring, lang, width)))

    def refresh_table(self) -> None:
        """Give the table its rows; it formats only those on screen, and keeps the cursor's row."""
        if self.query_one(TabbedContent).active != "table" and not self.table_built:
            return  # built on first view: the overview paints first
        self.table_built = True
        table = self.query_one(GapTable)
        table.set_rows(self.visible_rows(for_table=True))

    @staticmethod
    def cells(row: ProgressRow, lang: str) -> list[tuple[str, str]]:
        """The table's cells for a row: text (one line) and style; only the status is coloured."""
        cells = row_cells(row, lang)
        cells["region"] = literal(row.region.name(lang))
        return [(cells[col].replace("\n", " "), STATUS_STYLES[row.status] if col == "status" else "")
                for col in TABLE_COLUMNS]

    def selected_key(self) -> str | None:
        return self.query_one(GapTable).selected_key

    # ── events and actions ───────────────────────────────────────────────────────
    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_table()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_table()

    def on_gap_table_header_selected(self, event: GapTable.HeaderSelected) -> None:
        column = event.column
        self.sort_reverse = (not self.sort_reverse) if column == self.sort_column else False
        self.sort_column = column
        self.label_columns()
        self.refresh_table()

    def on_gap_table_row_selected(self, event: GapTable.RowSelected) -> None:
        row = self.app.state.row(event.key)
        if row:
            from ectui.screens.detail import DetailScreen
            self.app.push_screen(DetailScreen(row_key(row)))

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "table":
            self.query_one(GapTable).focus()

    def action_next_plan(self) -> None:
        plans = [None, *self.app.state.catalog.plans]
        self.plan = plans[(plans.index(self.plan) + 1) % len(plans)]
        self.refresh_overview()

    def action_sort(self) -> None:
        i = TABLE_COLUMNS.index(self.sort_column)
        self.sort_column = TABLE_COLUMNS[(i + 1) % len(TABLE_COLUMNS)]
        self.sort_reverse = False
        self.label_columns()
        self.notify(f"sort: {HEADERS[self.app.lang][self.sort_column]}", timeout=1.5, markup=False)
        self.refresh_table()

    def action_focus_filter(self) -> None:
        self.query_one(TabbedContent).active = "table"
        # Focused now, not after the queued events: keys typed right after "/" go to the box.
        self.set_focus(self.query_one("#filter-text", Input))

    def action_leave_filter(self) -> None:
        """Esc in a filter box returns to the table, so that single-key bindings work again."""
        if isinstance(self.focused, (Input, Select)):
            self.query_one(GapTable).focus()

    def action_toggle_lang(self) -> None:
        self.app.toggle_lang()
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("overview").label = self.tab_title("overview")
        tabs.get_tab("table").label = self.tab_title("table")

    def action_help(self) -> None:
        from ectui.screens.help import HelpScreen
        self.app.push_screen(HelpScreen())

    def action_record(self) -> None:
        from ectui.screens.record import open_record_form
        key = self.selected_key() if self.query_one(TabbedContent).active == "table" else None
        row = self.app.state.row(key) if key else None
        open_record_form(self.app, row.region.id if row else "", row.indicator.id if row else "")

    def jump_to_region(self, region_id: str) -> None:
        self.plan = None
        self.action_show_tab("overview")
        if self.focus_region is not None:
            self.focus_region = region_id
        self.refresh_overview()
        self.call_after_refresh(lambda: self.panels[region_id].scroll_visible(animate=False, top=True))

    def filter_table(self, text: str = "", plan: str | None = None) -> None:
        self.action_show_tab("table")
        self.query_one("#filter-text", Input).value = text
        plan_select = self.query_one("#filter-plan", Select)
        if plan:
            plan_select.value = plan
        else:
            plan_select.clear()
        self.refresh_table()
