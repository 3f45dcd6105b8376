"""The domain model: regions, indicators, plans, targets and document figures.

Named tuples (immutable, quick to create and to rebuild from the catalog cache's tuples) with
no behaviour beyond lookups; loaded from targets.toml by ``ectui.targets.loader`` and consumed by the
progress method, the report and the dashboard.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import NamedTuple

COMPARATORS = (">=", ">", "<=", "<", "~", "near", "range", "bool")
KINDS = ("number", "percent", "count", "boolean")
YEAR_MIN, YEAR_MAX = 1900, 2200  # the years a target, a baseline or a figure may be for
# A publication date as stored: a year, a month or a day (2016, 2016-05, 2016-05-18)
PUBLISHED_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


class TargetsError(Exception):
    """A targets.toml problem, located: ``file:line: key: message``. Here rather than in
    ectui.targets.loader, so that catching it does not import the TOML parser."""

    def __init__(self, path: str, message: str, line: int | None = None, key: str = ""):
        self.path, self.line, self.key, self.message = path, line, key, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")


class Region(NamedTuple):
    id: str
    name_zh: str
    name_en: str
    parent: str | None = None
    editors: tuple[str, ...] | None = None
    full_name: str = ""  # tells apart regions of one name (福州市鼓楼区, 南京市鼓楼区)

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


class Indicator(NamedTuple):
    id: str
    name_zh: str
    name_en: str
    unit: str
    kind: str = "number"
    full_name: str = ""  # tells apart indicators of one name

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


class Document(NamedTuple):
    id: str
    title: str
    title_en: str = ""
    publisher: str = ""  # who issued or published it (商务部, 国家统计局)
    published: str = ""  # when: an ISO date or as much of it as is known ("2016-12", "2016")
    url: str = ""  # where it can be read


class Plan(NamedTuple):
    id: str
    title: str
    title_en: str
    region: str
    start: int
    end: int
    source: str
    draft: bool = False  # 征求意见稿: a draft for comment, shown as such
    aims: tuple[str, ...] = ()  # qualitative aims, listed as written


    def name(self, lang: str = "zh") -> str:
        return self.title if lang == "zh" or not self.title_en else self.title_en


class Target(NamedTuple):
    """One quantitative target of a plan, for one region and indicator (docs/targets-toml.md)."""

    plan: str
    region: str
    indicator: str
    cmp: str
    year: int
    value: float | None  # in the indicator's canonical unit; None for a range
    low: float | None = None
    high: float | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    source: str = ""
    note: str = ""
    # A growth target (`growth = {rate, from}`): average annual growth of at least ``growth`` (a
    # fraction) from ``growth_from`` to ``year``; year-on-year growth has growth_from = year − 1.
    growth: float | None = None
    growth_from: int | None = None
    # A relative target (`multiple = 4`, 翻两番): ``multiple`` times the baseline year's figure.
    multiple: float | None = None
    at_plan_end: bool = False  # the plan gives no year: the target is due at the plan's end
    each_of: str | None = None  # set on a child's copy of a target that every child must meet

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.plan, self.region, self.indicator)

    @property
    def aim(self) -> str:
        """How the aimed value is given: "level" (the plan's number), "growth" or "multiple"."""
        return "growth" if self.growth is not None else "multiple" if self.multiple is not None else "level"


class Figure(NamedTuple):
    """A figure a document reports: stored as an actual when a workspace is created."""

    region: str
    indicator: str
    year: int
    value: float  # canonical unit
    entered: str  # the value as written in targets.toml, e.g. "20000余家"
    qualifier: str
    source: str
    note: str = ""
    publisher: str = ""  # the document's
    published: str = ""
    url: str = ""


class Catalog:
    """Everything targets.toml defines, with id lookups (docs/targets-toml.md).

    Filled once by a loader, then only read: the maps derived from it (children, report order,
    targets by region) are built on first use and kept.

    A catalog the cache loads for some regions only (``load_catalog(path, regions=[...])``) holds
    those regions, every region under them and every region above them, and the targets of the
    regions and those under them: what a report on them shows."""

    _FIELDS = ("path", "regions", "indicators", "documents", "plans", "targets", "figures")

    def __init__(self, path: str, regions: dict[str, Region] | None = None,
                 indicators: dict[str, Indicator] | None = None, documents: dict[str, Document] | None = None,
                 plans: dict[str, Plan] | None = None, targets: list[Target] | None = None,
                 figures: list[Figure] | None = None):
        self.path = path
        self.regions = {} if regions is None else regions
        self.indicators = {} if indicators is None else indicators
        self.documents = {} if documents is None else documents
        self.plans = {} if plans is None else plans
        self.targets = [] if targets is None else targets
        self.figures = [] if figures is None else figures

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    def __repr__(self) -> str:
        return (f"Catalog({self.path!r}, {len(self.regions)} regions, {len(self.indicators)} indicators, "
                f"{len(self.plans)} plans, {len(self.targets)} targets)")

    # ── the region hierarchy ─────────────────────────────────────────────────────────
    @cached_property
    def _children(self) -> dict[str | None, list[str]]:
        table: dict[str | None, list[str]] = {}
        for r in self.regions.values():
            table.setdefault(r.parent if r.parent in self.regions else None, []).append(r.id)
        return table

    def children(self, region_id: str) -> list[str]:
        return self._children.get(region_id, [])

    def descendants(self, region_id: str) -> list[str]:
        """The region and everything under it, parents before children (depth-first)."""
        out, todo = [], [region_id]
        while todo:
            out.append(todo.pop())
            todo.extend(reversed(self.children(out[-1])))
        return out

    @cached_property
    def _region_order(self) -> list[str]:
        return [r for root in self._children.get(None, []) for r in self.descendants(root)]

    def region_order(self) -> list[str]:
        """All regions, roots first, each followed by the regions under it (depth-first)."""
        return list(self._region_order)

    def depth(self, region_id: str) -> int:
        """How many regions are above this one."""
        d, r = 0, self.regions.get(region_id)
        while r is not None and r.parent in self.regions:
            d, r = d + 1, self.regions[r.parent]
        return d

    # ── targets in report order ──────────────────────────────────────────────────────
    @cached_property
    def _rank(self) -> dict[str, int]:
        """Each region's place in region_order."""
        return {r: i for i, r in enumerate(self._region_order)}

    def _report_key(self, numbered: tuple[int, Target]) -> tuple[int, int, int]:
        n, t = numbered
        return (self._plan_rank.get(t.plan, 0), self._rank.get(t.region, 0), n)

    @cached_property
    def _plan_rank(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.plans)}

    @cached_property
    def _targets_in_order(self) -> list[Target]:
        return [t for _, t in sorted(enumerate(self.targets), key=self._report_key)]

    def targets_in_order(self) -> list[Target]:
        """Targets grouped by plan (in plan order), then by region hierarchy, then in file order:
        the order of the report's rows."""
        return self._targets_in_order

    @cached_property
    def _numbered_by_region(self) -> dict[str, list[tuple[int, Target]]]:
        table: dict[str, list[tuple[int, Target]]] = {}
        for n, t in enumerate(self.targets):
            table.setdefault(t.region, []).append((n, t))
        return table

    def targets_of(self, regions: Iterable[str]) -> list[Target]:
        """The targets of these regions, in the order of targets_in_order (the dashboard asks for
        a dozen regions of a country's at a time)."""
        numbered = [item for r in set(regions) for item in self._numbered_by_region.get(r, ())]
        return [t for _, t in sorted(numbered, key=self._report_key)]

    @cached_property
    def _targeted(self) -> set[tuple[str, str]]:
        return {(t.region, t.indicator) for t in self.targets}

    def targeted(self) -> set[tuple[str, str]]:
        """(region, indicator) pairs that have a target; the others are monitored."""
        return self._targeted


