"""Display text for progress rows, shared by the report and the dashboard.

Everything here returns plain strings (data already passed through ``literal``); callers wrap
them in ``rich.text.Text`` so nothing is read as markup.
"""

from __future__ import annotations

import re

from ectui.method.rows import MonitoringRow, ProgressRow
from ectui.model import Catalog, Observation, Plan, Revision
from ectui.numbers import QUALIFIER_WORDS_EN, compact_number
from ectui.periods import PartFigure, period_label
from ectui.text import literal

CMP_WORDS = {
    "zh": {">=": "以上", ">": "超过", "<=": "以下", "<": "低于", "~": "约", "near": "近",
           "range": "至", "bool": "实现"},
    "en": {">=": "at least", ">": "over", "<=": "at most", "<": "under", "~": "about",
           "near": "nearly", "range": "between", "bool": "achieve"},
}
STATUS_LABELS = {
    "zh": {"met": "已达成", "on_track": "正常", "moderate": "略慢", "insufficient": "滞后",
           "moving_away": "倒退", "missed": "未完成", "awaiting_final": "待终期数据",
           "not_started": "未开始", "insufficient_data": "数据不足", "no_data": "无数据"},
    "en": {"met": "met", "on_track": "on track", "moderate": "moderate", "insufficient": "insufficient",
           "moving_away": "moving away", "missed": "missed", "awaiting_final": "awaiting final",
           "not_started": "not started", "insufficient_data": "insufficient data", "no_data": "no data"},
}
# Each status its own symbol, so that no colour is needed to tell them apart (NO_COLOR, greyscale print)
STATUS_SYMBOLS = {"met": "✔", "on_track": "▲", "moderate": "◆", "insufficient": "▼",
                  "moving_away": "↘", "missed": "✘", "awaiting_final": "◔", "not_started": "○",
                  "insufficient_data": "…", "no_data": "–"}
STATUS_ASCII = {"met": "+", "on_track": "^", "moderate": "~", "insufficient": "v",
                "moving_away": "<", "missed": "x", "awaiting_final": "?", "not_started": "o",
                "insufficient_data": ".", "no_data": "-"}
# Colour only where it informs: good green, at-risk yellow, bad red, unknown dim; a verdict that
# waits for the final figure magenta, one not begun cyan.
STATUS_STYLES = {"met": "bold green", "on_track": "green", "moderate": "yellow",
                 "insufficient": "dark_orange", "moving_away": "red", "missed": "bold red",
                 "awaiting_final": "magenta", "not_started": "cyan", "insufficient_data": "dim", "no_data": "dim italic"}

HEADERS = {
    "zh": {"indicator": "指标", "baseline": "基期", "latest": "最新", "target": "目标",
           "progress": "进度", "schedule": "偏差", "gap": "距目标",
           "required": "需年增", "status": "状态", "region": "地区", "plan": "规划",
           "trend": "趋势", "value": "最新值", "change": "变化"},
    "en": {"indicator": "Indicator", "baseline": "Baseline", "latest": "Latest", "target": "Target",
           "progress": "Progress", "schedule": "Sched.", "gap": "Gap",
           "required": "Need/yr", "status": "Status", "region": "Region", "plan": "Plan",
           "trend": "Trend", "value": "Latest", "change": "Change"},
}
COLUMNS = ("indicator", "baseline", "latest", "target", "progress", "schedule", "gap", "required", "status")
SPARKS = "▁▂▃▄▅▆▇█"


def qualifier_word(q: str, lang: str) -> str:
    if not q:
        return ""
    # A space after the qualifier lets narrow tables wrap there instead of inside the number.
    return (q if lang == "zh" else QUALIFIER_WORDS_EN.get(q, q)) + " "


def value_text(value: float | None, unit: str, qualifier: str = "", lang: str = "zh") -> str:
    if value is None:
        return "–"
    return f"{qualifier_word(qualifier, lang)}{compact_number(value, unit, lang=lang)}"


def fraction_pct(f: float | None, digits: int = 1) -> str:
    return "–" if f is None else f"{f * 100:.{digits}f}%"


def points(f: float | None) -> str:
    """A difference of fractions in percentage points: -0.1072 -> '-10.7pp'."""
    return "–" if f is None else f"{f * 100:+.1f}pp"


