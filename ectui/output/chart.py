"""A text chart of one target: figures over the years against the required paths.

Pure function over a progress row; returns a Rich Text (used by the dashboard's detail view).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from ectui.method.rows import ProgressRow
from ectui.numbers import compact_number

ACTUAL, LINEAR, COMPOUND, TARGET = "●", "·", "∘", "◆"


def required_paths(row: ProgressRow) -> dict[int, tuple[float, float | None]]:
    """{year: (linear path, compound path)} from the baseline to the target."""
    p = row.progress
    aim = p.aimed_value  # the level, a range's aimed end, or a growth or multiple's derived value
    if p.baseline_year is None or p.baseline_value is None or aim is None or p.target_year <= p.baseline_year:
        return {}
    b, xb, T = p.baseline_year, p.baseline_value, p.target_year
    out = {}
    for y in range(b, T + 1):
        f = (y - b) / (T - b)
        linear = xb + f * (aim - xb)
        compound = xb * (aim / xb) ** f if xb > 0 and aim > 0 else None
        out[y] = (linear, compound)
    return out


def trend_chart(row: ProgressRow, width: int = 60, height: int = 12) -> Text:
    p, unit = row.progress, row.indicator.unit
    paths = required_paths(row)
    points = {o.year: o.value for o in row.observations}
    years = sorted(set(points) | set(paths) | {p.target_year})
    if not years:
        return Text("no figures")
    y0, y1 = years[0], years[-1]
    aim = p.aimed_value  # the level, a range's aimed end, or a growth or multiple's derived value
    values = list(points.values()) + [v for lc in paths.values() for v in lc if v is not None]
    if aim is not None:
        values.append(aim)
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    # Labels are measured in terminal cells: 亿元 is two characters but four cells.
    label_w = max(cell_len(compact_number(hi, unit)), cell_len(compact_number(lo, unit))) + 1
    plot_w = max(10, width - label_w - 1)
    grid = [[" "] * plot_w for _ in range(height)]
    styles = [[""] * plot_w for _ in range(height)]

    def put(year: int, value: float, ch: str, style: str) -> None:
        x = 0 if y1 == y0 else round((year - y0) / (y1 - y0) * (plot_w - 1))
        y = round((value - lo) / (hi - lo) * (height - 1))
        row_i = height - 1 - y
        if grid[row_i][x] in (" ", LINEAR, COMPOUND) or ch == ACTUAL:
            grid[row_i][x], styles[row_i][x] = ch, style

    for year, (linear, compound) in paths.items():
        put(year, linear, LINEAR, "cyan")
        if compound is not None:
            put(year, compound, COMPOUND, "magenta")
    if aim is not None:
        put(p.target_year, aim, TARGET, "bold yellow")
    for year, value in points.items():
        put(year, value, ACTUAL, "bold green")
    text = Text()
    for i in range(height):
        label = compact_number(hi, unit) if i == 0 else compact_number(lo, unit) if i == height - 1 else ""
        text.append(" " * (label_w - cell_len(label)) + label + "┤", style="dim")
        for ch, st in zip(grid[i], styles[i]):
            text.append(ch, style=st)
        text.append("\n")
    axis = [" "] * plot_w
    for year in (y0, y1):
        x = 0 if y1 == y0 else round((year - y0) / (y1 - y0) * (plot_w - 1))
        s = str(year)
        start = min(max(0, x - (0 if x == 0 else len(s) - 1)), plot_w - len(s))
        axis[start:start + len(s)] = list(s)
    text.append(" " * label_w + "└" + "".join(axis) + "\n", style="dim")
    text.append(f"{ACTUAL} actual  {LINEAR} linear path  {COMPOUND} compound path  {TARGET} target", style="dim")
    return text
