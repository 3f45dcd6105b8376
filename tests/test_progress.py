"""The method's vectors V1–V7 (docs/method.md) and a case for every status and comparator."""

import pytest

from ectui.method.progress import evaluate, meets
from ectui.model import Target


def T(cmp=">=", year=2015, value=None, base=None, low=None, high=None):
    b_year, b_value = base if base else (None, None)
    return Target("p", "r", "i", cmp, year, value, low, high, b_year, b_value)


def close(a, b, sig=4):
    assert a is not None, f"expected {b}, got None"
    assert float(f"{a:.{sig}g}") == pytest.approx(float(f"{b:.{sig}g}"), rel=1e-3), (a, b)


def test_v1():
    p = evaluate(T(value=1800, base=(2011, 482.53)), [(2012, 700), (2013, 1000)])
    close(p.time_elapsed, 0.5)
    close(p.pct_expected, 0.3412)  # 482.53 × 1.3898² = 932.0: a third of the way to 1800, not half
    close(p.pct_achieved, 0.3928)
    close(p.schedule_gap, 0.05164)
    close(p.gap_abs, 800)
    close(p.gap_rel, 0.4444)
    close(p.cagr_actual, 0.4396)
    close(p.cagr_required_from_base, 0.3898)
    close(p.cagr_required_from_latest, 0.3416)
    close(p.pace_ratio, 1.128)
    close(p.proj_cagr, 2072)
    close(p.proj_linear, 1517)
    assert p.status == "on_track" and p.baseline_source == "given" and p.eval_year == 2013


def test_v2_first_actual_is_the_baseline():
    p = evaluate(T(value=90), [(2012, 60), (2013, 70)])
    assert (p.baseline_year, p.baseline_value, p.baseline_source) == (2012, 60, "first_actual")
    close(p.time_elapsed, 0.3333)
    close(p.pct_achieved, 0.3333)
    close(p.cagr_actual, 0.1667)
    close(p.cagr_required_from_latest, 0.1339)
    close(p.pace_ratio, 1.152)
    assert p.status == "on_track"


def test_v3_met():
    p = evaluate(T(year=2010, value=30, base=(2008, 20)), [(2009, 31)])
    close(p.pct_achieved, 1.1)
    assert p.gap_abs == pytest.approx(-1)
    assert p.status == "met"


def test_v4_moving_away():
    p = evaluate(T(value=80, base=(2011, 50)), [(2013, 45)])
    close(p.pct_achieved, -0.1667)
    close(p.cagr_actual, -0.05132)
    close(p.pace_ratio, -0.4116)
    assert p.status == "moving_away"


def test_v5_at_most_target():
    p = evaluate(T("<=", value=16.0, base=(2010, 18.0)), [(2013, 17.4)])
    close(p.time_elapsed, 0.6)
    close(p.pct_achieved, 0.3)
    close(p.gap_abs, 1.4)
    close(p.pace_ratio, 0.4827)
    assert p.status == "insufficient"


def test_v6_zero_baseline_uses_linear_pace():
    p = evaluate(T(value=10, base=(2012, 0)), [(2013, 5)])
    assert p.cagr_actual is None and p.cagr_required_from_base is None
    close(p.pct_achieved, 0.5)
    close(p.pace_ratio, 1.5)
    assert p.status == "on_track"


def test_v7_no_actual():
    p = evaluate(T(value=1800, base=(2011, 482.53)), [], as_of=2013)
    # no figure, so no evaluated year and no time elapsed "of" it; the evaluation date is kept apart
    assert p.eval_year is None and p.time_elapsed is None and p.evaluation_year == 2013
    assert p.status == "no_data" and p.latest_value is None and p.pct_achieved is None


def test_negative_baseline_has_no_cagr():
    p = evaluate(T(value=10, base=(2011, -5)), [(2013, 0)])
    assert p.cagr_actual is None and p.proj_cagr is None
    close(p.pct_achieved, 5 / 15)
    close(p.pace_ratio, (5 / 15) / 0.5)
    assert p.status == "moderate"


def test_moderate():
    # needs 100 -> 200 over 4 years; got 100 -> 130 in 2 years: rho = 0.1402/0.1892 = 0.741
    p = evaluate(T(value=200, base=(2011, 100)), [(2013, 130)])
    assert p.status == "moderate"


def test_missed_and_met_later_is_noted():
    p = evaluate(T(value=100, base=(2011, 50)), [(2015, 90), (2016, 120)])
    assert p.status == "missed" and p.eval_year == 2015
    assert "met later" in p.note and "2016" in p.note


