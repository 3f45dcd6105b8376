"""Command palette: jump to a region, an indicator or a plan (by messages to the dashboard)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message

from ectui.screens.dashboard import DashboardScreen
from ectui.screens.messages import FilterTable, JumpToRegion
from ectui.text import literal


class JumpProvider(Provider):
    def _entries(self) -> Iterator[tuple[str, Callable[[], object]]]:
        dashboard = next((s for s in self.app.screen_stack if isinstance(s, DashboardScreen)), None)
        if dashboard is None:
            return
        catalog = dashboard.state.catalog

        def send(message: Callable[[], Message]) -> Callable[[], object]:  # post_message's bool is unused
            return lambda: dashboard.post_message(message())
        for r in catalog.regions.values():
            yield literal(f"地区 Region: {r.name_zh} {r.name_en}"), send(partial(JumpToRegion, r.id))
        for i in catalog.indicators.values():
            yield literal(f"指标 Indicator: {i.name_zh} {i.name_en}"), send(partial(FilterTable, i.id))
        for p in catalog.plans.values():
            yield literal(f"规划 Plan: {p.title} {p.title_en}"), send(partial(FilterTable, "", p.id))

    async def discover(self) -> Hits:
        for text, action in self._entries():
            yield DiscoveryHit(Content(text), action, text=text)  # Content: names are never markup

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, Content(text), action, text=text)
