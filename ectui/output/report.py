"""Render progress rows as a Rich table, Markdown or self-contained HTML (JSON and CSV: machine_report).

The panels are plain functions returning Rich renderables, so the dashboard can reuse them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ectui.method.progress import STATUSES
from ectui.method.rows import MonitoringRow, ProgressRow, each_groups
from ectui.output.briefing import evaluation_year, summary_paragraph
from ectui.output.cells import (
    COLUMNS,
    HEADERS,
    STATUS_STYLES,
    aimed_text,
    aims_lines,
    baseline_note,
    each_text,
    monitoring_cells,
    note_text,
    plan_heading,
    row_cells,
    status_text,
)
from ectui.output.machine import ReportContext
from ectui.text import literal


def group_rows(rows: list[ProgressRow]) -> list[tuple[str, list[tuple[str, list[ProgressRow]]]]]:
    """[(plan id, [(region id, rows)])], keeping the rows' order."""
    plans: dict[str, dict[str, list[ProgressRow]]] = {}
    for r in rows:
        plans.setdefault(r.plan.id, {}).setdefault(r.region.id, []).append(r)
    return [(p, list(regions.items())) for p, regions in plans.items()]


def status_counts(rows: list[ProgressRow]) -> Counter:
    return Counter(r.status for r in rows)


def summary_text(rows: list[ProgressRow], lang: str, ascii_only: bool = False, styled: bool = True) -> Text:
    counts = status_counts(rows)
    text = Text()
    for s in STATUSES:
        if counts[s]:
            if text:
                text.append("  ")
            text.append(f"{status_text(s, lang, ascii_only)} {counts[s]}",
                        style=STATUS_STYLES[s] if styled else "")
    return text


def region_title(ctx: ReportContext, region_id: str) -> str:
    reg = ctx.catalog.regions[region_id]
    depth = ctx.catalog.depth(region_id)
    other = reg.name_en if ctx.lang == "zh" else reg.name_zh
    return f"{'  ' * depth}{'› ' if depth else ''}{literal(reg.name(ctx.lang))} ({literal(other)})"


RIGHT_ALIGNED = ("schedule", "gap", "required")
UNWRAPPED = ("progress", "schedule", "required")
MIN_WIDTHS = {"indicator": 10, "baseline": 9, "latest": 9, "target": 9}
MONITORING_COLUMNS = ("indicator", "value", "change", "trend")


def _table(padding: int) -> Table:
    """A report table: a bold header over a rule, columns one space apart (``|`` without Unicode)."""
    return Table(box=box.SIMPLE_HEAD, padding=(0, padding), pad_edge=False, expand=False, show_edge=False,
                 header_style="bold")


class FittedTable:
    """The first of several tables that fits the width (each drops a less important column):
    a Rich Table would draw past the edge, and the console would crop the right-hand columns
    (the status among them). The last is drawn however wide it is, its minimum widths dropped."""

    def __init__(self, builds: list[Callable[[bool], Table]]) -> None:
        self.builds = builds

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for build in self.builds:
            segments = list(console.render(build(True), options))
            if max(map(Segment.get_line_length, Segment.split_lines(segments)), default=0) <= options.max_width:
                yield from segments
                return
        yield from console.render(self.builds[-1](False), options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.builds[0](True))


# Columns given up first when a table does not fit (an 80-column terminal over SSH): the indicator's
# name keeps MIN_WIDTHS["indicator"] cells, and the status always shows.
DROPPED_FIRST = ("required", "gap", "baseline", "schedule")


