"""The progress method (docs/method.md): one pure function from a target and its actuals to metrics.

>>> from ectui.model import Target
>>> t = Target("p", "r", "i", ">=", 2015, 1800.0, baseline_year=2011, baseline_value=482.53)
>>> p = evaluate(t, [(2012, 700.0), (2013, 1000.0)])
>>> p.status, round(p.pct_achieved, 4), round(p.pace_ratio, 3)
('on_track', 0.3928, 1.128)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from math import isfinite
from typing import NamedTuple

from ectui.model import Series, Target

# Thresholds live here and only here (Eurostat SDG: 95 % / 60 % / 0 of the required pace).
PACE_ON_TRACK = 0.95
PACE_MODERATE = 0.60
PACE_INSUFFICIENT = 0.0
APPROX_TOLERANCE = 0.01  # `~` (约/左右): within 1 % of the target
NEAR_FRACTION = 0.99  # `near` (近): at least 99 % of the target

# In the order of the report's sort (best first). not_started: evaluated before the base year;
# awaiting_final: the target year is over and its figure is not recorded (pace_status says how
# the latest figure was doing).
STATUSES = ("met", "on_track", "moderate", "insufficient", "moving_away", "missed",
            "awaiting_final", "not_started", "insufficient_data", "no_data")

# How a figure's qualifier places it against its number (docs/method.md, step 3): 近10亿 is just
# below 10亿, 超过10亿 just above; 约 is the number, flagged approximate.
QUALIFIER_LEAN = {"近": -1, "不足": -1, "超过": 1, "余": 1}
APPROXIMATE_QUALIFIER = "约"


class Progress(NamedTuple):
    """One progress row's numbers; fractions, not percents; None where not defined.

    A tuple, fields in the JSON contract's order (docs/json-contract.md): a national report makes 64,000
    of these, and a frozen dataclass spent half of `evaluate` in its __init__."""

    cmp: str
    baseline_year: int | None
    baseline_value: float | None
    baseline_source: str | None  # see BASELINE_SOURCES
    target_year: int
    target_value: float | None  # the plan's level value; None for a range, growth or multiple
    target_low: float | None
    target_high: float | None
    eval_year: int | None
    latest_value: float | None
    time_elapsed: float | None
    # where the required path is at t, as a share of the way (应达进度): the gauge's marker, and what
    # the schedule gap and the pace verdict measure against (docs/method.md, step 5)
    pct_expected: float | None
    pct_achieved: float | None
    schedule_gap: float | None
    gap_abs: float | None
    gap_rel: float | None
    cagr_actual: float | None
    cagr_required_from_base: float | None
    cagr_required_from_latest: float | None
    proj_cagr: float | None
    proj_linear: float | None
    pace_ratio: float | None
    status: str
    note: str
    aim: str = "level"  # "level" | "growth" | "multiple": how the aimed value is given
    aimed_value: float | None = None  # x_T, the value every metric aims at
    evaluation_year: int | None = None  # --as-of, else the current year
    pace_status: str | None = None  # the pace verdict of the evaluated figure, when one was made
    approximate: bool = False  # the evaluated figure is qualified 约


BASELINE_SOURCES = ("given", "figure", "year_before_plan", "first_in_plan", "first_actual")


def meets(cmp: str, x: float, value: float | None, low: float | None = None,
          high: float | None = None, direction: int = 1, lean: int = 0) -> bool:
    """Whether figure ``x`` meets the target under the comparator (docs/method.md, step 2).

    ``direction`` is d (which way is better; `~` is met beyond its number that way) and ``lean``
    the figure's qualifier: −1 just below x (近, 不足), +1 just above (超过, 余), 0 x itself."""
    if cmp == "range":
        assert low is not None and high is not None  # a range target has both bounds (the loader checks)
        return _at_least(x, low, lean) and _at_most(x, high, lean)
    if cmp == "bool":
        return x >= 0.5
    assert value is not None  # every other comparator has a value (the loader checks)
    if cmp == ">=":
        return _at_least(x, value, lean)
    if cmp == ">":
        return x > value or (x == value and lean > 0)
    if cmp == "<=":
        return _at_most(x, value, lean)
    if cmp == "<":
        return x < value or (x == value and lean < 0)
    if cmp == "~":
        return abs(x - value) <= APPROX_TOLERANCE * abs(value) or direction * (x - value) >= 0
    if cmp == "near":
        return x >= NEAR_FRACTION * value
    raise ValueError(f"unknown comparator {cmp!r}")


def _at_least(x: float, bound: float, lean: int) -> bool:
    return x > bound or (x == bound and lean >= 0)


def _at_most(x: float, bound: float, lean: int) -> bool:
    return x < bound or (x == bound and lean <= 0)


def _sign(x: float) -> int:
    return 1 if x >= 0 else -1


