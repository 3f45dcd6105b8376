"""Briefings officials paste into Word or WPS: summary prose, small SVG charts and the HTML
document (`ectui report --format html`).

The HTML is one self-contained file (no network, no script): a title, the evaluation year and
vintage, and per plan and region a summary paragraph, a semantic ``<table>`` that copies cleanly
into a word processor, and an inline SVG chart for every target. Print CSS lays it out on A4, a plan
to a page, table headers repeated. Every string from data is escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from ectui.method.progress import STATUSES
from ectui.method.rows import MonitoringRow, ProgressRow, each_groups
from ectui.output.cells import (
    HEADERS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    aimed_text,
    aims_lines,
    baseline_note,
    each_text,
    fraction_pct,
    latest_figure_text,
    monitoring_cells,
    note_text,
    plan_heading,
    points,
    provisional_text,
    published_text,
    row_cells,
    status_text,
    value_text,
)
from ectui.output.chart import required_paths
from ectui.output.machine import ReportContext
from ectui.text import literal


def _h(text: str) -> str:
    """Text from data as HTML shows it literally: escaped, control and bidi characters made visible."""
    return escape(literal(text))


# Statuses a briefing counts as behind schedule, in the order of STATUSES
BEHIND = ("moderate", "insufficient", "moving_away")
WORST_SHOWN = 3


def evaluation_year(ctx: ReportContext) -> int | None:
    """The year the rows were evaluated at (--as-of, else the current year)."""
    return ctx.as_of or next((r.progress.evaluation_year for r in ctx.rows), None)


def summary_paragraph(rows: list[ProgressRow], where: str, year: int | None, lang: str) -> str:
    """The rows in one plain paragraph: "截至2014年，泉州市共15项目标：2项已达成、4项正常、3项滞后……；
    落后应达进度最多的3项：电子商务交易额（-10.7pp，尚需年均增长34.2%）……"."""
    counts = Counter(r.status for r in rows)
    parts = [(counts[s], STATUS_LABELS[lang][s]) for s in STATUSES if counts[s]]
    behind = sorted((r for r in rows if r.progress.schedule_gap is not None and r.progress.schedule_gap < 0
                     and r.status not in ("met", "missed")), key=lambda r: r.progress.schedule_gap or 0.0)[:WORST_SHOWN]
    zh = lang == "zh"
    if zh:
        text = (f"截至{year}年，" if year else "") + f"{where}共{len(rows)}项目标："
        text += "、".join(f"{n}项{label}" for n, label in parts) + "。"
        if behind:
            text += f"落后应达进度最多的{len(behind)}项：" + "；".join(_behind(r, lang) for r in behind) + "。"
        return text
    text = (f"As of {year}, " if year else "") + f"{where} has {len(rows)} target{'s' if len(rows) != 1 else ''}: "
    text += ", ".join(f"{n} {label}" for n, label in parts) + "."
    if behind:
        text += " Furthest behind schedule: " + "; ".join(_behind(r, lang) for r in behind) + "."
    return text


def _behind(row: ProgressRow, lang: str) -> str:
    p = row.progress
    need = p.cagr_required_from_latest
    name = row.indicator.name(lang)
    if lang == "zh":
        return f"{name}（偏差{points(p.schedule_gap)}" + (f"，尚需年均增长{fraction_pct(need)}" if need is not None else "") + "）"
    return f"{name} ({points(p.schedule_gap)}" + (f", needs {fraction_pct(need)} a year" if need is not None else "") + ")"


# ── the chart ─────────────────────────────────────────────────────────────────────────────────
CHART_W, CHART_H, PAD = 150, 54, 4


