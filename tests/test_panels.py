"""Region panels drawn by TargetGauges: layout, wrapping and styles, cell by cell."""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from ectui.method.rows import build_rows
from ectui.model import Catalog, Indicator, Plan, Region, Series, Target
from ectui.output.cells import STATUS_STYLES
from ectui.output.panels import TargetGauges

LONG_NAME = "规模以上工业企业电子商务应用普及率[bold]x[/bold]"


def _rows(parts=None):
    cat = Catalog("t.toml")
    cat.regions = {"r": Region("r", "甲市", "R")}
    cat.indicators = {"long": Indicator("long", LONG_NAME, "Long", "%"), "money": Indicator("money", "交易额", "M", "亿元")}
    cat.plans = {"p": Plan("p", "规划", "P", "r", 2011, 2015, "src")}
    cat.targets = [Target("p", "r", "long", ">=", 2015, 90.0, baseline_year=2011, baseline_value=30.0),
                   Target("p", "r", "money", ">=", 2015, 1800.0, baseline_year=2011, baseline_value=482.53)]
    figures = {("r", "long"): Series([2013], [60.0], ("约",)), ("r", "money"): Series([2013], [1000.0])}
    return build_rows(cat, figures, current_year=2014, parts=parts)


def _lines(width: int, gauge_width: int = 10) -> list[list[Segment]]:
    console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor")
    return console.render_lines(TargetGauges(_rows(), "zh", gauge_width), console.options.update_width(width))


def _text(line: list[Segment]) -> str:
    return "".join(s.text for s in line)


def test_each_target_is_three_lines_with_the_status_at_the_right_edge():
    lines = _lines(100)
    texts = [_text(line).rstrip() for line in lines]
    assert all(cell_len(_text(line)) == 100 for line in lines)
    # the first column is the overview's cursor (blank: none selected here)
    assert texts[0] == " " + LONG_NAME + " " * (100 - cell_len(LONG_NAME) - 7) + "▲ 正常"
    assert texts[1] == " 30% ███│█░░░░░ 90% 以上 (2015)" + " " * 66 + "50%"
    assert texts[2] == " 最新 约 60% (2013)"
    assert texts[3].startswith(" 交易额") and texts[3].endswith("▲ 正常") and len(texts) == 6
    on_track = Style.parse(STATUS_STYLES["on_track"])
    assert [s.style for s in lines[0] if s.text == "▲ 正常"] == [on_track]
    assert [s.text for s in lines[1] if s.style == Style.parse("bold")] == ["│"]  # where the required path is by now


def test_narrow_panels_cut_and_wrap_like_a_table_cell():
    texts = [_text(line) for line in _lines(30)]
    assert texts == [" 规模以上工业企业电子 … ▲ 正常",
                     " 30% ███│█░░░░░ 90%        50%",
                     " 以上 (2015)                  ",
                     " 最新 约 60% (2013)           ",
                     " 交易额                 ▲ 正常",
                     " 482.53亿元 ███│░░░░░░     39%",
                     " 1,800亿元 以上 (2015)        ",
                     " 最新 1,000亿元 (2013)        "]
    padding = _lines(30)[3][2]  # the latest line is padded in its own (dim) style (after the cursor column)
    assert padding.text.strip() == "" and padding.style == Style.parse("dim")


def test_names_are_shown_literally():
    assert "[bold]x[/bold]" in _text(_lines(200)[0])


