"""Headless dashboard timings on a workspace (used by bench/run): prints name=value lines.

    python bench/dashboard_probe.py WORKSPACE
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time


async def probe(path: str) -> dict[str, float]:
    t0 = time.perf_counter()
    from textual.widgets import DataTable, Select

    from ectui.screens.app import EctuiApp
    from ectui.workspace import resolve
    ws = resolve(path)
    catalog = ws.load()
    app = EctuiApp(catalog, ws.open_store(catalog), refresh_seconds=3600)
    out: dict[str, float] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        out["first_paint"] = time.perf_counter() - t0
        screen = app.screen
        regions = catalog.region_order()
        province = next(r for r in regions if catalog.regions[r].parent == regions[0])
        t = time.perf_counter()
        screen.jump_to_region(province)
        await pilot.pause()
        out["switch_region"] = time.perf_counter() - t
        t = time.perf_counter()
        await pilot.press("2")
        await pilot.pause()
        out["table_build"] = time.perf_counter() - t
        table = screen.query_one("#gap-table", DataTable)
        out["table_rows"] = table.row_count
        table.focus()
        await pilot.pause()
        steps = 20
        t = time.perf_counter()
        for _ in range(steps):
            await pilot.press("pagedown")
            await pilot.pause()
        out["scroll_step"] = (time.perf_counter() - t) / steps
        t = time.perf_counter()
        screen.query_one("#filter-region", Select).value = province
        await pilot.pause()
        out["switch_filter"] = time.perf_counter() - t
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


if __name__ == "__main__":
    for key, value in asyncio.run(probe(sys.argv[1])).items():
        print(f"{key}={value:.4f}")