def _aim(t: Target, x_b: float | None, b: int | None) -> tuple[float | None, int]:
    """(x_T, d): the value the metrics aim at and the direction of improvement. x_T is None when
    it is derived (growth, multiple) from a figure that is not known."""
    if t.cmp == "range":
        low, high = t.low, t.high
        assert low is not None and high is not None  # a range target has both bounds (the loader checks)
        if x_b is not None and x_b > high:
            return high, -1
        return low, 1
    if t.cmp == "bool":
        return 1.0, 1
    value: float | None
    if t.growth is not None:
        value = None
        if x_b is not None and b is not None:
            try:
                value = x_b * (1.0 + t.growth) ** (t.year - b)
            except OverflowError:
                value = None
    elif t.multiple is not None:
        value = t.multiple * x_b if x_b is not None else None
    else:
        value = t.value
        assert value is not None  # every other level comparator has a value (the loader checks)
    if t.cmp in ("<=", "<"):
        return value, -1
    if t.cmp == "~" and value is not None:
        return value, _sign(value - x_b) if x_b is not None else 1
    return value, 1


def _cagr(x_from: float, x_to: float, years: float) -> float | None:
    if years <= 0 or x_from <= 0 or x_to <= 0:
        return None
    try:
        return (x_to / x_from) ** (1.0 / years) - 1.0
    except (OverflowError, ZeroDivisionError):
        return None


def pace_status(rho: float | None) -> str:
    if rho is None:
        return "insufficient_data"
    if rho >= PACE_ON_TRACK:
        return "on_track"
    if rho >= PACE_MODERATE:
        return "moderate"
    if rho >= PACE_INSUFFICIENT:
        return "insufficient"
    return "moving_away"


def _baseline(target: Target, years: Sequence[int], values: Sequence[float],
              plan_start: int | None) -> tuple[int | None, float | None, str | None]:
    """(b, x_b, baseline_source), docs/method.md step 3."""
    def figure_of(year: int) -> float | None:
        i = bisect_right(years, year)
        return values[i - 1] if i and years[i - 1] == year else None

    if target.aim != "level":  # growth from a year, or a multiple of a year's figure
        b = target.growth_from if target.growth is not None else target.baseline_year
        assert b is not None  # the loader requires the reference year
        if target.baseline_year == b and target.baseline_value is not None:
            return b, target.baseline_value, "given"
        return b, figure_of(b), "figure"
    if target.baseline_year is not None and target.baseline_value is not None:
        return target.baseline_year, target.baseline_value, "given"
    if not years:
        return None, None, None
    if plan_start is None:
        return years[0], values[0], "first_actual"
    before = figure_of(plan_start - 1)
    if before is not None:
        return plan_start - 1, before, "year_before_plan"
    i = bisect_left(years, plan_start)
    if i < len(years) and years[i] <= target.year:
        return years[i], values[i], "first_in_plan"
    return None, None, None


def evaluate(target: Target, actuals: Sequence[Sequence], as_of: int | None = None,
             current_year: int | None = None, plan_start: int | None = None) -> Progress:
    """Evaluate one target against its actuals ``[(year, value[, qualifier]), ...]``.

    ``as_of`` evaluates as if only figures up to that year existed; the evaluation year is
    ``as_of``, else ``current_year`` (None: no evaluation date, so neither `not_started` nor
    `awaiting_final` can be said). ``plan_start`` is the first year of the target's plan: a
    baseline the plan does not give is taken from the year before it, or else from the first
    figure in the plan period (never from before the plan).
    """
    T = target.year
    years: Sequence[int]
    values: Sequence[float]
    qualifiers: Sequence[str] | None
    if isinstance(actuals, Series):  # the store's figures: sorted arrays, read by bisection
        figures = actuals.upto(as_of) if as_of is not None else actuals
        years, values, qualifiers = figures.years, figures.values, figures.qualifiers
    else:  # (year, value[, qualifier]) items in any order
        obs = sorted((a[0], a[1], a[2] if len(a) > 2 else "") for a in actuals if as_of is None or a[0] <= as_of)
        years, values, qualifiers = [o[0] for o in obs], [o[1] for o in obs], [o[2] for o in obs]
    n = len(years)
    E = as_of if as_of is not None else current_year
    notes: list[str] = []

    # The evaluated figure: the latest with year <= T, else the first one.
    k = bisect_right(years, T)
    first_later = k if k else min(1, n)
    i_t = k - 1 if k else (0 if n else None)
    later = [(years[i], values[i], qualifiers[i] if qualifiers else "") for i in range(first_later, n)]
    t = years[i_t] if i_t is not None else None
    x_t = values[i_t] if i_t is not None else None
    q_t = qualifiers[i_t] if qualifiers and i_t is not None else ""
    lean = QUALIFIER_LEAN.get(q_t, 0)

    b, x_b, b_source = _baseline(target, years, values, plan_start)
    x_T, d = _aim(target, x_b, b)
    value, low, high = target.value, target.low, target.high

    def met(x: float, lean: int = 0) -> bool:
        assert x_T is not None  # only asked once the aimed value is known
        return meets(target.cmp, x, x_T if target.cmp != "range" else value, low, high, d, lean)

    tau = expected = pct = sched = gap_abs = gap_rel = None
    cagr_act = req_base = req_latest = proj_c = proj_l = rho = None
    baseline_meets = x_b is not None and x_T is not None and met(x_b)
    if t is not None and b is not None:
        tau = 1.0 if T == b else min(1.0, max(0.0, (t - b) / (T - b)))
    if x_t is not None and x_T is not None:
        assert t is not None  # x_t is the evaluated figure's value, t its year
        since_base = x_b is not None and b is not None and t >= b
        if since_base and not baseline_meets and x_T != x_b:
            assert x_b is not None
            pct = (x_t - x_b) / (x_T - x_b)
        gap_abs = abs(x_T - x_t) if target.cmp == "~" else d * (x_T - x_t)
        gap_rel = gap_abs / abs(x_T) if x_T != 0 else None
        if since_base:
            assert x_b is not None and b is not None
            cagr_act = _cagr(x_b, x_t, t - b)
            req_base = _cagr(x_b, x_T, T - b)
            if cagr_act is not None:
                try:
                    proj_c = x_t * (1 + cagr_act) ** (T - t)
                except OverflowError:
                    proj_c = None
            if t != b:
                proj_l = x_t + (T - t) * (x_t - x_b) / (t - b)
        req_latest = _cagr(x_t, x_T, T - t)
        expected = tau
        if cagr_act is not None and req_base is not None and req_base != 0 and x_T != x_b:
            assert x_b is not None and b is not None and t is not None  # req_base needs them
            try:  # the compound path the pace ratio measures against
                expected = (x_b * (1 + req_base) ** min(t - b, T - b) - x_b) / (x_T - x_b)
            except OverflowError:
                expected = None
        if pct is not None and expected is not None and b is not None and t > b:  # no time passed: a gap of 0 would read as on schedule
            sched = pct - expected
        if baseline_meets:
            rho = None  # a pace towards a target already met says nothing (and reads as a good one)
        elif cagr_act is not None and req_base is not None and req_base != 0:
            rho = cagr_act / req_base
        elif pct is not None and tau:
            rho = pct / tau

    # Status: the first rule that matches (docs/method.md, step 5).
    pace: str | None = None
    if E is not None and b is not None and E < b:
        status = "not_started"
        notes.append(f"evaluated in {E}, before the base year {b}")
    elif x_t is None:
        status = "no_data"
    elif x_T is None:
        status = "insufficient_data"
        notes.append(f"no figure for {b}, the year the aimed value is derived from")
    else:
        assert t is not None  # the evaluated figure's year
        if met(x_t, lean):
            status = "met"
        elif t >= T:
            status = "missed"
            met_later = [o for o in later if met(o[1], QUALIFIER_LEAN.get(o[2], 0))]
            if met_later:
                notes.append(f"met later: {met_later[0][1]:g} in {met_later[0][0]}")
        else:
            if b is None or t <= b:
                pace = "insufficient_data"
            elif baseline_meets:
                pace = "moving_away"
            else:
                pace = pace_status(rho)
            if E is not None and E > T:
                status = "awaiting_final"
                notes.append(f"the target year {T} is over and its figure is not recorded; the latest "
                             f"is for {t} ({E - t} years old)")
            else:
                status = pace
    if later and t is not None:
        shown = ", ".join(f"{y}: {v:g}" for y, v, _ in later)
        notes.append(f"figures after the target year ({shown}) do not change the verdict")
    if t is not None and t > T:
        notes.append(f"no figure up to {T}; evaluated the first later figure ({t})")
    if t is not None and b is not None and t < b and status not in ("not_started", "met", "missed"):
        notes.append(f"no figure since the base year {b}")
    if b is None and n and target.aim == "level" and status != "met":
        notes.append(f"no baseline: the plan gives none and no figure is from {plan_start - 1 if plan_start else ''} on")
    if b_source in ("first_actual", "first_in_plan"):
        notes.append(f"no baseline in the plan: the first figure{' in the plan period' if b_source == 'first_in_plan' else ''} "
                     f"({b}) is used")
    elif b_source == "year_before_plan":
        notes.append(f"no baseline in the plan: the figure of {b}, the year before the plan, is used")

    return Progress(
        target.cmp, b, x_b, b_source, T, value if target.cmp != "range" else None, low, high, t, x_t,
        tau, _finite(expected), _finite(pct), _finite(sched), _finite(gap_abs), _finite(gap_rel), _finite(cagr_act),
        _finite(req_base), _finite(req_latest), _finite(proj_c), _finite(proj_l), _finite(rho),
        status, "; ".join(notes) if notes else "",
        target.aim, _finite(x_T), E, pace, q_t == APPROXIMATE_QUALIFIER,
    )


def _finite(v: float | None) -> float | None:
    """Overflowing metrics (inf, nan) are reported as not defined."""
    return v if v is None or isfinite(v) else None
