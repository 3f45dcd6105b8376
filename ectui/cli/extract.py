"""`ectui extract`: candidate targets and figures in a plan's text, printed for a person to review."""

from __future__ import annotations

import argparse
import sys

from ectui.cli.common import EXIT_OK, EXIT_USAGE, Failure, read_input, workspace
from ectui.errors import WorkspaceError
from ectui.extract.output import to_json, to_toml
from ectui.extract.rules import extract
from ectui.model import Catalog, TargetsError


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
    candidates = extract(text, catalog)
    output = to_json(candidates) if args.format == "json" else to_toml(candidates, catalog, args.plan_id, args.region,
                                                                       name)
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return EXIT_OK
