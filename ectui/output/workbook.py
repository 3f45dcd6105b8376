"""The report for spreadsheets: an Excel workbook (`--format xlsx`) and a CSV for people
(`--format csv --excel`). Both hold numbers as numbers, percents as percents, the unit in a column
of its own and headers in the report's language; the machine CSV and the JSON stay as they are.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ectui.method.rows import ProgressRow
from ectui.output.cells import STATUS_LABELS, STATUS_SYMBOLS, note_text, target_text
from ectui.output.machine import ReportContext
from ectui.periods import period_label
from ectui.text import formula_safe, literal

# (key, Chinese header, English header, kind): kind "text", "number" (in the indicator's unit),
# "year", "percent" (a fraction shown as a percent) or "points" (a difference of fractions, in pp)
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("plan", "规划", "Plan", "text"),
    ("region", "地区", "Region", "text"),
    ("indicator", "指标", "Indicator", "text"),
    ("unit", "单位", "Unit", "text"),
    ("baseline_year", "基期年份", "Baseline year", "year"),
    ("baseline_value", "基期值", "Baseline", "number"),
    ("eval_year", "最新年份", "Latest year", "year"),
    ("latest_value", "最新值", "Latest", "number"),
    ("target", "目标", "Target", "text"),
    ("target_year", "目标年份", "Target year", "year"),
    ("aimed_value", "目标值", "Aimed value", "number"),
    ("pct_achieved", "完成进度", "Achieved", "percent"),
    ("time_elapsed", "序时进度", "Time elapsed", "percent"),
    ("pct_expected", "应达进度", "Expected by now", "percent"),
    ("schedule_gap", "进度偏差(百分点)", "Schedule gap (pp)", "points"),
    ("gap_abs", "距目标", "Gap", "number"),
    ("cagr_required_from_latest", "需年均增长", "Needed per year", "percent"),
    ("status", "状态", "Status", "text"),
    ("note", "说明", "Note", "text"),
)
SOURCE_COLUMNS = {"zh": ("地区", "指标", "年份", "数值", "单位", "发布机构", "发布日期", "是否官方", "来源", "链接"),
                  "en": ("Region", "Indicator", "Year", "Value", "Unit", "Publisher", "Published", "Official",
                         "Source", "URL")}
STATUS_FILLS = {"met": "C6EFCE", "on_track": "E2F0D9", "moderate": "FFEB9C", "insufficient": "FCE4D6",
                "moving_away": "FFC7CE", "missed": "FFC7CE", "awaiting_final": "E4DFEC", "not_started": "DDEBF7",
                "insufficient_data": "EDEDED", "no_data": "EDEDED"}


def row_values(r: ProgressRow, lang: str) -> list[Any]:
    """One row's cells in COLUMNS' order, as values (None where not defined)."""
    p = r.progress
    values = {
        **p._asdict(),
        "plan": r.plan.name(lang), "region": r.region.name(lang), "indicator": r.indicator.name(lang),
        "unit": r.indicator.unit, "target": target_text(r, lang),
        "status": f"{STATUS_SYMBOLS[r.status]} {STATUS_LABELS[lang][r.status]}",
        "note": note_text(p.note, lang)}
    return [values.get(key) for key, *_ in COLUMNS]


def headers(lang: str) -> list[str]:
    return [zh if lang == "zh" else en for _, zh, en, _ in COLUMNS]


def excel_csv(ctx: ReportContext) -> str:
    """A CSV Excel opens right on Chinese Windows: UTF-8 with a BOM (written by the caller's
    encoding), headers in the report's language, percents as 39.3%, values as plain numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(ctx.lang))
    kinds = [kind for *_, kind in COLUMNS]
    for r in ctx.rows:
        cells = []
        for value, kind in zip(row_values(r, ctx.lang), kinds):
            if value is None:
                cells.append("")
            elif kind == "percent":
                cells.append(f"{value * 100:.1f}%")
            elif kind == "points":
                cells.append(f"{value * 100:.1f}")
            elif kind == "number":
                cells.append(f"{value:.15g}")
            else:
                cells.append(_text(str(value)))
        writer.writerow(cells)
    return "\ufeff" + out.getvalue()


