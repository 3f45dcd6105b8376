"""The report's gap tables are Rich Tables that fit any width from 41 columns: every column
stays, the status above all, and figures that do not wrap are never cut."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment

from ectui.method.rows import Selection, build_monitoring, build_rows
from ectui.output.cells import HEADERS, row_cells
from ectui.output.report import progress_table
from ectui.targets.loader import load_targets
from tests.conftest import BUNDLED_TARGETS


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


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("ascii_only", [False, True])
def test_a_table_that_fits_keeps_its_minimum_widths_and_one_that_does_not_fits_the_width(bundled, lang, ascii_only):
    rows, _ = bundled
    table = progress_table(rows, lang, ascii_only)
    assert len(table.builds) == 5  # every column, then one fewer each time (DROPPED_FIRST)
    for width in (40, 47, 58, 66, 80, 100, 131, 220):
        drawn = _cells(table, width, ascii_only)
        assert max(cell_len(_text(line)) for line in drawn) <= width, width
        fitting = [build for build in table.builds
                   if max(cell_len(_text(line)) for line in _cells(build(True), width, ascii_only)) <= width]
        if fitting:  # the first that fits with its minimum widths
            assert drawn == _cells(fitting[0](True), width, ascii_only), width
        else:  # the fewest columns, squeezed
            assert drawn == _cells(table.builds[-1](False), width, ascii_only), width


def test_names_in_cells_are_not_markup(bundled):
    rows, _ = bundled
    odd = rows[0]._replace(indicator=rows[0].indicator._replace(name_zh="[bold red]x[/] \x1b[31m"))
    text = "".join(ch for line in _cells(progress_table([odd], "zh"), 120, False) for ch, _ in line)
    assert "[bold red]x[/]" in text and "\x1b" not in text and "\\x1b[31m" in text


# From 41 columns every header shows; at 40 (the narrowest --width accepted) a table with wide
# unwrapped figures leaves the status column 1 cell: its symbol, not its header.
NARROWEST = 41


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_narrow_report_keeps_every_column(bundled, lang):
    """At 40–79 columns the gap tables' minimum widths do not fit: every column, the status
    above all, must still be there (a Rich Table lost its right-hand columns to cropping), and
    the figures of unwrapped columns must not be cut."""
    from ectui.output.machine import ReportContext
    from ectui.output.report import table_report
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
            for col in ("schedule", "required"):  # unwrapped figures appear whole, where shown
                if all(HEADERS[lang][col][:2] in h for h in headers[:tables]):
                    assert cells[col] in body, (width, col, cells[col])
