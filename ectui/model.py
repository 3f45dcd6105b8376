"""The domain model: regions, indicators, plans, targets and document figures.

Named tuples (immutable, quick to create and to rebuild from the catalog cache's tuples) with
no behaviour beyond lookups; loaded from targets.toml by ``ectui.targets`` and consumed by the
progress method, the report and the dashboard.
"""

from __future__ import annotations

from typing import NamedTuple

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence


COMPARATORS = (">=", ">", "<=", "<", "~", "near", "range", "bool")
KINDS = ("number", "percent", "count", "boolean")
YEAR_MIN, YEAR_MAX = 1900, 2200  # the years a target, a baseline or a figure may be for


class TargetsError(Exception):
    """A targets.toml problem, located: ``file:line: key: message``. Here rather than in
    ectui.targets, so that catching it does not import the TOML parser."""

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

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


class Indicator(NamedTuple):
    id: str
    name_zh: str
    name_en: str
    unit: str
    kind: str = "number"

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


class Document(NamedTuple):
    id: str
    title: str
    title_en: str = ""


class Plan(NamedTuple):
    id: str
    title: str
    title_en: str
    region: str
    start: int
    end: int
    source: str

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

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.plan, self.region, self.indicator)


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


class Catalog:
    """Everything targets.toml defines, with id lookups.

    A catalog the cache loads for some regions only (``load_catalog(path, subtrees=...)``) holds
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

    def children(self, region_id: str) -> list[str]:
        # Built once: a national catalog has 3,000+ regions and this is called for each of them.
        def build():
            table: dict[str | None, list[str]] = {}
            for r in self.regions.values():
                table.setdefault(r.parent, []).append(r.id)
            return table
        return self._derived("children", (len(self.regions),), build).get(region_id, [])

    def targeted(self) -> set[tuple[str, str]]:
        """(region, indicator) pairs that have a target; the others are monitored. Built once."""
        return self._derived("targeted", (len(self.targets),), lambda: {(t.region, t.indicator) for t in self.targets})

    def _derived(self, name: str, stamp: tuple, build):
        """A map derived from the catalog, built once; rebuilt if targets or regions were added."""
        name = "_derived_" + name  # kept in the instance, never in the way of a method
        cached = self.__dict__.get(name)
        if cached is None or cached[0] != stamp:
            cached = self.__dict__[name] = (stamp, build())
        return cached[1]

    def _ranks(self) -> tuple[dict[str, int], dict[str, int]]:
        """(plan rank, region rank): plans in file order, regions in hierarchy order."""
        return self._derived("ranks", (len(self.regions), len(self.plans)), lambda: (
            {p: i for i, p in enumerate(self.plans)}, {r: i for i, r in enumerate(self.region_order())}))

    def _in_report_order(self, numbered: list[tuple[int, Target]]) -> list[Target]:
        plan_rank, region_rank = self._ranks()
        numbered.sort(key=lambda item: (plan_rank.get(item[1].plan, 0), region_rank.get(item[1].region, 0), item[0]))
        return [t for _, t in numbered]

    def targets_in_order(self) -> list[Target]:
        """Targets grouped by plan (in plan order), then by region hierarchy, then in file order:
        the order of the report's rows. Built once."""
        return self._derived("in_order", (len(self.targets), len(self.regions), len(self.plans)),
                             lambda: self._in_report_order(list(enumerate(self.targets))))

    def targets_of(self, regions: Iterable[str]) -> list[Target]:
        """The targets of these regions, in the order of targets_in_order, without visiting or
        sorting the country's targets (the dashboard asks for a dozen regions at a time)."""
        def build():
            table: dict[str, list[tuple[int, Target]]] = {}
            for n, t in enumerate(self.targets):
                table.setdefault(t.region, []).append((n, t))
            return table
        table = self._derived("by_region", (len(self.targets),), build)
        return self._in_report_order([item for r in set(regions) for item in table.get(r, ())])

    def adopt_region_index(self, table: dict[str, list[tuple[int, Target]]]) -> None:
        """For a loader that has the targets grouped by region already: {region: [(position in
        self.targets, target)]}, so that targets_of needs no pass over all targets."""
        self._derived("by_region", (len(self.targets),), lambda: table)

    def descendants(self, region_id: str) -> list[str]:
        """The region and everything under it, parents before children."""
        out = [region_id]
        for child in self.children(region_id):
            out.extend(self.descendants(child))
        return out

    def region_order(self) -> list[str]:
        """All regions, roots first, each followed by its children (depth-first). Built once."""
        def build():
            out: list[str] = []
            for r in self.regions.values():
                if r.parent is None or r.parent not in self.regions:
                    out.extend(self.descendants(r.id))
            return out
        return list(self._derived("region_order", (len(self.regions),), build))

    def adopt_region_order(self, order: list[str]) -> None:
        """Take ``region_order`` as a loader already has it (the catalog cache stores the
        regions in this order) instead of walking the hierarchy again."""
        self.__dict__["_derived_region_order"] = ((len(self.regions),), order)

    def depth(self, region_id: str) -> int:
        d, r = 0, self.regions.get(region_id)
        while r and r.parent and r.parent in self.regions and d < 50:
            d, r = d + 1, self.regions[r.parent]
        return d


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