def write_xlsx(ctx: ReportContext, fh: Any) -> None:
    """An Excel workbook: one sheet per plan (frozen header row, numbers as numbers, percents
    formatted as percents, status cells filled), and a sheet of every evaluated figure and where it
    comes from."""
    import openpyxl  # here: only a workbook needs it
    from openpyxl.styles import PatternFill
    lang = ctx.lang
    book = openpyxl.Workbook()
    book.remove(book.active)
    kinds = [kind for *_, kind in COLUMNS]
    used: set[str] = set()
    for plan in ctx.plans_shown():
        sheet = book.create_sheet(_sheet_name(plan.name(lang), used))
        sheet.append(headers(lang))
        for r in (r for r in ctx.rows if r.plan.id == plan.id):
            sheet.append([_cell(v, kind) for v, kind in zip(row_values(r, lang), kinds)])
            status_cell = sheet.cell(row=sheet.max_row, column=len(COLUMNS) - 1)
            status_cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[r.status])
        for i, kind in enumerate(kinds, start=1):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                if kind == "percent":
                    cell.number_format = "0.0%"
                elif kind == "points":
                    cell.number_format = '0.0"pp"'
                elif kind == "number":
                    cell.number_format = "#,##0.##"
                elif kind == "year":
                    cell.number_format = "0"
        _finish(sheet)
    sources = book.create_sheet("数据来源" if lang == "zh" else "Sources")
    sources.append(list(SOURCE_COLUMNS[lang]))
    for r in ctx.rows:
        if r.latest is None:
            continue
        rev = r.latest_revision
        sources.append([r.region.name(lang), r.indicator.name(lang), r.latest.year, r.latest.value, r.indicator.unit,
                        _text(rev.publisher) if rev else "", rev.published if rev else "",
                        ("是" if lang == "zh" else "yes") if rev is None or rev.official else ("否" if lang == "zh" else "no"),
                        _text(rev.source) if rev else "", _text(rev.url) if rev else ""])
        sources.cell(row=sources.max_row, column=4).number_format = "#,##0.##"
        if r.provisional is not None:
            part = r.provisional
            label = f"{part.year}{period_label(part.period, lang)}" if lang == "zh" else \
                f"{part.year} {period_label(part.period, lang)}"
            sources.append([r.region.name(lang), r.indicator.name(lang), label, part.value, r.indicator.unit,
                            "", "", "", "年内累计（不计入评估）" if lang == "zh" else "year to date (not judged)", ""])
            sources.cell(row=sources.max_row, column=4).number_format = "#,##0.##"
    _finish(sources)
    if not book.sheetnames:
        book.create_sheet("report")
    book.save(fh)


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "points":
        return value * 100
    if kind == "text":
        return _text(str(value))
    return value


def _text(value: str) -> str:
    """Text as Excel keeps it: a leading = + - @ would be read as a formula; control, zero-width
    and bidi characters are shown as escapes (Excel refuses control characters in a cell)."""
    return formula_safe(literal(value))


def _sheet_name(name: str, used: set[str]) -> str:
    """A plan's name as a sheet name: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "plan"
    candidate, n = clean[:31], 1
    while candidate in used:
        n += 1
        candidate = f"{clean[:31 - len(str(n)) - 1]}_{n}"
    used.add(candidate)
    return candidate


def _finish(sheet: Any) -> None:
    """A bold, frozen header row and columns wide enough for their text (a Chinese character
    takes two widths)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from rich.cells import cell_len
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        widest = max((cell_len(str(v)) for v in column if v is not None), default=8)
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, widest + 2))