def gauge_cells(pct: float | None, tau: float | None, width: int) -> list[str]:
    """The gauge, cell by cell: "done" up to the percent achieved, "todo" after it ("none" when no
    figure says how far), and one "mark" at the expected progress (应达进度: where the required growth puts the figure)."""
    filled = 0 if pct is None else round(max(0.0, min(1.0, pct)) * width)
    cells = ["done"] * filled + ["todo" if pct is not None else "none"] * (width - filled)
    if tau is not None and width:
        cells[min(width - 1, int(max(0.0, tau) * width))] = "mark"
    return cells


GAUGE_CHARS = {"done": "█", "todo": "░", "mark": "│", "none": " "}
GAUGE_ASCII = {"done": "#", "todo": "-", "mark": "|", "none": " "}


def gauge(pct: float | None, tau: float | None, width: int = 8, ascii_only: bool = False) -> str:
    """The gauge as text (the report's progress column)."""
    chars = GAUGE_ASCII if ascii_only else GAUGE_CHARS
    return "".join(chars[cell] for cell in gauge_cells(pct, tau, width))


def target_text(row: ProgressRow, lang: str) -> str:
    """The target as the plan states it: "1800亿元 以上", "年均增长 ≥20%", "2010年的 4倍"."""
    t, unit = row.target, row.indicator.unit
    word = CMP_WORDS[lang][t.cmp]
    if t.growth is not None:
        rate = f"{SIGNS[t.cmp]}{compact_number(t.growth * 100, '%')}"
        if t.growth_from == t.year - 1:
            return f"增长 {rate}" if lang == "zh" else f"growth {rate}"
        return f"年均增长 {rate}" if lang == "zh" else f"growth {rate}/yr"
    if t.multiple is not None:
        times = compact_number(t.multiple, "")
        return (f"{SIGNS[t.cmp]}{t.baseline_year}年的{times}倍" if lang == "zh"
                else f"{SIGNS[t.cmp]}{times}× {t.baseline_year}")
    if t.cmp == "range":
        if lang == "en":
            return f"{compact_number(t.low, unit, lang=lang)}–{compact_number(t.high, unit, lang=lang)}"
        return f"{compact_number(t.low, '')}至{compact_number(t.high, unit)}"
    if t.cmp == "bool":
        return word
    value = compact_number(t.value, unit, lang=lang)
    if lang == "zh":  # 以上/以下 follow the number; 超过/低于/约/近 precede it
        return f"{value} {word}" if t.cmp in (">=", "<=") else f"{word} {value}"
    return f"{word} {value}"


SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "~"}


def target_years(row: ProgressRow) -> str:
    """The year a target is due; an average growth target's span (2010–2015)."""
    t = row.target
    if t.growth is not None and t.growth_from != t.year - 1:
        return f"{t.growth_from}–{t.year}"
    return str(t.year)


def aimed_text(row: ProgressRow, lang: str) -> str:
    """What the row says about its target: a year the plan did not give ("规划未写年份：按期末2015年
    评估"), and where a derived aimed value came from ("2015年应达 11.2万亿元（2010年 4.5万亿元 ×
    1.2^5）"); "" for a level target with its own year."""
    t = row.target
    parts = []
    if t.at_plan_end:
        parts.append(f"规划未写年份：按期末{t.year}年评估" if lang == "zh"
                     else f"the plan gives no year: due at its end, {t.year}")
    if row.progress.aim != "level":
        parts.append(_derivation(row, lang))
    return ("；" if lang == "zh" else "; ").join(parts)


def _derivation(row: ProgressRow, lang: str) -> str:
    p, t, unit = row.progress, row.target, row.indicator.unit
    if p.aimed_value is None:
        return (f"目标值待定：需 {p.baseline_year} 年数据" if lang == "zh"
                else f"aimed value unknown: needs the {p.baseline_year} figure")
    base = compact_number(p.baseline_value, unit, lang=lang)
    if t.growth is not None:
        how = f"{base} × {compact_number(1 + t.growth, '')}^{t.year - (p.baseline_year or t.year)}"
    else:
        how = f"{base} × {compact_number(t.multiple, '')}"
    aimed = compact_number(p.aimed_value, unit, lang=lang)
    return (f"{t.year}年应达 {aimed}（{p.baseline_year}年 {how}）" if lang == "zh"
            else f"aimed {aimed} in {t.year} ({p.baseline_year}: {how})")


def gap_text(row: ProgressRow, lang: str = "zh") -> str:
    g = row.progress.gap_abs
    if g is None or row.target.cmp == "bool":
        return "–"
    unit = row.indicator.unit
    if unit == "%":
        return f"{g:+.1f}pp"
    sign = "+" if g > 0 else ""
    shown = compact_number(g, unit, digits=2, lang=lang)
    if lang == "zh" and len(shown) > 8:  # a gap needs no more precision than fits its column
        shown = compact_number(g, unit, digits=0 if abs(g) >= 100 else 1, lang=lang)
    return sign + shown


