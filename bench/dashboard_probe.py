"""Headless dashboard timings on a workspace (used by bench/run): prints name=value lines.

    python bench/dashboard_probe.py WORKSPACE

Interactive steps (switch region, filter, scroll) are measured in CPU seconds of this process:
Textual's test pilot waits for idleness by sleeping in 20 ms slices, so the wall time of a step
is mostly the pilot's sleeping. The floor is the same measure for a key that does nothing.
First paint and opening the table are wall times.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time


async def probe(path: str) -> dict[str, float]:
    t0 = time.perf_counter()
    from textual.widgets import Select

    from ectui.recording.workspace import resolve
    from ectui.screens.app import EctuiApp
    from ectui.screens.gap_table import GapTable
    from ectui.screens.messages import JumpToRegion
    ws = resolve(path)
    catalog = ws.load()
    app = EctuiApp(catalog, ws.open_store(catalog), refresh_seconds=3600)
    out: dict[str, float] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        out["first_paint"] = time.perf_counter() - t0
        screen = app.screen
        regions = catalog.region_order()
        provinces = [r for r in regions if catalog.regions[r].parent == regions[0]][:5]
        best = float("inf")  # best of a few provinces, as the command-line figures are best of runs
        for other in provinces[::-1]:
            t = time.process_time()
            screen.post_message(JumpToRegion(other))
            await pilot.pause()
            best = min(best, time.process_time() - t)
        out["switch_region"] = best
        t = time.perf_counter()
        await pilot.press("2")
        await pilot.pause()
        out["table_build"] = time.perf_counter() - t
        table = screen.query_one("#gap-table", GapTable)
        out["table_rows"] = table.row_count
        table.focus()
        await pilot.pause()
        steps = 20
        t, wall = time.process_time(), time.perf_counter()
        for _ in range(steps):
            await pilot.press("pagedown")
            await pilot.pause()
        out["scroll_step"] = (time.process_time() - t) / steps
        out["scroll_step_wall"] = (time.perf_counter() - wall) / steps
        t = time.process_time()
        for _ in range(steps):
            await pilot.press("f12")  # bound to nothing
            await pilot.pause()
        out["key_floor"] = (time.process_time() - t) / steps
        best = float("inf")
        for other in provinces:
            t = time.process_time()
            screen.query_one("#filter-region", Select).value = other
            await pilot.pause()
            best = min(best, time.process_time() - t)
        out["switch_filter"] = best
        # the league table: the country's provinces, then drilling into one and back up
        await pilot.press("3")
        await pilot.pause()
        best = float("inf")
        for _ in provinces:
            t = time.process_time()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("backspace")
            await pilot.pause()
            best = min(best, (time.process_time() - t) / 2)
        out["league_drill"] = best
        # the overview's cursor, target to target
        await pilot.press("1")
        await pilot.pause()
        t = time.process_time()
        for _ in range(steps):
            await pilot.press("down")
            await pilot.pause()
        out["cursor_step"] = (time.process_time() - t) / steps
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


if __name__ == "__main__":
    for key, value in asyncio.run(probe(sys.argv[1])).items():
        print(f"{key}={value:.4f}")