def test_a_panel_drawn_once_replays_the_same_segments_and_draws_again_for_new_options():
    """The dashboard wraps each region panel in DrawnOnce: Textual renders it to measure its
    height and again to paint it; the second render must replay, and never a stale width."""
    from ectui.output.panels import DrawnOnce, region_panel
    rows = _rows()
    catalog = Catalog("t.toml", regions={"r": Region("r", "甲市", "R")})
    draws = []

    class Counted:
        def __rich_console__(self, console, options):
            draws.append(options.max_width)
            yield from console.render(region_panel(catalog, "r", rows, [], "zh", 10), options)

    console = Console(file=io.StringIO(), width=60, force_terminal=True, color_system="truecolor")
    once = DrawnOnce(Counted())
    expected = console.render_lines(region_panel(catalog, "r", rows, [], "zh", 10), console.options)
    assert console.render_lines(once, console.options) == expected
    assert console.render_lines(once, console.options) == expected
    assert draws == [60]
    narrow = console.options.update_width(40)
    assert console.render_lines(once, narrow) == console.render_lines(region_panel(catalog, "r", rows, [], "zh", 10),
                                                                     narrow)
    assert console.render_lines(once, console.options.update(height=3)) != expected  # Panel honours a height
    assert draws == [60, 40, 60]


def test_gauges_are_the_cells_they_stand_for_in_runs():
    """The panel's gauge is the report's, cell for cell, in colour: one segment per run of one
    style, filled to the figure, │ where the required path is by now, whatever the two and the width."""
    from itertools import groupby

    from ectui.output.cells import gauge
    from ectui.output.panels import _style, gauge_bar
    [row] = _rows()[1:]
    for status in STATUS_STYLES:
        for pct in (None, -0.5, 0.0, 0.04, 0.5, 0.96, 1.0, 1.7):
            for elapsed in (None, -0.2, 0.0, 0.03, 0.5, 0.99, 1.0, 1.5):
                progress = row.progress._replace(pct_achieved=pct, pct_expected=elapsed, status=status)
                for width in (10, 11, 24):
                    filled = 0 if pct is None else round(max(0.0, min(1.0, pct)) * width)
                    marker = None if elapsed is None else min(width - 1, int(max(0.0, elapsed) * width))
                    cells = [("│", "bold") if i == marker else ("█", STATUS_STYLES[status]) if i < filled
                             else ("░", "dim") for i in range(width)]
                    expected = [Segment("".join(c for c, _ in run), _style(style))
                                for style, run in groupby(cells, key=lambda c: c[1])]
                    assert gauge_bar(row._replace(progress=progress), width) == expected, (status, pct, elapsed, width)
                    text = gauge(pct, elapsed, width)
                    assert [c if c != " " else "░" for c in text] == [c for c, _ in cells], (pct, elapsed, width)


def test_a_later_year_to_date_figure_shows_beside_the_latest_and_is_not_judged():
    from ectui.output.panels import target_cells
    from ectui.periods import PartFigure
    parts = {("r", "money"): [PartFigure(2013, "M01-M06", 400.0), PartFigure(2014, "M01-M09", 1900.0),
                              PartFigure(2014, "M01-M06", 1200.0), PartFigure(2014, "M07-M09", 700.0)]}
    plain, with_parts = _rows()[1], _rows(parts)[1]
    assert with_parts.provisional == (2014, "M01-M09", 1900.0, "")  # the latest span from January, after 2013
    lines = [_text(line) for left, right, _ in target_cells(with_parts, "zh") for line in (left[0], right[0])]
    assert "最新 1,000亿元 (2013) · 2014年1-9月 1,900亿元（年内）" in lines
    assert with_parts.progress == plain.progress and plain.status != "met"  # 1,900 would meet 1,800 if judged


def test_the_cursor_changes_no_lines_width():
    """The selected target has ▶ in the cursor column and its name reversed; every line keeps its
    width and the panel its height, so a cursor step needs no new layout."""
    console = Console(file=io.StringIO(), width=40, force_terminal=True, color_system="truecolor")
    plain = console.render_lines(TargetGauges(_rows(), "zh", 10), console.options.update_width(40))
    chosen = console.render_lines(TargetGauges(_rows(), "zh", 10, selected=1), console.options.update_width(40))
    assert len(plain) == len(chosen) and [_text(a)[1:] for a in plain] == [_text(b)[1:] for b in chosen]
    first = next(i for i, line in enumerate(chosen) if _text(line).startswith("▶"))
    assert _text(chosen[first]).startswith("▶交易额") and all(not _text(x).startswith("▶") for x in plain)
    assert any(seg.style and seg.style.reverse for seg in chosen[first])
