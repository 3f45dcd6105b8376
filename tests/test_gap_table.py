"""The virtual gap table: formats only what is on screen, keeps its cursor, reads clicks."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import App, ComposeResult

from ectui.screens.gap_table import GapTable

ROWS = 20_000
COLUMNS = [("id", "Id", 6), ("name", "名称", 8), ("value", "Value", 7)]


@dataclass
class Item:
    id: str
    name: str
    value: int


def items(n: int = ROWS) -> list[Item]:
    return [Item(f"r{i}", f"网上采购额占比{i}" if i % 3 == 0 else f"[bold]n{i}[/]", i) for i in range(n)]


class TableApp(App):
    def __init__(self, rows: list[Item]) -> None:
        super().__init__()
        self.initial = rows
        self.formatted: list[str] = []
        self.messages: list[tuple[str, str]] = []

    def format_row(self, item: Item) -> list[tuple[str, str]]:
        self.formatted.append(item.id)
        return [(item.id, ""), (item.name, ""), (str(item.value), "bold red" if item.value % 2 else "")]

    def compose(self) -> ComposeResult:
        yield GapTable(self.format_row, lambda item: item.id, id="t")

    def on_mount(self) -> None:
        table = self.query_one(GapTable)
        table.set_columns(COLUMNS)
        table.set_rows(self.initial)
        table.focus()

    def on_gap_table_row_selected(self, event: GapTable.RowSelected) -> None:
        self.messages.append(("row", event.key))

    def on_gap_table_header_selected(self, event: GapTable.HeaderSelected) -> None:
        self.messages.append(("header", event.column))


def screen_lines(table: GapTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_only_visible_rows_are_formatted_and_paging_moves_by_a_screen():
    app = TableApp(items())
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(GapTable)
        await pilot.pause()
        page = table.page_rows
        assert table.row_count == ROWS
        assert 0 < len(set(app.formatted)) <= page + 1  # not 20,000
        await pilot.press("pagedown")
        assert table.cursor_row == page
        await pilot.press("down", "down", "up")
        assert table.cursor_row == page + 1
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == ROWS - 1
        lines = screen_lines(table)
        assert lines[0].split()[:3] == ["Id", "名称", "Value"]
        assert f"r{ROWS - 1}" in lines[-1] or f"r{ROWS - 1}" in lines[-2]  # the last row is on screen
        assert len(set(app.formatted)) <= 3 * (page + 1)  # a screen at the top, one page down, the end
        await pilot.press("home")
        assert table.cursor_row == 0 and round(table.scroll_y) == 0


async def test_cells_are_cut_to_their_column_and_shown_literally():
    app = TableApp(items(10))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(GapTable)
        lines = screen_lines(table)
        first, second = lines[1], lines[2]
        assert "网上采 …" in first  # 8 cells: three CJK characters, a space (no half character), "…"
        assert "[bold]n…" in second  # markup in data is text, never styling
        strip = table.render_line(1)
        assert strip.cell_length == table.scrollable_content_region.width
        widths = [cell_len(seg.text) for seg in table._row_strip(0)]
        assert widths == [w + 2 for _, _, w in COLUMNS]  # one segment per cell, padded to its column
        styled = [seg for seg in table._row_strip(1) if seg.style and seg.style.color]
        assert [seg.text.strip() for seg in styled] == ["1"]  # the row's style reaches its cell only


async def test_clicks_sort_by_header_open_the_cursor_row_and_move_to_others():
    app = TableApp(items(50))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(GapTable)
        await pilot.click("#t", offset=(10, 0))  # x 8..17 is the second column
        assert app.messages == [("header", "name")]
        await pilot.click("#t", offset=(2, 3))  # the third row: moves the cursor there
        assert table.cursor_row == 2 and app.messages == [("header", "name")]
        await pilot.click("#t", offset=(2, 3))  # again: opens it
        await pilot.press("enter")
        await pilot.pause()
        assert app.messages[1:] == [("row", "r2"), ("row", "r2")]


async def test_new_rows_keep_the_cursor_on_its_row():
    rows = items(100)
    app = TableApp(rows)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(GapTable)
        table.move_cursor(40)
        table.set_rows(list(reversed(rows)))  # the same objects in another order
        assert table.selected_key == "r40" and table.cursor_row == 59
        table.set_rows([Item(r.id, r.name, r.value + 1) for r in rows])  # new objects: found by key
        assert table.selected_key == "r40" and table.cursor_row == 40
        table.set_rows(rows[:10])  # its row is gone: the top
        assert table.cursor_row == 0
        table.set_rows([])
        assert table.selected_key is None
        await pilot.press("down", "enter")
        assert app.messages == []
