"""The gaps pane: every target in one table (screens.gap_table), with filters and sorting."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Select, Static, TabPane

from ectui.method.league import SEVERITY
from ectui.method.rows import ProgressRow
from ectui.output.cells import HEADERS, STATUS_LABELS, STATUS_STYLES, row_cells
from ectui.screens.gap_table import GapTable
from ectui.screens.state import DashboardState, row_key
from ectui.screens.status_filter import StatusFilterScreen, statuses_text
from ectui.text import literal

# The report's columns: the verdict first, visible at 80 columns; at 120 columns, what is left to
# do (距目标, 需年增) and from where (基期). Region and indicator stay put when it scrolls sideways.
TABLE_COLUMNS = ("region", "indicator", "status", "progress", "gap", "required", "baseline", "latest", "target",
                 "schedule", "plan")
FIXED_COLUMNS = 2
# Fixed widths, so that nothing is measured (a national table has 64,000 rows); they fit the
# values the progress method produces. Longer text ends in "…" (the detail view shows it whole).
_ZH_WIDTHS = {"region": 10, "indicator": 22, "status": 11, "plan": 16, "progress": 13, "latest": 20, "target": 20,
              "schedule": 8, "gap": 12, "required": 7, "baseline": 16}
COLUMN_WIDTHS = {"zh": _ZH_WIDTHS, "en": dict(_ZH_WIDTHS, status=19, target=24)}
WIDE, WIDE_REGION = 160, 24  # from this many columns, the region column has its parent's name too


def sort_value(row: ProgressRow, column: str) -> object:
    """A sortable value for a column (None: not defined, always sorted last): numbers where the
    column is numeric, the status worst first, else its text."""
    p = row.progress
    numeric = {"baseline": p.baseline_value, "latest": p.latest_value, "target": p.target_value or p.target_low,
               "progress": p.pct_achieved, "schedule": p.schedule_gap, "gap": p.gap_rel,
               "required": p.cagr_required_from_latest}
    if column in numeric:
        return numeric[column]
    if column == "status":  # then the least achieved first
        pct = p.pct_achieved
        return (SEVERITY[p.status], pct is None, pct or 0.0)
    if column == "region":
        return row.region.id
    if column == "plan":
        return (row.plan.start, row.plan.id)
    return row.indicator.name_zh


def sort_rows(rows: list[ProgressRow], column: str, reverse: bool = False) -> list[ProgressRow]:
    """Rows sorted by a column, either way; rows without a value for it last, in their order."""
    keyed = [(sort_value(r, column), r) for r in rows]
    valued = sorted((k for k in keyed if k[0] is not None), key=lambda k: k[0], reverse=reverse)  # type: ignore[arg-type,return-value]
    return [r for _, r in valued] + [r for v, r in keyed if v is None]


def table_cells(row: ProgressRow, lang: str, parent: str = "") -> list[tuple[str, str]]:
    """The table's cells for a row: text (one line) and style; only the status is coloured.
    ``parent``: the name of the region's parent, shown where the region column has room."""
    cells = row_cells(row, lang)
    name = literal(row.region.name(lang))
    cells["region"] = (f"{name}（{literal(parent)}）" if lang == "zh" else f"{name}, {literal(parent)}") if parent else name
    # which plan: one region's indicator may have targets in several plans (the 12th and the 13th)
    # (its years first: they tell the plans apart when the name is cut)
    cells["plan"] = f"{row.plan.start}–{row.plan.end} {literal(row.plan.name(lang))}"
    cells["latest"] = cells["latest_figure"]  # who published it and a year-to-date figure: in the detail view
    return [(cells[col].replace("\n", " "), STATUS_STYLES[row.status] if col == "status" else "")
            for col in TABLE_COLUMNS]


