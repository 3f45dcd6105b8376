"""The report's tables, laid out as Rich lays out a ``Table`` with a simple header rule, and
drawn straight as segments.

Rich's Table makes a Text, a Padding, a measurement and a render per cell; for the bundled
report that was 60–80 ms of a ~100 ms start. Cells here are plain strings (``ectui.cells``),
so the same layout takes a few milliseconds. Wrapping and cropping use Rich's own helpers and
columns shrink by Table's own steps, so lines break where a Rich Table breaks them; a test
compares the two cell by cell. One difference, on purpose: where the columns' minimum widths do not fit, a Rich
Table overflows and loses its right-hand columns to cropping; the grid drops the minimums and
shrinks the wrapping columns instead.

>>> grid = Grid([Column("指标"), Column("距目标", justify="right", no_wrap=True)])
>>> grid.add_row(["电子商务交易额", "+1,200亿元"])
>>> Console().print(grid)                                              # doctest: +SKIP
"""

from __future__ import annotations

from typing import NamedTuple

import re
from collections.abc import Iterable, Sequence

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style


_TRAILING_SPACE = re.compile(r"\s+$")


class Column(NamedTuple):
    header: str
    justify: str = "left"  # left or right
    no_wrap: bool = False
    min_width: int | None = None


class Grid:
    """Columns separated by one space (``|`` without Unicode), a rule under the bold header;
    ``padding`` spaces on either side of inner cell edges (not the table's outer edges)."""

    def __init__(self, columns: Sequence[Column], padding: int = 0, header_style: str = "bold"):
        self.columns = list(columns)
        self.padding = padding
        self.header_style = header_style
        self.rows: list[tuple[Sequence[str], Sequence[str]]] = []

    def add_row(self, cells: Sequence[str], styles: Sequence[str] | None = None) -> None:
        """One string per column; ``styles`` (a style name per cell, "" for none) colours them."""
        self.rows.append((cells, styles or ("",) * len(cells)))

    # ── layout ────────────────────────────────────────────────────────────────────────
    def _pads(self, index: int) -> tuple[int, int]:
        last = len(self.columns) - 1
        return (0 if index == 0 else self.padding), (0 if index == last else self.padding)

    def _measure(self, index: int, max_width: int, minimums: bool = True) -> tuple[int, int]:
        """(minimum, maximum) width of a column, as Table._measure_column finds it; without
        ``minimums``, the column's min_width is not applied."""
        if max_width < 1:
            return 0, 0
        left, right = self._pads(index)
        padded = self.padding > 0  # Rich wraps cells in Padding only when the table has padding
        mins, maxs = [], []
        for text in self._column_texts(index):
            low, high = _measure_text(text, max_width)
            if padded:
                extra = left + right
                if max_width - extra < 1:
                    low = high = max_width
                else:
                    low, high = _normalized(min(low + extra, max_width), min(high + extra, max_width), max_width)
            mins.append(low)
            maxs.append(high)
        low, high = max(mins) if mins else 1, max(maxs) if maxs else max_width
        low, high = min(low, max_width), min(high, max_width)
        min_width = self.columns[index].min_width
        if min_width is not None and minimums:
            floor = min_width + 2 * self.padding
            low, high = max(low, floor), max(high, floor)
        return low, high

    def _column_texts(self, index: int) -> Iterable[str]:
        yield self.columns[index].header
        for cells, _ in self.rows:
            yield cells[index]

    def widths(self, max_width: int) -> list[int]:
        """Column widths for ``max_width`` cells in all (Table._calculate_column_widths)."""
        n = len(self.columns)
        max_width -= n - 1  # the dividers
        widths = [self._measure(i, max_width)[1] or 1 for i in range(n)]
        if sum(widths) > max_width:
            widths = _collapse(widths, [not c.no_wrap for c in self.columns], max_width)
            if sum(widths) > max_width:
                widths = ratio_reduce(sum(widths) - max_width, [1] * n, widths, widths)
            widths = [self._measure(i, w)[1] or 0 for i, w in enumerate(widths)]
            if sum(widths) > max_width:
                # The columns' minimum widths do not fit. A Rich Table draws past the edge and
                # the console crops the right-hand columns, status among them. Here the minimums
                # are dropped and the wrapping columns shrink, widest first, down to 2 cells (one
                # Chinese character), then 1; figures in unwrapped columns are never cut.
                wrapable = [not c.no_wrap for c in self.columns]
                widths = [self._measure(i, max_width, minimums=False)[1] or 1 for i in range(n)]
                widths = _collapse(widths, wrapable, max_width)
                for least in (2, 1):  # then 1 cell: the status symbol still shows
                    if sum(widths) > max_width:
                        widths = ratio_reduce(sum(widths) - max_width, [int(ok) for ok in wrapable],
                                              [max(0, w - least) if ok else 0 for w, ok in zip(widths, wrapable)],
                                              widths)
                widths = [self._measure(i, w, minimums=False)[1] or 0 for i, w in enumerate(widths)]
        return widths

    # ── drawing ───────────────────────────────────────────────────────────────────────
    def __rich_console__(self, console, options):
        widths = self.widths(options.max_width)
        ascii_only = options.ascii_only
        divider = Segment("|" if ascii_only else " ")
        header = console.get_style(self.header_style)
        styles: dict[str, Style | None] = {}  # parsed once per style name
        newline = Segment.line()
        for cells, cell_styles in [(tuple(c.header for c in self.columns), None), *self.rows]:
            blocks = []
            for i, (column, width) in enumerate(zip(self.columns, widths)):
                left, right = self._pads(i)
                inner = width - left - right
                # A column squeezed to nothing draws no lines, as Rich renders nothing below 1 cell.
                lines = _wrap(cells[i], inner, column.justify, column.no_wrap) if inner >= 1 else []
                if cell_styles is None:  # the header: bold throughout, padding included
                    style = header
                    lines = [" " * left + line + " " * right for line in lines]
                    blocks.append([[Segment(line, style)] for line in lines])
                else:
                    name = cell_styles[i]
                    if name not in styles:
                        styles[name] = console.get_style(name) if name else None
                    style = styles[name]
                    blocks.append([[seg for seg in (Segment(" " * left) if left else None, Segment(line, style),
                                                    Segment(" " * right) if right else None) if seg]
                                   for line in lines])
            height = max(len(b) for b in blocks)
            if cell_styles is None:  # header cells sit on the rule, as in a Rich Table
                blocks = [[[Segment(" " * w, header)]] * (height - len(b)) + b for b, w in zip(blocks, widths)]
            for line_no in range(height):
                line: list[Segment] = []
                for i, (block, width) in enumerate(zip(blocks, widths)):
                    if i:
                        line.append(divider)
                    line.extend(block[line_no] if line_no < len(block) else (Segment(" " * width),))
                yield from _joined(line)
                yield newline
            if cell_styles is None:
                rule, cross = ("-", "+") if ascii_only else ("─", "─")
                yield Segment(cross.join(rule * w for w in widths))
                yield newline


