"""`ectui report`: select rows, render them in the chosen format, write them out; and `ectui`
alone, the dashboard (or the report, off a terminal)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from datetime import datetime, time, timezone
from typing import TextIO

from ectui.cli.common import EXIT_ALERT, EXIT_OK, EXIT_USAGE, Failure, err, load, write_output
from ectui.cli.parser import EXTENSIONS
from ectui.collector import collector_paused
from ectui.db import RevisionStore as Store
from ectui.errors import NotFound
from ectui.method.progress import STATUSES
from ectui.method.rows import (
    Selection,
    build_monitoring,
    build_rows,
    latest_keys,
    plans_shown,
    with_latest_revisions,
)
from ectui.model import Catalog
from ectui.output.machine import ReportContext, csv_report, json_chunks
from ectui.targets.lookup import find_plan, find_region


def parse_recorded_by(text: str) -> str:
    """--recorded-by: '2026-03-31' (end of that day) or '2026-03-31T18:00[+08:00|Z]' -> UTC ISO string."""
    s = text.strip().replace(" ", "T")
    try:
        if len(s) == 10:
            moment = datetime.combine(datetime.fromisoformat(s).date(), time.max).astimezone()
        else:
            moment = datetime.fromisoformat(s.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.astimezone()
    except ValueError:
        raise ValueError(f"--recorded-by {text!r} is not a date or date-time: write e.g. 2026-03-31 "
                         "or 2026-03-31T18:00") from None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_statuses(text: str | None, option: str) -> frozenset[str] | None:
    if not text:
        return None
    wanted = {s.strip().replace("-", "_").replace(" ", "_") for s in text.split(",") if s.strip()}
    bad = sorted(wanted - set(STATUSES))
    if bad:
        raise ValueError(f"{option}: unknown status {', '.join(bad)}; use one of {', '.join(STATUSES)}")
    return frozenset(wanted)


def regions_named(catalog: Catalog, texts: list[str]) -> frozenset[str]:
    """The regions `--region` names (ids or names), with everything under them; NotFound if one
    is unknown."""
    return frozenset(r for text in texts for r in catalog.descendants(find_region(catalog, text).id))


def write_text(chunks: Iterator[str], out: TextIO) -> None:
    """Write the pieces, ending with one newline."""
    last = ""
    for last in chunks:
        out.write(last)
    if not last.endswith("\n"):
        out.write("\n")


def cmd_report(args: argparse.Namespace) -> int:
    with collector_paused():  # a national report makes millions of objects, none in a cycle
        ws, catalog = load(args, args.region)
        return _report(args, catalog, ws.open_store(catalog))


def _report(args: argparse.Namespace, catalog: Catalog, store: Store) -> int:
    try:
        plans = frozenset(find_plan(catalog, p).id for p in args.plan) if args.plan else None
        regions = regions_named(catalog, args.region) if args.region else None
        statuses = parse_statuses(args.status, "--status")
        fail_on = parse_statuses(args.fail_on, "--fail-on")
        vintage = None
        if args.vintage:  # a publication date, read as a figure's is
            from ectui.recording.entry import parse_published
            vintage = parse_published(args.vintage)
        recorded_by = parse_recorded_by(args.recorded_by) if args.recorded_by else None
    except (NotFound, ValueError) as exc:  # InputError (a bad --vintage date) is a ValueError
        raise Failure(str(exc), EXIT_USAGE) from None
    columns = None
    if args.columns:
        from ectui.output.cells import COLUMNS
        columns = tuple(c.strip() for c in args.columns.split(",") if c.strip())
        bad = [c for c in columns if c not in COLUMNS]
        if bad or not columns:
            raise Failure(f"--columns: unknown column {', '.join(bad) or '(none given)'}; use some of "
                          f"{','.join(COLUMNS)}", EXIT_USAGE)
    if args.width is not None and args.width < 40:
        raise Failure(f"--width {args.width} is too narrow: use at least 40 columns", EXIT_USAGE)
    fmt = args.format
    if args.output and not fmt:
        fmt = EXTENSIONS.get(os.path.splitext(args.output)[1].lower())
        if fmt is None:
            raise Failure(f"-o {args.output}: cannot tell the format from the extension; add --format "
                          f"or use one of {', '.join(EXTENSIONS)}", EXIT_USAGE)
    fmt = fmt or "table"
    if args.excel and fmt != "csv":
        raise Failure("--excel goes with --format csv (a CSV for Excel); for a workbook use --format xlsx -o FILE",
                      EXIT_USAGE)
    if fmt == "xlsx" and not args.output and sys.stdout.isatty():
        raise Failure("--format xlsx writes a binary workbook: give -o FILE.xlsx (or redirect the output)", EXIT_USAGE)

    current = store.current(vintage=vintage, regions=regions, recorded_by=recorded_by)
    if vintage and args.as_of is None:  # what was known then, judged then
        args.as_of = int(vintage[:4])
    parts = store.parts(vintage=vintage, regions=regions, recorded_by=recorded_by)
    rows = build_rows(catalog, current, args.as_of, Selection(plans, regions, statuses), parts=parts)
    if fmt in ("table", "markdown", "html", "xlsx") or args.excel:  # formats for people: who published each figure
        rows = with_latest_revisions(rows, store.counting_revisions(latest_keys(rows), vintage, recorded_by))
    monitoring = [] if (plans or statuses) else build_monitoring(catalog, current, args.as_of, regions)
    selection = Selection(plans, regions, statuses)
    ctx = ReportContext(catalog, rows, monitoring, args.as_of, args.vintage, args.lang,
                        plans_shown(catalog, rows, selection), columns)

    if fmt in ("table", "markdown"):  # Rich only for the formats drawn with it
        from ectui.output.console import make_console
        from ectui.output.report import markdown_report, table_report
    if fmt == "html":
        from ectui.output.briefing import html_report
    if fmt == "table":
        if args.output:
            def to_file(fh: TextIO) -> None:
                make_console("never", args.width or 100, fh).print(table_report(ctx))
            write_output(args.output, to_file)
        else:
            console = make_console(args.color, args.width)
            ascii_only = not (console.encoding or "").lower().replace("-", "").startswith("utf")
            write_output(None, lambda out: console.print(table_report(ctx, ascii_only)))
    elif fmt == "xlsx":
        from ectui.output.workbook import write_xlsx
        write_output(args.output, lambda out: write_xlsx(ctx, out), binary=True)
    else:
        if fmt == "json":
            chunks = json_chunks(ctx)  # written as encoded: a national report is large
        else:
            if fmt == "csv" and args.excel:
                from ectui.output.workbook import excel_csv
                text = excel_csv(ctx)
            else:
                text = (csv_report(ctx) if fmt == "csv" else markdown_report(ctx) if fmt == "markdown"
                        else html_report(ctx))
            chunks = iter([text])
        write_output(args.output, lambda out: write_text(chunks, out))
    if args.output:
        print(f"wrote {fmt} report ({len(rows)} targets) to {args.output}", file=sys.stderr)
    if fail_on and any(r.status in fail_on for r in rows):
        hits = sum(r.status in fail_on for r in rows)
        err(f"{hits} target(s) with status {', '.join(sorted(fail_on))}")
        return EXIT_ALERT
    return EXIT_OK