def progress_table(rows: list[ProgressRow], lang: str, ascii_only: bool = False,
                   columns: tuple[str, ...] | None = None) -> FittedTable:
    """The gap table for a set of rows: one line per target. ``columns`` (--columns) are shown
    as chosen; by default all, dropping DROPPED_FIRST one by one where they do not fit."""
    cells = [row_cells(r, lang, ascii_only) for r in rows]

    def build_with(shown: tuple[str, ...]) -> Callable[[bool], Table]:
        def build(min_widths: bool) -> Table:
            table = _table(0)
            for col in shown:
                table.add_column(HEADERS[lang][col], overflow="fold", no_wrap=col in UNWRAPPED,
                                 justify="right" if col in RIGHT_ALIGNED else "left",
                                 min_width=MIN_WIDTHS.get(col) if min_widths else None)
            for r, row in zip(rows, cells):
                table.add_row(*[Text(row[c], style=STATUS_STYLES[r.status] if c == "status" else "") for c in shown])
            return table
        return build
    if columns is not None:
        return FittedTable([build_with(columns)])
    shown: tuple[str, ...] = COLUMNS
    candidates = [shown]
    for dropped in DROPPED_FIRST:
        shown = tuple(c for c in shown if c != dropped)
        candidates.append(shown)
    return FittedTable([build_with(c) for c in candidates])


def monitoring_table(rows: list[MonitoringRow], lang: str, ascii_only: bool = False) -> Table:
    table = _table(1)
    for col in MONITORING_COLUMNS:
        table.add_column(HEADERS[lang][col], overflow="fold")
    for m in rows:
        cells = monitoring_cells(m, lang, ascii_only)
        table.add_row(*[Text(cells[c]) for c in MONITORING_COLUMNS])
    return table


def _heading(ctx: ReportContext) -> Text:
    zh = ctx.lang == "zh"
    parts = ["电子商务发展规划目标进度" if zh else "E-commerce plan targets: progress"]
    if ctx.as_of:
        parts.append(f"截至{ctx.as_of}年" if zh else f"as of {ctx.as_of}")
    if ctx.vintage:
        parts.append(f"数据版本 {ctx.vintage}" if zh else f"vintage {ctx.vintage}")
    return Text(" · ".join(parts), style="bold")


def legend_text(rows: list[ProgressRow], lang: str, ascii_only: bool = False) -> str:
    """What the gauge means, and the baseline's * only when a row carries one."""
    zh = lang == "zh"
    text = ("完成进度条：█ 已完成，│ 应达进度（按所需增速今年应到的位置）。" if zh
            else "Bar: █ achieved, │ expected by now (where the required growth puts the figure).")
    text = " ".join(filter(None, (baseline_note(rows, lang), text)))
    return text.replace("█", "#").replace("│", "|") if ascii_only else text


def table_report(ctx: ReportContext, ascii_only: bool = False) -> RenderableType:
    """The whole report as one Rich renderable."""
    zh = ctx.lang == "zh"
    parts: list[RenderableType] = [_heading(ctx)]
    footnotes: list[str] = []
    grouped = dict(group_rows(ctx.rows))
    for plan in ctx.plans_shown():
        regions = grouped.get(plan.id, [])
        plan_rows = [r for _, rs in regions for r in rs]
        parts.append(Text(""))
        parts.append(Text(plan_heading(plan, ctx.lang), style="bold underline"))
        parts.append(Text(("来源：" if zh else "Source: ") + literal(plan.source), style="dim"))
        for line in aims_lines(plan, ctx.lang, bool(plan_rows)):
            parts.append(Text(line))
        if plan_rows:
            parts.append(Text(("汇总：" if zh else "Summary: ")).append_text(summary_text(plan_rows, ctx.lang, ascii_only)))
        for parent, members in each_groups(plan_rows):
            parts.append(Text(each_text(ctx.catalog, parent, members, ctx.lang)))
        for region_id, rows in regions:
            parts.append(Text(""))
            parts.append(Text(region_title(ctx, region_id), style="bold"))
            parts.append(progress_table(rows, ctx.lang, ascii_only, ctx.columns))
            for r in rows:
                for note in (aimed_text(r, ctx.lang), note_text(r.progress.note, ctx.lang)):
                    if note:
                        where = f"{r.region.name(ctx.lang)} {r.indicator.name(ctx.lang)}"
                        footnotes.append(f"{where}：{note}" if zh else f"{where}: {note}")
    if not ctx.rows:
        parts.append(Text("没有符合条件的目标。" if zh else "No targets match the selection."))
    if ctx.monitoring:
        parts.append(Text(""))
        parts.append(Text("监测指标（无目标）" if zh else "Monitoring (indicators without a target)",
                          style="bold underline"))
        by_region: dict[str, list[MonitoringRow]] = {}
        for m in ctx.monitoring:
            by_region.setdefault(m.region.id, []).append(m)
        for region_id, ms in by_region.items():
            parts.append(Text(region_title(ctx, region_id), style="bold"))
            parts.append(monitoring_table(ms, ctx.lang, ascii_only))
    parts.append(Text(""))
    parts.append(Text(legend_text(ctx.rows, ctx.lang, ascii_only), style="dim"))
    for note in footnotes:
        parts.append(Text(literal(note), style="dim"))
    return Group(*parts)