def svg_chart(row: ProgressRow, lang: str = "zh") -> str:
    """A small chart of one target: the figures over the years (solid, dots), the linear (dashed)
    and compound (dotted) required paths from the baseline, the target (a diamond) and the
    evaluation year (a thin vertical line). Shapes and line styles, not colour alone, tell them
    apart in greyscale print."""
    p = row.progress
    paths = required_paths(row)
    figures = [(o.year, o.value) for o in row.observations]
    aim = p.aimed_value
    years = [y for y, _ in figures] + list(paths) + [p.target_year]
    if p.evaluation_year:
        years.append(p.evaluation_year)
    values = [v for _, v in figures] + [v for pair in paths.values() for v in pair if v is not None]
    if aim is not None:
        values.append(aim)
    if not values:
        return ""
    y0, y1 = min(years), max(years)
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1

    def x(year: float) -> float:
        return round(PAD + (year - y0) / (y1 - y0) * (CHART_W - 2 * PAD), 1)

    def y(value: float) -> float:
        return round(CHART_H - PAD - (value - lo) / (hi - lo) * (CHART_H - 2 * PAD), 1)

    def line(points: list[tuple[float, float]], style: str) -> str:
        return (f'<polyline points="{" ".join(f"{x(a)},{y(b)}" for a, b in points)}" fill="none" {style}/>'
                if len(points) > 1 else "")
    title = (f"{row.indicator.name(lang)}：" if lang == "zh" else f"{row.indicator.name(lang)}: ") + \
        ", ".join(f"{year} {value_text(value, row.indicator.unit, lang=lang)}" for year, value in figures)
    shapes = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_W} {CHART_H}" '
              f'width="{CHART_W}" height="{CHART_H}" role="img"><title>{_h(title)}</title>',
              f'<rect x="0.5" y="0.5" width="{CHART_W - 1}" height="{CHART_H - 1}" fill="none" stroke="#ccc"/>']
    if p.evaluation_year and y0 <= p.evaluation_year <= y1:
        shapes.append(f'<line x1="{x(p.evaluation_year)}" y1="0" x2="{x(p.evaluation_year)}" y2="{CHART_H}" '
                      'stroke="#999" stroke-width="0.6"/>')
    shapes.append(line([(year, pair[0]) for year, pair in sorted(paths.items())],
                       'stroke="#3465a4" stroke-width="1" stroke-dasharray="4 2"'))
    shapes.append(line([(year, pair[1]) for year, pair in sorted(paths.items()) if pair[1] is not None],
                       'stroke="#75507b" stroke-width="1" stroke-dasharray="1 2"'))
    if aim is not None:
        tx, ty = x(p.target_year), y(aim)
        shapes.append(f'<path d="M{tx} {ty - 4} L{tx + 4} {ty} L{tx} {ty + 4} L{tx - 4} {ty} Z" fill="#c4a000" '
                      'stroke="#000" stroke-width="0.6"/>')
    shapes.append(line(figures, 'stroke="#000" stroke-width="1.6"'))
    shapes += [f'<circle cx="{x(a)}" cy="{y(b)}" r="1.8" fill="#000"/>' for a, b in figures]
    shapes.append("</svg>")
    return "".join(shapes)


# ── the document ──────────────────────────────────────────────────────────────────────────────
HTML_COLUMNS = ("indicator", "baseline", "latest", "target", "progress", "schedule", "gap", "required", "status",
                "chart")
