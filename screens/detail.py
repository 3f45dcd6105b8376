"""One target in detail: chart against the required paths, projections, revisions, source."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ectui.numbers import compact_number
from ectui.output.cells import (
    STATUS_STYLES,
    aimed_text,
    fraction_pct,
    note_text,
    points,
    provisional_text,
    published_text,
    region_path,
    status_text,
    target_text,
    target_years,
    value_text,
)
from ectui.output.chart import trend_chart
from ectui.output.history import REVISION_HEADERS, revision_cells
from ectui.screens.keys import KeyLine
from ectui.screens.messages import FiguresChanged, LanguageChanged
from ectui.screens.record import open_record_form
from ectui.screens.state import DashboardState
from ectui.text import literal

KEYS = [("Esc", "app.pop_screen", "返回", "Back"), ("r", "screen.record", "录入", "Record"),
        ("l", "app.toggle_lang", "EN", "中文")]


class DetailScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", show=False),
        Binding("r", "record", show=False),
        Binding("l", "app.toggle_lang", show=False),
        Binding("q", "app.pop_screen", show=False),
    ]

    def __init__(self, state: DashboardState, key: str):
        super().__init__()
        self.state, self.key = state, key

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(id="detail-head")
            yield Static(id="detail-chart")
            yield Static(id="detail-numbers")
            yield DataTable(id="revisions", cursor_type="row", zebra_stripes=True)
        yield KeyLine(KEYS, self.state.lang)

    def on_mount(self) -> None:
        self.refresh_data(relabel_columns=True)
        self.query_one("#detail").focus()

    def refresh_data(self, relabel_columns: bool = False) -> None:
        row = self.state.row(self.key)
        if row is None:
            return
        row = self.state.with_latest_revision(row)
        lang, p, unit = self.state.lang, row.progress, row.indicator.unit
        zh = lang == "zh"
        head = Text()
        head.append(region_path(self.state.catalog, row.region.id, lang) + " · ", style="dim")
        head.append(f"{literal(row.indicator.name(lang))}\n", style="bold")
        head.append(f"{literal(row.plan.name(lang))}  {row.plan.start}–{row.plan.end}\n")
        head.append(("目标：" if zh else "Target: ") + f"{target_text(row, lang)} ({target_years(row)})   ")
        head.append(status_text(p.status, lang, pace=p.pace_status), style=STATUS_STYLES[p.status])
        if aimed_text(row, lang):
            head.append("\n" + aimed_text(row, lang))
        head.append("\n" + ("来源：" if zh else "Source: ") + literal(row.target.source), style="dim")
        if row.target.note:
            head.append("\n" + literal(row.target.note), style="dim italic")
        if p.note:
            head.append("\n" + literal(note_text(p.note, lang)), style="yellow")
        self.query_one("#detail-head", Static).update(head)
        self.query_one("#detail-chart", Static).update(trend_chart(row, width=max(30, min(100, self.size.width - 4)), height=10, lang=lang))

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim")
        grid.add_column()
        grid.add_column(style="dim")
        grid.add_column()
        base = value_text(p.baseline_value, unit, lang=lang) + (f" ({p.baseline_year})" if p.baseline_year else "")
        latest = value_text(p.latest_value, unit, row.latest.qualifier if row.latest else "", lang) + (
            f" ({p.eval_year})" if p.latest_value is not None else "")
        # who published the evaluated figure, and a later year's figure so far (shown, not judged)
        published = published_text(row.latest_revision, lang) or "–"
        provisional = provisional_text(row.provisional, unit, lang) or "–"
        pairs = [
            ("基期" if zh else "Baseline", base), ("最新" if zh else "Latest", latest),
            ("发布" if zh else "Published by", published), ("年内累计" if zh else "Year to date", provisional),
            ("完成进度" if zh else "Achieved", fraction_pct(p.pct_achieved)),
            ("应达进度" if zh else "Expected by now", fraction_pct(p.pct_expected)),
            ("进度偏差" if zh else "Schedule gap", points(p.schedule_gap)),
            ("序时进度" if zh else "Time elapsed", fraction_pct(p.time_elapsed)),
            ("", ""),
            ("实际年增" if zh else "Actual growth/yr", fraction_pct(p.cagr_actual)),
            ("需年增(自基期)" if zh else "Required/yr from base", fraction_pct(p.cagr_required_from_base)),
            ("需年增(自最新)" if zh else "Required/yr from latest", fraction_pct(p.cagr_required_from_latest)),
            ("复合增长预测" if zh else "Projection (CAGR)", compact_number(p.proj_cagr, unit, lang=lang)),
            ("线性预测" if zh else "Projection (linear)", compact_number(p.proj_linear, unit, lang=lang)),
            ("速度比" if zh else "Pace ratio", "–" if p.pace_ratio is None else f"{p.pace_ratio:.2f}"),
            ("距目标" if zh else "Gap", compact_number(p.gap_abs, unit, lang=lang) if p.gap_abs is not None else "–"),
        ]
        for i in range(0, len(pairs), 2):
            (a, b), (c, d) = pairs[i], pairs[i + 1]
            grid.add_row(a, Text(b), c, Text(d))
        self.query_one("#detail-numbers", Static).update(grid)

        table = self.query_one("#revisions", DataTable)
        table.clear(columns=relabel_columns)
        if relabel_columns:
            table.add_columns(*REVISION_HEADERS[lang])
        for revision in self.state.history(row.region.id, row.indicator.id):
            table.add_row(*map(Text, revision_cells(revision, unit, lang)))

    def on_figures_changed(self, message: FiguresChanged) -> None:
        self.refresh_data()

    def on_language_changed(self, message: LanguageChanged) -> None:
        self.query_one(KeyLine).show_lang(self.state.lang)
        self.refresh_data(relabel_columns=True)

    def action_record(self) -> None:
        row = self.state.row(self.key)
        if row is not None:
            open_record_form(self.app, self.state, row.region.id, row.indicator.id)

