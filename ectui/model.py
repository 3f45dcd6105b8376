"""The domain model: regions, indicators, plans, targets and document figures.

Plain frozen dataclasses with no behaviour beyond lookups; loaded from targets.toml by
``ectui.targets`` and consumed by the progress method, the report and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

COMPARATORS = (">=", ">", "<=", "<", "~", "near", "range", "bool")
KINDS = ("number", "percent", "count", "boolean")


@dataclass(frozen=True)
class Region:
    id: str
    name_zh: str
    name_en: str
    parent: str | None = None
    editors: tuple[str, ...] | None = None

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    unit: str
    kind: str = "number"

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    title_en: str = ""


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    title_en: str
    region: str
    start: int
    end: int
    source: str

    def name(self, lang: str = "zh") -> str:
        return self.title if lang == "zh" or not self.title_en else self.title_en


@dataclass(frozen=True)
class Target:
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


@dataclass(frozen=True)
class Figure:
    """A figure a document reports: stored as an actual when a workspace is created."""

    region: str
    indicator: str
    year: int
    value: float  # canonical unit
    entered: str  # the value as written in targets.toml, e.g. "20000余家"
    qualifier: str
    source: str
    note: str = ""


@dataclass
class Catalog:
    """Everything targets.toml defines, with id lookups."""

    path: str
    regions: dict[str, Region] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def children(self, region_id: str) -> list[str]:
        # Built once: a national catalog has 3,000+ regions and this is called for each of them.
        kids = self.__dict__.get("_children")
        if kids is None or kids[0] != len(self.regions):
            table: dict[str | None, list[str]] = {}
            for r in self.regions.values():
                table.setdefault(r.parent, []).append(r.id)
            kids = self.__dict__["_children"] = (len(self.regions), table)
        return kids[1].get(region_id, [])

    def descendants(self, region_id: str) -> list[str]:
        """The region and everything under it, parents before children."""
        out = [region_id]
        for child in self.children(region_id):
            out.extend(self.descendants(child))
        return out

    def region_order(self) -> list[str]:
        """All regions, roots first, each followed by its children (depth-first)."""
        out: list[str] = []
        for r in self.regions.values():
            if r.parent is None or r.parent not in self.regions:
                out.extend(self.descendants(r.id))
        return out

    def depth(self, region_id: str) -> int:
        d, r = 0, self.regions.get(region_id)
        while r and r.parent and r.parent in self.regions and d < 50:
            d, r = d + 1, self.regions[r.parent]
        return d


@dataclass(frozen=True)
class Revision:
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