def _md(s: str) -> str:
    s = literal(s)
    for ch in "\\|*_`[]<>#":
        s = s.replace(ch, "\\" + ch)
    return s


def markdown_report(ctx: ReportContext) -> str:
    zh = ctx.lang == "zh"
    lines = [f"# {_md(_heading(ctx).plain)}", ""]
    grouped = dict(group_rows(ctx.rows))
    for plan in ctx.plans_shown():
        regions = grouped.get(plan.id, [])
        plan_rows = [r for _, rs in regions for r in rs]
        lines += [f"## {_md(plan_heading(plan, ctx.lang))}", "",
                  f"{'来源' if zh else 'Source'}: {_md(plan.source)}", ""]
        lines += [f"{_md(line)}\n" for line in aims_lines(plan, ctx.lang, bool(plan_rows))]
        if plan_rows:
            region = ctx.catalog.regions.get(plan.region)
            where = region.name(ctx.lang) if region else plan.region
            lines += [f"{'汇总' if zh else 'Summary'}: {_md(summary_text(plan_rows, ctx.lang, styled=False).plain)}", "",
                      _md(summary_paragraph(plan_rows, where, evaluation_year(ctx), ctx.lang)), ""]
        lines += [f"{_md(each_text(ctx.catalog, parent, members, ctx.lang))}\n" for parent, members in each_groups(plan_rows)]
        for region_id, rows in regions:
            lines += [f"### {_md(region_title(ctx, region_id).strip())}", ""]
            lines.append("| " + " | ".join(HEADERS[ctx.lang][c] for c in COLUMNS) + " |")
            lines.append("|" + "|".join("---:" if c in ("schedule", "gap", "required") else "---" for c in COLUMNS) + "|")
            for r in rows:
                cells = row_cells(r, ctx.lang)
                lines.append("| " + " | ".join(_md(cells[c].replace("\n", " ")) for c in COLUMNS) + " |")
            lines.append("")
            notes = [f"{r.indicator.name(ctx.lang)}{'：' if zh else ': '}{note}" for r in rows
                     for note in (aimed_text(r, ctx.lang), note_text(r.progress.note, ctx.lang)) if note]
            lines += [f"- {_md(note)}" for note in notes] + ([""] if notes else [])
    if ctx.monitoring:
        lines += [f"## {'监测指标（无目标）' if zh else 'Monitoring'}", ""]
        lines.append("| " + " | ".join(HEADERS[ctx.lang][c] for c in ("region", "indicator", "value", "change", "trend")) + " |")
        lines.append("|---|---|---|---|---|")
        for m in ctx.monitoring:
            cells = monitoring_cells(m, ctx.lang)
            lines.append("| " + " | ".join(_md(x.replace("\n", " ")) for x in (
                m.region.name(ctx.lang), cells["indicator"], cells["value"], cells["change"], cells["trend"])) + " |")
        lines.append("")
    lines += [_md(legend_text(ctx.rows, ctx.lang)), ""]
    return "\n".join(lines)
