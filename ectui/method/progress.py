"""The progress method (docs/method.md): one pure function from a target and its actuals to metrics.

>>> from ectui.model import Target
>>> t = Target("p", "r", "i", ">=", 2015, 1800.0, baseline_year=2011, baseline_value=482.53)
>>> p = evaluate(t, [(2012, 700.0), (2013, 1000.0)])
>>> p.status, round(p.pct_achieved, 4), round(p.pace_ratio, 3)
('on_track', 0.3928, 1.128)
"""

from __future__ import annotations

from bisect import bisect_right
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

STATUSES = ("met", "on_track", "moderate", "insufficient", "moving_away", "missed",
            "insufficient_data", "no_data")


class Progress(NamedTuple):
    """One progress row's numbers; fractions, not percents; None where not defined.

    A tuple, fields in the JSON contract's order (docs/json-contract.md): a national report makes 64,000
    of these, and a frozen dataclass spent half of `evaluate` in its __init__."""

    cmp: str
    baseline_year: int | None
    baseline_value: float | None
    baseline_source: str | None  # "given" | "first_actual" | None
    target_year: int
    target_value: float | None
    target_low: float | None
    target_high: float | None
    eval_year: int | None
    latest_value: float | None
    time_elapsed: float | None
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


def meets(cmp: str, x: float, value: float | None, low: float | None = None,
          high: float | None = None) -> bool:
    """Whether figure ``x`` meets the target under the comparator (docs/method.md, step 2)."""
    if cmp == "range":
        assert low is not None and high is not None  # a range target has both bounds (the loader checks)
        return low <= x <= high
    if cmp == "bool":
        return x >= 0.5
    assert value is not None  # every other comparator has a value (the loader checks)
    if cmp == ">=":
        return x >= value
    if cmp == ">":
        return x > value
    if cmp == "<=":
        return x <= value
    if cmp == "<":
        return x < value
    if cmp == "~":
        return abs(x - value) <= APPROX_TOLERANCE * abs(value)
    if cmp == "near":
        return x >= NEAR_FRACTION * value
    raise ValueError(f"unknown comparator {cmp!r}")


def _sign(x: float) -> int:
    return 1 if x >= 0 else -1


def _aim(t: Target, x_b: float | None) -> tuple[float, int]:
    """(x_T, d): the value the metrics aim at and the direction of improvement."""
    if t.cmp == "range":
        low, high = t.low, t.high
        assert low is not None and high is not None  # a range target has both bounds (the loader checks)
        if x_b is not None and x_b > high:
            return high, -1
        return low, 1
    if t.cmp == "bool":
        return 1.0, 1
    value = t.value
    assert value is not None  # every other comparator has a value (the loader checks)
    if t.cmp in ("<=", "<"):
        return value, -1
    if t.cmp == "~":
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


def evaluate(target: Target, actuals: Sequence[Sequence], as_of: int | None = None,
             current_year: int | None = None) -> Progress:
    """Evaluate one target against its actuals ``[(year, value), ...]``.

    ``as_of`` evaluates as if only figures up to that year existed; it is also the year of
    evaluation when there is no figure (otherwise ``current_year``).
    """
    t_cmp, T = target.cmp, target.year
    years: Sequence[int]
    values: Sequence[float]
    if isinstance(actuals, Series):  # the store's figures: sorted arrays, read by bisection
        figures = actuals.upto(as_of) if as_of is not None else actuals
        years, values = figures.years, figures.values
    else:  # (year, value, ...) items in any order
        obs = sorted((a[0], a[1]) for a in actuals if as_of is None or a[0] <= as_of)
        years, values = [o[0] for o in obs], [o[1] for o in obs]
    n = len(years)
    notes: list[str] = []

    # 1. Evaluated observation: latest with year <= T, else the first one.
    k = bisect_right(years, T)
    first_later = k if k else min(1, n)
    evaluated = (years[k - 1], values[k - 1]) if k else ((years[0], values[0]) if n else None)
    later = [(years[i], values[i]) for i in range(first_later, n)] if first_later < n else ()

    # 2. Baseline: given by the plan, or the first actual.
    b: int | None
    x_b: float | None
    b_source: str | None
    if target.baseline_year is not None and target.baseline_value is not None:
        b, x_b, b_source = target.baseline_year, target.baseline_value, "given"
    elif n:
        b, x_b = years[0], values[0]
        b_source = "first_actual"
    else:
        b = x_b = b_source = None

    x_T, d = _aim(target, x_b)
    t = evaluated[0] if evaluated else (as_of if as_of is not None else current_year)
    x_t = evaluated[1] if evaluated else None

    tau = None
    if b is not None and t is not None:
        tau = 1.0 if T == b else min(1.0, max(0.0, (t - b) / (T - b)))

    value, low, high = target.value, target.low, target.high
    baseline_meets = x_b is not None and meets(t_cmp, x_b, value, low, high)
    pct = sched = gap_abs = gap_rel = None
    cagr_act = req_base = req_latest = proj_c = proj_l = rho = None
    if x_t is not None:
        assert t is not None  # x_t is the evaluated figure's value, t its year
        if x_b is not None and not baseline_meets and x_T != x_b:
            pct = (x_t - x_b) / (x_T - x_b)
        if pct is not None and tau is not None:
            sched = pct - tau
        gap_abs = abs(x_T - x_t) if t_cmp == "~" else d * (x_T - x_t)
        gap_rel = gap_abs / abs(x_T) if x_T != 0 else None
        if x_b is not None:
            assert b is not None  # the baseline's year, set with x_b
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
        if cagr_act is not None and req_base is not None and req_base != 0:
            rho = cagr_act / req_base
        elif pct is not None and tau:
            rho = pct / tau

    # 4. Status: the first rule that matches.
    if x_t is None:
        status = "no_data"
    else:
        assert t is not None  # x_t is the evaluated figure's value, t its year
        if meets(t_cmp, x_t, value, low, high):
            status = "met"
        elif t >= T:
            status = "missed"
            met_later = [o for o in later if meets(t_cmp, o[1], value, low, high)] if later else ()
            if met_later:
                notes.append(f"met later: {met_later[0][1]:g} in {met_later[0][0]}")
        elif t == b:
            status = "insufficient_data"
        elif baseline_meets:
            status = "moving_away"
        else:
            status = pace_status(rho)
    if later and evaluated:
        shown = ", ".join(f"{y}: {v:g}" for y, v in later)
        notes.append(f"figures after the target year ({shown}) do not change the verdict")
    if evaluated and evaluated[0] > T:
        notes.append(f"no figure up to {T}; evaluated the first later figure ({evaluated[0]})")
    if b_source == "first_actual":
        notes.append(f"no baseline in the plan: the first figure ({b}) is used")

    return Progress(
        t_cmp, b, x_b, b_source, T, value if t_cmp != "range" else None, low, high, t, x_t,
        tau, _finite(pct), _finite(sched), _finite(gap_abs), _finite(gap_rel), _finite(cagr_act),
        _finite(req_base), _finite(req_latest), _finite(proj_c), _finite(proj_l), _finite(rho),
        status, "; ".join(notes) if notes else "",
    )


def _finite(v: float | None) -> float | None:
    """Overflowing metrics (inf, nan) are reported as not defined."""
    return v if v is None or isfinite(v) else None
