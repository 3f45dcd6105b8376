"""The league pane: the regions under the focused one × their indicators (ectui.method.league).

Enter on a region with regions under it drills into it (on one without, the overview shows it);
Backspace goes up. Sorted worst first; a header click or `s` sorts by another column, `S` reverses.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, TabPane

from ectui.method.league import League, LeagueRow, league, sort_league
from ectui.output.cells import STATUS_STYLES, league_cell, plan_heading
from ectui.screens.gap_table import GapTable
from ectui.screens.messages import FocusRegion, JumpToRegion
from ectui.screens.state import DashboardState
from ectui.text import literal

BEHIND_HEADER = {"zh": "落后", "en": "Behind"}
REGION_HEADER = {"zh": "地区", "en": "Region"}
REGION_WIDTH = (8, 24)  # the region column fits the longest name within these
INDICATOR_WIDTH = (12, 20)  # each indicator's column: its cells are "✔ 132%"; wider terminals show more of its name


def two_lines(label: str, width: int) -> tuple[str, str]:
    """A header in two lines of ``width`` cells: broken at a space where there is one (English),
    else at the width (Chinese); what does not fit ends in "…"."""
    if cell_len(label) <= width:
        return label, ""
    first = set_cell_size(label, width).rstrip()
    cut = len(first)
    if " " in first and label[cut:cut + 1] not in ("", " "):  # not inside a word
        cut = first.rindex(" ")
        first = label[:cut]
    rest = label[cut:].strip()
    return first, (set_cell_size(rest, width - 1).rstrip() + "…" if cell_len(rest) > width else rest)


class LeaguePane(TabPane):
    def __init__(self, title: str, state: DashboardState, **kwargs) -> None:
        super().__init__(title, **kwargs)
        self.state = state
        self.sort_column = "behind"
        self.sort_reverse = False
        self.table_data: League | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="league-line")
        yield GapTable(self.cells, lambda row: row.region.id, fixed_columns=2, header_lines=2, id="league-table")
        yield Static(id="league-empty")

    @property
    def table(self) -> GapTable:
        return self.query_one("#league-table", GapTable)

    def cells(self, row: LeagueRow) -> list[tuple[str, str]]:
        zh = self.state.lang == "zh"
        behind = str(row.behind) if row.cells else ("无目标" if zh else "none")
        out = [(literal(row.region.name(self.state.lang)), ""), (behind, "" if row.cells else "dim")]
        assert self.table_data is not None  # rows come from it
        for indicator in self.table_data.columns:
            cell = row.cells.get(indicator)
            out.append((league_cell(cell), STATUS_STYLES[cell.status] if cell else ""))
        return out

    def refresh_rows(self) -> None:
        catalog, state, lang = self.state.catalog, self.state, self.state.lang
        rows, _ = state.for_regions(catalog.children(state.region))
        self.table_data = table = league(catalog, rows, state.region, state.plan)
        names = [cell_len(literal(r.region.name(lang))) for r in table.rows]
        region_width = max(REGION_WIDTH[0], min(REGION_WIDTH[1], max(names, default=0)))
        free = (self.app.size.width or 80) - (region_width + 2) - 10 - 2
        width = max(INDICATOR_WIDTH[0], min(INDICATOR_WIDTH[1], free // max(1, len(table.columns)) - 2))
        arrow = " ▼" if self.sort_reverse else " ▲"

        def header(key: str, label: str, size: int) -> tuple[str, str, int]:
            label = literal(label) + (arrow if key == self.sort_column else "")
            return key, "\n".join(two_lines(label, size)), size
        columns = [header("region", REGION_HEADER[lang], region_width), header("behind", BEHIND_HEADER[lang], 8)]
        columns += [header(i, catalog.indicators[i].name(lang), width) for i in table.columns]
        self.table.set_columns(columns)
        self.table.set_rows(sort_league(table, self.sort_column, self.sort_reverse))
        self._describe(table)

    def _describe(self, table: League) -> None:
        catalog, lang = self.state.catalog, self.state.lang
        zh = lang == "zh"
        name = literal(catalog.regions[table.parent].name(lang))
        plan = (plan_heading(catalog.plans[table.plan], lang) if table.plan
                else ("全部规划" if zh else "All plans"))
        line = Text(f"{name} 下级地区 · {plan}" if zh else f"Regions under {name} · {plan}", style="bold")
        line.append("  Enter 下级 · Backspace 上级 · p 规划 · s/S 排序" if zh
                    else "  Enter: in · Backspace: up · p: plan · s/S: sort", style="dim")
        self.query_one("#league-line", Static).update(line)
        empty = self.query_one("#league-empty", Static)
        empty.display = not table.rows
        if not table.rows:
            if not catalog.children(table.parent):
                text = (f"{name} 没有下级地区。按 Backspace 返回上级。" if zh
                        else f"{name} has no regions under it. Press Backspace to go up.")
            empty.update(Text(text))
        elif not table.columns:
            empty.display = True
            empty.update(Text(f"{name} 的下级地区在{plan}中没有目标；按 Enter 进入下级，或按 p 切换规划。" if zh else
                              f"The regions under {name} have no targets in {plan}: Enter one to see the regions "
                              "under it, or press p for another plan."))

    # ── sorting ─────────────────────────────────────────────────────────────────
    def sort_by(self, column: str, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self.refresh_rows()

    def next_sort(self) -> str:
        keys = [key for key, _, _ in self.table.columns]
        column = keys[(keys.index(self.sort_column) + 1) % len(keys)] if self.sort_column in keys else "behind"
        self.sort_by(column)
        return self._column_name(column)

    def reverse_sort(self) -> str:
        self.sort_by(self.sort_column, not self.sort_reverse)
        return self._column_name(self.sort_column)

    def _column_name(self, column: str) -> str:
        lang = self.state.lang
        if column in self.state.catalog.indicators:
            return self.state.catalog.indicators[column].name(lang)
        return {"region": REGION_HEADER, "behind": BEHIND_HEADER}[column][lang]

    def on_gap_table_header_selected(self, event: GapTable.HeaderSelected) -> None:
        event.stop()
        same = event.column == self.sort_column
        self.sort_by(event.column, reverse=(not self.sort_reverse) if same else False)

    def on_gap_table_row_selected(self, event: GapTable.RowSelected) -> None:
        event.stop()
        if self.state.catalog.children(event.key):
            self.post_message(FocusRegion(event.key))
        else:  # nothing under it to compare: its own targets, in the overview
            self.post_message(JumpToRegion(event.key))
