"""A league table: the regions under one region, side by side on the same indicators.

    table = league(catalog, rows, "fujian", plan="fujian-14th")
    for row in sort_league(table, "behind"):
        print(row.region.name_zh, row.behind, [row.cells.get(i) for i in table.columns])

One row per child region (in the catalog's order; one without targets too, so that a person can
drill through it to the regions under it), one column per indicator that at least one of them has
a target on. A child with several targets on one indicator (two plans, or a level and a
growth target) shows one: the plan that ends last, then the latest target year, then the region's
own target before one its parent set for every region under it, then the plan's own number (a
level) before a derived one. The detail view and the gap table have the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ectui.method.rows import ProgressRow
from ectui.model import Catalog, Region

# What "behind" means in a filter or a count: the verdicts a plan office has to explain.
BEHIND = frozenset({"missed", "moving_away", "insufficient", "moderate", "awaiting_final"})
# The order "worst first" sorts by: failed, then going the wrong way, then slow; unknowns after
# the slow ones (someone has to record a figure); good news last.
WORST_FIRST = ("missed", "moving_away", "insufficient", "awaiting_final", "moderate", "insufficient_data",
               "no_data", "not_started", "on_track", "met")
SEVERITY = {status: rank for rank, status in enumerate(WORST_FIRST)}
_AIM_ORDER = {"level": 0, "growth": 1, "multiple": 2}


class LeagueRow(NamedTuple):
    region: Region
    cells: dict[str, ProgressRow]  # indicator id -> the target shown for it

    @property
    def behind(self) -> int:
        """How many of the row's targets are behind (BEHIND)."""
        return sum(r.status in BEHIND for r in self.cells.values())


class League(NamedTuple):
    parent: str  # the region whose children these are
    plan: str | None  # None: every plan
    columns: list[str]  # indicator ids, in the catalog's order
    rows: list[LeagueRow]


def _preference(row: ProgressRow) -> tuple[int, int, bool, int]:
    return (-row.plan.end, -row.target.year, row.target.each_of is not None, _AIM_ORDER[row.target.aim])


def league(catalog: Catalog, rows: Iterable[ProgressRow], parent: str, plan: str | None = None) -> League:
    """The children of ``parent`` × the indicators their targets (of ``plan``, or of any plan) are on."""
    children = catalog.children(parent)
    wanted = set(children)
    chosen: dict[str, dict[str, ProgressRow]] = {child: {} for child in children}
    for r in rows:
        if r.region.id not in wanted or (plan is not None and r.plan.id != plan):
            continue
        cells = chosen[r.region.id]
        held = cells.get(r.indicator.id)
        if held is None or _preference(r) < _preference(held):
            cells[r.indicator.id] = r
    used = {indicator for cells in chosen.values() for indicator in cells}
    columns = [i for i in catalog.indicators if i in used]
    return League(parent, plan, columns,
                  [LeagueRow(catalog.regions[child], chosen[child]) for child in children])


def sort_value(row: LeagueRow, column: str) -> tuple:
    """Ascending order is worst first, for every column but the region's name:
    the most targets behind, or on an indicator the worst status, then the least achieved."""
    if column == "region":
        return (row.region.name_zh, row.region.id)
    if column == "behind":
        if not row.cells:  # no targets: after every region with some
            return (1, 0, 0.0, row.region.id)
        worst = min((SEVERITY[r.status] for r in row.cells.values()), default=len(WORST_FIRST))
        achieved = [r.progress.pct_achieved for r in row.cells.values() if r.progress.pct_achieved is not None]
        return (0, -row.behind, worst, sum(achieved) / len(achieved) if achieved else float("inf"), row.region.id)
    cell = row.cells.get(column)
    if cell is None:  # no target on this indicator: after every region that has one
        return (len(WORST_FIRST) + 1, 0.0, row.region.id)
    pct = cell.progress.pct_achieved
    return (SEVERITY[cell.status], pct if pct is not None else float("inf"), row.region.id)


def sort_league(table: League, column: str = "behind", reverse: bool = False) -> list[LeagueRow]:
    return sorted(table.rows, key=lambda r: sort_value(r, column), reverse=reverse)
