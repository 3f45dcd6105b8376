"""Options of `ectui report` (shared by the dashboard's fallback when not on a terminal)."""

from __future__ import annotations

import argparse

FORMATS = ("table", "markdown", "json", "csv", "html")
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".csv": "csv",
              ".html": "html", ".htm": "html", ".txt": "table"}


def add_report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", "-p", action="append", metavar="PLAN",
                   help="only this plan (id or title); repeat for several")
    p.add_argument("--region", "-r", action="append", metavar="REGION",
                   help="only this region and the regions under it; repeat for several")
    p.add_argument("--status", metavar="STATUS[,STATUS]",
                   help="only rows with these statuses (met, on_track, moderate, insufficient, "
                        "moving_away, missed, insufficient_data, no_data)")
    p.add_argument("--as-of", type=int, metavar="YEAR",
                   help="evaluate as if only figures up to YEAR existed")
    p.add_argument("--vintage", metavar="DATETIME",
                   help="use only revisions recorded by then (e.g. 2026-03-31 or 2026-03-31T18:00; "
                        "local time unless an offset or Z is given)")
    p.add_argument("--format", "-f", choices=FORMATS, default=None,
                   help="output format (default: table, or from the -o file extension)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of names and headers")
    p.add_argument("--width", type=int, metavar="N", help="table width in columns (default: terminal, or 80)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour (auto: only on a terminal and when NO_COLOR is unset)")
    p.add_argument("--fail-on", metavar="STATUS[,STATUS]",
                   help="exit with code 3 when any row has one of these statuses (for cron alerts)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE; the format follows its extension")


def default_report_args(args: argparse.Namespace) -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    add_report_arguments(parser)
    report_args = parser.parse_args([])
    for key in ("workspace", "targets", "db"):
        setattr(report_args, key, getattr(args, key, None))
    return report_args