def status_text(status: str, lang: str, ascii_only: bool = False, pace: str | None = None,
                sep: str | None = None) -> str:
    """"▲ 正常"; a row awaiting its final figure adds the latest figure's pace: "◔ 待终期数据（正常）"
    (``sep`` between the two: a table cell puts the pace on a line of its own)."""
    symbol = (STATUS_ASCII if ascii_only else STATUS_SYMBOLS)[status]
    text = f"{symbol} {STATUS_LABELS[lang][status]}"
    if status == "awaiting_final" and pace:
        if sep is None:
            sep = "" if lang == "zh" else " "
        text += sep + (f"（{STATUS_LABELS[lang][pace]}）" if lang == "zh" else f"({STATUS_LABELS[lang][pace]})")
    return text


def with_year(text: str, year: int | None) -> str:
    """The value over its year, on two lines so narrow tables never split a number."""
    return text if year is None else f"{text}\n{year}"


def published_text(revision: Revision | None, lang: str, month_only: bool = False) -> str:
    """Who published a figure and when, as a figure's source line: "商务部 2016-05-18" (a table
    cell, ``month_only``: "商务部 2016-05"), a non-official one marked; "" when the revision names
    neither."""
    if revision is None or not (revision.publisher or revision.published):
        return ""
    when = revision.published[:7] if month_only else revision.published
    text = " ".join(filter(None, (literal(revision.publisher), when)))
    if not revision.official:
        text += "（非官方）" if lang == "zh" else " (unofficial)"
    return text


def provisional_text(part: PartFigure | None, unit: str, lang: str) -> str:
    """A year-to-date figure shown beside a row, never as the year's: "2016年1-9月 2.8万亿元（年内）"."""
    if part is None:
        return ""
    value = value_text(part.value, unit, part.qualifier, lang)
    if lang == "zh":
        return f"{part.year}年{period_label(part.period, lang)} {value}（年内）"
    return f"{part.year} {period_label(part.period, lang)} {value} (YTD)"


def latest_figure_text(row: ProgressRow, lang: str) -> str:
    """The evaluated figure over its year."""
    p = row.progress
    return with_year(value_text(p.latest_value, row.indicator.unit, row.latest.qualifier if row.latest else "", lang),
                     p.eval_year if p.latest_value is not None else None)


def latest_text(row: ProgressRow, lang: str) -> str:
    """The evaluated figure over its year, who published it, and a later year-to-date figure."""
    lines = [latest_figure_text(row, lang)]
    lines += filter(None, (published_text(row.latest_revision, lang, month_only=True),
                           provisional_text(row.provisional, row.indicator.unit, lang)))
    return "\n".join(lines)


def baseline_starred(row: ProgressRow) -> bool:
    """Whether the row's baseline was taken from a figure (the plan gave none): marked *."""
    return row.progress.baseline_source not in ("given", None)


BASELINE_NOTE = {"zh": "* 规划未给基期：以规划前一年（或规划期内首个）数据为基期。",
                 "en": "* No baseline in the plan: the figure of the year before the plan (or the first in it) is used."}


def baseline_note(rows: list[ProgressRow], lang: str) -> str:
    """What * means, when a row carries one; else ""."""
    return BASELINE_NOTE[lang] if any(baseline_starred(r) for r in rows) else ""


def row_cells(row: ProgressRow, lang: str = "zh", ascii_only: bool = False) -> dict[str, str]:
    """The report's columns for one row, as display strings."""
    p, unit = row.progress, row.indicator.unit
    achieved = fraction_pct(p.pct_achieved, 0)
    return {
        "indicator": literal(row.indicator.name(lang)),
        "baseline": value_text(p.baseline_value, unit, lang=lang) + (
            "" if p.baseline_year is None else f"\n{p.baseline_year}"
            + ("*" if baseline_starred(row) else "")),
        "latest": latest_text(row, lang),
        "latest_figure": latest_figure_text(row, lang),  # without the lines under it: a one-line cell
        "target": f"{target_text(row, lang)}\n{target_years(row)}",
        "progress": f"{gauge(p.pct_achieved, p.pct_expected, ascii_only=ascii_only)}\n{achieved}",
        "schedule": points(p.schedule_gap),
        "gap": gap_text(row, lang),
        "required": fraction_pct(p.cagr_required_from_latest),
        "status": status_text(p.status, lang, ascii_only, p.pace_status, sep="\n"),
    }


