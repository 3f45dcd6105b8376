"""The gaps pane: every target in one table (screens.gap_table), with filters and sorting."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select, TabPane

from ectui.method.progress import STATUSES
from ectui.method.rows import ProgressRow
from ectui.output.cells import HEADERS, STATUS_LABELS, STATUS_STYLES, row_cells
from ectui.screens.gap_table import GapTable
from ectui.screens.state import DashboardState, row_key
from ectui.text import literal

# The report's columns, with the verdict first so it is visible without scrolling at 80 columns.
TABLE_COLUMNS = ("region", "indicator", "status", "plan", "progress", "latest", "target", "schedule", "gap",
                 "required", "baseline")
# Fixed widths, so that nothing is measured (a national table has 64,000 rows); they fit the
# values the progress method produces. Longer text ends in "…" (the detail view shows it whole).
_ZH_WIDTHS = {"region": 10, "indicator": 22, "status": 11, "plan": 16, "progress": 13, "latest": 20, "target": 20,
              "schedule": 8, "gap": 12, "required": 7, "baseline": 16}
COLUMN_WIDTHS = {"zh": _ZH_WIDTHS, "en": dict(_ZH_WIDTHS, status=19, target=24)}


def sort_value(row: ProgressRow, column: str) -> tuple[bool, object]:
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
    if column == "plan":
        return (False, (row.plan.start, row.plan.id))
    return (False, row.indicator.name_zh)


def table_cells(row: ProgressRow, lang: str) -> list[tuple[str, str]]:
    """The table's cells for a row: text (one line) and style; only the status is coloured."""
    cells = row_cells(row, lang)
    cells["region"] = literal(row.region.name(lang))
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
        self.sort_column = "region"
        self.sort_reverse = False
        self.built = False  # built on first view: the overview paints first
        self._ordered: tuple[list[ProgressRow], tuple[str, bool], list[ProgressRow]] | None = None
        self._search_text: dict[int, str] = {}  # id(row) -> what the text filter looks in

    def compose(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Input(placeholder="/ 筛选 filter", id="filter-text", compact=True)
            yield Select([], prompt="规划 plan", id="filter-plan", allow_blank=True, compact=True)
            yield Select([], prompt="地区 region", id="filter-region", allow_blank=True, compact=True)
            yield Select([], prompt="状态 status", id="filter-status", allow_blank=True, compact=True)
        yield GapTable(lambda row: table_cells(row, self.state.lang), row_key, id="gap-table")

    @property
    def table(self) -> GapTable:
        return self.query_one(GapTable)

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
        self.query_one("#filter-status", Select).set_options(
            [(STATUS_LABELS[lang][s], s) for s in STATUSES])
        self.label_columns()

    def indicator_width(self) -> int:
        """Wide terminals show indicator names whole; 80 columns cut them (the detail has them)."""
        widths = COLUMN_WIDTHS[self.state.lang]
        others = sum(w + 2 for c, w in widths.items() if c != "indicator") + 2 + 2  # padding, scroll bar
        return max(widths["indicator"], min(48, self.app.size.width - others))

    def label_columns(self) -> None:
        widths = dict(COLUMN_WIDTHS[self.state.lang], indicator=self.indicator_width())
        arrow = " ▼" if self.sort_reverse else " ▲"
        self.table.set_columns([(col, HEADERS[self.state.lang][col] + (arrow if col == self.sort_column else ""),
                                 widths[col]) for col in TABLE_COLUMNS])

    def on_resize(self) -> None:
        widths = {key: width for key, _, width in self.table.columns}
        if widths and widths["indicator"] != self.indicator_width():
            self.label_columns()

    # ── rows ──────────────────────────────────────────────────────────────────────
    def refresh_rows(self, build: bool = False) -> None:
        """Give the table its rows (it formats only those on screen, and keeps the cursor's row);
        not before the pane is first shown, unless ``build``."""
        if not (self.built or build):
            return
        self.built = True
        self.table.set_rows(self.visible_rows())

    def visible_rows(self) -> list[ProgressRow]:
        rows = self.ordered_rows()
        text = self.query_one("#filter-text", Input).value.strip().casefold()
        plan = self.query_one("#filter-plan", Select).value
        region = self.query_one("#filter-region", Select).value
        status = self.query_one("#filter-status", Select).value
        if isinstance(plan, str):
            rows = [r for r in rows if r.plan.id == plan]
        if isinstance(region, str):
            regions = set(self.state.catalog.descendants(region))
            rows = [r for r in rows if r.region.id in regions]
        if isinstance(status, str):
            rows = [r for r in rows if r.status == status]
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

    # ── sorting and filtering ──────────────────────────────────────────────────────
    def sort_by(self, column: str, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self.label_columns()
        self.refresh_rows()

    def next_sort(self) -> str:
        """Sort by the next column; returns its header."""
        self.sort_by(TABLE_COLUMNS[(TABLE_COLUMNS.index(self.sort_column) + 1) % len(TABLE_COLUMNS)])
        return HEADERS[self.state.lang][self.sort_column]

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
