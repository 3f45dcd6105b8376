"""Region panels: each target as a gauge. Plain functions returning Rich renderables, so the
dashboard and any other Rich output draw the same thing (the dolphie model)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ectui.method.rows import MonitoringRow, ProgressRow
from ectui.model import Catalog
from ectui.output.cells import (
    STATUS_STYLES,
    fraction_pct,
    gauge_cells,
    monitoring_cells,
    provisional_text,
    sparkline,
    status_text,
    target_text,
    target_years,
    value_text,
)
from ectui.output.report import summary_text
from ectui.text import literal

Line = tuple[list[Segment], int]  # segments of one line of a target and their width in cells
CURSOR, REVERSED = Style(bold=True), Style(reverse=True)  # the overview's cursor: ▶, and its target's name line


def _style(name: str) -> Style | None:
    return Style.parse(name) if name else None  # Style.parse keeps what it parsed


def gauge_bar(row: ProgressRow, width: int = 24) -> list[Segment]:
    """The gauge of ``cells.gauge_cells`` in colour, one segment per run of one style: filled in
    the status's colour, the rest dim (also where there is no figure), │ bold at the expected progress."""
    p = row.progress
    looks = {"done": ("█", STATUS_STYLES[p.status]), "todo": ("░", "dim"), "none": ("░", "dim"), "mark": ("│", "bold")}
    cells = [looks[cell] for cell in gauge_cells(p.pct_achieved, p.pct_expected, width)]
    return [Segment("".join(char for char, _ in run), _style(style))
            for style, run in groupby(cells, key=itemgetter(1))]


def _line(*parts: tuple[str, str]) -> Line:
    segments = [Segment(text, _style(style)) for text, style in parts if text]
    return segments, sum(cell_len(seg.text) for seg in segments)


def target_cells(row: ProgressRow, lang: str, gauge_width: int = 24) -> list[tuple[Line, Line, str]]:
    """A target as three lines, each (left, right, the left's own style for its padding): name and
    status; baseline, gauge, target and %; latest and the figures' sparkline. Segments, not Text: the national overview
    draws hundreds of these on every switch of region, and rendering Text was most of it."""
    p, unit = row.progress, row.indicator.unit
    latest_q = row.latest.qualifier if row.latest else ""
    gauge = gauge_bar(row, gauge_width)
    baseline, target = _line((value_text(p.baseline_value, unit, lang=lang) + " ", "dim")), \
        _line((f" {target_text(row, lang)} ({target_years(row)})", ""))
    detail = (baseline[0] + gauge + target[0], baseline[1] + gauge_width + target[1])
    latest = ("最新 " if lang == "zh" else "latest ") + (
        f"{value_text(p.latest_value, unit, latest_q, lang)} ({p.eval_year})" if p.latest_value is not None
        else ("无数据" if lang == "zh" else "no data"))
    if row.provisional is not None:  # a later year's figure so far, beside the latest: never judged
        latest += " · " + provisional_text(row.provisional, unit, lang)
    name = _line((literal(row.indicator.name(lang)), "bold"))
    status = _line((status_text(p.status, lang, pace=p.pace_status), STATUS_STYLES[p.status]))
    spark = sparkline(list(row.observations.values))  # the array, not an Observation per figure
    return [(name, status, "bold"),
            (detail, _line((fraction_pct(p.pct_achieved, 0), "")), ""),
            (_line((latest, "dim")), _line((spark, "")), "dim")]


