"""The report's machine formats (JSON, CSV) and the context every format renders.

Kept apart from ``ectui.report`` so that `ectui report --format json|csv` does not import Rich:
a script asking for one region's figures pays for what it uses.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from ectui.model import Catalog
from ectui.records import record
from ectui.rows import MonitoringRow, ProgressRow

JSON_SCHEMA = 1
JSON_KEYS = ("plan", "region", "indicator", "unit", "cmp", "baseline_year", "baseline_value",
             "baseline_source", "target_year", "target_value", "target_low", "target_high",
             "eval_year", "latest_value", "time_elapsed", "pct_achieved", "schedule_gap", "gap_abs",
             "gap_rel", "cagr_actual", "cagr_required_from_base", "cagr_required_from_latest",
             "proj_cagr", "proj_linear", "pace_ratio", "status", "note")
NAME_KEYS = ("plan_name", "region_name", "indicator_name")


@record
class ReportContext:
    catalog: Catalog
    rows: list[ProgressRow]
    monitoring: list[MonitoringRow]
    as_of: int | None = None
    vintage: str | None = None
    lang: str = "zh"


def json_row(r: ProgressRow) -> dict:
    row = dict(zip(JSON_KEYS, (r.plan.id, r.region.id, r.indicator.id, r.indicator.unit, *r.progress)))
    row["plan_name"] = r.plan.title
    row["region_name"] = r.region.name_zh
    row["indicator_name"] = r.indicator.name_zh
    return row


# A row of JSON is this template filled with encoded values. Encoding a dict made the encoder
# write the 30 keys again for each of 64,000 rows; the template writes them once.
_ROW = "{" + ", ".join(f'"{key}": %s' for key in JSON_KEYS + NAME_KEYS) + "}"
JSON_BATCH = 512  # rows encoded and written together


def json_encoder() -> Callable[[object], str]:
    """``json.JSONEncoder(ensure_ascii=False).encode``, made from the C encoder that the json
    package wraps: importing json, and the ``re`` it needs, took about 7 ms of a one-region
    report's 45. Where the C encoder is missing (not CPython), the json package's own."""
    try:
        from _json import encode_basestring, make_encoder
    except ImportError:
        import json
        return json.JSONEncoder(ensure_ascii=False).encode

    def unknown(value):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    # JSONEncoder's own arguments for it, without the circular-reference check (rows are flat):
    # no indent, ": " and ", ", keys unsorted and not skipped, NaN and Infinity allowed.
    iterencode = make_encoder(None, unknown, encode_basestring, None, ": ", ", ", False, False, True)

    def encode(value) -> str:
        return encode_basestring(value) if type(value) is str else "".join(iterencode(value, 0))
    return encode


class _Encoded(dict):
    """Encoded JSON text of repeated values (ids, names, statuses), each encoded once."""

    def __init__(self, encode):
        super().__init__()
        self.encode = encode

    def __missing__(self, value):
        text = self[value] = self.encode(value)
        return text


def json_chunks(ctx: ReportContext) -> Iterator[str]:
    """One object, one row per line, in pieces: a national report is written as it is encoded
    instead of being held whole in memory. Text is exactly what ``json.dumps(json_row(row),
    ensure_ascii=False)`` gives for each row."""
    encode = json_encoder()  # one encoder: json.dumps makes one per call
    known = _Encoded(encode)
    head = encode({"schema": JSON_SCHEMA, "as_of": ctx.as_of, "vintage": ctx.vintage})
    yield f"{head[:-1]}, \"rows\": ["
    separator = "\n"
    rows = ctx.rows
    for start in range(0, len(rows), JSON_BATCH):
        batch = rows[start:start + JSON_BATCH]
        # Progress fields 0, 3, 21 and 22 are strings (cmp, baseline_source, status, note); the
        # numbers of a batch of rows go through one call of the C encoder: "[[1, null], [2.5, 3]]".
        # Numbers never contain brackets or ", ", so the text splits back into rows and values.
        numbers = encode([(p[1], p[2], *p[4:21]) for p in (r.progress for r in batch)])[2:-2].split("], [")
        parts = []
        for r, row_numbers in zip(batch, numbers):
            p = r.progress
            n = row_numbers.split(", ")
            note = known[p[22]] if not p[22] else encode(p[22])  # notes are mostly empty, else unique
            plan, region, indicator = r.plan, r.region, r.indicator
            parts.append(separator + _ROW % (
                known[plan.id], known[region.id], known[indicator.id], known[indicator.unit], known[p[0]],
                n[0], n[1], known[p[3]], *n[2:], known[p[21]], note,
                known[plan.title], known[region.name_zh], known[indicator.name_zh]))
            separator = ",\n"
        yield "".join(parts)  # a few hundred rows per write: each write call costs microseconds
    yield "\n]}" if rows else "]}"


def _csv_safe(value: object, literal: Callable[[object], str]) -> object:
    """Text cells: control characters made visible by ``literal`` (CSV often goes to a
    terminal), and a leading = + - @ neutralised so a spreadsheet does not run it as a formula."""
    if not isinstance(value, str):
        return value
    value = literal(value)
    if value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_report(ctx: ReportContext) -> str:
    import csv  # here, as literal (and unicodedata): the JSON report needs neither
    from ectui.text import literal
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = list(JSON_KEYS + NAME_KEYS)
    writer.writerow(keys)
    for r in ctx.rows:
        row = json_row(r)
        writer.writerow(["" if row[k] is None else _csv_safe(row[k], literal) for k in keys])
    return out.getvalue()
