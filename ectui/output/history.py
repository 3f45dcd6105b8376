"""The revisions of one (region, indicator): one table, printed by `ectui history` and shown by
the dashboard's detail screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ectui.model import Indicator, Region, Revision
from ectui.output.cells import value_text
from ectui.periods import period_label
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
    part = period_label(r.period, lang)
    return (f"{r.year} {part}" if part else str(r.year), value, literal(r.entered), literal(r.source), literal(r.note), literal(r.author),
            r.recorded_at[:19].replace("T", " "))


COUNTS = {"zh": ("计入", "✔", "✔ 计入：每年计入发布最晚的官方数据；无官方数据时才计入非官方数据"),
          "en": ("Counts", "✔", "✔ counts: each year the official figure published last; a non-official one only without it")}


def history_table(region: Region, indicator: Indicator, revisions: list[Revision], lang: str = "zh",
                  counting: set[int] | None = None) -> Table:
    """The revisions; those in ``counting`` (the ids whose figure counts now) are marked ✔."""
    title = f"{literal(region.name(lang))} · {literal(indicator.name(lang))} ({literal(indicator.unit)})"
    table = Table(title=Text(title), title_justify="left", expand=False,
                  caption=COUNTS[lang][2] if counting is not None else None, caption_justify="left")
    for header in REVISION_HEADERS[lang]:
        table.add_column(header, overflow="fold")
    for r in revisions:
        cells = [*map(Text, revision_cells(r, indicator.unit, lang))]
        if counting is not None and r.id in counting:  # the year's figure that counts: ✔ by its year
            cells[0].append(" " + COUNTS[lang][1], style="bold green")
        table.add_row(*cells)
    if not revisions:
        table.add_row("–", NO_REVISIONS[lang], *[""] * (len(REVISION_HEADERS[lang]) - 2))
    return table
