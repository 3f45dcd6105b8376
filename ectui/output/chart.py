"""A text chart of one target: figures over the years against the required paths.

Pure function over a progress row; returns a Rich Text (the dashboard's detail view draws it).
Every series is a line, one character a column: the figures (● where there is one, • between
them), the straight and the compound required paths from the baseline to the target, and the
projection from the latest figure to the target year at the growth so far. A range or `~` target
shows its band (▒) in the target year's column. The x axis has a tick for every year it has room for.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text

from ectui.method.progress import APPROX_TOLERANCE
from ectui.method.rows import ProgressRow
from ectui.numbers import compact_number

ACTUAL, ACTUAL_LINE, LINEAR, COMPOUND, PROJECTION, TARGET, BAND = "●", "•", "·", "∘", "╌", "◆", "▒"
# what wins a cell both want: the figures, then the target, then the projection, then the paths
RANK = {ACTUAL: 6, ACTUAL_LINE: 5, TARGET: 4, PROJECTION: 3, COMPOUND: 2, LINEAR: 1, BAND: 0}
STYLE = {ACTUAL: "bold green", ACTUAL_LINE: "green", LINEAR: "cyan", COMPOUND: "magenta",
         PROJECTION: "yellow", TARGET: "bold yellow", BAND: "yellow"}
LEGEND = {"zh": {ACTUAL: "实际", LINEAR: "直线路径", COMPOUND: "复合增长路径", PROJECTION: "按现增速预测",
                 TARGET: "目标", BAND: "目标区间"},
          "en": {ACTUAL: "actual", LINEAR: "linear path", COMPOUND: "compound path", PROJECTION: "projection",
                 TARGET: "target", BAND: "target band"}}
TICK_STEPS = (1, 2, 5, 10, 20, 50)
PROJECTION_ROOM = 2.0  # a projection far above everything else is cut off, not allowed to flatten the chart

Curve = Callable[[float], float | None]


def required_paths(row: ProgressRow) -> dict[int, tuple[float, float | None]]:
    """{year: (linear path, compound path)} from the baseline to the target."""
    linear, compound, span = _paths(row)
    if span is None:
        return {}
    return {y: (linear(y), compound(y)) for y in range(span[0], span[1] + 1)}  # type: ignore[misc]


def _paths(row: ProgressRow) -> tuple[Curve, Curve, tuple[int, int] | None]:
    p = row.progress
    aim = p.aimed_value  # the level, a range's aimed end, or a growth or multiple's derived value
    if p.baseline_year is None or p.baseline_value is None or aim is None or p.target_year <= p.baseline_year:
        return (lambda y: None), (lambda y: None), None
    b, xb, end = p.baseline_year, p.baseline_value, p.target_year

    def linear(y: float) -> float:
        return xb + (y - b) / (end - b) * (aim - xb)

    def compound(y: float) -> float | None:
        return xb * (aim / xb) ** ((y - b) / (end - b)) if xb > 0 and aim > 0 else None
    return linear, compound, (b, end)


def _projection(row: ProgressRow) -> tuple[Curve, tuple[int, int] | None]:
    """From the evaluated figure to the target year: at the growth so far, else on its straight line."""
    p = row.progress
    t, x_t, end = p.eval_year, p.latest_value, p.target_year
    if t is None or x_t is None or t >= end or p.status in ("met", "missed"):
        return (lambda y: None), None
    if p.cagr_actual is not None:
        rate = p.cagr_actual
        return (lambda y: x_t * (1 + rate) ** (y - t)), (t, end)
    if p.proj_linear is not None:
        slope = (p.proj_linear - x_t) / (end - t)
        return (lambda y: x_t + slope * (y - t)), (t, end)
    return (lambda y: None), None


def _segment(ya: int, va: float, yb: int, vb: float) -> Curve:
    return lambda y: va + (y - ya) / (yb - ya) * (vb - va)


def _band(row: ProgressRow) -> tuple[float, float] | None:
    p = row.progress
    if p.cmp == "range" and p.target_low is not None and p.target_high is not None:
        return p.target_low, p.target_high
    if p.cmp == "~" and p.aimed_value is not None:
        half = APPROX_TOLERANCE * abs(p.aimed_value)
        return p.aimed_value - half, p.aimed_value + half
    return None


def trend_chart(row: ProgressRow, width: int = 60, height: int = 12, lang: str = "zh") -> Text:
    p, unit = row.progress, row.indicator.unit
    linear, compound, span = _paths(row)
    projection, projected = _projection(row)
    band = _band(row)
    points = sorted((o.year, o.value) for o in row.observations)
    years = {y for y, _ in points} | {p.target_year} | (set(span) if span else set())
    y0, y1 = min(years), max(years)
    aim = p.aimed_value

    # the value range: figures, paths, target and band; a projection only within reason
    values = [v for _, v in points] + ([aim] if aim is not None else []) + (list(band) if band else [])
    if span:
        values += [v for y in range(span[0], span[1] + 1) for v in (linear(y), compound(y)) if v is not None]
    if not values:
        return Text("无数据" if lang == "zh" else "no figures")
    lo, hi = min(values), max(values)
    if projected:
        ends = [v for v in (projection(projected[1]),) if v is not None]
        room = (hi - lo) * PROJECTION_ROOM or abs(hi) or 1.0
        lo, hi = min([lo, *(v for v in ends if v >= lo - room)]), max([hi, *(v for v in ends if v <= hi + room)])
    if hi == lo:
        lo, hi = lo - 1, hi + 1

    # Labels are measured in terminal cells: 亿元 is two characters but four cells.
    labels = [compact_number(v, unit, lang=lang) for v in (hi, (hi + lo) / 2, lo)]
    label_w = max(map(cell_len, labels)) + 1
    plot_w = max(10, width - label_w - 1)
    grid: list[list[str]] = [[" "] * plot_w for _ in range(height)]

    def column(year: float) -> int:
        return 0 if y1 == y0 else round((year - y0) / (y1 - y0) * (plot_w - 1))

    def year_at(x: int) -> float:
        return y0 if plot_w == 1 else y0 + x / (plot_w - 1) * (y1 - y0)

    def put(x: int, value: float | None, ch: str) -> None:
        if value is None or not lo <= value <= hi:
            return
        r = height - 1 - round((value - lo) / (hi - lo) * (height - 1))
        if grid[r][x] == " " or RANK[ch] > RANK[grid[r][x]]:
            grid[r][x] = ch

    def trace(curve: Curve, first: float, last: float, ch: str) -> None:
        for x in range(column(first), column(last) + 1):
            put(x, curve(year_at(x)), ch)

    if band:  # every row whose share of the value axis overlaps the band: a narrow band is one row
        step = (hi - lo) / (height - 1)
        for r in range(height):
            value = hi - r * step
            if value - step / 2 <= band[1] and value + step / 2 >= band[0]:
                put(column(p.target_year), value, BAND)
    if span:
        trace(linear, *span, LINEAR)
        trace(compound, *span, COMPOUND)
    if projected:
        trace(projection, *projected, PROJECTION)
    for (ya, va), (yb, vb) in zip(points, points[1:]):  # the figures joined, year by year
        trace(_segment(ya, va, yb, vb), ya, yb, ACTUAL_LINE)
    if aim is not None:
        put(column(p.target_year), aim, TARGET)
    for year, value in points:
        put(column(year), value, ACTUAL)

    text = Text()
    for i in range(height):
        label = labels[0] if i == 0 else labels[2] if i == height - 1 else labels[1] if i == (height - 1) // 2 else ""
        text.append(" " * (label_w - cell_len(label)) + label + "┤", style="dim")
        for ch in grid[i]:
            text.append(ch, style=STYLE.get(ch, ""))
        text.append("\n")
    text.append_text(_axis(y0, y1, plot_w, label_w, column))
    shown = [ACTUAL, LINEAR, COMPOUND] + ([PROJECTION] if projected else []) + [TARGET] + ([BAND] if band else [])
    text.append("  ".join(f"{ch} {LEGEND[lang][ch]}" for ch in shown), style="dim")
    return text


def _axis(y0: int, y1: int, plot_w: int, label_w: int, column: Callable[[float], int]) -> Text:
    """The x axis: a tick (┬) under every labelled year; years as often as five cells a label allow."""
    per_year = (plot_w - 1) / (y1 - y0) if y1 > y0 else plot_w
    step = next((s for s in TICK_STEPS if s * per_year >= 5), TICK_STEPS[-1])
    ticks = [y for y in range(y0, y1 + 1) if (y - y0) % step == 0]
    if y1 not in ticks and column(y1) - column(ticks[-1]) >= 5:
        ticks.append(y1)
    line, names = ["─"] * plot_w, [" "] * plot_w
    for year in ticks:
        x = column(year)
        line[x] = "┬"
        s = str(year)
        start = min(max(0, x - len(s) // 2), plot_w - len(s))
        if all(c == " " for c in names[max(0, start - 1):start + len(s)]):
            names[start:start + len(s)] = list(s)
    return Text(" " * label_w + "└" + "".join(line) + "\n" + " " * (label_w + 1) + "".join(names) + "\n",
                style="dim")