class NewRevision(NamedTuple):
    """A revision to append; value None retracts the figure. A tuple: an import makes a million."""

    region: str
    indicator: str
    year: int
    value: float | None
    unit: str = ""
    qualifier: str = ""
    entered: str = ""
    source: str = ""
    note: str = ""
    publisher: str = ""  # who published the figure (国家统计局, 商务部, a research firm)
    published: str = ""  # when: YYYY, YYYY-MM or YYYY-MM-DD; "" counts as when it was recorded
    official: bool = True  # a non-official figure counts only where no official one exists
    url: str = ""
    period: str = ""  # "" for the whole year


class Revision(NamedTuple):
    """One row of the append-only store; value None means a retraction."""

    id: int
    region: str
    indicator: str
    year: int
    value: float | None
    unit: str  # as entered ("亿元", "万人", "" when none was written)
    qualifier: str
    entered: str
    source: str
    note: str
    author: str
    recorded_at: str  # UTC, ISO 8601 with "Z"
    publisher: str = ""
    published: str = ""
    official: bool = True
    url: str = ""
    period: str = ""


class Observation(NamedTuple):
    """The current figure of (region, indicator, year): its latest revision, if not retracted.

    A tuple (year, value, qualifier): a national workspace holds over a million of them."""

    year: int
    value: float
    qualifier: str = ""


class Series(Sequence):
    """The current figures of one (region, indicator), ordered by year: a sequence of Observation.

    Kept as two arrays (years, values) and the qualifiers only when one is set, because a
    national workspace holds 1.3 million figures; an Observation is made when one is read.

    >>> s = Series([2013, 2015], [1000.0, 1800.0], ("", "超过"))
    >>> s[-1], s.find(2013).value, len(s.upto(2014))
    (Observation(year=2015, value=1800.0, qualifier='超过'), 1000.0, 1)
    """

    __slots__ = ("years", "values", "qualifiers")

    def __init__(self, years: Iterable[int], values: Iterable[float], qualifiers: Sequence[str] | None = None):
        self.years = years if isinstance(years, array) else array("i", years)
        self.values = values if isinstance(values, array) else array("d", values)
        self.qualifiers = tuple(qualifiers) if qualifiers and any(qualifiers) else None

    @classmethod
    def from_arrays(cls, years: array, values: array, qualifiers: tuple[str, ...] | None) -> Series:
        """From arrays already typed and sorted, and qualifiers already None when all are empty
        (the packed store): no checks, as 64,000 of these are read for a national report."""
        series = cls.__new__(cls)
        series.years, series.values, series.qualifiers = years, values, qualifiers
        return series

    @classmethod
    def of(cls, observations: Iterable[Sequence]) -> Series:
        """From (year, value[, qualifier]) items, sorted by year."""
        items = sorted(observations, key=lambda o: o[0])
        return cls([o[0] for o in items], [o[1] for o in items], [o[2] if len(o) > 2 else "" for o in items])

    def __len__(self) -> int:
        return len(self.years)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return Series(self.years[i], self.values[i], self.qualifiers[i] if self.qualifiers else None)
        return Observation(self.years[i], self.values[i], self.qualifiers[i] if self.qualifiers else "")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Series({list(self)!r})"

    def upto(self, year: int) -> Series:
        """The figures of `year` and before."""
        return self[:bisect_right(self.years, year)]

    def find(self, year: int) -> Observation | None:
        i = bisect_left(self.years, year)
        return self[i] if i < len(self.years) and self.years[i] == year else None
