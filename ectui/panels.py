"""Region panels: each target as a gauge. Plain functions returning Rich renderables, so the
dashboard and any other Rich output draw the same thing (the dolphie model)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ectui.cells import (STATUS_STYLES, fraction_pct, monitoring_cells, sparkline, status_text, target_text,
                         value_text)
from ectui.model import Catalog
from ectui.report import summary_text
from ectui.rows import MonitoringRow, ProgressRow
from ectui.text import literal


def gauge_bar(row: ProgressRow, width: int = 24) -> Text:
    """Baseline on the left, target on the right, filled to the latest figure, │ at time elapsed."""
    p = row.progress
    text = Text()
    filled = 0 if p.pct_achieved is None else round(max(0.0, min(1.0, p.pct_achieved)) * width)
    marker = None if p.time_elapsed is None else min(width - 1, int(p.time_elapsed * width))
    style = STATUS_STYLES[p.status]
    for i in range(width):
        if i == marker:
            text.append("│", style="bold")
        elif i < filled:
            text.append("█", style=style)
        else:
            text.append("░", style="dim")
    return text


def target_line(row: ProgressRow, lang: str, gauge_width: int = 24) -> Table:
    p, unit = row.progress, row.indicator.unit
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(ratio=1)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(Text(literal(row.indicator.name(lang)), style="bold"),
                 Text(status_text(p.status, lang), style=STATUS_STYLES[p.status]))
    latest_q = row.latest.qualifier if row.latest else ""
    detail = Text()
    detail.append(value_text(p.baseline_value, unit, lang=lang) + " ", style="dim")
    detail.append_text(gauge_bar(row, gauge_width))
    detail.append(f" {target_text(row, lang)} ({row.target.year})")
    grid.add_row(detail, Text(fraction_pct(p.pct_achieved, 0)))
    latest = ("最新 " if lang == "zh" else "latest ") + (
        f"{value_text(p.latest_value, unit, latest_q, lang)} ({p.eval_year})" if p.latest_value is not None
        else ("无数据" if lang == "zh" else "no data"))
    grid.add_row(Text(latest, style="dim"), Text(""))
    return grid


def region_panel(catalog: Catalog, region_id: str, rows: list[ProgressRow],
                 monitoring: list[MonitoringRow], lang: str = "zh", gauge_width: int = 24) -> Panel:
    region = catalog.regions[region_id]
    depth = catalog.depth(region_id)
    title = Text(f"{'› ' * depth}{literal(region.name(lang))}", style="bold")
    parts: list[RenderableType] = [target_line(r, lang, gauge_width) for r in rows]
    if monitoring:
        mon = Table.grid(padding=(0, 1), expand=True)
        mon.add_column(ratio=1)
        mon.add_column(no_wrap=True)
        mon.add_column(no_wrap=True)
        for m in monitoring:
            cells = monitoring_cells(m, lang)
            mon.add_row(Text(cells["indicator"], style="dim"), Text(cells["value"].replace("\n", " (") + ")"),
                        Text(sparkline([o.value for o in m.observations])))
        parts.append(Text("监测指标" if lang == "zh" else "Monitoring", style="italic dim"))
        parts.append(mon)
    if not parts:
        parts.append(Text("无目标或数据" if lang == "zh" else "no targets or figures", style="dim"))
    return Panel(Group(*parts), title=title, title_align="left", subtitle=summary_text(rows, lang),
                 subtitle_align="right", box=box.ROUNDED, padding=(0, 1))

