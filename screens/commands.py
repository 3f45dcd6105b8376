"""Command palette: jump to a region, an indicator or a plan."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ectui.text import literal


class JumpProvider(Provider):
    def _entries(self):
        app = self.app
        catalog = app.state.catalog
        screen = next((s for s in app.screen_stack if hasattr(s, "jump_to_region")), None)
        if screen is None:
            return
        for r in catalog.regions.values():
            yield literal(f"地区 Region: {r.name_zh} {r.name_en}"), partial(screen.jump_to_region, r.id)
        for i in catalog.indicators.values():
            yield literal(f"指标 Indicator: {i.name_zh} {i.name_en}"), partial(screen.filter_table, i.id)
        for p in catalog.plans.values():
            yield literal(f"规划 Plan: {p.title} {p.title_en}"), partial(screen.filter_table, "", p.id)

    async def discover(self) -> Hits:
        for text, action in self._entries():
            yield DiscoveryHit(Content(text), action, text=text)  # Content: names are never markup

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, Content(text), action, text=text)
