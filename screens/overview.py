"""The overview pane: a panel per region, each target a gauge (output.panels draws them)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static, TabPane

from ectui.method.rows import MonitoringRow, ProgressRow, each_groups
from ectui.output.cells import aims_lines, each_text, plan_heading
from ectui.output.panels import DrawnOnce, region_panel
from ectui.screens.messages import OpenTarget
from ectui.screens.state import DashboardState, row_key
from ectui.text import literal

# Above this many regions the overview shows one region and its children (a national workspace
# has 3,000+); below it, every region.
OVERVIEW_ALL_REGIONS = 60


TARGET_LINES = 3  # a gauge is three lines (more when its name wraps)


class GaugeList(VerticalScroll):
    """The region panels, scrolled; ↑/↓ move the cursor from target to target, Enter opens one."""

    BINDINGS = [Binding("up", "step(-1)", show=False), Binding("down", "step(1)", show=False),
                Binding("enter", "open", show=False)]

    class Step(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Open(Message):
        pass

    def action_step(self, step: int) -> None:
        self.post_message(self.Step(step))

    def action_open(self) -> None:
        self.post_message(self.Open())


class OverviewPane(TabPane):
    def __init__(self, title: str, state: DashboardState, **kwargs) -> None:
        super().__init__(title, **kwargs)
        self.state = state
        self.panels: dict[str, Static] = {}  # region id -> the panel showing it
        self.shown: dict[str, tuple[list[ProgressRow], list[MonitoringRow], list[str]]] = {}  # what each panel has
        self.order: list[tuple[str, int]] = []  # the targets shown, top to bottom: (region id, index in its panel)
        self.cursor = 0  # index in order
        self.unfold_monitoring = False  # m: every monitored indicator, also in panels with targets

    def compose(self) -> ComposeResult:
        yield Static(id="plan-line")
        yield GaugeList(id="regions")

    @property
    def selected(self) -> ProgressRow | None:
        """The target under the cursor."""
        if not self.order:
            return None
        region, index = self.order[self.cursor]
        return self.shown[region][0][index]

    @property
    def focus_region(self) -> str | None:
        """Large catalogs: the region whose subtree is shown (the dashboard's); None: every region."""
        return self.state.region if len(self.state.catalog.regions) > OVERVIEW_ALL_REGIONS else None

    @property
    def plan(self) -> str | None:
        return self.state.plan

    def regions_shown(self) -> list[str]:
        catalog = self.state.catalog
        if self.focus_region is None:
            return catalog.region_order()
        return [self.focus_region, *catalog.children(self.focus_region)]

    def show_region(self, region_id: str) -> None:
        """Draw again for the dashboard's region, with its panel at the top."""
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
        was = row_key(self.selected) if self.selected else None
        self.shown = {region_id: (by_region.get(region_id, []), monitoring_by.get(region_id, []),
                                  each_by.get(region_id, [])) for region_id in wanted}
        self.order = [(region_id, i) for region_id in wanted for i in range(len(self.shown[region_id][0]))]
        keys = [row_key(self.shown[region][0][i]) for region, i in self.order]
        self.cursor = keys.index(was) if was in keys else 0
        self.gauge_width = width
        for region_id in wanted:
            self.draw_panel(region_id)
        if self.plan is not None:  # a plan's qualitative aims; a plan without numeric targets says so
            plan_rows = any(r.plan.id == self.plan for r in rows) or any(t.plan == self.plan for t in catalog.targets)
            for line in aims_lines(catalog.plans[self.plan], lang, plan_rows):
                plan_line.append("\n" + line, style="")
        self.query_one("#plan-line", Static).update(plan_line)

    def draw_panel(self, region_id: str, layout: bool = True) -> None:
        """Draw a region's panel; ``layout=False`` when only the cursor moved (no height changes)."""
        rows, monitoring, each = self.shown[region_id]
        selected = self.order[self.cursor][1] if self.order and self.order[self.cursor][0] == region_id else None
        panel = self.panels[region_id]
        panel.display = bool(rows or monitoring or each)
        fold = bool(rows) and not self.unfold_monitoring  # a region without targets shows what it monitors
        panel.update(DrawnOnce(region_panel(self.state.catalog, region_id, rows, monitoring, self.state.lang,
                                            self.gauge_width, each, selected=selected, fold_monitoring=fold)),
                     layout=layout)

    def toggle_monitoring(self) -> None:
        self.unfold_monitoring = not self.unfold_monitoring
        for region_id in self.shown:
            self.draw_panel(region_id)

    def on_gauge_list_step(self, message: GaugeList.Step) -> None:
        if not self.order:
            return
        old = self.order[self.cursor][0]
        self.cursor = max(0, min(len(self.order) - 1, self.cursor + message.step))
        region, index = self.order[self.cursor]
        self.draw_panel(old, layout=False)
        if region != old:
            self.draw_panel(region, layout=False)

        def show() -> None:  # after the layout: the panel's place is known then
            panel = self.panels[region]
            top = panel.virtual_region.y + 1 + len(self.shown[region][2]) + TARGET_LINES * index
            self.query_one(GaugeList).scroll_to_region(Region(0, top, 1, TARGET_LINES), animate=False)
        self.call_after_refresh(show)

    def on_gauge_list_open(self, message: GaugeList.Open) -> None:
        if self.selected is not None:
            self.post_message(OpenTarget(row_key(self.selected)))