CHART_HEADER = {"zh": "走势", "en": "Trend"}
TITLE = {"zh": "电子商务发展规划目标进度", "en": "E-commerce plan targets: progress"}
CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       font-size: 10.5pt; line-height: 1.45; color: #111; margin: 1.5em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.6em 0 .2em; }
h3 { font-size: 11pt; margin: 1.2em 0 .3em; }
.meta, .source, .notes { color: #444; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; table-layout: auto; margin: .4em 0 .8em; font-size: 9.5pt; }
th, td { border: 1px solid #999; padding: 2px 4px; vertical-align: top; text-align: left; overflow-wrap: break-word; }
.v { word-break: keep-all; }  /* a number and its unit stay whole; CJK text breaks at spaces */
td:first-child { min-width: 6em; }
th { background: #eee; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
td.chart { padding: 1px; width: 92px; }
svg.chart { width: 90px; height: auto; display: block; }
.latest-more { color: #444; font-size: 8.5pt; }
td.status { font-weight: bold; min-width: 4em; }
.s-met { color: #1a7f37; } .s-on_track { color: #1a7f37; font-weight: normal; }
.s-moderate { color: #9a6700; } .s-insufficient { color: #bc4c00; }
.s-moving_away, .s-missed { color: #cf222e; text-decoration: underline; }
.s-awaiting_final { color: #8250df; } .s-not_started { color: #0969da; font-weight: normal; }
.s-insufficient_data, .s-no_data { color: #57606a; font-weight: normal; font-style: italic; }
.legend { font-size: 8.5pt; color: #444; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  section.plan + section.plan { break-before: page; }
  thead { display: table-header-group; }
  tr, svg { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""


def html_report(ctx: ReportContext) -> str:
    """The report as one HTML document (see the module's docstring)."""
    lang = ctx.lang
    zh = lang == "zh"
    year = evaluation_year(ctx)
    meta = [(f"评估年份：{year}" if zh else f"Evaluated as of {year}")] if year else []
    if ctx.vintage:
        meta.append(f"数据版本：截至{ctx.vintage}已发布的数据" if zh else f"Vintage: figures published by {ctx.vintage}")
    out = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="UTF-8">\n'
           f"<title>{_h(TITLE[lang])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
           f"<header><h1>{_h(TITLE[lang])}</h1>"
           + (f'<p class="meta">{_h(" · ".join(meta))}</p>' if meta else "") + "</header>\n"]
    grouped: dict[str, dict[str, list[ProgressRow]]] = {}
    for r in ctx.rows:
        grouped.setdefault(r.plan.id, {}).setdefault(r.region.id, []).append(r)
    for plan in ctx.plans_shown():
        regions = grouped.get(plan.id, {})
        plan_rows = [r for rows in regions.values() for r in rows]
        out.append(f'<section class="plan">\n<h2>{_h(plan_heading(plan, lang))}</h2>\n'
                   f'<p class="source">{"来源：" if zh else "Source: "}{_h(plan.source)}</p>\n')
        out += [f"<p>{_h(line)}</p>\n" for line in aims_lines(plan, lang, bool(plan_rows))]
        if plan_rows:
            region = ctx.catalog.regions.get(plan.region)
            where = region.name(lang) if region else plan.region
            out.append(f'<p class="summary">{_h(summary_paragraph(plan_rows, where, year, lang))}</p>\n')
        out += [f"<p>{_h(each_text(ctx.catalog, parent, members, lang))}</p>\n"
                for parent, members in each_groups(plan_rows)]
        for region_id, rows in regions.items():
            name = ctx.catalog.regions[region_id].name(lang)
            out.append(f'<section class="region">\n<h3>{_h(name)}</h3>\n')
            if len(regions) > 1:
                out.append(f'<p class="summary">{_h(summary_paragraph(rows, name, year, lang))}</p>\n')
            out.append(_table(rows, lang))
            notes = [f"{r.indicator.name(lang)}：{note}" if lang == "zh" else f"{r.indicator.name(lang)}: {note}"
                     for r in rows for note in (aimed_text(r, lang), note_text(r.progress.note, lang)) if note]
            if notes:
                out.append('<ul class="notes">' + "".join(f"<li>{_h(n)}</li>" for n in notes) + "</ul>\n")
            out.append("</section>\n")
        out.append("</section>\n")
    if not ctx.rows:
        out.append(f"<p>{'没有符合条件的目标。' if zh else 'No targets match the selection.'}</p>\n")
    if ctx.monitoring:
        out.append(_monitoring(ctx.monitoring, lang))
    out.append(f'<p class="legend">{_h(_legend(ctx.rows, lang))}</p>\n</body>\n</html>\n')
    return "".join(out)


def _table(rows: list[ProgressRow], lang: str) -> str:
    headers = {**HEADERS[lang], "chart": CHART_HEADER[lang]}
    out = ["<table>\n<thead><tr>" + "".join(f"<th>{_h(headers[c])}</th>" for c in HTML_COLUMNS)
           + "</tr></thead>\n<tbody>\n"]
    for r in rows:
        p, unit = r.progress, r.indicator.unit
        shown = row_cells(r, lang)
        latest = _lines(latest_figure_text(r, lang))
        more = [m for m in (published_text(r.latest_revision, lang), provisional_text(r.provisional, unit, lang)) if m]
        cells = [
            f"<td>{_h(r.indicator.name(lang))}</td>",
            f"<td>{_lines(shown['baseline'])}</td>",
            f"<td>{latest}" + "".join(f'<br><span class="latest-more">{_h(m)}</span>' for m in more) + "</td>",
            f"<td>{_lines(shown['target'])}</td>",
            f'<td class="num">{fraction_pct(p.pct_achieved, 0)}</td>',  # the gauge's glyphs say nothing on paper
            *(f'<td class="num">{_h(shown[c])}</td>' for c in ("schedule", "gap", "required")),
            f'<td class="status s-{r.status}">{_h(status_text(r.status, lang, pace=p.pace_status))}</td>',
            f'<td class="chart">{svg_chart(r, lang)}</td>',
        ]
        out.append("<tr>" + "".join(cells) + "</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def _lines(cell: str) -> str:
    """A cell of several lines (a value over its year) as HTML, each line kept whole."""
    return "<br>".join(f'<span class="v">{_h(line)}</span>' for line in cell.split("\n"))


def _monitoring(rows: list[MonitoringRow], lang: str) -> str:
    zh = lang == "zh"
    out = [f'<section class="plan">\n<h2>{"监测指标（无目标）" if zh else "Monitoring (indicators without a target)"}</h2>\n'
           "<table>\n<thead><tr>" + "".join(f"<th>{_h(HEADERS[lang][c])}</th>"
                                            for c in ("region", "indicator", "value", "change")) + "</tr></thead>\n<tbody>\n"]
    for m in rows:
        cells = monitoring_cells(m, lang)
        out.append(f"<tr><td>{_h(m.region.name(lang))}</td><td>{_h(cells['indicator'])}</td>"
                   f"<td>{_h(cells['value'].replace(chr(10), ' '))}</td><td class=\"num\">{_h(cells['change'])}</td></tr>\n")
    out.append("</tbody>\n</table>\n</section>\n")
    return "".join(out)


def _legend(rows: list[ProgressRow], lang: str) -> str:
    """What the symbols and the chart mean; what * means when a row carries one."""
    zh = lang == "zh"
    shown = [s for s in STATUSES if any(r.status == s for r in rows)]
    statuses = "  ".join(f"{STATUS_SYMBOLS[s]} {STATUS_LABELS[lang][s]}" for s in shown)
    parts = [(f"状态：{statuses}。" if zh else f"Status: {statuses}.") if shown else "",
             "走势图：实线与圆点为实际数据，虚线为线性序时路径，点线为复合增长路径，菱形为目标，竖线为评估年份。" if zh
             else "Chart: solid line and dots, actual figures; dashed, the linear path; dotted, the compound path; "
             "diamond, the target; vertical line, the evaluation year.",
             baseline_note(rows, lang)]
    return ("" if zh else " ").join(filter(None, parts))
