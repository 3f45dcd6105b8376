"""One target in detail: chart against the required paths, projections, revisions, source."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ectui.cells import STATUS_STYLES, fraction_pct, points, status_text, target_text, value_text
from ectui.chart import trend_chart
from ectui.numbers import format_number
from ectui.text import literal


class DetailScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "record", "Record"),
        Binding("l", "toggle_lang", "中/EN"),
        Binding("q", "app.pop_screen", "Back", show=False),
    ]

    def __init__(self, key: str):
        super().__init__()
        self.key = key

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(id="detail-head")
            yield Static(id="detail-chart")
            yield Static(id="detail-numbers")
            yield DataTable(id="revisions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data(relabel_columns=True)
        self.query_one("#detail").focus()

    def refresh_data(self, relabel_columns: bool = False) -> None:
        row = self.app.state.row(self.key)
        if row is None:
            return
        lang, p, unit = self.app.lang, row.progress, row.indicator.unit
        zh = lang == "zh"
        head = Text()
        head.append(f"{literal(row.indicator.name(lang))} · {literal(row.region.name(lang))}\n", style="bold")
        head.append(f"{literal(row.plan.name(lang))}  {row.plan.start}–{row.plan.end}\n")
        head.append(("目标：" if zh else "Target: ") + f"{target_text(row, lang)} ({row.target.year})   ")
        head.append(status_text(p.status, lang), style=STATUS_STYLES[p.status])
        head.append("\n" + ("来源：" if zh else "Source: ") + literal(row.target.source), style="dim")
        if row.target.note:
            head.append("\n" + literal(row.target.note), style="dim italic")
        if p.note:
            head.append("\n" + literal(p.note), style="yellow")
        self.query_one("#detail-head", Static).update(head)
        self.query_one("#detail-chart", Static).update(trend_chart(row, width=max(30, min(100, self.size.width - 4)), height=10))

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim")
        grid.add_column()
        grid.add_column(style="dim")
        grid.add_column()
        base = value_text(p.baseline_value, unit, lang=lang) + (f" ({p.baseline_year})" if p.baseline_year else "")
        latest = value_text(p.latest_value, unit, row.latest.qualifier if row.latest else "", lang) + (
            f" ({p.eval_year})" if p.latest_value is not None else "")
        pairs = [
            ("基期" if zh else "Baseline", base), ("最新" if zh else "Latest", latest),
            ("完成进度" if zh else "Achieved", fraction_pct(p.pct_achieved)),
            ("序时进度" if zh else "Time elapsed", fraction_pct(p.time_elapsed)),
            ("序时差" if zh else "Schedule gap", points(p.schedule_gap)),
            ("实际年增" if zh else "Actual growth/yr", fraction_pct(p.cagr_actual)),
            ("需年增(自基期)" if zh else "Required/yr from base", fraction_pct(p.cagr_required_from_base)),
            ("需年增(自最新)" if zh else "Required/yr from latest", fraction_pct(p.cagr_required_from_latest)),
            ("复合增长预测" if zh else "Projection (CAGR)", format_number(p.proj_cagr, unit)),
            ("线性预测" if zh else "Projection (linear)", format_number(p.proj_linear, unit)),
            ("速度比" if zh else "Pace ratio", "–" if p.pace_ratio is None else f"{p.pace_ratio:.2f}"),
            ("距目标" if zh else "Gap", format_number(p.gap_abs, unit) if p.gap_abs is not None else "–"),
        ]
        for i in range(0, len(pairs), 2):
            (a, b), (c, d) = pairs[i], pairs[i + 1]
            grid.add_row(a, Text(b), c, Text(d))
        self.query_one("#detail-numbers", Static).update(grid)

        table = self.query_one("#revisions", DataTable)
        table.clear(columns=relabel_columns)
        if relabel_columns:
            for col in (("年份", "值", "录入", "来源", "备注", "录入人", "时间 (UTC)") if zh else
                        ("Year", "Value", "As entered", "Source", "Note", "By", "Recorded (UTC)")):
                table.add_column(col)
        for r in self.app.state.store.history(row.region.id, row.indicator.id):
            value = ("已撤回" if zh else "retracted") if r.value is None else value_text(r.value, unit, r.qualifier, lang)
            table.add_row(str(r.year), Text(value), Text(literal(r.entered)), Text(literal(r.source)),
                          Text(literal(r.note)), Text(literal(r.author)), r.recorded_at[:19].replace("T", " "))

    def action_record(self) -> None:
        from ectui.screens.record import open_record_form
        row = self.app.state.row(self.key)
        open_record_form(self.app, row.region.id, row.indicator.id)

    def action_toggle_lang(self) -> None:
        self.app.toggle_lang()
