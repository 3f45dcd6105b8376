"""Progress rows: targets + stored figures -> one row per target, plus monitoring rows.

The report and the dashboard both render these rows; neither computes progress itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ectui.method.progress import Progress, evaluate
from ectui.model import Catalog, Indicator, Observation, Plan, Region, Revision, Series, Target
from ectui.periods import PartFigure, latest_year_to_date


class ProgressRow(NamedTuple):
    target: Target
    plan: Plan
    region: Region
    indicator: Indicator
    progress: Progress
    latest: Observation | None  # the evaluated figure, with its qualifier
    observations: Series
    # the latest year-to-date figure of a year after ``latest``'s, up to the target year (1-9月):
    # shown, never judged
    provisional: PartFigure | None = None
    # the revision ``latest`` comes from (publisher, publication date), where the caller looked it up
    latest_revision: Revision | None = None

    @property
    def status(self) -> str:
        return self.progress.status


class MonitoringRow(NamedTuple):
    """An indicator a region has figures for but no target: latest value and trend."""

    region: Region
    indicator: Indicator
    observations: Series

    @property
    def latest(self) -> Observation:
        return self.observations[-1]

    @property
    def previous(self) -> Observation | None:
        return self.observations[-2] if len(self.observations) > 1 else None


class Selection(NamedTuple):
    plans: frozenset[str] | None = None
    regions: frozenset[str] | None = None  # already expanded to children
    statuses: frozenset[str] | None = None


def _this_year() -> int:
    import time  # not datetime: a report should not pay for importing it
    return time.localtime().tm_year


NO_FIGURES = Series((), ())


def series(figures: Series | Iterable[Observation]) -> Series:
    """The store gives Series; callers with a plain list of Observations (tests) get one too."""
    return figures if isinstance(figures, Series) else Series.of(figures)


def build_rows(catalog: Catalog, current: dict[tuple[str, str], Series],
               as_of: int | None = None, selection: Selection = Selection(),
               current_year: int | None = None,
               parts: dict[tuple[str, str], list[PartFigure]] | None = None) -> list[ProgressRow]:
    """One row per target, in targets.toml order grouped by plan then region hierarchy. ``parts``
    (Store.parts) gives each row its provisional year-to-date figure."""
    year_now = current_year or _this_year()
    plans, regions, indicators = catalog.plans, catalog.regions, catalog.indicators
    want_plans, want_regions, want_statuses = selection.plans, selection.regions, selection.statuses
    figures_of = current.get
    rows = []
    wanted = catalog.targets_in_order() if want_regions is None else catalog.targets_of(want_regions)
    for t in wanted:
        if want_plans is not None and t.plan not in want_plans:
            continue
        obs = series(figures_of((t.region, t.indicator), NO_FIGURES))
        if as_of is not None:
            obs = obs.upto(as_of)
        plan = plans[t.plan]
        progress = evaluate(t, obs, as_of, year_now, plan.start)
        if want_statuses is not None and progress.status not in want_statuses:
            continue
        latest = None
        if progress.latest_value is not None:
            assert progress.eval_year is not None  # the year of latest_value
            latest = obs.find(progress.eval_year)
        provisional = None
        if parts:
            found = parts.get((t.region, t.indicator))
            if found:
                # of a year up to the target's (later figures do not change the verdict) and the evaluation's
                upto = t.year if as_of is None else min(as_of, t.year)
                provisional = latest_year_to_date(found, latest.year if latest else None, upto)
        rows.append(ProgressRow(t, plan, regions[t.region], indicators[t.indicator], progress, latest, obs,
                                provisional))
    return rows


def with_latest_revisions(rows: list[ProgressRow],
                          revisions: dict[tuple[str, str, int], Revision]) -> list[ProgressRow]:
    """The rows with the revision each evaluated figure comes from (Store.counting_revisions of
    ``latest_keys(rows)``): its publisher and publication date are shown beside it."""
    return [r._replace(latest_revision=revisions.get((r.region.id, r.indicator.id, r.latest.year)))
            if r.latest is not None else r for r in rows]


def latest_keys(rows: Iterable[ProgressRow]) -> set[tuple[str, str, int]]:
    """(region, indicator, year) of each row's evaluated figure."""
    return {(r.region.id, r.indicator.id, r.latest.year) for r in rows if r.latest is not None}


def plans_shown(catalog: Catalog, rows: list[ProgressRow], selection: Selection = Selection()) -> list[Plan]:
    """The plans a report shows, in targets.toml order: those with rows, and those with qualitative
    aims or no numeric target at all (listed, never dropped), within the plan and region selection."""
    with_rows = {r.plan.id for r in rows}
    with_targets = {t.plan for t in catalog.targets}
    shown = []
    for plan in catalog.plans.values():
        if plan.id in with_rows:
            shown.append(plan)
        elif selection.statuses is None and (selection.plans is None or plan.id in selection.plans) \
                and (selection.regions is None or plan.region in selection.regions) \
                and (plan.aims or plan.id not in with_targets):
            shown.append(plan)
    return shown


def each_groups(rows: Iterable[ProgressRow]) -> list[tuple[str, list[ProgressRow]]]:
    """Rows of targets every child region must meet (``each = "children"``), by the region that set
    them: [(parent region id, the children's rows)], one group per (parent, indicator, year)."""
    groups: dict[tuple[str, str, int], list[ProgressRow]] = {}
    for r in rows:
        if r.target.each_of is not None:
            groups.setdefault((r.target.each_of, r.indicator.id, r.target.year), []).append(r)
    return [(key[0], members) for key, members in groups.items()]


def build_monitoring(catalog: Catalog, current: dict[tuple[str, str], Series],
                     as_of: int | None = None, regions: Iterable[str] | None = None) -> list[MonitoringRow]:
    wanted = set(regions) if regions is not None else None
    # A few regions (the dashboard): their own targets, not a set of the country's.
    targeted = catalog.targeted() if wanted is None else {(t.region, t.indicator) for t in catalog.targets_of(wanted)}
    order = {r: i for i, r in enumerate(catalog.region_order())}
    ind_order = {i: n for n, i in enumerate(catalog.indicators)}
    out = []
    for (region, indicator), obs in current.items():
        if (region, indicator) in targeted or region not in catalog.regions or indicator not in catalog.indicators:
            continue
        if wanted is not None and region not in wanted:
            continue
        obs = series(obs)
        if as_of is not None:
            obs = obs.upto(as_of)
        if obs:
            out.append(MonitoringRow(catalog.regions[region], catalog.indicators[indicator], obs))
    out.sort(key=lambda m: (order.get(m.region.id, 0), ind_order.get(m.indicator.id, 0)))
    return out