class GapsPane(TabPane):
    def __init__(self, title: str, state: DashboardState, **kwargs) -> None:
        super().__init__(title, **kwargs)
        self.state = state
        self.sort_column = "status"  # worst first
        self.sort_reverse = False
        self.statuses: frozenset[str] = frozenset()  # shown; empty: every status
        self.built = False  # built on first view: the overview paints first
        self._ordered: tuple[list[ProgressRow], tuple[str, bool], list[ProgressRow]] | None = None
        self._search_text: dict[int, str] = {}  # id(row) -> what the text filter looks in

    def compose(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Input(placeholder="/ 筛选 filter", id="filter-text", compact=True)
            yield Select([], prompt="规划 plan", id="filter-plan", allow_blank=True, compact=True)
            yield Select([], prompt="地区 region", id="filter-region", allow_blank=True, compact=True)
            yield Button(statuses_text(self.statuses, self.state.lang), id="filter-status", compact=True)
        yield GapTable(self.cells, row_key, fixed_columns=FIXED_COLUMNS, id="gap-table")
        yield Static(id="gaps-empty")

    @property
    def table(self) -> GapTable:
        return self.query_one(GapTable)

    @property
    def wide(self) -> bool:
        """Room for region names with their parent's (泉州市（福建省）)."""
        return self.app.size.width >= WIDE

    def cells(self, row: ProgressRow) -> list[tuple[str, str]]:
        catalog, lang = self.state.catalog, self.state.lang
        parent = catalog.regions.get(row.region.parent or "") if self.wide else None
        return table_cells(row, lang, parent.name(lang) if parent else "")

    # ── labels ────────────────────────────────────────────────────────────────────
    def relabel(self) -> None:
        """Filter options and headers in the current language, an arrow on the sort column."""
        catalog, lang = self.state.catalog, self.state.lang
        # Labels are Text so that names from targets.toml are never read as markup.
        self.query_one("#filter-plan", Select).set_options(
            [(Text(literal(p.name(lang))[:30]), p.id) for p in catalog.plans.values()])
        self.query_one("#filter-region", Select).set_options(
            [(Text(("  " * catalog.depth(r)) + literal(catalog.regions[r].name(lang))), r)
             for r in catalog.region_order()])
        self.query_one("#filter-status", Button).label = statuses_text(self.statuses, lang)
        self.label_columns()

    def widths(self) -> dict[str, int]:
        widths = dict(COLUMN_WIDTHS[self.state.lang])
        if self.wide:
            widths["region"] = WIDE_REGION
        return widths

    def indicator_width(self) -> int:
        """Wide terminals show indicator names whole; 80 columns cut them (the detail has them)."""
        widths = self.widths()
        others = sum(w + 2 for c, w in widths.items() if c != "indicator") + 2 + 2  # padding, scroll bar
        return max(widths["indicator"], min(48, self.app.size.width - others))

    def label_columns(self) -> None:
        widths = dict(self.widths(), indicator=self.indicator_width())
        arrow = " ▼" if self.sort_reverse else " ▲"
        self.table.set_columns([(col, HEADERS[self.state.lang][col] + (arrow if col == self.sort_column else ""),
                                 widths[col]) for col in TABLE_COLUMNS])

    def on_resize(self) -> None:
        widths = {key: width for key, _, width in self.table.columns}
        if widths and (widths["indicator"], widths["region"]) != (self.indicator_width(), self.widths()["region"]):
            self.label_columns()

    # ── rows ──────────────────────────────────────────────────────────────────────
    def refresh_rows(self, build: bool = False) -> None:
        """Give the table its rows (it formats only those on screen, and keeps the cursor's row);
        not before the pane is first shown, unless ``build``."""
        if not (self.built or build):
            return
        self.built = True
        rows = self.visible_rows()
        self.table.set_rows(rows)
        empty = self.query_one("#gaps-empty", Static)
        empty.display = not rows
        if not rows:
            empty.update(Text("没有符合筛选条件的目标。清空筛选框，或按状态按钮选择其他状态。" if self.state.lang == "zh"
                              else "No target matches the filters. Clear the filter boxes, or choose other statuses."))

    def visible_rows(self) -> list[ProgressRow]:
        rows = self.ordered_rows()
        text = self.query_one("#filter-text", Input).value.strip().casefold()
        plan = self.query_one("#filter-plan", Select).value
        region = self.query_one("#filter-region", Select).value
        if isinstance(plan, str):
            rows = [r for r in rows if r.plan.id == plan]
        if isinstance(region, str):
            regions = set(self.state.catalog.descendants(region))
            rows = [r for r in rows if r.region.id in regions]
        if self.statuses:
            rows = [r for r in rows if r.status in self.statuses]
        if text:
            rows = [r for r in rows if text in self.search_text(r)]
        return rows

    def ordered_rows(self) -> list[ProgressRow]:
        """All rows in the table's sort order, kept until the rows or the order change."""
        rows, order = self.state.rows, (self.sort_column, self.sort_reverse)
        if self._ordered is None or self._ordered[0] is not rows:  # new figures: new row objects
            self._search_text = {}
        elif self._ordered[1] == order:
            return self._ordered[2]
        ordered = sort_rows(rows, self.sort_column, self.sort_reverse)
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

    # ── sorting and filtering ──────────────────────────────────────────────────────
    def sort_by(self, column: str, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self.label_columns()
        self.refresh_rows()

    def next_sort(self) -> str:
        """Sort by the next column; returns its header."""
        self.sort_by(TABLE_COLUMNS[(TABLE_COLUMNS.index(self.sort_column) + 1) % len(TABLE_COLUMNS)])
        return HEADERS[self.state.lang][self.sort_column]

    def reverse_sort(self) -> str:
        """The same column the other way; returns its header."""
        self.sort_by(self.sort_column, not self.sort_reverse)
        return HEADERS[self.state.lang][self.sort_column]

    def show_statuses(self, statuses: frozenset[str]) -> None:
        self.statuses = statuses
        self.query_one("#filter-status", Button).label = statuses_text(statuses, self.state.lang)
        self.refresh_rows(build=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "filter-status":
            event.stop()
            self.app.push_screen(StatusFilterScreen(self.statuses, self.state.lang),
                                 lambda chosen: self.show_statuses(chosen or frozenset()))

    def filter(self, text: str = "", plan: str | None = None) -> None:
        self.query_one("#filter-text", Input).value = text
        plan_select = self.query_one("#filter-plan", Select)
        if plan:
            plan_select.value = plan
        else:
            plan_select.clear()
        self.refresh_rows(build=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_rows()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_rows()

    def on_gap_table_header_selected(self, event: GapTable.HeaderSelected) -> None:
        same = event.column == self.sort_column
        self.sort_by(event.column, reverse=(not self.sort_reverse) if same else False)

    @property
    def selected_key(self) -> str | None:
        return self.table.selected_key
