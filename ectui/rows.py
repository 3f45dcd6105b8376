"""Progress rows: targets + stored figures -> one row per target, plus monitoring rows.

The report and the dashboard both render these rows; neither computes progress itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ectui.model import Catalog, Indicator, Observation, Plan, Region, Series, Target
from ectui.progress import Progress, evaluate


@dataclass(frozen=True, slots=True)  # slots: a national workspace has 64,000 of these
class ProgressRow:
    target: Target
    plan: Plan
    region: Region
    indicator: Indicator
    progress: Progress
    latest: Observation | None  # the evaluated figure, with its qualifier and source
    observations: Series

    @property
    def status(self) -> str:
        return self.progress.status


@dataclass(frozen=True, slots=True)  # slots: a national workspace has 64,000 of these
class MonitoringRow:
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


@dataclass(frozen=True)
class Selection:
    plans: frozenset[str] | None = None
    regions: frozenset[str] | None = None  # already expanded to children
    statuses: frozenset[str] | None = None


NO_FIGURES = Series((), ())


def series(figures: Series | Iterable[Observation]) -> Series:
    """The store gives Series; callers with a plain list of Observations (tests) get one too."""
    return figures if isinstance(figures, Series) else Series.of(figures)


def build_rows(catalog: Catalog, current: dict[tuple[str, str], Series],
               as_of: int | None = None, selection: Selection = Selection(),
               current_year: int | None = None) -> list[ProgressRow]:
    """One row per target, in targets.toml order grouped by plan then region hierarchy."""
    year_now = current_year or date.today().year
    order = {r: i for i, r in enumerate(catalog.region_order())}
    plan_order = {p: i for i, p in enumerate(catalog.plans)}
    rows = []
    for n, t in enumerate(catalog.targets):
        if selection.plans is not None and t.plan not in selection.plans:
            continue
        if selection.regions is not None and t.region not in selection.regions:
            continue
        obs = series(current.get((t.region, t.indicator), NO_FIGURES))
        if as_of is not None:
            obs = obs.upto(as_of)
        progress = evaluate(t, obs, as_of=as_of, current_year=year_now)
        latest = obs.find(progress.eval_year) if progress.latest_value is not None else None
        row = ProgressRow(t, catalog.plans[t.plan], catalog.regions[t.region],
                          catalog.indicators[t.indicator], progress, latest, obs)
        if selection.statuses is not None and row.status not in selection.statuses:
            continue
        rows.append((plan_order[t.plan], order.get(t.region, 0), n, row))
    return [r for *_, r in sorted(rows, key=lambda x: x[:3])]


def build_monitoring(catalog: Catalog, current: dict[tuple[str, str], Series],
                     as_of: int | None = None, regions: Iterable[str] | None = None) -> list[MonitoringRow]:
    targeted = catalog.targeted()
    wanted = set(regions) if regions is not None else None
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
