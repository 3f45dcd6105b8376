"""The report's machine formats (JSON, CSV) and the context every format renders.

Kept apart from ``ectui.output.report`` so that `ectui report --format json|csv` does not import Rich:
a script asking for one region's figures pays for what it uses.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ectui.method.rows import MonitoringRow, ProgressRow
from ectui.model import Catalog, Plan

JSON_SCHEMA = 1
JSON_KEYS = ("plan", "region", "indicator", "unit", "cmp", "baseline_year", "baseline_value",
             "baseline_source", "target_year", "target_value", "target_low", "target_high",
             "eval_year", "latest_value", "time_elapsed", "pct_expected", "pct_achieved", "schedule_gap", "gap_abs",
             "gap_rel", "cagr_actual", "cagr_required_from_base", "cagr_required_from_latest",
             "proj_cagr", "proj_linear", "pace_ratio", "status", "note",
             "aim", "aimed_value", "evaluation_year", "pace_status", "approximate")
NAME_KEYS = ("plan_name", "region_name", "indicator_name")


class ReportContext(NamedTuple):
    catalog: Catalog
    rows: list[ProgressRow]
    monitoring: list[MonitoringRow]
    as_of: int | None = None
    vintage: str | None = None
    lang: str = "zh"
    plans: list[Plan] | None = None  # the plans to show, with or without rows (None: those of the rows)
    columns: tuple[str, ...] | None = None  # the table's columns (--columns); None: all that fit

    def plans_shown(self) -> list[Plan]:
        if self.plans is not None:
            return self.plans
        seen: dict[str, Plan] = {}
        for r in self.rows:
            seen.setdefault(r.plan.id, r.plan)
        return list(seen.values())


def json_row(r: ProgressRow) -> dict:
    row: dict[str, object] = dict(zip(JSON_KEYS, (r.plan.id, r.region.id, r.indicator.id, r.indicator.unit,
                                                  *r.progress)))
    row["plan_name"] = r.plan.title
    row["region_name"] = r.region.name_zh
    row["indicator_name"] = r.indicator.name_zh
    part = r.provisional
    row["provisional"] = None if part is None else {"year": part.year, "period": part.period, "value": part.value,
                                                    "qualifier": part.qualifier}
    return row


JSON_BATCH = 512  # rows encoded and written together


def json_chunks(ctx: ReportContext) -> Iterator[str]:
    """One object, one row per line, in pieces: a national report is written as it is encoded
    instead of being held whole in memory."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    head = encode({"schema": JSON_SCHEMA, "as_of": ctx.as_of, "vintage": ctx.vintage})
    yield f"{head[:-1]}, \"rows\": ["
    rows = ctx.rows
    for start in range(0, len(rows), JSON_BATCH):
        lines = (encode(json_row(r)) for r in rows[start:start + JSON_BATCH])
        yield ("\n" if start == 0 else ",\n") + ",\n".join(lines)
    yield "\n]}" if rows else "]}"


def _csv_safe(value: object, literal: Callable[[object], str], formula_safe: Callable[[str], str]) -> object:
    """Text cells: control characters made visible by ``literal`` (CSV often goes to a
    terminal), and a leading = + - @ neutralised so a spreadsheet does not run it as a formula."""
    return formula_safe(literal(value)) if isinstance(value, str) else value


def csv_report(ctx: ReportContext) -> str:
    import csv  # here, as literal (and unicodedata): the JSON report needs neither

    from ectui.text import formula_safe, literal
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = list(JSON_KEYS + NAME_KEYS)
    writer.writerow(keys)
    for r in ctx.rows:
        row = json_row(r)
        writer.writerow(["" if row[k] is None else _csv_safe(row[k], literal, formula_safe) for k in keys])
    return out.getvalue()
