"""What the dashboard shows, computed from the core: progress rows and monitoring rows.

The screens read this; nothing in screens/ computes progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ectui.db import Store
from ectui.db.store import data_version
from ectui.model import Catalog
from ectui.rows import MonitoringRow, ProgressRow, build_monitoring, build_rows


def row_key(row: ProgressRow) -> str:
    t = row.target
    return f"{t.plan}|{t.region}|{t.indicator}|{t.year}"


@dataclass
class DashboardState:
    catalog: Catalog
    store: Store
    rows: list[ProgressRow] = field(default_factory=list)
    monitoring: list[MonitoringRow] = field(default_factory=list)
    version: int = -1
    current_year: int | None = None  # None: this calendar year (tests pin it)

    def reload(self) -> None:
        current = self.store.current()
        self.rows = build_rows(self.catalog, current, current_year=self.current_year)
        self.monitoring = build_monitoring(self.catalog, current)
        self.version = data_version(self.store)

    def changed_elsewhere(self) -> bool:
        return data_version(self.store) != self.version

    def row(self, key: str) -> ProgressRow | None:
        return next((r for r in self.rows if row_key(r) == key), None)
