"""SVG snapshots of every screen at 80×24 and 120×40, in Chinese and English.

Reviewed by eye when they change (`pytest --snapshot-update`, then look at the SVGs in
tests/__snapshots__/); never regenerated blindly.
"""

from __future__ import annotations

import pytest

from tests.dashboard_fixtures import make_app, make_workspace

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh", "en"]


async def _open_detail(pilot):
    await pilot.press("2")
    table = pilot.app.screen.query_one("#gap-table")
    for i in range(table.row_count):
        if "|quanzhou|ec_transactions|" in table.key_at(i):
            table.move_cursor(i)
    await pilot.press("enter")
    await pilot.pause()


async def _open_record(pilot):
    await _open_detail(pilot)
    await pilot.press("r")
    await pilot.pause()


SCREENS = {
    "overview": None,
    "table": lambda pilot: pilot.press("2"),
    "detail": _open_detail,
    "record": _open_record,
    "help": lambda pilot: pilot.press("question_mark"),
    "league": lambda pilot: pilot.press("3", "enter"),  # Fujian's cities (China's provinces set none)
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen_snapshot(snap_compare, tmp_path_factory, screen, size, lang):
    ws = make_workspace(tmp_path_factory.mktemp("snap"))
    app = make_app(ws, lang=lang, refresh_seconds=3600)
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[screen])
