"""The revisions of one (region, indicator) as a Rich table."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ectui.model import Indicator, Region, Revision
from ectui.numbers import format_number
from ectui.text import literal


def history_table(region: Region, indicator: Indicator, revisions: list[Revision]) -> Table:
    table = Table(title=Text(f"{literal(region.name_zh)} · {literal(indicator.name_zh)} ({indicator.unit})"),
                  title_justify="left", expand=False)
    for col in ("year", "value", "as entered", "source", "note", "by", "recorded (UTC)"):
        table.add_column(col, overflow="fold")
    for r in revisions:
        value = "retracted" if r.value is None else (
            f"{r.qualifier} " if r.qualifier else "") + format_number(r.value, indicator.unit)
        table.add_row(str(r.year), Text(value), Text(literal(r.entered)), Text(literal(r.source)),
                      Text(literal(r.note)), Text(literal(r.author)), r.recorded_at[:19].replace("T", " "))
    if not revisions:
        table.add_row("–", "no revisions yet", "", "", "", "", "")
    return table