def test_actual_after_target_year_only():
    p = evaluate(T(value=100, base=(2011, 50)), [(2016, 120), (2017, 130)])
    assert p.eval_year == 2016 and p.status == "met"
    assert "2017" in p.note


def test_later_actual_does_not_change_the_verdict():
    p = evaluate(T(value=100, base=(2011, 50)), [(2013, 60), (2016, 120)])
    assert p.eval_year == 2013 and p.status != "met"


def test_already_met_at_baseline_then_falls():
    p = evaluate(T(value=100, base=(2011, 120)), [(2013, 90)])
    assert p.pct_achieved is None and p.status == "moving_away"


def test_only_baseline_known():
    p = evaluate(T(value=1800, base=(2011, 482.53)), [(2011, 482.53)])
    assert p.status == "insufficient_data" and p.time_elapsed == 0


def test_as_of_hides_later_figures():
    p = evaluate(T(value=1800, base=(2011, 482.53)), [(2012, 700), (2013, 1000)], as_of=2012)
    assert p.eval_year == 2012 and p.latest_value == 700


@pytest.mark.parametrize("cmp,x,value,low,high,expected", [
    (">=", 10, 10, None, None, True), (">=", 9.99, 10, None, None, False),
    (">", 10, 10, None, None, False), (">", 10.01, 10, None, None, True),
    ("<=", 10, 10, None, None, True), ("<", 10, 10, None, None, False),
    ("~", 10.1, 10, None, None, True), ("~", 9.9, 10, None, None, True), ("~", 10.2, 10, None, None, True),  # beyond it, d = +1
    ("near", 9.9, 10, None, None, True), ("near", 9.8, 10, None, None, False),
    ("range", 1, None, 1, 2, True), ("range", 2, None, 1, 2, True), ("range", 3, None, 1, 2, False),
    ("range", 0, None, 1, 2, False), ("bool", 1, 1, None, None, True), ("bool", 0, 1, None, None, False),
])
def test_comparators(cmp, x, value, low, high, expected):
    assert meets(cmp, x, value, low, high) is expected


@pytest.mark.parametrize("cmp,x,value,direction,lean,expected", [
    ("~", 10.2, 10, -1, 0, False), ("~", 9.8, 10, -1, 0, True), ("~", 9.8, 10, 1, 0, False),
    ("~", 10.05, 10, -1, 0, True),  # within 1 % either way
    (">=", 10, 10, 1, -1, False), (">=", 10, 10, 1, 1, True), (">", 10, 10, 1, 1, True),
    ("<", 10, 10, -1, -1, True), ("<=", 10, 10, -1, 1, False), (">=", 10.5, 10, 1, -1, True),
])
def test_direction_and_qualifier(cmp, x, value, direction, lean, expected):
    """`~` is met beyond its number in the plan's direction; a qualifier decides only at the bound."""
    assert meets(cmp, x, value, direction=direction, lean=lean) is expected


def test_range_ends_with_qualifiers():
    assert meets("range", 1, None, 1, 2, lean=-1) is False  # 近1: just below the low end
    assert meets("range", 2, None, 1, 2, lean=1) is False   # 超过2: just above the high end
    assert meets("range", 2, None, 1, 2, lean=-1) is True


def test_approx_target_direction_and_gap():
    p = evaluate(T("~", value=10, base=(2012, 4)), [(2014, 8)])
    assert p.gap_abs == 2 and p.status in ("on_track", "moderate")
    down = evaluate(T("~", value=10, base=(2012, 20)), [(2014, 12)])
    assert down.gap_abs == 2 and down.pct_achieved == pytest.approx(0.8)


def test_range_target():
    p = evaluate(T("range", low=1, high=2), [(2013, 0), (2014, 1)])
    assert p.status == "met" and p.target_value is None and (p.target_low, p.target_high) == (1, 2)


def test_bool_target():
    assert evaluate(T("bool", value=1.0), [(2013, 0), (2014, 1)]).status == "met"
    p = evaluate(T("bool", value=1.0), [(2013, 0), (2015, 0)])
    assert p.status == "missed"


def test_near_target():
    assert evaluate(T("near", value=100, base=(2011, 50)), [(2014, 99.5)]).status == "met"


def test_less_than_target_met():
    assert evaluate(T("<", value=5, base=(2011, 8)), [(2013, 4.9)]).status == "met"


