"""A table that formats only the rows on screen, so 64,000 rows scroll as fast as 20.

Textual's DataTable measures and stores every cell of every row it is given; for a national
gap table that is seconds per change and hundreds of megabytes. Here the table holds the row
objects and a function that turns one into cells; `render_line` formats a row when it comes into
view and keeps a bounded cache of what it formatted. A cell is plain text and one Rich style
(text from data is never read as markup). Column widths are fixed (given by the screen), so
nothing is measured; a cell wider than its column ends in "…".

    table = GapTable(format_row=lambda r: [(r.name, ""), (str(r.value), "bold")], key_of=lambda r: r.id)
    table.set_columns([("name", "Name", 20), ("value", "Value", 8)])
    table.set_rows(rows)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

PADDING = 1  # blank cells either side of every column, as in DataTable
CACHE_ROWS = 2_000  # formatted rows kept; a screenful is ~50


class GapTable(ScrollView, can_focus=True):
    """Rows of cells with a header, a row cursor and zebra stripes; only visible rows are formatted."""

    COMPONENT_CLASSES = {"gap-table--header", "gap-table--cursor", "gap-table--stripe"}
    DEFAULT_CSS = """
    GapTable {
        background: $surface;
        color: $foreground;
        & > .gap-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .gap-table--stripe { background: $surface-lighten-1 50%; }
        &:dark > .gap-table--stripe { background: $surface-darken-1 40%; }
        & > .gap-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .gap-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First row", show=False),
        Binding("end", "last", "Last row", show=False),
        Binding("left", "scroll_left", "Left", show=False),
        Binding("right", "scroll_right", "Right", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class RowSelected(Message):
        """Enter on a row, or a click on the row under the cursor."""

        def __init__(self, table: GapTable, key: str, index: int) -> None:
            super().__init__()
            self.table, self.key, self.index = table, key, index

        @property
        def control(self) -> GapTable:
            return self.table

    class HeaderSelected(Message):
        """A click on a column's header."""

        def __init__(self, table: GapTable, column: str) -> None:
            super().__init__()
            self.table, self.column = table, column

        @property
        def control(self) -> GapTable:
            return self.table

    def __init__(self, format_row: Callable[[Any], Sequence[tuple[str, str]]], key_of: Callable[[Any], str], *,
                 fixed_columns: int = 0, header_lines: int = 1, id: str | None = None) -> None:
        super().__init__(id=id)
        self.header_lines = header_lines  # a label's lines are split at "\n"
        self.fixed_columns = fixed_columns  # the first columns stay put when the table scrolls sideways
        self.format_row = format_row
        self.key_of = key_of
        self.columns: list[tuple[str, str, int]] = []  # (key, label, width)
        self._edges: list[int] = [0]  # x where each column starts, then the total width
        self.rows: Sequence[Any] = []
        self._formatted: dict[int, Strip] = {}
        self._line_styles: dict[str, Style] = {}
        self._cell_styles: dict[tuple[str, int], Style] = {}

    # ── content ──────────────────────────────────────────────────────────────────
    def set_columns(self, columns: list[tuple[str, str, int]]) -> None:
        self.columns = list(columns)
        self._edges = [0, *accumulate(width + 2 * PADDING for _, _, width in self.columns)]
        self._changed()

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show these rows; the cursor stays on its row (the same object, else the same key) if shown."""
        index = 0
        if self.rows:
            current = self.rows[self.cursor_row]
            index = next((i for i, r in enumerate(rows) if r is current), -1)
            if index < 0:  # new row objects (the figures changed): find it by key
                key = self.key_of(current)
                index = next((i for i, r in enumerate(rows) if self.key_of(r) == key), 0)
        self.rows = rows
        self._changed()
        self.move_cursor(index)

    def refresh_rows(self) -> None:
        """The same rows with new contents (new figures): re-format what is on screen."""
        self._changed()

    def _changed(self) -> None:
        self._formatted.clear()
        self.virtual_size = Size(self._edges[-1], len(self.rows) + self.header_lines)
        self.refresh()

    # ── reading it (tests, the screen) ───────────────────────────────────────────
    @property
    def row_count(self) -> int:
        return len(self.rows)

    def key_at(self, index: int) -> str:
        return self.key_of(self.rows[index])

    def texts_at(self, index: int) -> list[str]:
        """The cells of a row as plain text."""
        return [text for text, _ in self.format_row(self.rows[index])]

    @property
    def selected_key(self) -> str | None:
        return self.key_at(self.cursor_row) if self.rows else None

    # ── cursor and scrolling ─────────────────────────────────────────────────────
    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_lines)

    def move_cursor(self, index: int) -> None:
        self.cursor_row = max(0, min(index, len(self.rows) - 1))
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self.page_rows:
            self.scroll_to(y=self.cursor_row - self.page_rows + 1, animate=False, immediate=True)

    def watch_cursor_row(self) -> None:
        self.refresh()

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self.page_rows)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.key_at(self.cursor_row), self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < self.header_lines:
            fixed = self._edges[min(self.fixed_columns, len(self.columns))]
            x = offset.x if offset.x < fixed else offset.x + round(self.scroll_x)
            column = bisect_right(self._edges, x) - 1
            if 0 <= column < len(self.columns):
                self.post_message(self.HeaderSelected(self, self.columns[column][0]))
            return
        index = round(self.scroll_y) + offset.y - self.header_lines
        if index >= len(self.rows):
            return
        if index == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(index)

    # ── drawing ──────────────────────────────────────────────────────────────────
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        x0 = round(self.scroll_x)
        if y < self.header_lines:
            strip, style = self._header_strip(y), self._line_style("header")
        else:
            index = round(self.scroll_y) + y - self.header_lines
            if index >= len(self.rows):
                return Strip.blank(width, self._line_style("plain"))
            strip = self._row_strip(index)
            style = self._line_style("cursor" if index == self.cursor_row else "stripe" if index % 2 else "plain")
        fixed = self._edges[min(self.fixed_columns, len(self.columns))]
        if not fixed or fixed >= width:
            return strip.crop_extend(x0, x0 + width, None).apply_style(style)
        return Strip.join([strip.crop_extend(0, fixed, None),
                           strip.crop_extend(fixed + x0, fixed + x0 + width - fixed, None)]).apply_style(style)

    def _line_style(self, kind: str) -> Style:
        """The widget's style plus the header, stripe or cursor style (kept until the CSS changes)."""
        style = self._line_styles.get(kind)
        if style is None:
            style = self.rich_style
            if kind != "plain":
                style += self.get_component_rich_style(f"gap-table--{kind}")
            self._line_styles[kind] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_styles.clear()

    def on_focus(self) -> None:
        self._line_styles.clear()

    def on_blur(self) -> None:
        self._line_styles.clear()

    def _header_strip(self, line: int = 0) -> Strip:
        """One line of the header: a label's lines are split at "\n" (header_lines of them)."""
        return self._cells_strip([((label.split("\n") + [""] * self.header_lines)[line], "")
                                  for _, label, _ in self.columns])

    def _row_strip(self, index: int) -> Strip:
        strip = self._formatted.get(index)
        if strip is None:
            if len(self._formatted) >= CACHE_ROWS:
                self._formatted.clear()
            strip = self._formatted[index] = self._cells_strip(self.format_row(self.rows[index]))
        return strip

    def _cells_strip(self, cells: Sequence[tuple[str, str]]) -> Strip:
        """One segment per cell, cut to its column ("…") or padded; no Rich layout (it is per row)."""
        pad = " " * PADDING
        segments = []
        for column, ((text, style), (_, _, width)) in enumerate(zip(cells, self.columns)):
            # Printable ASCII is one cell a character: most cells (numbers, ids) need no table lookup.
            size = len(text) if text.isascii() and text.isprintable() else cell_len(text)
            if size > width:
                text = set_cell_size(text, width - 1) + "…"
            else:
                text += " " * (width - size)
            segments.append(Segment(pad + text + pad, self._cell_style(style, column)))
        return Strip(segments, self._edges[-1])

    def _cell_style(self, style: str, column: int) -> Style:
        # The column in the style's meta keeps cells from merging into one segment: an SVG
        # screenshot places each segment at its own column, so a font whose CJK glyphs are not
        # exactly two cells wide cannot shift the columns after it.
        key = (style, column)
        cell_style = self._cell_styles.get(key)
        if cell_style is None:
            cell_style = self._cell_styles[key] = Style.parse(style) + Style.from_meta({"column": column})
        return cell_style
