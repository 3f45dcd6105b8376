"""`ectui extract`: candidate targets and figures in a plan's text, printed for a person to review."""

from __future__ import annotations

import argparse
import re
import sys

from ectui.cli.common import EXIT_OK, EXIT_USAGE, Failure, read_input, workspace
from ectui.errors import WorkspaceError
from ectui.extract.output import to_json, to_toml
from ectui.extract.rules import extract
from ectui.model import Catalog, TargetsError


def _period(text: str) -> tuple[int, int]:
    """--period 2016-2020 (also 2016—2020年, 2016至2020), or one year for a year's work plan (2011)."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—~至到]\s*(\d{4})\s*)?年?\s*", text)
    first, last = (int(m.group(1)), int(m.group(2) or m.group(1))) if m else (0, -1)
    if first > last:
        raise Failure(f"--period {text!r}: write the plan's first and last years, e.g. --period 2016-2020 "
                      "(or one year, --period 2011)", EXIT_USAGE)
    return first, last


def cmd_extract(args: argparse.Namespace) -> int:
    name, raw = read_input(args.file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Failure(f"{name}: not UTF-8 text; convert it first (e.g. iconv -f GBK -t UTF-8)", EXIT_USAGE) from None
    catalog: Catalog | None
    try:  # map phrases to the workspace's indicators when there is one
        catalog = workspace(args).load()
    except (WorkspaceError, TargetsError):
        catalog = None
    candidates = extract(text, catalog, period=_period(args.period) if args.period else None)
    output = to_json(candidates) if args.format == "json" else to_toml(candidates, catalog, args.plan_id, args.region,
                                                                       name)
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return EXIT_OK