def test_chart_lines_have_equal_display_width():
    from rich.cells import cell_len

    from ectui.method.rows import ProgressRow
    from ectui.model import Indicator, Observation, Plan, Region
    from ectui.output.chart import trend_chart
    t = T(value=1800, base=(2011, 482.53))
    obs = (Observation(2012, 700.0), Observation(2013, 1000.0))
    p = evaluate(t, [(o.year, o.value) for o in obs])
    row = ProgressRow(t, Plan("p", "规划", "", "r", 2013, 2015, ""), Region("r", "泉州市", "Quanzhou"),
                      Indicator("i", "电子商务交易额", "E-commerce", "亿元"), p, obs[-1], obs)
    lines = trend_chart(row, width=60, height=8).plain.splitlines()
    legend, axis, grid = lines[-1], lines[-3:-1], lines[:-3]
    assert len({cell_len(line) for line in grid + axis[:1]}) == 1
    plot = [line.split("┤", 1)[1] for line in grid]
    assert plot[0].endswith("╌")  # the projection at 44 % a year: 2,072 in 2015, the top
    assert any(line.endswith("◆") for line in plot)  # the target, in the target year's column
    assert sum(line.count("●") for line in plot) == 2 and any("•" in line for line in plot)  # joined
    assert axis[0].count("┬") == 5 and axis[1].split() == ["2011", "2012", "2013", "2014", "2015"]  # a tick a year
    assert legend.startswith("● 实际") and "╌ 按现增速预测" in legend and "▒" not in legend


def test_chart_shows_the_band_of_an_approximate_target_in_english():
    from ectui.method.rows import ProgressRow
    from ectui.model import Indicator, Observation, Plan, Region
    from ectui.output.chart import trend_chart
    t = Target("p", "r", "i", "~", 2025, 170000.0, baseline_year=2020, baseline_value=117601.0)
    obs = tuple(Observation(y, v) for y, v in [(2020, 117601.0), (2021, 130884.0), (2023, 154264.0)])
    p = evaluate(t, [(o.year, o.value) for o in obs])
    row = ProgressRow(t, Plan("p", "规划", "", "r", 2021, 2025, ""), Region("r", "全国", "China"),
                      Indicator("i", "网络零售额", "Online retail", "亿元"), p, obs[-1], obs)
    lines = trend_chart(row, width=80, height=12, lang="en").plain.splitlines()
    plot = [line.split("┤", 1)[1] for line in lines[:-3]]
    assert any(line.endswith("▒") for line in plot) and lines[-1].endswith("▒ target band")
    assert lines[0].startswith(" 18.49 trn yuan")  # English units in English
    assert lines[-2].split() == [str(y) for y in range(2020, 2026)]


def test_progress_is_built_with_every_field():
    """evaluate fills every field of Progress, in the JSON contract's order."""
    from ectui.method.progress import Progress
    p = evaluate(Target("p", "r", "i", ">=", 2015, 1800.0, baseline_year=2011, baseline_value=482.53),
                 [(2012, 700.0), (2013, 1000.0)])
    assert type(p) is Progress and len(p) == len(Progress._fields)
    assert (p.cmp, p.status, p.note) == (">=", "on_track", "")


def test_marker_gap_and_verdict_measure_against_one_path():
    """The gauge's marker (pct_expected), the schedule gap and the pace verdict agree: a figure is at
    or ahead of the marker exactly when it grew at least as fast as needed (ρ ≥ 1), for targets that
    rise and targets that fall; the gap is achieved − expected."""
    import random
    rng = random.Random(7)
    for _ in range(2000):
        x_b = rng.uniform(1, 1000)
        falling = rng.random() < 0.3
        x_T = x_b * (rng.uniform(0.2, 0.95) if falling else rng.uniform(1.05, 6))
        b, end = 2010, 2010 + rng.randint(2, 10)
        t = rng.randint(b + 1, end - 1)
        x_t = x_b + (x_T - x_b) * rng.uniform(-0.3, 0.99)
        if x_t <= 0:
            continue
        p = evaluate(T(cmp="<=" if falling else ">=", value=x_T, year=end, base=(b, x_b)), [(t, x_t)])
        assert p.schedule_gap == pytest.approx(p.pct_achieved - p.pct_expected)
        if abs(p.pace_ratio - 1) > 1e-9:
            assert (p.pace_ratio > 1) == (p.pct_achieved > p.pct_expected), (x_b, x_T, t, x_t, p)


def test_marker_is_time_elapsed_where_no_growth_rate_is_defined():
    p = evaluate(T(value=10, base=(2010, 0)), [(2012, 4)], as_of=2012)  # from zero: no growth rate
    assert p.cagr_actual is None and p.pct_expected == p.time_elapsed == 0.4
    assert p.schedule_gap == pytest.approx(0.0)
