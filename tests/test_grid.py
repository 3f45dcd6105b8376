"""The report's tables (ectui.grid) are laid out as a Rich Table with the same settings would be:
same characters in the same cells with the same styles, at any width, in Chinese and English,
with and without Unicode. The Rich Table here is the reference the grid was written against."""

from __future__ import annotations

import io

import pytest
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ectui.cells import COLUMNS, HEADERS, STATUS_STYLES, monitoring_cells, row_cells
from ectui.grid import Column, Grid
from ectui.report import MIN_WIDTHS, MONITORING_COLUMNS, RIGHT_ALIGNED, monitoring_table, progress_table
from ectui.rows import Selection, build_monitoring, build_rows
from ectui.targets import load_targets
from tests.conftest import BUNDLED_TARGETS


def _reference_progress_table(rows, lang, ascii_only):
    """What the report drew with before ectui.grid: a Rich Table."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False, expand=False,
                  show_edge=False, header_style="bold")
    for col in COLUMNS:
        table.add_column(HEADERS[lang][col], overflow="fold", no_wrap=col in ("progress", "schedule", "required"),
                         justify="right" if col in RIGHT_ALIGNED else "left", min_width=MIN_WIDTHS.get(col))
    for r in rows:
        cells = row_cells(r, lang, ascii_only)
        table.add_row(*[Text(cells[c], style=STATUS_STYLES[r.status] if c == "status" else "") for c in COLUMNS])
    return table


def _reference_monitoring_table(rows, lang, ascii_only):
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False, header_style="bold")
    for col in MONITORING_COLUMNS:
        table.add_column(HEADERS[lang][col], overflow="fold")
    for m in rows:
        cells = monitoring_cells(m, lang, ascii_only)
        table.add_row(*[Text(cells[c]) for c in MONITORING_COLUMNS])
    return table


def _cells(renderable, width: int, ascii_only: bool) -> list[list[tuple[str, str]]]:
    """Each line as (character, style) pairs."""
    console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True,
                      legacy_windows=False, markup=False, highlight=False)
    options = console.options.copy()
    options.encoding = "ascii" if ascii_only else "utf-8"  # what a LANG=C terminal reports
    lines = Segment.split_lines(console.render(renderable, options))
    return [[(ch, str(seg.style or "")) for seg in line for ch in seg.text] for line in lines]


@pytest.fixture(scope="module")
def bundled():
    catalog = load_targets(BUNDLED_TARGETS)
    figures = {("cn", "online_sales_share"): [(2005, 2.0, "近"), (2008, 6.5, "约")],
               ("quanzhou", "ec_transactions"): [(2012, 482.53, ""), (2014, 1300.0, "超过")]}
    rows = build_rows(catalog, figures, 2015, Selection())
    return rows, build_monitoring(catalog, figures, 2015, None)


def _text(line) -> str:
    return "".join(ch for ch, _ in line)


def _same_or_fitting(grid, reference, width: int, ascii_only: bool) -> None:
    """Where the Rich Table fits, the grid draws exactly the same; where its minimum widths do
    not (the console would crop its right-hand columns), the grid fits every column instead."""
    ours, theirs = _cells(grid, width, ascii_only), _cells(reference, width, ascii_only)
    if max(cell_len(_text(line)) for line in theirs) <= width:
        assert ours == theirs, width
        return
    assert max(cell_len(_text(line)) for line in ours) <= width, width
    assert all(grid.widths(width)), (width, grid.widths(width))  # no column squeezed out


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("ascii_only", [False, True])
def test_gap_tables_are_drawn_as_rich_draws_them(bundled, lang, ascii_only):
    rows, monitoring = bundled
    for width in (40, 41, 47, 52, 58, 63, 66, 71, 80, 87, 94, 100, 113, 131, 160, 220):
        _same_or_fitting(progress_table(rows, lang, ascii_only), _reference_progress_table(rows, lang, ascii_only),
                         width, ascii_only)
        if monitoring:
            _same_or_fitting(monitoring_table(monitoring, lang, ascii_only),
                             _reference_monitoring_table(monitoring, lang, ascii_only), width, ascii_only)


AWKWARD = ["", "  leading and trailing  ", "two\nlines", "a-very-long-unbroken-word-that-must-fold",
           "中文没有空格所以整段是一个词要按字符折行", "混合 mixed 文字 words", "x" * 3, "全角１８００亿元", "tab\\x09escaped"]


@pytest.mark.parametrize("padding", [0, 1])
def test_awkward_cells_wrap_fold_and_pad_as_in_rich(padding):
    for width in range(12, 70, 3):
        grid = Grid([Column("一", min_width=4), Column("two", justify="right"), Column("三", no_wrap=True),
                     Column("four", justify="right", no_wrap=True)], padding=padding)
        table = Table(box=box.SIMPLE_HEAD, padding=(0, padding), pad_edge=False, show_edge=False,
                      header_style="bold", expand=False)
        table.add_column("一", overflow="fold", min_width=4)
        table.add_column("two", overflow="fold", justify="right")
        table.add_column("三", overflow="fold", no_wrap=True)
        table.add_column("four", overflow="fold", justify="right", no_wrap=True)
        for n, text in enumerate(AWKWARD):
            cells = [text, AWKWARD[-1 - n], AWKWARD[(n + 3) % len(AWKWARD)], AWKWARD[(n + 5) % len(AWKWARD)]]
            styles = ["bold red" if n % 2 else "", "", "green", ""]
            grid.add_row(cells, styles)
            table.add_row(*[Text(c, style=s) for c, s in zip(cells, styles)])
        for ascii_only in (False, True):
            _same_or_fitting(grid, table, width, ascii_only)


def test_names_in_cells_are_not_markup():
    grid = Grid([Column("名称")])
    grid.add_row(["[bold red]x[/] \\x1b[31m"])
    text = "".join(ch for line in _cells(grid, 40, False) for ch, _ in line)
    assert "[bold red]x[/]" in text


def test_ratio_reduce_is_richs():
    import random
    from rich._ratio import ratio_reduce as rich_ratio_reduce
    from ectui.grid import ratio_reduce
    rng = random.Random(7)
    for _ in range(2000):
        n = rng.randint(1, 9)
        values = [rng.randint(0, 60) for _ in range(n)]
        args = (rng.randint(0, 80), [rng.randint(0, 2) for _ in range(n)], [rng.randint(0, 30) for _ in range(n)], values)
        assert ratio_reduce(*args) == rich_ratio_reduce(*args)


# From 41 columns every header shows; at 40 (the narrowest --width accepted) a table with wide
# unwrapped figures leaves the status column 1 cell: its symbol, not its header.
NARROWEST = 41


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_narrow_report_keeps_every_column(bundled, lang):
    """At 40–79 columns the gap tables' minimum widths do not fit: every column, the status
    above all, must still be there (a Rich Table lost its right-hand columns to cropping), and
    the figures of unwrapped columns must not be cut."""
    from ectui.machine_report import ReportContext
    from ectui.report import table_report
    rows, monitoring = bundled
    catalog = load_targets(BUNDLED_TARGETS)
    status = HEADERS[lang]["status"]
    tables = len({(r.plan.id, r.region.id) for r in rows})
    for width in range(NARROWEST, 80):
        console = Console(file=io.StringIO(), width=width, color_system=None, markup=False, highlight=False)
        console.print(table_report(ReportContext(catalog, rows, monitoring, 2015, None, lang)))
        lines = console.file.getvalue().splitlines()
        assert max(cell_len(line) for line in lines) <= width, width
        rules = [i for i, line in enumerate(lines) if line and set(line) == {"─"}]
        headers = ["".join(lines[i - 3:i]) for i in rules]
        assert len(headers) >= tables and all(status[0] in h for h in headers[:tables]), (width, headers)
        body = "\n".join(lines)
        for r in rows:
            cells = row_cells(r, lang)
            for col in ("schedule", "required"):  # unwrapped figures appear whole
                assert cells[col] in body, (width, col, cells[col])
