"""`ectui` without a command: the dashboard on a terminal, else the report.

The one place the command line reaches into ``ectui.screens`` (and so Textual); the import
contracts in pyproject.toml allow this import and no other.
"""

from __future__ import annotations

import argparse
import os
import sys

from ectui.cli.common import err, load
from ectui.cli.parser import default_report_args
from ectui.cli.report import cmd_report


def cmd_dashboard(args: argparse.Namespace) -> int:
    # Under `ectui serve` (textual-serve's web driver) the browser is the terminal
    in_browser = os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")
    if not in_browser and not (sys.stdout.isatty() and sys.stdin.isatty()):
        err("not a terminal: printing the report instead (run `ectui report` for its options)")
        return cmd_report(default_report_args(args))
    ws, catalog = load(args)
    from ectui.screens.app import run_dashboard  # here, not at the top: a report never loads Textual
    return run_dashboard(catalog, ws.open_store(catalog))
