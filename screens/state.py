"""What the dashboard shows, computed from the core: progress rows and monitoring rows.

The screens read this; nothing in screens/ computes progress. Rows are computed on demand: the
overview asks for the regions it shows (milliseconds, even in a national workspace), the gap
table for all of them (seconds there), and both are dropped when the store changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ectui.collector import freeze_long_lived
from ectui.db import RevisionStore as Store
from ectui.method.rows import (
    MonitoringRow,
    ProgressRow,
    Selection,
    build_monitoring,
    build_rows,
    latest_keys,
    with_latest_revisions,
)
from ectui.model import Catalog, NewRevision, Revision, Series
from ectui.recording.entry import check_figure
from ectui.recording.plausible import refuse_doubtful


def row_key(row: ProgressRow) -> str:
    t = row.target
    return f"{t.plan}|{t.region}|{t.indicator}|{t.year}|{t.aim}"  # a plan may set a level and a growth for one year


@dataclass
class DashboardState:
    catalog: Catalog
    store: Store
    lang: str = "zh"  # of names, headers and labels: "zh" or "en"
    version: int = -1
    current_year: int | None = None  # None: this calendar year (tests pin it)
    region: str = ""  # the region the dashboard is focused on (the breadcrumb); "" until set
    plan: str | None = None  # the plan the overview and the league table show; None: every plan
    _rows: list[ProgressRow] | None = None
    _monitoring: list[MonitoringRow] | None = None
    _by_region: dict[str, tuple[list[ProgressRow], list[MonitoringRow]]] = field(default_factory=dict)
    _index: dict[str, ProgressRow] | None = None

    def __post_init__(self) -> None:
        # The catalog stays all session (a national one is 250,000 objects). No widget exists
        # yet to leave garbage behind, so no collection first: first paint pays nothing.
        freeze_long_lived(collect=False)
        if not self.region and self.catalog.regions:
            self.region = self.catalog.region_order()[0]

    def next_plan(self) -> None:
        """Every plan, then each plan in turn."""
        plans = [None, *self.catalog.plans]
        self.plan = plans[(plans.index(self.plan) + 1) % len(plans)]

    def reload(self) -> None:
        """Forget computed rows; they are recomputed from the store when next asked for."""
        self._rows = self._monitoring = self._index = None
        self._by_region = {}
        self.version = self.store.data_version()

    def changed_elsewhere(self) -> bool:
        return self.store.data_version() != self.version

    @property
    def rows(self) -> list[ProgressRow]:
        if self._rows is None:
            current = self.store.current()
            self._rows = build_rows(self.catalog, current, current_year=self.current_year, parts=self.store.parts())
            self._monitoring = build_monitoring(self.catalog, current)
            freeze_long_lived()  # the whole country's rows, held until the store changes
        return self._rows

    @property
    def monitoring(self) -> list[MonitoringRow]:
        if self._monitoring is None:
            self.rows  # noqa: B018 - computes both
        assert self._monitoring is not None  # rows sets it with _rows
        return self._monitoring

    def for_regions(self, regions: list[str]) -> tuple[list[ProgressRow], list[MonitoringRow]]:
        """Rows and monitoring rows of these regions only (what the overview shows)."""
        if self._rows is not None:
            assert self._monitoring is not None  # set with _rows
            wanted = set(regions)
            return ([r for r in self._rows if r.region.id in wanted],
                    [m for m in self._monitoring if m.region.id in wanted])
        missing = [r for r in regions if r not in self._by_region]
        if missing:
            current = self.store.current(regions=missing)
            rows = build_rows(self.catalog, current, selection=Selection(regions=frozenset(missing)),
                              current_year=self.current_year, parts=self.store.parts(regions=missing))
            monitoring = build_monitoring(self.catalog, current, regions=missing)
            for region in missing:
                self._by_region[region] = ([r for r in rows if r.region.id == region],
                                           [m for m in monitoring if m.region.id == region])
        rows, monitoring = [], []
        for region in regions:
            rows += self._by_region[region][0]
            monitoring += self._by_region[region][1]
        return rows, monitoring

    def row(self, key: str) -> ProgressRow | None:
        if self._rows is None:
            region = key.split("|")[1] if key.count("|") == 4 else None
            if region in self.catalog.regions:
                return next((r for r in self.for_regions([region])[0] if row_key(r) == key), None)
        if self._index is None:
            self._index = {row_key(r): r for r in self.rows}
        return self._index.get(key)

    @property
    def user(self) -> str:
        """Who records: the OS user (on PostgreSQL, the database role)."""
        return self.store.writer

    def record(self, region: str, indicator: str, year: str, value: str, source: str = "",
               note: str = "") -> NewRevision:
        """Check a figure as typed in the form and record it, by the rules of `ectui set`
        (InputError or StoreError say why not)."""
        revision = check_figure(self.catalog, region, indicator, year, value, self.user, source=source, note=note)
        self.store.require_writable()
        refuse_doubtful(revision, self.store.current(regions=[revision.region]), self.catalog,
                        advice="if it is right, record it with `ectui set … --force`")
        self.store.record([revision])
        return revision

    def suggested_year(self, region: str, indicator: str) -> int:
        """The year a new figure is most likely for: the latest year up to last year without a figure
        within the plan periods of the region's targets for the indicator; else this year, if it is
        in a period and has none; else last year."""
        this_year = self.current_year or date.today().year
        periods = [(self.catalog.plans[t.plan].start, self.catalog.plans[t.plan].end)
                   for t in self.catalog.targets_of([region]) if t.indicator == indicator and t.region == region]
        have = set(self.store.current(regions=[region]).get((region, indicator), Series((), ())).years)
        missing = {y for start, end in periods for y in range(start, min(end, this_year) + 1) if y not in have}
        before = [y for y in missing if y < this_year]
        return max(before) if before else this_year if this_year in missing else this_year - 1

    def history(self, region: str, indicator: str) -> list[Revision]:
        return self.store.history(region, indicator)

    def with_latest_revision(self, row: ProgressRow) -> ProgressRow:
        """The row with the revision its evaluated figure comes from (who published it, when)."""
        return with_latest_revisions([row], self.store.counting_revisions(latest_keys([row])))[0]