class TargetGauges:
    """Targets as gauges, laid out like a two-column grid: left text wraps, right is right-aligned.

    A Rich renderable that does its own layout: a region panel has 20 or more targets and the
    overview dozens of panels, and a Table per target made the national overview slow to draw.
    """

    def __init__(self, rows: list[ProgressRow], lang: str, gauge_width: int = 24, selected: int | None = None) -> None:
        self.targets = [target_cells(r, lang, gauge_width) for r in rows]
        self.selected = selected  # the target under the overview's cursor: its name line reversed

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return self._draw(console, options.max_width)  # the dashboard replays whole panels (DrawnOnce)

    def _draw(self, console: Console, width: int) -> RenderResult:
        # The first column is the cursor's (▶ before the selected target, else blank), for every
        # target: moving the cursor changes no line's width, so no panel changes height.
        for n, lines in enumerate(self.targets):
            yield from self._draw_target(console, lines, width - 1, selected=n == self.selected)

    def _draw_target(self, console: Console, lines: list[tuple[Line, Line, str]], width: int,
                     selected: bool = False) -> Iterator[Segment]:
        new_line, blank = Segment.line(), Segment(" ")
        right_width = max(right[1] for _, right, _ in lines)
        left_width = max(1, width - right_width - 1)
        first = True  # the name line: ▶ and reversed when selected
        for (left, left_len), (right, right_len), left_style in lines:
            pad = _style(left_style)  # padded in the left text's own style, as a Table cell is
            if left_len <= left_width:  # most lines: no wrapping
                wrapped: list[Line] = [(left, left_len)]
            else:  # wrapped as a Table cell does
                # no style as "": assemble takes a style, not None (the same text: no span either way)
                text = Text.assemble(*((seg.text, seg.style or "") for seg in left))
                wrapped = [(list(part.render(console, end="")), part.cell_len)
                           for part in text.wrap(console, left_width, overflow="ellipsis")]
            for i, (part, part_len) in enumerate(wrapped):
                line = list(part)
                if part_len < left_width:
                    line.append(Segment(" " * (left_width - part_len), pad))
                if right_width:
                    shown, shown_len = (right, right_len) if i == 0 else ([], 0)
                    line.append(Segment(" " * (1 + right_width - shown_len)))
                    line.extend(shown)
                if selected and first:
                    yield Segment("▶", CURSOR)
                    yield from Segment.apply_style(line, post_style=REVERSED)
                else:
                    yield blank
                    yield from line
                first = False
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(options.max_width, options.max_width)


class DrawnOnce:
    """A renderable drawn once per console and set of options, then replayed: Textual renders a
    widget's content to measure its height and again to paint it, and Rich's Panel (borders,
    cropping every line) was most of a region switch on a national dashboard."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._drawn: dict[tuple, list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (id(console), options.size, options.legacy_windows, options.min_width, options.max_width,
               options.is_terminal, options.encoding, options.max_height, options.justify, options.overflow,
               options.no_wrap, options.highlight, options.markup, options.height)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = list(console.render(self.renderable, options))
        return drawn

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


def region_panel(catalog: Catalog, region_id: str, rows: list[ProgressRow],
                 monitoring: list[MonitoringRow], lang: str = "zh", gauge_width: int = 24,
                 each_lines: Sequence[str] = (), selected: int | None = None, fold_monitoring: bool = False) -> Panel:
    """A region's targets as gauges and its monitored indicators; ``each_lines`` are the aggregates
    of targets it set for every region under it (each_text), shown first. ``selected``: the index
    of the row under the cursor; ``fold_monitoring``: the monitored indicators as one line."""
    region = catalog.regions[region_id]
    depth = catalog.depth(region_id)
    title = Text(f"{'› ' * depth}{literal(region.name(lang))}", style="bold")
    parts: list[RenderableType] = [Padding(Text(line), (0, 0, 0, 1)) for line in each_lines]
    if rows:
        parts.append(TargetGauges(rows, lang, gauge_width, selected))
    if monitoring and fold_monitoring:
        parts.append(Padding(Text(f"监测指标 {len(monitoring)} 项（m 展开）" if lang == "zh"
                                  else f"Monitoring: {len(monitoring)} indicators (m: show)", style="italic dim"),
                             (0, 0, 0, 1)))
    elif monitoring:
        rows_cells = [monitoring_cells(m, lang) for m in monitoring]
        trends = any(cells["trend"] for cells in rows_cells)  # none with two figures: no trend column
        mon = Table.grid(padding=(0, 1), expand=True)
        mon.add_column(ratio=1)
        mon.add_column(no_wrap=True)
        if trends:  # (an all-empty last column would make Rich give its room to the column before)
            mon.add_column(no_wrap=True)
        for cells in rows_cells:
            texts = [Text(cells["indicator"], style="dim"), Text(cells["value"].replace("\n", " (") + ")")]
            mon.add_row(*texts, *([Text(cells["trend"])] if trends else []))
        parts.append(Padding(Text("监测指标" if lang == "zh" else "Monitoring", style="italic dim"), (0, 0, 0, 1)))
        parts.append(Padding(mon, (0, 0, 0, 1)))
    if not parts:
        parts.append(Padding(Text("无目标或数据" if lang == "zh" else "no targets or figures", style="dim"), (0, 0, 0, 1)))
    # no left padding: the gauges' first column is the cursor's, the other parts are padded by one
    return Panel(Group(*parts), title=title, title_align="left", subtitle=summary_text(rows, lang),
                 subtitle_align="right", box=box.ROUNDED, padding=(0, 1, 0, 0))