def plan_heading(plan: Plan, lang: str) -> str:
    """The plan's name and period, a draft marked as one (征求意见稿)."""
    name = literal(plan.name(lang))
    if plan.draft and "征求意见稿" not in name:
        name += "（征求意见稿）" if lang == "zh" else " (draft for comment)"
    elif plan.draft and lang != "zh":
        name += " (draft)"
    return f"{name}  {plan.start}–{plan.end}"


def aims_lines(plan: Plan, lang: str, has_targets: bool) -> list[str]:
    """The plan's qualitative aims as written; a plan with neither aims nor rows says so."""
    lines = [("定性目标：" if lang == "zh" else "Aim: ") + literal(aim) for aim in plan.aims]
    if not lines and not has_targets:
        lines.append("本规划未设定量化目标。" if lang == "zh" else "This plan sets no quantitative target.")
    return lines


def each_text(catalog: Catalog, parent: str, rows: list[ProgressRow], lang: str) -> str:
    """A target every child region must meet, in one line: "杭州市 每个下级地区 示范县 2个 以上 (2020)：
    1/2 已达成（✔ 杭州市 · ✘ 宁波市）"."""
    first = rows[0]
    met = sum(r.status == "met" for r in rows)
    region = literal(catalog.regions[parent].name(lang)) if parent in catalog.regions else literal(parent)
    children = " · ".join(f"{STATUS_SYMBOLS[r.status]} {literal(r.region.name(lang))}" for r in rows)
    what = f"{literal(first.indicator.name(lang))} {target_text(first, lang)} ({target_years(first)})"
    if lang == "zh":
        return f"{region} 每个下级地区 {what}：{met}/{len(rows)} 已达成（{children}）"
    return f"{region}, every region under it: {what}: {met}/{len(rows)} met ({children})"


def region_path(catalog: Catalog, region_id: str, lang: str) -> str:
    """Where a region is: "全国 › 福建省 › 泉州市" (names shown literally)."""
    names = []
    seen: set[str] = set()
    while region_id in catalog.regions and region_id not in seen:  # a cycle is refused by check; still, stop
        seen.add(region_id)
        region = catalog.regions[region_id]
        names.append(literal(region.name(lang)))
        region_id = region.parent or ""
    return " › ".join(reversed(names))


def league_cell(row: ProgressRow | None, ascii_only: bool = False) -> str:
    """A league table's cell: the status symbol and the percent achieved ("✔ 132%", "▼ 41%", "–")."""
    if row is None:
        return ""
    symbol = (STATUS_ASCII if ascii_only else STATUS_SYMBOLS)[row.status]
    pct = row.progress.pct_achieved
    return symbol if pct is None else f"{symbol} {round(pct * 100)}%"  # an int: never "-0%"


def sparkline(values: list[float], ascii_only: bool = False) -> str:
    """The figures' course in block heights ("▁▃▆█"); "" for fewer than two (one figure has no trend)."""
    if len(values) < 2:
        return ""
    if ascii_only:
        return "/" if values[-1] > values[0] else "\\" if values[-1] < values[0] else "="
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - lo) / (hi - lo) * (len(SPARKS) - 1))] for v in values)


def monitoring_cells(m: MonitoringRow, lang: str = "zh", ascii_only: bool = False) -> dict[str, str]:
    unit = m.indicator.unit
    latest: Observation = m.latest
    change = "–"
    if m.previous is not None and m.previous.value:
        yrs = latest.year - m.previous.year
        change = f"{(latest.value / m.previous.value - 1) * 100:+.1f}% / {yrs}{'年' if lang == 'zh' else 'y'}"
    return {
        "indicator": literal(m.indicator.name(lang)),
        "value": with_year(value_text(latest.value, unit, latest.qualifier, lang), latest.year),
        "change": change,
        "trend": sparkline(list(m.observations.values), ascii_only),
    }



# The progress method's notes (ectui.method.progress; English in the JSON report) as each
# language reads them. Every note the method writes has a pattern here (tests/test_briefing.py).
_NOTES_ZH = [
    (r"evaluated in (\d+), before the base year (\d+)", r"评估年份\1早于基期\2年"),
    (r"no figure for (\d+), the year the aimed value is derived from", r"缺少\1年数据，无法推算目标值"),
    (r"met later: (\S+) in (\d+)", r"\2年达到\1（晚于目标年份）"),
    (r"the target year (\d+) is over and its figure is not recorded; the latest is for (\d+) \((\d+) years old\)",
     r"目标年份\1年已过，当年数据尚未录入；最新数据为\2年（已过\3年）"),
    (r"figures after the target year \((.*)\) do not change the verdict", r"目标年份之后的数据（\1）不改变结论"),
    (r"no figure up to (\d+); evaluated the first later figure \((\d+)\)", r"\1年及以前无数据，按其后首个数据（\2年）评估"),
    (r"no figure since the base year (\d+)", r"基期\1年以后无数据"),
    (r"no baseline: the plan gives none and no figure is from (\d*) on", r"无基期：规划未给出，\1年起也无数据"),
    (r"no baseline in the plan: the first figure in the plan period \((\d+)\) is used", r"规划未给基期：以规划期内首个数据（\1年）为基期"),
    (r"no baseline in the plan: the first figure \((\d+)\) is used", r"规划未给基期：以首个数据（\1年）为基期"),
    (r"no baseline in the plan: the figure of (\d+), the year before the plan, is used",
     r"规划未给基期：以规划前一年（\1年）数据为基期"),
]


_NOTE_PATTERNS = [(re.compile(pattern), zh) for pattern, zh in _NOTES_ZH]

# The messages the record form shows most (they are the CLI's, written in English), in Chinese.
_ERRORS_ZH = [
    (r"unknown (region|indicator) ('[^']*'): did you mean ('[^']*') \(([^)]*)\)\? see `ectui check --list` for the \w+s defined",
     r"未知\1 \2：是否指 \3（\4）？用 `ectui check --list` 查看已定义的\1"),
    (r"unknown (region|indicator) ('[^']*'): see `ectui check --list` for the \w+s defined",
     r"未知\1 \2：用 `ectui check --list` 查看已定义的\1"),
    (r"empty (region|indicator): give its id or name", r"\1为空：请填写 id 或名称"),
    (r"(region|indicator) ('[^']*') is ambiguous: (.*); give the id or the full name", r"\1 \2 有多个：\3；请填写 id 或全称"),
    (r"empty value: give a number such as 1800亿元 or 90%", r"数值为空：请填写数值，例如 1800亿元 或 90%"),
    (r"not a number: ('[^']*') \(expected e\.g\. .*\)", r"不是数值：\1（例如 1800亿元、1,800、90%、7万家）"),
    (r"year ('[^']*') is not a whole number: write e\.g\. 2015", r"年份 \1 不是整数：例如 2015"),
    (r"year (\d+) is outside (\d+)–(\d+): write a four-digit year", r"年份 \1 不在 \2–\3 之间：请写四位年份"),
    (r"user ('[^']*') is not an editor of region ('[^']*') \(editors: ([^)]*)\); ask a maintainer to add you to "
     r"`editors` in targets\.toml", r"用户 \1 不是地区 \2 的录入人（录入人：\3）；请维护者在 targets.toml 的 `editors` 中添加"),
    (r"unit (\S+) does not convert to (\S+)", r"单位 \1 不能换算为 \2"),
    (r"unit mismatch: ('[^']*') is in (\S+), but this indicator is measured in (\S+); write the value in \S+",
     r"单位不符：\1 的单位是 \2，此指标以 \3 计；请按 \3 填写"),
    (r"unknown unit ('[^']*'): use one of (.*)", r"未知单位 \1：可用 \2"),
]
_ERROR_PATTERNS = [(re.compile(pattern), zh) for pattern, zh in _ERRORS_ZH]
_KIND_ZH = {"region": "地区", "indicator": "指标"}


def error_text(message: str, lang: str) -> str:
    """A refusal in the interface's language: the common ones translated, the rest as written."""
    if lang != "zh":
        return message
    for pattern, zh in _ERROR_PATTERNS:
        message = pattern.sub(zh, message)
    for word, zh in _KIND_ZH.items():  # 未知region -> 未知地区
        message = message.replace(f"未知{word}", f"未知{zh}").replace(f"已定义的{word}", f"已定义的{zh}")
        message = message.replace(f"{word}为空", f"{zh}为空")
    return message


def note_text(note: str, lang: str) -> str:
    """A progress note in the report's language (the method writes English; a note without a
    translation is shown as written)."""
    if lang != "zh" or not note:
        return note
    for pattern, zh in _NOTE_PATTERNS:
        note = pattern.sub(zh, note)
    return note.replace("; ", "；")
