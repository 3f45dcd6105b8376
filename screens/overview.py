"""The overview pane: a panel per region, each target a gauge (output.panels draws them)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static, TabPane

from ectui.method.rows import MonitoringRow, ProgressRow, each_groups
from ectui.output.cells import aims_lines, each_text, plan_heading
from ectui.output.panels import DrawnOnce, region_panel
from ectui.screens.state import DashboardState
from ectui.text import literal

# Above this many regions the overview shows one region and its children (a national workspace
# has 3,000+); below it, every region.
OVERVIEW_ALL_REGIONS = 60


class OverviewPane(TabPane):
    def __init__(self, title: str, state: DashboardState, **kwargs) -> None:
        super().__init__(title, **kwargs)
        self.state = state
        self.plan: str | None = None  # None: all plans
        # Large catalogs: the region whose subtree is shown; None: every region.
        self.focus_region: str | None = None
        if len(state.catalog.regions) > OVERVIEW_ALL_REGIONS:
            self.focus_region = state.catalog.region_order()[0]
        self.panels: dict[str, Static] = {}  # region id -> the panel showing it

    def compose(self) -> ComposeResult:
        yield Static(id="plan-line")
        yield VerticalScroll(id="regions")

    def regions_shown(self) -> list[str]:
        catalog = self.state.catalog
        if self.focus_region is None:
            return catalog.region_order()
        return [self.focus_region, *catalog.children(self.focus_region)]

    def next_plan(self) -> None:
        plans = [None, *self.state.catalog.plans]
        self.plan = plans[(plans.index(self.plan) + 1) % len(plans)]
        self.refresh_rows()

    def jump_to(self, region_id: str) -> None:
        self.plan = None
        if self.focus_region is not None:
            self.focus_region = region_id
        self.refresh_rows()
        self.call_after_refresh(lambda: self.panels[region_id].scroll_visible(animate=False, top=True))

    def refresh_rows(self) -> None:
        catalog, lang = self.state.catalog, self.state.lang
        plan_title = (plan_heading(catalog.plans[self.plan], lang) if self.plan
                      else ("全部规划" if lang == "zh" else "All plans"))
        hint = "（p 切换规划）" if lang == "zh" else " (p: switch plan)"
        if self.focus_region is not None:
            name = literal(catalog.regions[self.focus_region].name(lang))
            hint += (f" · 地区 {name} 及下级（ctrl+p 跳转地区）" if lang == "zh"
                     else f" · region {name} and the regions under it (ctrl+p: jump to a region)")
        plan_line = Text(plan_title + hint, style="bold")
        width = max(10, min(40, (self.screen.size.width or 80) - 50))
        wanted = self.regions_shown()
        rows, monitoring = self.state.for_regions(wanted)
        # The panels are kept and given other regions, in hierarchy order: mounting a dozen new
        # widgets (styles, layout) and removing the old ones was a fifth of a switch of region.
        container = self.query_one("#regions", VerticalScroll)
        pool = list(container.query(".region-panel").results(Static))
        if len(pool) < len(wanted):
            more = [Static(classes="region-panel") for _ in range(len(wanted) - len(pool))]
            container.mount_all(more)
            pool += more
        for spare in pool[len(wanted):]:
            spare.display = False
        self.panels = dict(zip(wanted, pool))
        by_region: dict[str, list[ProgressRow]] = {}
        for r in rows:
            if self.plan is None or r.plan.id == self.plan:
                by_region.setdefault(r.region.id, []).append(r)
        monitoring_by: dict[str, list[MonitoringRow]] = {}
        if self.plan is None:
            for m in monitoring:
                monitoring_by.setdefault(m.region.id, []).append(m)
        each_by: dict[str, list[str]] = {}  # targets a region set for every region under it
        for parent, members in each_groups(r for rs in by_region.values() for r in rs):
            each_by.setdefault(parent, []).append(each_text(catalog, parent, members, lang))
        for region_id in wanted:
            region_rows = by_region.get(region_id, [])
            region_monitoring = monitoring_by.get(region_id, [])
            region_each = each_by.get(region_id, [])
            panel = self.panels[region_id]
            panel.display = bool(region_rows or region_monitoring or region_each)
            panel.update(DrawnOnce(region_panel(catalog, region_id, region_rows, region_monitoring, lang, width,
                                                region_each)))
        if self.plan is not None:  # a plan's qualitative aims; a plan without numeric targets says so
            plan_rows = any(r.plan.id == self.plan for r in rows) or any(t.plan == self.plan for t in catalog.targets)
            for line in aims_lines(catalog.plans[self.plan], lang, plan_rows):
                plan_line.append("\n" + line, style="")
        self.query_one("#plan-line", Static).update(plan_line)
