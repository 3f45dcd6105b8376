"""The revisions of one (region, indicator): one table, printed by `ectui history` and shown by
the dashboard's detail screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ectui.model import Indicator, Region, Revision
from ectui.output.cells import value_text
from ectui.text import literal

REVISION_HEADERS = {
    "zh": ("年份", "值", "录入", "来源", "备注", "录入人", "时间 (UTC)"),
    "en": ("Year", "Value", "As entered", "Source", "Note", "By", "Recorded (UTC)"),
}
RETRACTED = {"zh": "已撤回", "en": "retracted"}
NO_REVISIONS = {"zh": "尚无记录", "en": "no revisions yet"}


def revision_cells(revision: Revision, unit: str, lang: str = "zh") -> tuple[str, ...]:
    """One revision as display strings, in REVISION_HEADERS' order (text from data made literal)."""
    r = revision
    value = RETRACTED[lang] if r.value is None else value_text(r.value, unit, r.qualifier, lang)
    return (str(r.year), value, literal(r.entered), literal(r.source), literal(r.note), literal(r.author),
            r.recorded_at[:19].replace("T", " "))


def history_table(region: Region, indicator: Indicator, revisions: list[Revision], lang: str = "zh") -> Table:
    title = f"{literal(region.name(lang))} · {literal(indicator.name(lang))} ({literal(indicator.unit)})"
    table = Table(title=Text(title), title_justify="left", expand=False)
    for header in REVISION_HEADERS[lang]:
        table.add_column(header, overflow="fold")
    for r in revisions:
        table.add_row(*map(Text, revision_cells(r, indicator.unit, lang)))
    if not revisions:
        table.add_row("–", NO_REVISIONS[lang], *[""] * (len(REVISION_HEADERS[lang]) - 2))
    return table