def _joined(line: list[Segment]) -> list[Segment]:
    """Neighbouring segments of the same style as one: the console handles each segment in
    Python, and a line is a dozen cells and dividers."""
    out: list[Segment] = []
    for seg in line:
        if out and out[-1].style is seg.style:
            out[-1] = Segment(out[-1].text + seg.text, seg.style)
        else:
            out.append(seg)
    return out


def ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce, which Table uses to shrink columns (importing that module
    imports fractions and decimal, a tenth of the report's start)."""
    ratios = [ratio if _max else 0 for ratio, _max in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    total_remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * total_remaining / total_ratio))
            result.append(value - distributed)
            total_remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _normalized(low: int, high: int, max_width: int) -> tuple[int, int]:
    """Measurement.get's normalize, clamp to max_width, normalize."""
    low = min(max(0, low), high)
    high = max(0, max(low, high))
    low, high = min(low, max_width), min(high, max_width)
    if high < 1:
        return 0, 0
    low = min(max(0, low), high)
    return low, max(low, high)


def _measure_text(text: str, max_width: int) -> tuple[int, int]:
    """Text.__rich_measure__ through Measurement.get."""
    lines = text.splitlines()
    high = max(map(cell_len, lines)) if lines else 0
    words = text.split()
    low = max(map(cell_len, words)) if words else high
    return _normalized(low, high, max_width)


def _wrap(text: str, width: int, justify: str, no_wrap: bool) -> list[str]:
    """The lines Text.wrap makes of ``text`` (overflow fold), each exactly ``width`` cells."""
    out = []
    for line in text.split("\n"):
        if no_wrap:
            pieces = [line]
        else:
            offsets = divide_line(line, width, fold=True)
            bounds = [0, *offsets, len(line)]
            pieces = [_rstrip_end(line[a:b], width) for a, b in zip(bounds, bounds[1:])]
        for piece in pieces:
            if justify == "right":
                piece = piece.rstrip()
                if cell_len(piece) > width:
                    piece = set_cell_size(piece, width)
                piece = " " * (width - cell_len(piece)) + piece
            else:
                length = cell_len(piece)
                if length > width:
                    piece = set_cell_size(piece, width)
                elif length < width:
                    piece += " " * (width - length)
            out.append(piece)
    return out


def _rstrip_end(piece: str, size: int) -> str:
    """Text.rstrip_end: trailing whitespace beyond ``size`` characters dropped."""
    if len(piece) > size:
        match = _TRAILING_SPACE.search(piece)
        if match is not None:
            return piece[:len(piece) - min(len(match.group(0)), len(piece) - size)]
    return piece


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """Table._collapse_widths: shrink the widest wrapable columns first."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, ok in zip(widths, wrapable) if ok)
            second = max(w if ok and w != widest else 0 for w, ok in zip(widths, wrapable))
            difference = widest - second
            ratios = [1 if (w == widest and ok) else 0 for w, ok in zip(widths, wrapable)]
            if not any(ratios) or not difference:
                break
            widths = ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths
